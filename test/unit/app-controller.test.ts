// The controller's polling, selection, views and connection state, on a stub transport and a manual clock.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Controller, RETRY_MS } from '../../src/app/controller';
import { RuntimeError } from '../../src/runtime/types';
import { parseShowInfo } from '../../src/stats/info';
import {
  flush,
  infoWith,
  ManualClock,
  testConfig,
  selectService,
  sid,
  statCsv,
  StubTransport,
  controllers,
} from '../support/snapshots';

const { start } = controllers();

const period = (c: Controller): number => c.instance['poller'].period;
/** Read through a function: assert.equal narrows a property read, which a later dispatch changes. */
const overlay = (c: Controller): string => c.overlay.kind;
/** The labels of the 2.6 fixture's services, in display order. */
const ALL_2_6 = [
  'fe_main/FRONTEND', 'fe_main/main1 (listener)', 'fe_main/main2 (listener)',
  'stats_listen/FRONTEND', 'stats_listen/s1', 'stats_listen/BACKEND',
  'be_app/app1', 'be_app/app2', 'be_app/app3', 'be_app/app4', 'be_app/BACKEND',
  'web/FRONTEND', 'web/w1', 'web/BACKEND',
  'checkee/FRONTEND',
  'be_chk/c1', 'be_chk/BACKEND',
];

