// No key acts unseen, no action lands on a service the operator did not pick: the too-small screen, the CLI
// commands that would change the polling session, a selected service that vanishes, ids that collide, and
// F1-F3 under -f. On the real Screen (fake terminal) and Controller, with a stub transport.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { SideSession } from '../../src/app/cli-line';
import { Controller } from '../../src/app/controller';
import { parseOptions } from '../../src/options';
import { RuntimeError } from '../../src/runtime/types';
import { buildSnapshot } from '../../src/stats/model';
import { footer, press, screenRigs } from '../support/fake-terminal';
import { flush, info26, ManualClock, selectService, statCsv, StubTransport, testConfig, controllers } from '../support/snapshots';

const { open } = screenRigs();
const { start } = controllers();

/** `show servers state` as HAProxy 2.6 prints it, for these backend/server pairs. */
function serversState(pairs: readonly (readonly [string, string])[]): string {
  const header = '# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight srv_iweight srv_time_since_last_change srv_check_status srv_check_result srv_check_health srv_check_state srv_agent_state bk_f_forced_id srv_f_forced_id srv_fqdn srv_port srvrecord srv_use_ssl srv_check_port srv_check_addr srv_agent_addr srv_agent_port';
  const lines = pairs.map(([b, s], i) => `${i + 2} ${b} 1 ${s} 127.0.0.1 2 0 1 1 2 1 0 2 0 0 0 0 - 80 - 0 0 - - 0`);
  return `1\n${header}\n${lines.join('\n')}\n`;
}

describe('the too-small screen refuses every key but quit and help', () => {
  test('at 40x5, DOWN, F2, y, F8, F10 and ENTER change nothing; q quits', async () => {
    const rig = await open({ cols: 40, rows: 5, ready: 'Too small' });
    const before = rig.controller.selectedId;
    press(rig, 'down', 'f2', 'y', 'f8', 'f10', 'f9', 'enter', 'space', 'end');
    await flush();
    assert.deepEqual(rig.stub.commands(), []);
    assert.equal(rig.controller.selectedId, before);
    assert.equal(rig.controller.overlay.kind, 'none');
    assert.match(rig.term.text(), /Other keys are off until it is bigger\./);
    press(rig, 'q');
    assert.equal(rig.quits, 1);
  });

  test('a confirmation open when the terminal shrinks cannot be answered blind', async () => {
    const rig = await open({ cols: 120, rows: 30 });
    rig.stub.replies.set('show servers state', serversState([['be_app', 'app1']]));
    selectService(rig.controller, 'be_app/app1');
    press(rig, 'f2');
    await rig.until(() => rig.controller.overlay.kind === 'confirm', 'the F2 confirmation');
    rig.term.resize(40, 5);
    await rig.until((t) => t.text().includes('Too small'), 'the too-small notice');
    press(rig, 'y', 'enter');
    await flush();
    assert.deepEqual(rig.stub.commands(), ['show servers state']);
    rig.term.resize(120, 30);
    await rig.until((t) => t.text().includes('>>> '), 'the table again');
    assert.equal(rig.controller.overlay.kind, 'confirm', 'the question is still open, now visible');
  });
});

describe('CLI commands that would change the polling session', () => {
  test('`user` and `operator` run on a separate session, closed afterwards; polling keeps its level', async () => {
    const side = { sent: [] as string[], closed: 0 };
    const session = (): SideSession => ({
      send: (c) => {
        side.sent.push(typeof c === 'string' ? c : c.text);
        return Promise.resolve('');
      },
      close: () => void side.closed++,
    });
    const stub = new StubTransport();
    const clock = new ManualClock();
    const c = new Controller(testConfig({ mode: 5 }), stub, { clock, openSession: session });
    c.start();
    await flush();
    for (const line of ['user; show cli level', 'operator', 'experimental-mode on; add server bk/s9 127.0.0.1:80']) {
      c.editCli({ kind: 'insert', text: line });
      await c.submitCli();
    }
    c.stop();
    assert.deepEqual(side.sent, ['user', 'show cli level', 'operator', 'experimental-mode on', 'add server bk/s9 127.0.0.1:80']);
    assert.equal(side.closed, 3);
    assert.deepEqual(stub.commands(), [], 'nothing of it went to the polling session');
    assert.ok(c.log.all().some((l) => l.text.includes('separate session')));
  });

  test('without a way to open one, they are refused; `quit` says ESC then q; a `<<` payload is refused, not a stall', async () => {
    const { controller: c, stub } = await start({ mode: 5 });
    for (const line of ['user', 'quit', 'add map #0 <<', 'set ssl cert /x.pem <<']) {
      c.editCli({ kind: 'insert', text: line });
      await c.submitCli();
    }
    assert.deepEqual(stub.commands(), []);
    const errors = c.log.all().filter((l) => l.kind === 'error').map((l) => l.text);
    assert.equal(errors.length, 4, errors.join('\n'));
    assert.match(errors[1] ?? '', /ESC, then q/);
    assert.match(errors[2] ?? '', /<<. payload/);
  });
});

