// `/`, n and N: finding a service by its name as the operator types. Pure over the rows; the controller owns
// the overlay and the selection.
import { findService } from '../view/find';
import type { DisplayRow } from '../view/rows';

export type Found = { readonly kind: 'found'; readonly id: string } | { readonly kind: 'none'; readonly message: string; readonly level: 'info' | 'error' };

export class Search {
  /** The last search ENTER kept, for n / N. */
  private lastQuery = '';

  /** Where the selection goes while `query` is typed: its first match from `origin`, else `origin`. */
  preview(rows: readonly DisplayRow[], query: string, origin: string | undefined): string | undefined {
    return query === '' ? origin : (findService(rows, query, origin, 1, true) ?? origin);
  }

  /** ENTER kept this search: n and N repeat it. */
  keep(query: string): void {
    if (query !== '') this.lastQuery = query;
  }

  /** Whether `query` matches any service (for the prompt's "no match"). */
  matches(rows: readonly DisplayRow[], query: string): boolean {
    return query === '' || findService(rows, query, undefined) !== undefined;
  }

  /** n / N: the next or previous match of the kept search from `from`. */
  again(rows: readonly DisplayRow[], from: string | undefined, direction: 1 | -1): Found {
    if (this.lastQuery === '') return { kind: 'none', level: 'info', message: 'Nothing searched yet: / starts a search.' };
    const id = findService(rows, this.lastQuery, from, direction);
    if (id === undefined) return { kind: 'none', level: 'error', message: `No service matches "${this.lastQuery}".` };
    return { kind: 'found', id };
  }
}
