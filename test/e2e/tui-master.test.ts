// The screen on the master CLI socket of a master-worker HAProxy (`-W -S`, as systemd runs it): it reads the
// current worker through the master, follows 20 reloads in a row with traffic flowing (each new worker's pid in
// the header, the selection kept, no request failed), and reloads HAProxy itself with R once confirmed.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startLab, type Lab } from '../support/lab';
import { killAll } from '../support/pty';
import { runTraffic } from '../support/traffic';
import { openHatop, select, selectedId, statusLine, waitScreen, shownPid } from '../support/tui';

const RELOADS = 20;

let lab!: Lab;
before(async () => {
  lab = await startLab({ masterWorker: true });
});
after(async () => {
  await killAll();
  await lab?.stop();
});

const masterSocket = (): string => {
  assert.ok(lab.masterSocket !== undefined);
  return lab.masterSocket;
};

describe('the screen on the master CLI socket', () => {
  test(`follows ${RELOADS} reloads in a row under traffic: each new worker shown, selection kept, no failed request`, async () => {
    // Traffic to bk_app, the zero-downtime pair (nginx2, backup nginx1): what a reload must not break. (bk_static's
    // `balance source` over a server that is always DOWN answers 503 whenever its one healthy server misses two
    // checks, as it can on a loaded machine: that would be the lab's health, not the reloads'.)
    const traffic = runTraffic([{ route: 'fe_main /', port: lab.frontendPort, path: '/' }], 20);
    const term = await openHatop(lab, { socket: masterSocket(), interval: 0.5 });
    await select(term, 'bk_app/nginx2');
    const first = (await lab.showProc()).workers[0];
    await waitScreen(term, (t) => shownPid(t) === String(first), { timeoutMs: 5000, what: `PID: ${first} in the header` });
    assert.match(term.text(), new RegExp(`master ${(await lab.showProc()).master}`), 'the master pid in the header');
    for (let i = 0; i < RELOADS; i++) {
      const worker = await lab.reload();
      await waitScreen(term, (t) => shownPid(t) === String(worker), { timeoutMs: 10_000, what: `reload ${i + 1}: PID: ${worker} in the header` });
      assert.equal(selectedId(term), 'bk_app/nginx2', `the selection survived reload ${i + 1}\n${term.text()}`);
    }
    const report = await traffic.stop();
    assert.ok(report.sent > 0, 'traffic went through');
    assert.equal(report.failed, 0, `no request failed: ${report.failures.join('; ')}`);
    assert.equal(term.exited, false);
  });

  test('R asks first, sends reload on the master socket and says what show proc lists afterwards', async () => {
    const term = await openHatop(lab, { socket: masterSocket(), interval: 1 });
    const before = (await lab.showProc()).workers[0];
    term.press('R');
    await waitScreen(term, 'This sends 1 command:', { timeoutMs: 5000, what: 'the confirmation of R' });
    assert.ok(term.find(/reload HAProxy .*master\.sock through its master CLI\?/), term.text());
    term.press('n');
    await waitScreen(term, (t) => statusLine(t).includes('Cancelled: reload HAProxy'), { timeoutMs: 5000, what: 'the cancellation' });
    assert.equal((await lab.showProc()).workers[0], before, 'nothing was reloaded');

    term.press('R');
    await waitScreen(term, 'This sends 1 command:', { timeoutMs: 5000, what: 'the confirmation of R' });
    term.press('y');
    await waitScreen(term, (t) => /Reloaded .*master\.sock: worker \d+ -> \d+/.test(statusLine(t)), { timeoutMs: 20_000, what: 'the reload reported from show proc' });
    const now = (await lab.showProc()).workers[0];
    assert.notEqual(now, before);
    assert.match(statusLine(term), new RegExp(`worker ${before} -> ${now}`));
    await waitScreen(term, (t) => shownPid(t) === String(now), { timeoutMs: 10_000, what: `PID: ${now} in the header` });
  });

  test("R on a worker's stats socket says it needs the master socket and sends nothing", async () => {
    const term = await openHatop(lab, { interval: 1 });
    const before = (await lab.showProc()).workers[0];
    term.press('R');
    await waitScreen(term, (t) => statusLine(t).includes("is a worker's stats socket: reloading needs HAProxy's master CLI socket"), { timeoutMs: 5000, what: 'the refusal' });
    assert.equal((await lab.showProc()).workers[0], before);
  });
});
