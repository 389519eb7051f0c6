// The details view (`i`): every field of the selected service, each value whole. Long values (why a check
// failed, an address list) wrap under themselves; what does not fit the screen scrolls with PGUP / PGDOWN and
// the last line says how much is below. Pure.
import type { Service } from '../stats/types';
import { serviceDetails, type DetailLine } from '../view/details';
import { safe } from './theme';
import { fit } from './text';

/** Narrowest column worth having: a label and 20 characters of value. */
const MIN_COLUMN = 44;

/** One entry as its screen lines: the label, then the value wrapped in the room beside it. */
function entryLines(entry: DetailLine, labelWidth: number, columnWidth: number): string[] {
  const room = Math.max(8, columnWidth - labelWidth - 3);
  const value = entry.value === '' ? [''] : [];
  for (let at = 0; at < entry.value.length; at += room) value.push(entry.value.slice(at, at + room));
  return value.map((part, i) => ` ${(i === 0 ? entry.label : '').padEnd(labelWidth).slice(0, labelWidth)} ${part}`);
}

/**
 * The pane's lines for `height` rows, scrolled to `top` (kept within range; the frame keeps the value it returns).
 * Columns side by side on wide screens, each entry kept whole within its column.
 */
export function detailsPane(label: string | undefined, service: Service | undefined, top: number, width: number, height: number): { lines: string[]; top: number } {
  const heading = ` ${label ?? 'no selection'}${service ? ` (${service.kind})` : ''}   i/ESC close, UP/DOWN: next, PGUP/PGDOWN: scroll`;
  const title = `{bold}${safe(fit(heading, width).trimEnd())}{/bold}`;
  if (service === undefined) return { lines: [title, '', safe(' This service is not in the last refresh.')], top: 0 };
  const entries = serviceDetails(service);
  const rows = Math.max(1, height - 2);
  const columns = Math.max(1, Math.floor((width - 1) / MIN_COLUMN));
  const columnWidth = Math.floor((width - 1) / columns);
  const labelWidth = Math.max(8, Math.min(20, Math.max(0, ...entries.map((e) => e.label.length))));
  const blocks = entries.map((e) => entryLines(e, labelWidth, columnWidth));
  // Fill the columns in turn, each to about an equal share of all the lines, never splitting an entry.
  const total = blocks.reduce((n, b) => n + b.length, 0);
  const share = Math.max(rows, Math.ceil(total / columns));
  const cols: string[][] = [[]];
  for (const block of blocks) {
    const current = cols[cols.length - 1] as string[];
    if (current.length > 0 && current.length + block.length > share && cols.length < columns) cols.push([...block]);
    else current.push(...block);
  }
  const length = Math.max(...cols.map((c) => c.length));
  const maxTop = Math.max(0, length - rows);
  const first = Math.max(0, Math.min(top, maxTop));
  const below = length - (first + rows);
  const shown = below > 0 ? rows - 1 : rows;
  const out = [title, ''];
  for (let r = first; r < Math.min(length, first + shown); r++) {
    const line = cols.map((c) => fit(c[r] ?? '', columnWidth - 1)).join(' ');
    out.push(safe(line.trimEnd()));
  }
  if (below > 0) out.push(safe(` ... ${below + 1} more lines below (PGDOWN)`));
  if (first > 0) out[1] = safe(` ... ${first} lines above (PGUP)`);
  return { lines: out, top: first };
}
