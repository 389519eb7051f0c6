// The classic zero-downtime switch, done from the screen under live traffic: bk_app/nginx2 to maintenance
// (F10), the backup nginx1 serves `/` meanwhile, nginx2 back (F9), and not one request fails on the way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Lab } from '../support/lab';
import {
  openHatop,
  select,
  sharedLab,
  statusCell,
  statusLine,
  waitHaproxy,
  waitScreen,
  waitStatusCell,
} from '../support/tui';
import { waitFor } from '../support/wait';

let lab!: Lab;
sharedLab((l) => (lab = l));

/** Answers to `GET /` through fe_main (bk_app) from one server so far. */
const servedRoot = (server: string): number => lab.trafficSoFar().byRoute['fe_main /']?.[server] ?? 0;

async function moreServedBy(server: string, atLeast: number, what: string): Promise<void> {
  const from = servedRoot(server);
  await waitFor(() => servedRoot(server) >= from + atLeast, {
    timeoutMs: 10_000,
    what: `${atLeast} more answers to / from ${server} ${what}`,
  });
}

test('F10 then F9 on bk_app/nginx2 under traffic: the backup serves meanwhile, no request fails', async () => {
  lab.startTraffic({ ratePerSec: 40 });
  const term = await openHatop(lab);
  await select(term, 'bk_app/nginx2');
  assert.equal(statusCell(term, 'bk_app/nginx2'), 'UP');
  await moreServedBy('nginx2', 3, 'before the switch');
  assert.equal(servedRoot('nginx1'), 0, 'the backup serves nothing while nginx2 is UP');

  term.press('f10');
  await waitScreen(term, (t) => statusLine(t).includes('Done: maintenance: bk_app/nginx2.'), { what: 'the F10 notice' });
  await waitHaproxy(lab, 'bk_app/nginx2', 'MAINT');
  await waitStatusCell(term, 'bk_app/nginx2', 'MAINT');
  assert.equal(statusCell(term, 'bk_app/nginx1'), 'UP', 'the backup stays UP');

  // Requests already sent to nginx2 may still finish; after that, the backup serves every `/`.
  await moreServedBy('nginx1', 5, 'while nginx2 is in maintenance');
  const nginx2During = servedRoot('nginx2');
  await moreServedBy('nginx1', 10, 'while nginx2 is in maintenance');
  assert.equal(servedRoot('nginx2'), nginx2During, 'nginx2 served / while in maintenance');
  assert.equal(await lab.statusOf('bk_app', 'nginx2'), 'MAINT');

  assert.equal(term.find('[bk_app/nginx2]')?.row, term.lines().length - 1, 'the footer still names the selection');
  term.press('f9');
  await waitScreen(term, (t) => statusLine(t).includes('Done: ready: bk_app/nginx2.'), { what: 'the F9 notice' });
  await waitHaproxy(lab, 'bk_app/nginx2', 'UP');
  await waitStatusCell(term, 'bk_app/nginx2', 'UP');
  await moreServedBy('nginx2', 5, 'after F9');

  const report = await lab.stopTraffic();
  assert.ok(report.sent > 50, `enough traffic went through the switch (sent ${report.sent})`);
  assert.equal(report.failed, 0, `failed requests: ${report.failures.join('; ')}`);
  assert.equal(term.exited, false);
});
