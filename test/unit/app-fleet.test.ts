// Several instances under one controller, on stub transports and a manual clock: ids and labels carry the
// instance, rows are grouped by instance, hotkeys go to the selected instance only, F1-F3 to every instance after
// a confirmation, and one instance failing neither blanks the others nor stops their commands.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Controller } from '../../src/app/controller';
import { GATHER_MS } from '../../src/app/fleet';
import type { InstanceSpec } from '../../src/config';
import { RuntimeError } from '../../src/runtime/types';
import { serviceId } from '../../src/stats/model';
import { flush, ManualClock, StubTransport, testConfig } from '../support/snapshots';

const SPECS: InstanceSpec[] = ['lb1', 'lb2', 'lb3'].map((name) => ({ name, address: { kind: 'unix', path: `/run/${name}.sock` } }));

async function fleet(): Promise<{ c: Controller; stubs: StubTransport[]; clock: ManualClock }> {
  const stubs = SPECS.map(() => new StubTransport());
  const clock = new ManualClock();
  const c = new Controller(testConfig({ instances: SPECS }), stubs, clock);
  c.start();
  await flush();
  await clock.advance(GATHER_MS);
  return { c, stubs, clock };
}

function select(c: Controller, label: string): void {
  c.dispatch('home');
  for (let i = 0; i < c.rows.length && c.selectionLabel !== label; i++) c.dispatch('down');
  assert.equal(c.selectionLabel, label);
}

describe('a fleet of three instances in one controller', () => {
  test('ids and labels carry the instance; the rows are each instance under its title line', async () => {
    const { c } = await fleet();
    assert.equal(c.snapshot?.services.length, 51, 'the 17 services of each instance');
    assert.deepEqual(
      c.rows.filter((r) => r.kind === 'instance').map((r) => (r.kind === 'instance' ? r.text : '')),
      ['=== lb1  /run/lb1.sock', '=== lb2  /run/lb2.sock', '=== lb3  /run/lb3.sock'],
    );
    assert.equal(c.selectionLabel, 'lb1:fe_main/FRONTEND', 'the first service of the first instance');
    const id = serviceId('server', 'be_app', 'app1', 'lb2');
    assert.equal(c.snapshot?.byId.get(id)?.label, 'lb2:be_app/app1');
    assert.notEqual(id, serviceId('server', 'be_app', 'app1', 'lb1'));
    assert.equal(c.instances?.map((s) => s.connection.kind).join(), 'up,up,up');
  });

  test('F10 goes to the selected instance only', async () => {
    const { c, stubs } = await fleet();
    select(c, 'lb2:be_app/app1');
    c.dispatch('maint');
    await flush();
    assert.deepEqual(stubs.map((s) => s.commands()), [[], ['set server be_app/app1 state maint'], []]);
    assert.match(c.notice?.text ?? '', /^Done: maintenance: lb2:be_app\/app1\.$/);
    assert.ok(c.log.all().some((l) => l.text === 'lb2> set server be_app/app1 state maint'), 'the log names the instance');
  });

  test('F2 asks every instance, lists every command per instance, and sends only after y', async () => {
    const { c, stubs } = await fleet();
    select(c, 'lb3:be_app/app2');
    c.dispatch('maint-all');
    await flush();
    assert.equal(c.overlay.kind, 'confirm');
    const plan = c.overlay.kind === 'confirm' ? c.overlay.plan : undefined;
    assert.equal(plan?.title, 'maintenance: app2 in 3 backends on 3 instances');
    assert.deepEqual(plan?.commands.map((k) => `${k.instance}: ${k.text}`), ['lb1', 'lb2', 'lb3'].map((n) => `${n}: set server be_app/app2 state maint`));
    assert.deepEqual(stubs.map((s) => s.commands()), [['show servers state'], ['show servers state'], ['show servers state']]);
    c.confirm(true);
    await flush();
    for (const s of stubs) assert.deepEqual(s.commands().slice(1), ['set server be_app/app2 state maint']);
    assert.equal(c.notice?.text, 'Done: maintenance: app2 in 3 backends on 3 instances.');
  });

  test('an instance that cannot be asked is named in the confirmation and left alone; a failure is reported per instance', async () => {
    const { c, stubs } = await fleet();
    stubs[1]!.failWith = new RuntimeError('closed', 'connection refused');
    select(c, 'lb1:be_app/app2');
    c.dispatch('drain-all');
    await flush();
    const plan = c.overlay.kind === 'confirm' ? c.overlay.plan : undefined;
    assert.deepEqual(plan?.commands.map((k) => k.instance), ['lb1', 'lb3']);
    assert.deepEqual(plan?.notes, ['lb2: cannot list its backends (connection refused): nothing is sent there.']);
    stubs[2]!.replies.set('set server be_app/app2 state drain', 'No such server.\n');
    c.confirm(true);
    await flush();
    assert.equal(c.notice?.level, 'error');
    assert.match(c.notice?.text ?? '', /failed on 1 of 2 instances; done per instance: lb1 1\/1, lb3 0\/1 \(/);
  });

  test('one instance down: the others keep their rows and refresh; its title line says so', async () => {
    const { c, stubs, clock } = await fleet();
    stubs[1]!.failWith = new RuntimeError('connect', 'connection refused by /run/lb2.sock');
    await clock.advance(2000 + GATHER_MS);
    const lb2 = c.instances?.[1];
    assert.equal(lb2?.connection.kind, 'down');
    const title = c.rows.find((r) => r.kind === 'instance' && r.name === 'lb2');
    assert.ok(title?.kind === 'instance' && title.down && /DOWN since .*: connection refused/.test(title.text), JSON.stringify(title));
    assert.equal(c.connection.kind, 'up', 'the fleet is up while any instance is');
    const before = stubs[0]!.polls();
    await clock.advance(2000 + GATHER_MS);
    assert.ok(stubs[0]!.polls() > before, 'lb1 keeps polling');
    assert.equal(c.snapshot?.services.length, 51, "lb2's last rows are kept, greyed, not blanked");
  });
});

describe('the runtime views over a fleet', () => {
  test('a runtime view reads the selected service\'s instance, names it, and keeps each instance\'s details apart', async () => {
    const { c, stubs } = await fleet();
    const detail = (cn: string): string => `Filename: /etc/haproxy/site.pem\nStatus: Used\nnotAfter: Dec  3 13:34:41 2030 GMT\nSubject Alternative Name: \nSubject: /CN=${cn}\nIssuer: /CN=${cn}\n`;
    stubs.forEach((s, i) => {
      s.replies.set('show ssl cert', '# filename\n/etc/haproxy/site.pem\n');
      s.replies.set('show ssl cert /etc/haproxy/site.pem', detail(`lb${i + 1}.example.test`));
    });
    c.dispatch('mode-9');
    await flush();
    assert.equal(c.runtime.instance, 'lb1');
    assert.equal(c.runtime.rows[0]?.cells[2], '/CN=lb1.example.test');
    c.dispatch('mode-1');
    select(c, 'lb2:fe_main/FRONTEND');
    c.dispatch('mode-9');
    await flush();
    assert.equal(c.runtime.instance, 'lb2');
    assert.equal(c.runtime.rows[0]?.cells[2], '/CN=lb2.example.test', 'lb2\'s own certificate, not lb1\'s kept details');
    assert.ok(stubs[1]?.commands().includes('show ssl cert /etc/haproxy/site.pem'));
    assert.ok(!stubs[2]?.commands().some((cmd) => cmd.startsWith('show ssl')), 'lb3 is not read');
  });
});
