// `npm run bench`: how long the refresh hot path takes at 100 .. 50,000 services, in process (synthetic 2.6
// replies) and against a real HAProxy (1,000 and 10,000 servers), plus the real screen's CPU and RSS under a pty.
//
//   npm run bench                         everything
//   npm run bench -- --sizes 1000,10000   in-process sizes
//   npm run bench -- --no-live            no HAProxy, no pty
//   npm run bench -- --quick              fewer runs, live part at 1,000 servers only, 3 s of pty
//
// Figures are medians of several runs after warm-up. Heap needs `global.gc`: without --expose-gc the script
// runs itself again with it.
import { spawn } from 'node:child_process';
import os from 'node:os';
import { parseShowInfo } from '../src/stats/info';
import { snapshotFrom } from '../src/stats/model';
import { parseShowStat } from '../src/stats/stat';
import type { Snapshot } from '../src/stats/types';
import { emptyLine } from '../src/app/line-editor';
import { initialScroll, renderFrame, type ViewState } from '../src/ui/frame';
import { buildRows, moveSelection, serviceIndexes, type DisplayRow } from '../src/view/rows';
import { showInfoText, showStatText } from './bench-data';
import { runLive, type LiveResult } from './bench-live';

interface Options {
  readonly sizes: readonly number[];
  readonly live: boolean;
  readonly quick: boolean;
}

function parseArgs(argv: readonly string[]): Options {
  const quick = argv.includes('--quick');
  const at = argv.indexOf('--sizes');
  const sizes = at >= 0 ? (argv[at + 1] ?? '').split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0) : [100, 1_000, 10_000, 50_000];
  if (sizes.length === 0) throw new Error('--sizes wants a comma-separated list of positive integers');
  return { sizes, live: !argv.includes('--no-live'), quick };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * Median ms of `runs` calls, after warm-up calls (at least 3, and at least 300 ms' worth, so that the code
 * measured is the optimized one even at small sizes). Each measured call starts on a collected heap when
 * gc() is exposed: a major GC left over from the previous call is not charged to this one.
 */
