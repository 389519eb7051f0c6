// What `f` (text) and `!` (problems only) let through. Pure. A service passes when it matches both; a proxy shows
// when any of its rows passes (see buildRows).
import type { Service } from '../stats/types';
import { shownStatus } from './columns';
import { fieldNumber } from './format';

export interface RowFilter {
  /** Matched, any case, against the proxy, the name, the status and the address; '' matches everything. */
  readonly text: string;
  /** Only services that need a look (see isProblem). */
  readonly problems: boolean;
}

/** Whether the filter hides anything at all. */
export const filtering = (filter: RowFilter | undefined): filter is RowFilter => filter !== undefined && (filter.text !== '' || filter.problems);

/** A key that changes whenever what the filter lets through may change. */
export const filterKey = (filter: RowFilter | undefined): string => (filtering(filter) ? `${filter.problems ? '!' : ''}${filter.text.toLowerCase()}` : '');

/**
 * A service that is not UP, OPEN or `no check` (by state: DOWN, MAINT, DRAIN, NOLB, a stopped frontend...), and a
 * server that is UP but whose checks fail (`UP 1/3`) or that has requests queued.
 */
export function isProblem(s: Service): boolean {
  const state = s.state;
  if (state.kind === 'up' && state.transition !== undefined) return true;
  if (state.kind !== 'up' && state.kind !== 'open' && state.kind !== 'nocheck') return true;
  return s.kind === 'server' && (fieldNumber(s, 'qcur') ?? 0) > 0;
}

/** The text part, with the needle already lower-case; the proxy is matched once per list (see passing). */
function textMatches(s: Service, needle: string): boolean {
  if (s.name.toLowerCase().includes(needle) || shownStatus(s).toLowerCase().includes(needle)) return true;
  return s.fields.get('addr')?.toLowerCase().includes(needle) === true;
}

/** Whether one service passes (a FRONTEND or BACKEND row judged on its own). */
export function passes(s: Service, filter: RowFilter | undefined): boolean {
  if (!filtering(filter)) return true;
  if (filter.problems && !isProblem(s)) return false;
  const needle = filter.text.toLowerCase();
  return needle === '' || s.proxy.toLowerCase().includes(needle) || textMatches(s, needle);
}

/** The items (of one proxy: a server or listener list) that pass, in their order; `serviceOf` reads an item's service. */
export function passing<T>(items: readonly T[], serviceOf: (item: T) => Service, filter: RowFilter | undefined): T[] {
  if (!filtering(filter)) return [...items];
  const needle = filter.text.toLowerCase();
  const first = items[0];
  // Every item of a list is of one proxy: when the proxy's name matches, the text lets them all through.
  const byProxy = needle === '' || (first !== undefined && serviceOf(first).proxy.toLowerCase().includes(needle));
  return items.filter((item) => {
    const s = serviceOf(item);
    return (!filter.problems || isProblem(s)) && (byProxy || textMatches(s, needle));
  });
}
