// `show stat` CSV -> rows keyed by header name. Positions moved between versions (index 100 changed
// meaning in 2.8) and 2.3+ appends a `-` column then module counters in no guaranteed order, so every
// field is looked up by the name the header gives it, and names we do not know are kept as they are.

import { parseCsv } from './csv';
import type { StatFields } from './types';

export interface ParsedStat {
  /** Header names in HAProxy's order, without the `# ` prefix and the phantom column after the trailing `,`. */
  readonly columns: string[];
  readonly rows: StatFields[];
}

const HEADER_PREFIX = '# ';
const MAX_QUOTED = 80;

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
  const keep: boolean[] = [];
  const seen = new Set<string>();
  for (let c = 0; c < width; c++) {
    const name = header[c] ?? '';
    const fresh = name !== '' && !seen.has(name);
    keep.push(fresh);
    if (fresh) {
      seen.add(name);
      columns.push(name);
    }
  }
  // `__proto__` is not a name HAProxy uses; if it ever appears, store it as data, not as a prototype.
  const needsDefine = seen.has('__proto__');

  const records = parseCsv(text.slice(nl + 1));
  const rows: StatFields[] = [];
  for (const record of records) {
    const row: Record<string, string | undefined> = {};
    const count = Math.min(width, record.length);
    for (let c = 0; c < count; c++) {
      const value = record[c];
      // Empty means "not applicable": the key stays absent so it reads as undefined, never '' or 0.
      if (value === undefined || value === '' || !keep[c]) continue;
      const name = header[c] as string;
      if (needsDefine) {
        Object.defineProperty(row, name, { value, enumerable: true, writable: true, configurable: true });
      } else {
        row[name] = value;
      }
    }
    rows.push(row);
  }
  return { columns, rows };
}

function unexpected(firstLine: string): Error {
  const shown = firstLine.length > MAX_QUOTED ? `${firstLine.slice(0, MAX_QUOTED)}...` : firstLine;
  return new Error(`unexpected show stat output: ${JSON.stringify(shown)}`);
}
