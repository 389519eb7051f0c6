// The service table as a list of display rows, and selection by service id over it. Pure.
// hatop kept the cursor as a row number (fault 1): it could rest on `>>>` and blank lines, and after a
// refresh that added or removed services it pointed at another server, so the next F-key hit the wrong
// one. Here the selection is always a service id (kind, proxy, name); row numbers are derived per frame.

import type { Proxy, Service, Snapshot } from '../stats/types';
import { arrangedRows, type Arrangement } from './arrange';
import { shownStatus } from './columns';
import { sanitize } from './format';
import { filtering, passes } from './row-filter';

export type DisplayRow =
  /** With several HAProxy instances, the title above each one's proxies; `down` while it cannot be read. */
  | { readonly kind: 'instance'; readonly name: string; readonly text: string; readonly down: boolean }
  | { readonly kind: 'group'; readonly proxy: Proxy; readonly text: string }
  | { readonly kind: 'service'; readonly service: Service }
  | { readonly kind: 'blank' };

export interface RowOptions extends Arrangement {
  /** Show only proxies of these names: every proxy of a name (frontend and backend `web`). Empty = all. */
  readonly proxies?: readonly string[];
}

/**
 * Per proxy, in `show stat` order: `>>> pxname`, FRONTEND, listeners, servers, BACKEND, a blank line. Sorted, the
 * listeners and the servers are each ordered among themselves. Filtered, a proxy shows the services that pass, with
 * its FRONTEND and BACKEND when any of its listeners or servers does (else only those that pass themselves), and
 * not at all (title included) when none of its rows passes.
 */
export function buildRows(snapshot: Snapshot, opts?: RowOptions): DisplayRow[] {
  const wanted = opts?.proxies !== undefined && opts.proxies.length > 0 ? new Set(opts.proxies) : undefined;
  const filter = filtering(opts?.filter) ? opts?.filter : undefined;
  const parts: (readonly DisplayRow[])[] = [];
  let total = 0;
  let shown = 0;
  for (const proxy of snapshot.proxies) {
    if (wanted !== undefined && !wanted.has(proxy.name)) continue;
    total += proxy.services.length;
    const listeners = arrangedRows(proxy.listeners, opts);
    const servers = arrangedRows(proxy.servers, opts);
    const some = listeners.length + servers.length > 0;
    const frontend = proxy.frontend !== undefined && (some || passes(proxy.frontend, filter)) ? proxy.frontend : undefined;
    const backend = proxy.backend !== undefined && (some || passes(proxy.backend, filter)) ? proxy.backend : undefined;
    if (filter !== undefined && !some && frontend === undefined && backend === undefined) continue;
    shown += listeners.length + servers.length + (frontend === undefined ? 0 : 1) + (backend === undefined ? 0 : 1);
    const head: DisplayRow[] = [{ kind: 'group', proxy, text: `>>> ${sanitize(proxy.name)}` }];
    if (frontend !== undefined) head.push({ kind: 'service', service: frontend });
    parts.push(head, listeners, servers);
    parts.push(backend !== undefined ? [{ kind: 'service', service: backend }, BLANK] : [BLANK]);
  }
  // Joined by concat, a few thousand lists per call (a call takes only so many arguments).
  let rows: DisplayRow[] = [];
  for (let i = 0; i < parts.length; i += JOIN) rows = rows.concat(...parts.slice(i, i + JOIN));
  let name = 0;
  let status = 0;
  for (const part of parts) {
    const wants = wantsOf(part);
    name = Math.max(name, wants.name);
    status = Math.max(status, wants.status);
  }
  rowsWants.set(rows, { name, status });
  rowsCounts.set(rows, { shown, total });
  return rows;
}

/** The longest name and status text (as shown) among some rows: what NAME and STATUS would like as widths. */
export interface Wants {
  readonly name: number;
  readonly status: number;
}

/** How many services the rows show, of how many the proxies they come from hold (`-p` applied, not the filter). */
export interface RowCounts {
  readonly shown: number;
  readonly total: number;
}

const rowsWants = new WeakMap<readonly DisplayRow[], Wants>();
const rowsCounts = new WeakMap<readonly DisplayRow[], RowCounts>();

