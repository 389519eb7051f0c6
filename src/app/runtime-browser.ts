// The runtime views' state (SESSIONS, TABLES, MAPS, CERTS, INFO): where the operator is in each (a list, or
// inside an item), the last table read, the selected row (by its key, never its position), the find, filter and
// sort, and the reads, again at every refresh interval while the view is shown. No blessed, no sockets: the
// reader comes from the instance the view looks at.
import type { Level, ModeNumber, Place, Reader, RuntimeRow, RuntimeTable, RuntimeViewDef, Scope } from '../views';
import { runtimeView } from '../views';
import { levelNote, levelOf, levelRefusal, type WriteKind } from './runtime-level';
import type { Clock } from './poller';
import { arrangeRows, stepRow, stepSort, type RowSort } from './runtime-rows';

export interface BrowserHost {
  readonly clock: Clock;
  /** Wall-clock now, for certificate expiry. */
  now(): Date;
  readonly intervalMs: number;
  readonly certWarnDays: number;
  /** The reader for the instance the views look at, and its name when several are watched. */
  target(): { readonly read: Reader; readonly name: string | undefined };
  /** The service selected in the table views, for SESSIONS' scope. */
  selection(): Scope | undefined;
  changed(): void;
}

interface ViewState {
  readonly places: Place[];
  table: RuntimeTable | undefined;
  error: string | undefined;
  selected: string | undefined;
  filter: string;
  sort: RowSort;
  /** SESSIONS: all sessions rather than the selection's. */
  all: boolean;
  /** What the view keeps between reads, per instance (two load balancers often have the same file names). */
  readonly memo: Map<string, Map<string, unknown>>;
  /** Which instance the table was read from. */
  from: string | undefined;
}

export class RuntimeBrowser {
  private readonly states = new Map<ModeNumber, ViewState>();
  private shown: RuntimeViewDef | undefined;
  private timer: unknown;
  private loading = false;
  /** A read asked for while one was running: it runs when that one ends. */
  private again = false;
  /** Each instance's socket level (`show cli level`), learnt at its first read; undefined: not known. */
  private readonly levels = new Map<string, Level | undefined>();

  constructor(private readonly host: BrowserHost) {}

  private state(mode: ModeNumber): ViewState {
    let s = this.states.get(mode);
    if (s === undefined) {
      s = { places: [{}], table: undefined, error: undefined, selected: undefined, filter: '', sort: undefined, all: false, memo: new Map(), from: undefined };
      this.states.set(mode, s);
    }
    return s;
  }

  private get current(): ViewState | undefined {
    return this.shown === undefined ? undefined : this.state(this.shown.mode);
  }

  /** The view now on screen: read it at once, then every interval; undefined (a table or CLI view) stops reading. */
  show(mode: ModeNumber): void {
    const view = runtimeView(mode);
    if (view === this.shown) return;
    this.shown = view;
    this.stopTimer();
    if (view !== undefined) void this.load();
  }

  stop(): void {
    this.shown = undefined;
    this.stopTimer();
  }