describe('a selected service that disappears', () => {
  const before = statCsv([
    { name: 'bk_b', iid: 3, servers: ['s3', 's4'], backend: true },
    { name: 'bk_c', iid: 4, servers: ['s5'], backend: true },
  ]);
  const after = statCsv([
    { name: 'bk_b', iid: 3, servers: ['s3'], backend: true },
    { name: 'bk_c', iid: 4, servers: ['s5'], backend: true },
  ]);

  test('the status line says so, F10 refuses and sends nothing until the operator selects again', async () => {
    const stub = new StubTransport();
    stub.stat = before;
    const { controller: c, clock } = await start({}, stub);
    selectService(c, 'bk_b/s4');
    stub.stat = after;
    await clock.advance(2000);
    assert.equal(c.selectionLabel, 'gone: bk_b/s4');
    assert.match(c.notice?.text ?? '', /bk_b\/s4 is gone/);
    c.dispatch('maint');
    c.dispatch('menu');
    await flush();
    assert.deepEqual(stub.commands(), []);
    assert.match(c.notice?.text ?? '', /no longer reported/);
    c.dispatch('up');
    c.dispatch('down');
    assert.equal(c.selectionLabel, 'bk_b/BACKEND');
    selectService(c, 'bk_c/s5');
    c.dispatch('maint');
    await flush();
    assert.deepEqual(stub.commands(), ['set server bk_c/s5 state maint']);
  });

  test('if it comes back before the operator moved, it is selected again', async () => {
    const stub = new StubTransport();
    stub.stat = before;
    const { controller: c, clock } = await start({}, stub);
    selectService(c, 'bk_b/s4');
    stub.stat = after;
    await clock.advance(2000);
    stub.stat = before;
    await clock.advance(2000);
    assert.equal(c.selectionLabel, 'bk_b/s4');
    assert.match(c.notice?.text ?? '', /back and selected again/);
  });
});

describe('ids are unique by construction', () => {
  test('a server named BACKEND or FRONTEND, and a listener named like a server, are all kept and told apart', () => {
    const csv = statCsv([
      { name: 'bk', iid: 2, servers: ['BACKEND', 'FRONTEND', 's1'], backend: true },
      { name: 'li', iid: 3, frontend: true, listeners: ['s1'], servers: ['s1'], backend: true },
    ]);
    const snapshot = buildSnapshot(csv, info26(), 0);
    assert.deepEqual(snapshot.services.map((s) => s.label), [
      'bk/BACKEND (server)', 'bk/FRONTEND (server)', 'bk/s1', 'bk/BACKEND',
      'li/FRONTEND', 'li/s1 (listener)', 'li/s1', 'li/BACKEND',
    ]);
    assert.equal(new Set(snapshot.services.map((s) => s.id)).size, 8);
    assert.equal(snapshot.services.length, 8);
    for (const s of snapshot.services) assert.equal(snapshot.byId.get(s.id), s, s.label);
  });

  test('a row a peer sends twice is kept, numbered, never dropped', () => {
    const csv = statCsv([{ name: 'bk', iid: 2, servers: ['s1', 's1'], backend: true }]);
    const snapshot = buildSnapshot(csv, info26(), 0);
    assert.deepEqual(snapshot.services.map((s) => s.label), ['bk/s1', 'bk/s1 #2', 'bk/BACKEND']);
  });
});

describe('F1-F3 plan from every backend HAProxy has, whatever -f and -p show', () => {
  test('with -f on one proxy, F2 on s1 still offers s1 in both backends', async () => {
    const stub = new StubTransport();
    stub.stat = statCsv([{ name: 'bk_a', iid: 3, servers: ['s1'], backend: true }]);
    stub.replies.set('show servers state', serversState([['bk_a', 's1'], ['bk_b', 's1'], ['bk_b', 's2']]));
    const { controller: c } = await start({ filters: [{ iid: 3, type: -1, sid: -1 }], proxies: ['bk_a'] }, stub);
    selectService(c, 'bk_a/s1');
    c.dispatch('maint-all');
    await flush();
    assert.equal(c.overlay.kind, 'confirm');
    const plan = c.overlay.kind === 'confirm' ? c.overlay.plan : undefined;
    assert.deepEqual(plan?.commands.map((x) => x.text), ['set server bk_a/s1 state maint', 'set server bk_b/s1 state maint']);
    assert.equal(plan?.title, 'maintenance: s1 in 2 backends');
  });

  test('when HAProxy cannot list its servers, nothing is sent and the status line says why', async () => {
    const stub = new StubTransport();
    stub.replies.set('show servers state', 'Permission denied\n');
    const { controller: c } = await start({}, stub);
    selectService(c, 'be_app/app1');
    c.dispatch('drain-all');
    await flush();
    assert.equal(c.overlay.kind, 'none');
    assert.deepEqual(stub.commands(), ['show servers state']);
    assert.match(c.notice?.text ?? '', /Cannot list every backend with app1.*nothing was sent/);
  });
});

describe('a hotkey that fails while HAProxy is down', () => {
  test('says so on the status line, not only in the CLI log', async () => {
    const rig = await open({ cols: 120, rows: 30 });
    selectService(rig.controller, 'be_app/app1');
    rig.stub.failWith = new RuntimeError('closed', 'the connection to /run/haproxy/test.sock is closed');
    await rig.clock.advance(2000);
    await rig.until((t) => t.text().includes('HAProxy unreachable'), 'the unreachable line');
    press(rig, 'f10');
    await rig.until((t) => /Failed: maintenance: be_app\/app1/.test(t.lines().at(-2) ?? ''), 'the failure on the status line');
    assert.match(footer(rig.term), /\[be_app\/app1\]/);
  });
});

describe('-f takes only what can be an id', () => {
  test('a proxy or server id beyond 32 bits is refused, not silently matched to nothing', () => {
    const bad = parseOptions(['-s', '/x', '-f', '99999999999999999999999 -1 -1']);
    assert.equal(bad.kind, 'exit');
    assert.match(bad.kind === 'exit' ? (bad.stderr ?? '') : '', /ids are at most 2147483647/);
    assert.equal(parseOptions(['-s', '/x', '-f', '2147483647 -1 -1']).kind, 'run');
  });
});
