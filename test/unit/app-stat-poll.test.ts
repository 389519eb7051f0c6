// What each refresh asks HAProxy for, and that the snapshot it builds from the parts is the one a full read
// would give for everything it read. HAProxy is a small in-memory world here: its answers follow its state,
// and each request costs it (moves the clock by) what a real one would, so the pacing is exercised.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DUMP_BUDGET, fullDumpPeriod, PACE_FROM_BYTES, StatPoll, SUMMARY_BUDGET } from '../../src/app/stat-poll';
import type { Transport } from '../../src/app/instance';
import type { Command } from '../../src/runtime/types';
import { parseShowInfo } from '../../src/stats/info';
import { buildSnapshot } from '../../src/stats/model';
import type { Snapshot } from '../../src/stats/types';
import { ManualClock, testConfig } from '../support/snapshots';

const HEAD = '# pxname,svname,status,weight,act,bck,chkdown,iid,sid,type,scur,desc,';
/** Makes every world's full dump large enough (past PACE_FROM_BYTES) to be paced when it is slow. */
const PAD = 'x'.repeat(3_000);

interface World {
  pid: string;
  /** Backends by iid: the status of each server (weight 1 each). */
  backends: Map<number, string[]>;
  scur: number;
}

function world(backends: number, servers: number): World {
  const map = new Map<number, string[]>();
  for (let b = 0; b < backends; b++) map.set(b + 2, Array.from({ length: servers }, () => 'UP'));
  return { pid: '100', backends: map, scur: 0 };
}

/** `show stat` of the world: all of it, one proxy (`iid`), or only frontend/backend rows (`summary`). */
function statText(w: World, only?: { iid?: number; summary?: boolean }): string {
  const lines = [HEAD];
  for (const [iid, servers] of w.backends) {
    if (only?.iid !== undefined && only.iid !== iid) continue;
    const name = `bk${iid}`;
    if (only?.summary !== true) servers.forEach((status, i) => lines.push(`${name},s${i + 1},${status},1,${status === 'UP' ? 1 : 0},0,0,${iid},${i + 1},2,${w.scur},${PAD},`));
    const act = servers.filter((s) => s === 'UP').length;
    lines.push(`${name},BACKEND,${act > 0 ? 'UP' : 'DOWN'},${act},${act},0,0,${iid},0,1,${w.scur},,`);
  }
  return `${lines.join('\n')}\n\n`;
}

/** Answers like HAProxy would, and makes each answer cost HAProxy time (the clock moves by it). */
class WorldTransport implements Transport {
  readonly sent: string[] = [];
  constructor(
    readonly w: World,
    private readonly clock: ManualClock,
    private readonly costs: { full: number; summary: number; proxy: number },
  ) {}

  send(command: Command | string): Promise<string> {
    const text = typeof command === 'string' ? command : command.text;
    this.sent.push(text);
    if (text === 'show info') return Promise.resolve(`Name: HAProxy\nPid: ${this.w.pid}\n`);
    const m = /^show stat(?: (-?\d+) (-?\d+) (-?\d+))?$/.exec(text);
    assert.ok(m !== null, `unexpected command ${text}`);
    if (m[1] === undefined) {
      this.clock.time += this.costs.full;
      return Promise.resolve(statText(this.w));
    }
    if (m[1] === '-1' && m[2] === '3') {
      this.clock.time += this.costs.summary;
      return Promise.resolve(statText(this.w, { summary: true }));
    }
    assert.equal(m[2], '-1');
    this.clock.time += this.costs.proxy;
    return Promise.resolve(statText(this.w, { iid: Number(m[1]) }));
  }

  reconnect(): void {}

  take(): string[] {
    return this.sent.splice(0).filter((t) => t !== 'show info');
  }
}

function setup(costs = { full: 100, summary: 1, proxy: 1 }, w = world(20, 5), intervalSec = 1) {
  const clock = new ManualClock();
  const transport = new WorldTransport(w, clock, costs);
  const poll = new StatPoll(testConfig({ intervalSec }), transport, clock);
  let snapshot: Snapshot | undefined;
  const read = async (): Promise<Snapshot> => {
    const info = `Name: HAProxy\nPid: ${w.pid}\n`;
    transport.sent.push('show info');
    snapshot = await poll.read(snapshot, parseShowInfo(info));
    return snapshot;
  };
  return { clock, transport, poll, read, w };
}

