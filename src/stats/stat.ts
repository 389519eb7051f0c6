// `show stat` CSV -> rows keyed by header name. Positions moved between versions (index 100 changed
// meaning in 2.8) and 2.3+ appends a `-` column then module counters in no guaranteed order, so every
// field is looked up by the name the header gives it, and names we do not know are kept as they are.
//
// This runs on every refresh over 10,000+ rows of ~128 fields, so it does not go through parseCsv's
// string[][]: an unquoted line (nearly all of them) is scanned in place and only its non-empty fields are
// sliced; a line holding a quote takes the CSV module's field-by-field path. Each row object is a clone of
// a template made once per set of present columns (V8 keeps such clones in fast mode, compact and quick to
// build; objects grown key by key past a dozen keys become hash tables), then the values that differ from
// the template's are assigned. Measured at 10,000 rows x 128 columns: ~200 ms before, ~40 ms now.
// test/unit/stats-perf-equivalence.test.ts holds this to the straightforward implementation's output.

import { parseCsv, parseQuotedRecord } from './csv';
import type { StatFields } from './types';

export interface ParsedStat {
  /** Header names in HAProxy's order, without the `# ` prefix and the phantom column after the trailing `,`. */
  readonly columns: string[];
  readonly rows: StatFields[];
}

const HEADER_PREFIX = '# ';
const MAX_QUOTED = 80;
const COMMA = 44;
const CR = 13;
/** Sets of present columns given a template, per header and process; past this rows are built key by key. */
const MAX_SHAPES = 512;

/**
 * Parse a `show stat` reply. Throws an Error naming the first line when the text is not a stat CSV
 * (an error message, a help text, garbage), so a caller never renders junk as rows.
 */
export function parseShowStat(text: string): ParsedStat {
  // A BOM or leading blank lines are not HAProxy's, but cost nothing to tolerate.
  let start = 0;
  if (text.charCodeAt(0) === 0xfeff) start = 1;
  while (start < text.length && (text[start] === '\n' || text[start] === '\r')) start++;
  let nl = text.indexOf('\n', start);
  if (nl === -1) nl = text.length;
  let headerLine = text.slice(start, nl);
  if (headerLine.endsWith('\r')) headerLine = headerLine.slice(0, -1);
  if (!headerLine.startsWith(HEADER_PREFIX)) throw unexpected(headerLine);

  const header = parseCsv(headerLine.slice(HEADER_PREFIX.length))[0] ?? [];
  // The trailing `,` of every line leaves an empty last name; drop empty names at the end only.
  let width = header.length;
  while (width > 0 && header[width - 1] === '') width--;
  if (width < 2 || header[0] !== 'pxname' || header[1] !== 'svname') throw unexpected(headerLine);

  // A repeated name (never seen, but module counters are not under our control) keeps its first column.
  const columns: string[] = [];
  const keys: (string | undefined)[] = [];
  const seen = new Set<string>();
  for (let c = 0; c < width; c++) {
    const name = header[c] ?? '';
    const fresh = name !== '' && !seen.has(name);
    keys.push(fresh ? name : undefined);
    if (fresh) {
      seen.add(name);
      columns.push(name);
    }
  }

  const builder = builderFor(keys);
  const rows: StatFields[] = [];
  // The records after the header line, as parseCsv would split them (same line, CR and quote rules).
  const n = text.length;
  let i = nl + 1;
  let nextQuote = text.indexOf('"', i);
  while (i < n) {
    let end = text.indexOf('\n', i);
    if (end === -1) end = n;
    if (nextQuote !== -1 && nextQuote < i) nextQuote = text.indexOf('"', i);
    if (nextQuote === -1 || nextQuote > end) {
      const next = end + 1;
      if (end > i && text.charCodeAt(end - 1) === CR) end--;
      if (end > i) rows.push(builder.fromLine(text, i, end));
      i = next;
      continue;
    }
    const quoted: string[][] = [];
    i = parseQuotedRecord(text, i, quoted);
    const record = quoted[0];
    if (record !== undefined) rows.push(builder.fromRecord(record));
  }
  builder.release();
  return { columns, rows };
}

/**
 * Builders, and with them their templates, live across calls: V8 drops the hidden classes of objects that
 * all died, so templates made anew on each refresh would make the optimized code above miss (and
 * deoptimize) every time. One per header; a handful covers every HAProxy a session can meet.
 * Nothing cached is a slice of a reply (V8 slices point into the whole text): names are copied.
 */
const builders = new Map<string, RowBuilder>();
const MAX_BUILDERS = 8;

function builderFor(keys: readonly (string | undefined)[]): RowBuilder {
  const id = JSON.stringify(keys);
  let builder = builders.get(id);
  if (builder === undefined) {
    const copies = (JSON.parse(id) as (string | null)[]).map((key) => key ?? undefined);
    builder = new RowBuilder(copies);
    if (builders.size >= MAX_BUILDERS) builders.delete(builders.keys().next().value as string);
    builders.set(id, builder);
  }
  return builder;
}

/** A set of present columns and the object every row with exactly those columns is cloned from. */
interface Shape {
  readonly cols: Int32Array;
  /** The columns' names, internalized (the template's own keys), in header order. */
  readonly names: readonly string[];
  /** An object with exactly these keys, holding the values of the first row of this shape. */
  readonly template: Readonly<Record<string, string>>;
  /** The template's values by position, to assign only what differs from them. */
  readonly base: readonly string[];
  /** Which clone site serves this shape (see cloneAt). */
  readonly site: number;
  next: Shape | undefined;
}

