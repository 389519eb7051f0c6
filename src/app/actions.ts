// Server hotkeys -> command plans. Pure: the snapshot and the selected service in, the exact commands out.
import type { ActionId } from './keymap';
import type { Command } from '../runtime/types';
import { setServerState, setWeight, setWeightPercent } from '../runtime/commands';
import { serviceId } from '../stats/model';
import type { Service, ServiceId, Snapshot } from '../stats/types';

/** A command and, when several HAProxy instances are watched, the one it is for. */
export interface PlannedCommand extends Command {
  readonly instance?: string;
}

export interface ActionPlan {
  readonly action: ActionId;
  /** One line for the status line and the confirmation: what will happen. */
  readonly title: string;
  /** Every server the plan touches, in order. */
  readonly targets: readonly ServiceId[];
  readonly commands: readonly PlannedCommand[];
  /** What the confirmation must say besides the commands (an instance that could not be asked). */
  readonly notes?: readonly string[];
  /** Actions that reach beyond the selected backend ask first. */
  readonly confirm: boolean;
  /** For weight steps: the absolute weight sent, so further quick presses start from it. */
  readonly weightTarget?: number;
  /** Picked in the ENTER menu rather than by its key (the audit log says which). */
  readonly viaMenu?: boolean;
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
  return int(service.fields.get('uweight')) ?? int(service.fields.get('weight'));
}

/** Every server of that name, in every backend (and listen section) that has one, in HAProxy's order. */
export function serversNamed(snapshot: Snapshot, name: string): Service[] {
  return snapshot.services.filter((s) => s.kind === 'server' && s.name === name);
}

/** The command for one server, addressed to its instance. */
const forService = (service: Service, command: Command): PlannedCommand =>
  service.instance === undefined ? command : { ...command, instance: service.instance };

/** The actions that reach every backend with a server of the selected name, and the state each sets. */
export const EVERY_BACKEND: Readonly<Partial<Record<ActionId, 'ready' | 'maint' | 'drain'>>> = {
  'enable-all': 'ready',
  'maint-all': 'maint',
  'drain-all': 'drain',
};

const STATE_WORDS = { ready: 'ready', maint: 'maintenance', drain: 'drain' } as const;

interface Target {
  readonly proxy: string;
  readonly name: string;
  readonly instance: string | undefined;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function statePlan(action: ActionId, targets: readonly Target[], state: 'ready' | 'maint' | 'drain', all: boolean, label?: string): ActionPlan {
  const first = targets[0];
  const instances = new Set(targets.map((t) => t.instance)).size;
  const where = instances > 1 ? ` on ${plural(instances, 'instance')}` : '';
  const scope = all ? `${first?.name ?? ''} in ${plural(targets.length, 'backend')}${where}` : (label ?? `${first?.proxy}/${first?.name}`);
  return {
    action,
    title: `${STATE_WORDS[state]}: ${scope}`,
    targets: targets.map((t) => serviceId('server', t.proxy, t.name, t.instance)),
    commands: targets.map((t) => ({ ...setServerState(t.proxy, t.name, state), ...(t.instance === undefined ? {} : { instance: t.instance }) })),
    confirm: all,
  };
}

/** The backends of one instance that have the server (undefined instance: the only one). */
export interface BackendList {
  readonly instance: string | undefined;
  readonly backends: readonly string[];
}

/**
 * F1-F3 from complete lists of HAProxy's backends that have a server called `server` (from `show servers
 * state` of every instance, not from the view, which -f and -p may narrow): one command per backend, confirmed
 * first. `notes` are shown in the confirmation (instances that could not be asked).
 */
export function planEveryBackend(action: ActionId, server: string, lists: readonly BackendList[], notes: readonly string[] = []): PlanResult {
  const state = EVERY_BACKEND[action];
  if (state === undefined) return { ok: false, message: `${action} does not act on every backend.` };
  const targets = lists.flatMap((l) => l.backends.map((proxy): Target => ({ proxy, name: server, instance: l.instance })));
  if (targets.length === 0) return { ok: false, message: `HAProxy reports no backend with a server named ${server}.` };
  const plan = statePlan(action, targets, state, true);
  return { ok: true, plan: notes.length === 0 ? plan : { ...plan, notes } };
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
    return { ok: false, message: `${selected.label} is a ${selected.kind}: server hotkeys work on server rows.` };
  }
  const b = selected.proxy;
  const s = selected.name;
  switch (action) {
    case 'enable':
      return { ok: true, plan: statePlan(action, [selected], 'ready', false, selected.label) };
    case 'maint':
      return { ok: true, plan: statePlan(action, [selected], 'maint', false, selected.label) };
    case 'drain':
      return { ok: true, plan: statePlan(action, [selected], 'drain', false, selected.label) };
    case 'enable-all':
      return { ok: true, plan: statePlan(action, serversNamed(snapshot, s), 'ready', true) };
    case 'maint-all':
      return { ok: true, plan: statePlan(action, serversNamed(snapshot, s), 'maint', true) };
    case 'drain-all':
      return { ok: true, plan: statePlan(action, serversNamed(snapshot, s), 'drain', true) };
    case 'weight-reset':
      return {
        ok: true,
        plan: { action, title: `weight: ${selected.label} back to its initial weight`, targets: [selected.id], commands: [forService(selected, setWeightPercent(b, s, 100))], confirm: false },
      };
    default: {
      const delta = WEIGHT_DELTA[action];
      if (delta === undefined) return { ok: false, message: `${action} is not a server action.` };
      const current = weightBase ?? userWeight(selected);
      if (current === undefined) return { ok: false, message: `${selected.label} reports no weight.` };
      const target = Math.max(0, Math.min(MAX_WEIGHT, current + delta));
      // At a limit already: sending the same weight again would only report `0 -> 0` as if it did something.
      if (target === current) return { ok: false, message: `${selected.label} is already at weight ${current}: nothing sent.` };
      return {
        ok: true,
        plan: { action, title: `weight: ${selected.label} ${current} -> ${target}`, targets: [selected.id], commands: [forService(selected, setWeight(b, s, target))], confirm: false, weightTarget: target },
      };
    }
  }
}
