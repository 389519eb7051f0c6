// The controller: what the operator sees and does. The view, the overlay, the selection (by service identity),
// notices, server actions turned into commands, the CLI log. It knows no blessed and no sockets: it reads a
// Fleet of instances (each with its transport, polling, connection state) and talks to HAProxy only through
// their Transports, each command to the instance it names.
import { EventEmitter } from 'node:events';
import type { Config, ModeNumber } from '../config';
import type { Info, ServiceId, Snapshot } from '../stats/types';
import type { Pacing } from './stat-poll';
import { buildRows, prepareRows, proxiesIn, type DisplayRow } from '../view/rows';
import { buildFleetRows, type InstanceStatus } from '../view/fleet-rows';
import { formatAddress } from '../runtime/address';
import { Fleet } from './fleet';
import { menuItems, menuPick, menuStep, type ActionId, type KeyBinding } from './keymap';
import { SERVER_ACTIONS, type ActionPlan } from './actions';
import { Hotkeys } from './hotkeys';
import type { CliLog } from './cli-log';
import type { LineEdit, LineState } from './line-editor';
import type { SideSession } from './cli-line';
import { CliView } from './cli-view';
import { systemClock, type Clock } from './poller';
import type { Connection, Instance, NoticeLevel, Transport } from './instance';
import { navigate, Selection, selectionNotice } from './selection';
import { Search } from './search';
import { Views } from './views';

export type { Connection, NoticeLevel, Transport } from './instance';
export { RETRY_MS } from './instance';

export type { Notice, Overlay } from './overlay';
import type { Notice, Overlay } from './overlay';

export interface ControllerOptions {
  readonly clock?: Clock;
  /** Wall-clock time (ms since epoch) for what the operator reads: notice times, "updated at". */
  readonly wallClock?: () => number;
  /**
   * Opens a separate session for CLI commands that would change the polling session (`user`, `operator`), on
   * instance `index` (of config.instances).
   */
  readonly openSession?: (index: number) => SideSession;
}

export class Controller extends EventEmitter {
  private readonly views: Views;
  overlay: Overlay = { kind: 'none' };
  rows: readonly DisplayRow[] = [];
  readonly selection = new Selection();
  notice: Notice | undefined;
  /** When the notice was set (ms since epoch). */
  noticeAt: number | undefined;
  readonly cli: CliView;
  /** Rows per page for PGUP/PGDOWN; the screen sets it from the body's height. */
  pageSize = 10;
  readonly fleet: Fleet;
  private readonly clock: Clock;
  private readonly wallClock: () => number;
  private readonly hotkeys: Hotkeys;
  private readonly search = new Search();
  private stopped = false;

  /** `transports`: one per config.instances entry, in the same order (a single one for a single instance). */
  constructor(
    readonly config: Config,
    transports: Transport | readonly Transport[],
    clockOrOptions: Clock | ControllerOptions = {},
  ) {
    super();
    const options: ControllerOptions = 'now' in clockOrOptions ? { clock: clockOrOptions } : clockOrOptions;
    this.clock = options.clock ?? systemClock;
    this.wallClock = options.wallClock ?? Date.now;
    this.views = new Views(config.readOnly, config.mode);
    this.fleet = new Fleet(config, Array.isArray(transports) ? transports : [transports as Transport], this.clock, this.wallClock, prepareRows);
    const open = options.openSession;
    this.cli = new CliView(() => {
      const index = this.cliIndex();
      const member = this.fleet.members[index];
      return {
        name: this.fleet.several ? member?.spec.name : undefined,
        sender: (member ?? this.fleet.members[0])!.instance.transport,
        openSession: open === undefined ? undefined : () => open(index),
      };
    });
    this.fleet.on('snapshot', (snapshot, previous) => this.accept(snapshot, previous));
    this.fleet.on('notice', (level, text) => this.note(level, text));
    this.fleet.on('change', () => {
      // An instance going down or coming back changes its title row; with one instance the top bar says it.
      if (this.fleet.several && this.snapshot !== undefined) this.accept(this.snapshot, this.snapshot);
      else this.changed();
    });
    this.hotkeys = new Hotkeys({
      config,
      targets: () => this.fleet.members.map((m) => ({ name: this.fleet.several ? m.spec.name : undefined, sender: m.instance.transport })),
      log: this.log,
      selection: this.selection,
      now: () => this.clock.now(),
      snapshot: () => this.snapshot,
      overlay: () => this.overlay,
      setOverlay: (overlay) => void (this.overlay = overlay),
      note: (level, text) => this.note(level, text),
      clearNotice: () => void (this.notice = undefined),
      changed: () => this.changed(),
      refresh: (touched) => this.refresh(touched),
    });
  }

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

