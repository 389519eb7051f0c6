// The thin blessed part: draws frames and turns keys into controller calls.
import type { Controller } from '../app/controller';
import { actionFor, bindingFor } from '../app/keymap';
import type { LineEdit } from '../app/line-editor';
import type { KeyEvent, MouseReport, Terminal } from './blessed-adapter';
import { initialScroll, MIN_COLS, MIN_ROWS, popupBox, renderFrame, type Frame, type ScrollState } from './frame';
import { mouseIntent } from './mouse-intent';
import { LineCache } from './table';
import type { Theme } from './theme';

export interface ScreenOptions {
  readonly version: string;
  readonly address: string;
  readonly theme: Theme;
  readonly now?: () => Date;
}

/** Keys the CLI view's input line handles itself. */
/** The clock's own redraw waits this long after the last frame (refreshes every second redraw it anyway). */
const CLOCK_MS = 1100;

const CLI_EDITS: Readonly<Record<string, LineEdit>> = {
  left: { kind: 'left' },
  right: { kind: 'right' },
  home: { kind: 'home' },
  end: { kind: 'end' },
  'C-a': { kind: 'home' },
  'C-e': { kind: 'end' },
  backspace: { kind: 'backspace' },
  'C-h': { kind: 'backspace' },
  delete: { kind: 'delete' },
  'C-d': { kind: 'delete' },
  'C-u': { kind: 'kill-line' },
  'C-w': { kind: 'kill-word' },
  up: { kind: 'history-up' },
  down: { kind: 'history-down' },
};

const isPrintable = (event: KeyEvent): boolean =>
  event.ch !== undefined && event.ch.length === 1 && event.ch >= ' ' && !(event.ch >= '\x7f' && event.ch <= '\x9f') && !event.ctrl && !event.meta;

/**
 * A key on a line being typed (a number, a map entry, a find or a filter): ENTER and ESC end it, BACKSPACE and
 * Ctrl-U edit it, a key `accepts` is added. False for any other key.
 */
function typedKey(event: KeyEvent, text: string, accepts: (event: KeyEvent) => boolean, edit: (text: string) => void, end: (keep: boolean) => void): boolean {
  if (event.full === 'enter') end(true);
  else if (event.full === 'escape' || event.full === 'M-escape') end(false);
  else if (event.full === 'backspace' || event.full === 'C-h') edit(text.slice(0, -1));
  else if (event.full === 'C-u') edit('');
  else if (accepts(event) && event.ch !== undefined) edit(text + event.ch);
  else return false;
  return true;
}

export class Screen {
  private scroll: ScrollState = initialScroll;
  private frame: Frame | undefined;
  private readonly lines = new LineCache();
  private pending = false;
  private clock: NodeJS.Timeout | undefined;
  /** When the last frame was drawn (monotonic ms). */
  private drawnAt = 0;

  constructor(
    private readonly terminal: Terminal,
    private readonly controller: Controller,
    private readonly options: ScreenOptions,
  ) {
    terminal.onKey((event) => this.key(event));
    terminal.onResize(() => this.draw());
    terminal.onMouse((report) => this.mouse(report));
    controller.on('change', () => this.schedule());
    controller.on('copy', (text: string) => terminal.copy(text));
    // The clock in the top bar and "unreachable for N s" move on their own; a refresh every second redraws
    // them anyway, and a second frame per second would double the cost of an idle screen.
    this.clock = setInterval(() => {
      if (performance.now() - this.drawnAt >= CLOCK_MS) this.schedule();
    }, 1000);
    this.clock.unref();
  }

  dispose(): void {
    if (this.clock !== undefined) clearInterval(this.clock);
    this.clock = undefined;
  }

  /** Coalesces redraws: several changes in one tick make one frame. */
  schedule(): void {
    if (this.pending) return;
    this.pending = true;
    setImmediate(() => {
      this.pending = false;
      this.draw();
    });
  }

