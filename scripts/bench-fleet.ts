// The fleet's cost: hatop-ts watching four HAProxy instances of 2,500 servers each against one instance of
// 10,000, the same screen (200x50 pty, -i 1) in the same run. Four instances mean four sessions, four polls and
// four snapshots merged into one table; this shows what that costs beside the one big instance.
import { killAll, spawnHatop, type Term } from '../test/support/pty';
import { BigHaproxy } from './bench-live';
import { updatedAt } from './bench-screen';
import { CpuWindow, rssMb, sleep } from './bench-util';

export interface FleetFigures {
  readonly label: string;
  readonly instances: number;
  readonly servicesEach: number;
  readonly cpuPercent: number;
  readonly rssMb: number;
  /** Every HAProxy's CPU over the window, added up. */
  readonly haproxyPercent: number;
  readonly firstFrameMs: number;
}

const FIRST_FRAME_TIMEOUT_MS = 120_000;

async function refreshes(term: Term, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const before = updatedAt(term);
    await term.waitFor((t) => updatedAt(t) !== undefined && updatedAt(t) !== before, { timeoutMs: 30_000, what: 'a refresh' });
  }
}

async function measure(label: string, haproxys: readonly BigHaproxy[], servicesEach: number, windowSec: number): Promise<FleetFigures> {
  const args = haproxys.length === 1 ? ['-s', haproxys[0]!.socket] : haproxys.flatMap((h, i) => ['-s', `lb${i + 1}=${h.socket}`]);
  const t0 = performance.now();
  const term = spawnHatop([...args, '-i', '1'], { cols: 200, rows: 50 });
  try {
    await term.waitFor(/\bapp-0-0000\b/, { timeoutMs: FIRST_FRAME_TIMEOUT_MS, what: 'the first servers on screen' });
    const firstFrameMs = performance.now() - t0;
    await refreshes(term, 2);
    const cpu = new CpuWindow([term.pid, ...haproxys.map((h) => h.pid as number)]);
    await sleep(windowSec * 1000);
    const [mine = Number.NaN, ...theirs] = cpu.percents();
    return { label, instances: haproxys.length, servicesEach, cpuPercent: mine, rssMb: rssMb(term.pid), haproxyPercent: theirs.reduce((a, b) => a + b, 0), firstFrameMs };
  } finally {
    term.kill('SIGTERM');
    await term.waitForExit(5_000).catch(() => killAll());
  }
}

/** One instance of `4 * each` servers, then four of `each`, each measured over `windowSec`. */
export async function runFleet(each: number, windowSec: number, log: (line: string) => void): Promise<FleetFigures[]> {
  const started: BigHaproxy[] = [];
  const onExit = (): void => started.forEach((h) => h.killNow());
  process.on('exit', onExit);
  try {
    log(`bench: fleet: one HAProxy with ${4 * each} servers...`);
    const big = new BigHaproxy();
    started.push(big);
    await big.start(4 * each);
    const one = await measure(`1 x ${4 * each}`, [big], 4 * each, windowSec);
    await big.stop();
    started.length = 0;
    log(`bench: fleet: four HAProxys with ${each} servers each...`);
    const four = [new BigHaproxy(), new BigHaproxy(), new BigHaproxy(), new BigHaproxy()];
    started.push(...four);
    for (const h of four) await h.start(each);
    const fleet = await measure(`4 x ${each}`, four, each, windowSec);
    return [one, fleet];
  } finally {
    await killAll();
    for (const h of started) await h.stop();
    process.off('exit', onExit);
  }
}
