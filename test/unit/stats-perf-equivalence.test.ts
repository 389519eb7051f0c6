// The fast `show stat` path (in-place line scan, template-cloned rows cached across calls, diff assignment)
// must give exactly what the straightforward implementation gives: same columns, same rows, same own keys
// in the same order, same prototype. Checked on large generated replies, never on timing.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCsv } from '../../src/stats/csv';
import { snapshotFrom } from '../../src/stats/model';
import { parseShowStat } from '../../src/stats/stat';
import type { StatFields } from '../../src/stats/types';
import { readFixture } from '../support/fixtures';
import { prng } from '../support/prng';

/** The reference: parseCsv, then one plain object per record, keys assigned one by one. */
function referenceParse(text: string): { columns: string[]; rows: StatFields[] } {
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (start < text.length && (text[start] === '\n' || text[start] === '\r')) start++;
  let nl = text.indexOf('\n', start);
  if (nl === -1) nl = text.length;
  const headerLine = text.slice(start, nl).replace(/\r$/, '');
  assert.ok(headerLine.startsWith('# '), 'generated text must be a stat reply');
  const header = parseCsv(headerLine.slice(2))[0] ?? [];
  let width = header.length;
  while (width > 0 && header[width - 1] === '') width--;
  const columns: string[] = [];
  const keep: boolean[] = [];
  for (let c = 0; c < width; c++) {
    const name = header[c] ?? '';
    const fresh = name !== '' && !columns.includes(name);
    keep.push(fresh);
    if (fresh) columns.push(name);
  }
  const rows = parseCsv(text.slice(nl + 1)).map((record) => {
    const row: Record<string, string> = {};
    for (let c = 0; c < Math.min(width, record.length); c++) {
      const value = record[c];
      if (value === undefined || value === '' || !keep[c]) continue;
      const name = header[c] as string;
      if (name === '__proto__') Object.defineProperty(row, name, { value, enumerable: true, writable: true, configurable: true });
      else row[name] = value;
    }
    return row;
  });
  return { columns, rows };
}

function assertSame(text: string): number {
  const got = parseShowStat(text);
  const want = referenceParse(text);
  assert.deepStrictEqual(got.columns, want.columns);
  assert.equal(got.rows.length, want.rows.length);
  got.rows.forEach((row, i) => {
    const expected = want.rows[i] as StatFields;
    if (!sameRow(row, expected)) {
      // Only to get a readable failure: deepStrictEqual on every row would take seconds.
      assert.deepStrictEqual(Object.getOwnPropertyNames(row), Object.getOwnPropertyNames(expected), `row ${i} keys`);
      assert.deepStrictEqual(row, expected, `row ${i}`);
      assert.fail(`row ${i}: same keys and values, but a different prototype, symbol or property attribute`);
    }
  });
  return got.rows.length;
}

/** Same own names in the same order, same values and attributes, no symbols, same prototype, extensible. */
function sameRow(a: object, b: object): boolean {
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b) || !Object.isExtensible(a)) return false;
  if (Object.getOwnPropertySymbols(a).length > 0) return false;
  const names = Object.getOwnPropertyNames(a);
  const expected = Object.getOwnPropertyNames(b);
  if (names.length !== expected.length) return false;
  for (let k = 0; k < names.length; k++) {
    const name = names[k] as string;
    if (name !== expected[k]) return false;
    const x = Object.getOwnPropertyDescriptor(a, name);
    const y = Object.getOwnPropertyDescriptor(b, name);
    if (x === undefined || y === undefined || typeof x.value !== 'string' || x.value !== y.value) return false;
    if (x.writable !== true || x.enumerable !== true || x.configurable !== true || x.get !== undefined) return false;
  }
  return true;
}


