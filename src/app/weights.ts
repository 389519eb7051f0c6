// Weight steps sent faster than refreshes come back: quick presses must add up, so the last weight sent is
// trusted over the polled one until HAProxy reports it (or a few seconds pass, or HAProxy refused it).
import type { ActionPlan } from './actions';
import { userWeight } from './actions';
import type { Snapshot } from '../stats/types';

const PENDING_MS = 5000;

export class PendingWeights {
  private readonly pending = new Map<string, { readonly target: number; readonly until: number }>();

  /** Where the next step for `id` starts from, when a step is still on its way. */
  baseFor(id: string | undefined, now: number): number | undefined {
    const entry = id === undefined ? undefined : this.pending.get(id);
    return entry !== undefined && entry.until > now ? entry.target : undefined;
  }

  remember(plan: ActionPlan, now: number): void {
    const id = plan.targets[0];
    if (id === undefined) return;
    if (plan.weightTarget === undefined) this.pending.delete(id);
    else this.pending.set(id, { target: plan.weightTarget, until: now + PENDING_MS });
  }

  forget(id: string | undefined): void {
    if (id !== undefined) this.pending.delete(id);
  }

  /** Drops what HAProxy now reports, and what is too old to trust. */
  settle(snapshot: Snapshot, now: number): void {
    for (const [id, entry] of this.pending) {
      const service = snapshot.byId.get(id);
      if (entry.until <= now || (service !== undefined && userWeight(service) === entry.target)) this.pending.delete(id);
    }
  }
}
