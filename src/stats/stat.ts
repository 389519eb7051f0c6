// `show stat` CSV -> rows whose fields are read by header name (see fields.ts). Positions moved between versions
// (index 100 changed meaning in 2.8) and 2.3+ appends a `-` column then module counters in no guaranteed order,
// so every field is looked up through the header, and names we do not know are kept as they are. A line holding
// a quote (rare) is decoded once, field by field, with the CSV module's rules.

import { parseCsv, parseQuotedRecord } from './csv';
import { LineFields, NO_HEADER, RecordFields, StatHeader, type StatFields } from './fields';

export { fieldAt, recordFields, StatHeader, type StatFields } from './fields';

const HEADER_PREFIX = '# ';
const MAX_QUOTED = 80;
const CR = 13;

/** What every refresh reads of every row; the rest stays in the row until asked for. */
export interface KeyFields {
  proxy: string | undefined;
  name: string | undefined;
  type: string | undefined;
  /** iid and sid as `-?[0-9]+` reads, else undefined. */
  iid: number | undefined;
  sid: number | undefined;
  status: string | undefined;
}

const enum Key {
  None,
  Proxy,
  Name,
  Type,
  Iid,
  Sid,
  Status,
}

/** The key fields of any row, through `get` (rows not read by a StatReader). */
export function keyFields(fields: StatFields): KeyFields {
  return {
    proxy: fields.get('pxname'),
    name: fields.get('svname'),
    type: fields.get('type'),
    iid: toInt(fields.get('iid')),
    sid: toInt(fields.get('sid')),
    status: fields.get('status'),
  };
}

/** `-?[0-9]+` as a number, else undefined. */
function toInt(value: string | undefined): number | undefined {
  return value !== undefined && /^-?\d+$/.test(value) ? Number(value) : undefined;
}

/** A record still incomplete past this size is not HAProxy's (its longest rows are a few KB). */
const MAX_RECORD = 1 << 20;

/**
 * Reads a `show stat` reply a row at a time: whole (`new StatReader(text)`), or in pieces as they arrive
 * (`feed`), so that a reply of 100,000 rows is never held as one string and its parse is spread over its
 * arrival. Throws an Error naming the first line when the text is not a stat CSV (an error message, a help
 * text, garbage), so a caller never renders junk as rows.
 */
export class StatReader {
  private known: StatHeader | undefined;
  /** The key fields of the row `next` returned last (one object, refilled by every call). */
  readonly keys: KeyFields = { proxy: undefined, name: undefined, type: undefined, iid: undefined, sid: undefined, status: undefined };
  private text = '';
  private at = 0;
  private nextQuote = -1;
  /** Whether the text holds the end of the reply (else its last record may be cut). */
  private last = false;
  /** Whether anything came yet (a BOM counts only first), and anything but blank lines. */
  private fed = false;
  private started = false;
  /** Which key field each position holds, up to the last one. */
  private readonly roles: Key[] = [];

  constructor(text?: string) {
    if (text !== undefined) this.feed(text, true);
  }

  /** The header; before it has arrived, an empty one. */
  get header(): StatHeader {
    return this.known ?? NO_HEADER;
  }

  /**
   * Adds the next piece of the reply; `last` when it is the end. Rows become available to `next`; read them
   * before the next piece (what is left unread is carried into it).
   */
  feed(piece: string, last: boolean): void {
    this.text = this.at < this.text.length ? this.text.slice(this.at) + piece : piece;
    this.at = 0;
    this.last = last;
    if (!this.started) {
      // A BOM (as the reply's first character only) or leading blank lines are not HAProxy's, but cost nothing to tolerate.
      let start = !this.fed && this.text.charCodeAt(0) === 0xfeff ? 1 : 0;
      while (start < this.text.length && (this.text[start] === '\n' || this.text[start] === '\r')) start++;
      this.fed ||= this.text !== '';
      this.text = this.text.slice(start);
      this.started = this.text !== '';
    }
    this.nextQuote = this.text.indexOf('"');
    if (this.known === undefined) this.readHeader();
  }

  private readHeader(): void {
    let nl = this.text.indexOf('\n');
    if (nl === -1) {
      if (!this.last) {
        if (this.text.length > MAX_RECORD || (this.text.length >= HEADER_PREFIX.length && !this.text.startsWith(HEADER_PREFIX))) throw unexpected(this.text);
        return;
      }
      nl = this.text.length;
    }
    let headerLine = this.text.slice(0, nl);
    if (headerLine.endsWith('\r')) headerLine = headerLine.slice(0, -1);
    if (!headerLine.startsWith(HEADER_PREFIX)) throw unexpected(headerLine);
    const names = parseCsv(headerLine.slice(HEADER_PREFIX.length))[0] ?? [];
    // The trailing `,` of every line leaves an empty last name.
    while (names.length > 0 && names[names.length - 1] === '') names.pop();
    if (names.length < 2 || names[0] !== 'pxname' || names[1] !== 'svname') throw unexpected(headerLine);
    this.known = new StatHeader(names);
    const roles: [string, Key][] = [['pxname', Key.Proxy], ['svname', Key.Name], ['type', Key.Type], ['iid', Key.Iid], ['sid', Key.Sid], ['status', Key.Status]];
    for (const [name, role] of roles) {
      const position = this.known.positionOf(name);
      if (position === undefined) continue;
      while (this.roles.length <= position) this.roles.push(Key.None);
      this.roles[position] = role;
    }
    this.at = nl + 1;
  }

