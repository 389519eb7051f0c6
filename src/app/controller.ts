// The controller: what the operator does, over what they watch (see Watch: the fleet, rows, selection, notices).
// The view, the ENTER menu, the search, server actions turned into commands, the CLI view. It knows no blessed and
// no sockets: it talks to HAProxy only through the instances' Transports, each command to the instance it names.
import type { Config, ModeNumber } from '../config';
import type { ServiceId, Snapshot } from '../stats/types';
import { moveSelection } from '../view/rows';
import { sanitize } from '../view/format';
import { menuItems, menuPick, menuStep, type ActionId, type KeyBinding } from './keymap';
import { SERVER_ACTIONS, type ActionPlan } from './actions';
import { Hotkeys } from './hotkeys';
import type { CliLog } from './cli-log';
import type { LineEdit, LineState } from './line-editor';
import type { SideSession } from './cli-line';
import type { AuditLog, AuditTrail, AuditWhere } from './audit';
import { CliView } from './cli-view';
import type { Clock } from './poller';
import type { Transport } from './instance';
import { navigate } from './selection';
import { Search } from './search';
import { Views } from './views';
import { Watch, type WatchOptions } from './watch';
import { SafeSwitches } from './safe-switch';
import { formatAddress } from '../runtime/address';
import { HISTORY_MIN_COLS, HISTORY_MIN_ROWS } from '../view/sparkline';

export type { Connection, NoticeLevel, Transport } from './instance';
export { RETRY_MS } from './instance';
export type { Notice, Overlay } from './overlay';

export interface ControllerOptions extends WatchOptions {
  /**
   * Opens a separate session for CLI commands that would change the polling session (`user`, `operator`), on
   * instance `index` (of config.instances).
   */
  readonly openSession?: (index: number) => SideSession;
  /** Where every command that can change HAProxy is recorded, before it is sent and with its outcome. */
  readonly audit?: AuditLog;
}

export class Controller extends Watch {
  private readonly views: Views;
  readonly cli: CliView;
  private readonly hotkeys: Hotkeys;
  private readonly switches: SafeSwitches;
  private readonly search = new Search();

