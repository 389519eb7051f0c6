// The selection: the service the operator picked, by identity, and what happens when HAProxy stops reporting it.
// The cursor never silently becomes another service's selection: when the selected service disappears (a reload
// removed it), the cursor rests on its neighbour so the operator keeps their place, but the selection is marked
// lost, the hotkeys refuse, and only the operator's next move selects a service again. A service the operator's
// own filter hides is not lost: the cursor's neighbour is selected (the footer names it), and the hidden one is
// held, to be selected again when it shows, unless the operator chose another meanwhile.
import type { Service, ServiceId, Snapshot } from '../stats/types';
import { firstId, lastId, moveSelection, reconcileSelection, rowOf, type DisplayRow } from '../view/rows';
import type { ActionId } from './keymap';

/** What a refresh did to the selection, for the status line. */
export type SelectionChange =
  | { readonly kind: 'none' }
  | { readonly kind: 'lost'; readonly label: string }
  | { readonly kind: 'back'; readonly label: string };

export class Selection {
  /** The service the cursor is on. */
  id: ServiceId | undefined;
  /** Set while the service the operator selected is no longer shown: its label, and its id should it return. */
  lost: { readonly id: ServiceId; readonly label: string } | undefined;
  /** The service the operator had selected when the filter hid it. */
  private held: ServiceId | undefined;
  /**
   * The cursor is where it started, on the first service, not chosen by the operator: it stays on the first
   * service while rows arrive (instances answer one by one, the first in the list not always first).
   */
  private initial = false;

  /** The operator chose a service (a move, a search): whatever was lost is forgotten. */
  set(id: ServiceId | undefined): void {
    this.id = id;
    this.lost = undefined;
    this.held = undefined;
    this.initial = false;
  }

  /** The rows were sorted or filtered again, by the operator: nothing is lost, a hidden service is held. */
  rearranged(previousRows: readonly DisplayRow[], rows: readonly DisplayRow[]): void {
    if (this.unheld(rows)) return;
    // Still where it started, or nothing was shown: the first service.
    if (this.initial || this.id === undefined) this.id = firstId(rows);
    else this.hide(previousRows, rows);
  }

  /** Selects the held service again if it shows; true when it did. */
  private unheld(rows: readonly DisplayRow[]): boolean {
    const held = this.held;
    if (held === undefined || !shown(rows, held)) return false;
    this.id = held;
    this.held = undefined;
    return true;
  }

  /** The cursor's service is not shown (still reported, but filtered out): it waits on its neighbour. */
  private hide(previousRows: readonly DisplayRow[], rows: readonly DisplayRow[]): void {
    if (this.id === undefined || shown(rows, this.id)) return;
    // A lost selection stays lost; its neighbour, under the cursor, was never chosen.
    if (this.lost === undefined && this.held === undefined) this.held = this.id;
    this.id = reconcileSelection(previousRows, rows, this.id);
  }

  /** The new rows of a refresh, with the snapshot the old rows came from (to name a service that vanished). */
  reconcile(previousRows: readonly DisplayRow[], previous: Snapshot | undefined, rows: readonly DisplayRow[], next: Snapshot): SelectionChange {
    const lost = this.lost;
    if (lost !== undefined && next.byId.has(lost.id) && shown(rows, lost.id)) {
      this.set(lost.id);
      return { kind: 'back', label: lost.label };
    }
    // Gone from HAProxy while hidden: nothing to come back to.
    if (this.held !== undefined && !next.byId.has(this.held)) this.held = undefined;
    if (this.unheld(rows)) return { kind: 'none' };
    if (this.id === undefined || this.initial) {
      this.id = firstId(rows);
      this.initial = true;
      return { kind: 'none' };
    }
    if (shown(rows, this.id)) return { kind: 'none' };
    if (next.byId.has(this.id)) {
      // Still reported, but the filter hides it now (problems only, and it recovered).
      this.hide(previousRows, rows);
      return { kind: 'none' };
    }
    const gone: Service | undefined = previous?.byId.get(this.id);
    this.id = reconcileSelection(previousRows, rows, this.id);
    if (lost !== undefined) return { kind: 'none' }; // already said; the cursor only moved on
    if (gone === undefined) return { kind: 'none' };
    this.lost = { id: gone.id, label: gone.label };
    return { kind: 'lost', label: gone.label };
  }

  /** What the footer names: the selected service's label, or `gone: <label>` while it is lost. */
  label(snapshot: Snapshot | undefined): string | undefined {
    if (this.lost !== undefined) return `gone: ${this.lost.label}`;
    return this.id === undefined ? undefined : snapshot?.byId.get(this.id)?.label;
  }

  /** Why an action on the selection must not run now, or undefined. */
  refusal(): string | undefined {
    if (this.lost === undefined) return undefined;
    return `${this.lost.label} is no longer reported by HAProxy: select a service first (arrows, HOME, /).`;
  }
}

const shown = (rows: readonly DisplayRow[], id: ServiceId): boolean => rowOf(rows, id) !== undefined;

/** The status-line sentence for a change, or undefined. */
export function selectionNotice(change: SelectionChange): string | undefined {
  switch (change.kind) {
    case 'none':
      return undefined;
    case 'lost':
      return `${change.label} is gone from HAProxy's report: hotkeys are off until you select a service.`;
    case 'back':
      return `${change.label} is back and selected again.`;
    default: {
      const unhandled: never = change;
      return unhandled;
    }
  }
}

/** Where a moving key takes the cursor: by one, by a page, to either end (title and blank rows are skipped). */
export function navigate(
  rows: readonly DisplayRow[],
  from: ServiceId | undefined,
  key: Extract<ActionId, 'up' | 'down' | 'page-up' | 'page-down' | 'home' | 'end'>,
  pageSize: number,
): ServiceId | undefined {
  const page = Math.max(1, pageSize);
  switch (key) {
    case 'up':
      return moveSelection(rows, from, -1);
    case 'down':
      return moveSelection(rows, from, 1);
    case 'page-up':
      return moveSelection(rows, from, -page);
    case 'page-down':
      return moveSelection(rows, from, page);
    case 'home':
      return firstId(rows);
    case 'end':
      return lastId(rows);
    default: {
      const unhandled: never = key;
      return unhandled;
    }
  }
}
