// `npm run soak`: a long run of the real hatop-ts screen against a real HAProxy with many servers, looking for
// leaks. HAProxy (2.6 at $HAPROXY_BIN or /usr/sbin/haproxy) gets backends of 100 servers (10,000 servers by
// default), no checks, aimed at a closed port (bench-live.ts's BigHaproxy); hatop-ts runs under a pseudo-terminal at
// `-i 0.5`. Every `--every` seconds one table row for hatop-ts: RSS (VmRSS) at that moment, and the lowest and
// highest VmRSS read during the interval (read once a second: the floor and the peak between GCs), CPU %
// of one core over the interval (utime+stime from /proc/<pid>/stat), open fds (/proc/<pid>/fd); then HAProxy's
// CPU % over the same interval, the CPU the rest of the machine used (whole-machine busy time from /proc/stat
// minus those two; it includes this script, which parses the screen), and the `Updated` time the screen shows
// (proof that it still refreshes).
//
//   npm run soak                                  10 minutes, 10,000 servers, -i 0.5, a row every 30 s
//   npm run soak -- --minutes 3 --every 30
//   npm run soak -- --minutes 1 --every 10 --servers 2000 --interval 1
//
// Verdict, over the rows after warm-up (the first minute, or the first half of runs shorter than 2 minutes):
// a least-squares slope per hour for each figure. RSS is judged on each interval's peak: a leak raises the peak
// and the floor alike, while a floor that rises alone towards a flat peak is V8 collecting less often as it sizes
// its heap (the floor's slope is printed too). RSS and CPU count as growing when the slope is above the threshold
// below AND at least twice its standard error (a trend, not GC or scheduling noise); fds grow when the last row has more than 2 fds over the first row after warm-up. A
// screen whose `Updated` time stood still between two rows also fails. Short runs only catch fast leaks: a slow
// one needs --minutes 60 or more.
// Exit code: 0 all flat, 1 something grows (or the screen stalled), 2 usage error, failure or too few rows.
// Everything started (HAProxy, the pty child, the temp dir) goes at the end, on an exception and on a signal.
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { killAll, spawnHatop, type Term } from '../test/support/pty';
import { BigHaproxy, CLK_TCK, cpuTicks, rssMb, sleep, updatedAt } from './bench-live';

/** Growth thresholds, per hour of running. */
const RSS_MB_PER_H = 10;
const CPU_POINTS_PER_H = 5; // percentage points of one core, for hatop-ts and HAProxy alike
const FD_GROWTH = 2;

interface Options {
  readonly minutes: number;
  readonly servers: number;
  readonly interval: number;
  readonly every: number;
}

interface Row {
  readonly t: number; // seconds since the first screen
  readonly rss: number;
  readonly minRss: number;
  readonly maxRss: number;
  readonly cpu: number;
  readonly fds: number;
  readonly haproxyCpu: number;
  readonly otherCpu: number;
  readonly updated: string;
}

/** What is read at each row's boundary. */
interface Reading {
  readonly at: number;
  readonly ticks: number;
  readonly haproxy: number;
  readonly machine: number;
  readonly updated: string | undefined;
}

class UsageError extends Error {}

function options(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      minutes: { type: 'string' },
      servers: { type: 'string' },
      interval: { type: 'string' },
      every: { type: 'string' },
    },
    strict: true,
  });
  const num = (name: keyof Options, fallback: number, integer = false): number => {
    const text = values[name];
    const n = text === undefined ? fallback : Number(text);
    if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
      throw new UsageError(`--${name} wants a positive ${integer ? 'integer' : 'number'}, not ${JSON.stringify(text)}`);
    }
    return n;
  };
  return {
    minutes: num('minutes', 10),
    servers: num('servers', 10_000, true),
    interval: num('interval', 0.5),
    every: num('every', 30),
  };
}

const loadAvg = (): string => os.loadavg().map((l) => l.toFixed(2)).join(' ');
const fdCount = (pid: number): number => readdirSync(`/proc/${pid}/fd`).length;