  /** `transports`: one per config.instances entry, in the same order (a single one for a single instance). */
  constructor(config: Config, transports: Transport | readonly Transport[], clockOrOptions: Clock | ControllerOptions = {}) {
    const options: ControllerOptions = 'now' in clockOrOptions ? { clock: clockOrOptions } : clockOrOptions;
    super(config, transports, options);
    this.views = new Views(config.readOnly, config.mode);
    const open = options.openSession;
    const audit = options.audit;
    this.cli = new CliView(() => {
      const index = this.fleet.indexOf(this.selectedService);
      return {
        name: this.fleet.nameOf(index),
        sender: this.fleet.transportOf(index),
        openSession: open === undefined ? undefined : () => open(index),
        audit: audit === undefined ? undefined : this.cliTrail(audit, index),
      };
    });
    this.switches = new SafeSwitches({
      timeoutMs: config.drainTimeoutSec * 1000,
      log: this.log,
      now: () => this.clock.now(),
      senderFor: (instance) => this.fleet.member(instance)?.instance.transport,
      overlay: () => this.overlay,
      setOverlay: (overlay) => void (this.overlay = overlay),
      note: (level, text) => this.note(level, text),
      changed: () => this.changed(),
      follow: (services) => this.fleet.follow(services),
      auditFor: (instance, key) => {
        if (audit === undefined) return undefined;
        const index = this.fleet.members.findIndex((m) => !this.fleet.several || m.spec.name === instance);
        return { log: audit, where: this.whereOf(Math.max(0, index)), from: { kind: 'key', key, menu: false }, now: () => this.wallClock(), trouble: (text) => this.setNotice('error', text) };
      },
    });
    this.hotkeys = new Hotkeys({
      config,
      targets: () =>
        this.fleet.members.map((m, i) => ({
          name: this.fleet.nameOf(i),
          sender: m.instance.transport,
          label: this.fleet.several ? m.spec.name : formatAddress(m.spec.address),
          master: m.instance.transport.master === true,
          where: this.whereOf(i),
        })),
      selectedTarget: () => this.fleet.indexOf(this.selectedService),
      clock: this.clock,
      switches: this.switches,
      log: this.log,
      audit,
      wallNow: () => this.wallClock(),
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

  /** Instance `index` as the audit log names it: always by name, even when it is the only one. */
  private whereOf(index: number): AuditWhere {
    const spec = this.fleet.members[index]?.spec ?? this.fleet.members[0]?.spec;
    return { instance: spec?.name ?? '?', socket: spec === undefined ? '?' : formatAddress(spec.address) };
  }

  /** The CLI view's commands to instance `index`: a line the audit log cannot take is said on the status line. */
  private cliTrail(log: AuditLog, index: number): AuditTrail {
    return { log, where: this.whereOf(index), from: { kind: 'cli' }, now: () => this.wallClock(), trouble: (text) => this.setNotice('error', text) };
  }

  protected settled(snapshot: Snapshot): void {
    this.hotkeys.settle(snapshot);
    this.switches.settle(snapshot);
  }

  /** What each server being switched shows on its row (F12's `DRAINING 3`). */
  get switching(): ReadonlyMap<string, string> {
    return this.switches.rowNotes();
  }

  /** The number being typed (a weight, a maxconn) changed; `submit`: ENTER sends it, else (ESC) nothing is sent. */
  editInput(text: string): void {
    if (this.overlay.kind !== 'input') return;
    this.overlay = { ...this.overlay, text: text.replace(/[^0-9]/g, '').slice(0, 10) };
    this.changed();
  }

  endInput(submit: boolean): void {
    if (this.overlay.kind !== 'input') return;
    const { action, id, text } = this.overlay;
    this.overlay = { kind: 'none' };
    if (submit) this.hotkeys.typed(action, id, text);
    else this.setNotice('info', 'Cancelled: nothing sent.');
    this.changed();
  }

  /** A key pressed on a question (a safe switch's): its answer if it is one of the choices; `escape` for ESC. */
  answer(key: string): void {
    if (this.overlay.kind !== 'question') return;
    const { question } = this.overlay;
    const answer = key === 'escape' ? question.escape : question.choices.find((c) => c.key === key)?.answer;
    if (answer === undefined) return;
    this.overlay = { kind: 'none' };
    this.switches.answer(answer);
    this.changed();
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

  // ---- navigation ----------------------------------------------------------------------------------------

  /** After a view change: any overlay closes, or the status line says why the view cannot be had. */
  private viewShown(refused: string | undefined): void {
    if (refused !== undefined) return this.note('error', refused);
    this.overlay = { kind: 'none' };
  }

  /**
   * Runs a named action (from the keymap). Unknown or not-applicable actions only set a notice. `viaMenu`: picked
   * in the ENTER menu, which the audit log records.
   */
  dispatch(action: ActionId, viaMenu = false): void {
    if (action === 'quit') {
      this.emit('quit');
      return;
    }
    if (this.overlay.kind === 'confirm' || this.overlay.kind === 'question' || this.overlay.kind === 'input') return; // these take their own keys only
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
      case 'history': {
        if (this.overlay.kind === 'history') {
          this.overlay = { kind: 'none' };
          break;
        }
        const { width, height } = this.screenSize;
        if (width < HISTORY_MIN_COLS || height < HISTORY_MIN_ROWS) {
          return this.setNotice('error', `The history pane needs ${HISTORY_MIN_COLS}x${HISTORY_MIN_ROWS}; this terminal is ${width}x${height}.`);
        }
        this.overlay = { kind: 'history' };
        break;
      }
      case 'find':
        this.overlay = { kind: 'find', query: '', origin: this.selectedId };
        break;
      case 'find-next':
      case 'find-prev':
        this.findAgain(action === 'find-next' ? 1 : -1);
        return;
      case 'reload':
        if (this.overlay.kind === 'menu') this.overlay = { kind: 'none' };
        this.hotkeys.reload();
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
      case 'copy': {
        const refused = this.selection.refusal();
        if (refused !== undefined) return this.setNotice('error', refused);
        const label = this.selectedService?.label;
        if (label === undefined) return this.setNotice('info', 'Nothing to copy: no service is selected.');
        // The screen writes it to the terminal; a name is sanitized as everywhere, so a paste never holds a control character.
        const text = sanitize(label);
        this.emit('copy', text);
        this.note('info', `Copied ${text} to the clipboard (OSC 52).`);
        break;
      }
      default:
        if (SERVER_ACTIONS.has(action)) {
          this.serverAction(action, viaMenu);
          return;
        }
    }
    this.changed();
  }

  // ---- the mouse -----------------------------------------------------------------------------------------

  /** A click on a service's row selects it (not under a confirmation; not a service gone since it was drawn). */
  select(id: ServiceId): void {
    if (this.overlay.kind === 'confirm' || this.snapshot?.byId.get(id) === undefined) return;
    this.selectedId = id;
    this.changed();
  }

  /** The wheel over the table: the selection moves by `delta` services, as that many UP or DOWN would. */
  moveBy(delta: number): void {
    if (this.overlay.kind === 'confirm') return;
    this.selectedId = moveSelection(this.rows, this.selectedId, delta);
    this.changed();
  }

  /** A click on a menu item highlights it; ENTER (or its letter) still runs it. */
  highlightMenu(index: number): void {
    if (this.overlay.kind !== 'menu' || index < 0 || index >= this.menu.length) return;
    this.overlay = { kind: 'menu', index };
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
    this.dispatch(item.action, true);
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

  private serverAction(action: ActionId, viaMenu: boolean): void {
    // The menu closes once a hotkey is chosen; the details view stays, to watch the state change.
    if (this.overlay.kind === 'menu') this.overlay = { kind: 'none' };
    this.hotkeys.start(action, viaMenu);
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
