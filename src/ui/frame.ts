// The whole screen as tagged lines, from the controller's state. Pure: the blessed part only shows the result.
import type { ActionPlan } from '../app/actions';
import type { LogLine } from '../app/cli-log';
import type { Connection, Notice, Overlay } from '../app/controller';
import type { Pacing } from '../app/stat-poll';
import type { LineState } from '../app/line-editor';
import type { ModeNumber } from '../config';
import type { KeyBinding } from '../app/keymap';
import type { Snapshot } from '../stats/types';
import type { DisplayRow } from '../view/rows';
import type { SortMark } from '../view/layout';
import type { Filtered } from './header';
import type { InstanceStatus } from '../view/fleet-rows';
import { fleetHeaderLines } from './fleet-header';
import { detailsPane } from './details-pane';
import { historyPane } from './history-pane';
import type { SeriesSet } from '../stats/history';
import { footerLine, footerTabs, helpLines, type TabSpan } from './footer';
import { headerHeight, headerLines, topBar } from './header';
import { statusLines } from './status';
export { statusLines } from './status';
import { cliInputLine, cliOutputLines, confirmLines, menuLines, menuWindow, MENU_WIDTH, questionLines, type MenuWindow } from './panels';
import type { Chart, Placed } from './cells';
import { renderTable, type LineCache } from './table';
import { safe, type Theme } from './theme';
import { fit } from './text';
import { sanitize } from '../view/format';
import { isTableMode } from '../view/columns';
import { viewOf } from '../views';
import { runtimePane, type RuntimeScreen } from './runtime-pane';

export const MIN_COLS = 60;
export const MIN_ROWS = 10;

/** What the frame reads from the controller (structural, so tests can pass a plain object). */
export interface ViewState {
  readonly mode: ModeNumber;
  readonly overlay: Overlay;
  readonly snapshot: Snapshot | undefined;
  readonly rows: readonly DisplayRow[];
  readonly selectedId: string | undefined;
  /** The ENTER menu's actions for the selected row (while the menu is open). */
  readonly menu?: readonly KeyBinding[];
  /** What the footer names: the selected service's label, or `gone: <label>` when it vanished. */
  readonly selectionLabel?: string | undefined;
  readonly connection: Connection;
  readonly notice: Notice | undefined;
  /** When the notice was set (ms since epoch); shown before it. */
  readonly noticeAt?: number | undefined;
  readonly log: { all(): readonly LogLine[] };
  readonly line: LineState;
  readonly lastUpdate: number | undefined;
  /** How the full dump is paced on a large HAProxy; undefined while every refresh reads everything. */
  readonly pacing?: Pacing | undefined;
  /** While `/` is open: whether the search matches anything. */
  readonly findMatches?: boolean;
  /** The column the rows are sorted by, for the header's mark (undefined: HAProxy's order). */
  readonly sortMark?: SortMark | undefined;
  /** The filter in force (`f`, `!`) and how many services it shows of how many; undefined when none. */
  readonly filtered?: Filtered | undefined;
  readonly config: { readonly readOnly: boolean; readonly intervalSec: number };
  /** Servers being switched (F12) and what their rows show instead of their status. */
  readonly switching?: ReadonlyMap<string, string>;
  /** With one instance on a master CLI socket, its processes in a few words (see procsText). */
  readonly procs?: string | undefined;
  /** With several HAProxy instances, the one the CLI view sends to (undefined with one). */
  readonly cliInstance?: string | undefined;
  /** With several HAProxy instances, each one's state (the header lists them); undefined with one. */
  readonly instances?: readonly InstanceStatus[] | undefined;
  /** A service's recent figures (the history pane, `g`). */
  historyOf?(id: string): SeriesSet | undefined;
  /** The frontends' total request rate lately, oldest first (the top bar's sparkline). */
  readonly requestRates?: readonly number[];
  /** The runtime views' state (views 6-9, 0). */
  readonly runtime?: RuntimeScreen;
}

