// The benchmark's live part: a real HAProxy with thousands of servers (backends of 100, no checks, pointing at a
// closed port), its own `show stat` time through a raw client (the floor), hatop-ts's poll done in process on
// that real dump, HAProxy's idle CPU, then the screen measurements of bench-screen.ts. Everything started here
// is stopped here, also on an exception or a signal.
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { buildSnapshot } from '../src/stats/model';
import { renderFrame, initialScroll } from '../src/ui/frame';
import { buildRows } from '../src/view/rows';
import { freePort, HAPROXY_BIN } from '../test/support/haproxy-proc';
import { killAll } from '../test/support/pty';
import { measureHatop, measureScreen, type HatopFigures, type ScreenFigures, type ScreenPlan } from './bench-screen';
import { CLK_TCK, CpuWindow, cpuTicks, FRAME, gc, median, middleServiceId, sleep, viewState } from './bench-util';

// What soak.ts (and older callers) import from here.
export { CLK_TCK, cpuTicks, rssMb, sleep } from './bench-util';
export { updatedAt } from './bench-screen';

export const SERVERS_PER_BACKEND = 100;

export interface PollFigures {
  readonly readMs: number;
  readonly modelMs: number;
  readonly rowsMs: number;
  readonly frameMs: number;
  readonly totalMs: number;
}

export interface LiveResult {
  readonly servers: number;
  /** HAProxy's `Version:` from show info. */
  readonly version: string;
  readonly replyBytes: number;
  /** `show stat` round trip through a raw client, median. */
  readonly showStatMs: number;
  /** HAProxy's CPU per `show stat` over those round trips, mean. */
  readonly showStatCpuMs: number;
  readonly poll: PollFigures;
  readonly windowSec: number;
  /** HAProxy's CPU, % of a core, over a window with no client. */
  readonly haproxyIdlePercent: number;
  /** Bytes of one `show info` + full `show stat` reply. */
  readonly pollBytes: number;
  readonly screen: ScreenFigures | undefined;
  readonly hatop: HatopFigures | 'not installed' | undefined;
}

export interface LiveOptions {
  readonly windowSec: number;
  readonly keys: number;
  readonly actionReps: number;
  /** Sizes at which Debian's hatop is measured too. */
  readonly hatopAt: readonly number[];
  readonly hatopBin: string;
  readonly log: (line: string) => void;
}

/** One command in the runtime API's non-interactive mode: connect, send, read until HAProxy closes. */
export function rawCommand(socket: string, command: string, timeoutMs = 60_000): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const conn = createConnection({ path: socket });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => conn.destroy(new Error(`no end of reply to ${command} within ${timeoutMs} ms`)), timeoutMs);
    conn.on('connect', () => conn.write(`${command}\n`));
    conn.on('data', (d: Buffer) => chunks.push(d));
    conn.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    conn.on('close', (hadError) => {
      clearTimeout(timer);
      if (!hadError) resolve(Buffer.concat(chunks));
    });
  });
}

async function timeAsync(fn: () => Promise<unknown>, runs: number, warmup: number): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    gc();
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

function config(dir: string, servers: number, perBackend: number, frontendPort: number, deadPort: number): string {
  const out = [
    'global',
    `  stats socket ${path.join(dir, 'admin.sock')} mode 600 level admin`,
    '  stats timeout 30s',
    'defaults',
    '  mode http',
    '  timeout connect 1s',
    '  timeout client 5s',
    '  timeout server 5s',
    'frontend fe_main',
    `  bind 127.0.0.1:${frontendPort}`,
    '  default_backend bk_app_000',
  ];
  for (let b = 0, made = 0; made < servers; b++) {
    out.push(`backend bk_app_${String(b).padStart(3, '0')}`);
    for (let k = 0; k < perBackend && made < servers; k++, made++) {
      // No `check`: nothing is ever sent to the closed port, the servers just sit in "no check".
      out.push(`  server app-${b}-${String(k).padStart(4, '0')} 127.0.0.1:${deadPort}`);
    }
  }
  return `${out.join('\n')}\n`;
}

/** One HAProxy with `servers` servers in its own temp dir; stop() kills it and removes the dir. */
export class BigHaproxy {
  readonly dir = mkdtempSync(path.join(os.tmpdir(), 'hatop-bench-'));
  readonly socket = path.join(this.dir, 'admin.sock');
  private child: ChildProcess | undefined;
  private stderr = '';

