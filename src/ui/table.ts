// The service table: only the rows inside the visible window are formatted (10,000 services cost what 50 do).
import type { Service } from '../stats/types';
import { columnsFor, NAME_COLUMN_ID, STATUS_COLUMN_ID, takesNoTraffic, type ModeId } from '../view/columns';
import { formatCells, formatHeader, tableWidths } from '../view/layout';
import { rowOf, scrollTop, widest, type DisplayRow } from '../view/rows';
import { safe, paint, stateTone, type Theme, type Tone } from './theme';
import { fit } from './text';

export interface TableView {
  readonly header: string;
  readonly lines: readonly string[];
  /** The first row shown; kept by the screen between frames so the view scrolls minimally. */
  readonly top: number;
}

const MARGIN = 1;

export function renderTable(
  rows: readonly DisplayRow[],
  mode: ModeId,
  selectedId: string | undefined,
  previousTop: number,
  width: number,
  height: number,
  theme: Theme,
  /** The data is no longer current (HAProxy unreachable): no state colours, every row muted. */
  stale = false,
): TableView {
  const columns = columnsFor(mode);
  const inner = Math.max(1, width - 2 * MARGIN);
  const widths = tableWidths(mode, inner, wantedWidths(rows));
  const statusIndex = columns.findIndex((c) => c.id === STATUS_COLUMN_ID);
  const pad = ' '.repeat(MARGIN);
  const header = `{inverse}${safe(fit(pad + formatHeader(columns, widths).filter((c) => c !== '').join(' '), width))}{/inverse}`;

  const selectedRow = rowOf(rows, selectedId);
  const top = scrollTop(rows, height, selectedId, previousTop);
  const lines: string[] = [];
  for (let i = top; i < Math.min(rows.length, top + height); i++) {
    const row = rows[i];
    if (row === undefined) continue;
    if (row.kind === 'blank') lines.push('');
    else if (row.kind === 'group') lines.push(`{bold}${safe(fit(pad + row.text, width).trimEnd())}{/bold}`);
    else lines.push(serviceLine(row.service, columns, widths, statusIndex, i === selectedRow, width, theme, stale));
  }
  return { header, lines, top };
}

/** The widths NAME and STATUS need for their longest values. */
function wantedWidths(rows: readonly DisplayRow[]): Record<string, number> {
  const wants = widest(rows);
  return { [NAME_COLUMN_ID]: wants.name, [STATUS_COLUMN_ID]: wants.status };
}

function serviceLine(
  service: Service,
  columns: ReturnType<typeof columnsFor>,
  widths: readonly number[],
  statusIndex: number,
  selected: boolean,
  width: number,
  theme: Theme,
  stale: boolean,
): string {
  const cells = formatCells(service, columns, widths);
  const painted: string[] = [];
  // Stale rows keep no state colour: a green UP from before HAProxy went away would pass for current.
  const tones: Theme = stale ? { color: false } : theme;
  // Colour the words only: painted padding shows as a coloured block on the selected (inverse) row.
  const tinted = (cell: string, tone: Tone): string => {
    const word = cell.trimEnd();
    const lead = word.length - word.trimStart().length;
    return cell.slice(0, lead) + paint(tones, tone, safe(word.slice(lead))) + cell.slice(word.length);
  };
  cells.forEach((cell, i) => {
    if (cell === '') return;
    const column = columns[i];
    if (i === statusIndex) painted.push(tinted(cell, takesNoTraffic(service) ? 'drain' : stateTone(service.state)));
    else if (column?.alert?.(service) === true) painted.push(tinted(cell, 'bad'));
    else painted.push(safe(cell));
  });
  const used = MARGIN + cells.filter((c) => c !== '').reduce((n, c) => n + c.length + 1, 0) - 1;
  const tail = ' '.repeat(Math.max(0, width - used));
  const line = ' '.repeat(MARGIN) + painted.join(' ') + tail;
  if (selected) return `{inverse}${line}{/inverse}`;
  return stale && theme.color ? `{gray-fg}${line}{/gray-fg}` : line;
}
