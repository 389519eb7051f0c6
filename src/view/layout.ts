// Fits a column set into a terminal width and writes aligned cells. Pure.
// Unlike hatop (fixed widths for 78 columns, fault 10), widths follow the terminal: nothing is cut
// while there is room, and what must give gives in a fixed order: counters first, NAME last.

import type { Service } from '../stats/types';
import { columnsFor, type ColumnDef, type ModeId } from './columns';
import { sanitize, truncate } from './format';
import { sortMark, type SortOrder } from './sort';

/** Which columns give up width first: counters, then text (STATUS, CHECK), then the growing NAME. */
function shrinkPhase(col: ColumnDef): number {
  if (col.grow === true) return 2;
  return col.align === 'right' ? 0 : 1;
}

/** Spare width: the grow column up to its want, then the others up to theirs, then whatever is left to it. */
function shareSpare(
  cols: readonly ColumnDef[],
  widths: number[],
  kept: number,
  grow: number,
  spare: number,
  wants: Readonly<Record<string, number>> | undefined,
): void {
  let left = spare;
  const give = (i: number, want: number | undefined): void => {
    const extra = Math.min(left, Math.max(0, (want ?? 0) - (widths[i] ?? 0)));
    widths[i] = (widths[i] ?? 0) + extra;
    left -= extra;
  };
  if (wants !== undefined) {
    give(grow, wants[cols[grow]?.id ?? '']);
    for (let i = 0; i < kept; i++) if (i !== grow) give(i, wants[cols[i]?.id ?? '']);
  }
  widths[grow] = (widths[grow] ?? 0) + left;
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/**
 * Width of each column for `total` terminal columns with `gap` spaces between visible columns.
 * - every column gets its `ideal` if that fits; the spare goes to the `grow` column;
 * - else columns shrink toward `min`, counters first, NAME last;
 * - if even the minimums do not fit, trailing columns are dropped (width 0) rather than overflow.
 * When a `grow` column is visible, widths plus gaps add up to `total` exactly.
 * `wants` (column id -> the width its longest value needs) shares the spare width by need: the growing NAME
 * first up to its longest name, then the others (a long `MAINT (via px/srv)`), then the rest to NAME.
 */
export function layoutWidths(cols: readonly ColumnDef[], total: number, gap = 1, wants?: Readonly<Record<string, number>>): number[] {
  const widths = cols.map(() => 0);
  if (cols.length === 0 || total <= 0) return widths;
  const mins = cols.map((c) => Math.max(0, c.min));
  let kept = cols.length;
  while (kept > 1 && sum(mins.slice(0, kept)) + gap * (kept - 1) > total) kept--;
  const avail = total - gap * (kept - 1);
  if (kept === 1 && (mins[0] ?? 0) >= avail) {
    // Not even the first column's minimum: it takes what there is.
    widths[0] = Math.max(0, avail);
    return widths;
  }
  for (let i = 0; i < kept; i++) {
    const col = cols[i];
    if (col !== undefined) widths[i] = Math.max(col.ideal, mins[i] ?? 0);
  }
  let excess = sum(widths) - avail;
  if (excess < 0) {
    const grow = cols.findIndex((c, i) => i < kept && c.grow === true);
    if (grow >= 0) shareSpare(cols, widths, kept, grow, -excess, wants);
    return widths;
  }
  for (let phase = 0; phase <= 2 && excess > 0; phase++) {
    const members: number[] = [];
    for (let i = 0; i < kept; i++) {
      const col = cols[i];
      if (col !== undefined && shrinkPhase(col) === phase) members.push(i);
    }
    // One character at a time, round robin from the right, so the cuts spread evenly.
    let progress = true;
    while (excess > 0 && progress) {
      progress = false;
      for (let k = members.length - 1; k >= 0 && excess > 0; k--) {
        const i = members[k] ?? 0;
        if ((widths[i] ?? 0) > (mins[i] ?? 0)) {
          widths[i] = (widths[i] ?? 0) - 1;
          excess--;
          progress = true;
        }
      }
    }
  }
  return widths;
}

function align(text: string, width: number, how: 'left' | 'right'): string {
  const fitted = truncate(sanitize(text), width);
  return how === 'left' ? fitted.padEnd(width) : fitted.padStart(width);
}

/** One service's cells, each padded and aligned to exactly its width; width 0 (dropped column) -> ''. */
export function formatCells(s: Service, cols: readonly ColumnDef[], widths: readonly number[]): string[] {
  return cols.map((col, i) => {
    const width = widths[i] ?? 0;
    return width <= 0 ? '' : align(col.cell(s, width), width, col.align);
  });
}

/** Column titles, aligned like their cells; width 0 -> ''. The sorted column's carries its mark (`SCUR v`). */
export function formatHeader(cols: readonly ColumnDef[], widths: readonly number[], sort?: SortMark): string[] {
  return cols.map((col, i) => {
    const width = widths[i] ?? 0;
    return width <= 0 ? '' : align(headerText(col, sort), width, col.align);
  });
}

/** Which column the rows are sorted by (its id) and in which order, for the header's mark. */
export interface SortMark {
  readonly column: string;
  readonly order: SortOrder;
}

const headerText = (col: ColumnDef, sort: SortMark | undefined): string =>
  sort?.column === col.id ? `${col.header} ${sortMark(sort.order)}` : col.header;

/** The columns of a view, the sorted one made room for its mark, so that its header shows whole. */
export function markedColumns(mode: ModeId, sort?: SortMark): readonly ColumnDef[] {
  const cols = columnsFor(mode);
  if (sort === undefined) return cols;
  return cols.map((c) => {
    const room = headerText(c, sort).length;
    return c.id === sort.column ? { ...c, min: Math.max(c.min, room), ideal: Math.max(c.ideal, room) } : c;
  });
}

/** Joins cells with `gap` spaces. Dropped columns ('' cells) take no room and no gap. */
export function joinCells(cells: readonly string[], gap = 1): string {
  return cells.filter((c) => c !== '').join(' '.repeat(gap));
}

/** A whole service line in one call, for callers that do not colour single cells. */
export function formatLine(s: Service, cols: readonly ColumnDef[], widths: readonly number[], gap = 1): string {
  return joinCells(formatCells(s, cols, widths), gap);
}

const TABLE_MODES: readonly ModeId[] = [1, 2, 3, 4];

/**
 * Widths for one view's table such that the columns every view shares keep their place when the view changes:
 * NAME is as wide as it is in the most crowded view (never wider than its longest name needs), and the width
 * it would have taken elsewhere is left blank at the end of the line instead.
 */
export function tableWidths(mode: ModeId, total: number, wants?: Readonly<Record<string, number>>, sort?: SortMark): number[] {
  const growWidth = (cols: readonly ColumnDef[], widths: readonly number[]): number => widths[cols.findIndex((c) => c.grow === true)] ?? 0;
  const colsOf = (m: ModeId): readonly ColumnDef[] => (m === mode ? markedColumns(m, sort) : columnsFor(m));
  const name = Math.min(...TABLE_MODES.map((m) => growWidth(colsOf(m), layoutWidths(colsOf(m), total, 1, wants))));
  const cols = colsOf(mode);
  const widths = layoutWidths(cols, total, 1, wants);
  const grow = cols.findIndex((c) => c.grow === true);
  if (grow >= 0 && (widths[grow] ?? 0) > name) widths[grow] = name;
  return widths;
}
