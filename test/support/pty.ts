// End-to-end harness: a program runs under a real pseudo-terminal (node-pty) and everything it prints is
// parsed by a headless xterm, so tests read the screen a person would see, wait on its content (never on
// sleeps) and fail with the whole screen in the message.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as pty from '@lydell/node-pty';
import { Terminal } from '@xterm/headless';
import { type KeyName, keySequence, sgrMouse } from './keys';

export type { KeyName } from './keys';

export interface TermOptions {
  /** 120 unless told. */
  cols?: number;
  /** 35 unless told. */
  rows?: number;
  /** Merged over a copy of process.env from which COLUMNS, LINES, NO_COLOR, FORCE_COLOR, NODE_TEST_CONTEXT are removed. */
  env?: Record<string, string>;
  /** process.cwd() unless told. */
  cwd?: string;
}

export interface CellInfo {
  /** ' ' for an empty cell. */
  char: string;
  /** Palette index 0-255, 0xRRGGBB for true colour, -1 for the terminal's default. */
  fg: number;
  /** Same encoding as fg. */
  bg: number;
  bold: boolean;
  inverse: boolean;
}

export interface ExitInfo {
  exitCode: number;
  signal?: number;
}

export type ScreenPredicate = string | RegExp | ((t: Term) => boolean);

export interface Term {
  /** Whole screen as text, one string per row, trailing spaces trimmed. */
  lines(): string[];
  /** lines().join('\n') */
  text(): string;
  /** Attributes of the cell at 0-based row/col of the screen, for colour assertions. */
  cell(row: number, col: number): CellInfo;
  /** First row/col (0-based) where `needle` occurs, searching row by row. col is the string index in the row,
   * which is the screen column as long as the row holds no double-width characters. */
  find(needle: string | RegExp): { row: number; col: number } | undefined;
  /** Resolves once the screen satisfies `pred` (a string or RegExp is looked for row by row, as find() does;
   * a function that throws counts as "not yet"). Rejects after timeoutMs (10000) with `what` and the screen,
   * or as soon as the program has exited without the screen ever satisfying it. */
  waitFor(pred: ScreenPredicate, opts?: { timeoutMs?: number; what?: string }): Promise<void>;
  /** Resolves once the program has exited and all its output is on the screen. */
  waitForExit(timeoutMs?: number): Promise<ExitInfo>;
  /** Each key in its own write, because blessed misparses a sequence split across reads. Beware: keys written
   * back to back may still reach the program in one read, and blessed turns ESC + key in one read into M-key:
   * after 'escape', wait for its effect on the screen before pressing the next key. */
  press(...keys: KeyName[]): void;
  /** Literal text, in one write. */
  type(text: string): void;
  /** A left click on a 0-based screen cell (as find() gives it), as an xterm reports it in SGR mode: the press
   * and the release, each in its own write. */
  click(col: number, row: number): void;
  /** One notch of the mouse wheel over a 0-based screen cell (SGR button 64 up, 65 down). */
  wheel(direction: 'up' | 'down', col: number, row: number): void;
  write(raw: string): void;
  /** Resizes the xterm and the pty together (the program gets SIGWINCH). */
  resize(cols: number, rows: number): void;
  /** Sends a signal (node-pty's default: SIGHUP). Does nothing once the program has exited. */
  kill(signal?: string): void;
  readonly pid: number;
  readonly exited: boolean;
  /** Raw output received so far, e.g. to check that the alternate screen was left. */
  output(): string;
  /** Every window title the program set (OSC 0/2), in order: text from a socket must never retitle the window. */
  titles(): readonly string[];
  /** How many times the program rang the bell (BEL outside an escape sequence). */
  bells(): number;
}

const DEFAULT_COLS = 120;
const DEFAULT_ROWS = 35;
const DEFAULT_WAIT_MS = 10_000;
const DEFAULT_EXIT_WAIT_MS = 10_000;
/** Safety net for waits: the screen is re-checked after every parsed chunk, and also this often. */
const RECHECK_MS = 100;

