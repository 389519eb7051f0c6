// What the operator watches: the fleet of HAProxy instances, the rows it makes, the selection over them (by
// service identity), the overlay and the status line's notice. The Controller adds what the operator does.
import { EventEmitter } from 'node:events';
import type { Config, ModeNumber } from '../config';
import type { Info, Proxy, Service, ServiceId, Snapshot } from '../stats/types';
import type { Pacing } from './stat-poll';
import { buildRows, prepareRows, proxiesIn, rowCounts, type DisplayRow, type RowCounts, type RowOptions } from '../view/rows';
import { buildFleetRows, type InstanceStatus } from '../view/fleet-rows';
import { Fleet } from './fleet';
import { procsText } from '../view/procs';
import { systemClock, type Clock } from './poller';
import type { Connection, Instance, NoticeLevel, Transport } from './instance';
import { Selection, selectionNotice } from './selection';
import type { Notice, Overlay } from './overlay';
import { SortFilter } from './sort-filter';
import type { SortMark } from '../view/layout';
import { HistoryStore, type SeriesSet } from '../stats/history';
import { feedHistory } from '../stats/history-feed';

export interface WatchOptions {
  readonly clock?: Clock;
  /** Wall-clock time (ms since epoch) for what the operator reads: notice times, "updated at". */
  readonly wallClock?: () => number;
}

export abstract class Watch extends EventEmitter {
  overlay: Overlay = { kind: 'none' };
  rows: readonly DisplayRow[] = [];
  readonly selection = new Selection();
  notice: Notice | undefined;
  /** When the notice was set (ms since epoch). */
  noticeAt: number | undefined;
  /** Rows per page for PGUP/PGDOWN; the screen sets it from the body's height. */
  pageSize = 10;
  readonly fleet: Fleet;
  /** How the rows are sorted and filtered. */
  protected readonly sortFilter: SortFilter;
  /** The arrangement the rows were last built with (see SortFilter.key). */
  private builtWith = '';
  /** Each service's recent figures, for the history pane (`g`) and the top bar's sparkline. */
  readonly history = new HistoryStore();
  /** The screen's size, set by the screen: the history pane needs room. */
  screenSize = { width: 80, height: 24 };
  /** A service's recent figures, for the history pane. */
  historyOf(id: ServiceId): SeriesSet | undefined {
    return this.history.get(id);
  }

  /** The frontends' total request rate lately, for the top bar. */
  get requestRates(): readonly number[] {
    return this.history.totals();
  }

  /** The servers on screen: their history is kept (the store caps how many). */
  private visibleServers: ServiceId[] = [];
  protected readonly clock: Clock;
  protected readonly wallClock: () => number;
  private stopped = false;

  /** `transports`: one per config.instances entry, in the same order (a single one for a single instance). */
  constructor(
    readonly config: Config,
    transports: Transport | readonly Transport[],
    options: WatchOptions,
  ) {
    super();
    this.clock = options.clock ?? systemClock;
    this.wallClock = options.wallClock ?? Date.now;
    this.sortFilter = new SortFilter(config.sort, config.mode);
    // Rows made ahead are made as they will be shown: sorted and filtered.
    const prepare = (proxy: Proxy): void => prepareRows(proxy, this.rowOptions());
    this.fleet = new Fleet(config, Array.isArray(transports) ? transports : [transports as Transport], this.clock, this.wallClock, prepare);
    this.fleet.on('snapshot', (snapshot, previous) => this.accept(snapshot, previous));
    this.fleet.on('notice', (level, text) => this.note(level, text));
    this.fleet.on('change', () => {
      // An instance going down or coming back changes its title row; with one instance the top bar says it.
      if (this.fleet.several && this.snapshot !== undefined) this.accept(this.snapshot, this.snapshot);
      else this.changed();
    });
  }

  /** A snapshot was accepted and the rows rebuilt. */
  protected abstract settled(snapshot: Snapshot): void;

  /** The view on screen: the sort is of its columns. */
  abstract get mode(): ModeNumber;

  /** Starts polling; `infos[i]` is `show info` as just read on instance i's session (see Instance.start). */
  start(infos: readonly (Info | undefined)[] = []): void {
    this.fleet.start(infos);
  }

  stop(): void {
    this.stopped = true;
    this.fleet.stop();
  }

  /** The first (with one instance: the only) instance. */
  get instance(): Instance {
    return this.fleet.first;
  }

  protected get selectedService(): Service | undefined {
    return this.selectedId === undefined ? undefined : this.snapshot?.byId.get(this.selectedId);
  }

  /** The instance the CLI view sends to (the selected service's), when several are watched. */
  get cliInstance(): string | undefined {
    return this.fleet.nameOf(this.fleet.indexOf(this.selectedService));
  }

  /** With one instance on a master CLI socket, its processes for the header. */
  get procs(): string | undefined {
    const procs = this.fleet.several ? undefined : this.fleet.first.procs;
    return procs === undefined ? undefined : procsText(procs);
  }

