// `show stat` through the compact model (a row keeps its line and cuts a field out when asked) must read exactly
// what a plain parser reads: parseCsv, then one record per row with empty fields absent. On every recorded reply
// and on large generated ones (quoting, CRLF, short and long rows, blank lines, odd header names): the same
// columns; for each row, every header name read with `get` gives the reference's value, and `entries` gives the
// reference's [name, value] pairs in header order. The key fields that buildSnapshot reads in place (iid and sid
// with their own integer reader, type, status, names) must agree with reading them through `get`: it gives the
// same services as snapshotFrom on the parsed rows. Checked on values, never on timing.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCsv } from '../../src/stats/csv';
import { buildSnapshot, snapshotFrom } from '../../src/stats/model';
import { parseShowStat, recordFields, StatReader } from '../../src/stats/stat';
import { parseState } from '../../src/stats/state';
import type { Snapshot, StatFields } from '../../src/stats/types';
import { readFixture } from '../support/fixtures';
import { prng } from '../support/prng';
import { referenceStat, type ReferenceStat } from '../support/reference-stat';

/** Names no header below holds as a field of its own: `get` must not find them on any object's prototype. */
const PROBES: readonly string[] = ['', 'nope', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '0'];

type Reference = ReferenceStat;

/** The reference: parseCsv, then one plain record per row, empty fields absent. */
function referenceParse(text: string): Reference {
  return referenceStat(text, parseCsv) ?? assert.fail('generated text must be a stat reply');
}

function samePairs(got: readonly [string, string][], want: ReadonlyMap<string, string>): boolean {
  if (got.length !== want.size) return false;
  let k = 0;
  for (const [name, value] of want) {
    const pair = got[k++];
    if (pair === undefined || pair[0] !== name || pair[1] !== value) return false;
  }
  return true;
}

/** parseShowStat(text) reads what the reference reads; returns the number of rows. */
function assertSame(text: string): number {
  const got = parseShowStat(text);
  const want = referenceParse(text);
  assert.deepStrictEqual(got.columns, want.columns);
  assert.equal(got.rows.length, want.rows.length, 'row count');
  const names = [...want.names, ...PROBES];
  got.rows.forEach((row, i) => {
    const expected = want.rows[i] as Map<string, string>;
    for (const name of names) {
      // assert only on a difference: a message per field of 10,000 rows would cost more than the check.
      const value = row.get(name);
      if (value !== expected.get(name)) assert.equal(value, expected.get(name), `row ${i} get(${JSON.stringify(name)})`);
    }
    const entries = row.entries();
    if (!samePairs(entries, expected)) assert.deepStrictEqual(entries, [...expected], `row ${i} entries`);
  });
  return got.rows.length;
}

/** What a service is, as the rest of the program sees it. */
function described(snapshot: Snapshot): unknown[] {
  return snapshot.services.map((s) => [s.id, s.label, s.proxy, s.name, s.kind, s.iid, s.sid, s.status, s.state]);
}

/** buildSnapshot (key fields read in place) gives what snapshotFrom gives on the parsed rows (read with `get`). */
function assertSameSnapshot(text: string): void {
  const built = buildSnapshot(text, '', 0);
  const from = snapshotFrom(parseShowStat(text), new Map(), 0);
  assert.deepStrictEqual(described(built), described(from));
  assert.deepStrictEqual(built.proxies.map((p) => [p.name, p.iid, p.services.map((s) => s.id)]), from.proxies.map((p) => [p.name, p.iid, p.services.map((s) => s.id)]));
  assert.deepStrictEqual(built.columns, from.columns);
  for (const s of built.services) {
    // The state, parsed once per status text and shared, is what parsing this row's status gives.
    assert.deepStrictEqual(s.state, parseState(s.status, s.kind), s.label);
    assert.equal(built.byId.get(s.id), s, s.label);
  }
}

