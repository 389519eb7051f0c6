// The real screens under a 200x50 pseudo-terminal (test/support/pty.ts), polling a BigHaproxy at -i 1:
// hatop-ts's first frame, its CPU and RSS and HAProxy's CPU over a window, how long a key takes to show its effect
// while polls come and go, how long F10 / F9 take to show on the server's row; and Debian's hatop over the same
// window for comparison. Waits are on the screen's content; the only sleeps are sampling windows and the
// deliberate pauses that spread key presses over the refresh period.
import { killAll, spawnHatop, spawnTerm, type KeyName, type Term } from '../test/support/pty';
import { CpuWindow, peakRssMb, readBytes, rssMb, sleep } from './bench-util';

export interface ScreenPlan {
  readonly windowSec: number;
  /** Key presses timed (Down, with some End and Home). */
  readonly keys: number;
  /** F10 then F9 repetitions. */
  readonly actionReps: number;
  /** Bytes of one `show info` + `show stat` reply: what a client reads per refresh. */
  readonly pollBytes: number;
}

export interface ScreenFigures {
  readonly firstFrameMs: number;
  /** Bytes read in the window / bytes of one full poll (show info + show stat). */
  readonly refreshes: number;
  readonly cpuPercent: number;
  /** At the end of the window. */
  readonly rssMb: number;
  /** VmHWM once keys and actions are done. */
  readonly peakRssMb: number;
  /** HAProxy's CPU over the same window, idle not subtracted. */
  readonly haproxyPercent: number;
  readonly keyMs: readonly number[];
  readonly keyFailures: number;
  readonly maintMs: readonly number[];
  readonly readyMs: readonly number[];
  readonly actionFailures: number;
}

export interface HatopFigures {
  readonly version: string;
  readonly firstFrameMs: number;
  readonly refreshes: number;
  readonly cpuPercent: number;
  readonly rssMb: number;
  readonly haproxyPercent: number;
}

const FIRST_FRAME_TIMEOUT_MS = 300_000;
const EFFECT_TIMEOUT_MS = 60_000;
/** The server F10 / F9 act on: in the first backend, not its first server. */
const TARGET = { proxy: 'bk_app_000', server: 'app-0-0003' };
const KEY_PATTERN: readonly KeyName[] = ['down', 'down', 'down', 'down', 'down', 'end', 'home', 'down'];

/** The `updated hh:mm:ss` of hatop-ts's status line: changes once per refresh (at -i 1). */
export const updatedAt = (term: Term): string | undefined => /[Uu]pdated (\d\d:\d\d:\d\d)/.exec(term.text())?.[1];
/** hatop's clock, at the end of its top line: redrawn on each refresh. */
const hatopClock = (term: Term): string | undefined => /(\d\d:\d\d:\d\d) \d{4}$/.exec(term.lines()[0] ?? '')?.[1];

/** The selected service as the footer (the last line) names it: `[proxy/server]`. */
export function footerLabel(term: Term): string | undefined {
  const lines = term.lines();
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i] ?? '';
    if (line.trim() === '') continue;
    return /\[([^\]]+)\]$/.exec(line)?.[1];
  }
  return undefined;
}

/** A pause of 0..1 s: the golden-ratio sequence spreads the presses evenly over the refresh period. */
const spread = (i: number): number => ((i * 0.6180339887) % 1) * 1000;

/** Resolves once `clock` has shown `changes` new values (refreshes). */
async function refreshes(term: Term, clock: (t: Term) => string | undefined, changes: number, what: string): Promise<void> {
  let last = clock(term);
  let seen = 0;
  await term.waitFor(
    (t) => {
      const now = clock(t);
      if (now !== undefined && now !== last) {
        last = now;
        seen++;
      }
      return seen >= changes;
    },
    { timeoutMs: FIRST_FRAME_TIMEOUT_MS, what: `${changes} refreshes of ${what}` },
  );
}

/**
 * CPU of the screen's process and HAProxy over the window, and how many polls the screen made meanwhile: the bytes
 * it read (rchar) over the bytes of one poll's replies (no key is pressed in the window, so it reads nothing else).
 * rchar misses recv() (Python's sockets): given a `clock`, the polls are its changes instead, sampled every 100 ms.
 */
async function cpuWindow(term: Term, haproxyPid: number, plan: ScreenPlan, clock?: (t: Term) => string | undefined): Promise<{ percents: number[]; polls: number; wallMs: number }> {
  const read0 = readBytes(term.pid);
  const t0 = performance.now();
  const cpu = new CpuWindow([term.pid, haproxyPid]);
  const end = t0 + plan.windowSec * 1000;
  let last = clock?.(term);
  let changes = 0;
  while (performance.now() < end) {
    await sleep(clock === undefined ? end - performance.now() : Math.min(100, Math.max(0, end - performance.now())));
    const now = clock?.(term);
    if (now !== undefined && now !== last) {
      changes++;
      last = now;
    }
  }
  const percents = cpu.percents();
  const polls = clock === undefined ? (readBytes(term.pid) - read0) / plan.pollBytes : changes;
  return { percents, polls, wallMs: performance.now() - t0 };
}

async function stop(term: Term): Promise<void> {
  term.kill('SIGTERM');
  await term.waitForExit(5_000).catch(() => killAll());
}