describe('controller: polling and selection', () => {
  test('the first poll sends show info and show stat, and selects the first service', async () => {
    const { controller: c, stub } = await start();
    assert.deepEqual(stub.sent, ['show info', 'show stat']);
    assert.equal(c.connection.kind, 'up');
    assert.equal(c.snapshot?.services.length, 17);
    assert.equal(c.selectionLabel, 'fe_main/FRONTEND');
    assert.equal(c.rows[0]?.kind, 'group', 'row 0 is `>>> fe_main`, which is never selected');
  });

  test('-f filters: one show stat per filter, merged', async () => {
    const { controller: c, stub } = await start({ filters: [{ iid: 4, type: -1, sid: -1 }, { iid: 6, type: -1, sid: -1 }] });
    assert.deepEqual(stub.sent, ['show info', 'show stat 4 -1 -1', 'show stat 6 -1 -1']);
    assert.equal(c.connection.kind, 'up');
  });

  test('-p shows only the proxies of those names (both web proxies)', async () => {
    const { controller: c } = await start({ proxies: ['web'] });
    const ids = c.rows.flatMap((r) => (r.kind === 'service' ? [r.service.id] : []));
    assert.deepEqual(ids, ['web/FRONTEND', 'web/w1', 'web/BACKEND'].map(sid));
    assert.equal(c.selectedId, sid('web/FRONTEND'));
    assert.equal(c.selectionLabel, 'web/FRONTEND');
  });

  test('DOWN and UP move over service rows only, and stop at the ends', async () => {
    const { controller: c } = await start();
    const seen = [c.selectionLabel];
    for (let i = 0; i < 20; i++) {
      c.dispatch('down');
      if (seen[seen.length - 1] !== c.selectionLabel) seen.push(c.selectionLabel);
    }
    assert.deepEqual(seen, ALL_2_6);
    assert.equal(c.selectedId, c.snapshot?.services.at(-1)?.id, 'the id is the service\'s own');
    c.dispatch('up');
    assert.equal(c.selectionLabel, 'be_chk/c1');
    c.dispatch('home');
    assert.equal(c.selectionLabel, 'fe_main/FRONTEND');
    c.dispatch('up');
    assert.equal(c.selectionLabel, 'fe_main/FRONTEND');
    c.dispatch('end');
    assert.equal(c.selectionLabel, 'be_chk/BACKEND');
  });

  test('PGDOWN / PGUP move by the page size the screen sets', async () => {
    const { controller: c } = await start();
    c.pageSize = 5;
    c.dispatch('page-down');
    assert.equal(c.selectionLabel, ALL_2_6[5]);
    c.dispatch('page-down');
    assert.equal(c.selectionLabel, ALL_2_6[10]);
    c.dispatch('page-up');
    assert.equal(c.selectionLabel, ALL_2_6[5]);
    c.dispatch('page-down');
    c.dispatch('page-down');
    c.dispatch('page-down');
    assert.equal(c.selectionLabel, 'be_chk/BACKEND');
  });

  test('the selection stays on the same service when later snapshots add or remove rows above it', async () => {
    const stub = new StubTransport();
    const a = { name: 'bk_a', iid: 2, servers: ['a1', 'a2'], backend: true };
    const b = { name: 'bk_b', iid: 3, servers: ['b1', 'b2', 'b3'], backend: true };
    stub.stat = statCsv([a, b]);
    const { controller: c, clock } = await start({}, stub);
    selectService(c, 'bk_b/b2');
    stub.stat = statCsv([{ name: 'bk_new', iid: 9, frontend: true, servers: ['n1', 'n2', 'n3'], backend: true }, a, b]);
    await clock.advance(2000);
    assert.equal(c.rows.length, 3 * 2 + 5 + 3 + 4, 'three groups now');
    assert.equal(c.selectionLabel, 'bk_b/b2');
    stub.stat = statCsv([{ ...b, servers: ['b2', 'b3'] }]);
    await clock.advance(2000);
    assert.equal(c.selectionLabel, 'bk_b/b2');
    c.dispatch('maint');
    await flush();
    assert.deepEqual(stub.commands(), ['set server bk_b/b2 state maint'], 'the action hits the same server');
  });

  test('when the selected service disappears, the cursor moves to the one that followed it, but hotkeys wait for a move', async () => {
    const stub = new StubTransport();
    stub.stat = statCsv([{ name: 'bk', iid: 2, servers: ['s1', 's2', 's3'], backend: true }]);
    const { controller: c, clock } = await start({}, stub);
    selectService(c, 'bk/s2');
    stub.stat = statCsv([{ name: 'bk', iid: 2, servers: ['s1', 's3'], backend: true }]);
    await clock.advance(2000);
    assert.equal(c.selectedId, sid('bk/s3'), 'the cursor rests on the follower');
    assert.equal(c.selectionLabel, 'gone: bk/s2');
    assert.equal(c.notice?.level, 'error');
    assert.match(c.notice?.text ?? '', /bk\/s2 is gone .*hotkeys are off until you select a service/);
    // Nothing lands on bk/s3 unseen: F10, ENTER and SPACE refuse, with a reason.
    c.dispatch('maint');
    await flush();
    assert.deepEqual(stub.commands(), [], 'F10 sent nothing');
    assert.match(c.notice?.text ?? '', /bk\/s2 is no longer reported by HAProxy: select a service first/);
    c.dispatch('menu');
    assert.equal(overlay(c), 'none', 'no menu for a lost selection');
    c.dispatch('paste');
    assert.equal(c.mode, 1, 'SPACE pastes nothing');
    assert.equal(c.line.text, '');
    // Another refresh without it changes nothing.
    await clock.advance(2000);
    assert.equal(c.selectionLabel, 'gone: bk/s2');
    // The operator moves: a service is selected again and the hotkeys act on it.
    c.dispatch('down');
    c.dispatch('up');
    assert.equal(c.selectedId, sid('bk/s3'));
    assert.equal(c.selectionLabel, 'bk/s3');
    c.dispatch('maint');
    await flush();
    assert.deepEqual(stub.commands(), ['set server bk/s3 state maint']);
  });

  test('a lost service that comes back before the operator moves is selected again', async () => {
    const stub = new StubTransport();
    const all = statCsv([{ name: 'bk', iid: 2, servers: ['s1', 's2', 's3'], backend: true }]);
    stub.stat = all;
    const { controller: c, clock } = await start({}, stub);
    selectService(c, 'bk/s2');
    stub.stat = statCsv([{ name: 'bk', iid: 2, servers: ['s1', 's3'], backend: true }]);
    await clock.advance(2000);
    assert.equal(c.selectionLabel, 'gone: bk/s2');
    stub.stat = all;
    await clock.advance(2000);
    assert.equal(c.selectedId, sid('bk/s2'));
    assert.equal(c.selectionLabel, 'bk/s2');
    assert.deepEqual(c.notice, { level: 'info', text: 'bk/s2 is back and selected again.' });
    c.dispatch('maint');
    await flush();
    assert.deepEqual(stub.commands(), ['set server bk/s2 state maint']);
  });

  test('a search is a move: after a loss, / selects and the hotkeys work again', async () => {
    const stub = new StubTransport();
    stub.stat = statCsv([{ name: 'bk', iid: 2, servers: ['s1', 's2', 's3'], backend: true }]);
    const { controller: c, clock } = await start({}, stub);
    selectService(c, 'bk/s2');
    stub.stat = statCsv([{ name: 'bk', iid: 2, servers: ['s1', 's3'], backend: true }]);
    await clock.advance(2000);
    assert.equal(c.selectionLabel, 'gone: bk/s2');
    c.dispatch('find');
    c.editFind('bk/s1');
    c.endFind(true);
    assert.equal(c.selectionLabel, 'bk/s1');
    c.dispatch('drain');
    await flush();
    assert.deepEqual(stub.commands(), ['set server bk/s1 state drain']);
  });

  test('the menu open on a service that disappears is closed', async () => {
    const stub = new StubTransport();
    stub.stat = statCsv([{ name: 'bk', iid: 2, servers: ['s1', 's2', 's3'], backend: true }]);
    const { controller: c, clock } = await start({}, stub);
    selectService(c, 'bk/s2');
    c.dispatch('menu');
    assert.equal(overlay(c), 'menu');
    stub.stat = statCsv([{ name: 'bk', iid: 2, servers: ['s1', 's3'], backend: true }]);
    await clock.advance(2000);
    assert.equal(overlay(c), 'none');
    assert.equal(c.selectionLabel, 'gone: bk/s2');
  });

  test('polls every intervalSec on the clock', async () => {
    const { stub, clock } = await start({ intervalSec: 3 });
    await clock.advance(9000);
    assert.equal(stub.polls(), 4);
  });
});