/** Scroll positions the screen keeps between frames. */
export interface ScrollState {
  readonly top: number;
  readonly helpTop: number;
  readonly cliBack: number;
  /** The CLI view wraps long replies unless switched off (Ctrl-T); then `cliLeft` scrolls sideways. */
  readonly cliWrap: boolean;
  readonly cliLeft: number;
  /** The first line of the details view (`i`) shown. */
  readonly detailsTop: number;
  /** The first row of a runtime view shown. */
  readonly runtimeTop: number;
}

export const initialScroll: ScrollState = { top: 0, helpTop: 0, cliBack: 0, cliWrap: true, cliLeft: 0, detailsTop: 0, runtimeTop: 0 };

export interface FrameOptions {
  readonly width: number;
  readonly height: number;
  readonly now: Date;
  readonly version: string;
  readonly address: string;
  readonly theme: Theme;
  /** Service lines kept between frames (the screen keeps one); without it every line is drawn afresh. */
  readonly lines?: LineCache;
}

export interface Popup {
  readonly lines: readonly string[];
  readonly width: number;
  readonly height: number;
  readonly placement: 'bottom' | 'center';
  /** The menu's: which of `lines` are its items, and which items they are. */
  readonly items?: MenuWindow;
}

/** The table as drawn: `count` of `rows` from row `top` on, on the screen lines from `firstLine` down. */
export interface TableArea {
  readonly rows: readonly DisplayRow[];
  readonly top: number;
  readonly firstLine: number;
  readonly count: number;
}

export interface Frame {
  readonly lines: readonly string[];
  readonly scroll: ScrollState;
  /** Body rows: what PGUP/PGDOWN move by. */
  readonly pageSize: number;
  readonly popup: Popup | undefined;
  /** Only the "too small" notice is shown: q quits whatever view is behind it. */
  readonly tooSmall?: boolean;
  /** Where the service rows are, when the table is shown (for mouse clicks). */
  readonly table?: TableArea;
  /** A runtime view's row on each screen line from `firstLine` (for mouse clicks); undefined: not a row. */
  readonly runtimeRows?: { readonly firstLine: number; readonly keys: readonly (string | undefined)[] };
  /** Where each view's tab is on the footer, the last line (for mouse clicks). */
  readonly tabs?: readonly TabSpan[];
  /** Boxes of sparklines drawn over the page (the history pane). */
  readonly charts?: readonly Chart[];
}

