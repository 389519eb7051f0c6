// The selection is a service, not a screen row: servers added or deleted above it at run time shift the rows,
// and a hotkey still hits exactly the service the footer names. Also the moving keys. This file changes the
// lab's servers (add/del server), so it has a lab of its own.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Lab } from '../support/lab';
import { spawnHatop, type Term } from '../support/pty';
import {
  findRow,
  openHatop,
  select,
  selectedId,
  sharedLab,
  statusCell,
  statusLine,
  waitHaproxy,
  waitScreen,
  waitStatusCell,
} from '../support/tui';

let lab!: Lab;
sharedLab((l) => (lab = l));

/** The table row drawn in inverse (the highlight), as its first word, or undefined. */
function highlighted(term: Term): string | undefined {
  const lines = term.lines();
  for (let row = 1; row < lines.length - 2; row++) {
    const line = lines[row] ?? '';
    if (/^ NAME\s/.test(line) || line.trim() === '') continue;
    if (term.cell(row, 1).inverse && term.cell(row, 0).inverse) return line.trim().split(/\s+/)[0];
  }
  return undefined;
}

type MoveKey = 'home' | 'end' | 'pagedown' | 'pageup' | 'up' | 'down' | 'j' | 'k';

async function pressAndSee(term: Term, key: MoveKey, id: string): Promise<void> {
  term.press(key);
  await waitScreen(term, (t) => selectedId(t) === id, { timeoutMs: 3000, what: `${key} to select ${id}` });
  // The highlighted row on screen is the service the footer names.
  assert.equal(highlighted(term), id.split('/')[1], `the highlight after ${key}\n${term.text()}`);
}

test('HOME, END, PGDOWN, PGUP, UP/DOWN and j/k move the selection (120x16: one page is 9 services)', async () => {
  // 16 rows: top bar, 2 header lines, table header + 10 body rows, status line, footer; a page keeps 1 row of context.
  const term = spawnHatop(['-s', lab.adminSocket, '-i', '1'], { cols: 120, rows: 16 });
  await waitScreen(term, (t) => selectedId(t) !== undefined && t.find('>>> bk_app') !== undefined, { what: 'the table' });
  assert.equal(selectedId(term), 'fe_main/FRONTEND', 'the first service is selected at start');
  await pressAndSee(term, 'end', 'li_web/BACKEND');
  await pressAndSee(term, 'home', 'fe_main/FRONTEND');
  // The 17 services in order: fe_main/FRONTEND, bk_app x3, bk_api x4, bk_static x4, li_web x5.
  await pressAndSee(term, 'pagedown', 'bk_static/nginx1');
  await pressAndSee(term, 'pagedown', 'li_web/BACKEND');
  await pressAndSee(term, 'pageup', 'bk_api/BACKEND');
  await pressAndSee(term, 'up', 'bk_api/nginx2');
  await pressAndSee(term, 'k', 'bk_api/api2');
  await pressAndSee(term, 'j', 'bk_api/nginx2');
  await pressAndSee(term, 'down', 'bk_api/BACKEND');
  await pressAndSee(term, 'pageup', 'fe_main/FRONTEND');
  assert.equal(term.exited, false);
});

/** Every service's status on HAProxy's side, keyed "pxname/svname". */
async function allStatuses(): Promise<Map<string, string>> {
  return new Map((await lab.showStat()).map((r) => [`${r['pxname']}/${r['svname']}`, r['status'] ?? '']));
}

/** F10 on the current selection; waits for HAProxy and the screen, and checks that nothing else changed. */
async function maintExactly(term: Term, id: string): Promise<void> {
  const before = await allStatuses();
  term.press('f10');
  await waitScreen(term, (t) => statusLine(t).includes(`Done: maintenance: ${id}.`), { what: `the F10 notice for ${id}` });
  await waitHaproxy(lab, id, 'MAINT');
  await waitStatusCell(term, id, 'MAINT');
  assert.equal(selectedId(term), id, 'the footer still names the selection');
  const after = await allStatuses();
  assert.equal(after.get(id), 'MAINT');
  for (const [key, was] of before) {
    if (key !== id) assert.equal(after.get(key), was, `${key} must not change (was ${was})`);
  }
  await lab.rawCommand(`set server ${id} state ready`);
  await waitHaproxy(lab, id, 'UP');
}

