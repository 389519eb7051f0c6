// The screen when HAProxy goes away and comes back, when the socket's level refuses an action, and in
// read-only mode. This file restarts HAProxy, so it has a lab of its own.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Lab } from '../support/lab';
import { type KeyName, type Term } from '../support/pty';
import {
  footer,
  openHatop,
  select,
  selectedId,
  sharedLab,
  statusCell,
  statusLine,
  waitForTable,
  waitHaproxy,
  waitScreen,
  waitStatusCell,
  shownPid,
} from '../support/tui';

let lab!: Lab;
// A test that failed half-way may leave HAProxy stopped: the next one needs it.
sharedLab(
  (l) => (lab = l),
  async (l) => {
    if (l.haproxyPid() === undefined) await l.startHaproxy();
  },
);


/** F10 on bk_api/nginx2 works on whatever HAProxy runs now; puts it back afterwards. */
async function maintWorks(term: Term): Promise<void> {
  term.press('f10');
  await waitHaproxy(lab, 'bk_api/nginx2', 'MAINT');
  await waitStatusCell(term, 'bk_api/nginx2', 'MAINT');
  await lab.rawCommand('set server bk_api/nginx2 state ready');
  await waitHaproxy(lab, 'bk_api/nginx2', 'UP');
}

describe('HAProxy going away while the screen is open', () => {
  test('restarted: the screen says so and carries on with the same selection', async () => {
    const term = await openHatop(lab);
    await select(term, 'bk_api/nginx2');
    const oldPid = String(lab.haproxyPid());
    assert.equal(shownPid(term), oldPid);
    await lab.restartHaproxy();
    const newPid = String(lab.haproxyPid());
    assert.notEqual(newPid, oldPid);
    // Depending on when the restart fell between two polls, either message is right; both name the new process.
    await waitScreen(
      term,
      (t) => shownPid(t) === newPid && /HAProxy restarted or reloaded: pid \d+ -> \d+\.|Connected to HAProxy again \(pid \d+\)\./.test(statusLine(t)),
      { what: `the screen to report the restart and show PID ${newPid}` },
    );
    assert.ok(statusLine(term).includes(newPid), statusLine(term));
    assert.equal(selectedId(term), 'bk_api/nginx2');
    assert.equal(term.exited, false);
    await maintWorks(term);
  });

  test('stopped: "unreachable, retrying" on screen; started again: back by itself, same selection', async () => {
    const term = await openHatop(lab);
    await select(term, 'bk_api/nginx2');
    await lab.stopHaproxy();
    await waitScreen(term, (t) => /HAProxy unreachable for \d+s, retrying every second: /.test(statusLine(t)), { what: 'the unreachable notice' });
    assert.match(term.lines()[0] ?? '', /\[HAProxy unreachable since \d\d:\d\d:\d\d\]/);
    // It keeps trying (the notice's duration moves on) and stays open.
    await waitScreen(term, (t) => /unreachable for [1-9]\d*s/.test(statusLine(t)), { what: 'the unreachable time to grow' });
    assert.equal(term.exited, false);
    assert.equal(selectedId(term), 'bk_api/nginx2', 'the last table and the selection are kept');
    await lab.startHaproxy();
    const newPid = String(lab.haproxyPid());
    await waitScreen(term, (t) => statusLine(t).includes(`Connected to HAProxy again (pid ${newPid}).`) && shownPid(t) === newPid, {
      what: 'the screen to reconnect by itself',
    });
    assert.doesNotMatch(term.lines()[0] ?? '', /unreachable/);
    await waitForTable(term);
    assert.equal(selectedId(term), 'bk_api/nginx2');
    await maintWorks(term);
  });
});

test('an operator-level socket: F10 shows "Permission denied" in red, HAProxy unchanged', async () => {
  const term = await openHatop(lab, { socket: lab.operatorSocket });
  await select(term, 'bk_app/nginx2');
  term.press('f10');
  await waitScreen(term, (t) => statusLine(t).includes('Permission denied'), { what: 'Permission denied on the status line' });
  assert.match(statusLine(term), /HAProxy refused maintenance: bk_app\/nginx2: Permission denied/);
  const at = term.find('Permission denied');
  assert.ok(at !== undefined && at.row >= term.lines().length - 4, 'on the status line');
  const cell = term.cell(at.row, at.col);
  assert.equal(cell.fg, 1, `red (palette 1), got ${JSON.stringify(cell)}`);
  assert.equal(await lab.statusOf('bk_app', 'nginx2'), 'UP');
  assert.equal(statusCell(term, 'bk_app/nginx2'), 'UP');
  // Weights too, and the screen goes on.
  term.press('f8');
  await waitScreen(term, (t) => /HAProxy refused weight: bk_app\/nginx2 1 -> 11: Permission denied/.test(statusLine(t)), {
    what: 'the refused weight',
  });
  assert.equal(await lab.rawCommand('get weight bk_app/nginx2'), '1 (initial 1)\n\n');
  assert.equal(term.exited, false);
});

describe('read-only (-n)', () => {
  /**
   * Presses `key` on bk_app/nginx2 or nginx1, then moves to the other one and waits for that: keys are handled
   * in order, so `key` has been handled by then (and did not, say, open a confirmation that swallows keys).
   */
  async function pressThenMove(term: Term, key: KeyName): Promise<void> {
    const before = selectedId(term);
    assert.ok(before === 'bk_app/nginx2' || before === 'bk_app/nginx1', `on a server row, not ${before}`);
    term.press(key);
    term.press(before === 'bk_app/nginx2' ? 'down' : 'up');
    await waitScreen(term, (t) => selectedId(t) !== before, { timeoutMs: 3000, what: `the selection to move after ${key}` });
  }

  test('footer says READ-ONLY; F10, F2, 5, Alt-5, SPACE and ENTER do nothing', async () => {
    const term = await openHatop(lab, { args: ['-n'] });
    assert.match(footer(term), /READ-ONLY/);
    assert.doesNotMatch(footer(term), /5-CLI/);
    await select(term, 'bk_app/nginx2');
    for (const key of ['f10', 'f2', 'f11', 'f8'] as const) await pressThenMove(term, key);
    for (const key of ['5', 'alt-5', 'space', 'enter'] as const) await pressThenMove(term, key);
    // Each refused key says so on the status line (the last one was ENTER).
    assert.match(statusLine(term), /Read-only mode \(-n\): ENTER is off\./);
    // A poll after all of that (HAProxy's uptime in the header moves): anything sent before it has reached
    // HAProxy by then.
    const uptime = (t: Term): string => t.lines()[2] ?? '';
    const stamp = uptime(term);
    await waitScreen(term, (t) => uptime(t) !== stamp && /uptime/.test(uptime(t)), { what: 'the next refresh' });
    assert.doesNotMatch(footer(term), /ENTER=send/, 'no CLI view');
    assert.equal(term.find('F10  maint'), undefined, 'no hotkey menu');
    assert.equal(term.find(/^ > /), undefined, 'no CLI input line');
    assert.equal(await lab.statusOf('bk_app', 'nginx2'), 'UP');
    assert.equal(await lab.statusOf('bk_app', 'nginx1'), 'UP');
    assert.equal(await lab.statusOf('li_web', 'nginx2'), 'UP');
    for (const id of ['bk_app/nginx2', 'bk_app/nginx1']) assert.equal(await lab.rawCommand(`get weight ${id}`), '1 (initial 1)\n\n');
    assert.equal(term.exited, false);
  });
});
