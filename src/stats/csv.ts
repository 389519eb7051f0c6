// HAProxy's CSV dialect (stats.c csv_enc): a field is quoted only when it holds `,` `"` CR or LF, and an
// inner `"` is doubled. Before 3.0 a quoted field may carry a raw LF, so records cannot be split on lines
// blindly. This runs on every refresh over 10,000+ rows, so the common unquoted line is split with
// String#split and only lines that contain a quote take the field-by-field path, which slices, never
// appends character by character.

const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * Parse CSV text into records of raw field strings. Empty lines are skipped (HAProxy ends every dump
 * with one). A trailing `,` yields a final empty field: callers trim by header length.
 * A CR right before a record's LF is dropped. Malformed quoting is read leniently, never thrown on.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  const n = text.length;
  let i = 0;
  // Position of the next `"` at or after i; -1 when there is none left. Recomputed only when passed.
  let nextQuote = text.indexOf('"');
  while (i < n) {
    let nl = text.indexOf('\n', i);
    if (nl === -1) nl = n;
    if (nextQuote !== -1 && nextQuote < i) nextQuote = text.indexOf('"', i);
    if (nextQuote === -1 || nextQuote > nl) {
      const end = nl > i && text.charCodeAt(nl - 1) === CR ? nl - 1 : nl;
      if (end > i) rows.push(text.slice(i, end).split(','));
      i = nl + 1;
      continue;
    }
    i = parseQuotedRecord(text, i, rows);
  }
  return rows;
}

/**
 * Field-by-field parse of the record starting at `start`, which contains at least one quote (it may span
 * lines). Pushes it onto `rows` unless it is one empty field; returns where the next record starts.
 * Exported for parseShowStat's own fast path, which reads unquoted lines without this module.
 */
export function parseQuotedRecord(text: string, start: number, rows: string[][]): number {
  const n = text.length;
  const row: string[] = [];
  let p = start;
  for (;;) {
    let value = '';
    if (p < n && text.charCodeAt(p) === QUOTE) {
      let from = p + 1;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q === -1) {
          // Unterminated quote: take the rest rather than lose it.
          value += text.slice(from);
          p = n;
          break;
        }
        if (text.charCodeAt(q + 1) === QUOTE) {
          value += text.slice(from, q + 1);
          from = q + 2;
          continue;
        }
        value += text.slice(from, q);
        p = q + 1;
        break;
      }
    }
    // An unquoted field, or whatever malformed text follows a closing quote (kept, not dropped).
    const end = scanUnquoted(text, p);
    const atComma = end < n && text.charCodeAt(end) === COMMA;
    // A CR right before the record's end is line ending, not data (quoted CRs are kept).
    const dataEnd = !atComma && end > p && text.charCodeAt(end - 1) === CR ? end - 1 : end;
    if (dataEnd > p) value += text.slice(p, dataEnd);
    row.push(value);
    p = end + 1;
    if (!atComma) break;
  }
  if (!(row.length === 1 && row[0] === '')) rows.push(row);
  return p;
}

/** Index of the next `,` or LF at or after p (or the text's end). */
function scanUnquoted(text: string, p: number): number {
  const n = text.length;
  let j = p;
  while (j < n) {
    const c = text.charCodeAt(j);
    if (c === COMMA || c === LF) return j;
    j++;
  }
  return n;
}
