// The controller: polls HAProxy, keeps the selection as a service id, turns actions into commands, keeps the
// CLI log. It knows no blessed and no sockets: it talks to a Transport (the runtime client in production).
import { EventEmitter } from 'node:events';
import type { Config, ModeNumber } from '../config';
import type { Command } from '../runtime/types';
import { RuntimeError } from '../runtime/types';
import { showInfo, showStat } from '../runtime/commands';
import { buildSnapshot, mergeSnapshots } from '../stats/model';
import type { Snapshot } from '../stats/types';
import { buildRows, findService, firstId, lastId, moveSelection, reconcileSelection, type DisplayRow } from '../view/rows';
import type { ActionId } from './keymap';
import { planServerAction, SERVER_ACTIONS, type ActionPlan } from './actions';
import { sendLogged, summarize, type Outcome } from './exchange';
import { PendingWeights } from './weights';
import { CliLog } from './cli-log';
import { editLine, emptyLine, submitLine, type LineEdit, type LineState } from './line-editor';
import { runCliLine } from './cli-line';
import { Poller, systemClock, type Clock } from './poller';

export interface Transport {
  send(command: Command | string, options?: { timeoutMs?: number }): Promise<string>;
  /** Drops the session; the next send opens a new one. */
  reconnect(): void;
}

export type Connection =
  | { readonly kind: 'connecting' }
  | { readonly kind: 'up' }
  | { readonly kind: 'down'; readonly message: string; readonly since: number };

export type NoticeLevel = 'info' | 'ok' | 'error';
export interface Notice {
  readonly text: string;
  readonly level: NoticeLevel;
}

export type Overlay =
  | { readonly kind: 'none' }
  | { readonly kind: 'help' }
  | { readonly kind: 'menu' }
  /** `i`: every field of the selected service; follows the selection. */
  | { readonly kind: 'details' }
  /** `/`: the search being typed, and the selection to go back to on ESC. */
  | { readonly kind: 'find'; readonly query: string; readonly origin: string | undefined }
  | { readonly kind: 'confirm'; readonly plan: ActionPlan };

/** While HAProxy is unreachable, try again every second. */
export const RETRY_MS = 1000;

export class Controller extends EventEmitter {
  mode: ModeNumber;
  private previousMode: ModeNumber;
  overlay: Overlay = { kind: 'none' };
  snapshot: Snapshot | undefined;
  rows: readonly DisplayRow[] = [];
  selectedId: string | undefined;
  connection: Connection = { kind: 'connecting' };
  notice: Notice | undefined;
  /** When the notice was set (ms since epoch). */
  noticeAt: number | undefined;
  readonly log = new CliLog();
  line: LineState = emptyLine();
  /** Rows per page for PGUP/PGDOWN; the screen sets it from the body's height. */
  pageSize = 10;
  /** Last time a poll succeeded (ms since epoch), for the top bar. */
  lastUpdate: number | undefined;
  private readonly poller: Poller;
  private readonly weights = new PendingWeights();
  private lastPid: string | undefined;
  private retried = false;
  /** The last search ENTER kept, for n / N. */
  private lastQuery = '';
  private stoppingPid: string | undefined;
  private stopped = false;

  constructor(
    readonly config: Config,
    private readonly transport: Transport,
    private readonly clock: Clock = systemClock,
  ) {
    super();
    this.mode = config.readOnly && config.mode === 5 ? 1 : config.mode;
    this.previousMode = this.mode === 5 ? 1 : this.mode;
    this.poller = new Poller(() => this.poll(), config.intervalSec * 1000, clock);
    this.log.add('info', 'Runtime API commands typed here are sent to HAProxy as they are; `help` lists them.');
    this.log.add('info', 'ENTER sends, UP/DOWN browse history, PGUP/PGDOWN scroll, ESC or Alt-1..4 go back.');
  }

  start(): void {
    this.poller.start();
  }

  stop(): void {
    this.stopped = true;
    this.poller.stop();
  }

  get inCli(): boolean {
    return this.mode === 5;
  }

  private changed(): void {
    if (!this.stopped) this.emit('change');
  }

  // ---- polling -------------------------------------------------------------------------------------------

  private async poll(): Promise<void> {
    try {
      const info = await this.transport.send(showInfo());
      const stats = this.config.filters.length === 0
        ? [await this.transport.send(showStat())]
        : await Promise.all(this.config.filters.map((f) => this.transport.send(showStat(f))));
      const at = this.clock.now();
      const parts = stats.map((text) => buildSnapshot(text, info, at));
      const snapshot = parts.length === 1 && parts[0] !== undefined ? parts[0] : mergeSnapshots(parts);
      this.accept(snapshot);
    } catch (error) {
      this.lost(error);
    }
  }