/** Repo root, from dist/test/support/. */
export const REPO_ROOT = path.join(__dirname, '../../..');

// Variables of the runner's own environment that would change what a program under test draws or does.
const SCRUBBED_ENV = ['COLUMNS', 'LINES', 'NO_COLOR', 'FORCE_COLOR', 'NODE_TEST_CONTEXT'];

function childEnv(extra: Record<string, string> | undefined): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !SCRUBBED_ENV.includes(k)) env[k] = v;
  }
  return { ...env, ...extra };
}

/** A pending waitFor or waitForExit; returns true once it has settled (resolved or rejected). */
type Waiter = () => boolean;

type Outcome<T> = { ok: true; value: T } | { ok: false; error: Error };

const live = new Set<PtyTerm>();

class PtyTerm implements Term {
  private readonly proc: pty.IPty;
  private readonly vt: Terminal;
  private readonly waiters = new Set<Waiter>();
  private recheckTimer: NodeJS.Timeout | undefined;
  private raw = '';
  private readonly titleLog: string[] = [];
  private bellCount = 0;
  /** Set once the exit is known AND all output before it is parsed. */
  private exitInfo: ExitInfo | undefined;
  /** Set as soon as node-pty reports the exit: writing is pointless from then on. */
  private gone = false;
  readonly pid: number;

  constructor(file: string, args: string[], opts: TermOptions) {
    const cols = opts.cols ?? DEFAULT_COLS;
    const rows = opts.rows ?? DEFAULT_ROWS;
    const env = childEnv(opts.env);
    this.vt = new Terminal({ cols, rows, allowProposedApi: true, scrollback: 1000 });
    this.proc = pty.spawn(file, args, {
      name: env['TERM'] ?? 'xterm-256color',
      cols,
      rows,
      cwd: opts.cwd ?? process.cwd(),
      env,
    });
    this.pid = this.proc.pid;
    live.add(this);

    this.proc.onData((data) => {
      this.raw += data;
      this.vt.write(data, () => this.recheck());
    });
    this.vt.onTitleChange((title) => this.titleLog.push(title));
    this.vt.onBell(() => this.bellCount++);
    // A real terminal answers queries (cursor position, device attributes); so does this one.
    this.vt.onData((reply) => {
      if (!this.gone) this.proc.write(reply);
    });
    this.proc.onExit(({ exitCode, signal }) => {
      this.gone = true;
      live.delete(this);
      // node-pty reports the exit after the last data; flush the xterm so the final screen is readable.
      this.vt.write('', () => {
        this.exitInfo = signal ? { exitCode, signal } : { exitCode };
        this.recheck();
      });
    });
  }

  get exited(): boolean {
    return this.exitInfo !== undefined;
  }

  lines(): string[] {
    const buf = this.vt.buffer.active;
    const out: string[] = [];
    for (let r = 0; r < this.vt.rows; r++) {
      // translateToString(true) trims only never-written cells; spaces a program drew are trimmed here.
      out.push((buf.getLine(buf.baseY + r)?.translateToString(true) ?? '').replace(/ +$/, ''));
    }
    return out;
  }

  text(): string {
    return this.lines().join('\n');
  }

  cell(row: number, col: number): CellInfo {
    if (!Number.isInteger(row) || row < 0 || row >= this.vt.rows || !Number.isInteger(col) || col < 0 || col >= this.vt.cols) {
      throw new RangeError(`cell(${row}, ${col}) is outside the ${this.vt.cols}x${this.vt.rows} screen`);
    }
    const buf = this.vt.buffer.active;
    const c = buf.getLine(buf.baseY + row)?.getCell(col);
    if (c === undefined) throw new RangeError(`no cell at (${row}, ${col})`);
    return {
      char: c.getChars() || ' ',
      fg: c.isFgDefault() ? -1 : c.getFgColor(),
      bg: c.isBgDefault() ? -1 : c.getBgColor(),
      bold: c.isBold() !== 0,
      inverse: c.isInverse() !== 0,
    };
  }

