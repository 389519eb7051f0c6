// The history pane (`g`) on the real screen, with real traffic, and across a restart of HAProxy. This file
// restarts HAProxy, so it has a lab of its own.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Lab } from '../support/lab';
import type { Term } from '../support/pty';
import { openHatop, select, sharedLab, waitScreen, shownPid } from '../support/tui';

let lab!: Lab;
sharedLab(
  (l) => (lab = l),
  async (l) => {
    await l.stopTraffic();
    if (l.haproxyPid() === undefined) await l.startHaproxy();
  },
);

/** A number as the pane prints it (`12`, `2.5`, `1.2k`). */
function parse(text: string): number {
  const m = /^(-?[\d.]+)([kM]?)$/.exec(text);
  if (m === null) return Number.NaN;
  return Number(m[1]) * (m[2] === 'k' ? 1e3 : m[2] === 'M' ? 1e6 : 1);
}

/** A series of the pane, from its title in its box (`requests/s 12, min 0, max 20:`), or undefined when not on screen. */
function series(term: Term, label: string): { now: number; max: number; text: string } | undefined {
  const title = new RegExp(`(?:^|[^\\w/])${label.replace('/', '\\/')} (\\S+), min \\S+, max (\\S+?):`);
  for (const line of term.lines()) {
    const m = title.exec(line);
    if (m !== null) return { now: parse(m[1] ?? ''), max: parse(m[2] ?? ''), text: line };
  }
  return undefined;
}

const points = (term: Term): number => Number(/History of .*\((\d+) points/.exec(term.text())?.[1] ?? 0);

describe('the history pane', () => {
  test('g on fe_main: a non-zero request rate with its value; g and ESC close; a restart makes no spike', async () => {
    lab.startTraffic({ ratePerSec: 20 });
    const term = await openHatop(lab);
    await select(term, 'fe_main/FRONTEND');
    term.type('g');
    await waitScreen(term, (t) => /History of fe_main\/FRONTEND \(\d+ points/.test(t.text()), { what: 'the pane titled with the service' });
    await waitScreen(term, (t) => (series(t, 'requests/s')?.now ?? 0) > 0, { timeoutMs: 15_000, what: 'a non-zero request rate' });
    for (const label of ['sessions/s', 'requests/s', '5xx/s', 'sessions', 'queue', 'resp ms', 'total ms']) {
      assert.ok(series(term, label) !== undefined, `${label} is shown\n${term.text()}`);
    }

    term.type('g');
    await waitScreen(term, (t) => !t.text().includes('History of'), { what: 'g to close the pane' });
    term.type('g');
    await waitScreen(term, (t) => t.text().includes('History of fe_main/FRONTEND'), { what: 'g to open it again' });

    const oldPid = shownPid(term);
    const before = points(term);
    await lab.restartHaproxy();
    const newPid = String(lab.haproxyPid());
    assert.notEqual(newPid, oldPid);
    await waitScreen(term, (t) => shownPid(t) === newPid && points(t) >= before + 4, { timeoutMs: 20_000, what: 'points from the new HAProxy' });
    await waitScreen(term, (t) => (series(t, 'requests/s')?.now ?? 0) > 0, { timeoutMs: 15_000, what: 'requests again after the restart' });
    const pane = term.lines().join('\n');
    assert.doesNotMatch(pane, /\s-\d/, `no negative value\n${pane}`);
    // 20 requests a second: a counter restarting from 0 read as a delta would be far above this.
    for (const label of ['sessions/s', 'requests/s', '5xx/s']) {
      const s = series(term, label);
      assert.ok(s !== undefined && s.max <= 100, `${label}: no spike (${s?.text ?? 'not shown'})\n${pane}`);
    }

    term.press('escape');
    await waitScreen(term, (t) => !t.text().includes('History of'), { what: 'ESC to close the pane' });
    assert.equal(term.exited, false);
  });
});