/** Where a popup goes on a screen of `width` x `height`: the menu above the status line, a question centred. */
export function popupBox(popup: Popup, width: number, height: number): Placed {
  const top = popup.placement === 'bottom' ? Math.max(0, height - 2 - popup.height) : Math.max(0, Math.floor((height - popup.height) / 2));
  const left = popup.placement === 'bottom' ? 0 : Math.max(0, Math.floor((width - popup.width) / 2));
  return { top, left, width: popup.width, height: popup.height };
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
  const lines: string[] = [topBar(o.version, o.address, state.connection, o.now, width, state.snapshot, theme, state.pacing, state.filtered, state.requestRates)];
  const instances = state.instances;
  lines.push(...(instances === undefined ? headerLines(state.snapshot, headerHeight(height), width, state.procs) : fleetHeaderLines(instances, headerHeight(height), width, theme)));
  const bodyTop = lines.length;
  // A long message (HAProxy's reason for a refusal) takes a second line rather than being cut.
  const status = statusLines(state, o.now, width, theme, height >= 30 ? 3 : height >= 20 ? 2 : 1);
  const bodyHeight = height - bodyTop - status.length - 1; // status lines + footer
  let next = scroll;
  let pageSize = Math.max(1, bodyHeight - 1);
  let area: TableArea | undefined;
  let charts: Chart[] = [];
  let runtimeRows: Frame['runtimeRows'];

  if (state.overlay.kind === 'help') {
    const help = helpLines(state.config.readOnly, width);
    const helpTop = Math.max(0, Math.min(scroll.helpTop, help.length - bodyHeight));
    lines.push(...help.slice(helpTop, helpTop + bodyHeight));
    next = { ...next, helpTop };
  } else if (viewOf(state.mode).kind === 'runtime' && state.runtime !== undefined) {
    const pane = runtimePane(state.runtime, scroll.runtimeTop, width, bodyHeight, theme);
    runtimeRows = { firstLine: bodyTop, keys: pane.keys };
    lines.push(...pane.lines);
    next = { ...next, runtimeTop: pane.top };
    pageSize = Math.max(1, bodyHeight - 3);
  } else if (state.overlay.kind === 'details' && state.mode !== 5) {
    const service = state.selectedId === undefined ? undefined : state.snapshot?.byId.get(state.selectedId);
    const pane = detailsPane(selectionLabel(state), service, scroll.detailsTop, width, bodyHeight);
    lines.push(...pane.lines);
    next = { ...next, detailsTop: pane.top };
  } else if (state.overlay.kind === 'history' && state.mode !== 5) {
    const id = state.selectedId;
    const pane = historyPane(selectionLabel(state), id === undefined ? undefined : state.historyOf?.(id), width, bodyHeight);
    lines.push(...pane.lines);
    charts = pane.charts.map((chart) => ({ ...chart, top: chart.top + bodyTop }));
  } else if (state.mode === 5) {
    const outputHeight = bodyHeight - 1;
    const out = cliOutputLines(state.log.all(), scroll.cliBack, outputHeight, width, theme, { wrap: scroll.cliWrap, left: scroll.cliLeft });
    lines.push(...out.lines);
    while (lines.length < bodyTop + outputHeight) lines.push('');
    lines.push(cliInputLine(state.line, width, state.cliInstance));
    next = { ...next, cliBack: out.back };
    pageSize = Math.max(1, outputHeight - 1);
  } else {
    const stale = state.connection.kind === 'down';
    const down = new Set((instances ?? []).filter((s) => s.connection.kind === 'down').map((s) => s.name));
    const table = renderTable(state.rows, isTableMode(state.mode) ? state.mode : 1, state.selectedId, scroll.top, width, bodyHeight - 1, theme, stale, o.lines, down, state.switching, state.sortMark);
    lines.push(table.header, ...table.lines);
    next = { ...next, top: table.top };
    area = { rows: state.rows, top: table.top, firstLine: bodyTop + 1, count: table.lines.length };
    pageSize = Math.max(1, bodyHeight - 2);
    if (state.rows.length === 0) lines.push(safe(emptyTable(state)));
  }
  while (lines.length < bodyTop + bodyHeight) lines.push('');
  lines.length = bodyTop + bodyHeight;
  lines.push(...status);
  const label = selectionLabel(state);
  lines.push(footerLine(state.mode, state.config.readOnly, label, width, state.filtered !== undefined));
  const tabs = footerTabs(state.mode, state.config.readOnly, label, width, state.filtered !== undefined);
  const frame: Frame = { lines, scroll: next, pageSize, popup: popupFor(state, width, bodyHeight), tabs, charts, ...(runtimeRows === undefined ? {} : { runtimeRows }) };
  return area === undefined ? frame : { ...frame, table: area };
}

/** What an empty table says instead. */
function emptyTable(state: ViewState): string {
  if (state.snapshot === undefined) return ' Waiting for HAProxy...';
  if (state.filtered !== undefined) return ' No service passes the filter (f then ESC clears the text, ! turns problems only off).';
  return ' No services to show (check -p / -f).';
}

function popupFor(state: ViewState, width: number, bodyHeight: number): Popup | undefined {
  if (state.overlay.kind === 'menu') {
    const items = state.menu ?? [];
    const room = Math.max(3, bodyHeight - 2);
    const lines = menuLines(selectionLabel(state), items, state.overlay.index, room);
    const shown = menuWindow(items.length, state.overlay.index, room);
    return { lines, width: Math.min(width, popupWidth(lines, MENU_WIDTH)), height: Math.min(bodyHeight, lines.length + 2), placement: 'bottom', items: shown };
  }
  if (state.overlay.kind === 'question') {
    const lines = questionLines(state.overlay.question, Math.min(width, 90));
    return { lines, width: Math.min(width, popupWidth(lines, 50)), height: Math.min(bodyHeight, lines.length + 2), placement: 'center' };
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
