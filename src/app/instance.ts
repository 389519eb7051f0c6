// One HAProxy instance: its transport, its poll loop, its connection state, pid tracking and last snapshot.
// The controller above it keeps only what the operator sees (view, overlay, selection, notices).
import { EventEmitter } from 'node:events';
import type { Config } from '../config';
import type { Command } from '../runtime/types';
import { RuntimeError } from '../runtime/types';
import { showInfo, showProc } from '../runtime/commands';
import { parseShowInfo } from '../stats/info';
import { parseShowProc, type ProcList } from '../stats/proc';
import type { Info, Proxy, Service, Snapshot } from '../stats/types';
import { Poller, systemClock, type Clock } from './poller';
import { StatPoll, type Pacing, type ProxyName } from './stat-poll';

export interface Transport {
  /** With `onText`, the answer comes in pieces to it and the promise resolves with '' (see RuntimeClient). */
  send(command: Command | string, options?: { timeoutMs?: number; onText?: (piece: string) => void }): Promise<string>;
  /** Drops the session; the next send opens a new one. */
  reconnect(): void;
  /** True on a master CLI socket (stats come from the current worker; `show proc` and `reload` from the master). */
  readonly master?: boolean;
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
  /** On a master CLI socket: its processes (`show proc`) as of the last poll, old workers included. */
  procs: ProcList | undefined;
  private readonly poller: Poller;
  private readonly stats: StatPoll;
  private lastPid: string | undefined;
  private retried = false;
  private stoppingPid: string | undefined;
  /** `show info` read just before start (see start): the first refresh uses it instead of asking again. */
  private firstInfo: Info | undefined;

  constructor(
    private readonly config: Config,
    readonly transport: Transport,
    clock: Clock = systemClock,
    private readonly wallClock: () => number = Date.now,
    prepare?: (proxy: Proxy) => void,
    /** The name its services carry when several instances are watched (see Service.instance). */
    readonly name?: string,
  ) {
    super();
    this.poller = new Poller(() => this.poll(), config.intervalSec * 1000, clock);
    this.stats = new StatPoll(config, transport, clock, prepare, name);
  }

  /**
   * Starts polling. `info`, when the caller has just read `show info` on this session (probing it), lets the first
   * refresh ask for the dump at once: HAProxy writes it while the rest of the program is still starting.
   */
  start(info?: Info): void {
    this.firstInfo = info;
    this.poller.start();
  }

  stop(): void {
    this.poller.stop();
  }

  /**
   * Polls right away so the new state shows without waiting for the next period; `touched` (the services an
   * action just changed) have their proxies read whole, whatever their size.
   */
  refresh(touched: readonly Service[] = []): void {
    this.stats.touch(touched);
    this.poller.now();
  }

  /** The proxies of `services` are read whole at the next refresh, whatever the pace of the full dump. */
  follow(services: readonly Service[]): void {
    this.stats.touch(services);
  }

  /**
   * The proxies on screen, read at every refresh whatever the pace of the full dump. One scrolled into view
   * while the full dump is paced is read at once rather than shown as old as the last full dump.
   */
  setVisible(proxies: readonly ProxyName[]): void {
    if (this.stats.setVisible(proxies) && this.stats.pacing() !== undefined) this.poller.now();
  }

  /** How the full dump is paced when it is slower than the refresh (a large HAProxy), else undefined. */
  get pacing(): Pacing | undefined {
    return this.stats.pacing();
  }

  private async poll(): Promise<void> {
    try {
      const ready = this.firstInfo;
      this.firstInfo = undefined;
      const info = ready ?? parseShowInfo(await this.transport.send(showInfo()));
      const snapshot = await this.stats.read(this.snapshot, info, (first) => this.early(first));
      if (this.transport.master === true) this.procs = await this.readProcs();
      this.accept(snapshot);
    } catch (error) {
      this.lost(error);
    }
  }

  /** `show proc` on a master socket; a reply it cannot read leaves the list unknown rather than the instance down. */
  private async readProcs(): Promise<ProcList | undefined> {
    try {
      return parseShowProc(await this.transport.send(showProc()));
    } catch (error) {
      if (error instanceof RuntimeError) throw error;
      return undefined;
    }
  }

  /** The first rows of the first (large) dump, shown while the rest is read; the connection is not up yet. */
  private early(first: Snapshot): void {
    if (this.snapshot !== undefined) return;
    this.snapshot = first;
    this.emit('snapshot', first, undefined);
  }

  private accept(snapshot: Snapshot): void {
    this.retried = false;
    const wasDown = this.connection.kind === 'down';
    const pid = snapshot.info.get('Pid');
    if (snapshot.info.get('Stopping') === '1') {
      // Our session is attached to an old process that is soft-stopping after a reload: move to the new one.
      // At once the first time; after that at the normal pace, so a process that stays stopping cannot spin us.
      this.transport.reconnect();
      this.stats.reset();
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
    this.stats.reset();
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