describe('controller: views', () => {
  test('the digits switch views; ESC goes back to the previous one; TAB / Shift-TAB cycle through all ten', async () => {
    const { controller: c } = await start();
    c.dispatch('mode-3');
    assert.equal(c.mode, 3);
    c.dispatch('back');
    assert.equal(c.mode, 1);
    c.dispatch('back');
    assert.equal(c.mode, 3, 'ESC again returns to where it was');
    const order: number[] = [];
    c.dispatch('mode-1');
    for (let i = 0; i < 10; i++) {
      c.dispatch('next-mode');
      order.push(c.mode);
    }
    assert.deepEqual(order, [2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
    c.dispatch('prev-mode');
    assert.equal(c.mode, 0);
    assert.equal(c.keyPlace, 'runtime');
    c.dispatch('mode-5');
    assert.equal(c.inCli, true);
    assert.equal(c.keyPlace, 'cli');
  });

  test('help and the menu are overlays: a second press or ESC closes them without changing the view', async () => {
    const { controller: c } = await start();
    c.dispatch('mode-2');
    c.dispatch('help');
    assert.equal(overlay(c), 'help');
    c.dispatch('help');
    assert.equal(overlay(c), 'none');
    c.dispatch('menu');
    assert.equal(overlay(c), 'menu');
    c.dispatch('back');
    assert.equal(overlay(c), 'none');
    assert.equal(c.mode, 2);
    c.dispatch('help');
    c.dispatch('mode-4');
    assert.equal(overlay(c), 'none', 'switching view closes the overlay');
    assert.equal(c.mode, 4);
  });

  test('SPACE pastes the selected id into the CLI line and opens the CLI view', async () => {
    const { controller: c } = await start();
    selectService(c, 'be_app/app3');
    c.dispatch('paste');
    assert.equal(c.mode, 5);
    assert.equal(c.line.text, 'be_app/app3');
    assert.equal(c.line.cursor, 'be_app/app3'.length);
  });

  test('quit is an event; change events stop after stop()', async () => {
    const { controller: c, clock } = await start();
    let quit = 0;
    let changes = 0;
    c.on('quit', () => quit++);
    c.on('change', () => changes++);
    c.dispatch('quit');
    assert.equal(quit, 1);
    c.dispatch('down');
    assert.equal(changes, 1);
    c.stop();
    assert.equal(clock.timers.length, 0, 'no timer left');
    c.dispatch('down');
    await clock.advance(10_000);
    assert.equal(changes, 1);
  });
});

describe('controller: connection', () => {
  test('a transport failure sets the connection down with its message and retries every second', async () => {
    const { controller: c, stub, clock } = await start();
    selectService(c, 'be_app/app2');
    const polls = stub.polls();
    stub.failWith = new RuntimeError('closed', 'HAProxy closed the connection');
    c.refresh();
    await flush();
    assert.equal(c.connection.kind, 'down');
    assert.equal(c.connection.kind === 'down' ? c.connection.message : '', 'HAProxy closed the connection');
    assert.equal(stub.polls(), polls + 2, 'an idle-closed session is retried once at once before reporting');
    assert.equal(period(c), RETRY_MS);
    assert.equal(stub.reconnects, 0, 'a transport error needs no reset: the client reconnects on the next send');
    assert.equal(c.selectionLabel, 'be_app/app2');
    assert.ok(c.snapshot !== undefined, 'the last data stays on screen');
    await clock.advance(1000);
    assert.equal(stub.polls(), polls + 3);
    stub.failWith = undefined;
    await clock.advance(1000);
    assert.equal(c.connection.kind, 'up');
    assert.equal(c.selectionLabel, 'be_app/app2');
    assert.equal(period(c), 2000);
    assert.deepEqual(c.notice, { level: 'ok', text: 'Connected to HAProxy again (pid 2988).' });
  });

  test('failing from the start: down at once (no retry), message kept current', async () => {
    const stub = new StubTransport();
    stub.failWith = new RuntimeError('connect', 'cannot connect to /run/haproxy/test.sock: ENOENT');
    const { controller: c, clock } = await start({}, stub);
    assert.equal(c.connection.kind, 'down');
    assert.equal(stub.polls(), 1);
    assert.equal(c.selectedId, undefined);
    stub.failWith = new RuntimeError('connect', 'cannot connect to /run/haproxy/test.sock: ECONNREFUSED');
    await clock.advance(1000);
    assert.equal(c.connection.kind === 'down' ? c.connection.message : '', 'cannot connect to /run/haproxy/test.sock: ECONNREFUSED');
  });

  test('a reply that is not stat CSV drops the session (reconnect) and counts as down', async () => {
    const { controller: c, stub } = await start();
    stub.stat = 'Unknown command, but maybe one of the following ones is a better match:\n';
    c.refresh();
    await flush();
    assert.equal(c.connection.kind, 'down');
    assert.equal(stub.reconnects, 1);
  });

  test('`Stopping: 1` (a reload) makes the controller reconnect and poll the new process at once', async () => {
    const stub = new StubTransport();
    stub.nextInfos.push(infoWith({ Stopping: '1', Pid: '2900' }));
    const { controller: c } = await start({}, stub);
    assert.equal(stub.reconnects, 1);
    assert.equal(stub.polls(), 2, 'polled again right away');
    assert.equal(c.snapshot?.info.get('Pid'), '2988');
    assert.equal(c.connection.kind, 'up');
  });

  test('options: the clock drives polling, the wall clock stamps what the operator reads', async () => {
    const stub = new StubTransport();
    const clock = new ManualClock();
    let wall = 1_700_000_000_000;
    const c = new Controller(testConfig(), stub, { clock, wallClock: () => wall });
    try {
      c.start();
      await flush();
      assert.equal(c.lastUpdate, wall);
      assert.equal(c.instance.lastUpdate, c.lastUpdate, 'the instance holds it; the controller reads it');
      assert.equal(c.snapshot, c.instance.snapshot);
      assert.equal(c.connection, c.instance.connection);
      wall += 5_000;
      stub.failWith = new RuntimeError('closed', 'HAProxy closed the connection');
      await clock.advance(2000);
      assert.deepEqual(c.connection, { kind: 'down', message: 'HAProxy closed the connection', since: wall, answers: false });
      c.setNotice('info', 'x');
      assert.equal(c.noticeAt, wall);
    } finally {
      c.stop();
    }
  });

  test('a new pid is noticed', async () => {
    const { controller: c, stub } = await start();
    stub.info = infoWith({ Pid: '4242' });
    c.refresh();
    await flush();
    assert.deepEqual(c.notice, { level: 'info', text: 'HAProxy restarted or reloaded: pid 2988 -> 4242.' });
  });
});

describe('controller: the first refresh', () => {
  test('with the show info the entry point read when probing, the first refresh asks for the dump straight away', async () => {
    const stub = new StubTransport();
    const c = new Controller(testConfig(), stub, new ManualClock());
    try {
      c.start([parseShowInfo(infoWith({ Pid: '4242' }))]);
      assert.deepEqual(stub.sent, ['show stat'], 'the dump is asked for at once, show info is not asked again');
      await flush();
      assert.equal(c.snapshot?.info.get('Pid'), '4242', 'the first snapshot carries the show info given');
    } finally {
      c.stop();
    }
  });

  test('without it, the first refresh asks show info first, as every later one does', async () => {
    const stub = new StubTransport();
    const c = new Controller(testConfig(), stub, new ManualClock());
    try {
      c.start();
      await flush();
      assert.equal(stub.sent[0], 'show info');
      assert.ok(stub.sent.includes('show stat'));
    } finally {
      c.stop();
    }
  });
});
