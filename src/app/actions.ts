// Server hotkeys -> command plans. Pure: the snapshot and the selected service in, the exact commands out.
import type { ActionId } from './keymap';
import type { Command } from '../runtime/types';
import { setServerState, setWeight, setWeightPercent } from '../runtime/commands';
import type { Service, Snapshot } from '../stats/types';

export interface ActionPlan {
  readonly action: ActionId;
  /** One line for the status line and the confirmation: what will happen. */
  readonly title: string;
  /** Every `backend/server` the plan touches, in order. */
  readonly targets: readonly string[];
  readonly commands: readonly Command[];
  /** Actions that reach beyond the selected backend ask first. */
  readonly confirm: boolean;
  /** For weight steps: the absolute weight sent, so further quick presses start from it. */
  readonly weightTarget?: number;
}

export type PlanResult = { readonly ok: true; readonly plan: ActionPlan } | { readonly ok: false; readonly message: string };

export const SERVER_ACTIONS: ReadonlySet<ActionId> = new Set<ActionId>([
  'enable-all',
  'maint-all',
  'drain-all',
  'weight-reset',
  'weight-minus-10',
  'weight-minus-1',
  'weight-plus-1',
  'weight-plus-10',
  'enable',
  'maint',
  'drain',
]);

const WEIGHT_DELTA: Partial<Record<ActionId, number>> = {
  'weight-minus-10': -10,
  'weight-minus-1': -1,
  'weight-plus-1': 1,
  'weight-plus-10': 10,
};

export const MAX_WEIGHT = 256;

const int = (text: string | undefined): number | undefined => {
  if (text === undefined || !/^-?\d+$/.test(text)) return undefined;
  return Number(text);
};

/** The weight the operator set (`uweight`, 2.3+), else the effective one (`weight`): drain shows weight 0. */
export function userWeight(service: Service): number | undefined {
  return int(service.fields['uweight']) ?? int(service.fields['weight']);
}

/** Every server of that name, in every backend (and listen section) that has one, in HAProxy's order. */
export function serversNamed(snapshot: Snapshot, name: string): Service[] {
  return snapshot.services.filter((s) => s.kind === 'server' && s.name === name);
}

const STATE_WORDS = { ready: 'ready', maint: 'maintenance', drain: 'drain' } as const;

function statePlan(action: ActionId, targets: readonly Service[], state: 'ready' | 'maint' | 'drain', all: boolean): ActionPlan {
  const ids = targets.map((s) => s.id);
  const scope = all ? `${targets[0]?.name ?? ''} in ${ids.length} backend${ids.length === 1 ? '' : 's'}` : (ids[0] ?? '');
  return {
    action,
    title: `${STATE_WORDS[state]}: ${scope}`,
    targets: ids,
    commands: targets.map((s) => setServerState(s.proxy, s.name, state)),
    confirm: all,
  };
}

/**
 * Plans a server hotkey on the selected service. `weightBase` is where weight steps start from when presses come
 * faster than refreshes (the controller keeps the last target it sent), so quick presses add up.
 */
export function planServerAction(
  action: ActionId,
  snapshot: Snapshot,
  selectedId: string | undefined,
  weightBase?: number,
): PlanResult {
  const selected = selectedId === undefined ? undefined : snapshot.byId.get(selectedId);
  if (selected === undefined) return { ok: false, message: 'No service is selected.' };
  if (selected.kind !== 'server') {
    return { ok: false, message: `${selected.id} is a ${selected.kind}: server hotkeys work on server rows.` };
  }
  const b = selected.proxy;
  const s = selected.name;
  switch (action) {
    case 'enable':
      return { ok: true, plan: statePlan(action, [selected], 'ready', false) };
    case 'maint':
      return { ok: true, plan: statePlan(action, [selected], 'maint', false) };
    case 'drain':
      return { ok: true, plan: statePlan(action, [selected], 'drain', false) };
    case 'enable-all':
      return { ok: true, plan: statePlan(action, serversNamed(snapshot, s), 'ready', true) };
    case 'maint-all':
      return { ok: true, plan: statePlan(action, serversNamed(snapshot, s), 'maint', true) };
    case 'drain-all':
      return { ok: true, plan: statePlan(action, serversNamed(snapshot, s), 'drain', true) };
    case 'weight-reset':
      return {
        ok: true,
        plan: { action, title: `weight: ${selected.id} back to its initial weight`, targets: [selected.id], commands: [setWeightPercent(b, s, 100)], confirm: false },
      };
    default: {
      const delta = WEIGHT_DELTA[action];
      if (delta === undefined) return { ok: false, message: `${action} is not a server action.` };
      const current = weightBase ?? userWeight(selected);
      if (current === undefined) return { ok: false, message: `${selected.id} reports no weight.` };
      const target = Math.max(0, Math.min(MAX_WEIGHT, current + delta));
      return {
        ok: true,
        plan: { action, title: `weight: ${selected.id} ${current} -> ${target}`, targets: [selected.id], commands: [setWeight(b, s, target)], confirm: false, weightTarget: target },
      };
    }
  }
}
