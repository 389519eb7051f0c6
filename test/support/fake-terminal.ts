// The real blessed screen, in-process, on fake streams: a PassThrough for the keyboard and a Writable that
// swallows the bytes. The screen is read back from blessed's cell buffer, so tests see what blessed would
// draw without a pty.
import { afterEach } from 'node:test';
import { PassThrough, Writable } from 'node:stream';
import blessed from 'blessed';
import { Controller } from '../../src/app/controller';
import type { Config } from '../../src/config';
import { openTerminal, type Terminal } from '../../src/ui/blessed-adapter';
import { Screen } from '../../src/ui/screen';
import { KEYS, type KeyName } from './keys';
import { ManualClock, StubTransport, testConfig } from './snapshots';
import { waitFor } from './wait';

/** The keyboard: what blessed reads from. */
export class FakeInput extends PassThrough {
  readonly isTTY = true;
  isRaw = false;
  setRawMode(mode: boolean): this {
    this.isRaw = mode;
    return this;
  }
}

/** The terminal's display: has a size, swallows (and counts) what is written; keeps it when `record` is set. */
export class FakeOutput extends Writable {
  readonly isTTY = true;
  bytes = 0;
  record = false;
  written = '';
  constructor(
    public columns: number,
    public rows: number,
  ) {
    super();
  }
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.bytes += chunk.length;
    if (this.record) this.written += chunk.toString();
    done();
  }
}

/** One cell of blessed's buffer: `[attr, ch]`, attr = flags << 18 | fg << 9 | bg. */
type Cell = [number, string];
interface BlessedScreenInternals {
  readonly lines: Cell[][];
  readonly program: { readonly output: unknown };
}

// TEST-ONLY: blessed keeps every live screen in `Screen.instances`; the Terminal adapter does not expose its
// screen, so the helper finds the one writing to our output. (Asked for: an optional `debugLines()` on Terminal.)
function screenFor(output: FakeOutput): BlessedScreenInternals {
  const instances = (blessed as unknown as { Screen: { instances: BlessedScreenInternals[] } }).Screen.instances;
  const screen = instances.find((s) => s.program.output === output);
  if (screen === undefined) throw new Error('no blessed screen writes to this fake output');
  return screen;
}

const INVERSE = 8;
const BOLD = 1;
const UNDERLINE = 2;

export interface CellInfo {
  readonly ch: string;
  readonly inverse: boolean;
  readonly bold: boolean;
  readonly underline: boolean;
  /** blessed colour index; 0x1ff = default. */
  readonly fg: number;
}

export class FakeTerminal {
  readonly input = new FakeInput();
  readonly output: FakeOutput;
  readonly terminal: Terminal;
  private readonly screen: BlessedScreenInternals;

  /** `mouse`: the terminal asks for mouse reports (and everything written is kept in output.written). */
  constructor(cols: number, rows: number, opts: { mouse?: boolean } = {}) {
    this.output = new FakeOutput(cols, rows);
    this.output.record = opts.mouse === true;
    this.terminal = openTerminal({ input: this.input, output: this.output, term: 'xterm-256color', mouse: opts.mouse === true, tmux: false });
    this.screen = screenFor(this.output);
  }

  /** The screen as text, one string per row, trailing spaces kept. */
  lines(): string[] {
    return this.screen.lines.map((row) => row.map((cell) => cell[1]).join(''));
  }

  text(): string {
    return this.lines().join('\n');
  }

  /** The first row containing `needle`, or -1. */
  rowOf(needle: string): number {
    return this.lines().findIndex((l) => l.includes(needle));
  }

  cell(x: number, y: number): CellInfo {
    const cell = this.screen.lines[y]?.[x];
    if (cell === undefined) throw new RangeError(`no cell at ${x},${y}`);
    const flags = cell[0] >> 18;
    return {
      ch: cell[1],
      inverse: (flags & INVERSE) !== 0,
      bold: (flags & BOLD) !== 0,
      underline: (flags & UNDERLINE) !== 0,
      fg: (cell[0] >> 9) & 0x1ff,
    };
  }

  /** Whether every cell of row `y` from `from` to `to` (exclusive) is drawn inverse. */
  rowInverse(y: number, from = 0, to = this.output.columns): boolean {
    for (let x = from; x < to; x++) if (!this.cell(x, y).inverse) return false;
    return true;
  }

