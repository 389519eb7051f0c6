// What the operator does to HAProxy, over what they watch (see Watch): the server hotkeys and their
// confirmations, the switches watched to their end (F12), values typed for an action, the CLI view, and the audit
// log every command that can change HAProxy goes through. The Controller adds the views, menus and search.
import type { Config } from '../config';
import type { Snapshot } from '../stats/types';
import { formatAddress } from '../runtime/address';
import type { ActionPlan } from './actions';
import type { AuditLog, AuditTrail, AuditWhere } from './audit';
import type { CliLog } from './cli-log';
import type { SideSession } from './cli-line';
import { CliView } from './cli-view';
import { Hotkeys } from './hotkeys';
import type { Transport } from './instance';
import type { LineEdit, LineState } from './line-editor';
import { SafeSwitches } from './safe-switch';
import { Watch, type WatchOptions } from './watch';

export interface OperatorOptions extends WatchOptions {
  /**
   * Opens a separate session for CLI commands that would change the polling session (`user`, `operator`), on
   * instance `index` (of config.instances).
   */
  readonly openSession?: (index: number) => SideSession & Pick<Transport, 'send'>;
  /** Where every command that can change HAProxy is recorded, before it is sent and with its outcome. */
  readonly audit?: AuditLog;
}

export abstract class Operator extends Watch {
  readonly cli: CliView;
  protected readonly hotkeys: Hotkeys;
  private readonly switches: SafeSwitches;

  /** `transports`: one per config.instances entry, in the same order (a single one for a single instance). */
  constructor(config: Config, transports: Transport | readonly Transport[], options: OperatorOptions) {
    super(config, transports, options);
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
