// What the controller shows besides the table: the status-line message and the overlay over the view.
import type { ActionPlan } from './actions';
import type { ActionId } from './keymap';
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
  /** `g`: the selected service's recent figures as sparklines; follows the selection. */
  | { readonly kind: 'history' }
  /** `/`: the search being typed, and the selection to go back to on ESC. */
  | { readonly kind: 'find'; readonly query: string; readonly origin: string | undefined }
  /** `f`: the filter being typed; it applies as it is typed. */
  | { readonly kind: 'filter'; readonly query: string }
  | { readonly kind: 'confirm'; readonly plan: ActionPlan }
  /** A number being typed for an action that asks for one (a weight, a maxconn), on the service `id`. */
  | { readonly kind: 'input'; readonly action: ActionId; readonly id: string; readonly text: string; readonly prompt: string }
  /** Text typed for a runtime view's write (MAPS: a new entry, a new value), before it is confirmed. */
  | { readonly kind: 'text'; readonly purpose: 'add' | 'change'; readonly prompt: string; readonly text: string; readonly row: string | undefined }
  /** A question with a few one-letter answers (a safe switch that timed out, or cancelling one). */
  | { readonly kind: 'question'; readonly question: Question };

/** What an answer does; handled by the controller. */
export type Answer =
  | { readonly kind: 'maint-now'; readonly id: string }
  | { readonly kind: 'keep-waiting'; readonly id: string }
  | { readonly kind: 'cancel-switch'; readonly id: string };

export interface Question {
  readonly title: string;
  readonly choices: readonly { readonly key: string; readonly label: string; readonly answer: Answer }[];
  /** What ESC means: never a change the operator did not choose. */
  readonly escape: Answer;
}