  /** One key: its whole byte sequence in one write (a split sequence would be read as several keys). */
  press(sequence: string): void {
    this.input.write(sequence);
  }

  /** Text typed one character per write. */
  type(text: string): void {
    for (const ch of text) this.input.write(ch);
  }

  resize(cols: number, rows: number): void {
    this.output.columns = cols;
    this.output.rows = rows;
    this.output.emit('resize');
  }

  destroy(): void {
    this.terminal.destroy();
    this.input.destroy();
    this.output.destroy();
  }
}

export interface ScreenRig {
  readonly term: FakeTerminal;
  readonly controller: Controller;
  readonly screen: Screen;
  readonly stub: StubTransport;
  readonly clock: ManualClock;
  /** Every key as the Screen saw it (`KeyEvent.full`), in order. */
  readonly keys: string[];
  /** How many times the controller asked to quit. */
  quits: number;
  /** Waits until the screen satisfies `probe`; on timeout the message holds the whole screen. */
  until(probe: (term: FakeTerminal) => boolean, what: string, timeoutMs?: number): Promise<void>;
  close(): void;
}

export interface RigOptions {
  readonly cols?: number;
  readonly rows?: number;
  readonly config?: Partial<Config>;
  readonly stub?: StubTransport;
  /** Waits for this text before returning (default `>>> `: the table is drawn); '' waits for nothing. */
  readonly ready?: string;
  /**
   * The wall clock (ms) of the controller (notice and update times) and of the screen (its `now`), so a test can
   * move time for what the operator reads (messages expiring). Default: Date.now for the controller, RIG_NOW for
   * the screen.
   */
  readonly wallClock?: () => number;
  /** Mouse reports on (see FakeTerminal). */
  readonly mouse?: boolean;
}

export const RIG_NOW = new Date(2026, 0, 2, 3, 4, 5);

/** The real Screen on a FakeTerminal, driving a Controller on a stub transport and a manual clock. */
export async function openScreen(opts: RigOptions = {}): Promise<ScreenRig> {
  const term = new FakeTerminal(opts.cols ?? 120, opts.rows ?? 30, { mouse: opts.mouse === true });
  const stub = opts.stub ?? new StubTransport();
  const clock = new ManualClock();
  const wallClock = opts.wallClock;
  const controller = new Controller(testConfig(opts.config), stub, wallClock === undefined ? clock : { clock, wallClock });
  const screen = new Screen(term.terminal, controller, {
    version: '0.1.0',
    address: '/run/haproxy/admin.sock',
    theme: { color: true },
    now: wallClock === undefined ? () => RIG_NOW : () => new Date(wallClock()),
  });
  const keys: string[] = [];
  term.terminal.onKey((event) => keys.push(event.full));
  const rig: ScreenRig = {
    term,
    controller,
    screen,
    stub,
    clock,
    keys,
    quits: 0,
    async until(probe, what, timeoutMs = 3000) {
      try {
        await waitFor(() => probe(term), { timeoutMs, what, intervalMs: 5 });
      } catch (error) {
        throw new Error(`${error instanceof Error ? error.message : String(error)}\n--- screen ---\n${term.text()}\n---`);
      }
    },
    close() {
      controller.stop();
      screen.dispose();
      term.destroy();
    },
  };
  controller.on('quit', () => rig.quits++);
  screen.draw();
  controller.start();
  const ready = opts.ready ?? '>>> ';
  if (ready !== '') await rig.until((t) => t.text().includes(ready), `"${ready}" on screen`);
  return rig;
}

/**
 * Screens opened by a test file through the returned `open`, each closed after its test; plus the small readers
 * every screen test uses. Call once at the top of a test file.
 */
export function screenRigs(): { open: (opts?: RigOptions) => Promise<ScreenRig> } {
  const rigs: ScreenRig[] = [];
  afterEach(() => {
    for (const rig of rigs.splice(0)) rig.close();
  });
  return {
    open: async (opts: RigOptions = {}) => {
      const rig = await openScreen(opts);
      rigs.push(rig);
      return rig;
    },
  };
}

export const press = (rig: ScreenRig, ...keys: KeyName[]): void => {
  for (const k of keys) rig.term.press(KEYS[k]);
};
export const footer = (t: FakeTerminal): string => t.lines().at(-1) ?? '';
export const selectedIs = (id: string) => (t: FakeTerminal): boolean => footer(t).trimEnd().endsWith(`[${id}]`);
