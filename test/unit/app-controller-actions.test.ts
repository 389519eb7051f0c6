// The controller's server actions, confirmations, CLI view and read-only mode, on a stub transport.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Controller } from '../../src/app/controller';
import type { LogLine } from '../../src/app/cli-log';
import { RuntimeError } from '../../src/runtime/types';
import { flush, selectService, controllers, serversStateOf, sid, statCsv, StubTransport } from '../support/snapshots';

const { start } = controllers();

/** The log from the first line that is the command `> command` on. */
function logFrom(c: Controller, command: string): LogLine[] {
  const all = c.log.all();
  const i = all.findIndex((l) => l.kind === 'command' && l.text === `> ${command}`);
  assert.ok(i >= 0, `no "> ${command}" in the log:\n${all.map((l) => l.text).join('\n')}`);
  return all.slice(i);
}

const typeLine = (c: Controller, text: string): void => c.editCli({ kind: 'insert', text });

describe('controller: server actions', () => {
  test('an action is sent for exactly the selected server, logged, noticed, and followed by a poll', async () => {
    const { controller: c, stub } = await start();
    selectService(c, 'be_app/app2');
    const polls = stub.polls();
    c.dispatch('maint');
    await flush();
    assert.deepEqual(stub.commands(), ['set server be_app/app2 state maint']);
    assert.deepEqual(c.notice, { level: 'ok', text: 'Done: maintenance: be_app/app2.' });
    assert.equal(logFrom(c, 'set server be_app/app2 state maint')[0]?.kind, 'command');
    assert.equal(stub.polls(), polls + 1, 'refreshed at once');
  });

  test('F1 looks up the backends, then opens a confirmation listing the targets; nothing changes until confirm(true)', async () => {
    const { controller: c, stub } = await start();
    selectService(c, 'be_app/app1');
    c.dispatch('enable-all');
    await flush();
    assert.equal(c.overlay.kind, 'confirm');
    assert.deepEqual(c.overlay.kind === 'confirm' ? c.overlay.plan.targets : [], [sid('be_app/app1')]);
    assert.deepEqual(stub.commands(), ['show servers state'], 'only the read-only lookup went out');
    c.dispatch('down');
    c.dispatch('maint');
    assert.equal(c.selectionLabel, 'be_app/app1', 'other actions wait while the confirmation is open');
    c.confirm(true);
    await flush();
    assert.equal(c.overlay.kind, 'none');
    assert.deepEqual(stub.commands(), ['show servers state', 'set server be_app/app1 state ready']);
  });

  test('F2 targets every backend `show servers state` names with that server, beyond what -f polls', async () => {
    const bkB = { name: 'bk_b', iid: 3, servers: ['x', 'nginx1'], backend: true };
    const everything = statCsv([
      { name: 'bk_a', iid: 2, servers: ['nginx1', 'nginx2'], backend: true },
      bkB,
      { name: 'li_c', iid: 4, frontend: true, listeners: ['nginx1'], servers: ['nginx1'], backend: true },
    ]);
    const stub = new StubTransport();
    stub.stat = statCsv([bkB]); // what `show stat 3 -1 -1` returns
    stub.replies.set('show servers state', serversStateOf(everything)); // what HAProxy has
    const { controller: c } = await start({ filters: [{ iid: 3, type: -1, sid: -1 }] }, stub);
    assert.deepEqual(c.snapshot?.services.map((s) => s.label), ['bk_b/x', 'bk_b/nginx1', 'bk_b/BACKEND'], 'only bk_b is polled');
    selectService(c, 'bk_b/nginx1');
    c.dispatch('maint-all');
    await flush();
    const plan = c.overlay.kind === 'confirm' ? c.overlay.plan : assert.fail('no confirmation');
    assert.deepEqual(plan.commands.map((x) => x.text), ['bk_a', 'bk_b', 'li_c'].map((b) => `set server ${b}/nginx1 state maint`));
    assert.equal(plan.title, 'maintenance: nginx1 in 3 backends');
    c.confirm(true);
    await flush();
    assert.deepEqual(stub.commands().slice(1), ['bk_a', 'bk_b', 'li_c'].map((b) => `set server ${b}/nginx1 state maint`));
  });

  test('confirm(false) sends nothing and says it was cancelled', async () => {
    const { controller: c, stub } = await start();
    selectService(c, 'be_app/app1');
    c.dispatch('maint-all');
    await flush();
    assert.equal(c.overlay.kind, 'confirm');
    c.confirm(false);
    await flush();
    assert.deepEqual(stub.commands(), ['show servers state'], 'the lookup only');
    assert.equal(c.overlay.kind, 'none');
    assert.equal(c.notice?.level, 'info');
    assert.match(c.notice?.text ?? '', /^Cancelled: maintenance: app1 in 1 backend/);
    c.confirm(true);
    await flush();
    assert.deepEqual(stub.commands(), ['show servers state'], 'a late confirm with nothing open does nothing');
  });

  test('quick weight presses add up from the pending target, not the polled weight', async () => {
    const { controller: c, stub, clock } = await start();
    selectService(c, 'web/w1');
    c.dispatch('weight-plus-10');
    c.dispatch('weight-plus-10');
    await flush();
    c.dispatch('weight-minus-1');
    await flush();
    assert.deepEqual(stub.commands(), ['set weight web/w1 60', 'set weight web/w1 70', 'set weight web/w1 69']);
    await clock.advance(6000); // HAProxy (the stub) still says 50: after 5 s the pending target is dropped
    c.dispatch('weight-plus-1');
    await flush();
    assert.equal(stub.commands().at(-1), 'set weight web/w1 51');
  });

  test('a refused weight step is not remembered: the next press starts from the polled weight', async () => {
    const { controller: c, stub } = await start();
    selectService(c, 'web/w1');
    stub.replies.set('set weight web/w1 60', "Backend is using a static LB algorithm and only accepts weights '0%' and '100%'.\n");
    c.dispatch('weight-plus-10');
    await flush();
    assert.equal(c.notice?.level, 'error');
    c.dispatch('weight-plus-10');
    await flush();
    assert.deepEqual(stub.commands(), ['set weight web/w1 60', 'set weight web/w1 60']);
  });

  test('`Permission denied` -> an error notice with the reason, and the reply in the log', async () => {
    const { controller: c, stub } = await start();
    selectService(c, 'be_app/app1');
    stub.replies.set('set server be_app/app1 state drain', 'Permission denied\n');
    c.dispatch('drain');
    await flush();
    assert.equal(c.notice?.level, 'error');
    assert.match(c.notice?.text ?? '', /^HAProxy refused drain: be_app\/app1: Permission denied/);
    assert.deepEqual(logFrom(c, 'set server be_app/app1 state drain').slice(0, 2), [
      { kind: 'command', text: '> set server be_app/app1 state drain' },
      { kind: 'error', text: 'Permission denied' },
    ]);
  });

  test('a send that fails during an action is an error notice with the message', async () => {
    const { controller: c, stub } = await start();
    selectService(c, 'be_app/app1');
    stub.failWith = new RuntimeError('timeout', 'HAProxy did not answer within 1000 ms');
    c.dispatch('maint');
    await flush();
    assert.equal(c.notice?.level, 'error');
    assert.match(c.notice?.text ?? '', /did not answer within 1000 ms/);
  });

  test('server actions on a FRONTEND row are refused with a notice and send nothing', async () => {
    const { controller: c, stub } = await start();
    assert.equal(c.selectionLabel, 'fe_main/FRONTEND');
    for (const action of ['enable-all', 'maint', 'weight-plus-1'] as const) {
      c.dispatch(action);
      assert.equal(c.notice?.level, 'error');
      assert.match(c.notice?.text ?? '', /fe_main\/FRONTEND is a frontend/);
    }
    assert.equal(c.overlay.kind, 'none');
    await flush();
    assert.deepEqual(stub.commands(), []);
  });
});

