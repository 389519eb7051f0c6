// The trust defects, end to end against a real HAProxy under a real pty: a configured description full of
// escape sequences, a server named BACKEND, a selected server deleted at run time, F2 under -f, `user` typed
// in the CLI view, keys on the too-small screen. This lab has a config of its own (extra global and backend).
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startLab, type Lab } from '../support/lab';
import { killAll, spawnHatop } from '../support/pty';
import { footer, openHatop, select, statusLine, waitHaproxy, waitScreen } from '../support/tui';

const EXTRA = `global
  description "\\x1b[41mDESC\\x1b]0;pwned\\x07 \\x1b[2J"

backend bk_odd
  server BACKEND 127.0.0.1:9
  server odd1 127.0.0.1:9
`;

let lab!: Lab;
before(async () => {
  lab = await startLab({ extraConfig: EXTRA });
});
after(async () => {
  await killAll();
  await lab.stop();
});
afterEach(async () => {
  await killAll();
  await lab.rawCommand('set server bk_odd/BACKEND state ready; set server bk_odd/odd1 state ready; set server bk_app/nginx2 state ready');
});

describe('trust, against a real HAProxy', () => {
  test('a description with escape sequences is shown as text, and nothing on screen turns red', async () => {
    const term = await openHatop(lab);
    await waitScreen(term, '^[[41mDESC^[]0;pwned^G ^[[2J', { what: 'the description in caret notation' });
    const at = term.find('DESC');
    assert.ok(at !== undefined);
    // The attack painted a red background (palette 1) from DESC onwards: no cell may have it.
    for (let row = 0; row < term.lines().length; row++) {
      for (let col = 0; col < 120; col++) assert.notEqual(term.cell(row, col).bg, 1, `cell ${row},${col} is red:\n${term.text()}`);
    }
    assert.doesNotMatch(term.output(), /\x1b\]0;pwned/, 'the window title sequence reached the terminal');
  });

  test('a server named BACKEND is its own row, selectable, and F10 acts on that server', async () => {
    const term = await openHatop(lab);
    term.press('end');
    await waitScreen(term, (t) => footer(t).includes('[bk_odd/BACKEND]'), { what: 'the BACKEND row of bk_odd selected' });
    term.press('up', 'up');
    await waitScreen(term, (t) => footer(t).includes('[bk_odd/BACKEND (server)]'), { what: 'the server called BACKEND selected' });
    term.press('f10');
    await waitHaproxy(lab, 'bk_odd/BACKEND', 'MAINT');
  });

  test('a selected server deleted at run time: the status line says so and F10 sends nothing', async () => {
    await lab.rawCommand('add server bk_odd/tmp1 127.0.0.1:9');
    const term = await openHatop(lab, { interval: 0.5 });
    term.press('end');
    await waitScreen(term, (t) => footer(t).includes('[bk_odd/BACKEND]'), { what: 'the last row selected' });
    term.press('up');
    await waitScreen(term, (t) => footer(t).includes('[bk_odd/tmp1]'), { what: 'tmp1 selected' });
    await lab.rawCommand('del server bk_odd/tmp1');
    await waitScreen(term, (t) => footer(t).includes('[gone: bk_odd/tmp1]') && /bk_odd\/tmp1 is gone/.test(statusLine(t)), { what: 'the loss reported' });
    term.press('f10');
    await waitScreen(term, (t) => /no longer reported by HAProxy/.test(statusLine(t)), { what: 'F10 refused' });
    assert.equal(await lab.statusOf('bk_odd', 'odd1'), 'no check', 'the neighbour the cursor rests on was not touched');
  });

  test('F2 under -f still lists every backend with the server, from show servers state', async () => {
    const rows = await lab.showStat();
    const iid = rows.find((r) => r['pxname'] === 'bk_app' && r['svname'] === 'BACKEND')?.['iid'];
    assert.ok(iid !== undefined);
    const term = spawnHatop(['-s', lab.adminSocket, '-i', '1', '-f', `${iid} -1 -1`], { cols: 120, rows: 40 });
    await waitScreen(term, (t) => footer(t).includes('[bk_app/'), { what: 'bk_app alone on screen' });
    await select(term, 'bk_app/nginx2');
    term.press('f2');
    await waitScreen(term, /maintenance: nginx2 in 3 backends\?/, { what: 'the F2 confirmation' });
    for (const id of ['bk_app/nginx2', 'bk_api/nginx2', 'li_web/nginx2']) assert.ok(term.find(`set server ${id} state maint`), term.text());
    term.press('n');
    await waitScreen(term, /Cancelled: maintenance: nginx2 in 3 backends/);
  });

  test('`user` typed in the CLI view leaves the hotkeys working', async () => {
    const term = await openHatop(lab);
    term.press('5');
    await waitScreen(term, (t) => footer(t).includes('ENTER=send'), { what: 'the CLI view' });
    term.type('user; show cli level');
    term.press('enter');
    await waitScreen(term, /On a separate session, closed afterwards/);
    await waitScreen(term, (t) => t.lines().some((l) => l.trim() === 'user'), { what: '`show cli level` answering user' });
    term.press('escape');
    await waitScreen(term, (t) => footer(t).includes('['), { what: 'back to the table' });
    await select(term, 'bk_app/nginx2');
    term.press('f10');
    await waitHaproxy(lab, 'bk_app/nginx2', 'MAINT');
  });

  test('on the too-small screen, F2, y, F10 and DOWN change nothing; back at full size all is as it was', async () => {
    const term = await openHatop(lab);
    await select(term, 'bk_app/nginx2');
    term.resize(40, 5);
    await waitScreen(term, /Too small \(40x5\)/);
    term.press('down', 'f2', 'y', 'f10', 'f9');
    term.resize(120, 40);
    await waitScreen(term, (t) => footer(t).includes('[bk_app/nginx2]'), { what: 'the same selection at full size' });
    // UP, whatever the last health check said (a slow one reads `UP 1/2`): not put in maintenance.
    assert.match(await lab.statusOf('bk_app', 'nginx2') ?? '', /^UP\b/);
    assert.doesNotMatch(term.text(), /\? *$|maintenance: nginx2 in 3 backends\?/m);
  });
});