  /** Which instance the CLI view talks to: the selected service's (the footer names it), else the first. */
  private cliIndex(): number {
    const service = this.selectedId === undefined ? undefined : this.snapshot?.byId.get(this.selectedId);
    const index = this.fleet.members.findIndex((m) => m.spec.name === service?.instance);
    return index < 0 ? 0 : index;
  }

  /** Each instance's state for the header, when several are watched (undefined with one). */
  get instances(): readonly InstanceStatus[] | undefined {
    if (!this.fleet.several) return undefined;
    return this.fleet.members.map((m) => ({
      name: m.spec.name,
      address: formatAddress(m.spec.address),
      connection: m.instance.connection,
      info: m.instance.snapshot?.info,
      services: m.instance.snapshot?.proxies.reduce((n, p) => n + p.services.length, 0) ?? 0,
    }));
  }

  get log(): CliLog {
    return this.cli.log;
  }

  get line(): LineState {
    return this.cli.line;
  }

  get mode(): ModeNumber {
    return this.views.mode;
  }

  get inCli(): boolean {
    return this.mode === 5;
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

  private changed(): void {
    if (!this.stopped) this.emit('change');
  }

  private accept(snapshot: Snapshot, previous: Snapshot | undefined): void {
    const previousRows = this.rows;
    const proxies = this.config.proxies;
    this.rows = this.fleet.several
      ? buildFleetRows(this.instances ?? [], (name) => this.fleet.member(name)?.instance.snapshot, { proxies })
      : buildRows(snapshot, { proxies });
    const said = selectionNotice(this.selection.reconcile(previousRows, previous, this.rows, snapshot));
    if (said !== undefined) {
      this.note(this.selection.lost !== undefined ? 'error' : 'info', said);
      // A dialog or menu about the service that vanished must not outlive it.
      if (this.selection.lost !== undefined && (this.overlay.kind === 'menu' || this.overlay.kind === 'confirm')) this.overlay = { kind: 'none' };
    }
    this.hotkeys.settle(snapshot);
    this.changed();
  }

  /** Polls right away (after an action) so the new state shows without waiting for the next period. */
  refresh(touched: readonly ServiceId[] = []): void {
    const services = touched.flatMap((id) => this.snapshot?.byId.get(id) ?? []);
    this.fleet.refresh(services);
  }

  /** The screen shows rows [top, top + height): their proxies are kept fresh first. */
  showing(top: number, height: number): void {
    this.fleet.setVisible(proxiesIn(this.rows, top, height));
  }

  /** How the full dump is paced on a large HAProxy (undefined while every refresh reads all). */
  get pacing(): Pacing | undefined {
    return this.fleet.pacing;
  }

  // ---- navigation ----------------------------------------------------------------------------------------

  /** After a view change: any overlay closes, or the status line says why the view cannot be had. */
  private viewShown(refused: string | undefined): void {
    if (refused !== undefined) return this.note('error', refused);
    this.overlay = { kind: 'none' };
  }

  setNotice(level: NoticeLevel, text: string): void {
    this.note(level, text);
    this.changed();
  }

  /** Sets the status line's message and remembers when, so a stale one can be told from a fresh one. */
  private note(level: NoticeLevel, text: string): void {
    this.notice = { level, text };
    this.noticeAt = this.wallClock();
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
        this.viewShown(this.views.show(Number(action.slice(5)) as ModeNumber));
        break;
      case 'next-mode':
        this.viewShown(this.views.cycle(1));
        break;
      case 'prev-mode':
        this.viewShown(this.views.cycle(-1));
        break;
      case 'back':
        if (this.overlay.kind !== 'none') this.overlay = { kind: 'none' };
        else this.views.back();
        break;
      case 'up':
      case 'down':
      case 'page-up':
      case 'page-down':
      case 'home':
      case 'end':
        this.selectedId = navigate(this.rows, this.selectedId, action, this.pageSize);
        break;
      case 'menu':
        if (this.overlay.kind !== 'menu' && this.selection.refusal() !== undefined) return this.setNotice('error', this.selection.refusal() ?? '');
        this.overlay = this.overlay.kind === 'menu' ? { kind: 'none' } : { kind: 'menu', index: 0 };
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
      case 'paste': {
        const refused = this.selection.refusal();
        if (refused !== undefined) return this.setNotice('error', refused);
        const service = this.selectedId === undefined ? undefined : this.snapshot?.byId.get(this.selectedId);
        if (service !== undefined) {
          this.cli.edit({ kind: 'insert', text: `${service.proxy}/${service.name}` });
          this.viewShown(this.views.show(5));
        }
        break;
      }
      default:
        if (SERVER_ACTIONS.has(action)) {
          this.serverAction(action);
          return;
        }
    }
    this.changed();
  }