  private accept(snapshot: Snapshot): void {
    this.retried = false;
    const wasDown = this.connection.kind === 'down';
    const pid = snapshot.info.get('Pid');
    if (snapshot.info.get('Stopping') === '1') {
      // Our session is attached to an old process that is soft-stopping after a reload: move to the new one.
      // At once the first time; after that at the normal pace, so a process that stays stopping cannot spin us.
      this.transport.reconnect();
      this.note('info', `HAProxy (pid ${pid ?? '?'}) is reloading: reconnecting to the new process.`);
      if (pid !== this.stoppingPid) this.poller.now();
      this.stoppingPid = pid;
    } else if (wasDown) {
      this.note('ok', `Connected to HAProxy again${pid ? ` (pid ${pid})` : ''}.`);
    } else if (this.lastPid !== undefined && pid !== undefined && pid !== this.lastPid) {
      this.note('info', `HAProxy restarted or reloaded: pid ${this.lastPid} -> ${pid}.`);
    }
    if (pid !== undefined) this.lastPid = pid;
    const previousRows = this.rows;
    this.snapshot = snapshot;
    this.rows = buildRows(snapshot, { proxies: this.config.proxies });
    this.selectedId =
      this.selectedId === undefined ? firstId(this.rows) : reconcileSelection(previousRows, this.rows, this.selectedId);
    this.connection = { kind: 'up' };
    this.lastUpdate = Date.now();
    this.poller.setPeriod(this.config.intervalSec * 1000);
    this.weights.settle(snapshot, this.clock.now());
    this.changed();
  }