  find(needle: string | RegExp): { row: number; col: number } | undefined {
    const rows = this.lines();
    for (let row = 0; row < rows.length; row++) {
      const line = rows[row] ?? '';
      // search() ignores lastIndex, so a /g regex gives the same answer every time.
      const col = typeof needle === 'string' ? line.indexOf(needle) : line.search(needle);
      if (col >= 0) return { row, col };
    }
    return undefined;
  }

  waitFor(pred: ScreenPredicate, opts: { timeoutMs?: number; what?: string } = {}): Promise<void> {
    const timeoutMs = opts.timeoutMs ?? DEFAULT_WAIT_MS;
    const what = opts.what ?? (typeof pred === 'function' ? 'a screen condition' : String(pred));
    const test = typeof pred === 'function' ? (): boolean => pred(this) : (): boolean => this.find(pred) !== undefined;
    let lastError: unknown;
    const failure = (why: string): Error => {
      const because =
        lastError === undefined ? '' : ` (last error: ${lastError instanceof Error ? lastError.message : String(lastError)})`;
      return new Error(`${why} waiting for ${what}${because}\n${this.describeScreen()}`);
    };
    return this.settleWhen<void>(
      timeoutMs,
      () => {
        try {
          if (test()) return { ok: true, value: undefined };
        } catch (err) {
          lastError = err;
        }
        // Once the program has exited the screen can no longer change: fail now rather than at the deadline.
        if (this.exitInfo !== undefined) return { ok: false, error: failure(`program exited (${describeExit(this.exitInfo)})`) };
        return undefined;
      },
      () => failure(`timed out after ${timeoutMs} ms`),
    );
  }

  waitForExit(timeoutMs: number = DEFAULT_EXIT_WAIT_MS): Promise<ExitInfo> {
    return this.settleWhen<ExitInfo>(
      timeoutMs,
      () => (this.exitInfo === undefined ? undefined : { ok: true, value: this.exitInfo }),
      () => new Error(`timed out after ${timeoutMs} ms waiting for pid ${this.pid} to exit\n${this.describeScreen()}`),
    );
  }

  press(...keys: KeyName[]): void {
    for (const key of keys) this.write(keySequence(key));
  }

  type(text: string): void {
    this.write(text);
  }

  click(col: number, row: number): void {
    this.write(sgrMouse(0, col, row, true));
    this.write(sgrMouse(0, col, row, false));
  }

  wheel(direction: 'up' | 'down', col: number, row: number): void {
    this.write(sgrMouse(direction === 'up' ? 64 : 65, col, row, true));
  }

  write(raw: string): void {
    if (this.gone) throw new Error(`cannot write ${JSON.stringify(raw)}: pid ${this.pid} has exited\n${this.describeScreen()}`);
    this.proc.write(raw);
  }

  resize(cols: number, rows: number): void {
    if (!Number.isInteger(cols) || !Number.isInteger(rows) || cols < 2 || rows < 1) {
      throw new RangeError(`bad terminal size ${cols}x${rows}`);
    }
    // The xterm first, so the redraw that follows SIGWINCH is parsed at the new size.
    this.vt.resize(cols, rows);
    if (!this.gone) this.proc.resize(cols, rows);
  }

  kill(signal?: string): void {
    if (this.gone) return;
    this.proc.kill(signal);
  }

  /** SIGKILL to the program's whole process group (node-pty makes it a session leader). */
  killHard(): void {
    if (this.gone) return;
    try {
      process.kill(-this.pid, 'SIGKILL');
    } catch {
      try {
        this.proc.kill('SIGKILL');
      } catch {
        // Already gone.
      }
    }
  }

