// What a mouse report means on the frame the operator sees. Pure: the screen carries the intent out.
// A click selects by service id, read from the rows the frame was drawn from, so a refresh that moved rows since
// cannot make it select another service than the one under the pointer. The mouse never answers a confirmation
// and never runs an action on HAProxy: in the ENTER menu a click only highlights (ENTER runs).
import type { ModeNumber } from '../config';
import type { Overlay } from '../app/overlay';
import type { ServiceId } from '../stats/types';
import type { Placed } from './cells';
import type { TabSpan } from './footer';
import { popupBox, type Frame, type Popup, type TableArea } from './frame';
import type { MouseReport } from './mouse';

/** One notch of the wheel: three services, or three lines of the help, the details or the CLI output. */
export const WHEEL_STEP = 3;

export type MouseIntent =
  | { readonly kind: 'none' }
  | { readonly kind: 'select'; readonly id: ServiceId }
  /** A runtime view's row (a session, a table key, a file), by its key. */
  | { readonly kind: 'select-row'; readonly key: string }
  /** The selection moves by `delta` services (the wheel over the table). */
  | { readonly kind: 'move'; readonly delta: number }
  /** A pane scrolls `delta` lines, positive towards its end (for the CLI: towards the newest output). */
  | { readonly kind: 'scroll'; readonly pane: 'help' | 'details' | 'cli'; readonly delta: number }
  | { readonly kind: 'view'; readonly mode: ModeNumber }
  | { readonly kind: 'menu-highlight'; readonly index: number }
  | { readonly kind: 'menu-move'; readonly delta: number }
  | { readonly kind: 'menu-close' };

export interface MouseContext {
  readonly overlay: Overlay['kind'];
  readonly mode: ModeNumber;
  readonly width: number;
  readonly height: number;
}

const NONE: MouseIntent = { kind: 'none' };

/** The service shown on screen line `y`, or undefined for a title, blank or header line, or outside the table. */
export function serviceAt(table: TableArea | undefined, y: number): ServiceId | undefined {
  if (table === undefined) return undefined;
  const offset = y - table.firstLine;
  if (offset < 0 || offset >= table.count) return undefined;
  const row = table.rows[table.top + offset];
  return row?.kind === 'service' ? row.service.id : undefined;
}

/** The view whose footer tab is at column `x`, if any. */
export function tabAt(tabs: readonly TabSpan[] | undefined, x: number): ModeNumber | undefined {
  return tabs?.find((t) => x >= t.from && x < t.to)?.mode;
}

const inside = (box: Placed, x: number, y: number): boolean => x >= box.left && x < box.left + box.width && y >= box.top && y < box.top + box.height;

/** The menu item on screen line `y` of a menu popup placed at `box`, if any (the border, title and notes are none). */
export function menuItemAt(popup: Popup, box: Placed, y: number): number | undefined {
  const items = popup.items;
  if (items === undefined || y <= box.top || y >= box.top + box.height - 1) return undefined;
  const offset = y - box.top - 1 - items.first;
  return offset >= 0 && offset < items.count ? items.top + offset : undefined;
}

export function mouseIntent(report: MouseReport, frame: Frame, ctx: MouseContext): MouseIntent {
  if (frame.tooSmall === true || ctx.overlay === 'confirm') return NONE;
  const wheel = report.action === 'wheel-up' ? -WHEEL_STEP : report.action === 'wheel-down' ? WHEEL_STEP : 0;
  const click = report.action === 'press' && report.button === 'left';
  if (ctx.overlay === 'menu') {
    if (wheel !== 0) return { kind: 'menu-move', delta: Math.sign(wheel) };
    if (!click) return NONE;
    const popup = frame.popup;
    if (popup === undefined) return NONE;
    const box = popupBox(popup, ctx.width, ctx.height);
    // Outside the menu a click closes it, as ESC does; on an item it highlights it.
    if (!inside(box, report.x, report.y)) return { kind: 'menu-close' };
    const index = menuItemAt(popup, box, report.y);
    return index === undefined ? NONE : { kind: 'menu-highlight', index };
  }
  if (wheel !== 0) {
    // The same order as the frame's: the help over everything, the details over a stats view.
    if (ctx.overlay === 'help') return { kind: 'scroll', pane: 'help', delta: wheel };
    if (ctx.overlay === 'details' && ctx.mode !== 5) return { kind: 'scroll', pane: 'details', delta: wheel };
    if (ctx.mode === 5) return { kind: 'scroll', pane: 'cli', delta: wheel };
    return { kind: 'move', delta: wheel };
  }
  if (!click) return NONE;
  if (report.y === ctx.height - 1) {
    const mode = tabAt(frame.tabs, report.x);
    return mode === undefined ? NONE : { kind: 'view', mode };
  }
  const key = frame.runtimeRows?.keys[report.y - frame.runtimeRows.firstLine];
  if (key !== undefined) return { kind: 'select-row', key };
  const id = serviceAt(frame.table, report.y);
  return id === undefined ? NONE : { kind: 'select', id };
}
