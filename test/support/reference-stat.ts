// parseShowStat's documented result built the plain way, for the tests that hold the real parser to it: the
// CSV split into records by `csv`, then one map per row of its present fields in header order (empty fields
// absent, a repeated name's first column counts).

export interface ReferenceStat {
  readonly columns: string[];
  /** The header's names as sent: empty and repeated ones included. */
  readonly names: string[];
  readonly rows: Map<string, string>[];
}

/** Undefined when the text is not a stat CSV (no `# pxname,svname,...` first line). */
export function referenceStat(text: string, csv: (text: string) => string[][]): ReferenceStat | undefined {
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (start < text.length && (text[start] === '\n' || text[start] === '\r')) start++;
  let nl = text.indexOf('\n', start);
  if (nl === -1) nl = text.length;
  const headerLine = text.slice(start, nl).replace(/\r$/, '');
  if (!headerLine.startsWith('# ')) return undefined;
  const names = csv(headerLine.slice(2))[0] ?? [];
  let width = names.length;
  while (width > 0 && names[width - 1] === '') width--;
  if (width < 2 || names[0] !== 'pxname' || names[1] !== 'svname') return undefined;
  const columns: string[] = [];
  const keep = names.slice(0, width).map((name) => {
    const fresh = name !== '' && !columns.includes(name);
    if (fresh) columns.push(name);
    return fresh;
  });
  const rows = csv(text.slice(nl + 1)).map((record) => {
    const row = new Map<string, string>();
    for (let c = 0; c < Math.min(width, record.length); c++) {
      const value = record[c];
      const name = names[c];
      if (value !== undefined && value !== '' && name !== undefined && keep[c] === true) row.set(name, value);
    }
    return row;
  });
  return { columns, names, rows };
}