export function time(fn: () => unknown, runs: number): number {
  const warmUntil = performance.now() + 300;
  for (let i = 0; i < 3 || (i < 1000 && performance.now() < warmUntil); i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    gc();
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

/** Markdown table, every column padded to its widest cell; numbers right-aligned. */
export function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const right = head.map((_, c) => rows.every((r) => /^[\d.,~-]*( ?[a-zA-Z%]+)?$/.test(r[c] ?? '')));
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((cell, c) => (right[c] ? cell.padStart(widths[c] ?? 0) : cell.padEnd(widths[c] ?? 0))).join(' | ')} |`;
  const rule = `|${widths.map((w, c) => (right[c] ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [line(head), rule, ...rows.map(line)].join('\n');
}

export const ms = (n: number): string => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));
export const int = (n: number): string => n.toLocaleString('en-US');

function viewState(snapshot: Snapshot, rows: readonly DisplayRow[], selectedId: string | undefined): ViewState {
  return {
    mode: 1,
    overlay: { kind: 'none' },
    snapshot,
    rows,
    selectedId,
    connection: { kind: 'up' },
    notice: undefined,
    log: { all: () => [] },
    line: emptyLine(),
    lastUpdate: Date.now(),
    config: { readOnly: false, intervalSec: 2 },
  };
}

const FRAME = { width: 200, height: 50, now: new Date(), version: 'bench', address: '/bench.sock', theme: { color: true } };

function gc(): void {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (collect !== undefined) {
    collect();
    collect();
  }
}

function inProcess(n: number, quick: boolean): string[] {
  const stat = showStatText(n);
  const infoText = showInfoText();
  const runs = quick ? 3 : n >= 50_000 ? 5 : n >= 10_000 ? 9 : 21;
  const parsed = parseShowStat(stat);
  const info = parseShowInfo(infoText);
  const snapshot = snapshotFrom(parsed, info, 0);
  const rows = buildRows(snapshot);
  if (snapshot.services.length !== n) throw new Error(`generated ${snapshot.services.length} services, wanted ${n}`);

  const parse = time(() => parseShowStat(stat), runs);
  const snap = time(() => snapshotFrom(parsed, parseShowInfo(infoText), 1), runs);
  const build = time(() => buildRows(snapshot), runs);
  const poll = time(() => buildRows(snapshotFrom(parseShowStat(stat), parseShowInfo(infoText), 2)), runs);

  // The cursor in the middle of the table, so that the frame has to find it among n rows.
  const services = serviceIndexes(rows);
  const middle = rows[services[services.length >> 1] ?? 0];
  const selected = middle?.kind === 'service' ? middle.service.id : undefined;
  const frame = time(() => renderFrame(viewState(snapshot, rows, selected), initialScroll, FRAME), runs * 2);
  let cursor = selected;
  let step = 1;
  let scroll = renderFrame(viewState(snapshot, rows, cursor), initialScroll, FRAME).scroll;
  const move = time(() => {
    let next = moveSelection(rows, cursor, step);
    if (next === cursor) {
      // At the first or last service: turn round, so that every measured move really moves.
      step = -step;
      next = moveSelection(rows, cursor, step);
    }
    cursor = next;
    scroll = renderFrame(viewState(snapshot, rows, cursor), scroll, FRAME).scroll;
  }, runs * 2);

  // Heap while the screen holds two snapshots (the previous one is kept for rates) and their rows.
  gc();
  const before = process.memoryUsage().heapUsed;
  const held = [0, 1].map((k) => {
    const s = snapshotFrom(parseShowStat(stat), parseShowInfo(infoText), k);
    return { s, rows: buildRows(s) };
  });
  gc();
  const after = process.memoryUsage().heapUsed;
  // (Also keeps `held` alive until here.)
  if (held.some((h) => h.s.services.length !== n)) throw new Error('a held snapshot lost services');
  const canGc = (globalThis as { gc?: unknown }).gc !== undefined;
  const mb = (b: number): string => (canGc ? (b / 2 ** 20).toFixed(1) : `~${(b / 2 ** 20).toFixed(0)}`);
  return [int(n), int(Math.round(stat.length / 1024)), ms(parse), ms(snap), ms(build), ms(poll), ms(frame), ms(move), mb(after - before), mb(after)];
}

function liveRows(results: readonly LiveResult[]): string[][] {
  return results.map((r) => [
    int(r.servers),
    int(Math.round(r.replyBytes / 1024)),
    ms(r.showInfoMs),
    ms(r.showStatMs),
    ms(r.pollMs),
    r.pty === undefined ? '-' : int(Math.round(r.pty.firstScreenMs)),
    r.pty === undefined ? '-' : int(r.pty.refreshes),
    r.pty === undefined ? '-' : ms(r.pty.cpuMsPerRefresh),
    r.pty === undefined ? '-' : `${r.pty.cpuPercent.toFixed(1)}%`,
    r.pty === undefined ? '-' : int(Math.round(r.pty.rssMb)),
  ]);
}

async function main(argv: readonly string[]): Promise<number> {
  const opts = parseArgs(argv);
  const cpus = os.cpus();
  console.log(`machine: ${cpus.length} x ${cpus[0]?.model.trim() ?? '?'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ` +
    `node ${process.version}, ${os.platform()} ${os.release()}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log('\nIn process (synthetic HAProxy 2.6 `show stat`, 128 columns; frame = 200x50, mode 1; ms are medians):\n');
  const head = ['services', 'CSV KB', 'parse ms', 'snapshot ms', 'rows ms', 'poll ms', 'frame ms', 'move ms', 'heap 2 snaps MB', 'heap MB'];
  const rows: string[][] = [];
  for (const n of opts.sizes) rows.push(inProcess(n, opts.quick));
  console.log(table(head, rows));
  console.log('\n  poll = parse + snapshot (incl. show info) + rows; move = cursor down one service + frame;');
  console.log('  heap 2 snaps = heap held by two snapshots and their rows, after GC; heap = total heap used then.');

  if (opts.live) {
    console.log('\nAgainst a real HAProxy (unix socket; servers without checks; ms are medians):\n');
    const results = await runLive(opts.quick ? [1_000] : [1_000, 10_000], { ptySeconds: opts.quick ? 3 : 10, log: (s) => console.error(s) });
    console.log(table(['servers', 'reply KB', 'show info ms', 'show stat ms', 'full poll ms', 'first screen ms', 'refreshes', 'screen CPU ms/refresh', 'screen CPU', 'screen RSS MB'], liveRows(results)));
    console.log(`\n  HAProxy ${results[0]?.version ?? '?'}, one frontend, backends of 1,000 servers each.`);
    console.log('  full poll = show info + show stat round trips + parse + snapshot + rows (what the controller does per tick);');
    console.log('  screen = the real hatop-ts under a 200x50 pty at -i 1: start to first servers shown, then over the window:');
    console.log('  CPU (utime+stime) per refresh and in all, RSS at the end.');
  }
  console.log(`\nload average (1/5/15 min) at the end: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (other work on the machine skews the figures)`);
  return 0;
}

/** Without gc() the heap figures are noise: run again under --expose-gc, passing the arguments on. */
function respawnWithGc(): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--expose-gc', ...process.execArgv, __filename, ...process.argv.slice(2)], { stdio: 'inherit' });
    const forward = (signal: NodeJS.Signals): void => {
      child.kill(signal);
    };
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, forward);
    child.on('exit', (code, signal) => resolve(code ?? (signal !== null ? 128 + (os.constants.signals[signal] ?? 0) : 1)));
  });
}

if (require.main === module) {
  const run = (globalThis as { gc?: unknown }).gc === undefined ? respawnWithGc() : main(process.argv.slice(2));
  run.then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
      process.exitCode = 1;
    },
  );
}