/** ms from pressing `key` until `done` holds on screen; undefined (and a line on the log) if it never does. */
async function timed(term: Term, key: KeyName, done: (t: Term) => boolean, what: string, log: (line: string) => void): Promise<number | undefined> {
  const t0 = performance.now();
  term.press(key);
  try {
    await term.waitFor(done, { timeoutMs: EFFECT_TIMEOUT_MS, what });
    return performance.now() - t0;
  } catch (error) {
    log(`bench: ${key} failed: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

/** Down (End, Home) at moments spread over several refreshes; each timed until the footer names another service. */
async function keyLatencies(term: Term, count: number, log: (line: string) => void): Promise<{ ms: number[]; failures: number }> {
  const ms: number[] = [];
  let failures = 0;
  for (let i = 0; i < count; i++) {
    await sleep(spread(i + 1));
    const key = KEY_PATTERN[i % KEY_PATTERN.length] as KeyName;
    const before = footerLabel(term);
    const took = await timed(term, key, (t) => {
      const now = footerLabel(t);
      return now !== undefined && now !== before;
    }, `the footer to leave [${before ?? ''}] after ${key}`, log);
    if (took === undefined) failures++;
    else ms.push(took);
  }
  return { ms, failures };
}

/** Home, then Down until the footer names the target server. */
async function selectTarget(term: Term): Promise<void> {
  const want = `${TARGET.proxy}/${TARGET.server}`;
  term.press('home');
  await term.waitFor((t) => footerLabel(t)?.startsWith('fe_main/') === true, { timeoutMs: EFFECT_TIMEOUT_MS, what: 'Home to select the first service' });
  for (let i = 0; i < 10 && footerLabel(term) !== want; i++) {
    const before = footerLabel(term);
    term.press('down');
    await term.waitFor((t) => footerLabel(t) !== before, { timeoutMs: EFFECT_TIMEOUT_MS, what: `Down on the way to [${want}]` });
  }
  if (footerLabel(term) !== want) throw new Error(`could not select [${want}], the footer says [${footerLabel(term) ?? ''}]`);
}

/** F10 until the target's row shows MAINT, F9 until it no longer does; `reps` times. */
async function actionLatencies(term: Term, reps: number, log: (line: string) => void): Promise<{ maint: number[]; ready: number[]; failures: number }> {
  await selectTarget(term);
  const maintRow = new RegExp(`\\b${TARGET.server}\\s+\\d+\\s+MAINT\\b`);
  const anyRow = new RegExp(`\\b${TARGET.server}\\s+\\d+\\s+\\S`);
  const maint: number[] = [];
  const ready: number[] = [];
  let failures = 0;
  for (let r = 0; r < reps; r++) {
    await sleep(spread(2 * r + 1));
    const down = await timed(term, 'f10', (t) => t.find(maintRow) !== undefined, `${TARGET.server}'s row to show MAINT after F10`, log);
    if (down === undefined) failures++;
    else maint.push(down);
    await sleep(spread(2 * r + 2));
    const up = await timed(term, 'f9', (t) => t.find(maintRow) === undefined && t.find(anyRow) !== undefined, `MAINT to leave ${TARGET.server}'s row after F9`, log);
    if (up === undefined) failures++;
    else ready.push(up);
  }
  return { maint, ready, failures };
}

/** hatop-ts at -i 1 on `socket`: start, settle, CPU window, keys, actions. */
export async function measureScreen(socket: string, haproxyPid: number, plan: ScreenPlan, log: (line: string) => void): Promise<ScreenFigures> {
  const t0 = performance.now();
  const term = spawnHatop(['-s', socket, '-i', '1'], { cols: 200, rows: 50 });
  try {
    await term.waitFor(/\bapp-0-0000\b/, { timeoutMs: FIRST_FRAME_TIMEOUT_MS, what: 'the first servers on screen' });
    const firstFrameMs = performance.now() - t0;
    // Start-up settles (first refreshes, JIT) before the window.
    await refreshes(term, updatedAt, 2, 'hatop-ts');
    const window = await cpuWindow(term, haproxyPid, plan);
    const rss = rssMb(term.pid);
    const [cpuPercent = Number.NaN, haproxyPercent = Number.NaN] = window.percents;
    log(`bench: ${window.polls.toFixed(1)} polls, hatop-ts ${cpuPercent.toFixed(1)}%, HAProxy ${haproxyPercent.toFixed(1)}%; keys...`);
    const keys = await keyLatencies(term, plan.keys, log);
    log('bench: F10 / F9...');
    const actions = await actionLatencies(term, plan.actionReps, log);
    return {
      firstFrameMs,
      refreshes: window.polls,
      cpuPercent,
      rssMb: rss,
      peakRssMb: peakRssMb(term.pid),
      haproxyPercent,
      keyMs: keys.ms,
      keyFailures: keys.failures,
      maintMs: actions.maint,
      readyMs: actions.ready,
      actionFailures: actions.failures,
    };
  } finally {
    await stop(term);
  }
}

/** Debian's hatop (Python) at -i 1 under the same pty: CPU, RSS and HAProxy's CPU over the same window. */
export async function measureHatop(bin: string, socket: string, haproxyPid: number, plan: ScreenPlan): Promise<HatopFigures> {
  const t0 = performance.now();
  const term = spawnTerm(bin, ['-s', socket, '-i', '1'], { cols: 200, rows: 50, env: { TERM: 'xterm-256color' } });
  try {
    await term.waitFor(/\bapp-0-0000\b/, { timeoutMs: FIRST_FRAME_TIMEOUT_MS, what: "hatop's first servers on screen" });
    const firstFrameMs = performance.now() - t0;
    await refreshes(term, hatopClock, 2, 'hatop');
    const window = await cpuWindow(term, haproxyPid, plan, hatopClock);
    const [cpuPercent = Number.NaN, haproxyPercent = Number.NaN] = window.percents;
    return {
      version: /HATop version (\S+)/.exec(term.text())?.[1] ?? '?',
      firstFrameMs,
      refreshes: window.polls,
      cpuPercent,
      rssMb: rssMb(term.pid),
      haproxyPercent,
    };
  } finally {
    await stop(term);
  }
}
