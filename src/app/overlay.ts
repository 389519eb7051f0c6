// What the controller shows besides the table: the status-line message and the overlay over the view.
import type { ActionPlan } from './actions';
import type { NoticeLevel } from './instance';

export interface Notice {
  readonly text: string;
  readonly level: NoticeLevel;
}

export type Overlay =
  | { readonly kind: 'none' }
  | { readonly kind: 'help' }
  /** ENTER: the actions for the selected row; `index` is the highlighted one. */
  | { readonly kind: 'menu'; readonly index: number }
  /** `i`: every field of the selected service; follows the selection. */
  | { readonly kind: 'details' }
  /** `/`: the search being typed, and the selection to go back to on ESC. */
  | { readonly kind: 'find'; readonly query: string; readonly origin: string | undefined }
  /** `f`: the filter being typed; it applies as it is typed. */
  | { readonly kind: 'filter'; readonly query: string }
  | { readonly kind: 'confirm'; readonly plan: ActionPlan };

