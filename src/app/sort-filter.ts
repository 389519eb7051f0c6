// The table's sort and filter as the operator set them (`>`, `<`, `I`, `f`, `!`, --sort), and the row options they
// make for a view. The rows themselves are made in src/view; the Watch rebuilds them when these change.
import type { ModeNumber } from '../config';
import { isTableMode, type ModeId } from '../view/columns';
import { arrangementKey, type Arrangement } from '../view/arrange';
import type { RowFilter } from '../view/row-filter';
import { invertSort, resolveSort, sortWords, stepSort, type RowSort, type SortSpec } from '../view/sort';

export class SortFilter {
  /** By a column's header, so that one sort means the same column in every view that has it (NAME, W, STATUS). */
  private sort: SortSpec | undefined;
  /** What `f` keeps; '' is no text filter. */
  text = '';
  problems = false;
  /** The view whose columns the sort is of while the CLI view, which has none, is shown. */
  private tableMode: ModeId = 1;

  constructor(sort: SortSpec | undefined, mode: ModeNumber) {
    this.sort = sort;
    this.sortIn(mode);
  }

  /** The sort in force in a view: none in a view without that column. */
  sortIn(mode: ModeNumber): RowSort | undefined {
    if (isTableMode(mode)) this.tableMode = mode;
    return resolveSort(this.sort, this.tableMode);
  }

  get filter(): RowFilter | undefined {
    return this.text === '' && !this.problems ? undefined : { text: this.text, problems: this.problems };
  }

  /** The rows' arrangement in a view. */
  arrangement(mode: ModeNumber): Arrangement {
    return { sort: this.sortIn(mode), filter: this.filter };
  }

  /** Changes whenever the rows of a view would be arranged differently. */
  key(mode: ModeNumber): string {
    return arrangementKey(this.arrangement(mode));
  }

  /** `>` / `<`: the next or previous column; the status line's words for it. */
  step(mode: ModeNumber, step: 1 | -1): string {
    this.sortIn(mode);
    this.sort = stepSort(this.sort, this.tableMode, step);
    return this.said(mode);
  }

  /** `I`: the other order; without a sort, how to get one. */
  invert(mode: ModeNumber): string {
    if (this.sort === undefined || this.sortIn(mode) === undefined) return 'Not sorted: > or < picks a column to sort by.';
    this.sort = invertSort(this.sort);
    return this.said(mode);
  }

  private said(mode: ModeNumber): string {
    const sort = this.sortIn(mode);
    return sort === undefined ? "HAProxy's order." : `Sorted by ${sortWords(sort)} (within each proxy; I inverts).`;
  }

  /** `!`: the status line's words for the new state. */
  toggleProblems(): string {
    this.problems = !this.problems;
    return this.problems ? 'Problems only: services not UP, OPEN or no check, failing checks, queues (! again shows all).' : 'All services again (problems only is off).';
  }
}
