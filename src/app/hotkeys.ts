// The server hotkeys, from key to HAProxy and back: plan the commands for the selected server, confirm those
// that reach beyond it (F1-F3 first ask HAProxy which backends have the server), send, and say what happened.
import { showServersState } from '../runtime/commands';
import { backendsWithServer, parseServersState } from '../stats/servers-state';
import type { ServiceId, Snapshot } from '../stats/types';
import type { Config } from '../config';
import { KEYMAP, type ActionId } from './keymap';
import { EVERY_BACKEND, planEveryBackend, planServerAction, WATCHED, type ActionPlan, type BackendList } from './actions';
import type { SafeSwitches } from './safe-switch';
import type { CliLog } from './cli-log';
import type { Overlay } from './overlay';
import { sendLogged, summarize, type Outcome, type Sender } from './exchange';
import type { AuditLog, AuditSource, AuditTrail, AuditWhere } from './audit';
import type { NoticeLevel } from './instance';
import type { Selection } from './selection';
import { PendingWeights } from './weights';
import type { Clock } from './poller';
import type { ProcList } from '../stats/proc';
import { awaitNewWorker, planReload, readProcs, reloadSummary } from './reload';

/** An instance as the hotkeys reach it: its name (undefined when it is the only one) and its transport. */
export interface Target {
  readonly name: string | undefined;
  readonly sender: Sender;
  /** How the operator knows it: its name, or its socket when it is the only one. */
  readonly label: string;
  /** Whether it was given as a master CLI socket (it can be reloaded from here). */
  readonly master: boolean;
  /** Its name and socket, for the audit log. */
  readonly where: AuditWhere;
}

/** What the hotkeys read and change of the controller. */
export interface HotkeyHost {
  readonly config: Config;
  /** Every instance, in order; the one a command names is found here. */
  targets(): readonly Target[];
  /** The index in targets() of the selected service's instance. */
  selectedTarget(): number;
  readonly clock: Clock;
  /** The switches watched to their end (F12, ready-then-UP). */
  readonly switches: SafeSwitches;
  readonly log: CliLog;
  /** Where commands that can change HAProxy are recorded; none with --no-audit-log. */
  readonly audit: AuditLog | undefined;
  /** Wall-clock time (ms since the epoch), for the audit log. */
  wallNow(): number;
  readonly selection: Selection;
  now(): number;
  snapshot(): Snapshot | undefined;
  overlay(): Overlay;
  setOverlay(overlay: Overlay): void;
  note(level: NoticeLevel, text: string): void;
  clearNotice(): void;
  changed(): void;
  /** Reads HAProxy again now, the proxies of `touched` whole. */
  refresh(touched: readonly ServiceId[]): void;
}

export class Hotkeys {
  private readonly weights = new PendingWeights();
  /** `show proc` just before a reload was sent, to tell the new worker from the old. */
  private beforeReload: ProcList | undefined;

  constructor(private readonly host: HotkeyHost) {}

  private say(level: NoticeLevel, text: string): void {
    this.host.note(level, text);
    this.host.changed();
  }

  /** A hotkey was pressed on the selection (`viaMenu`: picked in the ENTER menu). */
  start(action: ActionId, viaMenu = false): void {
    const h = this.host;
    const snapshot = h.snapshot();
    if (h.config.readOnly) return this.say('error', 'Read-only mode: hotkeys are off.');
    if (snapshot === undefined) return this.say('error', 'No data from HAProxy yet.');
    const lost = h.selection.refusal();
    if (lost !== undefined) return this.say('error', lost);
    const id = h.selection.id;
    // F12 (or ready-then-UP) on a server already being switched offers to stop watching it instead.
    if ((action === 'safe-maint' || action === 'ready-wait') && h.switches.has(id) && id !== undefined) return h.switches.offerCancel(id);
    const result = planServerAction(action, snapshot, id, this.weights.baseFor(id, h.now()));
    if (!result.ok) return this.say('error', result.message);
    if (id !== undefined && KEYMAP.some((b) => b.action === action && b.typed === true)) {
      // The value is typed on the status line first (see type()); it starts as the current one.
      const current = result.plan.weightTarget ?? /(\d+)$/.exec(result.plan.commands[0]?.text ?? '')?.[1] ?? '';
      h.clearNotice();
      h.setOverlay({ kind: 'input', action, id, text: String(current), prompt: `${result.plan.title.replace(/ -> .*$/, '')} -> ` });
      h.changed();
      return;
    }
    if (result.plan.targets.length === 0) return this.say('error', 'No server to act on.');
    if (EVERY_BACKEND[action] !== undefined) {
      const name = id === undefined ? undefined : snapshot.byId.get(id)?.name;
      if (name !== undefined) void this.planEveryBackend(action, name, viaMenu);
      return;
    }
    // The plan names the selected service's instance: the hotkey acts there and nowhere else.
    if (result.plan.confirm) {
      h.clearNotice();
      h.setOverlay({ kind: 'confirm', plan: viaMenu ? { ...result.plan, viaMenu } : result.plan });
      h.changed();
      return;
    }
    void this.execute(viaMenu ? { ...result.plan, viaMenu } : result.plan);
  }