describe('controller: CLI view', () => {
  test('submit sends the line, logs `> cmd` and the reply, clears the line and keeps it in history', async () => {
    const { controller: c, stub } = await start({ mode: 5 });
    stub.replies.set('show errors', 'Total events captured on [24/Nov/2026:06:40:12.000] : 0\n');
    typeLine(c, 'show errors');
    await c.submitCli();
    assert.deepEqual(stub.commands(), ['show errors']);
    assert.deepEqual(logFrom(c, 'show errors').slice(0, 2), [
      { kind: 'command', text: '> show errors' },
      { kind: 'output', text: 'Total events captured on [24/Nov/2026:06:40:12.000] : 0' },
    ]);
    assert.equal(c.line.text, '');
    assert.deepEqual(c.line.history, ['show errors']);
  });

  test('`a; b` is sent as two commands; an escaped `\\;` stays in one', async () => {
    const { controller: c, stub } = await start({ mode: 5 });
    typeLine(c, 'show errors; show sess');
    await c.submitCli();
    typeLine(c, 'set var proc.x str(a\\;b)');
    await c.submitCli();
    assert.deepEqual(stub.commands(), ['show errors', 'show sess', 'set var proc.x str(a\\;b)']);
  });

  test('a refused command is not sent; the refusal is in the log', async () => {
    const { controller: c, stub } = await start({ mode: 5 });
    for (const line of ['quit', 'prompt', 'set timeout cli 5', 'show info; quit']) {
      const sent = stub.sent.length;
      typeLine(c, line);
      await c.submitCli();
      await flush();
      assert.equal(stub.sent.length, sent, `${line} must not be sent`);
      const log = logFrom(c, line);
      assert.equal(log[1]?.kind, 'error');
      assert.match(log[1]?.text ?? '', /^Refused/);
    }
  });

  test('HAProxy errors are logged as errors; an empty line is a time mark only', async () => {
    const { controller: c, stub } = await start({ mode: 5 });
    stub.replies.set('show foo', "Unknown command: 'show foo'. Please enter one of the following commands only:\n  help\n");
    typeLine(c, 'show foo');
    await c.submitCli();
    assert.equal(logFrom(c, 'show foo')[1]?.kind, 'error');
    const before = c.log.all().length;
    const sent = stub.sent.length;
    await c.submitCli();
    assert.equal(stub.sent.length, sent);
    assert.equal(c.log.all().length, before + 1);
    assert.match(c.log.all().at(-1)?.text ?? '', /^\* \d\d:\d\d:\d\d$/);
  });
});

describe('controller: read-only mode', () => {
  test('server actions are refused and nothing is sent', async () => {
    const { controller: c, stub } = await start({ readOnly: true });
    selectService(c, 'be_app/app1');
    for (const action of ['enable-all', 'maint', 'drain', 'weight-plus-10', 'weight-reset'] as const) {
      c.dispatch(action);
      assert.equal(c.overlay.kind, 'none');
      assert.equal(c.notice?.level, 'error');
      assert.match(c.notice?.text ?? '', /Read-only/);
    }
    await flush();
    assert.deepEqual(stub.commands(), []);
  });

  test('the CLI view is refused; -m 5 starts in view 1; TAB cycles through every view but 5', async () => {
    const { controller: c } = await start({ readOnly: true, mode: 5 });
    assert.equal(c.mode, 1);
    c.dispatch('mode-5');
    assert.equal(c.mode, 1);
    assert.equal(c.notice?.level, 'error');
    const order: number[] = [];
    for (let i = 0; i < 9; i++) {
      c.dispatch('next-mode');
      order.push(c.mode);
    }
    assert.deepEqual(order, [2, 3, 4, 6, 7, 8, 9, 0, 1]);
    c.dispatch('prev-mode');
    assert.equal(c.mode, 0);
  });
});
