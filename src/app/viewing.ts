// The views (see Views): which one is on screen, the runtime views' state, reads and keys, and the text typed for
// their writes. The Controller adds the keys, menus, search and the mouse.
import type { Config, ModeNumber } from '../config';
import { isModeNumber } from '../views';
import type { KeyPlace } from './keymap';
import type { Clock } from './poller';
import type { Transport } from './instance';
import { Operator, type OperatorOptions } from './operator';
import { RuntimeBrowser } from './runtime-browser';
import { RuntimeKeys } from './runtime-keys';
import { ViewSessions } from './runtime-reader';
import { Views } from './views';

export type ControllerOptions = OperatorOptions;

export abstract class Viewing extends Operator {
  protected readonly views: Views;
  /** The runtime views (6-9, 0): their state and reads. */
  readonly runtime: RuntimeBrowser;
  protected readonly runtimeKeys: RuntimeKeys;
  private readonly viewSessions: ViewSessions;

  /** `transports`: one per config.instances entry, in the same order (a single one for a single instance). */
  constructor(config: Config, transports: Transport | readonly Transport[], clockOrOptions: Clock | ControllerOptions = {}) {
    super(config, transports, 'now' in clockOrOptions ? { clock: clockOrOptions } : clockOrOptions);
    this.views = new Views(config.readOnly, config.mode);
    this.viewSessions = new ViewSessions((index) => this.fleet.transportOf(index), 'now' in clockOrOptions ? undefined : clockOrOptions.openSession);
    this.runtime = new RuntimeBrowser({
      clock: this.clock,
      now: () => new Date(this.wallClock()),
      intervalMs: Math.max(1000, config.intervalSec * 1000),
      certWarnDays: config.certWarnDays,
      // The views look at the instance of the service selected in the table views.
      target: () => {
        const index = this.fleet.indexOf(this.selectedService);
        return { read: this.viewSessions.reader(index), name: this.fleet.nameOf(index) };
      },
      selection: () => {
        const s = this.selectedService;
        return s === undefined ? undefined : { proxy: s.proxy, name: s.name, kind: s.kind };
      },
      changed: () => this.changed(),
    });
    this.runtimeKeys = new RuntimeKeys({
      browser: this.runtime,
      readOnly: config.readOnly,
      overlay: () => this.overlay,
      setOverlay: (overlay) => void (this.overlay = overlay),
      note: (level, text) => this.note(level, text),
      pageSize: () => this.pageSize,
    });
  }

  override start(...args: Parameters<Operator['start']>): void {
    super.start(...args);
    this.runtime.show(this.mode);
  }

  override stop(): void {
    this.runtime.stop();
    this.viewSessions.close();
    super.stop();
  }

  /** Polls right away after an action; a runtime view on screen is read again too. */
  override refresh(...args: Parameters<Operator['refresh']>): void {
    super.refresh(...args);
    if (this.runtime.view !== undefined) void this.runtime.load();
  }

  /** Which kind of view is on screen, for the keys that apply there. */
  get keyPlace(): KeyPlace {
    return this.views.view.kind;
  }

  get mode(): ModeNumber {
    return this.views.mode;
  }

  get inCli(): boolean {
    return this.mode === 5;
  }

  /** After a view change: any overlay closes, or the status line says why the view cannot be had. */
  protected viewShown(refused: string | undefined): void {
    if (refused !== undefined) return this.note('error', refused);
    this.overlay = { kind: 'none' };
    this.runtime.show(this.mode);
    // The sort is by a column of the view: the new view may not have it, or have it back.
    this.rearrange();
  }

  /** `mode-N`: that view, if the registry has it. */
  protected showMode(action: string): boolean {
    const mode = /^mode-(\d)$/.exec(action)?.[1];
    if (mode === undefined) return false;
    const n = Number(mode);
    if (isModeNumber(n)) this.viewShown(this.views.show(n));
    return true;
  }

  // ---- text typed for a runtime view's write -----------------------------------------------------------

  editText(text: string): void {
    this.runtimeKeys.editText(text);
    this.changed();
  }

  endText(submit: boolean): void {
    this.runtimeKeys.endText(submit);
    this.changed();
  }
}
