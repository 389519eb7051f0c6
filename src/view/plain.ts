// The service table of one mode as plain text, for `--once` (no terminal, no colours, no escapes).

import type { Snapshot } from '../stats/types';
import { columnsFor, type ColumnDef, type ModeId } from './columns';
import { truncate } from './format';
import { formatCells, formatHeader, joinCells, layoutWidths, markedColumns } from './layout';
import { buildRows, type RowOptions } from './rows';

/** Width to use when the output is not a terminal (the caller decides; this is the suggested value). */
export const PLAIN_DEFAULT_WIDTH = 120;

/**
 * Header line with the column titles (`extra` columns after the name), then per proxy a `>>> pxname` line, its rows and a blank line.
 * Lines never exceed `width`; trailing spaces are trimmed. The last proxy's blank line is the final
 * newline, so the output ends with exactly one `\n`.
 */
export function renderPlain(snapshot: Snapshot, mode: ModeId, width: number, opts?: RowOptions, extra: readonly ColumnDef[] = []): string {
  const mark = opts?.sort === undefined ? undefined : { column: opts.sort.column.id, order: opts.sort.order };
  // Extra columns (--rates) come right after the name, where a narrow width never drops them.
  const withExtra = <T>(list: readonly T[], more: readonly T[]): T[] => [...list.slice(0, 1), ...more, ...list.slice(1)];
  const cols = withExtra(columnsFor(mode), extra);
  const widths = layoutWidths(withExtra(markedColumns(mode, mark), extra), width);
  const lines: string[] = [joinCells(formatHeader(cols, widths, mark))];
  for (const row of buildRows(snapshot, opts)) {
    if (row.kind === 'group') lines.push(truncate(row.text, width));
    else if (row.kind === 'service') lines.push(joinCells(formatCells(row.service, cols, widths)));
    else lines.push('');
  }
  const text = lines.map((line) => line.trimEnd()).join('\n');
  return text.endsWith('\n') ? text : `${text}\n`;
}
