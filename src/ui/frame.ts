// The whole screen as tagged lines, from the controller's state. Pure: the blessed part only shows the result.
import type { ActionPlan } from '../app/actions';
import type { LogLine } from '../app/cli-log';
import type { Connection, Notice, Overlay } from '../app/controller';
import type { LineState } from '../app/line-editor';
import type { ModeNumber } from '../config';
import type { Snapshot } from '../stats/types';
import type { DisplayRow } from '../view/rows';
import { serviceDetails } from '../view/details';
import { footerLine, helpLines } from './footer';
import { headerHeight, headerLines, topBar } from './header';
import { cliInputLine, cliOutputLines, confirmLines, menuLines, MENU_WIDTH } from './panels';
import { renderTable } from './table';
import { safe, noticeTone, paint, type Theme } from './theme';
import { clockText, fit, uptime } from './text';
import { sanitize } from '../view/format';

export const MIN_COLS = 60;
export const MIN_ROWS = 10;

/** What the frame reads from the controller (structural, so tests can pass a plain object). */
export interface ViewState {
  readonly mode: ModeNumber;
  readonly overlay: Overlay;
  readonly snapshot: Snapshot | undefined;
  readonly rows: readonly DisplayRow[];
  readonly selectedId: string | undefined;
  /** What the footer names: the selected service's label, or `gone: <label>` when it vanished. */
  readonly selectionLabel?: string | undefined;
  readonly connection: Connection;
  readonly notice: Notice | undefined;
  /** When the notice was set (ms since epoch); shown before it. */
  readonly noticeAt?: number | undefined;
  readonly log: { all(): readonly LogLine[] };
  readonly line: LineState;
  readonly lastUpdate: number | undefined;
  /** While `/` is open: whether the search matches anything. */
  readonly findMatches?: boolean;
  readonly config: { readonly readOnly: boolean; readonly intervalSec: number };
}

/** Scroll positions the screen keeps between frames. */
export interface ScrollState {
  readonly top: number;
  readonly helpTop: number;
  readonly cliBack: number;
}

export const initialScroll: ScrollState = { top: 0, helpTop: 0, cliBack: 0 };

export interface FrameOptions {
  readonly width: number;
  readonly height: number;
  readonly now: Date;
  readonly version: string;
  readonly address: string;
  readonly theme: Theme;
}

export interface Popup {
  readonly lines: readonly string[];
  readonly width: number;
  readonly height: number;
  readonly placement: 'bottom' | 'center';
}

export interface Frame {
  readonly lines: readonly string[];
  readonly scroll: ScrollState;
  /** Body rows: what PGUP/PGDOWN move by. */
  readonly pageSize: number;
  readonly popup: Popup | undefined;
  /** Only the "too small" notice is shown: q quits whatever view is behind it. */
  readonly tooSmall?: boolean;
}

export function statusLine(state: ViewState, now: Date, width: number, theme: Theme): string {
  const { connection, notice } = state;
  if (state.overlay.kind === 'find') {
    const prompt = safe(fit(` /${sanitize(state.overlay.query)}`, width - 1).trimEnd());
    const hint = state.findMatches === false ? paint(theme, 'bad', '  no service matches') : paint(theme, 'muted', '  ENTER keeps, ESC goes back');
    return `${prompt}{inverse} {/inverse}${hint}`;
  }
  // While HAProxy is unreachable its state is the news, unless the operator did something since (a hotkey
  // that failed must say so where they look).
  const noticeIsNewer = notice !== undefined && state.noticeAt !== undefined && connection.kind === 'down' && state.noticeAt >= connection.since;
  if (connection.kind === 'down' && !noticeIsNewer) {
    const since = uptime((now.getTime() - connection.since) / 1000);
    const text = fit(` HAProxy unreachable for ${since}, retrying every second: ${sanitize(connection.message)}`, width).trimEnd();
    return paint(theme, 'bad', safe(text));
  }
  if (notice !== undefined) {
    const time = state.noticeAt === undefined ? '' : `${clockText(new Date(state.noticeAt)).slice(11)} `;
    return paint(theme, noticeTone(notice.level), safe(fit(` ${time}${sanitize(notice.text)}`, width).trimEnd()));
  }
  if (connection.kind === 'connecting') return safe(' Connecting to HAProxy...');
  const updated = state.lastUpdate === undefined ? '' : ` Updated ${clockText(new Date(state.lastUpdate)).slice(11)}, every ${state.config.intervalSec}s.`;
  return paint(theme, 'muted', safe(fit(updated, width).trimEnd()));
}

/** The footer's name for the selection: the label the controller gives, else the selected service's own. */
function selectionLabel(state: ViewState): string | undefined {
  if (state.selectionLabel !== undefined) return sanitize(state.selectionLabel);
  const id = state.selectedId;
  const label = id === undefined ? undefined : state.snapshot?.byId.get(id)?.label;
  return label === undefined ? undefined : sanitize(label);
}