  private stopTimer(): void {
    if (this.timer !== undefined) this.host.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  get place(): Place {
    return this.current?.places.at(-1) ?? {};
  }

  get filter(): string {
    return this.current?.filter ?? '';
  }

  /** SESSIONS' scope: the selected service, unless `s` asked for all. */
  get scope(): Scope | undefined {
    const s = this.current;
    if (s === undefined || s.all) return undefined;
    const selected = this.host.selection();
    return selected !== undefined && (selected.kind === 'server' || selected.kind === 'backend') ? selected : undefined;
  }

  /** Reads the view shown again now (after a write, a change of place or filter). */
  async load(): Promise<void> {
    const view = this.shown;
    if (view === undefined) return;
    if (this.loading) {
      this.again = true;
      return;
    }
    this.loading = true;
    this.stopTimer();
    const s = this.state(view.mode);
    const place = this.place;
    const target = this.host.target();
    try {
      const name = target.name ?? '';
      if (!this.levels.has(name)) this.levels.set(name, levelOf((await target.read('show cli level')).first));
      let memo = s.memo.get(name);
      if (memo === undefined) s.memo.set(name, (memo = new Map()));
      const table = await view.load(target.read, { place, filter: s.filter, now: this.host.now(), certWarnDays: this.host.certWarnDays, memo, ...(this.scope === undefined ? {} : { scope: this.scope }) });
      // The operator may have moved on while it was read: a table read for another place is not shown.
      if (this.place === place) {
        s.table = table;
        s.error = undefined;
        s.from = target.name;
        if (s.selected === undefined || !this.rows.some((r) => r.key === s.selected)) s.selected = this.rows.find((r) => r.section !== true)?.key;
      }
    } catch (error) {
      s.error = error instanceof Error ? error.message : String(error);
    } finally {
      this.loading = false;
    }
    this.host.changed();
    if (this.shown === view) {
      if (this.again) {
        this.again = false;
        void this.load();
      } else this.timer = this.host.clock.setTimeout(() => void this.load(), this.host.intervalMs);
    }
  }

  get table(): RuntimeTable | undefined {
    return this.current?.table;
  }

  /** Why the last read failed (the transport's message), if it did. */
  get error(): string | undefined {
    return this.current?.error;
  }

  get instance(): string | undefined {
    return this.current?.from;
  }

  get selectedKey(): string | undefined {
    return this.current?.selected;
  }

  get sort(): RowSort {
    return this.current?.sort;
  }

  /** The rows as shown: filtered by the text typed (unless HAProxy filtered them), then sorted. */
  get rows(): readonly RuntimeRow[] {
    const s = this.current;
    if (s?.table === undefined) return [];
    return arrangeRows(s.table, s.table.filteredByHaproxy === true ? '' : s.filter, s.sort);
  }

  get selectedRow(): RuntimeRow | undefined {
    const key = this.selectedKey;
    return this.rows.find((r) => r.key === key);
  }

  select(key: string | undefined): void {
    const s = this.current;
    if (s !== undefined && key !== undefined) s.selected = key;
    this.host.changed();
  }

  /** UP, DOWN, PGUP, PGDOWN, HOME, END. */
  move(action: 'up' | 'down' | 'page-up' | 'page-down' | 'home' | 'end', pageSize: number): void {
    const s = this.current;
    if (s === undefined) return;
    s.selected = stepRow(this.rows, s.selected, action, pageSize);
    this.host.changed();
  }

  /** The wheel: `delta` rows down (or up), section lines skipped. */
  moveBy(delta: number): void {
    const s = this.current;
    if (s === undefined) return;
    for (let i = 0; i < Math.abs(delta); i++) s.selected = stepRow(this.rows, s.selected, delta > 0 ? 'down' : 'up', 1);
    this.host.changed();
  }

  /** ENTER: into the selected row's item (a table's entries), if it has one; false when there is none. */
  open(): boolean {
    const s = this.current;
    const target = this.selectedRow?.open;
    if (s === undefined || target === undefined) return false;
    s.places.push(target);
    this.enter(s);
    return true;
  }

  /** ESC: out of an item back to the list; false at the list (the view itself goes back). */
  back(): boolean {
    const s = this.current;
    if (s === undefined || s.places.length <= 1) return false;
    const left = s.places.pop();
    this.enter(s);
    s.selected = this.rows.find((r) => r.open?.inside === left?.inside)?.key ?? s.selected;
    return true;
  }

  private enter(s: ViewState): void {
    s.table = undefined;
    s.selected = undefined;
    s.filter = '';
    s.sort = undefined;
    this.host.changed();
    void this.load();
  }

  /** `s` in SESSIONS: all sessions, or the selection's. */
  toggleAll(): string {
    const s = this.current;
    if (s === undefined) return '';
    s.all = !s.all;
    void this.load();
    const scope = this.scope;
    return scope === undefined ? 'Sessions: all.' : `Sessions: ${scope.proxy}${scope.kind === 'server' ? `/${scope.name}` : ''} only.`;
  }

  setFilter(text: string): void {
    const s = this.current;
    if (s === undefined) return;
    s.filter = text;
    // A filter HAProxy applies (TABLES) needs a new read; a text filter applies at once.
    if (this.shown?.mode === 7 && this.place.inside !== undefined) void this.load();
    this.host.changed();
  }

  /** `>` `<`: the next or previous column to sort by (past the last: HAProxy's order); `I` inverts. */
  sortStep(step: 1 | -1): string {
    const s = this.current;
    if (s === undefined) return 'Nothing to sort yet.';
    const next = stepSort(s.table?.columns ?? [], s.sort, step);
    s.sort = next.sort;
    this.host.changed();
    return next.said;
  }

  invert(): string {
    const s = this.current;
    if (s?.sort === undefined) return 'Not sorted: > picks a column first.';
    s.sort = { ...s.sort, desc: !s.sort.desc };
    this.host.changed();
    return s.sort.desc ? 'Largest first.' : 'Smallest first.';
  }

  get view(): RuntimeViewDef | undefined {
    return this.shown;
  }

  /** The socket's level, when known. */
  get level(): Level | undefined {
    return this.levels.get(this.current?.from ?? '');
  }

  /** Why a write of the view shown is refused at this socket's level before anything is sent, if it is. */
  levelRefusal(kind: WriteKind): string | undefined {
    return this.shown === undefined ? undefined : levelRefusal(this.shown.actions, kind, this.level);
  }

  /** What the view shown cannot do at this socket's level, for its title lines. */
  get levelNote(): string | undefined {
    return this.shown === undefined ? undefined : levelNote(this.shown.actions, this.level);
  }
}