  /** Whether every row fed so far has been read and the reply has ended. */
  get done(): boolean {
    return this.last && this.at >= this.text.length;
  }

  /** The next complete row, or undefined (for now, or at the end). Blank lines are skipped; CR before LF is line ending. */
  next(): StatFields | undefined {
    const header = this.known;
    if (header === undefined) return undefined;
    const text = this.text;
    while (this.at < text.length) {
      const i = this.at;
      let end = text.indexOf('\n', i);
      if (end === -1) {
        if (!this.last) return this.incomplete();
        end = text.length;
      }
      if (this.nextQuote !== -1 && this.nextQuote < i) this.nextQuote = text.indexOf('"', i);
      if (this.nextQuote === -1 || this.nextQuote > end) {
        this.at = end + 1;
        if (end > i && text.charCodeAt(end - 1) === CR) end--;
        if (end === i) continue;
        const line = text.slice(i, end);
        this.readKeys(line);
        return new LineFields(header, line);
      }
      const records: string[][] = [];
      const next = parseQuotedRecord(text, i, records);
      // A quoted record may hold line breaks: it is whole only once its end has arrived.
      if (next > text.length && !this.last) return this.incomplete();
      this.at = next;
      const record = records[0];
      if (record === undefined) continue;
      const fields = new RecordFields(header, record);
      Object.assign(this.keys, keyFields(fields));
      return fields;
    }
    return undefined;
  }

  /** No whole row left for now: what is left is one record, still coming; a runaway one is refused. */
  private incomplete(): undefined {
    if (this.text.length - this.at > MAX_RECORD) throw new Error(`a show stat record grew past ${MAX_RECORD} bytes without an end`);
    return undefined;
  }

  /** The key fields of an unquoted line, in one pass; the proxy name and status repeat the last row's when equal. */
  private readKeys(line: string): void {
    const keys = this.keys;
    const last = { proxy: keys.proxy, status: keys.status };
    keys.proxy = keys.name = keys.type = keys.iid = keys.sid = keys.status = undefined;
    let start = 0;
    for (let position = 0; position < this.roles.length; position++) {
      let end = line.indexOf(',', start);
      if (end === -1) end = line.length;
      if (end > start) {
        switch (this.roles[position]) {
          case Key.Proxy:
            keys.proxy = same(line, start, end, last.proxy) ? last.proxy : line.slice(start, end);
            break;
          case Key.Name:
            keys.name = line.slice(start, end);
            break;
          case Key.Type:
            // One digit: a constant string rather than a slice per row.
            keys.type = end - start === 1 ? DIGITS[line.charCodeAt(start) - 48] ?? line.slice(start, end) : line.slice(start, end);
            break;
          case Key.Iid:
            keys.iid = intAt(line, start, end);
            break;
          case Key.Sid:
            keys.sid = intAt(line, start, end);
            break;
          case Key.Status:
            keys.status = same(line, start, end, last.status) ? last.status : line.slice(start, end);
            break;
          default:
            break;
        }
      }
      if (end === line.length) break;
      start = end + 1;
    }
  }
}

const DIGITS: readonly string[] = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

/** Whether line[start, end) is `text`. */
function same(line: string, start: number, end: number, text: string | undefined): text is string {
  return text !== undefined && text.length === end - start && line.startsWith(text, start);
}

/** line[start, end) as toInt reads it, without cutting it out. */
function intAt(line: string, start: number, end: number): number | undefined {
  const negative = line.charCodeAt(start) === 45;
  const from = negative ? start + 1 : start;
  if (from === end) return undefined;
  // Past 15 digits a running product could round otherwise than Number() does.
  if (end - from > 15) return toInt(line.slice(start, end));
  let value = 0;
  for (let i = from; i < end; i++) {
    const digit = line.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return undefined;
    value = value * 10 + digit;
  }
  return negative ? -value : value;
}

export interface ParsedStat {
  readonly columns: readonly string[];
  readonly rows: StatFields[];
}

/** A whole `show stat` reply at once. Throws like StatReader on text that is not a stat CSV. */
export function parseShowStat(text: string): ParsedStat {
  const reader = new StatReader(text);
  const rows: StatFields[] = [];
  for (let row = reader.next(); row !== undefined; row = reader.next()) rows.push(row);
  return { columns: reader.header.columns, rows };
}

function unexpected(firstLine: string): Error {
  const shown = firstLine.length > MAX_QUOTED ? `${firstLine.slice(0, MAX_QUOTED)}...` : firstLine;
  return new Error(`unexpected show stat output: ${JSON.stringify(shown)}`);
}