const csvField = (v: string): string => (/[,"\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

interface Gen {
  /** Chance that a field is empty; with `kinds`, per column and kind of row (as HAProxy's rows go). */
  readonly empty: number;
  /** When set, rows come in this many kinds with fixed empty columns, plus one column that varies. */
  readonly kinds?: number;
  /** Chance that a non-empty field is text needing quotes (comma, quote, LF, CR). */
  readonly quoted: number;
  /** Chance that a line ends in CRLF, is short, is long, is followed by a blank line. */
  readonly crlf: number;
  readonly short: number;
  readonly long: number;
  readonly blank: number;
}

const PLAIN: readonly string[] = ['0', '1', '2', '3', '-1', '-', 'UP', 'DOWN 1/2', 'MAINT (via a/b)', 'no check', 'OPEN', 'L7OK', 'http', '10.0.0.1:80', 'caf\u00e9', '\u{1f600}', '{x}', 'a b', '1e3', ' ', '007', '-0'];
const QUOTED: readonly string[] = ['Bad, "really" bad', 'x,y', '"', 'line\nbreak', 'cr\rinside', ',', '""'];

function generate(header: readonly string[], rows: number, seed: number, g: Gen): string {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  // A kind's empty columns, and the one column that is empty in about half of its rows (like check_code).
  const kinds = Array.from({ length: g.kinds ?? 0 }, () => header.map(() => rnd() < g.empty));
  const value = (r: number, c: number): string => {
    const kind = kinds[r % kinds.length];
    if (kind !== undefined ? kind[c] === true || (c === 5 && rnd() < 0.5) : rnd() < g.empty) return '';
    if (rnd() < g.quoted) return pick(QUOTED);
    return rnd() < 0.5 ? String(Math.floor(rnd() * 10 ** Math.floor(rnd() * 12))) : pick(PLAIN);
  };
  const out = [`# ${header.map(csvField).join(',')},\n`];
  for (let r = 0; r < rows; r++) {
    let width = header.length;
    if (rnd() < g.short) width = Math.floor(rnd() * header.length);
    if (rnd() < g.long) width += 1 + Math.floor(rnd() * 3);
    // Few proxy and server names, FRONTEND and BACKEND among them: repeated rows and runs of a proxy are common.
    const cells = [`px${r % 37}`, rnd() < 0.9 ? `sv${r}` : pick(['FRONTEND', 'BACKEND', 'sv1', 's/#\\'])];
    for (let c = 2; c < width; c++) cells.push(csvField(value(r, c)));
    const eol = rnd() < g.crlf ? '\r\n' : '\n';
    out.push(`${cells.slice(0, Math.max(width, 1)).join(',')},${eol}`);
    if (rnd() < g.blank) out.push(eol);
  }
  return `${out.join('')}\n`;
}

const VERSIONS = ['1.8', '2.0', '2.4', '2.6', '2.8', '3.0', '3.3'] as const;
const HEADER_26 = (readFixture('stat-2.6.csv').split('\n')[0] ?? '').slice(2).split(',').filter((n) => n !== '');
const ODD_HEADER: readonly string[] = [
  'pxname', 'svname', '__proto__', 'constructor', '42', '7', 'toString', 'hasOwnProperty', 'x', 'x', '', 'status',
  '-', 'valueOf', 'a,b', 'quo"te', 'iid', 'sid', 'type', '', 'sid',
];
/** As 1.4 sent it: no iid, sid or type; kinds come from svname and proxies from the order of rows. */
const OLD_HEADER: readonly string[] = ['pxname', 'svname', 'qcur', 'scur', 'status', 'weight'];
const REALISTIC: Gen = { empty: 0.3, kinds: 6, quoted: 0.002, crlf: 0, short: 0, long: 0, blank: 0 };
const NASTY: Gen = { empty: 0.4, quoted: 0.05, crlf: 0.2, short: 0.05, long: 0.05, blank: 0.02 };

const GENERATED: ReadonlyArray<readonly [string, () => string, number]> = [
  ['10,000 rows with the real 2.6 header (128 columns), realistic values', () => generate(HEADER_26, 10_000, 1, REALISTIC), 10_000],
  ['5,000 rows of quoting, CRLF, short and long rows, blank lines and raw LF in quoted fields', () => generate(HEADER_26, 5_000, 2, NASTY), 4_000],
  ['odd names: __proto__, constructor, numeric, repeated, empty and quoted names', () => generate(ODD_HEADER, 5_000, 3, NASTY), 4_000],
  ['4,000 rows of 60 columns, half of them empty, in thousands of different shapes', () => generate(['pxname', 'svname', ...Array.from({ length: 58 }, (_, i) => `f${i}`)], 4_000, 4, { ...NASTY, empty: 0.5, quoted: 0.01 }), 3_000],
  ['a 1.4-era header without iid, sid or type', () => generate(OLD_HEADER, 2_000, 5, NASTY), 1_500],
];

describe('parseShowStat reads what the plain reference parser reads', () => {
  test('every recorded reply, whole and one line at a time', () => {
    for (const v of VERSIONS) {
      const text = readFixture(`stat-${v}.csv`);
      assert.ok(assertSame(text) >= 10, v);
      const [head, ...lines] = text.split('\n');
      for (const line of lines) assertSame(`${head}\n${line}\n`);
    }
  });

  for (const [what, text, atLeast] of GENERATED) {
    test(what, () => assert.ok(assertSame(text()) >= atLeast));
  }

  test('small hand-made replies: values equal or not to the row before, empty fields, short rows', () => {
    const header = '# pxname,svname,a,b,c,\n';
    assertSame(`${header}p,s1,1,2,3,\np,s2,1,2,3,\np,s3,9,2,,\np,s4,1,,3,\n`);
    assertSame(`${header}p,s1,7,7,7,\np,s2,1,2,3,\np,s3\np,s4,,,,,\n,,,\n`);
    assertSame(`${header}p,s1,"a,b",,"""",\r\np,s2,"x\ny",2,3,\r\n\r\n`);
  });
});

describe('buildSnapshot gives what snapshotFrom gives on the parsed rows', () => {
  test('every recorded reply', () => {
    for (const v of VERSIONS) assertSameSnapshot(readFixture(`stat-${v}.csv`));
  });

  for (const [what, text] of GENERATED) {
    test(what, () => assertSameSnapshot(text()));
  }
});

describe('iid and sid read as /^-?\\d+$/ reads them', () => {
  const reference = (v: string | undefined): number | undefined => (v !== undefined && /^-?\d+$/.test(v) ? Number(v) : undefined);
  const texts = [
    '0', '7', '-0', '-12', '007', '12345678901234567890', '', '-', '--1', '+1', '1e3', '1.0', ' 1', '1 ', '0x10', '\u0663', '12a',
    'a12', '-\u0031', '999999999999999', '-999999999999999', '1234567890123456', '9007199254740993', '/', ':', '-/', '1-',
    // Where multiplying by ten digit by digit would round otherwise than Number() does.
    '94745359368704013', '-94745359368704013', '57342555329471992677',
  ];
  const pairs = texts.flatMap((iid, k) => texts.map((sid, j) => ({ proxy: `p${k}`, name: `s${j}`, iid, sid })));
  // Every other row holds a quoted field, so that both the unquoted line's and the quoted record's paths are read.
  const text = ['# pxname,svname,type,iid,sid,note,', ...pairs.map((p, n) => `${p.proxy},${p.name},2,${p.iid},${p.sid},${n % 2 === 0 ? '"a,b"' : 'x'},`)].join('\n');

  function check(snap: Snapshot, how: string): void {
    assert.equal(snap.services.length, pairs.length, how);
    snap.services.forEach((service) => {
      const from = pairs.find((p) => p.proxy === service.proxy && p.name === service.name) ?? assert.fail(service.label);
      assert.ok(Object.is(service.iid, reference(from.iid)), `${how}: iid ${JSON.stringify(from.iid)} read as ${String(service.iid)}`);
      assert.ok(Object.is(service.sid, reference(from.sid)), `${how}: sid ${JSON.stringify(from.sid)} read as ${String(service.sid)}`);
    });
  }

  test('the in-place reader of StatReader', () => {
    const reader = new StatReader(`${text}\n`);
    for (const p of pairs) {
      const row: StatFields = reader.next() ?? assert.fail('a row short');
      assert.equal(row.get('svname'), p.name);
      assert.ok(Object.is(reader.keys.iid, reference(p.iid)), `iid ${JSON.stringify(p.iid)} read as ${String(reader.keys.iid)}`);
      assert.ok(Object.is(reader.keys.sid, reference(p.sid)), `sid ${JSON.stringify(p.sid)} read as ${String(reader.keys.sid)}`);
    }
    assert.equal(reader.next(), undefined);
  });

  test('buildSnapshot, and snapshotFrom on parseShowStat rows and on recordFields rows', () => {
    check(buildSnapshot(`${text}\n`, '', 0), 'buildSnapshot');
    check(snapshotFrom(parseShowStat(`${text}\n`), new Map(), 0), 'parseShowStat');
    const rows = pairs.map((p) => recordFields({ pxname: p.proxy, svname: p.name, type: '2', iid: p.iid, sid: p.sid }));
    check(snapshotFrom({ columns: ['pxname', 'svname', 'type', 'iid', 'sid'], rows }, new Map(), 0), 'recordFields');
  });
});
