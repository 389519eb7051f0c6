// Property-based fuzzing of the stats parsers: no crash but the documented error on any text, exact
// round trip of HAProxy's CSV encoding, and the fast paths held to a plain char-by-char reference.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseCsv } from '../../src/stats/csv';
import { parseShowInfo } from '../../src/stats/info';
import { buildSnapshot, snapshotFrom } from '../../src/stats/model';
import { parseShowStat } from '../../src/stats/stat';
import type { Snapshot, StatFields } from '../../src/stats/types';
import { readFixture } from '../support/fixtures';
import { referenceStat as plainStat, type ReferenceStat } from '../support/reference-stat';

// Show the failed assertion's message in the report (node's reporter does not print an Error's cause).
fc.configureGlobal({ includeErrorInReport: true });

const STAT_ERROR = /^unexpected show stat output: /;

/**
 * The CSV rules as csv.ts documents them, one character at a time with no fast path: a field is quoted
 * only if it starts with `"` (`""` inside is a quote, an unterminated quote takes the rest), text after
 * the closing quote is kept, a CR right before the record's LF is dropped, one-empty-field records skipped.
 */
function referenceCsv(text: string): string[][] {
  const rows: string[][] = [];
  const n = text.length;
  let p = 0;
  while (p < n) {
    const row: string[] = [];
    for (;;) {
      let value = '';
      if (text[p] === '"') {
        p++;
        while (p < n) {
          if (text[p] === '"') {
            if (text[p + 1] !== '"') {
              p++;
              break;
            }
            p++;
          }
          value += text[p];
          p++;
        }
      }
      let raw = '';
      while (p < n && text[p] !== ',' && text[p] !== '\n') raw += text[p++];
      const atComma = p < n && text[p] === ',';
      if (!atComma && raw.endsWith('\r')) raw = raw.slice(0, -1);
      row.push(value + raw);
      p++;
      if (!atComma) break;
    }
    if (!(row.length === 1 && row[0] === '')) rows.push(row);
  }
  return rows;
}

/** A row as the reference reads it: its present fields in header order (a repeated name's first column counts). */
type Row = Map<string, string>;

/** Names that no row may answer for unless its header holds them (not from any object's prototype). */
const PROBES: readonly string[] = ['', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '0'];

/** parseShowStat's documented result, split by this file's own CSV reader; undefined = not a stat CSV. */
const referenceStat = (text: string): ReferenceStat | undefined => plainStat(text, referenceCsv);

/** Every name (and probe) read with `get` gives the reference's value; `entries` its pairs in header order. */
function assertSameRows(got: readonly StatFields[], want: readonly Row[], names: readonly string[]): void {
  assert.equal(got.length, want.length, 'row count');
  got.forEach((row, i) => {
    const expected = want[i] ?? new Map<string, string>();
    assert.deepStrictEqual(row.entries(), [...expected], `row ${i} entries`);
    for (const name of [...names, ...PROBES]) {
      if (row.get(name) !== expected.get(name)) assert.equal(row.get(name), expected.get(name), `row ${i} ${JSON.stringify(name)}`);
    }
  });
}

/** parseShowStat either throws its documented Error or returns what the reference returns. */
function checkStat(text: string): void {
  const want = referenceStat(text);
  if (want === undefined) {
    assert.throws(() => parseShowStat(text), (e: unknown) => e instanceof Error && STAT_ERROR.test(e.message));
    return;
  }
  const got = parseShowStat(text);
  assert.deepStrictEqual(got.columns, want.columns);
  assertSameRows(got.rows, want.rows, want.names);
}

// Characters that matter to these parsers, lone surrogates, and any code point.
const unit = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(',', '"', '""', '\r', '\n', '\r\n', ' ', ': ', '# ', '\uFEFF', '-', '0') },
  { weight: 2, arbitrary: fc.constantFrom('pxname', 'svname', 'iid', 'sid', 'type', 'status', '__proto__', 'constructor', '7') },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)) },
);
/** fast-check's default size caps strings at ~10 units: long texts need 'medium' to cross many lines. */
const nasty = (maxLength = 10, size: fc.SizeForArbitrary = 'small'): fc.Arbitrary<string> => fc.string({ unit, maxLength, size });
const anyText = fc.oneof(nasty(10), nasty(150, 'medium'));
/** Text that often gets past the header check, so the row paths are reached. */
const statLike = fc
  .tuple(
    fc.constantFrom('', '\uFEFF', '\n\r\n'),
    fc.constantFrom('# pxname,svname', '# pxname,svname,', '# "pxname",svname,iid,sid,type,status,', '#pxname,svname', '# svname,pxname'),
    nasty(20, 'medium'),
    fc.constantFrom('\n', '\r\n', ''),
    nasty(150, 'medium'),
  )
  .map((parts) => parts.join(''));

