// The benchmark's live part: a real HAProxy with thousands of servers (no checks, pointing at a closed port),
// timed through RuntimeClient, and the real hatop-ts screen under a pty polling it. Everything started here is
// stopped here, also on an exception or a signal.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RuntimeClient } from '../src/runtime/client';
import { showInfo, showStat } from '../src/runtime/commands';
import { buildSnapshot } from '../src/stats/model';
import { buildRows } from '../src/view/rows';
import { freePort, HAPROXY_BIN } from '../test/support/haproxy-proc';
import { killAll, spawnHatop, type Term } from '../test/support/pty';

const SERVERS_PER_BACKEND = 1_000;
export const CLK_TCK = 100; // Linux USER_HZ, what /proc/<pid>/stat counts in

export interface PtyFigures {
  readonly firstScreenMs: number;
  readonly refreshes: number;
  readonly cpuMsPerRefresh: number;
  /** CPU time over wall time, in percent of one core. */
  readonly cpuPercent: number;
  readonly rssMb: number;
}

export interface LiveResult {
  readonly servers: number;
  /** HAProxy's `Version:` from show info. */
  readonly version: string;
  readonly replyBytes: number;
  readonly showInfoMs: number;
  readonly showStatMs: number;
  readonly pollMs: number;
  readonly pty: PtyFigures | undefined;
}

export interface LiveOptions {
  /** How long the screen polls HAProxy while measured; 0 skips the pty part. */
  readonly ptySeconds: number;
  readonly log: (line: string) => void;
}

export const sleep = (msDelay: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, msDelay));

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

async function timeAsync(fn: () => Promise<unknown>, runs: number, warmup = 2): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

function config(dir: string, servers: number, frontendPort: number, deadPort: number): string {
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
    for (let k = 0; k < SERVERS_PER_BACKEND && made < servers; k++, made++) {
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

  async start(servers: number): Promise<void> {
    const cfg = path.join(this.dir, 'haproxy.cfg');
    writeFileSync(cfg, config(this.dir, servers, await freePort(), await freePort()));
    const child = spawn(HAPROXY_BIN, ['-f', cfg, '-db'], { stdio: ['ignore', 'ignore', 'pipe'] });
    this.child = child;
    child.stderr?.on('data', (d: Buffer) => {
      this.stderr += d.toString();
    });
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`HAProxy exited at start: ${this.stderr.trim()}`);
      const client = new RuntimeClient({ kind: 'unix', path: this.socket }, { timeoutMs: 2_000 });
      const info = await client.send(showInfo()).catch(() => '');
      client.close();
      if (info.includes(`\nPid: ${child.pid}\n`)) return;
      if (Date.now() > deadline) throw new Error(`HAProxy did not come up within 30 s: ${this.stderr.trim()}`);
      await sleep(50);
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

export function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the `(comm)`, which may itself hold spaces: state is field 3, utime 14, stime 15.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(rest[11]) + Number(rest[12]);
}

export function rssMb(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m === null ? Number.NaN : Number(m[1]) / 1024;
}

/** The `updated hh:mm:ss` of the status line: changes once per refresh (at -i 1). */
export const updatedAt = (term: Term): string | undefined => /[Uu]pdated (\d\d:\d\d:\d\d)/.exec(term.text())?.[1];

async function measureScreen(socket: string, seconds: number): Promise<PtyFigures> {
  const t0 = performance.now();
  const term = spawnHatop(['-s', socket, '-i', '1'], { cols: 200, rows: 50 });
  try {
    await term.waitFor(/app-0-0001/, { timeoutMs: 60_000, what: 'the first servers on screen' });
    const firstScreenMs = performance.now() - t0;
    // Let start-up settle (first refreshes, JIT), then measure a whole window.
    await sleep(2_000);
    const ticks0 = cpuTicks(term.pid);
    const w0 = performance.now();
    let last = updatedAt(term);
    let refreshes = 0;
    while (performance.now() - w0 < seconds * 1000) {
      await sleep(100);
      const now = updatedAt(term);
      if (now !== undefined && now !== last) {
        refreshes++;
        last = now;
      }
    }
    const cpuMs = ((cpuTicks(term.pid) - ticks0) * 1000) / CLK_TCK;
    const wallMs = performance.now() - w0;
    return {
      firstScreenMs,
      refreshes,
      cpuMsPerRefresh: cpuMs / Math.max(1, refreshes),
      cpuPercent: (cpuMs / wallMs) * 100,
      rssMb: rssMb(term.pid),
    };
  } finally {
    term.kill('SIGTERM');
    await term.waitForExit(5_000).catch(() => killAll());
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
  try {
    for (const servers of sizes) {
      opts.log(`bench: starting HAProxy with ${servers} servers...`);
      const haproxy = new BigHaproxy();
      current = haproxy;
      let client: RuntimeClient | undefined;
      try {
        await haproxy.start(servers);
        client = new RuntimeClient({ kind: 'unix', path: haproxy.socket }, { timeoutMs: 10_000 });
        const c = client;
        const runs = servers >= 10_000 ? 9 : 21;
        const version = /^Version: (.*)$/m.exec(await c.send(showInfo()))?.[1] ?? '?';
        const replyBytes = Buffer.byteLength(await c.send(showStat()));
        const showInfoMs = await timeAsync(() => c.send(showInfo()), runs);
        const showStatMs = await timeAsync(() => c.send(showStat()), runs);
        const pollMs = await timeAsync(async () => {
          const info = await c.send(showInfo());
          const stat = await c.send(showStat());
          return buildRows(buildSnapshot(stat, info, performance.now()));
        }, runs);
        client.close();
        client = undefined;
        const measurePty = opts.ptySeconds > 0 && servers === sizes[sizes.length - 1];
        if (measurePty) opts.log(`bench: hatop-ts under a pty polling ${servers} servers for ${opts.ptySeconds} s...`);
        const pty = measurePty ? await measureScreen(haproxy.socket, opts.ptySeconds) : undefined;
        results.push({ servers, version, replyBytes, showInfoMs, showStatMs, pollMs, pty });
      } finally {
        client?.close();
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
