// Server hotkeys -> command plans. Pure: the snapshot and the selected service in, the exact commands out.
import type { ActionId } from './keymap';
import type { Command } from '../runtime/types';
import { disableFrontend, enableFrontend, setAgent, setHealth, setMaxconnServer, setServerState, setWeight, setWeightPercent, shutdownSessionsServer } from '../runtime/commands';
import { num, serviceId } from '../stats/model';
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
  /** The runtime view it was asked for in (SESSIONS, MAPS), for the audit log. */
  readonly view?: string;
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
  'safe-maint',
  'safe-maint-all',
  'ready-wait',
  'health-up',
  'health-nolb',
  'health-down',
  'agent-up',
  'agent-down',
  'kill-sessions',
  'weight-set',
  'maxconn-set',
  'frontend-disable',
  'frontend-enable',
]);

/** Actions whose commands start a watched switch (see SafeSwitches): drain then MAINT once idle, or ready then UP. */
export const WATCHED: Readonly<Partial<Record<ActionId, 'maint' | 'up'>>> = {
  'safe-maint': 'maint',
  'safe-maint-all': 'maint',
  'ready-wait': 'up',
};

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
  'safe-maint-all': 'drain',
};

const STATE_WORDS = { ready: 'ready', maint: 'maintenance', drain: 'drain' } as const;

/** What a plan is called: the state it sets, or for a watched switch what it is for. */
function planWord(action: ActionId, state: 'ready' | 'maint' | 'drain'): string {
  const watched = WATCHED[action];
  if (watched === 'maint') return 'safe maintenance (drain, then MAINT once idle)';
  if (watched === 'up') return 'ready, then wait until UP';
  return STATE_WORDS[state];
}

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
    title: `${planWord(action, state)}: ${scope}`,
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

/** One command on one service, asking first or not. */
const single = (action: ActionId, title: string, service: Service, command: Command, confirm = false): PlanResult => ({
  ok: true,
  plan: { action, title, targets: [service.id], commands: [forService(service, command)], confirm },
});

/** The admin form's forced check results, by action. */
const FORCED: Readonly<Partial<Record<ActionId, readonly ['health' | 'agent', 'up' | 'stopping' | 'down', string]>>> = {
  'health-up': ['health', 'up', 'health UP'],
  'health-nolb': ['health', 'stopping', 'health NOLB'],
  'health-down': ['health', 'down', 'health DOWN'],
  'agent-up': ['agent', 'up', 'agent up'],
  'agent-down': ['agent', 'down', 'agent down'],
};

/** FRONTEND rows: stop or resume accepting connections, asked first (every client of it is affected). */
function planFrontend(action: ActionId, selected: Service): PlanResult {
  if (selected.kind !== 'frontend') return { ok: false, message: `${selected.label} is a ${selected.kind}: this works on FRONTEND rows.` };
  const off = action === 'frontend-disable';
  return single(action, `${off ? 'disable' : 'enable'} frontend ${selected.proxy}`, selected, off ? disableFrontend(selected.proxy) : enableFrontend(selected.proxy), true);
}

/**
 * Plans a server hotkey on the selected service. `weightBase` is where weight steps start from when presses come
 * faster than refreshes (the controller keeps the last target it sent), so quick presses add up. `typed` is the
 * value the operator typed for the actions that ask for one (a weight, a maxconn); without it, the current one.
 */
export function planServerAction(
  action: ActionId,
  snapshot: Snapshot,
  selectedId: string | undefined,
  weightBase?: number,
  typed?: number,
): PlanResult {
  const selected = selectedId === undefined ? undefined : snapshot.byId.get(selectedId);
  if (selected === undefined) return { ok: false, message: 'No service is selected.' };
  if (action === 'frontend-disable' || action === 'frontend-enable') return planFrontend(action, selected);
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
    case 'safe-maint':
      return { ok: true, plan: statePlan(action, [selected], 'drain', false, selected.label) };
    case 'ready-wait':
      return { ok: true, plan: statePlan(action, [selected], 'ready', false, selected.label) };
    case 'safe-maint-all':
      return { ok: true, plan: statePlan(action, serversNamed(snapshot, s), 'drain', true) };
    case 'enable-all':
      return { ok: true, plan: statePlan(action, serversNamed(snapshot, s), 'ready', true) };
    case 'maint-all':
      return { ok: true, plan: statePlan(action, serversNamed(snapshot, s), 'maint', true) };
    case 'drain-all':
      return { ok: true, plan: statePlan(action, serversNamed(snapshot, s), 'drain', true) };
    case 'health-up':
    case 'health-nolb':
    case 'health-down':
    case 'agent-up':
    case 'agent-down': {
      const [check, state, words] = FORCED[action] ?? ['health', 'up', ''];
      const command = check === 'health' ? setHealth(b, s, state) : setAgent(b, s, state === 'up' ? 'up' : 'down');
      return single(action, `${words}: ${selected.label}`, selected, command);
    }
    case 'kill-sessions':
      return single(action, `kill the current sessions of ${selected.label}`, selected, shutdownSessionsServer(b, s), true);
    case 'weight-set': {
      const weight = typed ?? userWeight(selected);
      if (weight === undefined) return { ok: false, message: `${selected.label} reports no weight.` };
      if (!Number.isInteger(weight) || weight < 0 || weight > MAX_WEIGHT) return { ok: false, message: `A weight is a whole number from 0 to ${MAX_WEIGHT}, not ${weight}.` };
      return { ok: true, plan: { action, title: `weight: ${selected.label} -> ${weight}`, targets: [selected.id], commands: [forService(selected, setWeight(b, s, weight))], confirm: false, weightTarget: weight } };
    }
    case 'maxconn-set': {
      const maxconn = typed ?? num(selected, 'slim') ?? 0;
      if (!Number.isInteger(maxconn) || maxconn < 0) return { ok: false, message: `A maxconn is a whole number from 0 (no limit), not ${maxconn}.` };
      return single(action, `maxconn: ${selected.label} -> ${maxconn === 0 ? 'no limit' : maxconn}`, selected, setMaxconnServer(b, s, maxconn));
    }
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