const csvField = (v: string): string => (/[,"\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

interface Gen {
  /** Chance that a field is empty; with `kinds`, per column and kind of row (as HAProxy's rows go). */
  readonly empty: number;
  /** When set, rows come in this many kinds with fixed empty columns, plus one column that varies. */
  readonly kinds?: number;
  /** Seed of the kinds' empty columns (default: the values' seed), to vary values under the same shapes. */
  readonly kindSeed?: number;
  /** Chance that a non-empty field is text needing quotes (comma, quote, LF, CR). */
  readonly quoted: number;
  /** Chance that a line ends in CRLF, is short, is long, is followed by a blank line. */
  readonly crlf: number;
  readonly short: number;
  readonly long: number;
  readonly blank: number;
}

const PLAIN: readonly string[] = ['0', '1', '-1', '-', 'UP', 'DOWN 1/2', 'MAINT (via a/b)', 'no check', 'L7OK', 'http', '10.0.0.1:80', 'caf\u00e9', '\u{1f600}', '{x}', 'a b', '1e3', ' '];
const QUOTED: readonly string[] = ['Bad, "really" bad', 'x,y', '"', 'line\nbreak', 'cr\rinside', ',', '""'];

function generate(header: readonly string[], rows: number, seed: number, g: Gen): string {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  // A kind's empty columns, and the one column that is empty in about half of its rows (like check_code).
  const krnd = prng(g.kindSeed ?? seed);
  const kinds = Array.from({ length: g.kinds ?? 0 }, () => header.map(() => krnd() < g.empty));
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
    const cells = [`px${r % 37}`, `sv${r}`];
    for (let c = 2; c < width; c++) cells.push(csvField(value(r, c)));
    const eol = rnd() < g.crlf ? '\r\n' : '\n';
    out.push(`${cells.slice(0, Math.max(width, 1)).join(',')},${eol}`);
    if (rnd() < g.blank) out.push(eol);
  }
  return `${out.join('')}\n`;
}

const HEADER_26 = (readFixture('stat-2.6.csv').split('\n')[0] ?? '').slice(2).split(',').filter((n) => n !== '');
const ODD_HEADER: readonly string[] = [
  'pxname', 'svname', '__proto__', 'constructor', '42', '7', 'toString', 'hasOwnProperty', 'x', 'x', '', 'status',
  '-', 'valueOf', 'a,b', 'quo"te', 'iid', 'sid', 'type',
];
const REALISTIC: Gen = { empty: 0.3, kinds: 6, quoted: 0.002, crlf: 0, short: 0, long: 0, blank: 0 };
const NASTY: Gen = { empty: 0.4, quoted: 0.05, crlf: 0.2, short: 0.05, long: 0.05, blank: 0.02 };

describe('parseShowStat fast path matches the reference implementation', () => {
  test('10,000 rows with the real 2.6 header (128 columns), realistic values', () => {
    assert.equal(assertSame(generate(HEADER_26, 10_000, 1, REALISTIC)), 10_000);
  });

  test('5,000 rows of quoting, CRLF, short and long rows, blank lines and raw LF in quoted fields', () => {
    assert.ok(assertSame(generate(HEADER_26, 5_000, 2, NASTY)) > 4_000);
  });

  test('odd names: __proto__, constructor, numeric keys, repeated and empty names, quoted names', () => {
    assert.ok(assertSame(generate(ODD_HEADER, 5_000, 3, NASTY)) > 4_000);
  });

  test('the same header again with other values: cached templates never leak a previous value', () => {
    // Three different replies under one header, then the first again: every row is built from templates
    // whose values came from other replies, with some fields equal to them and some not.
    for (const seed of [10, 11, 12, 10]) assertSame(generate(HEADER_26, 3_000, seed, { ...REALISTIC, empty: 0.5, kindSeed: 9 }));
    // Values that equal the template's (first row's) values, then values that differ from them.
    const header = '# pxname,svname,a,b,c,\n';
    assertSame(`${header}p,s1,1,2,3,\np,s2,1,2,3,\np,s3,9,2,,\np,s4,1,,3,\n`);
    assertSame(`${header}p,s1,7,7,7,\np,s2,1,2,3,\n`);
  });

  test('thousands of different sets of present columns (past the template cache) stay exact', () => {
    const wide = Array.from({ length: 60 }, (_, i) => (i === 0 ? 'pxname' : i === 1 ? 'svname' : `f${i}`));
    assertSame(generate(wide, 4_000, 4, { ...NASTY, empty: 0.5, quoted: 0.01 }));
  });

  test('more headers than the builder cache holds, then the first ones again', () => {
    const headers = Array.from({ length: 12 }, (_, h) => ['pxname', 'svname', ...Array.from({ length: 5 + h }, (_, i) => `m${h}_${i}`)]);
    for (const round of [0, 1]) {
      headers.forEach((header, h) => assertSame(generate(header, 300, 100 * round + h, NASTY)));
    }
  });

  test('every recorded fixture, whole and one line at a time', () => {
    for (const name of ['1.8', '2.0', '2.4', '2.6', '2.8', '3.0', '3.3']) {
      const text = readFixture(`stat-${name}.csv`);
      assertSame(text);
      const [head, ...lines] = text.split('\n');
      for (const line of lines) assertSame(`${head}\n${line}\n`);
    }
  });
});

describe('snapshotFrom reads iid and sid as /^-?\\d+$/ did', () => {
  test('tricky integer texts', () => {
    const reference = (v: string | undefined): number | undefined => (v !== undefined && /^-?\d+$/.test(v) ? Number(v) : undefined);
    const texts = ['0', '7', '-0', '-12', '007', '12345678901234567890', '', '-', '--1', '+1', '1e3', '1.0', ' 1', '1 ', '0x10', '\u0663', '12a', 'a12', '-\u0031'];
    const rows: StatFields[] = [];
    texts.forEach((iid, k) => {
      texts.forEach((sid, j) => {
        const row: Record<string, string> = { pxname: `p${k}`, svname: `s${j}`, type: '2' };
        if (iid !== '') row['iid'] = iid;
        if (sid !== '') row['sid'] = sid;
        rows.push(row);
      });
    });
    const snap = snapshotFrom({ columns: ['pxname', 'svname', 'iid', 'sid', 'type'], rows }, new Map(), 0);
    assert.equal(snap.services.length, rows.length);
    for (const service of snap.services) {
      assert.ok(Object.is(service.iid, reference(service.fields['iid'])), `iid of ${service.id}: ${String(service.iid)}`);
      assert.ok(Object.is(service.sid, reference(service.fields['sid'])), `sid of ${service.id}: ${String(service.sid)}`);
    }
  });
});
