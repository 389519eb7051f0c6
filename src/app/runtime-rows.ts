// The runtime views' rows as shown: filtered by the text typed, sorted by a column (within each section), and
// moved through by key. Pure.
import type { RuntimeColumn, RuntimeRow, RuntimeTable } from '../views';

const matches = (row: RuntimeRow, needle: string): boolean => row.cells.some((c) => c.toLowerCase().includes(needle));

/** A cell as a number for sorting: `12`, `12s`, `45%`, `1.5`; NaN for text. */
function numeric(cell: string | undefined): number {
  const m = /^-?\d+(\.\d+)?/.exec(cell ?? '');
  return m === null ? Number.NaN : Number(m[0]);
}

export function arrangeRows(table: RuntimeTable, filter: string, sort: { readonly column: number; readonly desc: boolean } | undefined): RuntimeRow[] {
  const needle = filter.trim().toLowerCase();
  // Sections (INFO) stay in place; rows are filtered and sorted within theirs.
  const groups: { section: RuntimeRow | undefined; rows: RuntimeRow[] }[] = [{ section: undefined, rows: [] }];
  for (const row of table.rows) {
    if (row.section === true) groups.push({ section: row, rows: [] });
    else if (needle === '' || matches(row, needle)) groups.at(-1)?.rows.push(row);
  }
  const column = sort === undefined ? undefined : table.columns[sort.column];
  const out: RuntimeRow[] = [];
  for (const g of groups) {
    if (g.section !== undefined && (needle === '' || g.rows.length > 0)) out.push(g.section);
    if (sort !== undefined && column !== undefined) {
      const at = sort.column;
      const sign = sort.desc ? -1 : 1;
      g.rows.sort((a, b) => {
        if (column.sort === 'number') {
          const x = numeric(a.cells[at]);
          const y = numeric(b.cells[at]);
          // Rows without a number go last whatever the order.
          if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) ? (Number.isNaN(y) ? 0 : 1) : -1;
          return sign * (x - y);
        }
        return sign * (a.cells[at] ?? '').localeCompare(b.cells[at] ?? '');
      });
    }
    out.push(...g.rows);
  }
  return out;
}

/** The key of the row an arrow, a page or HOME/END moves to from `from`, section lines skipped. */
export function stepRow(rows: readonly RuntimeRow[], from: string | undefined, action: 'up' | 'down' | 'page-up' | 'page-down' | 'home' | 'end', pageSize: number): string | undefined {
  const selectable = rows.filter((r) => r.section !== true);
  if (selectable.length === 0) return undefined;
  const at = Math.max(0, selectable.findIndex((r) => r.key === from));
  const delta: Record<typeof action, number> = { up: -1, down: 1, 'page-up': -pageSize, 'page-down': pageSize, home: -selectable.length, end: selectable.length };
  const next = Math.min(selectable.length - 1, Math.max(0, at + delta[action]));
  return selectable[next]?.key;
}

/** The first row from `from` (itself included unless `skipFrom`) whose cells contain `query`, going `direction`. */
export function findRow(rows: readonly RuntimeRow[], query: string, from: string | undefined, direction: 1 | -1, skipFrom = false): string | undefined {
  const needle = query.trim().toLowerCase();
  const selectable = rows.filter((r) => r.section !== true);
  if (needle === '' || selectable.length === 0) return undefined;
  const start = Math.max(0, selectable.findIndex((r) => r.key === from));
  for (let i = skipFrom ? 1 : 0; i <= selectable.length; i++) {
    const row = selectable[(((start + direction * i) % selectable.length) + selectable.length) % selectable.length];
    if (row !== undefined && matches(row, needle)) return row.key;
  }
  return undefined;
}

export type RowSort = { readonly column: number; readonly desc: boolean } | undefined;

/** `>` (1) or `<` (-1) from `sort`: the next column (numbers largest first), past either end HAProxy's order; and what to say. */
export function stepSort(columns: readonly RuntimeColumn[], sort: RowSort, step: 1 | -1): { sort: RowSort; said: string } {
  if (columns.length === 0) return { sort, said: 'Nothing to sort yet.' };
  const at = sort === undefined ? (step === 1 ? 0 : columns.length - 1) : sort.column + step;
  const next = at < 0 || at >= columns.length ? undefined : { column: at, desc: columns[at]?.sort === 'number' };
  return { sort: next, said: next === undefined ? 'Sorted as HAProxy lists them.' : `Sorted by ${columns[next.column]?.header ?? ''}${next.desc ? ', largest first' : ''}.` };
}
