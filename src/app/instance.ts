// One HAProxy instance: its transport, its poll loop, its connection state, pid tracking and last snapshot.
// The controller above it keeps only what the operator sees (view, overlay, selection, notices).
import { EventEmitter } from 'node:events';
import type { Config } from '../config';
import type { Command } from '../runtime/types';
import { RuntimeError } from '../runtime/types';
import { showInfo, showStat } from '../runtime/commands';
import { buildSnapshot, mergeSnapshots } from '../stats/model';
import type { Snapshot } from '../stats/types';
import { Poller, systemClock, type Clock } from './poller';

export interface Transport {
  send(command: Command | string, options?: { timeoutMs?: number }): Promise<string>;
  /** Drops the session; the next send opens a new one. */
  reconnect(): void;
}

export type Connection =
  | { readonly kind: 'connecting' }
  | { readonly kind: 'up' }
  /**
   * No usable data since `since`. `answers`: something does answer on the socket, but not the runtime API as we
   * know it (another program, the master CLI, garbage): "unreachable" would send the operator the wrong way.
   */
  | { readonly kind: 'down'; readonly message: string; readonly since: number; readonly answers?: boolean };

export type NoticeLevel = 'info' | 'ok' | 'error';

/** While HAProxy is unreachable, try again every second. */
export const RETRY_MS = 1000;

export declare interface Instance {
  /** A snapshot was accepted; `previous` is the one it replaces. */
  on(event: 'snapshot', listener: (snapshot: Snapshot, previous: Snapshot | undefined) => void): this;
  /** Something the operator should read on the status line (a reload, a reconnection). */
  on(event: 'notice', listener: (level: NoticeLevel, text: string) => void): this;
  /** The connection state changed without a new snapshot. */
  on(event: 'change', listener: () => void): this;
}

export class Instance extends EventEmitter {
  snapshot: Snapshot | undefined;
  connection: Connection = { kind: 'connecting' };
  /** Last time a poll succeeded (ms since epoch, from the wall clock), for the top bar. */
  lastUpdate: number | undefined;
  private readonly poller: Poller;
  private lastPid: string | undefined;
  private retried = false;
  private stoppingPid: string | undefined;

  constructor(
    private readonly config: Config,
    readonly transport: Transport,
    private readonly clock: Clock = systemClock,
    private readonly wallClock: () => number = Date.now,
  ) {
    super();
    this.poller = new Poller(() => this.poll(), config.intervalSec * 1000, clock);
  }

  start(): void {
    this.poller.start();
  }

  stop(): void {
    this.poller.stop();
  }

  /** Polls right away (after an action) so the new state shows without waiting for the next period. */
  refresh(): void {
    this.poller.now();
  }

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
      this.emit('notice', 'info', `HAProxy (pid ${pid ?? '?'}) is reloading: reconnecting to the new process.`);
      if (pid !== this.stoppingPid) this.poller.now();
      this.stoppingPid = pid;
    } else if (wasDown) {
      this.emit('notice', 'ok', `Connected to HAProxy again${pid ? ` (pid ${pid})` : ''}.`);
    } else if (this.lastPid !== undefined && pid !== undefined && pid !== this.lastPid) {
      this.emit('notice', 'info', `HAProxy restarted or reloaded: pid ${this.lastPid} -> ${pid}.`);
    }
    if (pid !== undefined) this.lastPid = pid;
    const previous = this.snapshot;
    this.snapshot = snapshot;
    this.connection = { kind: 'up' };
    this.lastUpdate = this.wallClock();
    this.poller.setPeriod(this.config.intervalSec * 1000);
    this.emit('snapshot', snapshot, previous);
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
    const answers = !(error instanceof RuntimeError) || error.failure === 'protocol';
    if (this.connection.kind !== 'down') {
      this.connection = { kind: 'down', message, since: this.wallClock(), answers };
    } else if (this.connection.message !== message || this.connection.answers !== answers) {
      this.connection = { ...this.connection, message, answers };
    }
    if (!(error instanceof RuntimeError)) {
      // A reply we could not understand: the session may be out of step, start a fresh one.
      this.transport.reconnect();
    }
    this.poller.setPeriod(RETRY_MS);
    this.emit('change');
  }
}