  // ---- the ENTER menu ------------------------------------------------------------------------------------

  /** What the menu offers for the selected row. */
  get menu(): readonly KeyBinding[] {
    return menuItems(this.selectedId === undefined ? undefined : this.snapshot?.byId.get(this.selectedId)?.kind, this.config.readOnly);
  }

  /** UP / DOWN in the menu: the highlight moves, wrapping around. */
  moveMenu(delta: number): void {
    if (this.overlay.kind === 'menu') this.overlay = { kind: 'menu', index: menuStep(this.overlay.index, this.menu.length, delta) };
    this.changed();
  }

  /** ENTER (no key) picks the highlighted action; a letter picks its own. The menu closes and the action runs. */
  pickMenu(menuKey?: string): void {
    const item = this.overlay.kind === 'menu' ? menuPick(this.menu, this.overlay.index, menuKey) : undefined;
    if (item === undefined) return;
    this.overlay = { kind: 'none' };
    this.dispatch(item.action);
  }

  // ---- search ------------------------------------------------------------------------------------------

  /** The search text changed: the selection jumps to the first match from where the search started. */
  editFind(query: string): void {
    if (this.overlay.kind !== 'find') return;
    const { origin } = this.overlay;
    this.overlay = { kind: 'find', query, origin };
    this.selectedId = this.search.preview(this.rows, query, origin);
    this.changed();
  }

  /** ENTER keeps the match (and the query, for n / N); ESC goes back to where the search started. */
  endFind(keep: boolean): void {
    if (this.overlay.kind !== 'find') return;
    const { query, origin } = this.overlay;
    this.overlay = { kind: 'none' };
    if (keep) this.search.keep(query);
    else this.selectedId = origin;
    this.changed();
  }

  /** Whether the search being typed matches anything (for the prompt's "no match"). */
  get findMatches(): boolean {
    return this.overlay.kind !== 'find' || this.search.matches(this.rows, this.overlay.query);
  }

  private findAgain(direction: 1 | -1): void {
    const found = this.search.again(this.rows, this.selectedId, direction);
    if (found.kind === 'none') return this.setNotice(found.level, found.message);
    this.selectedId = found.id;
    this.changed();
  }

  // ---- server actions ------------------------------------------------------------------------------------

  private serverAction(action: ActionId): void {
    // The menu closes once a hotkey is chosen; the details view stays, to watch the state change.
    if (this.overlay.kind === 'menu') this.overlay = { kind: 'none' };
    this.hotkeys.start(action);
  }

  /** The answer to a confirmation. */
  confirm(yes: boolean): void {
    this.hotkeys.confirm(yes);
  }

  execute(plan: ActionPlan): Promise<void> {
    return this.hotkeys.execute(plan);
  }

  // ---- CLI view ------------------------------------------------------------------------------------------

  editCli(edit: LineEdit): void {
    this.cli.edit(edit);
    this.changed();
  }

  async submitCli(): Promise<void> {
    if (await this.cli.submit(() => this.changed())) this.refresh();
  }
}