/**
 * Turns one record at a time into a row: a field that is empty means "not applicable", so its key stays
 * absent (reads as undefined, never '' or 0). Keys are in header order, as if assigned one by one.
 */
class RowBuilder {
  private readonly width: number;
  /** Present columns and their values of the record being built. */
  private readonly cols: Int32Array;
  private readonly values: string[];
  private count = 0;
  private hash = 0;
  private readonly shapes = new Map<number, Shape>();
  private shapeCount = 0;

  /** `keys[c]` is column c's name, undefined for a column that is not kept (repeated or empty name). */
  constructor(private readonly keys: readonly (string | undefined)[]) {
    this.width = keys.length;
    this.cols = new Int32Array(this.width);
    this.values = new Array<string>(this.width).fill('');
  }

  /** An unquoted record: text[start, end) without its line ending. Same fields as `split(',')`. */
  fromLine(text: string, start: number, end: number): StatFields {
    this.count = 0;
    this.hash = 0;
    const keys = this.keys;
    let p = start;
    for (let c = 0; c < this.width; c++) {
      let q = p;
      while (q < end && text.charCodeAt(q) !== COMMA) q++;
      if (q > p && keys[c] !== undefined) this.add(c, text.slice(p, q));
      if (q >= end) break;
      p = q + 1;
    }
    return this.build();
  }

  fromRecord(record: readonly string[]): StatFields {
    this.count = 0;
    this.hash = 0;
    const count = Math.min(this.width, record.length);
    for (let c = 0; c < count; c++) {
      const value = record[c];
      if (value !== undefined && value !== '' && this.keys[c] !== undefined) this.add(c, value);
    }
    return this.build();
  }

  /** Forgets the last record's values (slices of the reply, which they would keep alive). */
  release(): void {
    this.values.fill('');
  }

  private add(c: number, value: string): void {
    this.cols[this.count] = c;
    this.values[this.count] = value;
    this.count++;
    this.hash = (Math.imul(this.hash, 31) + c + 1) | 0;
  }

  private build(): StatFields {
    const shape = this.shape();
    if (shape === undefined) return this.buildSlowly();
    const row = cloneAt(shape.site, shape.template);
    // Most fields repeat across rows ('0', 'http', 'L7OK' ...): the clone already holds those.
    const { names, base } = shape;
    const values = this.values;
    for (let k = 0; k < this.count; k++) {
      const value = values[k] as string;
      if (value !== base[k]) row[names[k] as string] = value;
    }
    return row;
  }

  /** The shape of the record being built: found, made, or undefined once there are too many. */
  private shape(): Shape | undefined {
    const count = this.count;
    const cols = this.cols;
    const first = this.shapes.get(this.hash);
    for (let s = first; s !== undefined; s = s.next) {
      if (s.cols.length !== count) continue;
      let k = 0;
      while (k < count && s.cols[k] === cols[k]) k++;
      if (k === count) return s;
    }
    if (this.shapeCount >= MAX_SHAPES) return undefined;
    const names = Array.from(cols.subarray(0, count), (c) => this.keys[c] as string);
    // JSON.parse builds an object in fast mode with exactly these own data properties (`__proto__` included,
    // as data), and spreading it keeps that. Its keys are internalized: the assignments use them. Its values
    // are copies: a slice of the reply would keep the whole reply alive as long as this cache.
    const json = names.map((name, k) => `${JSON.stringify(name)}:${JSON.stringify(this.values[k])}`).join(',');
    const template = JSON.parse(`{${json}}`) as Record<string, string>;
    const internal = new Map(Object.keys(template).map((key) => [key, key]));
    const shape: Shape = {
      cols: cols.slice(0, count),
      names: names.map((name) => internal.get(name) ?? name),
      template,
      base: names.map((name) => template[name] as string),
      site: this.shapeCount % CLONE_SITES,
      next: first,
    };
    this.shapeCount++;
    this.shapes.set(this.hash, shape);
    return shape;
  }

  /** Key by key, as a plain object; `__proto__` is stored as data, never as the prototype. */
  private buildSlowly(): StatFields {
    const row: Record<string, string> = {};
    for (let k = 0; k < this.count; k++) {
      const name = this.keys[this.cols[k] as number] as string;
      const value = this.values[k] as string;
      if (name === '__proto__') Object.defineProperty(row, name, { value, enumerable: true, writable: true, configurable: true });
      else row[name] = value;
    }
    return row;
  }
}

const CLONE_SITES = 8;

/**
 * `{ ...template }` from one of several identical sites. V8 copies an object's layout in one go at a site
 * that has seen at most four layouts, and falls back to copying key by key (10x slower) past that; with a
 * site per shape (round robin) up to 32 shapes all stay on the fast copy.
 */
function cloneAt(site: number, t: Readonly<Record<string, string>>): Record<string, string> {
  switch (site) {
    case 0:
      return { ...t };
    case 1:
      return { ...t };
    case 2:
      return { ...t };
    case 3:
      return { ...t };
    case 4:
      return { ...t };
    case 5:
      return { ...t };
    case 6:
      return { ...t };
    default:
      return { ...t };
  }
}

function unexpected(firstLine: string): Error {
  const shown = firstLine.length > MAX_QUOTED ? `${firstLine.slice(0, MAX_QUOTED)}...` : firstLine;
  return new Error(`unexpected show stat output: ${JSON.stringify(shown)}`);
}
