// The service table: only the rows inside the visible window are formatted (10,000 services cost what 50 do).
import type { Service } from '../stats/types';
import { columnsFor, NAME_COLUMN_ID, STATUS_COLUMN_ID, takesNoTraffic, type ModeId } from '../view/columns';
import { formatCells, formatHeader, tableWidths, type SortMark } from '../view/layout';
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

/**
 * Painted service lines kept from one frame to the next, by what a line is painted from: its cells as
 * formatted, their tones, the selection and the layout. Formatting a row is cheap; painting it (escaping,
 * colour tags) is what a quiet screen would otherwise redo for every row at every refresh. Holds only the
 * lines of the latest frame.
 */
export class LineCache {
  private previous = new Map<string, string>();
  private current = new Map<string, string>();

  /** Starts a frame: what the last frame painted stays available, the rest is dropped. */
  frame(): void {
    this.previous = this.current;
    this.current = new Map();
  }

  take(key: string, paint: () => string): string {
    const line = this.current.get(key) ?? this.previous.get(key) ?? paint();
    this.current.set(key, line);
    return line;
  }
}

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
  cache: LineCache = new LineCache(),
  /** With several instances: those that cannot be read now, whose rows are muted like `stale` ones. */
  staleInstances: ReadonlySet<string> = new Set(),
  /** Servers being switched (F12): their STATUS cell shows this instead (`DRAINING 3`). */
  notes: ReadonlyMap<string, string> = new Map(),
  /** The column the rows are sorted by, marked in the header. */
  sort?: SortMark,
): TableView {
  const columns = columnsFor(mode);
  const inner = Math.max(1, width - 2 * MARGIN);
  const widths = tableWidths(mode, inner, wantedWidths(rows), sort);
  const statusIndex = columns.findIndex((c) => c.id === STATUS_COLUMN_ID);
  const pad = ' '.repeat(MARGIN);
  const header = `{inverse}${safe(fit(pad + formatHeader(columns, widths, sort).filter((c) => c !== '').join(' '), width))}{/inverse}`;

  const selectedRow = rowOf(rows, selectedId);
  const layout = `${width}|${theme.color}|${stale}`;
  cache.frame();
  const top = scrollTop(rows, height, selectedId, previousTop);
  const lines: string[] = [];
  for (let i = top; i < Math.min(rows.length, top + height); i++) {
    const row = rows[i];
    if (row === undefined) continue;
    if (row.kind === 'blank') lines.push('');
    else if (row.kind === 'group') lines.push(`{bold}${safe(fit(pad + row.text, width).trimEnd())}{/bold}`);
    else if (row.kind === 'instance') {
      const title = `{bold}${safe(fit(pad + row.text, width).trimEnd())}{/bold}`;
      lines.push(row.down ? paint(theme, 'bad', title) : title);
    }
    else {
      const cells = formatCells(row.service, columns, widths);
      const tones = cellTones(row.service, columns, statusIndex);
      const note = notes.get(row.service.id);
      const statusCell = cells[statusIndex];
      if (note !== undefined && statusCell !== undefined && statusCell !== '') {
        cells[statusIndex] = fit(note, statusCell.length);
        tones[statusIndex] = 'drain';
      }
      const selected = i === selectedRow;
      const old = stale || (row.service.instance !== undefined && staleInstances.has(row.service.instance));
      const key = `${layout}|${old}|${selected}|${tones.join(',')}|${cells.join('\u0000')}`;
      lines.push(cache.take(key, () => paintLine(cells, tones, selected, width, theme, old)));
    }
  }
  return { header, lines, top };
}

/** The widths NAME and STATUS need for their longest values. */
function wantedWidths(rows: readonly DisplayRow[]): Record<string, number> {
  const wants = widest(rows);
  return { [NAME_COLUMN_ID]: wants.name, [STATUS_COLUMN_ID]: wants.status };
}

/** The tone of each cell that is coloured (STATUS, and a value that alerts), else undefined. */
function cellTones(service: Service, columns: ReturnType<typeof columnsFor>, statusIndex: number): (Tone | undefined)[] {
  return columns.map((column, i) => {
    if (i === statusIndex) return takesNoTraffic(service) ? 'drain' : stateTone(service.state);
    return column.alert?.(service) === true ? 'bad' : undefined;
  });
}

function paintLine(
  cells: readonly string[],
  tones: readonly (Tone | undefined)[],
  selected: boolean,
  width: number,
  theme: Theme,
  stale: boolean,
): string {
  // Stale rows keep no state colour: a green UP from before HAProxy went away would pass for current.
  const colors: Theme = stale ? { color: false } : theme;
  // Colour the words only: painted padding shows as a coloured block on the selected (inverse) row.
  const tinted = (cell: string, tone: Tone): string => {
    const word = cell.trimEnd();
    const lead = word.length - word.trimStart().length;
    return cell.slice(0, lead) + paint(colors, tone, safe(word.slice(lead))) + cell.slice(word.length);
  };
  const painted: string[] = [];
  cells.forEach((cell, i) => {
    if (cell === '') return;
    const tone = tones[i];
    painted.push(tone === undefined ? safe(cell) : tinted(cell, tone));
  });
  const used = MARGIN + cells.filter((c) => c !== '').reduce((n, c) => n + c.length + 1, 0) - 1;
  const tail = ' '.repeat(Math.max(0, width - used));
  const line = ' '.repeat(MARGIN) + painted.join(' ') + tail;
  if (selected) return `{inverse}${line}{/inverse}`;
  return stale && theme.color ? `{gray-fg}${line}{/gray-fg}` : line;
}
