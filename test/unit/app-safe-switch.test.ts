// F12's safe maintenance and the ENTER menu's "ready, then wait until UP", on a stub transport whose `show stat`
// the test writes and a manual clock: what is sent when, what the row and the status line say, the drain
// timeout's question, cancelling, and a switch someone else changed.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Controller } from '../../src/app/controller';
import { flush, ManualClock, selectService, statCsv, StubTransport, testConfig, sid, type SynthServer } from '../support/snapshots';

/** One backend, `s1` as given, `s2` UP and idle. */
const world = (s1: Omit<SynthServer, 'name'>): string =>
  statCsv([{ name: 'bk', iid: 2, servers: [{ name: 's1', ...s1 }, { name: 's2' }], backend: true }]);

async function rig(drainTimeoutSec = 300): Promise<{ c: Controller; stub: StubTransport; clock: ManualClock; poll: () => Promise<void> }> {
  const stub = new StubTransport();
  stub.stat = world({ scur: 3 });
  const clock = new ManualClock();
  const c = new Controller(testConfig({ drainTimeoutSec, intervalSec: 1 }), stub, clock);
  c.start();
  await flush();
  selectService(c, 'bk/s1');
  return { c, stub, clock, poll: () => clock.advance(1000) };
}

const S1 = sid('bk/s1');
/** Read through a function: assert.equal narrows a property read, which a later call changes. */
const overlay = (c: Controller): string => c.overlay.kind;

describe('F12: drain, wait until idle, then MAINT', () => {
  test('drain first; the row and the status line follow the sessions left; MAINT once scur and qcur are 0', async () => {
    const { c, stub, poll } = await rig();
    c.dispatch('safe-maint');
    await flush();
    assert.deepEqual(stub.commands(), ['set server bk/s1 state drain']);
    stub.stat = world({ status: 'DRAIN', scur: 3, qcur: 1 });
    await poll();
    assert.equal(c.switching.get(S1), 'DRAINING 3+1q');
    assert.match(c.notice?.text ?? '', /^draining bk\/s1: 3 sessions left, \d+ s$/);
    stub.stat = world({ status: 'DRAIN', scur: 1 });
    await poll();
    assert.equal(c.switching.get(S1), 'DRAINING 1');
    assert.deepEqual(stub.commands(), ['set server bk/s1 state drain'], 'not MAINT while a session is left');
    stub.stat = world({ status: 'DRAIN', scur: 0, qcur: 0 });
    await poll();
    assert.deepEqual(stub.commands(), ['set server bk/s1 state drain', 'set server bk/s1 state maint']);
    assert.match(c.notice?.text ?? '', /^bk\/s1 is idle and in MAINT \(drained in \d+ s\): safe to stop\.$/);
    assert.equal(c.notice?.level, 'ok');
    assert.equal(c.switching.size, 0);
  });

  test('after --drain-timeout it asks: w keeps waiting, m puts it in MAINT while busy; ESC keeps waiting', async () => {
    const { c, stub, poll, clock } = await rig(10);
    c.dispatch('safe-maint');
    await flush();
    stub.stat = world({ status: 'DRAIN', scur: 2 });
    await clock.advance(11_000);
    assert.equal(overlay(c), 'question');
    const q = c.overlay.kind === 'question' ? c.overlay.question : undefined;
    assert.match(q?.title ?? '', /bk\/s1 still has 2 sessions after \d+ s of draining\./);
    assert.deepEqual(q?.choices.map((x) => x.key), ['m', 'w', 'c']);
    c.answer('escape');
    assert.equal(overlay(c), 'none');
    await clock.advance(11_000);
    assert.equal(overlay(c), 'question', 'asked again after another timeout');
    c.answer('x');
    assert.equal(overlay(c), 'question', 'a letter that is no answer changes nothing');
    c.answer('m');
    await flush();
    assert.deepEqual(stub.commands(), ['set server bk/s1 state drain', 'set server bk/s1 state maint']);
    assert.match(c.notice?.text ?? '', /put there while busy: wait for its sessions to end/);
    await poll();
    assert.equal(c.switching.size, 0);
  });

  test('F12 again offers to stop watching: y leaves it in DRAIN and sends nothing more', async () => {
    const { c, stub, poll } = await rig();
    c.dispatch('safe-maint');
    await flush();
    stub.stat = world({ status: 'DRAIN', scur: 2 });
    await poll();
    c.dispatch('safe-maint');
    assert.equal(overlay(c), 'question');
    assert.match(c.overlay.kind === 'question' ? c.overlay.question.title : '', /Stop the safe maintenance of bk\/s1\? It stays in DRAIN/);
    c.answer('y');
    assert.match(c.notice?.text ?? '', /Stopped watching bk\/s1: it stays in DRAIN; nothing was sent\./);
    stub.stat = world({ status: 'DRAIN', scur: 0 });
    await poll();
    assert.deepEqual(stub.commands(), ['set server bk/s1 state drain']);
  });

  test('someone else sets it ready meanwhile: no MAINT, and the status line says why', async () => {
    const { c, stub, poll } = await rig();
    c.dispatch('safe-maint');
    await flush();
    stub.stat = world({ status: 'DRAIN', scur: 1 });
    await poll();
    stub.stat = world({ status: 'UP', scur: 0 });
    await poll();
    assert.match(c.notice?.text ?? '', /bk\/s1 is no longer draining \(UP\): someone changed it/);
    assert.deepEqual(stub.commands(), ['set server bk/s1 state drain']);
  });

  test('read-only mode refuses F12 and sends nothing', async () => {
    const stub = new StubTransport();
    stub.stat = world({});
    const clock = new ManualClock();
    const c = new Controller(testConfig({ readOnly: true }), stub, clock);
    c.start();
    await flush();
    selectService(c, 'bk/s1');
    c.dispatch('safe-maint');
    await flush();
    assert.deepEqual(stub.commands(), []);
  });

  test('a drain that never shows (refused, or overruled at once) is given up after a few seconds, not at the first refresh', async () => {
    const { c, stub, poll } = await rig();
    c.dispatch('safe-maint');
    await flush();
    assert.deepEqual(stub.commands(), ['set server bk/s1 state drain']);
    await poll();
    assert.equal(c.switching.size, 1, 'a refresh read before the command is no verdict');
    for (let i = 0; i < 5; i++) await poll();
    assert.equal(c.switching.size, 0);
    assert.match(c.notice?.text ?? '', /bk\/s1 does not show DRAIN \(UP\) \d+ s after it was sent: no longer watched\./);
  });
});

describe('ready, then wait until UP (the ENTER menu)', () => {
  test('ready first, then the checks are watched until UP', async () => {
    const { c, stub, poll } = await rig();
    stub.stat = world({ status: 'MAINT' });
    await poll();
    c.dispatch('ready-wait');
    await flush();
    assert.deepEqual(stub.commands(), ['set server bk/s1 state ready']);
    stub.stat = world({ status: 'DOWN 1/2' });
    await poll();
    assert.equal(c.switching.get(S1), 'WAIT UP DOWN 1/2');
    stub.stat = world({ status: 'UP' });
    await poll();
    assert.match(c.notice?.text ?? '', /^bk\/s1 is UP: its checks pass \(\d+ s\)\.$/);
    assert.equal(c.switching.size, 0);
  });
});
