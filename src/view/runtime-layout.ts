// A runtime view's table as lines of text, for the screen and for --once: column widths for the width there is,
// the header, and each row's cells aligned. Pure.
import type { RuntimeColumn, RuntimeRow, RuntimeTable } from '../views';
import { sanitize, truncate } from './format';

/**
 * Each column's width for `total` columns of text with one space between: the ideal when it fits, the spare to
 * the growing column; else the widest shrink towards their minimum; columns that do not fit even then are
 * dropped from the right (width 0).
 */
export function runtimeWidths(columns: readonly RuntimeColumn[], total: number): number[] {
  const widths = columns.map((c) => c.ideal);
  let kept = columns.length;
  const mins = (n: number): number => columns.slice(0, n).reduce((sum, c) => sum + c.min, 0) + Math.max(0, n - 1);
  while (kept > 1 && mins(kept) > total) kept--;
  for (let i = kept; i < widths.length; i++) widths[i] = 0;
  const used = (): number => widths.slice(0, kept).reduce((a, b) => a + b, 0) + Math.max(0, kept - 1);
  let excess = used() - total;
  while (excess > 0) {
    // One character off the column furthest above its minimum, until it fits.
    let widest = -1;
    for (let i = 0; i < kept; i++) {
      const room = (widths[i] ?? 0) - (columns[i]?.min ?? 0);
      if (room > 0 && (widest < 0 || room > (widths[widest] ?? 0) - (columns[widest]?.min ?? 0))) widest = i;
    }
    if (widest < 0) break;
    widths[widest] = (widths[widest] ?? 0) - 1;
    excess--;
  }
  if (excess < 0) {
    const grow = columns.findIndex((c, i) => i < kept && c.grow === true);
    if (grow >= 0) widths[grow] = (widths[grow] ?? 0) - excess;
  }
  if (kept === 1 && (widths[0] ?? 0) > total) widths[0] = Math.max(0, total);
  return widths;
}

function cell(text: string, width: number, align: 'left' | 'right', keepEnd = false): string {
  const clean = sanitize(text);
  const fitted = keepEnd && clean.length > width && width > 1 ? `~${clean.slice(clean.length - width + 1)}` : truncate(clean, width);
  return align === 'left' ? fitted.padEnd(width) : fitted.padStart(width);
}

/** A row's cells joined, each to its width; dropped columns take no room. A section is its title. */
export function runtimeLine(row: RuntimeRow, columns: readonly RuntimeColumn[], widths: readonly number[]): string {
  if (row.section === true) return truncate(sanitize(row.cells[0] ?? ''), widths.reduce((a, b) => a + b + 1, 0));
  return columns
    .map((c, i) => ((widths[i] ?? 0) <= 0 ? undefined : cell(row.cells[i] ?? '', widths[i] ?? 0, c.align, c.keepEnd)))
    .filter((c): c is string => c !== undefined)
    .join(' ');
}

/** The header line; the column sorted by carries its mark (`AGE v`, `KEY ^`). */
export function runtimeHeader(columns: readonly RuntimeColumn[], widths: readonly number[], sort?: { readonly column: number; readonly desc: boolean }): string {
  return columns
    .map((c, i) => ((widths[i] ?? 0) <= 0 ? undefined : cell(sort?.column === i ? `${c.header} ${sort.desc ? 'v' : '^'}` : c.header, widths[i] ?? 0, c.align)))
    .filter((c): c is string => c !== undefined)
    .join(' ');
}

/** --once: the title, the note or refusal, the header and every row; trailing spaces trimmed, ending in `\n`. */
export function renderRuntimePlain(table: RuntimeTable, width: number): string {
  const lines = [truncate(sanitize(table.title), width)];
  if (table.refusal !== undefined) lines.push(truncate(sanitize(table.refusal), width));
  else {
    if (table.note !== undefined) lines.push(truncate(sanitize(table.note), width));
    const widths = runtimeWidths(table.columns, width);
    lines.push(runtimeHeader(table.columns, widths));
    for (const row of table.rows) lines.push(row.section === true ? `>>> ${sanitize(row.cells[0] ?? '')}` : runtimeLine(row, table.columns, widths));
  }
  return `${lines.map((l) => l.trimEnd()).join('\n')}\n`;
}