/** Busy ticks of the whole machine (all cores), from the `cpu` line of /proc/stat. */
function machineBusyTicks(): number {
  const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal ...: idle and iowait are not busy.
  return fields.slice(0, 8).reduce((sum, v, i) => (i === 3 || i === 4 ? sum : sum + v), 0);
}

/** Least-squares slope of y over x, and its standard error (NaN under 3 points). */
function fit(xs: readonly number[], ys: readonly number[]): { slope: number; se: number } {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let sxy = 0;
  xs.forEach((x, i) => {
    sxx += (x - mx) ** 2;
    sxy += (x - mx) * ((ys[i] ?? 0) - my);
  });
  const slope = sxx === 0 ? 0 : sxy / sxx;
  const ssr = xs.reduce((sum, x, i) => sum + ((ys[i] ?? 0) - my - slope * (x - mx)) ** 2, 0);
  return { slope, se: n < 3 || sxx === 0 ? Number.NaN : Math.sqrt(ssr / (n - 2) / sxx) };
}

const pad = (cells: readonly string[]): string => cells.map((c, i) => c.padStart(i === 0 ? 7 : 15)).join('');
const clock = (s: number): string => `${Math.floor(s / 60)}:${String(Math.round(s % 60)).padStart(2, '0')}`;
const signed = (n: number, digits: number): string => `${n >= 0 ? '+' : ''}${n.toFixed(digits)}`;

/** Verdict lines, and whether everything is flat. */
function verdict(rows: readonly Row[], warmupS: number, stalled: number): { lines: string[]; flat: boolean } {
  const kept = rows.filter((r) => Math.round(r.t) > warmupS);
  if (kept.length < 3) throw new Error(`only ${kept.length} rows after the ${warmupS} s warm-up: run longer or sample more often`);
  const hours = kept.map((r) => r.t / 3600);
  const lines: string[] = [];
  let flat = true;
  const trend = (label: string, ys: number[], unit: string, limit: number): void => {
    const { slope, se } = fit(hours, ys);
    const grows = slope > limit && slope > 2 * se;
    flat &&= !grows;
    const why = `${signed(slope, 1)} ${unit}/h ± ${se.toFixed(1)}; growing means > ${limit} ${unit}/h and > 2 s.e.`;
    lines.push(`${label}: ${grows ? 'GROWING' : 'flat'} (${why})`);
  };
  trend('RSS (peak)', kept.map((r) => r.maxRss), 'MB', RSS_MB_PER_H);
  const floor = fit(hours, kept.map((r) => r.minRss));
  lines.push(`RSS floor between GCs: ${signed(floor.slope, 1)} MB/h ± ${floor.se.toFixed(1)} (for information; the verdict reads the peak)`);
  const first = kept[0] as Row;
  const last = kept[kept.length - 1] as Row;
  const fdGrowth = last.fds - first.fds;
  flat &&= fdGrowth <= FD_GROWTH;
  lines.push(
    `fds: ${fdGrowth > FD_GROWTH ? 'GROWING' : 'flat'} (${first.fds} -> ${last.fds} from ${clock(first.t)} to ${clock(last.t)}, ` +
      `${signed(fit(hours, kept.map((r) => r.fds)).slope, 1)}/h; growing means more than +${FD_GROWTH})`,
  );
  trend('CPU', kept.map((r) => r.cpu), 'points', CPU_POINTS_PER_H);
  trend('HAProxy CPU', kept.map((r) => r.haproxyCpu), 'points', CPU_POINTS_PER_H);
  if (stalled > 0) lines.push(`screen: STALLED (the Updated time stood still in ${stalled} of ${rows.length} rows)`);
  else lines.push(`screen: refreshing (the Updated time moved in every row)`);
  return { lines, flat: flat && stalled === 0 };
}