const STAT_FIXTURES = ['1.8', '2.0', '2.4', '2.6', '2.6-filter-iid4', '2.6-filter-iid6', '2.8', '3.0', '3.3'].map((v) => readFixture(`stat-${v}.csv`));
const INFO_FIXTURES = ['1.8', '2.0', '2.4', '2.6', '2.8', '3.0', '3.3'].map((v) => readFixture(`info-${v}.txt`));

/** A fixture with a few characters inserted, deleted or replaced at arbitrary positions. */
function mutated(fixtures: readonly string[]): fc.Arbitrary<string> {
  const edit = fc.record({ at: fc.nat(), drop: fc.nat({ max: 3 }), add: nasty(3) });
  return fc.tuple(fc.constantFrom(...fixtures), fc.array(edit, { minLength: 1, maxLength: 6 })).map(([text, edits]) =>
    edits.reduce((t, { at, drop, add }) => {
      const i = at % (t.length + 1);
      return t.slice(0, i) + add + t.slice(i + drop);
    }, text),
  );
}

/** HAProxy's csv_enc: quoted only when holding `,` `"` CR or LF, inner quotes doubled. */
const csvField = (v: string): string => (/[,"\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const csvLine = (fields: readonly string[], eol: string): string => `${fields.map(csvField).join(',')},${eol}`;

describe('parseCsv', () => {
  test('matches the char-by-char reference on arbitrary text', () => {
    fc.assert(
      fc.property(anyText, (text) => assert.deepStrictEqual(parseCsv(text), referenceCsv(text))),
      { numRuns: 3000 },
    );
  });

  test('without quotes it is split on LF (CR before LF dropped, empty lines skipped), then on commas', () => {
    const noQuote = fc.string({ unit: fc.constantFrom('a', 'é', '😀', ',', '\r', '\n', ' '), maxLength: 100, size: 'medium' });
    fc.assert(
      fc.property(noQuote, (text) => {
        const want = text.split('\n').map((l) => l.replace(/\r$/, '')).filter((l) => l !== '').map((l) => l.split(','));
        assert.deepStrictEqual(parseCsv(text), want);
      }),
      { numRuns: 2000 },
    );
  });

  test('round trip: HAProxy-encoded records give back exactly their values, plus the empty field after the trailing comma', () => {
    const table = fc.array(fc.array(nasty(8), { minLength: 1, maxLength: 8 }), { maxLength: 12 });
    fc.assert(
      fc.property(table, fc.constantFrom('\n', '\r\n'), (records, eol) => {
        const text = records.map((r) => csvLine(r, eol)).join('') + eol;
        assert.deepStrictEqual(parseCsv(text), records.map((r) => [...r, '']));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('parseShowStat', () => {
  test('arbitrary text: the documented Error, or exactly the reference result', () => {
    fc.assert(fc.property(fc.oneof(anyText, statLike), checkStat), { numRuns: 3000 });
  });

  test('mutated recorded replies: the documented Error, or exactly the reference result', () => {
    fc.assert(fc.property(mutated(STAT_FIXTURES), checkStat), { numRuns: 1000 });
  });

  /** Encodes a table as HAProxy does and checks it comes back by header name, empty fields absent. */
  const roundTrip = (names: readonly string[], rows: readonly (readonly string[])[], eol: string, lead: string): void => {
    const columns = ['pxname', 'svname', ...names];
    const text = `${lead}# ${csvLine(columns, eol)}` + rows.map((r) => csvLine(r, eol)).join('') + eol;
    const got = parseShowStat(text);
    assert.deepStrictEqual(got.columns, columns);
    const want = rows.map((r) => {
      const row: Row = new Map();
      columns.forEach((c, i) => {
        const v = r[i];
        if (v !== undefined && v !== '') row.set(c, v);
      });
      return row;
    });
    assertSameRows(got.rows, want, columns);
  };
  const eol = fc.constantFrom('\n', '\r\n');

  test('round trip: a generated table comes back by header name, empty fields absent', () => {
    // Names may hold anything but LF (the header is one line); repeated ones are generated apart.
    const name = fc.string({ unit, minLength: 1, maxLength: 6 }).filter((s) => !s.includes('\n') && s !== 'pxname' && s !== 'svname');
    const names = fc.uniqueArray(name, { maxLength: 10 });
    const rows = fc.array(fc.array(nasty(6), { maxLength: 14 }), { maxLength: 10 });
    const lead = fc.constantFrom('', '\uFEFF', '\n', '\r\n\n');
    fc.assert(fc.property(names, rows, eol, lead, roundTrip), { numRuns: 2000 });
  });

  test('round trip under one header of odd names, with few distinct values', () => {
    // Few distinct values, so that a field often equals the one the row before held and often does not.
    const names = ['iid', 'sid', 'type', 'status', '__proto__', 'constructor', '0', 'x,y', 'q"', 'weight', 'addr'];
    const value = fc.constantFrom('', '', '', '0', '1', 'UP', 'a,b', '"', 'x\ny');
    const rows = fc.array(fc.array(value, { maxLength: names.length + 3 }), { maxLength: 12 });
    fc.assert(fc.property(rows, eol, (r, e) => roundTrip(names, r, e, '')), { numRuns: 3000 });
  });
});

describe('parseShowInfo', () => {
  /** Every key is a non-empty line prefix before the first ": ", every value the rest of its line. */
  const checkInfo = (text: string): void => {
    const info = parseShowInfo(text);
    const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
    for (const [key, value] of info) {
      assert.ok(key !== '' && !key.includes(': ') && !key.includes('\n') && !value.includes('\n'));
      const first = lines.find((l) => l.startsWith(`${key}: `));
      assert.equal(value, first?.slice(key.length + 2), `value of ${JSON.stringify(key)}`);
    }
    assert.equal(info.size, new Set(lines.filter((l) => l.indexOf(': ') > 0).map((l) => l.slice(0, l.indexOf(': ')))).size);
  };

  test('arbitrary and mutated text: never throws, every entry is a first "name: value" line', () => {
    fc.assert(fc.property(fc.oneof(anyText, mutated(INFO_FIXTURES)), checkInfo), { numRuns: 2000 });
  });

  test('round trip: generated "Name: value" lines in order, first value of a repeated name kept', () => {
    const name = fc.string({ unit, minLength: 1, maxLength: 8 }).filter((s) => !/[:\n]/.test(s));
    const value = fc.string({ unit, maxLength: 12 }).filter((s) => !s.includes('\n') && !s.endsWith('\r'));
    fc.assert(
      fc.property(fc.array(fc.tuple(name, value), { maxLength: 20 }), fc.constantFrom('\n', '\r\n'), (pairs, eol) => {
        const want = new Map<string, string>();
        for (const [k, v] of pairs) if (!want.has(k)) want.set(k, v);
        const got = parseShowInfo(pairs.map(([k, v]) => `${k}: ${v}${eol}`).join('') + eol);
        assert.deepStrictEqual([...got], [...want]);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('buildSnapshot', () => {
  test('the documented Error, or a snapshot holding every identifiable row under unique ids, grouped consistently', () => {
    // Also small tables of few names, so that repeated rows and names with `/` `\` `#` meet often.
    const proxy = fc.constantFrom('p', 'a/b', '');
    const name = fc.constantFrom('s', 's#2', 'b/c', 'a\\', 'FRONTEND', 'BACKEND');
    const row = fc.tuple(proxy, name, fc.constantFrom('2', '2', '0', '1', '3', ''), fc.constantFrom('1', '1', '2', ''));
    const table = fc.array(row, { minLength: 3, maxLength: 12 }).map((rows) => `# pxname,svname,type,iid,\n${rows.map((r) => `${r.join(',')},\n`).join('')}`);
    const stat = fc.oneof(statLike, mutated(STAT_FIXTURES), { weight: 2, arbitrary: table });
    fc.assert(
      fc.property(stat, fc.oneof(anyText, mutated(INFO_FIXTURES)), fc.double({ noNaN: true }), (statText, infoText, at) => {
        const want = referenceStat(statText);
        if (want === undefined) {
          assert.throws(() => buildSnapshot(statText, infoText, at), (e: unknown) => e instanceof Error && STAT_ERROR.test(e.message));
          return;
        }
        const snap = buildSnapshot(statText, infoText, at);
        assert.equal(snap.at, at);
        assert.deepStrictEqual([...snap.info], [...parseShowInfo(infoText)]);
        assert.deepStrictEqual(snap.columns, want.columns);
        // Not the id's format (the model owns it): every identifiable row is there, none is invented.
        const key = (r: Pick<StatFields, 'get'>): string => `${r.get('pxname')}\u0000${r.get('svname')}`;
        const identifiable = want.rows.filter((r) => r.get('pxname') !== undefined && r.get('svname') !== undefined);
        const keys = new Set(identifiable.map(key));
        assert.deepStrictEqual(new Set(snap.services.map((s) => key(s.fields))), keys);
        assert.equal(snap.services.length, identifiable.length, 'a repeated row is numbered, never dropped');
        assert.equal(new Set(snap.services.map((s) => s.id)).size, snap.services.length, 'ids are unique');
        assert.deepStrictEqual(snap.proxies.flatMap((p) => p.services), snap.services);
        // The key fields buildSnapshot reads in place are those snapshotFrom reads through `get`.
        const seen = (x: Snapshot): unknown[] => x.services.map((s) => [s.id, s.label, s.kind, s.iid, s.sid, s.status, s.state]);
        assert.deepStrictEqual(seen(snap), seen(snapshotFrom(parseShowStat(statText), snap.info, at)));
        for (const p of snap.proxies) {
          for (const s of p.services) {
            assert.equal(snap.byId.get(s.id), s);
            assert.ok(s.proxy === p.name && s.iid === p.iid);
            assert.ok(s.fields.get('pxname') === s.proxy && s.fields.get('svname') === s.name);
          }
        }
      }),
      { numRuns: 1000 },
    );
  });
});