  draw(): void {
    this.drawnAt = performance.now();
    const { width, height } = this.terminal;
    const frame = renderFrame(this.controller, this.scroll, {
      width,
      height,
      now: this.options.now?.() ?? new Date(),
      version: this.options.version,
      address: this.options.address,
      theme: this.options.theme,
      lines: this.lines,
    });
    this.frame = frame;
    this.scroll = frame.scroll;
    this.controller.pageSize = frame.pageSize;
    this.controller.screenSize = { width, height };
    if (this.controller.keyPlace === 'stats') this.controller.showing(frame.scroll.top, frame.pageSize + 1);
    const popup = frame.popup;
    this.terminal.show(frame.lines, popup === undefined ? undefined : { lines: popup.lines, ...popupBox(popup, width, height) }, frame.charts);
  }

  private tooSmall(): boolean {
    return this.terminal.width < MIN_COLS || this.terminal.height < MIN_ROWS;
  }

  private scrollBy(field: 'helpTop' | 'cliBack' | 'detailsTop', delta: number): void {
    this.scroll = { ...this.scroll, [field]: Math.max(0, this.scroll[field] + delta) };
  }

  key(event: KeyEvent): void {
    const c = this.controller;
    const page = this.frame?.pageSize ?? 10;
    if (this.tooSmall()) {
      // Nothing the operator could see would tell them what a key did (a selection moved, a confirmation
      // answered, a server put in maintenance): only quitting and the help work until the terminal grows.
      if (event.full === 'C-c' || event.full === 'q' || event.full === 'S-q') c.dispatch('quit');
      else if (actionFor(event.full, c.keyPlace, c.config.readOnly) === 'help' && c.overlay.kind !== 'confirm') c.dispatch('help');
      return;
    }
    if (event.full === 'C-c') {
      c.dispatch('quit');
      return;
    }
    if (c.overlay.kind === 'confirm') {
      // Only `y` sends: an ENTER typed out of habit (ENTER, F2, ENTER) cancels instead of acting on every backend.
      if (event.full === 'y' || event.full === 'S-y') c.confirm(true);
      else if (['n', 'S-n', 'escape', 'M-escape', 'q', 'enter'].includes(event.full)) c.confirm(false);
      return;
    }
    if (c.overlay.kind === 'input') {
      // A number: digits only.
      typedKey(event, c.overlay.text, (e) => e.ch !== undefined && /^[0-9]$/.test(e.ch), (t) => c.editInput(t), (ok) => c.endInput(ok));
      return;
    }
    if (c.overlay.kind === 'text') {
      // A runtime view's entry or value: any printable text; ENTER plans it (then asks), ESC sends nothing.
      typedKey(event, c.overlay.text, isPrintable, (t) => c.editText(t), (ok) => c.endText(ok));
      return;
    }
    if (c.overlay.kind === 'question') {
      // Only a listed letter answers; ESC takes the answer that changes nothing.
      if (event.full === 'escape' || event.full === 'M-escape') c.answer('escape');
      else if (event.ch !== undefined) c.answer(event.ch);
      return;
    }
    if (c.overlay.kind === 'find' || c.overlay.kind === 'filter') {
      // `/` and `f` are typed alike: ENTER keeps, ESC goes back (find) or clears (filter).
      const find = c.overlay.kind === 'find';
      const edit = (query: string): void => (find ? c.editFind(query) : c.editFilter(query));
      const end = (keep: boolean): void => (find ? c.endFind(keep) : c.endFilter(keep));
      if (typedKey(event, c.overlay.query, isPrintable, edit, end)) return;
      if (actionFor(event.full, c.keyPlace === 'cli' ? 'stats' : c.keyPlace, c.config.readOnly) !== undefined) {
        // Any other key (an arrow, an F-key) keeps the match and does what it does.
        end(true);
        this.key(event);
      }
      return;
    }
    if (c.overlay.kind === 'menu') {
      // A real menu: arrows and ENTER pick an action, and so does each action's letter; F-keys still work.
      const moves: Record<string, number> = { up: -1, k: -1, down: 1, j: 1 };
      const delta = moves[event.full];
      if (delta !== undefined) return c.moveMenu(delta);
      if (event.full === 'enter') return c.pickMenu();
      if (event.ch !== undefined && c.menu.some((b) => b.menuKey === event.ch)) return c.pickMenu(event.ch);
    }
    if (c.overlay.kind === 'details') {
      if (event.full === 'pageup' || event.full === 'pagedown') {
        this.scrollBy('detailsTop', event.full === 'pageup' ? -page : page);
        this.schedule();
        return;
      }
      // Another service's fields start at their top.
      if (['up', 'down', 'k', 'j', 'home', 'end'].includes(event.full)) this.scroll = { ...this.scroll, detailsTop: 0 };
    }
    if (c.overlay.kind === 'help') {
      const moves: Record<string, number> = { up: -1, down: 1, k: -1, j: 1, pageup: -page, pagedown: page, home: -1e9, end: 1e9 };
      const delta = moves[event.full];
      if (delta !== undefined) {
        this.scrollBy('helpTop', delta);
        this.schedule();
        return;
      }
    }
    if (c.inCli && c.overlay.kind === 'none') {
      if (this.cliKey(event, page)) return;
    }
    const action = actionFor(event.full, c.keyPlace, c.config.readOnly);
    if (action !== undefined) {
      if (action === 'help' && c.overlay.kind !== 'help') this.scroll = { ...this.scroll, helpTop: 0 };
      if (action === 'details' && c.overlay.kind !== 'details') this.scroll = { ...this.scroll, detailsTop: 0 };
      c.dispatch(action);
      return;
    }
    if (c.inCli && isPrintable(event) && event.ch !== undefined) c.editCli({ kind: 'insert', text: event.ch });
    else if (c.config.readOnly) {
      // Bound, but not in read-only mode: say so rather than ignore the key.
      const off = bindingFor(event.full, c.keyPlace, false);
      if (off !== undefined) c.setNotice('info', `Read-only mode (-n): ${off.display} is off.`);
    }
  }

