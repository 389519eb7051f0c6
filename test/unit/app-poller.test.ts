import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Poller } from '../../src/app/poller';
import { flush, ManualClock } from '../support/snapshots';

/** A task that records when each run starts and takes `ms` of the clock's time. */
function task(clock: ManualClock, ms: number): { starts: number[]; ends: number[]; run: () => Promise<void> } {
  const starts: number[] = [];
  const ends: number[] = [];
  const run = (): Promise<void> => {
    starts.push(clock.now());
    if (ms === 0) {
      ends.push(clock.now());
      return Promise.resolve();
    }
    return new Promise<void>((resolve) =>
      clock.setTimeout(() => {
        ends.push(clock.now());
        resolve();
      }, ms),
    );
  };
  return { starts, ends, run };
}

describe('Poller', () => {
  test('start runs at once, then every period, anchored: a task that takes time does not shift the ticks', async () => {
    const clock = new ManualClock();
    const t = task(clock, 300);
    const poller = new Poller(t.run, 1000, clock);
    poller.start();
    await flush();
    assert.deepEqual(t.starts, [0]);
    await clock.advance(4000);
    assert.deepEqual(t.starts, [0, 1000, 2000, 3000, 4000]);
    assert.deepEqual(t.ends, [300, 1300, 2300, 3300]);
    poller.stop();
  });

  test('a tick that fires late does not move the schedule, and missed ticks are not caught up', async () => {
    const clock = new ManualClock();
    const t = task(clock, 0);
    const poller = new Poller(t.run, 1000, clock);
    poller.start();
    await flush();
    assert.equal(clock.nextDue(), 1000);
    await clock.jumpTo(1270);
    assert.deepEqual(t.starts, [0, 1270]);
    assert.equal(clock.nextDue(), 2000, 'next tick stays on the 1000 ms grid');
    await clock.jumpTo(3500);
    assert.deepEqual(t.starts, [0, 1270, 3500], 'the tick missed at 3000 is not run twice');
    assert.equal(clock.nextDue(), 4000);
    poller.stop();
  });

  test('a tick during a slow run is skipped, not queued', async () => {
    const clock = new ManualClock();
    const t = task(clock, 2500);
    const poller = new Poller(t.run, 1000, clock);
    poller.start();
    await clock.advance(2999);
    assert.deepEqual(t.starts, [0], 'ticks at 1000 and 2000 fell inside the run');
    await clock.advance(1);
    assert.deepEqual(t.starts, [0, 3000], 'the run ended at 2500 and nothing was queued: next run on the 3000 tick');
    await clock.advance(3000);
    assert.deepEqual(t.starts, [0, 3000, 6000]);
    poller.stop();
  });

  test('now() during a run runs once more right after it (once, however often asked)', async () => {
    const clock = new ManualClock();
    const t = task(clock, 500);
    const poller = new Poller(t.run, 1000, clock);
    poller.start();
    await clock.advance(100);
    poller.now();
    poller.now();
    poller.now();
    await flush();
    assert.deepEqual(t.starts, [0], 'not while the first run is in flight');
    await clock.advance(400);
    assert.deepEqual(t.starts, [0, 500], 'right after the first run');
    assert.equal(clock.nextDue(), 1000, 'the schedule did not move');
    await clock.advance(1600);
    assert.deepEqual(t.starts, [0, 500, 2000], 'the 1000 tick fell inside the extra run and was skipped');
    poller.stop();
  });

  test('now() when idle runs at once without moving the schedule', async () => {
    const clock = new ManualClock();
    const t = task(clock, 0);
    const poller = new Poller(t.run, 1000, clock);
    poller.start();
    await clock.advance(1200);
    poller.now();
    await flush();
    assert.deepEqual(t.starts, [0, 1000, 1200]);
    assert.equal(clock.nextDue(), 2000);
    poller.stop();
  });

  test('setPeriod restarts the schedule from now; the same period changes nothing', async () => {
    const clock = new ManualClock();
    const t = task(clock, 0);
    const poller = new Poller(t.run, 1000, clock);
    poller.start();
    await clock.advance(2500);
    assert.deepEqual(t.starts, [0, 1000, 2000]);
    poller.setPeriod(300);
    assert.equal(poller.period, 300);
    assert.equal(clock.nextDue(), 2800);
    assert.equal(clock.timers.length, 1, 'the old timer was replaced, not added to');
    poller.setPeriod(300);
    assert.equal(clock.nextDue(), 2800);
    assert.equal(clock.timers.length, 1);
    await clock.advance(700);
    assert.deepEqual(t.starts, [0, 1000, 2000, 2800, 3100]);
    poller.setPeriod(1000);
    await clock.advance(2000);
    assert.deepEqual(t.starts, [0, 1000, 2000, 2800, 3100, 4200, 5200]);
    poller.stop();
  });

  test('setPeriod while stopped arms nothing; start uses the new period', async () => {
    const clock = new ManualClock();
    const t = task(clock, 0);
    const poller = new Poller(t.run, 1000, clock);
    poller.setPeriod(250);
    assert.equal(clock.timers.length, 0);
    poller.start();
    await clock.advance(500);
    assert.deepEqual(t.starts, [0, 250, 500]);
    poller.stop();
  });

  test('stop() leaves no timer; nothing runs afterwards, not even now()', async () => {
    const clock = new ManualClock();
    const t = task(clock, 0);
    const poller = new Poller(t.run, 1000, clock);
    poller.start();
    await clock.advance(1500);
    assert.equal(clock.timers.length, 1);
    poller.stop();
    assert.equal(clock.timers.length, 0);
    poller.now();
    await clock.advance(5000);
    assert.deepEqual(t.starts, [0, 1000]);
  });

  test('stop() during a run: the pending now() is dropped and no tick follows', async () => {
    const clock = new ManualClock();
    const t = task(clock, 500);
    const poller = new Poller(t.run, 1000, clock);
    poller.start();
    await clock.advance(100);
    poller.now();
    poller.stop();
    await clock.advance(5000);
    assert.deepEqual(t.starts, [0]);
    assert.deepEqual(t.ends, [500], 'the run in flight finishes');
    assert.equal(clock.timers.length, 0);
  });
});