/** Rows joined from several buildRows results keep what they want, the widest of each, and their counts, summed. */
export function joinedRows(parts: readonly (readonly DisplayRow[])[]): DisplayRow[] {
  let rows: DisplayRow[] = [];
  for (const part of parts) rows = rows.concat(part);
  const wants = parts.map(widest);
  rowsWants.set(rows, { name: Math.max(0, ...wants.map((w) => w.name)), status: Math.max(0, ...wants.map((w) => w.status)) });
  const counts = parts.map(rowCounts);
  rowsCounts.set(rows, { shown: counts.reduce((n, c) => n + c.shown, 0), total: counts.reduce((n, c) => n + c.total, 0) });
  return rows;
}
const listWants = new WeakMap<readonly DisplayRow[], Wants>();

/** The counts of a table's rows: known from buildRows; otherwise its service rows, all shown. */
export function rowCounts(rows: readonly DisplayRow[]): RowCounts {
  const known = rowsCounts.get(rows);
  if (known !== undefined) return known;
  const shown = rows.reduce((n, row) => n + (row.kind === 'service' ? 1 : 0), 0);
  return { shown, total: shown };
}

/** The Wants of a table's rows: known from buildRows, where every server list's are kept with its rows. */
export function widest(rows: readonly DisplayRow[]): Wants {
  return rowsWants.get(rows) ?? wantsOf(rows);
}

function wantsOf(rows: readonly DisplayRow[]): Wants {
  let wants = listWants.get(rows);
  if (wants === undefined) {
    let name = 0;
    let status = 0;
    for (const row of rows) {
      if (row.kind !== 'service') continue;
      name = Math.max(name, row.service.name.length);
      status = Math.max(status, shownStatus(row.service).length);
    }
    wants = { name, status };
    listWants.set(rows, wants);
  }
  return wants;
}

const JOIN = 4096;
const BLANK: DisplayRow = { kind: 'blank' };

/** Makes a proxy's rows ahead of buildRows (arranged as `opts` says), so that a caller can spread the work of 100,000 rows over time. */
export function prepareRows(proxy: Proxy, opts?: RowOptions): void {
  wantsOf(arrangedRows(proxy.listeners, opts));
  wantsOf(arrangedRows(proxy.servers, opts));
}

/** A proxy as rows name it: name, iid, and the instance it belongs to (undefined with one instance). */
export interface RowProxy {
  readonly name: string;
  readonly iid: number | undefined;
  readonly instance: string | undefined;
}

/** The proxies that rows [top, top + height) belong to, in order, repeats included. */
export function proxiesIn(rows: readonly DisplayRow[], top: number, height: number): RowProxy[] {
  const proxies: RowProxy[] = [];
  for (const row of rows.slice(Math.max(0, top), Math.max(0, top + height))) {
    if (row.kind === 'group') {
      const { proxy } = row;
      const instance = (proxy.frontend ?? proxy.backend ?? proxy.servers[0] ?? proxy.listeners[0])?.instance;
      proxies.push({ name: proxy.name, iid: proxy.iid, instance });
    } else if (row.kind === 'service') proxies.push({ name: row.service.proxy, iid: row.service.iid, instance: row.service.instance });
  }
  return proxies;
}

/** Row indexes of the service rows (the only rows a selection can rest on). */
export function serviceIndexes(rows: readonly DisplayRow[]): number[] {
  const out: number[] = [];
  rows.forEach((row, i) => {
    if (row.kind === 'service') out.push(i);
  });
  return out;
}

function serviceIds(rows: readonly DisplayRow[]): string[] {
  const out: string[] = [];
  for (const row of rows) if (row.kind === 'service') out.push(row.service.id);
  return out;
}

/** The last row found for an id: a refresh keeps rows in place, so the next lookup starts there. */
let lastFound: { rows: readonly DisplayRow[]; id: string; index: number } | undefined;

/**
 * The row showing service `id`, or undefined if it is not shown. The search starts where the id was found last
 * and widens from there: 100,000 rows cost a look or two per frame, not a scan.
 */
export function rowOf(rows: readonly DisplayRow[], id: string | undefined): number | undefined {
  if (id === undefined) return undefined;
  if (lastFound?.rows === rows && lastFound.id === id) return lastFound.index < 0 ? undefined : lastFound.index;
  const hint = lastFound?.id === id ? Math.min(lastFound.index, rows.length - 1) : 0;
  let index = -1;
  for (let d = 0; index < 0 && (hint - d >= 0 || hint + d < rows.length); d++) {
    if (isRowOf(rows[hint + d], id)) index = hint + d;
    else if (d > 0 && isRowOf(rows[hint - d], id)) index = hint - d;
  }
  lastFound = { rows, id, index };
  return index < 0 ? undefined : index;
}

