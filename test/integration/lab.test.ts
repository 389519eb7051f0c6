// The lab itself against a real HAProxy: what every other integration and e2e test stands on.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startLab, type Lab, type StatRow } from '../support/lab';
import { freePorts } from '../support/ports';
import { startHttpBackend } from '../support/http-backend';
import { waitFor } from '../support/wait';

function row(rows: readonly StatRow[], proxy: string, service: string): StatRow {
  const found = rows.find((r) => r['pxname'] === proxy && r['svname'] === service);
  assert.ok(found, `show stat has no row ${proxy}/${service}`);
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('lab', () => {
  let lab: Lab;

  before(async () => {
    lab = await startLab();
  });
  after(async () => {
    await lab.stop();
  });

  test('show stat lists every service with its first check verdict', async () => {
    const rows = await lab.showStat();
    assert.equal(row(rows, 'fe_main', 'FRONTEND')['status'], 'OPEN');
    assert.equal(row(rows, 'bk_app', 'nginx2')['status'], 'UP');
    assert.equal(row(rows, 'bk_app', 'nginx1')['status'], 'UP');
    assert.equal(row(rows, 'bk_app', 'nginx1')['bck'], '1', 'nginx1 is the backup');
    assert.equal(row(rows, 'bk_app', 'BACKEND')['status'], 'UP');
    for (const name of ['api1', 'api2', 'nginx2']) assert.equal(row(rows, 'bk_api', name)['status'], 'UP');
    assert.equal(row(rows, 'bk_static', 'broken')['status'], 'DOWN');
    assert.equal(row(rows, 'bk_static', 'BACKEND')['algo'], 'source');
    assert.equal(row(rows, 'li_web', 'FRONTEND')['status'], 'OPEN');
    assert.equal(row(rows, 'li_web', 'web1')['status'], 'UP');
    assert.equal(row(rows, 'li_web', 'web2')['status'], 'no check');
    assert.equal(row(rows, 'li_web', 'nginx2')['status'], 'UP');
  });

  test('the three stats sockets answer at their levels, and show info carries the limits', async () => {
    assert.equal((await lab.rawCommand('show cli level')).trim(), 'admin');
    assert.equal((await lab.rawCommand('show cli level', lab.tcpAddress)).trim(), 'admin');
    assert.equal((await lab.rawCommand('show cli level', lab.operatorSocket)).trim(), 'operator');
    const info = await lab.rawCommand('show info');
    assert.match(info, /^Maxconn: 2000$/m);
    assert.match(info, /^Maxpipes: 256$/m);
    assert.match(info, new RegExp(`^Pid: ${lab.haproxyPid()}$`, 'm'));
  });

  test('requests through fe_main reach the primary, and each path its backend', async () => {
    const root = await lab.request('/');
    assert.deepEqual(root, { status: 200, server: 'nginx2', body: 'nginx2\n' });
    const api = await lab.request('/api/x');
    assert.ok(['api1', 'api2', 'nginx2'].includes(api.server ?? ''), `bk_api answered from ${api.server}`);
    const stat = await lab.request('/static/x');
    assert.ok(['static1', 'nginx1'].includes(stat.server ?? ''), `bk_static answered from ${stat.server}`);
  });

  test('the operator socket refuses admin commands', async () => {
    const reply = await lab.rawCommand('disable server bk_app/nginx2', lab.operatorSocket);
    assert.equal(reply.trim(), 'Permission denied');
    assert.equal(await lab.statusOf('bk_app', 'nginx2'), 'UP');
  });

  test('maintenance on the primary moves traffic to the backup without a failed request', async () => {
    lab.startTraffic({ ratePerSec: 40 });
    const served = (name: string): number => lab.trafficSoFar().byRoute['fe_main /']?.[name] ?? 0;
    try {
      await waitFor(() => served('nginx2') >= 3, { timeoutMs: 3000, what: 'traffic to reach nginx2' });
      assert.equal(served('nginx1'), 0, 'the backup serves nothing while the primary is UP');
      assert.equal(await lab.rawCommand('disable server bk_app/nginx2'), '\n');
      await waitFor(async () => (await lab.request('/')).server === 'nginx1', {
        timeoutMs: 5000,
        what: 'the backup nginx1 to serve / once nginx2 is in maintenance',
      });
      assert.equal(await lab.statusOf('bk_app', 'nginx2'), 'MAINT');
      await waitFor(() => served('nginx1') >= 3, { timeoutMs: 3000, what: 'traffic to reach the backup nginx1' });
    } finally {
      await lab.rawCommand('enable server bk_app/nginx2');
    }
    const report = await lab.stopTraffic();
    assert.ok(report.sent >= 6, `only ${report.sent} requests sent`);
    assert.equal(report.failed, 0, `failures: ${report.failures.join('; ')}`);
    assert.ok((report.byRoute['fe_main /']?.['nginx1'] ?? 0) >= 3, 'traffic went to the backup');
    assert.ok(Object.keys(report.byRoute['li_web /'] ?? {}).length > 0, 'li_web got traffic');
    await waitFor(async () => (await lab.statusOf('bk_app', 'nginx2')) === 'UP', { timeoutMs: 3000, what: 'nginx2 UP again' });
  });

  test('traffic for about a second is counted and without failures', async () => {
    lab.startTraffic({ ratePerSec: 20 });
    const start = Date.now();
    await waitFor(() => Date.now() - start >= 1000, { timeoutMs: 2000, what: 'one second of traffic' });
    const report = await lab.stopTraffic();
    assert.ok(report.sent >= 10, `only ${report.sent} requests in ~1 s at 20/s`);
    assert.equal(report.failed, 0, `failures: ${report.failures.join('; ')}`);
    const total = Object.values(report.byServer).reduce((a, b) => a + b, 0);
    assert.equal(total, report.sent);
    assert.deepEqual(Object.keys(report.byRoute).sort(), ['fe_main /', 'fe_main /api', 'fe_main /static', 'li_web /']);
    assert.deepEqual(await lab.stopTraffic(), { sent: 0, failed: 0, byServer: {}, byRoute: {}, failures: [] });
  });

  test('restartHaproxy brings up a new process on the same sockets and ports', async () => {
    const oldPid = lab.haproxyPid();
    assert.ok(oldPid !== undefined);
    await lab.restartHaproxy();
    const newPid = lab.haproxyPid();
    assert.ok(newPid !== undefined && newPid !== oldPid, `pid ${oldPid} -> ${newPid}`);
    assert.equal(alive(oldPid), false, 'the old HAProxy is gone');
    assert.match(await lab.rawCommand('show info'), new RegExp(`^Pid: ${newPid}$`, 'm'));
    assert.equal((await lab.rawCommand('show cli level', lab.tcpAddress)).trim(), 'admin');
    assert.equal((await lab.request('/')).server, 'nginx2');
  });
});

describe('lab lifecycle', () => {
  test('two labs run side by side, and stop() leaves nothing behind', async () => {
    const [a, b] = await Promise.all([startLab(), startLab()]);
    try {
      assert.notEqual(a.dir, b.dir);
      assert.notEqual(a.frontendPort, b.frontendPort);
      assert.notEqual(a.tcpAddress, b.tcpAddress);
      assert.notEqual(a.backends.get('nginx2')?.port, b.backends.get('nginx2')?.port);
      assert.equal((await a.request('/')).server, 'nginx2');
      assert.equal((await b.request('/')).server, 'nginx2');
      // A change in one lab does not show in the other.
      await a.rawCommand('disable server bk_app/nginx2');
      assert.equal(await a.statusOf('bk_app', 'nginx2'), 'MAINT');
      assert.equal(await b.statusOf('bk_app', 'nginx2'), 'UP');
    } finally {
      const pids = [a.haproxyPid(), b.haproxyPid()];
      a.startTraffic();
      await Promise.all([a.stop(), b.stop()]);
      await a.stop(); // idempotent
      for (const pid of pids) {
        assert.ok(pid !== undefined);
        assert.equal(alive(pid), false, `HAProxy ${pid} still runs after stop()`);
      }
      assert.equal(fs.existsSync(a.dir), false);
      assert.equal(fs.existsSync(b.dir), false);
      assert.equal(a.haproxyPid(), undefined);
    }
  });

  test('a bad extra config fails startLab with the HAProxy log, and cleans up', async () => {
    let logPath: string | undefined;
    await assert.rejects(startLab({ extraConfig: 'backend bk_bad\n  no-such-keyword 1' }), (err: Error) => {
      assert.match(err.message, /HAProxy exited during startup/);
      assert.match(err.message, /no-such-keyword/);
      logPath = /tail of (\S+) ---/.exec(err.message)?.[1];
      return true;
    });
    assert.ok(logPath, 'the error names the log');
    assert.equal(fs.existsSync(path.dirname(logPath)), false, 'the lab dir is removed');
  });
});

describe('lab helpers', () => {
  test('waitFor resolves with the first truthy probe value, and times out naming what and why', async () => {
    let calls = 0;
    assert.equal(await waitFor(() => (++calls >= 3 ? 'done' : false), { timeoutMs: 1000, intervalMs: 5, what: 'x' }), 'done');
    assert.equal(calls, 3);
    await assert.rejects(
      waitFor(
        () => {
          throw new Error('socket refused');
        },
        { timeoutMs: 60, intervalMs: 10, what: 'the moon' },
      ),
      { message: 'timed out after 60 ms waiting for the moon (last error: socket refused)' },
    );
  });

  test('freePorts gives distinct ports, and a backend closes with open keep-alive sockets', async () => {
    const ports = await freePorts(5);
    assert.equal(new Set(ports).size, 5);
    const backend = await startHttpBackend('solo', ports[0]);
    assert.equal(backend.port, ports[0]);
    const http = await import('node:http');
    const agent = new http.Agent({ keepAlive: true });
    const answer = await new Promise<{ body: string; server: unknown }>((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port: backend.port, path: '/', agent }, (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve({ body, server: res.headers['x-server'] }));
        })
        .on('error', reject);
    });
    assert.deepEqual(answer, { body: 'solo\n', server: 'solo' });
    assert.equal(backend.requests, 1);
    await backend.close(); // would hang on the idle keep-alive socket if it were not destroyed
    agent.destroy();
  });
});