async function soak(opts: Options, haproxy: BigHaproxy, log: (line: string) => void): Promise<number> {
  log(`soak: starting HAProxy with ${opts.servers} servers...`);
  await haproxy.start(opts.servers);
  const haproxyPid = haproxy.pid;
  if (haproxyPid === undefined) throw new Error('HAProxy has no pid');
  log(`soak: load average ${loadAvg()} on ${os.cpus().length} cores; hatop-ts -i ${opts.interval} under a pty...`);
  const t0 = performance.now();
  const term: Term = spawnHatop(['-s', haproxy.socket, '-i', String(opts.interval)], { cols: 200, rows: 50 });
  await term.waitFor(/app-0-0001/, { timeoutMs: 60_000, what: 'the first servers on screen' });
  const start = performance.now();
  log(`soak: first screen after ${((start - t0) / 1000).toFixed(1)} s; ${opts.minutes} min, a row every ${opts.every} s\n`);
  log(pad(['elapsed', 'RSS MB', 'min RSS MB', 'max RSS MB', 'CPU %', 'fds', 'HAProxy CPU %', 'others CPU %', 'screen']));

  const rows: Row[] = [];
  let stalled = 0;
  const read = (): Reading => ({
    at: performance.now(),
    ticks: cpuTicks(term.pid),
    haproxy: cpuTicks(haproxyPid),
    machine: machineBusyTicks(),
    updated: updatedAt(term),
  });
  let prev = read();
  for (let k = 1; k * opts.every <= opts.minutes * 60 + 1e-9; k++) {
    // Wake every second until the row is due, so that a dead screen is noticed quickly.
    const due = start + k * opts.every * 1000;
    let minRss = Number.POSITIVE_INFINITY;
    let maxRss = 0;
    while (performance.now() < due) {
      if (term.exited) throw new Error(`hatop-ts exited during the soak:\n${term.text()}`);
      const reading = rssMb(term.pid);
      minRss = Math.min(minRss, reading);
      maxRss = Math.max(maxRss, reading);
      await sleep(Math.min(1_000, due - performance.now()));
    }
    const rss = rssMb(term.pid);
    const now = read();
    const pct = (ticks: number): number => ((ticks * 1000) / CLK_TCK / (now.at - prev.at)) * 100;
    const cpu = pct(now.ticks - prev.ticks);
    const haproxyCpu = pct(now.haproxy - prev.haproxy);
    const row: Row = {
      t: (now.at - start) / 1000,
      rss,
      minRss: Math.min(minRss, rss),
      maxRss: Math.max(maxRss, rss),
      cpu,
      fds: fdCount(term.pid),
      haproxyCpu,
      otherCpu: Math.max(0, pct(now.machine - prev.machine) - cpu - haproxyCpu),
      updated: now.updated ?? '?',
    };
    // `Updated` shows whole seconds: only rows at least two refreshes and 2 s apart can tell a stall.
    const canTell = opts.every >= 2 * Math.max(1, opts.interval);
    const stale = now.updated === undefined || (canTell && now.updated === prev.updated);
    if (stale) stalled++;
    rows.push(row);
    const figures = [row.rss, row.minRss, row.maxRss, row.cpu].map((n) => n.toFixed(1));
    const tail = [row.haproxyCpu.toFixed(1), row.otherCpu.toFixed(1), row.updated + (stale ? ' STALE' : '')];
    log(pad([clock(row.t), ...figures, String(row.fds), ...tail]));
    prev = now;
  }
  const { lines, flat } = verdict(rows, Math.min(60, (opts.minutes * 60) / 2), stalled);
  log(`\nsoak: load average ${loadAvg()}; verdict after warm-up:`);
  for (const line of lines) log(`  ${line}`);
  return flat ? 0 : 1;
}

async function main(): Promise<number> {
  let opts: Options;
  try {
    opts = options(process.argv.slice(2));
  } catch (err) {
    console.error(`soak: ${err instanceof Error ? err.message : String(err)}`);
    return 2;
  }
  const haproxy = new BigHaproxy();
  const onExit = (): void => haproxy.killNow();
  const onSignal = (signal: NodeJS.Signals): void => {
    console.error(`\nsoak: ${signal}, stopping HAProxy and hatop-ts`);
    haproxy.killNow();
    void killAll().finally(() => process.exit(128 + (os.constants.signals[signal] ?? 0)));
  };
  process.on('exit', onExit);
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(s, onSignal);
  try {
    return await soak(opts, haproxy, (line) => console.log(line));
  } catch (err) {
    console.error(`soak: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return 2;
  } finally {
    await killAll();
    await haproxy.stop();
  }
}

void main().then((code) => {
  process.exitCode = code;
});