describe('a hotkey after rows shifted under the selection', () => {
  test('a server added above (bk_app/extra, in MAINT): F10 still hits bk_api/nginx2', async () => {
    const term = await openHatop(lab);
    await select(term, 'bk_api/nginx2');
    const rowBefore = findRow(term, 'bk_api', 'nginx2');
    const port = lab.backends.get('web1')?.port;
    assert.ok(port && rowBefore);
    assert.match(await lab.rawCommand(`add server bk_app/extra 127.0.0.1:${port}`), /New server registered/);
    await waitScreen(term, (t) => findRow(t, 'bk_app', 'extra') !== undefined, { what: 'the new server bk_app/extra on screen' });
    assert.equal(statusCell(term, 'bk_app/extra'), 'MAINT');
    assert.equal(findRow(term, 'bk_api', 'nginx2'), rowBefore + 1, 'the selected row moved down by one');
    assert.equal(selectedId(term), 'bk_api/nginx2');
    await maintExactly(term, 'bk_api/nginx2');
  });

  test('a server deleted above (bk_api/api1): F10 still hits bk_api/nginx2', async () => {
    const term = await openHatop(lab);
    await select(term, 'bk_api/nginx2');
    const rowBefore = findRow(term, 'bk_api', 'nginx2');
    assert.ok(rowBefore);
    assert.equal(await lab.rawCommand('set server bk_api/api1 state maint'), '\n');
    assert.match(await lab.rawCommand('del server bk_api/api1'), /Server deleted/);
    await waitScreen(term, (t) => findRow(t, 'bk_api', 'api1') === undefined, { what: 'bk_api/api1 to leave the screen' });
    assert.equal(findRow(term, 'bk_api', 'nginx2'), rowBefore - 1, 'the selected row moved up by one');
    assert.equal(selectedId(term), 'bk_api/nginx2');
    await maintExactly(term, 'bk_api/nginx2');
  });

  test('the selected server itself deleted: the footer says it is gone, F10 acts on nothing until a service is selected', async () => {
    const port = lab.backends.get('web2')?.port;
    assert.ok(port);
    assert.match(await lab.rawCommand(`add server li_web/doomed 127.0.0.1:${port}`), /New server registered/);
    const term = await openHatop(lab);
    await select(term, 'li_web/doomed');
    assert.equal(await lab.rawCommand('del server li_web/doomed'), 'Server deleted.\n');
    await waitScreen(term, (t) => findRow(t, 'li_web', 'doomed') === undefined && selectedId(t) === 'gone: li_web/doomed', {
      what: 'li_web/doomed to leave the screen and the footer to say it is gone',
    });
    assert.match(statusLine(term), /li_web\/doomed is gone/);
    term.press('f10');
    await waitScreen(term, (t) => statusLine(t).includes('no longer reported by HAProxy'), { what: 'F10 refused' });
    assert.equal(await lab.statusOf('li_web', 'BACKEND'), 'UP');
    assert.equal(await lab.statusOf('li_web', 'nginx2'), 'UP', 'the neighbour above was not touched either');
    // Moving selects a service again, and the hotkeys act on what the footer names.
    term.press('up');
    await waitScreen(term, (t) => selectedId(t) === 'li_web/nginx2', { what: 'li_web/nginx2 selected by UP' });
    term.press('f10');
    await waitHaproxy(lab, 'li_web/nginx2', 'MAINT');
    await lab.rawCommand('set server li_web/nginx2 state ready');
  });
});
