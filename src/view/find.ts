// `/`: the service whose label contains what the operator types. Pure, over the rows as shown (sorted, filtered).
import type { Service } from '../stats/types';
import type { DisplayRow } from './rows';

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
