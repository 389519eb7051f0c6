// The runtime client against a real HAProxy (2.6.12 from Debian), started here in a temp dir.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { RuntimeClient } from '../../src/runtime/client';
import * as cmd from '../../src/runtime/commands';
import { classifyReply } from '../../src/runtime/reply';
import { RuntimeError } from '../../src/runtime/types';
import { HaproxyProcess } from '../support/haproxy-proc';

/** Minimal CSV lookup for these tests (the real parser lives in src/stats and is tested there). */
function statField(csv: string, pxname: string, svname: string, field: string): string | undefined {
  const lines = csv.split('\n');
  const header = (lines[0] ?? '').replace(/^# /, '').split(',');
  const col = header.indexOf(field);
  assert.ok(col >= 0, `no column ${field}`);
  const row = lines.find((l) => l.startsWith(`${pxname},${svname},`));
  return row?.split(',')[col];
}

const BIG = 10000;

describe('RuntimeClient against a real HAProxy', () => {
  let hap: HaproxyProcess;
  let admin: RuntimeClient;

  before(async () => {
    hap = await HaproxyProcess.create({ bigServers: BIG });
    await hap.start();
    admin = new RuntimeClient({ kind: 'unix', path: hap.adminSock }, { timeoutMs: 5000 });
  });
  after(async () => {
    admin?.close();
    await hap?.stop();
  });

  test('show info and show stat over the unix socket', async () => {
    await admin.connect();
    const info = await admin.run(cmd.showInfo());
    assert.equal(info.kind, 'data');
    assert.match(info.text, /^Name: HAProxy\n/);
    assert.match(info.text, new RegExp(`\\nPid: ${hap.pid}\\n`));
    const stat = await admin.send(cmd.showStat());
    assert.match(stat, /^# pxname,svname,/);
    assert.equal(statField(stat, 'bk', 's1', 'status'), 'no check');
    assert.equal(statField(stat, 'fe', 'FRONTEND', 'status'), 'OPEN');
    assert.equal(await admin.send('show cli level'), 'admin\n');
  });

  test('a multi-megabyte show stat arrives whole', async () => {
    const stat = await admin.send(cmd.showStat());
    assert.ok(stat.length > 2_000_000, `show stat is only ${stat.length} bytes`);
    const rows = stat.split('\n').filter((l) => l.startsWith('big,big'));
    assert.equal(rows.length, BIG);
    assert.ok(stat.endsWith('\n') && !stat.endsWith('\n\n'));
    // The session is still in step: the next answer is the next command's.
    assert.equal(await admin.send('show cli level'), 'admin\n');
  });

  test('show stat with a filter, show servers state', async () => {
    const servers = await admin.send(cmd.showStat({ iid: -1, type: 4, sid: -1 }));
    assert.equal(statField(servers, 'bk', 's1', 'status'), 'no check');
    assert.equal(statField(servers, 'bk', 'BACKEND', 'status'), undefined);
    const state = await admin.run(cmd.showServersState('bk'));
    assert.equal(state.kind, 'data');
    assert.match(state.text, /^1\n# be_id be_name srv_id srv_name /);
    assert.match(state.text, /\nb?\d+ bk \d+ s2 /);
  });

  test('show info and show stat over TCP', async () => {
    const tcp = new RuntimeClient({ kind: 'tcp', host: '127.0.0.1', port: hap.tcpPort });
    try {
      assert.equal(tcp.label, `127.0.0.1:${hap.tcpPort}`);
      assert.match(await tcp.send(cmd.showInfo()), new RegExp(`\\nPid: ${hap.pid}\\n`));
      assert.equal(statField(await tcp.send(cmd.showStat()), 'bk', 's2', 'status'), 'no check');
      assert.equal(await tcp.send('show cli level'), 'admin\n');
    } finally {
      tcp.close();
    }
  });

  test('disable / enable / drain a server, as show stat sees it', async () => {
    const status = async (): Promise<string | undefined> => statField(await admin.send(cmd.showStat()), 'bk', 's1', 'status');
    assert.deepEqual(await admin.run(cmd.disableServer('bk', 's1')), { kind: 'ok', text: '' });
    assert.equal(await status(), 'MAINT');
    assert.deepEqual(await admin.run(cmd.enableServer('bk', 's1')), { kind: 'ok', text: '' });
    assert.equal(await status(), 'no check');
    assert.equal((await admin.run(cmd.setServerState('bk', 's1', 'drain'))).kind, 'ok');
    assert.equal(await status(), 'DRAIN');
    assert.equal((await admin.run(cmd.setServerState('bk', 's1', 'maint'))).kind, 'ok');
    assert.equal(await status(), 'MAINT');
    assert.equal((await admin.run(cmd.setServerState('bk', 's1', 'ready'))).kind, 'ok');
    assert.equal(await status(), 'no check');
  });

  test('weights', async () => {
    assert.deepEqual(cmd.parseGetWeight(await admin.send(cmd.getWeight('bk', 's2'))), { current: 1, initial: 1 });
    assert.equal((await admin.run(cmd.setWeight('bk', 's2', 50))).kind, 'ok');
    assert.deepEqual(cmd.parseGetWeight(await admin.send(cmd.getWeight('bk', 's2'))), { current: 50, initial: 1 });
    assert.equal(statField(await admin.send(cmd.showStat()), 'bk', 's2', 'weight'), '50');
    assert.equal((await admin.run(cmd.setWeightPercent('bk', 's2', 100))).kind, 'ok');
    assert.deepEqual(cmd.parseGetWeight(await admin.send(cmd.getWeight('bk', 's2'))), { current: 1, initial: 1 });
    // Out of range for HAProxy (the builder refuses it, so send the raw line).
    const tooBig = await admin.run('set weight bk/s2 300');
    assert.equal(tooBig.kind, 'error');
    assert.equal(tooBig.text, 'Absolute weight can only be between 0 and 256 inclusive.\n');
    const statik = await admin.run(cmd.setWeight('bk_static', 's1', 5));
    assert.equal(statik.kind, 'error');
    assert.match(statik.text, /static LB algorithm/);
  });

  test('frontend disable / enable', async () => {
    assert.equal((await admin.run(cmd.disableFrontend('fe'))).kind, 'ok');
    // 2.6.12 says PAUSED (older versions STOP).
    assert.match(statField(await admin.send(cmd.showStat()), 'fe', 'FRONTEND', 'status') ?? '', /^(STOP|PAUSED)$/);
    assert.equal((await admin.run(cmd.enableFrontend('fe'))).kind, 'ok');
    assert.equal(statField(await admin.send(cmd.showStat()), 'fe', 'FRONTEND', 'status'), 'OPEN');
  });

  test('HAProxy refusals are classified', async () => {
    assert.deepEqual(await admin.run(cmd.disableServer('bk', 'nosuch')), { kind: 'no-such-server', text: 'No such server.\n' });
    assert.deepEqual(await admin.run(cmd.getWeight('nosuch', 's1')), { kind: 'no-such-backend', text: 'No such backend.\n' });
    assert.equal((await admin.run('get weight bk')).kind, 'error');
    assert.equal((await admin.run(cmd.enableHealth('bk', 's1'))).kind, 'error');
    assert.equal((await admin.run(cmd.disableFrontend('nosuch'))).kind, 'error');
    assert.equal((await admin.run('frobnicate')).kind, 'unknown-command');
    // Names with ";" are escaped: HAProxy sees one command and one (unknown) server name.
    assert.equal((await admin.run(cmd.getWeight('bk', 's1;quit'))).kind, 'no-such-server');
    assert.equal(await admin.send('show cli level'), 'admin\n');
  });

  test('the operator-level socket: Permission denied is classified', async () => {
    const oper = new RuntimeClient({ kind: 'unix', path: hap.operSock });
    try {
      assert.equal(await oper.send('show cli level'), 'operator\n');
      const denied = await oper.run(cmd.disableServer('bk', 's1'));
      assert.deepEqual(denied, { kind: 'permission-denied', text: 'Permission denied\n' });
      assert.equal((await oper.run(cmd.showStat())).kind, 'data');
    } finally {
      oper.close();
    }
    // The refused command changed nothing.
    assert.equal(statField(await admin.send(cmd.showStat()), 'bk', 's1', 'status'), 'no check');
  });

  test('HAProxy restarting under a connected client: clean failures, then a send reconnects', async () => {
    await admin.connect();
    const oldPid = hap.pid;
    const closed = new Promise<RuntimeError | undefined>((resolve) => admin.once('close', resolve));
    await hap.kill();
    const err = await closed;
    assert.ok(err instanceof RuntimeError);
    assert.equal(err.failure, 'closed');
    assert.equal(admin.connected, false);

    // Down: the next command fails with a clean connect error (the killed process left its socket file).
    await assert.rejects(admin.send(cmd.showInfo()), (e: unknown) => {
      assert.ok(e instanceof RuntimeError);
      assert.equal(e.failure, 'connect');
      assert.ok(e.message.includes(hap.adminSock), e.message);
      return true;
    });

    await hap.start();
    assert.notEqual(hap.pid, oldPid);
    const info = await admin.send(cmd.showInfo());
    assert.match(info, new RegExp(`\\nPid: ${hap.pid}\\n`));
    assert.equal(admin.connected, true);
    assert.equal(classifyReply(await admin.send('show cli level')).kind, 'data');
  });

  test('a command in flight when HAProxy dies fails with closed', async () => {
    await admin.connect();
    // A large show stat is on its way when HAProxy is killed.
    const inFlight = admin.send(cmd.showStat());
    const queued = admin.send(cmd.showInfo());
    const settled = Promise.allSettled([inFlight, queued]);
    await hap.kill();
    const results = await settled;
    // The show stat may have completed before the kill; whatever did not complete fails cleanly.
    for (const r of results) {
      if (r.status === 'rejected') {
        assert.ok(r.reason instanceof RuntimeError);
        assert.ok(r.reason.failure === 'closed' || r.reason.failure === 'connect', r.reason.message);
      }
    }
    assert.equal(results[1]?.status, 'rejected');
    await hap.start();
    assert.equal(await admin.send('show cli level'), 'admin\n');
  });
});