  /** ENTER on a typed value: the action with that value (ESC closes the prompt without sending). */
  typed(action: ActionId, id: string, text: string): void {
    const h = this.host;
    const snapshot = h.snapshot();
    if (snapshot === undefined) return;
    if (!/^\d{1,10}$/.test(text.trim())) return this.say('error', `"${text}" is not a whole number: nothing sent.`);
    const result = planServerAction(action, snapshot, id, undefined, Number(text.trim()));
    if (!result.ok) return this.say('error', result.message);
    if (result.plan.weightTarget !== undefined) this.weights.remember(result.plan, h.now());
    void this.execute(result.plan);
  }

  /**
   * F1-F3 reach every backend with a server of that name, whatever -f and -p show: ask HAProxy for all its
   * servers first, then confirm the exact commands.
   */
  private async planEveryBackend(action: ActionId, name: string, viaMenu: boolean): Promise<void> {
    const h = this.host;
    const targets = h.targets();
    this.say('info', `Looking up every backend with a server named ${name}${targets.length > 1 ? ` on ${targets.length} instances` : ''}...`);
    // Every instance is asked at once; one that cannot answer is named in the confirmation and left alone.
    const answers = await Promise.all(
      targets.map(async (t): Promise<BackendList | string> => {
        try {
          return { instance: t.name, backends: backendsWithServer(parseServersState(await t.sender.send(showServersState())), name) };
        } catch (error) {
          return error instanceof Error ? error.message : String(error);
        }
      }),
    );
    const lists = answers.filter((a): a is BackendList => typeof a !== 'string');
    const notes = answers.flatMap((a, i) => (typeof a === 'string' ? [`${targets[i]?.name ?? ''}: cannot list its backends (${a}): nothing is sent there.`] : []));
    if (lists.length === 0) {
      const why = answers.find((a): a is string => typeof a === 'string') ?? '';
      return this.say('error', `Cannot list every backend with ${name} (show servers state: ${why}): nothing was sent.`);
    }
    const result = planEveryBackend(action, name, lists, notes);
    if (!result.ok) return this.say('error', result.message);
    const overlay = h.overlay().kind;
    if (overlay !== 'none' && overlay !== 'details') return this.say('info', `Cancelled: ${result.plan.title}.`);
    h.clearNotice();
    h.setOverlay({ kind: 'confirm', plan: viaMenu ? { ...result.plan, viaMenu } : result.plan });
    h.changed();
  }

  /** The answer to a confirmation. */
  confirm(yes: boolean): void {
    const overlay = this.host.overlay();
    if (overlay.kind !== 'confirm') return;
    this.host.setOverlay({ kind: 'none' });
    if (yes) void this.execute(overlay.plan);
    else this.say('info', `Cancelled: ${overlay.plan.title}.`);
    this.host.changed();
  }