  /** A click or the wheel, on the frame last drawn (what the operator pointed at). */
  mouse(report: MouseReport): void {
    const c = this.controller;
    const frame = this.frame;
    if (frame === undefined || this.tooSmall()) return;
    const intent = mouseIntent(report, frame, { overlay: c.overlay.kind, mode: c.mode, width: this.terminal.width, height: this.terminal.height });
    if (intent.kind === 'none') return;
    // As a key does, the mouse ends a search being typed, keeping its match.
    if (c.overlay.kind === 'find') c.endFind(true);
    switch (intent.kind) {
      case 'select':
        return c.select(intent.id);
      case 'select-row':
        return c.selectRow(intent.key);
      case 'move':
        return c.moveBy(intent.delta);
      case 'scroll':
        // cliBack counts lines back from the newest output: towards the end is fewer.
        if (intent.pane === 'cli') this.scrollBy('cliBack', -intent.delta);
        else this.scrollBy(intent.pane === 'help' ? 'helpTop' : 'detailsTop', intent.delta);
        return this.schedule();
      case 'view':
        return c.dispatch(`mode-${intent.mode}`);
      case 'menu-highlight':
        return c.highlightMenu(intent.index);
      case 'menu-move':
        return c.moveMenu(intent.delta);
      case 'menu-close':
        return c.dispatch('back');
      default: {
        const unhandled: never = intent;
        return unhandled;
      }
    }
  }

  /** The CLI view's own keys; true when handled. */
  private cliKey(event: KeyEvent, page: number): boolean {
    const c = this.controller;
    if (event.full === 'enter') {
      this.scroll = { ...this.scroll, cliBack: 0 };
      void c.submitCli();
      return true;
    }
    if (event.full === 'pageup' || event.full === 'pagedown') {
      this.scrollBy('cliBack', event.full === 'pageup' ? page : -page);
      this.schedule();
      return true;
    }
    if (event.full === 'C-t') {
      // Wrapped (no column lost) or cut and scrolled sideways (tables that read better unwrapped).
      this.scroll = { ...this.scroll, cliWrap: !this.scroll.cliWrap, cliLeft: 0, cliBack: 0 };
      this.schedule();
      return true;
    }
    if ((event.full === 'C-f' || event.full === 'C-b') && !this.scroll.cliWrap) {
      const step = Math.max(10, Math.floor(this.terminal.width / 2));
      this.scroll = { ...this.scroll, cliLeft: Math.max(0, this.scroll.cliLeft + (event.full === 'C-f' ? step : -step)) };
      this.schedule();
      return true;
    }
    const edit = CLI_EDITS[event.full];
    if (edit !== undefined) {
      c.editCli(edit);
      return true;
    }
    return false;
  }
}