  /** HAProxy's own pid (run with -db, no master), once started. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts HAProxy and waits until its socket answers as this very process (100k servers take a while). */
  async start(servers: number, perBackend = SERVERS_PER_BACKEND): Promise<void> {
    const cfg = path.join(this.dir, 'haproxy.cfg');
    writeFileSync(cfg, config(this.dir, servers, perBackend, await freePort(), await freePort()));
    const child = spawn(HAPROXY_BIN, ['-f', cfg, '-db'], { stdio: ['ignore', 'ignore', 'pipe'] });
    this.child = child;
    child.stderr?.on('data', (d: Buffer) => {
      this.stderr += d.toString();
    });
    const limitMs = 60_000 + servers * 3;
    const deadline = Date.now() + limitMs;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`HAProxy exited at start: ${this.stderr.trim()}`);
      const info = await rawCommand(this.socket, 'show info', 5_000).then((b) => b.toString(), () => '');
      if (info.includes(`\nPid: ${child.pid}\n`)) return;
      if (Date.now() > deadline) throw new Error(`HAProxy did not come up within ${limitMs / 1000} s: ${this.stderr.trim()}`);
      await sleep(100);
    }
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (child !== undefined && child.exitCode === null && child.signalCode === null) {
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await gone;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Synchronous last resort for process exit. */
  killNow(): void {
    this.child?.kill('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** hatop-ts's refresh in process on the real dump: read both replies, model, rows, one 200x50 frame. */
async function pollInProcess(socket: string, runs: number, warmup: number): Promise<PollFigures> {
  const parts: { read: number[]; model: number[]; rows: number[]; frame: number[]; total: number[] } = { read: [], model: [], rows: [], frame: [], total: [] };
  for (let i = 0; i < warmup + runs; i++) {
    gc();
    const t0 = performance.now();
    const info = (await rawCommand(socket, 'show info')).toString();
    const stat = (await rawCommand(socket, 'show stat')).toString();
    const t1 = performance.now();
    const snapshot = buildSnapshot(stat, info, t1);
    const t2 = performance.now();
    const rows = buildRows(snapshot);
    const t3 = performance.now();
    const frame = renderFrame(viewState(snapshot, rows, middleServiceId(rows)), initialScroll, FRAME);
    const t4 = performance.now();
    if (frame.lines.length === 0) throw new Error('empty frame');
    if (i < warmup) continue;
    parts.read.push(t1 - t0);
    parts.model.push(t2 - t1);
    parts.rows.push(t3 - t2);
    parts.frame.push(t4 - t3);
    parts.total.push(t4 - t0);
  }
  return {
    readMs: median(parts.read),
    modelMs: median(parts.model),
    rowsMs: median(parts.rows),
    frameMs: median(parts.frame),
    totalMs: median(parts.total),
  };
}

async function measureSize(haproxy: BigHaproxy, servers: number, base: Omit<ScreenPlan, 'pollBytes'>, opts: LiveOptions): Promise<LiveResult> {
  const t0 = performance.now();
  await haproxy.start(servers);
  const pid = haproxy.pid as number;
  opts.log(`bench: HAProxy with ${servers} servers up in ${((performance.now() - t0) / 1000).toFixed(1)} s; raw show stat and poll in process...`);
  const info = (await rawCommand(haproxy.socket, 'show info')).toString();
  const version = /^Version: (.*)$/m.exec(info)?.[1] ?? '?';
  const replyBytes = (await rawCommand(haproxy.socket, 'show stat')).length;
  const plan: ScreenPlan = { ...base, pollBytes: replyBytes + Buffer.byteLength(info) };
  const runs = servers >= 100_000 ? 7 : servers >= 10_000 ? 11 : 21;
  const ticks0 = cpuTicks(pid);
  const showStatMs = await timeAsync(() => rawCommand(haproxy.socket, 'show stat'), runs, 2);
  const showStatCpuMs = ((cpuTicks(pid) - ticks0) * 1000) / CLK_TCK / (runs + 2);
  const poll = await pollInProcess(haproxy.socket, servers >= 100_000 ? 5 : servers >= 10_000 ? 9 : 15, servers >= 100_000 ? 1 : 3);
  gc();

  opts.log(`bench: HAProxy idle, no client, for ${opts.windowSec} s...`);
  const idle = new CpuWindow([pid]);
  await sleep(opts.windowSec * 1000);
  const haproxyIdlePercent = idle.percents()[0] as number;

  opts.log(`bench: hatop-ts under a 200x50 pty at -i 1 (window ${opts.windowSec} s, ${plan.keys} keys, ${plan.actionReps} x F10/F9)...`);
  // A screen that fails (a timeout, with the screen in the message) costs its cells, not the other sizes.
  const screen = await measureScreen(haproxy.socket, pid, plan, opts.log).catch((error: unknown) => failed('hatop-ts', error, opts.log));
  await killAll();
  let hatop: LiveResult['hatop'];
  if (opts.hatopAt.includes(servers)) {
    if (isExecutable(opts.hatopBin)) {
      opts.log(`bench: ${opts.hatopBin} under the same pty for ${opts.windowSec} s...`);
      hatop = await measureHatop(opts.hatopBin, haproxy.socket, pid, plan).catch((error: unknown) => failed('hatop', error, opts.log));
    } else {
      opts.log(`bench: ${opts.hatopBin} is not installed: no hatop figures`);
      hatop = 'not installed';
    }
  }
  return { servers, version, replyBytes, showStatMs, showStatCpuMs, poll, windowSec: opts.windowSec, haproxyIdlePercent, pollBytes: plan.pollBytes, screen, hatop };
}

function failed(what: string, error: unknown, log: (line: string) => void): undefined {
  log(`bench: ${what} under the pty failed: ${error instanceof Error ? error.message : String(error)}`);
  return undefined;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export async function runLive(sizes: readonly number[], opts: LiveOptions): Promise<LiveResult[]> {
  const results: LiveResult[] = [];
  let current: BigHaproxy | undefined;
  const onExit = (): void => current?.killNow();
  const onSignal = (signal: NodeJS.Signals): void => {
    onExit();
    void killAll().finally(() => process.exit(128 + (os.constants.signals[signal] ?? 0)));
  };
  process.on('exit', onExit);
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(s, onSignal);
  const plan = { windowSec: opts.windowSec, keys: opts.keys, actionReps: opts.actionReps };
  try {
    for (const servers of sizes) {
      opts.log(`bench: starting HAProxy with ${servers} servers (${Math.ceil(servers / SERVERS_PER_BACKEND)} backends of ${SERVERS_PER_BACKEND})...`);
      const haproxy = new BigHaproxy();
      current = haproxy;
      try {
        results.push(await measureSize(haproxy, servers, servers >= 100_000 ? { ...plan, actionReps: Math.min(3, plan.actionReps) } : plan, opts));
      } finally {
        await killAll();
        await haproxy.stop();
        current = undefined;
      }
    }
  } finally {
    await killAll();
    process.off('exit', onExit);
    for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.off(s, onSignal);
  }
  return results;
}