const statusOf = (s: Snapshot, proxy: string, name: string): string | undefined =>
  s.services.find((x) => x.proxy === proxy && x.name === name)?.status;

describe('StatPoll: what a refresh reads', () => {
  /** Three refreshes a second apart read the full dump each time, and nothing is paced. */
  async function everyRefreshReadsAll(harness: ReturnType<typeof setup>): Promise<void> {
    for (let i = 0; i < 3; i++) {
      await harness.read();
      harness.clock.time += 1000;
    }
    assert.deepEqual(harness.transport.take(), ['show stat', 'show stat', 'show stat']);
    assert.equal(harness.poll.pacing(), undefined);
  }

  test('a small full dump is read at every refresh, however slow, and nothing is paced', async () => {
    assert.ok(statText(world(3, 2)).length < PACE_FROM_BYTES);
    await everyRefreshReadsAll(setup({ full: 100, summary: 1, proxy: 1 }, world(3, 2)));
  });

  test('a cheap full dump is read at every refresh, as before, and nothing is paced', async () => {
    await everyRefreshReadsAll(setup({ full: 1, summary: 0, proxy: 0 }));
  });

  test('an expensive one is paced by the budget; refreshes between read the summary and the proxies on screen', async () => {
    const { read, transport, poll, clock, w } = setup();
    const first = await read();
    assert.ok(statText(w).length >= PACE_FROM_BYTES);
    assert.deepEqual(transport.take(), ['show stat']);
    poll.setVisible([{ name: 'bk3', iid: 3 }]);
    clock.time += 1000;
    await read();
    assert.deepEqual(transport.take(), ['show stat -1 3 -1', 'show stat 3 -1 -1']);
    const pacing = poll.pacing();
    assert.ok(pacing !== undefined);
    assert.equal(pacing.dumpMs, 100);
    assert.equal(pacing.fullEveryMs, 100 / DUMP_BUDGET);
    assert.equal(pacing.fullAgeMs, 1000 + 1 + 1);
    // Once the budget's period has passed since the last full dump, the next refresh reads everything again.
    clock.time = 100 / DUMP_BUDGET + 100;
    await read();
    assert.deepEqual(transport.take(), ['show stat']);
    assert.equal(first.services.length, 20 * 6);
    assert.equal(w.backends.size, 20);
  });

  test('one of four instances watched at once gets a quarter of the budget: four of 2,500 cost what one of 10,000 does', () => {
    assert.equal(fullDumpPeriod(1000, 100, PACE_FROM_BYTES, 4), (4 * 100) / DUMP_BUDGET);
    assert.equal(fullDumpPeriod(1000, 100, PACE_FROM_BYTES, 1), 100 / DUMP_BUDGET);
    assert.equal(fullDumpPeriod(1000, 100, PACE_FROM_BYTES - 1, 4), 1000, 'a small instance is read whole every refresh still');
  });

  test('a change off screen shows in the summary: that proxy is read whole, the others are not', async () => {
    const { read, transport, clock, w } = setup();
    await read();
    transport.take();
    w.backends.get(15)![2] = 'MAINT';
    w.scur = 7; // traffic alone changes no state: it must not make every proxy be read
    clock.time += 1000;
    const next = await read();
    assert.deepEqual(transport.take(), ['show stat -1 3 -1', 'show stat 15 -1 -1']);
    assert.equal(statusOf(next, 'bk15', 's3'), 'MAINT');
    assert.equal(statusOf(next, 'bk15', 'BACKEND'), 'UP');
    assert.equal(next.services.find((s) => s.proxy === 'bk9' && s.name === 'BACKEND')?.fields.get('scur'), '7', 'summary rows are fresh');
    assert.equal(next.services.find((s) => s.proxy === 'bk9' && s.name === 's1')?.fields.get('scur'), '0', 'off screen, as last read');
  });

  test('after an action the touched proxy is read at once, summary included, whatever the pace', async () => {
    const { read, transport, poll, clock, w } = setup({ full: 100, summary: 20, proxy: 1 });
    await read();
    clock.time += 1000;
    await read(); // the summary now costs 20 ms: next due in 20 / SUMMARY_BUDGET ms
    transport.take();
    const before = await read();
    assert.deepEqual(transport.take(), [], 'neither summary nor a proxy is due');
    w.backends.get(4)![0] = 'MAINT';
    poll.touch(before.services.filter((s) => s.proxy === 'bk4' && s.name === 's1'));
    const after = await read();
    assert.deepEqual(transport.take(), ['show stat -1 3 -1', 'show stat 4 -1 -1']);
    assert.equal(statusOf(after, 'bk4', 's1'), 'MAINT');
    assert.ok(20 / SUMMARY_BUDGET > 1000);
  });

  test('a new pid (reload) or another set of proxies means a full read', async () => {
    const { read, transport, clock, w } = setup();
    await read();
    w.pid = '101';
    clock.time += 1000;
    await read();
    assert.deepEqual(transport.take(), ['show stat', 'show stat']);
    w.backends.set(99, ['UP']);
    clock.time += 1000;
    const grown = await read();
    assert.deepEqual(transport.take(), ['show stat -1 3 -1', 'show stat']);
    assert.equal(statusOf(grown, 'bk99', 's1'), 'UP');
  });

  test('many changes at once: some now, the rest at the next refresh, none lost', async () => {
    const { read, transport, clock, w } = setup({ full: 100, summary: 1, proxy: 1 }, world(60, 2));
    await read();
    transport.take();
    for (const servers of w.backends.values()) servers[0] = 'DOWN';
    clock.time += 1000;
    const first = await read();
    const now = transport.take().filter((t) => t !== 'show stat -1 3 -1');
    assert.equal(now.length, 32);
    clock.time += 1000;
    const second = await read();
    const later = transport.take().filter((t) => t !== 'show stat -1 3 -1');
    assert.equal(now.length + later.length, 60);
    assert.equal(first.services.filter((s) => s.status === 'DOWN' && s.kind === 'server').length, 32);
    assert.equal(second.services.filter((s) => s.status === 'DOWN' && s.kind === 'server').length, 60);
  });

  test('the user\'s -f filters are read as given, every time', async () => {
    const clock = new ManualClock();
    const w = world(5, 2);
    const transport = new WorldTransport(w, clock, { full: 100, summary: 1, proxy: 1 });
    const poll = new StatPoll(testConfig({ filters: [{ iid: 3, type: -1, sid: -1 }] }), transport, clock);
    const info = 'Pid: 1\n';
    const first = await poll.read(undefined, parseShowInfo(info));
    await poll.read(first, parseShowInfo(info));
    assert.deepEqual(transport.take(), ['show stat 3 -1 -1', 'show stat 3 -1 -1']);
  });

  test('what a partial refresh builds equals a full read for every proxy it read', async () => {
    const { read, poll, clock, w } = setup();
    await read();
    poll.setVisible([{ name: 'bk2', iid: 2 }, { name: 'bk7', iid: 7 }]);
    w.backends.get(7)![1] = 'DRAIN';
    w.backends.get(2)![4] = 'DOWN';
    w.scur = 3;
    clock.time += 1000;
    const partial = await read();
    const full = buildSnapshot(statText(w), `Pid: ${w.pid}\n`, 0);
    for (const proxy of ['bk2', 'bk7']) {
      const got = partial.services.filter((s) => s.proxy === proxy);
      const want = full.services.filter((s) => s.proxy === proxy);
      assert.deepEqual(got.map((s) => [s.id, s.status, s.fields.entries()]), want.map((s) => [s.id, s.status, s.fields.entries()]));
    }
    assert.deepEqual(partial.services.map((s) => s.id), full.services.map((s) => s.id), 'same services in the same order');
    for (const s of partial.services) assert.equal(partial.byId.get(s.id), s);
  });
});