  /** Each instance's state for the header, when several are watched (undefined with one). */
  get instances(): readonly InstanceStatus[] | undefined {
    return this.fleet.statuses();
  }

  get snapshot(): Snapshot | undefined {
    return this.fleet.snapshot;
  }

  get connection(): Connection {
    return this.fleet.connection;
  }

  get lastUpdate(): number | undefined {
    return this.fleet.lastUpdate;
  }

  /** The service the cursor is on. Setting it is the operator choosing a service. */
  get selectedId(): string | undefined {
    return this.selection.id;
  }

  set selectedId(id: string | undefined) {
    this.selection.set(id);
  }

  /** The label of the selected service, or of the lost one (`gone: ...`), for the footer. */
  get selectionLabel(): string | undefined {
    return this.selection.label(this.snapshot);
  }

  protected changed(): void {
    if (!this.stopped) this.emit('change');
  }

  private rowOptions(): RowOptions {
    return { proxies: this.config.proxies, ...this.sortFilter.arrangement(this.mode) };
  }

  private build(snapshot: Snapshot): DisplayRow[] {
    const opts = this.rowOptions();
    this.builtWith = this.sortFilter.key(this.mode);
    return this.fleet.several
      ? buildFleetRows(this.instances ?? [], (name) => this.fleet.member(name)?.instance.snapshot, opts)
      : buildRows(snapshot, opts);
  }

  private accept(snapshot: Snapshot, previous: Snapshot | undefined): void {
    const previousRows = this.rows;
    this.rows = this.build(snapshot);
    const said = selectionNotice(this.selection.reconcile(previousRows, previous, this.rows, snapshot));
    if (said !== undefined) {
      this.note(this.selection.lost !== undefined ? 'error' : 'info', said);
      // A dialog or menu about the service that vanished must not outlive it.
      if (this.selection.lost !== undefined && (this.overlay.kind === 'menu' || this.overlay.kind === 'confirm')) this.overlay = { kind: 'none' };
    }
    feedHistory(this.history, snapshot, previous, (instance) => this.pidOf(snapshot, instance), this.historyServers());
    this.settled(snapshot);
    this.changed();
  }

  /**
   * The sort or the filter changed, or the view (whose columns the sort is of): the rows again, at once, from what
   * was last read. The selection stays on its service; one the filter hides is held (see Selection).
   */
  protected rearrange(): void {
    const snapshot = this.snapshot;
    if (snapshot === undefined || this.sortFilter.key(this.mode) === this.builtWith) return;
    const previousRows = this.rows;
    this.rows = this.build(snapshot);
    this.selection.rearranged(previousRows, this.rows);
  }

  /** The sorted column of the view on screen, for the header's mark. */
  get sortMark(): SortMark | undefined {
    const sort = this.sortFilter.sortIn(this.mode);
    return sort === undefined ? undefined : { column: sort.column.id, order: sort.order };
  }

  /** The filter in force and what it lets through, for the top bar and the footer; undefined when none. */
  get filtered(): ({ readonly text: string; readonly problems: boolean } & RowCounts) | undefined {
    const filter = this.sortFilter.filter;
    return filter === undefined ? undefined : { ...filter, ...rowCounts(this.rows) };
  }

  /** The pid of a service's instance: a new one means HAProxy restarted, so counters start again. */
  private pidOf(snapshot: Snapshot, instance: string | undefined): string | undefined {
    const info = this.fleet.several ? this.fleet.member(instance)?.instance.snapshot?.info : snapshot.info;
    return info?.get('Pid');
  }

  private historyServers(): ServiceId[] {
    const selected = this.selectedId;
    return selected === undefined || this.visibleServers.includes(selected) ? this.visibleServers : [...this.visibleServers, selected];
  }

  /** Polls right away (after an action) so the new state shows without waiting for the next period. */
  refresh(touched: readonly ServiceId[] = []): void {
    const services = touched.flatMap((id) => this.snapshot?.byId.get(id) ?? []);
    this.fleet.refresh(services);
  }

  /** The screen shows rows [top, top + height): their proxies are kept fresh first. */
  showing(top: number, height: number): void {
    this.fleet.setVisible(proxiesIn(this.rows, top, height));
    const servers: ServiceId[] = [];
    for (const row of this.rows.slice(Math.max(0, top), Math.max(0, top + height))) if (row.kind === 'service' && row.service.kind === 'server') servers.push(row.service.id);
    this.visibleServers = servers;
  }

  /** How the full dump is paced on a large HAProxy (undefined while every refresh reads all). */
  get pacing(): Pacing | undefined {
    return this.fleet.pacing;
  }

  setNotice(level: NoticeLevel, text: string): void {
    this.note(level, text);
    this.changed();
  }

  /** Sets the status line's message and remembers when, so a stale one can be told from a fresh one. */
  protected note(level: NoticeLevel, text: string): void {
    this.notice = { level, text };
    this.noticeAt = this.wallClock();
  }
}