  async execute(plan: ActionPlan): Promise<void> {
    const h = this.host;
    if (plan.action === 'reload') {
      const target = h.targets().find((t) => t.name === plan.commands[0]?.instance) ?? h.targets()[0];
      this.beforeReload = target === undefined ? undefined : await readProcs(target.sender);
    }
    const isWeight = plan.weightTarget !== undefined || plan.action === 'weight-reset';
    if (isWeight) this.weights.remember(plan, h.now());
    // Instances are independent: each gets its commands in order, all instances at once.
    const targets = h.targets();
    const several = targets.length > 1;
    const outcomes: Outcome[] = new Array<Outcome>(plan.commands.length);
    const troubles: string[] = [];
    await Promise.all(
      targets.map(async (t) => {
        const audit = this.trail(t, plan, troubles);
        for (const [i, command] of plan.commands.entries()) {
          if (several && command.instance !== t.name) continue;
          outcomes[i] = await sendLogged(t.sender, h.log, command, several ? t.name : undefined, audit);
        }
      }),
    );
    const results = plan.commands.map((c, i): Outcome => outcomes[i] ?? { kind: 'failed', message: `no instance named ${c.instance ?? '?'}` });
    // An audit line that could not be written comes first on the status line, so that no summary hides it.
    const trouble = troubles[0];
    const said = (level: NoticeLevel, text: string): void => (trouble === undefined ? this.say(level, text) : this.say('error', `${trouble} ${text}`));
    if (plan.action === 'reload') return this.reloaded(plan, results, said);
    const goal = WATCHED[plan.action];
    if (goal !== undefined) return this.watch(plan, results, goal, said);
    const summary = summarize(plan, results);
    if (summary.level === 'error' && isWeight) this.weights.forget(plan.targets[0]);
    said(summary.level, summary.text);
    h.refresh(plan.targets);
  }

  /** How the commands of `plan` to target `t` are audited; a line not written is added to `troubles`. */
  private trail(t: Target, plan: ActionPlan, troubles: string[]): AuditTrail | undefined {
    const log = this.host.audit;
    if (log === undefined) return undefined;
    return { log, where: t.where, from: sourceOf(plan), now: () => this.host.wallNow(), trouble: (message) => void troubles.push(message) };
  }

  /** R: reload the selected service's instance through its master CLI, once confirmed (see execute). */
  reload(): void {
    const h = this.host;
    if (h.config.readOnly) return this.say('error', 'Read-only mode: reloading is off.');
    const target = h.targets()[h.selectedTarget()];
    if (target === undefined) return;
    if (!target.master) {
      return this.say('error', `${target.label} is a worker's stats socket: reloading needs HAProxy's master CLI socket (haproxy -W -S <socket>), given with -s.`);
    }
    h.clearNotice();
    h.setOverlay({ kind: 'confirm', plan: planReload(target.name, target.label) });
    h.changed();
  }

  /** The first step of a watched switch was sent: each server where it was done is watched to the end. */
  private watch(plan: ActionPlan, results: readonly Outcome[], goal: 'maint' | 'up', said: (level: NoticeLevel, text: string) => void): void {
    const h = this.host;
    const snapshot = h.snapshot();
    plan.targets.forEach((id, i) => {
      const service = snapshot?.byId.get(id);
      if (results[i]?.kind === 'ok' && service !== undefined) h.switches.track(service, goal, keyOf(plan));
    });
    const summary = summarize(plan, results);
    if (summary.level === 'error') said('error', summary.text);
    else said('info', goal === 'maint' ? `${plan.title}: draining, watching until idle.` : `${plan.title}: watching its checks.`);
    h.refresh(plan.targets);
  }

  /** After `reload` was sent: what show proc says once the new worker is there (`said` as in execute). */
  private async reloaded(plan: ActionPlan, outcomes: readonly Outcome[], said: (level: NoticeLevel, text: string) => void): Promise<void> {
    const h = this.host;
    const target = h.targets().find((t) => t.name === plan.commands[0]?.instance) ?? h.targets()[0];
    const first = outcomes[0];
    if (target === undefined || first === undefined) return;
    if (first.kind !== 'ok') return said('error', `Reload of ${target.label} failed: ${first.message}`);
    said('info', `Reload sent to ${target.label}; waiting for the new worker (show proc)...`);
    const after = await awaitNewWorker(target.sender, this.beforeReload, h.clock);
    const summary = reloadSummary(target.label, this.beforeReload, after);
    said(summary.level, summary.text);
    h.refresh([]);
  }

  /** A new snapshot: weights HAProxy now reports are no longer pending. */
  settle(snapshot: Snapshot): void {
    this.weights.settle(snapshot, this.host.now());
  }
}

/** The key bound to the plan's action as people write it (F10, R, menu A). */
const keyOf = (plan: ActionPlan): string => `${KEYMAP.find((b) => b.action === plan.action)?.display ?? plan.action}${plan.view === undefined ? '' : ` in ${plan.view}`}`;

/** The audit log names the key bound to the plan's action (F10, R), whether pressed or picked in the menu. */
function sourceOf(plan: ActionPlan): AuditSource {
  return { kind: 'key', key: keyOf(plan), menu: plan.viaMenu === true };
}
