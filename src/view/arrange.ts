// A proxy's server (or listener) list as rows: made once per list, then sorted and filtered once per list and
// arrangement. A refresh that read only some proxies again keeps the other proxies' lists, and with them these
// rows, instead of making, sorting and matching 100,000 again.
import type { Service } from '../stats/types';
import type { DisplayRow } from './rows';
import { filterKey, filtering, passing, type RowFilter } from './row-filter';
import { sortedBy, type RowSort } from './sort';

export type ServiceRow = Extract<DisplayRow, { kind: 'service' }>;

/** How the rows of every list are arranged: sorted, filtered, or neither. */
export interface Arrangement {
  readonly sort?: RowSort | undefined;
  readonly filter?: RowFilter | undefined;
}

const rowsOfList = new WeakMap<readonly Service[], readonly ServiceRow[]>();

/** One row per service of the list, in HAProxy's order: the same row objects for as long as the list lives. */
export function serviceRows(services: readonly Service[]): readonly ServiceRow[] {
  let rows = rowsOfList.get(services);
  if (rows === undefined) {
    rows = services.map((service): ServiceRow => ({ kind: 'service', service }));
    rowsOfList.set(services, rows);
  }
  return rows;
}

/** A key that changes whenever the arrangement of a list may change. */
export const arrangementKey = (a: Arrangement | undefined): string =>
  a?.sort === undefined && !filtering(a?.filter) ? '' : `${a?.sort?.column.id ?? ''}:${a?.sort?.order ?? ''}|${filterKey(a?.filter)}`;

/** The latest arrangement of each list: the operator changes it seldom, the lists change at every refresh. */
const arrangedOfList = new WeakMap<readonly Service[], Arranged>();

interface Arranged {
  readonly key: string;
  readonly sort: string;
  readonly filter: RowFilter | undefined;
  readonly rows: readonly ServiceRow[];
}

const serviceOf = (row: ServiceRow): Service => row.service;
const sortKey = (sort: RowSort | undefined): string => (sort === undefined ? '' : `${sort.column.id}:${sort.order}`);

/** Whether everything `next` lets through, `previous` did too: a letter typed, `!` turned on. */
function narrows(previous: RowFilter | undefined, next: RowFilter | undefined): boolean {
  if (!filtering(previous)) return true;
  if (!filtering(next) || (previous.problems && !next.problems)) return false;
  return next.text.toLowerCase().includes(previous.text.toLowerCase());
}

/**
 * The list's rows, filtered then sorted: its own rows (serviceRows) when nothing is arranged. A filter that narrows
 * the last one, in the same order, looks only at the rows that passed it: typing a name at 100,000 services gets
 * faster with each letter.
 */
export function arrangedRows(services: readonly Service[], arrangement: Arrangement | undefined): readonly ServiceRow[] {
  const rows = serviceRows(services);
  const key = arrangementKey(arrangement);
  if (key === '' || rows.length === 0) return rows;
  const kept = arrangedOfList.get(services);
  if (kept?.key === key) return kept.rows;
  const { sort, filter } = arrangement ?? {};
  let arranged: readonly ServiceRow[];
  if (kept !== undefined && kept.sort === sortKey(sort) && narrows(kept.filter, filter)) arranged = passing(kept.rows, serviceOf, filter);
  else {
    const shown = passing(rows, serviceOf, filter);
    arranged = sort === undefined || shown.length < 2 ? shown : sortedBy(shown, serviceOf, sort);
  }
  arrangedOfList.set(services, { key, sort: sortKey(sort), filter, rows: arranged });
  return arranged;
}
