// The service table as a list of display rows, and selection by service id over it. Pure.
// hatop kept the cursor as a row number (fault 1): it could rest on `>>>` and blank lines, and after a
// refresh that added or removed services it pointed at another server, so the next F-key hit the wrong
// one. Here the selection is always a service id (kind, proxy, name); row numbers are derived per frame.

import type { Proxy, Service, Snapshot } from '../stats/types';
import { sanitize } from './format';

export type DisplayRow =
  | { readonly kind: 'group'; readonly proxy: Proxy; readonly text: string }
  | { readonly kind: 'service'; readonly service: Service }
  | { readonly kind: 'blank' };

export interface RowOptions {
  /** Show only proxies of these names: every proxy of a name (frontend and backend `web`). Empty = all. */
  readonly proxies?: readonly string[];
}

/** Per proxy, in `show stat` order: `>>> pxname`, FRONTEND, listeners, servers, BACKEND, a blank line. */
export function buildRows(snapshot: Snapshot, opts?: RowOptions): DisplayRow[] {
  const wanted = opts?.proxies !== undefined && opts.proxies.length > 0 ? new Set(opts.proxies) : undefined;
  const rows: DisplayRow[] = [];
  for (const proxy of snapshot.proxies) {
    if (wanted !== undefined && !wanted.has(proxy.name)) continue;
    rows.push({ kind: 'group', proxy, text: `>>> ${sanitize(proxy.name)}` });
    for (const service of proxy.services) rows.push({ kind: 'service', service });
    rows.push({ kind: 'blank' });
  }
  return rows;
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

/** The row showing service `id`, or undefined if it is not shown. */
export function rowOf(rows: readonly DisplayRow[], id: string | undefined): number | undefined {
  if (id === undefined) return undefined;
  const i = rows.findIndex((row) => row.kind === 'service' && row.service.id === id);
  return i >= 0 ? i : undefined;
}

export function firstId(rows: readonly DisplayRow[]): string | undefined {
  for (const row of rows) if (row.kind === 'service') return row.service.id;
  return undefined;
}

export function lastId(rows: readonly DisplayRow[]): string | undefined {
  for (let i = rows.length - 1; i >= 0; i--) {
    const row = rows[i];
    if (row !== undefined && row.kind === 'service') return row.service.id;
  }
  return undefined;
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
  const ids = serviceIds(rows);
  if (ids.length === 0) return undefined;
  const at = currentId === undefined ? -1 : ids.indexOf(currentId);
  if (at < 0) return delta < 0 ? ids[ids.length - 1] : ids[0];
  const to = Math.min(ids.length - 1, Math.max(0, at + Math.trunc(delta)));
  return ids[to];
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
    return next - 1;
  }
  return next;
}

/**
 * The next service whose label (`pxname/svname`) contains `query` (case-insensitive), searching from the one
 * after `fromId` (or from `fromId` itself with `inclusive`) in `direction`, wrapping around. Undefined when
 * nothing matches or the query is empty.
 */
export function findService(
  rows: readonly DisplayRow[],
  query: string,
  fromId: string | undefined,
  direction: 1 | -1 = 1,
  inclusive = false,
): string | undefined {
  const needle = query.toLowerCase();
  if (needle === '') return undefined;
  const services: Service[] = [];
  for (const row of rows) if (row.kind === 'service') services.push(row.service);
  const n = services.length;
  if (n === 0) return undefined;
  const at = fromId === undefined ? -1 : services.findIndex((s) => s.id === fromId);
  const start = at < 0 ? (direction === 1 ? 0 : n - 1) : inclusive ? at : at + direction;
  for (let k = 0; k < n; k++) {
    const service = services[(((start + k * direction) % n) + n) % n];
    if (service !== undefined && service.label.toLowerCase().includes(needle)) return service.id;
  }
  return undefined;
}
