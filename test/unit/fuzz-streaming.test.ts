// Property-based fuzzing of streamed replies: a `show stat` fed to StatReader / SnapshotBuilder in arbitrary
// pieces reads exactly as the whole text does, and a PromptFramer consumer that takes every settled piece
// (takeText) gets back exactly the responses the plain framer returns, whatever the socket's cuts.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { PromptFramer, ResponseTooLarge } from '../../src/runtime/framing';
import { buildSnapshot, SnapshotBuilder } from '../../src/stats/model';
import { keyFields, parseShowStat, StatReader, type ParsedStat } from '../../src/stats/stat';
import type { Snapshot, StatFields } from '../../src/stats/types';
import { readFixture } from '../support/fixtures';

// Show the failed assertion's message in the report (node's reporter does not print an Error's cause).
fc.configureGlobal({ includeErrorInReport: true });

const STAT_ERROR = /^unexpected show stat output: /;

const unit = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(',', '"', '""', '\r', '\n', '\r\n', ' ', '# ', '\uFEFF', '-', '0', '\u00e9', '\u{1F600}') },
  { weight: 2, arbitrary: fc.constantFrom('pxname', 'svname', 'iid', 'sid', 'type', 'status', '__proto__', '7', 'UP') },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
);
const nasty = (maxLength: number, size: fc.SizeForArbitrary = 'small'): fc.Arbitrary<string> => fc.string({ unit, maxLength, size });
/** What may come before the header: nothing, a BOM, blank lines, in any order (a BOM not first is not skipped). */
const lead = fc.constantFrom('', '', '\uFEFF', '\n', '\r\n\n', '\n\r\n', '\uFEFF\n', '\n\uFEFF', '\uFEFF\uFEFF', '\r');
const headerLine = fc.constantFrom('# pxname,svname,iid,sid,type,status,', '# pxname,svname', '# "pxname",svname,iid,sid,type,status,',
  '# pxname,svname,status,status,,x,y,', '#pxname,svname,', '# svname,pxname,', 'Unknown command');
/** HAProxy's csv_enc: quoted only when holding `,` `"` CR or LF, inner quotes doubled. */
const csvField = (v: string): string => (/[,"\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const value = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('', '', 'p', 's1', 'BACKEND', '0', '1', '2', '3', 'UP', 'DOWN', 'no check', '-1') },
  { weight: 2, arbitrary: fc.constantFrom('a,b', '"', 'x\ny', 'x\r\ny', 'a\r', '\n', '\u00e9\u{1F600}', '""') },
  { weight: 1, arbitrary: nasty(6) },
);
/** One record: short or long, encoded like HAProxy or raw, ending in LF, CRLF, nothing, or with blank lines after. */
const record = fc
  .tuple(fc.array(value, { maxLength: 10 }), fc.boolean(), fc.constantFrom('\n', '\n', '\r\n', '\n\n', '\r\n\r\n', ''))
  .map(([fields, encoded, eol]) => `${(encoded ? fields.map(csvField) : fields).join(',')},${eol}`);
const table = fc
  .tuple(lead, headerLine, fc.constantFrom('\n', '\r\n'), fc.array(record, { maxLength: 10 }), fc.constantFrom('', '\n', '\r\n'))
  .map(([l, h, eol, rows, end]) => `${l}${h}${eol}${rows.join('')}${end}`);
const statLike = fc.tuple(lead, headerLine, nasty(20, 'medium'), fc.constantFrom('\n', '\r\n', ''), nasty(150, 'medium')).map((p) => p.join(''));
const garbage = fc.oneof(nasty(10), nasty(150, 'medium'));
const FIXTURES = ['1.8', '2.0', '2.6', '2.6-filter-iid4', '3.0', '3.3'].map((v) => readFixture(`stat-${v}.csv`));
/** A recorded reply with a few characters inserted, deleted or replaced. */
const mutated = fc
  .tuple(fc.constantFrom(...FIXTURES), fc.array(fc.record({ at: fc.nat(), drop: fc.nat({ max: 3 }), add: nasty(3) }), { maxLength: 4 }))
  .map(([text, edits]) => edits.reduce((t, { at, drop, add }) => t.slice(0, at % (t.length + 1)) + add + t.slice((at % (t.length + 1)) + drop), text));
const statText = fc.oneof({ weight: 3, arbitrary: table }, { weight: 2, arbitrary: statLike }, garbage, mutated);

/** How a text is cut: at random offsets, into single characters, or right after every special character. */
const cutting = fc.oneof(
  { weight: 3, arbitrary: fc.array(fc.nat(), { maxLength: 30 }).map((at) => ({ kind: 'random' as const, at })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'single' as const, at: [] as number[] }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'special' as const, at: [] as number[] }) },
);
type Cutting = typeof cutting extends fc.Arbitrary<infer C> ? C : never;

