// A runtime view's body (SESSIONS, TABLES, MAPS, CERTS, INFO): its title, what the operator should know (a part
// shown, a filter, a refusal), the header and the rows, the selected one inverse and kept in sight. Pure.
import type { RuntimeRow, RuntimeTable } from '../views';
import { runtimeHeader, runtimeLine, runtimeWidths } from '../view/runtime-layout';
import { sanitize } from '../view/format';
import { paint, safe, type Theme } from './theme';
import { fit } from './text';

/** What the pane reads of the runtime browser. */
export interface RuntimeScreen {
  readonly table: RuntimeTable | undefined;
  readonly rows: readonly RuntimeRow[];
  readonly selectedKey: string | undefined;
  readonly error: string | undefined;
  readonly filter: string;
  readonly sort: { readonly column: number; readonly desc: boolean } | undefined;
  /** The instance it was read from, when several are watched. */
  readonly instance: string | undefined;
  readonly view: { readonly name: string } | undefined;
  /** What the view cannot do at this socket's level. */
  readonly levelNote?: string | undefined;
}

/** The pane's lines for a body of `width` x `height`, and the first row shown (the scroll position). */
/** The pane's lines, the first row shown, and the key of the row on each line (undefined: not a row). */
export interface RuntimePaneLines {
  readonly lines: string[];
  readonly top: number;
  readonly keys: (string | undefined)[];
}

export function runtimePane(state: RuntimeScreen, top: number, width: number, height: number, theme: Theme): RuntimePaneLines {
  const table = state.table;
  const from = state.instance === undefined ? '' : `${state.instance}: `;
  if (table === undefined) {
    const waiting = state.error === undefined ? ` Reading ${state.view?.name ?? ''} from HAProxy...` : ` Cannot read ${state.view?.name ?? ''}: ${state.error}`;
    return { lines: [safe(fit(waiting, width).trimEnd())], top: 0, keys: [] };
  }
  const lines = [`{bold}${safe(fit(` ${from}${sanitize(table.title)}`, width).trimEnd())}{/bold}`];
  if (table.refusal !== undefined) {
    lines.push(paint(theme, 'warn', safe(fit(` ${sanitize(table.refusal)}`, width).trimEnd())));
    return { lines, top: 0, keys: [] };
  }
  const said = [table.note, state.levelNote, state.filter === '' ? undefined : `Filter: "${state.filter}"${table.filteredByHaproxy === true ? " (on HAProxy's side)" : ''}, ${state.rows.filter((r) => r.section !== true).length} shown; f then ESC clears it.`, state.error === undefined ? undefined : `Last read failed: ${state.error}`].filter((t): t is string => t !== undefined);
  for (const text of said) lines.push(paint(theme, 'muted', safe(fit(` ${sanitize(text)}`, width).trimEnd())));
  const inner = width - 1;
  const widths = runtimeWidths(table.columns, inner);
  lines.push(`{inverse}${safe(fit(` ${runtimeHeader(table.columns, widths, state.sort)}`, width))}{/inverse}`);
  const room = Math.max(1, height - lines.length);
  const rows = state.rows;
  if (rows.length === 0) {
    lines.push(safe(state.filter === '' ? ' Nothing here.' : ' No row passes the filter (f then ESC clears it).'));
    return { lines, top: 0, keys: [] };
  }
  const at = Math.max(0, rows.findIndex((r) => r.key === state.selectedKey));
  let first = Math.min(Math.max(0, top), Math.max(0, rows.length - room));
  if (at < first) first = at;
  if (at >= first + room) first = at - room + 1;
  const keys: (string | undefined)[] = lines.map(() => undefined);
  for (const row of rows.slice(first, first + room)) {
    keys.push(row.section === true ? undefined : row.key);
    const text = fit(row.section === true ? ` ${row.cells[0] ?? ''}` : ` ${runtimeLine(row, table.columns, widths)}`, width);
    // The selected row keeps its colour under the inverse: an expiring certificate stays yellow when selected.
    if (row.key === state.selectedKey && row.section !== true) lines.push(`{inverse}${row.tone === undefined ? safe(text) : paint(theme, row.tone, safe(text))}{/inverse}`);
    else if (row.section === true) lines.push(`{bold}${safe(text.trimEnd())}{/bold}`);
    else lines.push(row.tone === undefined ? safe(text.trimEnd()) : paint(theme, row.tone, safe(text.trimEnd())));
  }
  return { lines, top: first, keys };
}
