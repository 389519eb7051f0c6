// The one place that touches blessed's loose typings. Everything else sees the small typed surface below.
import blessed from 'blessed';

export interface KeyEvent {
  readonly full: string;
  readonly name: string | undefined;
  readonly ch: string | undefined;
  readonly ctrl: boolean;
  readonly meta: boolean;
}

export interface TextBox {
  setContent(text: string): void;
  place(top: number | string, left: number | string, width: number, height: number): void;
  show(): void;
  hide(): void;
}

export interface Terminal {
  readonly width: number;
  readonly height: number;
  render(): void;
  destroy(): void;
  onKey(handler: (event: KeyEvent) => void): void;
  onResize(handler: () => void): void;
  /** A full-screen box of tagged text. */
  page(): TextBox;
  /** A bordered box drawn above the page (menu, confirmation). */
  popup(): TextBox;
  /** For in-process tests: blessed's cell buffer, rows of [attribute, character]. */
  debugLines(): readonly (readonly (readonly [number, string])[])[];
}

export interface TerminalOptions {
  readonly input?: NodeJS.ReadableStream;
  readonly output?: NodeJS.WritableStream;
  readonly term?: string;
}

/**
 * blessed cannot parse Debian's ncurses 6 entries for screen*, tmux* and xterm-256color terminfo; its bundled
 * xterm-256color entry works in all of them. Other TERMs (linux, xterm, vt100) are left as they are.
 */
export function terminalName(term: string | undefined): string {
  if (term === undefined || term === '' || term === 'dumb') return 'xterm';
  if (/^(screen|tmux|xterm)/.test(term)) return 'xterm-256color';
  return term;
}

/**
 * The last gate before the terminal: frames are built from blessed tags and `safe` text, so a control character
 * here (other than the line breaks between lines) got past them; it is shown as `?`, never sent to the terminal.
 */
export const terminalSafe = (text: string): string => text.replace(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/g, '?');

function box(node: blessed.Widgets.BoxElement): TextBox {
  return {
    setContent: (text) => node.setContent(terminalSafe(text)),
    place(top, left, width, height) {
      node.top = top;
      node.left = left;
      node.width = width;
      node.height = height;
    },
    show: () => node.show(),
    hide: () => node.hide(),
  };
}

export function openTerminal(options: TerminalOptions = {}): Terminal {
  const screen = blessed.screen({
    smartCSR: true,
    fullUnicode: false,
    autoPadding: false,
    warnings: false,
    terminal: terminalName(options.term ?? process.env['TERM']),
    // blessed's typings swap these two stream types; they are plain node streams.
    input: options.input as unknown as blessed.Widgets.IScreenOptions['input'],
    output: options.output as unknown as blessed.Widgets.IScreenOptions['output'],
    resizeTimeout: 50,
    title: 'hatop-ts',
  });
  return {
    get width() {
      return Number(screen.width);
    },
    get height() {
      return Number(screen.height);
    },
    render: () => screen.render(),
    destroy: () => screen.destroy(),
    onKey(handler) {
      screen.on('keypress', (ch: string | undefined, key: blessed.Widgets.Events.IKeyEventArg | undefined) => {
        // blessed reports one `\r` twice, as `enter` and then as `return`: keep only `enter` (and Ctrl-J's
        // `linefeed` is an ENTER too), or every ENTER would act twice.
        if (key?.name === 'return') return;
        const full = key?.full === 'linefeed' ? 'enter' : key?.full;
        handler({
          full: full ?? ch ?? '',
          name: key?.name,
          ch,
          ctrl: key?.ctrl ?? false,
          meta: key?.meta ?? false,
        });
      });
    },
    onResize(handler) {
      screen.on('resize', handler);
    },
    debugLines: () => (screen as unknown as { lines: [number, string][][] }).lines,
    page() {
      return box(blessed.box({ parent: screen, top: 0, left: 0, width: '100%', height: '100%', tags: true, wrap: false }));
    },
    popup() {
      const node = blessed.box({
        parent: screen,
        top: 'center',
        left: 'center',
        width: 40,
        height: 10,
        tags: true,
        wrap: false,
        border: { type: 'line' },
        style: { border: { fg: 'white' } },
        hidden: true,
      });
      return box(node);
    },
  };
}
