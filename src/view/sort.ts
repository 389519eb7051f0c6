// Sorting the table by one of its columns. Pure. Rows sort within their proxy only (the `>>>` line, FRONTEND and
// BACKEND keep their places), so a proxy still reads as a block and the selection's neighbours stay its own.
import type { Service } from '../stats/types';
import { columnsFor, takesNoTraffic, type ColumnDef, type ModeId, type SortKind } from './columns';
import { fieldNumber } from './format';

export type SortOrder = 'asc' | 'desc';

/** A sort as the operator names it: a column by its header (`SCUR`, as shown), and the order. */
export interface SortSpec {
  readonly header: string;
  readonly order: SortOrder;
}

/** A sort resolved against a view: the column it orders by. */
export interface RowSort {
  readonly column: ColumnDef;
  readonly order: SortOrder;
}

const TABLE_MODES: readonly ModeId[] = [1, 2, 3, 4];

/** Every header of the four table views, once each, in view order: what `--sort` accepts. */
export const SORT_HEADERS: readonly string[] = [...new Set(TABLE_MODES.flatMap((m) => columnsFor(m).map((c) => c.header)))];

/** The column of a view shown under `header` (any case), if that view has one. */
export function columnNamed(mode: ModeId, header: string): ColumnDef | undefined {
  const wanted = header.toLowerCase();
  return columnsFor(mode).find((c) => c.header.toLowerCase() === wanted);
}

/** The order a column starts in: the largest numbers and the worst states first, names from A. */
export const firstOrder = (kind: SortKind): SortOrder => (kind === 'text' ? 'asc' : 'desc');

/** The sort in force in a view: none when the view has no column of that header (RATE is in two, SCUR in one). */
export function resolveSort(spec: SortSpec | undefined, mode: ModeId): RowSort | undefined {
  const column = spec === undefined ? undefined : columnNamed(mode, spec.header);
  return column === undefined || spec === undefined ? undefined : { column, order: spec.order };
}

/**
 * `>` (step 1) and `<` (step -1): the next or previous column of the view, each in its first order; past either
 * end, no sort (HAProxy's order), and from no sort the first (or last) column.
 */
export function stepSort(spec: SortSpec | undefined, mode: ModeId, step: 1 | -1): SortSpec | undefined {
  const columns = columnsFor(mode);
  const current = resolveSort(spec, mode);
  const at = current === undefined ? (step === 1 ? -1 : columns.length) : columns.indexOf(current.column);
  const next = columns[at + step];
  return next === undefined ? undefined : { header: next.header, order: firstOrder(next.sort) };
}

export const invertSort = (spec: SortSpec): SortSpec => ({ header: spec.header, order: spec.order === 'asc' ? 'desc' : 'asc' });

/** The header's mark: `v` for descending, `^` for ascending (plain ASCII, for any terminal). */
export const sortMark = (order: SortOrder): string => (order === 'desc' ? 'v' : '^');

/** `SCUR, largest first` for the status line. */
export function sortWords(sort: RowSort): string {
  const { header, sort: kind } = sort.column;
  const first = kind === 'number' ? ['smallest', 'largest'] : kind === 'status' ? ['healthiest', 'worst'] : ['A to Z', 'Z to A'];
  return `${header}, ${sort.order === 'asc' ? first[0] : first[1]}${kind === 'text' ? '' : ' first'}`;
}

/**
 * How bad a state is, for sorting by STATUS: DOWN worst, then MAINT, DRAIN (and UP at weight 0, which the table
 * shows as draining), NOLB, an UP server whose checks fail (`UP 1/3`), anything unusual, and UP, OPEN or no check.
 */
export function severity(s: Service): number {
  const state = s.state;
  switch (state.kind) {
    case 'down':
      return 6;
    case 'maint':
      return 5;
    case 'drain':
      return 4;
    case 'nolb':
      return 3;
    case 'up':
      return state.transition !== undefined ? 2 : takesNoTraffic(s) ? 4 : 0;
    case 'open':
    case 'nocheck':
      return 0;
    case 'stop':
    case 'paused':
    case 'full':
    case 'waiting':
    case 'unknown':
      return 1;
    default: {
      const unhandled: never = state;
      return unhandled;
    }
  }
}

type Key = number | string | undefined;

function keyOf(s: Service, column: ColumnDef): Key {
  const field = column.field ?? column.id;
  switch (column.sort) {
    case 'number':
      return fieldNumber(s, field);
    case 'status':
      return severity(s);
    case 'text':
      return (field === 'svname' ? s.name : s.fields.get(field))?.toLowerCase();
    default: {
      const unhandled: never = column.sort;
      return unhandled;
    }
  }
}

/**
 * `items` (a proxy's servers, or its listeners) ordered by the sort; `serviceOf` reads the service of an item.
 * Each value is read once (a field is cut out of its CSV line). A missing value goes last in either order, and
 * equal values keep HAProxy's order, in either order too.
 */
export function sortedBy<T>(items: readonly T[], serviceOf: (item: T) => Service, sort: RowSort): T[] {
  const keys = items.map((item) => keyOf(serviceOf(item), sort.column));
  const sign = sort.order === 'asc' ? 1 : -1;
  const order = items.map((_, i) => i);
  order.sort((a, b) => {
    const x = keys[a];
    const y = keys[b];
    if (x === undefined || y === undefined) return x === y ? a - b : x === undefined ? 1 : -1;
    return x < y ? -sign : x > y ? sign : a - b;
  });
  return order.map((i) => items[i] as T);
}