  private lost(error: unknown): void {
    if (error instanceof RuntimeError && error.failure === 'closed' && this.connection.kind === 'up' && !this.retried) {
      // HAProxy closes idle sessions (`stats timeout`) and may do so just as a poll starts: try once more at once
      // before telling the operator anything is wrong.
      this.retried = true;
      this.poller.now();
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    if (this.connection.kind !== 'down') {
      this.connection = { kind: 'down', message, since: Date.now() };
    } else if (this.connection.message !== message) {
      this.connection = { ...this.connection, message };
    }
    if (!(error instanceof RuntimeError)) {
      // A reply we could not understand: the session may be out of step, start a fresh one.
      this.transport.reconnect();
    }
    this.poller.setPeriod(RETRY_MS);
    this.changed();
  }

  /** Polls right away (after an action) so the new state shows without waiting for the next period. */
  refresh(): void {
    this.poller.now();
  }

  // ---- navigation ----------------------------------------------------------------------------------------

  private setMode(mode: ModeNumber): void {
    if (mode === 5 && this.config.readOnly) {
      this.setNotice('error', 'The CLI view is not available in read-only mode.');
      return;
    }
    if (mode !== this.mode) {
      this.previousMode = this.mode;
      this.mode = mode;
    }
    this.overlay = { kind: 'none' };
  }

  private cycleMode(step: 1 | -1): void {
    const modes: ModeNumber[] = this.config.readOnly ? [1, 2, 3, 4] : [1, 2, 3, 4, 5];
    const index = modes.indexOf(this.mode);
    const next = modes[(index + step + modes.length) % modes.length];
    if (next !== undefined) this.setMode(next);
  }

  private move(delta: number): void {
    this.selectedId = moveSelection(this.rows, this.selectedId, delta);
  }

  setNotice(level: NoticeLevel, text: string): void {
    this.note(level, text);
    this.changed();
  }

  /** Sets the status line's message and remembers when, so a stale one can be told from a fresh one. */
  private note(level: NoticeLevel, text: string): void {
    this.notice = { level, text };
    this.noticeAt = Date.now();
  }

  /** Runs a named action (from the keymap). Unknown or not-applicable actions only set a notice. */
  dispatch(action: ActionId): void {
    if (action === 'quit') {
      this.emit('quit');
      return;
    }
    if (this.overlay.kind === 'confirm') return; // the confirmation takes y/n only
    switch (action) {
      case 'help':
        this.overlay = this.overlay.kind === 'help' ? { kind: 'none' } : { kind: 'help' };
        break;
      case 'mode-1':
      case 'mode-2':
      case 'mode-3':
      case 'mode-4':
      case 'mode-5':
        this.setMode(Number(action.slice(5)) as ModeNumber);
        break;
      case 'next-mode':
        this.cycleMode(1);
        break;
      case 'prev-mode':
        this.cycleMode(-1);
        break;
      case 'back':
        if (this.overlay.kind !== 'none') this.overlay = { kind: 'none' };
        else this.setMode(this.previousMode);
        break;
      case 'up':
        this.move(-1);
        break;
      case 'down':
        this.move(1);
        break;
      case 'page-up':
        this.move(-Math.max(1, this.pageSize));
        break;
      case 'page-down':
        this.move(Math.max(1, this.pageSize));
        break;
      case 'home':
        this.selectedId = firstId(this.rows);
        break;
      case 'end':
        this.selectedId = lastId(this.rows);
        break;
      case 'menu':
        this.overlay = this.overlay.kind === 'menu' ? { kind: 'none' } : { kind: 'menu' };
        break;
      case 'details':
        this.overlay = this.overlay.kind === 'details' ? { kind: 'none' } : { kind: 'details' };
        break;
      case 'find':
        this.overlay = { kind: 'find', query: '', origin: this.selectedId };
        break;
      case 'find-next':
      case 'find-prev':
        this.findAgain(action === 'find-next' ? 1 : -1);
        return;
      case 'paste':
        if (this.selectedId !== undefined) {
          this.line = editLine(this.line, { kind: 'insert', text: this.selectedId });
          this.setMode(5);
        }
        break;
      default:
        if (SERVER_ACTIONS.has(action)) {
          this.serverAction(action);
          return;
        }
    }
    this.changed();
  }

  // ---- search ------------------------------------------------------------------------------------------

  /** The search text changed: the selection jumps to the first match from where the search started. */
  editFind(query: string): void {
    if (this.overlay.kind !== 'find') return;
    const { origin } = this.overlay;
    this.overlay = { kind: 'find', query, origin };
    this.selectedId = query === '' ? origin : (findService(this.rows, query, origin, 1, true) ?? origin);
    this.changed();
  }

  /** ENTER keeps the match (and the query, for n / N); ESC goes back to where the search started. */
  endFind(keep: boolean): void {
    if (this.overlay.kind !== 'find') return;
    const { query, origin } = this.overlay;
    this.overlay = { kind: 'none' };
    if (keep && query !== '') this.lastQuery = query;
    if (!keep) this.selectedId = origin;
    this.changed();
  }

  /** Whether the search being typed matches anything (for the prompt's "no match"). */
  get findMatches(): boolean {
    return this.overlay.kind !== 'find' || this.overlay.query === '' || findService(this.rows, this.overlay.query, undefined) !== undefined;
  }

  private findAgain(direction: 1 | -1): void {
    if (this.lastQuery === '') return this.setNotice('info', 'Nothing searched yet: / starts a search.');
    const next = findService(this.rows, this.lastQuery, this.selectedId, direction);
    if (next === undefined) return this.setNotice('error', `No service matches "${this.lastQuery}".`);
    this.selectedId = next;
    this.changed();
  }

  // ---- server actions ------------------------------------------------------------------------------------

  private serverAction(action: ActionId): void {
    // The menu closes once a hotkey is chosen; the details view stays, to watch the state change.
    if (this.overlay.kind === 'menu') this.overlay = { kind: 'none' };
    if (this.config.readOnly) return this.setNotice('error', 'Read-only mode: hotkeys are off.');
    if (this.snapshot === undefined) return this.setNotice('error', 'No data from HAProxy yet.');
    const base = this.weights.baseFor(this.selectedId, this.clock.now());
    const result = planServerAction(action, this.snapshot, this.selectedId, base);
    if (!result.ok) return this.setNotice('error', result.message);
    if (result.plan.targets.length === 0) return this.setNotice('error', 'No server to act on.');
    if (result.plan.confirm) {
      this.overlay = { kind: 'confirm', plan: result.plan };
      this.changed();
      return;
    }
    void this.execute(result.plan);
  }

  /** The answer to a confirmation. */
  confirm(yes: boolean): void {
    if (this.overlay.kind !== 'confirm') return;
    const plan = this.overlay.plan;
    this.overlay = { kind: 'none' };
    if (yes) void this.execute(plan);
    else this.setNotice('info', `Cancelled: ${plan.title}.`);
    this.changed();
  }

  async execute(plan: ActionPlan): Promise<void> {
    const isWeight = plan.weightTarget !== undefined || plan.action === 'weight-reset';
    if (isWeight) this.weights.remember(plan, this.clock.now());
    const outcomes: Outcome[] = [];
    for (const command of plan.commands) outcomes.push(await sendLogged(this.transport, this.log, command));
    const summary = summarize(plan, outcomes);
    if (summary.level === 'error' && isWeight) this.weights.forget(plan.targets[0]);
    this.note(summary.level, summary.text);
    this.changed();
    this.refresh();
  }

  // ---- CLI view ------------------------------------------------------------------------------------------

  editCli(edit: LineEdit): void {
    this.line = editLine(this.line, edit);
    this.changed();
  }

  async submitCli(): Promise<void> {
    const { line, next } = submitLine(this.line);
    this.line = next;
    this.changed();
    if (await runCliLine(this.transport, this.log, line, () => this.changed())) this.refresh();
  }
}
