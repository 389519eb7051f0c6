// The safe switch against a real HAProxy with slow requests in flight (each takes 1.5 s on the server): F12 on
// bk_app/nginx2, then stopping nginx2 as soon as hatop-ts says it is safe, fails no request; F10 and stopping it at
// once does fail the requests it had in flight, so the test can tell the two apart.
import http from 'node:http';
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startLab, type Lab } from '../support/lab';
import { killAll } from '../support/pty';
import { openHatop, select, statusLine, waitScreen, waitStatusCell } from '../support/tui';
import { waitFor } from '../support/wait';

const labs: Lab[] = [];
after(async () => {
  await killAll();
  await Promise.all(labs.map((lab) => lab.stop()));
});

interface SlowTraffic {
  /** Stops sending and waits for what is in flight; the failures seen. */
  stop(): Promise<{ sent: number; failed: number; failures: string[] }>;
}

/** `workers` clients, each sending GET /slow through fe_main (bk_app) one after the other, on fresh connections. */
function slowTraffic(port: number, workers: number): SlowTraffic {
  let running = true;
  let sent = 0;
  let failed = 0;
  const failures: string[] = [];
  const one = (): Promise<void> =>
    new Promise((resolve) => {
      const req = http.get({ host: '127.0.0.1', port, path: '/slow?ms=1500', agent: false }, (res) => {
        res.resume();
        res.on('end', () => {
          sent++;
          if (res.statusCode !== 200) {
            failed++;
            failures.push(`HTTP ${res.statusCode ?? '?'} from ${String(res.headers['x-server'] ?? 'HAProxy')}`);
          }
          resolve();
        });
        res.on('error', () => resolve());
      });
      req.on('error', (err) => {
        sent++;
        failed++;
        failures.push(err.message);
        resolve();
      });
    });
  const loops = Array.from({ length: workers }, async () => {
    while (running) await one();
  });
  return {
    async stop() {
      running = false;
      await Promise.all(loops);
      return { sent, failed, failures };
    },
  };
}

/** nginx2's current sessions in bk_app, as HAProxy reports them. */
async function scur(lab: Lab): Promise<number> {
  const row = (await lab.showStat()).find((r) => r['pxname'] === 'bk_app' && r['svname'] === 'nginx2');
  return Number(row?.['scur'] ?? 0);
}

async function withSlowRequests(): Promise<{ lab: Lab; traffic: SlowTraffic }> {
  const lab = await startLab();
  labs.push(lab);
  const traffic = slowTraffic(lab.frontendPort, 4);
  await waitFor(async () => (await scur(lab)) >= 2, { timeoutMs: 10_000, what: 'slow requests in flight on bk_app/nginx2' });
  return { lab, traffic };
}

const stopNginx2 = (lab: Lab): Promise<void> => lab.stopBackend('nginx2');

describe('F12 against F10 with slow requests in flight', () => {
  test('F12, then stopping nginx2 once hatop-ts says it is safe: not one request fails', async () => {
    const { lab, traffic } = await withSlowRequests();
    const term = await openHatop(lab, { interval: 0.5 });
    await select(term, 'bk_app/nginx2');
    term.press('f12');
    await waitScreen(term, (t) => /draining bk_app\/nginx2: \d+ sessions? left/.test(statusLine(t)) || /DRAINING/.test(t.text()), {
      timeoutMs: 5000,
      what: 'the drain in progress on screen',
    });
    await waitScreen(term, (t) => statusLine(t).includes('bk_app/nginx2 is idle and in MAINT'), { timeoutMs: 20_000, what: 'hatop-ts to say it is safe to stop' });
    assert.match(statusLine(term), /safe to stop/);
    assert.equal(await lab.statusOf('bk_app', 'nginx2'), 'MAINT');
    await waitStatusCell(term, 'bk_app/nginx2', 'MAINT');
    await stopNginx2(lab);
    // Requests keep going (to the backup, nginx1) a while after the stop.
    await waitFor(async () => (await lab.showStat()).some((r) => r['pxname'] === 'bk_app' && r['svname'] === 'nginx1' && Number(r['stot']) >= 4), {
      timeoutMs: 10_000,
      what: 'requests served by the backup after the stop',
    });
    const report = await traffic.stop();
    assert.ok(report.sent >= 4, `requests went through (${report.sent})`);
    assert.equal(report.failed, 0, `no request failed: ${report.failures.join('; ')}`);
  });

  test('F10, then stopping nginx2 at once: the requests it had in flight fail', async () => {
    const { lab, traffic } = await withSlowRequests();
    const term = await openHatop(lab, { interval: 0.5 });
    await select(term, 'bk_app/nginx2');
    term.press('f10');
    await waitStatusCell(term, 'bk_app/nginx2', 'MAINT');
    assert.ok((await scur(lab)) > 0, 'sessions still in flight on nginx2');
    await stopNginx2(lab);
    const report = await traffic.stop();
    assert.ok(report.failed > 0, `stopping a server in MAINT with requests in flight fails them (${report.sent} sent)`);
  });
});
