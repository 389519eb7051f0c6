// `npm run bench`: how long the refresh hot path takes at 100 .. 100,000 services in process (synthetic 2.6
// replies), then one table against a real HAProxy at 1,000 / 10,000 / 100,000 servers: HAProxy's own `show stat`
// time, hatop-ts's poll in process on the real dump, and the real screen under a pty (first frame, CPU, RSS,
// HAProxy's CPU, key and F10/F9 latency), with Debian's hatop beside it at 1,000.
//
//   npm run bench                                  everything
//   npm run bench -- --sizes 1000,10000            in-process sizes
//   npm run bench -- --live-sizes 1000,10000       live sizes (default 1000,10000,100000)
//   npm run bench -- --window 20                   seconds of each CPU window (default 20, 3 with --quick)
//   npm run bench -- --no-live                     no HAProxy, no pty (and no fleet)
//   npm run bench -- --no-fleet                    without the 4 x 2,500 against 1 x 10,000 instances comparison
//   npm run bench -- --quick                       fewer runs, live part at 1,000 servers only, short windows
//
// Figures are medians of several runs after warm-up. Heap needs `global.gc`: without --expose-gc the script
// runs itself again with it.
import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import os from 'node:os';
import { parseShowInfo } from '../src/stats/info';
import { snapshotFrom } from '../src/stats/model';
import { parseShowStat } from '../src/stats/stat';
import { initialScroll, renderFrame } from '../src/ui/frame';
import { buildRows, moveSelection } from '../src/view/rows';
import { resolveSort } from '../src/view/sort';
import { showInfoText, showStatText } from './bench-data';
import { runFleet } from './bench-fleet';
import { runLive } from './bench-live';
import { liveLegend, liveTable } from './bench-report';
import { FRAME, gc, int, median, middleServiceId, ms, table, viewState } from './bench-util';

export { int, median, ms, table } from './bench-util';

interface Options {
  readonly sizes: readonly number[];
  readonly liveSizes: readonly number[];
  readonly live: boolean;
  readonly quick: boolean;
  readonly windowSec: number;
  readonly fleet: boolean;
}

function listArg(argv: readonly string[], name: string, fallback: readonly number[]): readonly number[] {
  const at = argv.indexOf(name);
  if (at < 0) return fallback;
  const list = (argv[at + 1] ?? '').split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0);
  if (list.length === 0) throw new Error(`${name} wants a comma-separated list of positive integers`);
  return list;
}

function parseArgs(argv: readonly string[]): Options {
  const quick = argv.includes('--quick');
  const sizes = listArg(argv, '--sizes', [100, 1_000, 10_000, 50_000, 100_000]);
  const liveSizes = listArg(argv, '--live-sizes', quick ? [1_000] : [1_000, 10_000, 100_000]);
  const windowAt = argv.indexOf('--window');
  const windowSec = windowAt >= 0 ? Number(argv[windowAt + 1]) : quick ? 3 : 20;
  if (!(windowSec > 0)) throw new Error('--window wants a number of seconds');
  const live = !argv.includes('--no-live');
  return { sizes, liveSizes, live, quick, windowSec, fleet: live && !argv.includes('--no-fleet') };
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

/** The checkout measured: its commit, and whether src/ has changes on top of it. */
function revision(): string {
  const root = path.join(__dirname, '../..');
  try {
    const git = (...args: string[]): string => execFileSync('git', ['-C', root, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return `${git('log', '-1', '--format=%h %s').slice(0, 90)}${git('status', '--porcelain', '--', 'src') === '' ? '' : ' (+ uncommitted changes in src/)'}`;
  } catch {
    return 'unknown (no git)';
  }
}

const machine = (): string => {
  const cpus = os.cpus();
  return `machine: ${cpus.length} x ${cpus[0]?.model.trim() ?? '?'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ` +
    `node ${process.version}, ${os.platform()} ${os.release()}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`;
};

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
  // A key that changes the order or the filter: every list sorted (or matched) again, as after `I` or a letter typed.
  const orders = (['desc', 'asc'] as const).map((order) => resolveSort({ header: 'SCUR', order }, 1));
  const texts = ['-0001', '-0002'];
  let flip = 0;
  const sorted = time(() => buildRows(snapshot, { sort: orders[flip++ % 2] }), runs);
  const filtered = time(() => buildRows(snapshot, { filter: { text: texts[flip++ % 2] ?? '', problems: false } }), runs);

  // The cursor in the middle of the table, so that the frame has to find it among n rows.
  const selected = middleServiceId(rows);
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
  return [int(n), int(Math.round(stat.length / 1024)), ms(parse), ms(snap), ms(build), ms(poll), ms(sorted), ms(filtered), ms(frame), ms(move), mb(after - before), mb(after)];
}

async function main(argv: readonly string[]): Promise<number> {
  const opts = parseArgs(argv);
  const started = performance.now();
  console.log(machine());
  console.log(`hatop-ts: ${revision()}`);
  console.log('\nIn process (synthetic HAProxy 2.6 `show stat`, 128 columns; frame = 200x50, mode 1; ms are medians):\n');
  const head = ['services', 'CSV KB', 'parse ms', 'snapshot ms', 'rows ms', 'poll ms', 'sort key ms', 'filter key ms', 'frame ms', 'move ms', 'heap 2 snaps MB', 'heap MB'];
  const rows: string[][] = [];
  for (const n of opts.sizes) rows.push(inProcess(n, opts.quick));
  console.log(table(head, rows));
  console.log('\n  poll = parse + snapshot (incl. show info) + rows; move = cursor down one service + frame;');
  console.log('  sort key = rows with every server list sorted again (SCUR, I); filter key = rows with every list matched again (f, a letter);');
  console.log('  heap 2 snaps = heap held by two snapshots and their rows, after GC; heap = total heap used then.');

  if (opts.live) {
    const results = await runLive(opts.liveSizes, {
      windowSec: opts.windowSec,
      keys: opts.quick ? 20 : 30,
      actionReps: opts.quick ? 2 : 5,
      hatopAt: [1_000],
      hatopBin: '/usr/bin/hatop',
      log: (s) => console.error(s),
    });
    console.log('\nAgainst a real HAProxy, all in this run (unix socket; -i 1; % are of one core; ms are medians unless said):\n');
    console.log(liveTable(results));
    console.log(`\n${liveLegend(results)}`);
  }
  if (opts.fleet) {
    const figures = await runFleet(2_500, opts.windowSec, (s) => console.error(s));
    console.log('\nA fleet against one instance of the same size, this run (200x50 pty, -i 1, unix sockets; % of one core):\n');
    console.log(
      table(
        ['instances x servers', 'hatop-ts CPU %', 'RSS MB', 'HAProxys CPU %', 'first frame ms'],
        figures.map((f) => [f.label, f.cpuPercent.toFixed(1), f.rssMb.toFixed(0), f.haproxyPercent.toFixed(1), int(Math.round(f.firstFrameMs))]),
      ),
    );
    const [one, four] = figures;
    if (one !== undefined && four !== undefined) console.log(`\n  the fleet costs ${(four.cpuPercent / one.cpuPercent).toFixed(2)} x the CPU of the one instance (goal: <= 1)`);
  }
  console.log(`\nload average (1/5/15 min) at the end: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (other work on the machine skews the figures)`);
  console.log(`bench took ${((performance.now() - started) / 1000).toFixed(0)} s`);
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