/** The pieces of `text` (empty ones included when cuts repeat); never none. */
function cut(text: string, how: Cutting): string[] {
  const at =
    how.kind === 'single'
      ? Array.from({ length: Math.max(0, text.length - 1) }, (_, i) => i + 1)
      : how.kind === 'special'
        ? [...Array(text.length).keys()].filter((i) => i > 0 && /[\r\n",\uFEFF]/.test(text[i - 1] ?? ''))
        : how.at.map((c) => c % (text.length + 1)).sort((a, b) => a - b);
  return [...at, text.length].map((c, k) => text.slice(k === 0 ? 0 : at[k - 1], c));
}

/**
 * Texts that meet the one known divergence (see 'a BOM is skipped only as the first character'): a BOM after
 * the first character but before anything else. Left out of the properties so that they keep guarding the rest.
 */
const bomAfterStart = (text: string): boolean => /^[\r\n]*\uFEFF/.test(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

/** Runs `f`; its result, or the Error it threw. */
function attempt<T>(f: () => T): { ok: T } | { error: Error } {
  try {
    return { ok: f() };
  } catch (e) {
    assert.ok(e instanceof Error, `threw a non-Error: ${String(e)}`);
    return { error: e };
  }
}

/** Feeds the pieces (`last` on the final one, or on an extra empty one) and reads every row after each feed. */
function streamed(pieces: readonly string[], endEmpty: boolean): ParsedStat {
  const reader = new StatReader();
  const rows: StatFields[] = [];
  const all = endEmpty ? [...pieces, ''] : pieces;
  all.forEach((piece, k) => {
    assert.equal(reader.done, false, 'done before the last piece');
    reader.feed(piece, k === all.length - 1);
    for (let row = reader.next(); row !== undefined; row = reader.next()) {
      // The key fields read in place are those `get` gives.
      assert.deepStrictEqual({ ...reader.keys }, keyFields(row), `keys of row ${rows.length}`);
      rows.push(row);
    }
  });
  assert.equal(reader.done, true, 'done after the last piece');
  assert.equal(reader.next(), undefined);
  return { columns: reader.header.columns, rows };
}

const PROBES = ['', '__proto__', 'constructor', 'toString', 'nope', 'status', 'iid'];

function assertSameStat(got: ParsedStat, want: ParsedStat): void {
  assert.deepStrictEqual(got.columns, want.columns, 'columns');
  assert.equal(got.rows.length, want.rows.length, 'row count');
  want.rows.forEach((row, i) => {
    const other = got.rows[i] as StatFields;
    assert.deepStrictEqual(other.entries(), row.entries(), `row ${i} entries`);
    for (const name of [...want.columns, ...PROBES]) assert.equal(other.get(name), row.get(name), `row ${i} ${JSON.stringify(name)}`);
  });
}

/** Either both fail (streamed with the documented message), or both succeed. */
function sameOutcome<T>(whole: { ok: T } | { error: Error }, piecewise: { ok: T } | { error: Error }, same: (a: T, b: T) => void): void {
  if ('error' in whole) {
    assert.match(whole.error.message, STAT_ERROR, 'the whole text fails with the documented error');
    assert.ok('error' in piecewise, `the whole text fails with ${JSON.stringify(whole.error.message)}, the pieces read fine`);
    if (piecewise.error.message !== whole.error.message) assert.match(piecewise.error.message, STAT_ERROR);
    return;
  }
  assert.ok(!('error' in piecewise), `the whole text reads fine, the pieces fail with ${'error' in piecewise ? JSON.stringify(piecewise.error.message) : ''}`);
  same(piecewise.ok, whole.ok);
}

describe('StatReader fed in pieces', () => {
  test('any text cut anywhere: the same rows and columns as parseShowStat, or the documented Error', () => {
    fc.assert(
      fc.property(statText, cutting, fc.boolean(), (text, how, endEmpty) => {
        fc.pre(!bomAfterStart(text));
        sameOutcome(attempt(() => parseShowStat(text)), attempt(() => streamed(cut(text, how), endEmpty)), assertSameStat);
      }),
      { numRuns: 3000 },
    );
  });

  test('recorded replies cut into one-character pieces read as the whole reply', () => {
    for (const text of FIXTURES) assertSameStat(streamed(cut(text, { kind: 'single', at: [] }), false), parseShowStat(text));
  });

  test('the error comes as soon as the first line shows the text is not a stat', () => {
    const reader = new StatReader();
    reader.feed('U', false);
    assert.throws(() => reader.feed('nknown command', false), (e: unknown) => e instanceof Error && STAT_ERROR.test(e.message));
  });

  test('a record past 1 MiB fed in pieces fails with the documented error', () => {
    const reader = new StatReader();
    reader.feed('# pxname,svname,\np,"', false);
    assert.throws(() => {
      for (let k = 0; k < 20; k++) {
        reader.feed('y'.repeat(100_000), false);
        assert.equal(reader.next(), undefined);
      }
    }, /^Error: a show stat record grew past \d+ bytes without an end$/);
  });

  test('a BOM is skipped only as the first character, wherever the pieces are cut', () => {
    // Whole, these are not stats (the BOM is not the reply's first character); cut before the BOM they must not be either.
    for (const [first, rest] of [['\n', '\uFEFF# pxname,svname\nfe,FRONTEND,\n'], ['\uFEFF', '\uFEFF# pxname,svname\nfe,FRONTEND,\n']]) {
      assert.throws(() => parseShowStat(first + rest), (e: unknown) => e instanceof Error && STAT_ERROR.test(e.message));
      const reader = new StatReader();
      assert.throws(() => {
        reader.feed(first, false);
        reader.feed(rest, true);
      }, (e: unknown) => e instanceof Error && STAT_ERROR.test(e.message), `${JSON.stringify([first, rest])} read as a stat`);
    }
  });
});

function snapshotView(s: Snapshot): unknown {
  return {
    columns: s.columns,
    proxies: s.proxies.map((p) => [p.name, p.iid, p.services.map((x) => x.id)]),
    services: s.services.map((x) => [x.id, x.label, x.kind, x.iid, x.sid, x.status, x.state, x.fields.entries()]),
  };
}

describe('SnapshotBuilder fed in pieces', () => {
  test('rows not read yet are not one long record: a builder stepping in slices takes a 1.5 MB reply', () => {
    const rows = Array.from({ length: 12_000 }, (_, i) => `big,big${i},3,${i + 1},2,UP,${'x'.repeat(100)},\n`).join('');
    const builder = new SnapshotBuilder(undefined, new Map(), 0);
    builder.feed('# pxname,svname,iid,sid,type,status,pad,\n', false);
    const half = rows.lastIndexOf('\n', rows.length / 2) + 1;
    for (const piece of [rows.slice(0, half), rows.slice(half)]) {
      builder.feed(piece, false);
      builder.step(100);
    }
    builder.feed('', true);
    while (!builder.step(1000));
    assert.equal(builder.result(0).services.length, 12_000);
  });

  test('any text cut anywhere: the same snapshot as buildSnapshot, or the documented Error', () => {
    fc.assert(
      fc.property(statText, cutting, fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 5 }), (text, how, slices) => {
        fc.pre(!bomAfterStart(text));
        const pieces = cut(text, how);
        const piecewise = attempt(() => {
          const builder = new SnapshotBuilder(undefined, new Map(), 0);
          pieces.forEach((piece, k) => {
            builder.feed(piece, k === pieces.length - 1);
            // Sometimes a few rows at a time (the rest is read by a later step), mostly all that arrived.
            builder.step(slices[k % Math.max(1, slices.length)] ?? Infinity);
            if (k % 2 === 0) builder.step(Infinity);
          });
          while (!builder.step(Infinity)) assert.fail('not done after the last piece');
          return builder.result(0);
        });
        sameOutcome(attempt(() => buildSnapshot(text, '', 0)), piecewise, (got, want) => {
          assert.deepStrictEqual(snapshotView(got), snapshotView(want));
          for (const s of want.services) assert.equal(got.byId.get(s.id)?.status, s.status);
        });
      }),
      { numRuns: 2000 },
    );
  });
});

/** One output line (without its LF): never empty, may hold or end with "> ", may hold multi-byte characters. */
const lineUnit = fc.constantFrom('>', ' ', '> ', 'a', '\r', '\u00e9', '\u20ac', '\u{1F600}', '#', ',');
const line = fc.tuple(fc.string({ unit: lineUnit, minLength: 1, maxLength: 12 }), fc.boolean()).map(([t, p]) => (p ? `${t}> ` : t));
/** HAProxy's rule: an output is "" or non-empty lines each ending in LF. */
const output = fc.array(line, { maxLength: 6 }).map((lines) => lines.map((l) => `${l}\n`).join(''));
const session = fc.array(output, { maxLength: 10 });
const serialise = (outputs: readonly string[]): Buffer => Buffer.from(outputs.map((o) => `${o}\n> `).join(''), 'utf8');

function split(bytes: Buffer, at: readonly number[] | 'single'): Buffer[] {
  if (at === 'single') return [...bytes].map((b) => Buffer.from([b]));
  const sorted = at.map((c) => c % (bytes.length + 1)).sort((a, b) => a - b);
  return [...sorted, bytes.length].map((c, k) => bytes.subarray(k === 0 ? 0 : (sorted[k - 1] ?? 0), c));
}
const byteCuts = fc.oneof({ weight: 4, arbitrary: fc.array(fc.nat(), { maxLength: 40 }) }, fc.constant('single' as const));

/**
 * A consumer taking every settled piece after each push: each response is its pieces joined with what push
 * returns for it. Checks pendingBytes and head() against the bytes fed after every chunk.
 */
function consume(bytes: Buffer, chunks: readonly Buffer[], headMax: number, framer = new PromptFramer(), utf8 = true): string[] {
  const plain = new PromptFramer();
  const got: string[] = [];
  let parts: string[] = [];
  let fed = 0;
  let start = 0;
  for (const chunk of chunks) {
    const done = framer.push(chunk);
    fed += chunk.length;
    for (const rest of done) {
      got.push(parts.join('') + rest);
      parts = [];
    }
    const piece = framer.takeText();
    if (piece !== undefined) parts.push(piece);
    // Where the unfinished response starts: after the last prompt the plain framer has seen.
    const whole = plain.push(chunk);
    assert.equal(done.length, whole.length, `responses completed by the chunk ending at ${fed}`);
    start = fed - plain.pendingBytes;
    assert.equal(framer.pendingBytes, fed - start, `pending after ${fed} bytes`);
    const head = framer.head(headMax);
    if (fed > start) assert.ok(head.length > 0, `head empty after ${fed} bytes`);
    assert.ok(head.length <= headMax);
    assert.deepStrictEqual(head, bytes.subarray(start, start + head.length), `head after ${fed} bytes is not the response's start`);
    if (!utf8) continue;
    // Valid UTF-8: what was taken is the response's start, up to a whole character.
    const taken = Buffer.from(parts.join(''), 'utf8');
    assert.deepStrictEqual(taken, bytes.subarray(start, start + taken.length), `taken after ${fed} bytes is not the response's start`);
    assert.ok(fed - start - taken.length <= 4 + 3, `${fed - start - taken.length} bytes held back (4, and a character cut)`);
  }
  return got;
}

describe('PromptFramer consumer taking pieces', () => {
  test('arbitrary sessions cut at arbitrary bytes: each response whole, in order, as the plain framer gives it', () => {
    fc.assert(
      fc.property(session, byteCuts, fc.integer({ min: 1, max: 64 }), (outputs, at, headMax) => {
        const bytes = serialise(outputs);
        assert.deepStrictEqual(consume(bytes, split(bytes, at), headMax), new PromptFramer().push(bytes));
      }),
      { numRuns: 3000 },
    );
  });

  test('an unfinished session: the responses before it whole, then its rest completes it', () => {
    fc.assert(
      fc.property(session, output, fc.nat(), byteCuts, (outputs, partial, keep, at) => {
        const last = Buffer.from(`${partial}\n> `, 'utf8');
        const full = Buffer.concat([serialise(outputs), last]);
        // 1 to all of the last response's bytes are missing.
        const bytes = full.subarray(0, full.length - 1 - (keep % last.length));
        const framer = new PromptFramer();
        assert.deepStrictEqual(consume(bytes, split(bytes, at), 256, framer), outputs);
        // The rest arrives: the last response completes, from what is still held.
        const rest = framer.push(full.subarray(bytes.length));
        assert.equal(rest.length, 1);
        assert.equal(framer.pendingBytes, 0);
      }),
      { numRuns: 1000 },
    );
  });

  test('a response of many KB taken in pieces: head() keeps its first bytes, the text comes back whole', () => {
    const big = fc.tuple(fc.array(line, { minLength: 1, maxLength: 5 }), fc.integer({ min: 200, max: 3000 }));
    fc.assert(
      fc.property(session, big, session, fc.array(fc.nat(), { maxLength: 60 }), (before, [lines, times], after, at) => {
        const body = Array.from({ length: times }, (_, k) => `${lines[k % lines.length] ?? 'x'}\n`).join('');
        const outputs = [...before, body, ...after];
        const bytes = serialise(outputs);
        assert.deepStrictEqual(consume(bytes, split(bytes, at), 4096), outputs);
      }),
      { numRuns: 100 },
    );
  });

  test('arbitrary bytes (stray prompts, lone "> "): taking pieces never changes what comes out', () => {
    const byte = fc.constantFrom(0x0a, 0x0a, 0x3e, 0x20, 0x20, 0x61, 0xc3, 0xa9, 0xf0, 0x9f, 0x98, 0x80, 0x0d);
    const bytes = fc.array(byte, { maxLength: 200, size: 'medium' }).map((b) => Buffer.from(b));
    fc.assert(
      fc.property(bytes, byteCuts, (stream, at) => {
        assert.deepStrictEqual(consume(stream, split(stream, at), 32, new PromptFramer(), false), new PromptFramer().push(stream));
      }),
      { numRuns: 3000 },
    );
  });

  test('the size limit counts taken bytes: it fails at the same chunk as a framer that takes nothing', () => {
    fc.assert(
      fc.property(session, byteCuts, fc.integer({ min: 1, max: 80 }), (outputs, at, limit) => {
        const chunks = split(serialise(outputs), at);
        const failsAt = (take: boolean): number => {
          const framer = new PromptFramer({ maxResponseBytes: limit });
          return chunks.findIndex((chunk) => {
            const pushed = attempt(() => framer.push(chunk));
            if ('error' in pushed) assert.ok(pushed.error instanceof ResponseTooLarge, pushed.error.message);
            else if (take) framer.takeText();
            return 'error' in pushed;
          });
        };
        assert.equal(failsAt(true), failsAt(false));
      }),
      { numRuns: 2000 },
    );
  });
});
