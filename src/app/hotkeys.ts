// The server hotkeys, from key to HAProxy and back: plan the commands for the selected server, confirm those
// that reach beyond it (F1-F3 first ask HAProxy which backends have the server), send, and say what happened.
import { showServersState } from '../runtime/commands';
import { backendsWithServer, parseServersState } from '../stats/servers-state';
import type { ServiceId, Snapshot } from '../stats/types';
import type { Config } from '../config';
import type { ActionId } from './keymap';
import { EVERY_BACKEND, planEveryBackend, planServerAction, type ActionPlan } from './actions';
import type { CliLog } from './cli-log';
import type { Overlay } from './overlay';
import { sendLogged, summarize, type Outcome, type Sender } from './exchange';
import type { NoticeLevel } from './instance';
import type { Selection } from './selection';
import { PendingWeights } from './weights';

/** What the hotkeys read and change of the controller. */
export interface HotkeyHost {
  readonly config: Config;
  readonly transport: Sender;
  readonly log: CliLog;
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

  constructor(private readonly host: HotkeyHost) {}

  private say(level: NoticeLevel, text: string): void {
    this.host.note(level, text);
    this.host.changed();
  }

  /** A hotkey was pressed on the selection. */
  start(action: ActionId): void {
    const h = this.host;
    const snapshot = h.snapshot();
    if (h.config.readOnly) return this.say('error', 'Read-only mode: hotkeys are off.');
    if (snapshot === undefined) return this.say('error', 'No data from HAProxy yet.');
    const lost = h.selection.refusal();
    if (lost !== undefined) return this.say('error', lost);
    const id = h.selection.id;
    const result = planServerAction(action, snapshot, id, this.weights.baseFor(id, h.now()));
    if (!result.ok) return this.say('error', result.message);
    if (result.plan.targets.length === 0) return this.say('error', 'No server to act on.');
    if (EVERY_BACKEND[action] !== undefined) {
      const name = id === undefined ? undefined : snapshot.byId.get(id)?.name;
      if (name !== undefined) void this.planEveryBackend(action, name);
      return;
    }
    void this.execute(result.plan);
  }

  /**
   * F1-F3 reach every backend with a server of that name, whatever -f and -p show: ask HAProxy for all its
   * servers first, then confirm the exact commands.
   */
  private async planEveryBackend(action: ActionId, name: string): Promise<void> {
    const h = this.host;
    this.say('info', `Looking up every backend with a server named ${name}...`);
    let backends: string[];
    try {
      const reply = await h.transport.send(showServersState());
      backends = backendsWithServer(parseServersState(reply), name);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      return this.say('error', `Cannot list every backend with ${name} (show servers state: ${why}): nothing was sent.`);
    }
    const result = planEveryBackend(action, name, backends);
    if (!result.ok) return this.say('error', result.message);
    const overlay = h.overlay().kind;
    if (overlay !== 'none' && overlay !== 'details') return this.say('info', `Cancelled: ${result.plan.title}.`);
    h.clearNotice();
    h.setOverlay({ kind: 'confirm', plan: result.plan });
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
    const isWeight = plan.weightTarget !== undefined || plan.action === 'weight-reset';
    if (isWeight) this.weights.remember(plan, h.now());
    const outcomes: Outcome[] = [];
    for (const command of plan.commands) outcomes.push(await sendLogged(h.transport, h.log, command));
    const summary = summarize(plan, outcomes);
    if (summary.level === 'error' && isWeight) this.weights.forget(plan.targets[0]);
    this.say(summary.level, summary.text);
    h.refresh(plan.targets);
  }

  /** A new snapshot: weights HAProxy now reports are no longer pending. */
  settle(snapshot: Snapshot): void {
    this.weights.settle(snapshot, this.host.now());
  }
}