export function renderFrame(state: ViewState, scroll: ScrollState, o: FrameOptions): Frame {
  const { width, height, theme } = o;
  if (width < MIN_COLS || height < MIN_ROWS) {
    const notice = `Too small (${width}x${height}): need ${MIN_COLS}x${MIN_ROWS}. q quits`;
    const lines = [safe(fit(notice, width).trimEnd())];
    if (height >= 2) lines.push(safe(fit('Other keys are off until it is bigger.', width).trimEnd()));
    return { lines, scroll, pageSize: 1, popup: undefined, tooSmall: true };
  }
  const lines: string[] = [topBar(o.version, o.address, state.connection, o.now, width)];
  lines.push(...headerLines(state.snapshot, headerHeight(height), width));
  const bodyTop = lines.length;
  const bodyHeight = height - bodyTop - 2; // status line + footer
  let next = scroll;
  let pageSize = Math.max(1, bodyHeight - 1);

  if (state.overlay.kind === 'help') {
    const help = helpLines(state.config.readOnly, width);
    const helpTop = Math.max(0, Math.min(scroll.helpTop, help.length - bodyHeight));
    lines.push(...help.slice(helpTop, helpTop + bodyHeight));
    next = { ...next, helpTop };
  } else if (state.overlay.kind === 'details' && state.mode !== 5) {
    lines.push(...detailsLines(state, width, bodyHeight));
  } else if (state.mode === 5) {
    const outputHeight = bodyHeight - 1;
    const out = cliOutputLines(state.log.all(), scroll.cliBack, outputHeight, width, theme);
    lines.push(...out.lines);
    while (lines.length < bodyTop + outputHeight) lines.push('');
    lines.push(cliInputLine(state.line, width));
    next = { ...next, cliBack: out.back };
    pageSize = Math.max(1, outputHeight - 1);
  } else {
    const table = renderTable(state.rows, state.mode, state.selectedId, scroll.top, width, bodyHeight - 1, theme);
    lines.push(table.header, ...table.lines);
    next = { ...next, top: table.top };
    pageSize = Math.max(1, bodyHeight - 2);
    if (state.rows.length === 0) lines.push(safe(state.snapshot === undefined ? ' Waiting for HAProxy...' : ' No services to show (check -p / -f).'));
  }
  while (lines.length < height - 2) lines.push('');
  lines.length = height - 2;
  lines.push(statusLine(state, o.now, width, theme));
  lines.push(footerLine(state.mode, state.config.readOnly, selectionLabel(state), width));
  return { lines, scroll: next, pageSize, popup: popupFor(state, width, bodyHeight) };
}

/** The details view: the selected service's fields in as many columns as it takes to fit the body. */
function detailsLines(state: ViewState, width: number, height: number): string[] {
  const id = state.selectedId;
  const service = id === undefined ? undefined : state.snapshot?.byId.get(id);
  const heading = ` ${selectionLabel(state) ?? 'no selection'}${service ? ` (${service.kind})` : ''}   i or ESC closes, UP/DOWN: the next service`;
  const title = `{bold}${safe(fit(heading, width).trimEnd())}{/bold}`;
  if (service === undefined) return [title, '', safe(' This service is not in the last refresh.')];
  const entries = serviceDetails(service);
  const rows = Math.max(1, height - 2);
  // Columns of at least 36 characters: more fields than fit are counted on the last line, not squeezed.
  const columns = Math.max(1, Math.min(Math.ceil(entries.length / rows), Math.floor((width - 1) / 36)));
  const room = rows * columns;
  if (entries.length > room) {
    const hidden = entries.length - room + 1;
    entries.splice(room - 1, entries.length, { label: '...', value: `${hidden} more (resize, or --json)` });
  }
  const columnWidth = Math.floor((width - 1) / columns);
  const labelWidth = Math.max(8, Math.min(20, columnWidth - 14));
  const out = [title, ''];
  for (let r = 0; r < Math.min(rows, entries.length); r++) {
    let line = '';
    for (let c = 0; c < columns; c++) {
      const entry = entries[c * rows + r];
      if (entry === undefined) continue;
      const cell = ` ${entry.label.padEnd(labelWidth).slice(0, labelWidth)} ${entry.value}`;
      line += fit(cell, columnWidth - 1) + ' ';
    }
    out.push(safe(line.trimEnd()));
  }
  return out;
}

function popupFor(state: ViewState, width: number, bodyHeight: number): Popup | undefined {
  if (state.overlay.kind === 'menu') {
    const lines = menuLines(selectionLabel(state), state.config.readOnly);
    return { lines, width: Math.min(width, popupWidth(lines, MENU_WIDTH)), height: lines.length + 2, placement: 'bottom' };
  }
  if (state.overlay.kind === 'confirm') {
    const lines = confirm(state.overlay.plan, bodyHeight);
    return { lines, width: Math.min(width, popupWidth(lines, 50)), height: Math.min(bodyHeight, lines.length + 2), placement: 'center' };
  }
  return undefined;
}

/** Wide enough for the longest line (tags do not count) plus the border and a space, at least `min`. */
function popupWidth(lines: readonly string[], min: number): number {
  const longest = lines.reduce((n, l) => Math.max(n, l.replace(/\{(open|close)\}/g, '_').replace(/\{\/?[a-z-]+\}/g, '').length), 0);
  return Math.max(min, longest + 3);
}

const confirm = (plan: ActionPlan, bodyHeight: number): string[] => confirmLines(plan, Math.max(1, bodyHeight - 9));