  output(): string {
    return this.raw;
  }

  titles(): readonly string[] {
    return this.titleLog;
  }

  bells(): number {
    return this.bellCount;
  }

  /** The screen with row numbers, for failure messages. */
  describeScreen(): string {
    const state = this.exitInfo !== undefined ? `exited, ${describeExit(this.exitInfo)}` : `pid ${this.pid} running`;
    const buffer = this.vt.buffer.active.type === 'alternate' ? 'alternate screen' : 'normal screen';
    const body = this.lines()
      .map((line, i) => `${String(i).padStart(2, ' ')}|${line}`)
      .join('\n');
    return `--- ${this.vt.cols}x${this.vt.rows} ${buffer} (${state}) ---\n${body}\n--- end of screen ---`;
  }

  /**
   * Settles with the first outcome `attempt` gives: it is tried now, after every parsed chunk of output, on
   * the exit, and every RECHECK_MS as a safety net; `onTimeout` builds the error if none comes in time.
   */
  private settleWhen<T>(timeoutMs: number, attempt: () => Outcome<T> | undefined, onTimeout: () => Error): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const waiter: Waiter = () => {
        const outcome = attempt();
        if (outcome === undefined) return false;
        clearTimeout(timer);
        if (outcome.ok) resolve(outcome.value);
        else reject(outcome.error);
        return true;
      };
      if (waiter()) return;
      timer = setTimeout(() => {
        this.waiters.delete(waiter);
        this.stopTimerIfIdle();
        if (!waiter()) reject(onTimeout());
      }, timeoutMs);
      this.waiters.add(waiter);
      if (this.recheckTimer === undefined) {
        this.recheckTimer = setInterval(() => this.recheck(), RECHECK_MS);
        this.recheckTimer.unref();
      }
    });
  }

  private recheck(): void {
    for (const waiter of [...this.waiters]) {
      if (waiter()) this.waiters.delete(waiter);
    }
    this.stopTimerIfIdle();
  }

  private stopTimerIfIdle(): void {
    if (this.waiters.size === 0 && this.recheckTimer !== undefined) {
      clearInterval(this.recheckTimer);
      this.recheckTimer = undefined;
    }
  }
}

function describeExit(info: ExitInfo): string {
  return info.signal ? `exit code ${info.exitCode}, signal ${info.signal}` : `exit code ${info.exitCode}`;
}

export function spawnTerm(file: string, args: string[], opts: TermOptions = {}): Term {
  return new PtyTerm(file, args, opts);
}

/**
 * Spawns the built hatop-ts CLI: `node <repo>/bin/hatop-ts ...args`, TERM=xterm-256color by default, and
 * XDG_STATE_HOME a scratch directory of this test process, so that the audit log of the actions a test takes
 * never lands in the home of whoever runs the tests.
 */
export function spawnHatop(args: string[], opts: TermOptions = {}): Term {
  return spawnTerm(process.execPath, [path.join(REPO_ROOT, 'bin', 'hatop-ts'), ...args], {
    ...opts,
    env: { TERM: 'xterm-256color', XDG_STATE_HOME: scratchStateHome(), ...opts.env },
  });
}

let stateHome: string | undefined;

/** One directory per test process, made on first use and removed when the process exits. */
function scratchStateHome(): string {
  if (stateHome === undefined) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hatop-state-'));
    stateHome = dir;
    process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  }
  return stateHome;
}

/** SIGKILLs every program still running (for `after()` hooks); resolves once they have exited, or after 5 s. */
export async function killAll(): Promise<void> {
  const running = [...live];
  for (const t of running) t.killHard();
  await Promise.all(running.map((t) => t.waitForExit(5_000).catch(() => undefined)));
}

// Last resort for a test that forgot killAll(): no orphaned programs after the runner's process ends.
process.on('exit', () => {
  for (const t of live) t.killHard();
});