const isRowOf = (row: DisplayRow | undefined, id: string): boolean => row?.kind === 'service' && row.service.id === id;

export function firstId(rows: readonly DisplayRow[]): string | undefined {
  for (let i = 0; i < rows.length; i++) if (rows[i]?.kind === 'service') return found(rows, i);
  return undefined;
}

export function lastId(rows: readonly DisplayRow[]): string | undefined {
  for (let i = rows.length - 1; i >= 0; i--) if (rows[i]?.kind === 'service') return found(rows, i);
  return undefined;
}

/** The id of the service row at `index`, remembered there for the rowOf that follows (END: 100,000 rows away). */
function found(rows: readonly DisplayRow[], index: number): string | undefined {
  const row = rows[index];
  if (row?.kind !== 'service') return undefined;
  lastFound = { rows, id: row.service.id, index };
  return row.service.id;
}

/**
 * The service `delta` service rows away from `currentId` (group and blank lines are skipped), clamped at
 * the first and last service. With no (or an unknown) current id: the first service for delta >= 0, the
 * last for delta < 0.
 */
export function moveSelection(
  rows: readonly DisplayRow[],
  currentId: string | undefined,
  delta: number,
): string | undefined {
  const at = rowOf(rows, currentId);
  if (at === undefined) return delta < 0 ? lastId(rows) : firstId(rows);
  const step = delta < 0 ? -1 : 1;
  let to = at;
  let left = Math.abs(Math.trunc(delta));
  for (let i = at + step; left > 0 && i >= 0 && i < rows.length; i += step) {
    if (rows[i]?.kind === 'service') {
      to = i;
      left--;
    }
  }
  return found(rows, to);
}

/**
 * The selection after the rows changed (refresh, filter):
 * - `id` still shown -> `id`, wherever it moved;
 * - `id` gone -> the service that now stands nearest to where it was: the first service that followed it
 *   before and is still shown, else the nearest one that preceded it;
 * - nothing selected yet (or no old neighbour survives) -> a service at the old position, else the first.
 * Undefined only when no service is shown.
 */
export function reconcileSelection(
  prevRows: readonly DisplayRow[],
  nextRows: readonly DisplayRow[],
  id: string | undefined,
): string | undefined {
  const nextIds = serviceIds(nextRows);
  if (nextIds.length === 0) return undefined;
  if (id === undefined) return nextIds[0];
  const shown = new Set(nextIds);
  if (shown.has(id)) return id;
  const prevIds = serviceIds(prevRows);
  const at = prevIds.indexOf(id);
  if (at < 0) return nextIds[0];
  for (let i = at + 1; i < prevIds.length; i++) {
    const candidate = prevIds[i];
    if (candidate !== undefined && shown.has(candidate)) return candidate;
  }
  for (let i = at - 1; i >= 0; i--) {
    const candidate = prevIds[i];
    if (candidate !== undefined && shown.has(candidate)) return candidate;
  }
  // Everything around it is gone too: keep the cursor at about the same place on screen.
  return nextIds[Math.min(at, nextIds.length - 1)];
}

/**
 * The first visible row (`top`) so that `selectedRow` is on screen with minimal scrolling, for `total`
 * rows in a window of `height`. Also pulls `top` back when the list got shorter, so no empty space is
 * shown below the last row while rows are hidden above.
 */
export function visibleWindow(total: number, height: number, selectedRow: number | undefined, top: number): number {
  if (height <= 0 || total <= 0) return 0;
  const maxTop = Math.max(0, total - height);
  let next = Math.min(Math.max(0, Math.trunc(top)), maxTop);
  if (selectedRow === undefined) return next;
  const row = Math.min(Math.max(0, Math.trunc(selectedRow)), total - 1);
  if (row < next) next = row;
  else if (row >= next + height) next = row - height + 1;
  return Math.min(next, maxTop);
}

/**
 * visibleWindow for a service id, plus one nicety: when scrolling up puts the selected service on the
 * top line and the line above is its proxy's `>>>` line, show that line too.
 */
export function scrollTop(rows: readonly DisplayRow[], height: number, selectedId: string | undefined, top: number): number {
  const row = rowOf(rows, selectedId);
  const next = visibleWindow(rows.length, height, row, top);
  if (row !== undefined && row === next && next > 0 && height >= 2 && rows[next - 1]?.kind === 'group') {
    // The instance's title too, when it is right above.
    return next >= 2 && height >= 3 && rows[next - 2]?.kind === 'instance' ? next - 2 : next - 1;
  }
  return next;
}

export { findService } from './find';
