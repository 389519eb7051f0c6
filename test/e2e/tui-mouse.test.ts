// The mouse and the clipboard on the real screen: xterm SGR mouse reports written to the pty (clicks on rows and
// footer tabs, the wheel), `y` and its OSC 52 sequence in the raw output, popups a click cannot answer, and
// --no-mouse, under which the terminal is never asked for mouse reports.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Lab } from '../support/lab';
import type { KeyName, Term } from '../support/pty';
import { findRow, footer, NGINX2, openHatop, select, selectedId, sharedLab, statusLine, waitScreen } from '../support/tui';

let lab!: Lab;
sharedLab((l) => (lab = l));

// No tmux around the program: its clipboard sequence is then the plain OSC 52 alone.
const ENV = { TMUX: '' };

const tableHeader = (term: Term): string => term.lines().find((l) => /^ NAME\s/.test(l)) ?? '';
const hasColumn = (term: Term, name: string): boolean => new RegExp(`\\s${name}(\\s|$)`).test(tableHeader(term));

/** The 0-based screen row of a service, asserted to be on screen. */
function rowOf(term: Term, id: string): number {
  const [proxy = '', name = ''] = id.split('/');
  const row = findRow(term, proxy, name);
  assert.ok(row !== undefined, `${id} on screen\n${term.text()}`);
  return row;
}

/** The 0-based row and column of a text on screen, asserted to be there. */
function at(term: Term, text: string | RegExp): { row: number; col: number } {
  const found = term.find(text);
  assert.ok(found !== undefined, `${String(text)} on screen\n${term.text()}`);
  return found;
}

/** The footer's tab of a view, e.g. `3-HTTP`: its first column. */
function tabColumn(term: Term, tab: string): number {
  const col = footer(term).indexOf(tab);
  assert.ok(col >= 0, `${tab} in the footer "${footer(term)}"`);
  return col;
}

/**
 * Presses an idempotent key until its effect shows. blessed drops every key of a read that also holds a mouse
 * report, so a key written right after a click may be lost with it; pressed again, it arrives alone. What the
 * mouse did before is then on screen, the input being read in order.
 */
async function pressUntil(term: Term, key: KeyName, done: (t: Term) => boolean, what: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    term.press(key);
    try {
      await waitScreen(term, done, { timeoutMs: 1500, what });
      return;
    } catch (err) {
      if (attempt === 5) throw err;
    }
  }
}

describe('the mouse', () => {
  test('a click on a service row selects it; a click on a title, blank or header line does not', async () => {
    const term = await openHatop(lab, { env: ENV });
    const out = term.output();
    assert.ok(out.includes('\x1b[?1000h') && out.includes('\x1b[?1006h'), 'button reports asked for, in SGR');
    assert.ok(!out.includes('\x1b[?1002h') && !out.includes('\x1b[?1003h'), 'no motion reports asked for');
    term.click(5, rowOf(term, 'li_web/nginx2'));
    await waitScreen(term, (t) => selectedId(t) === 'li_web/nginx2', { timeoutMs: 3000, what: 'the click to select li_web/nginx2' });
    // A click in another column of a row selects it too.
    term.click(40, rowOf(term, 'bk_api/api2'));
    await waitScreen(term, (t) => selectedId(t) === 'bk_api/api2', { timeoutMs: 3000, what: 'the click to select bk_api/api2' });
    const title = at(term, ' >>> bk_static').row;
    term.click(5, title);
    term.click(5, title - 1); // the blank line above it
    term.click(5, at(term, /^ NAME /).row);
    term.click(5, 0); // the top bar
    // The tab click comes after them in the same input: once it shows, they have been handled.
    term.click(tabColumn(term, '2-TRAFFIC') + 1, term.lines().length - 1);
    await waitScreen(term, (t) => hasColumn(t, 'LBTOT'), { timeoutMs: 3000, what: 'the click on 2-TRAFFIC' });
    assert.equal(selectedId(term), 'bk_api/api2', 'clicks off the service rows changed nothing');
  });

  test('a click on a footer tab switches views: 3-HTTP, then 5-CLI and 1-STATUS back from it; keys still work', async () => {
    const term = await openHatop(lab, { env: ENV });
    const bottom = term.lines().length - 1;
    term.click(tabColumn(term, '3-HTTP') + 2, bottom);
    await waitScreen(term, (t) => hasColumn(t, '1xx') && !hasColumn(t, 'SCUR'), { timeoutMs: 3000, what: 'the HTTP view' });
    term.click(tabColumn(term, '5-CLI'), bottom);
    await waitScreen(term, (t) => footer(t).includes('ENTER=send') && tableHeader(t) === '', { timeoutMs: 3000, what: 'the CLI view' });
    // In the CLI view the other views' tabs are their numbers, so that its keys stay in sight: ` 1 ` comes first.
    assert.match(footer(term), /^ 1  2 /);
    term.click(1, bottom);
    await waitScreen(term, (t) => hasColumn(t, 'SCUR'), { timeoutMs: 3000, what: 'the STATUS view' });
    term.press('4');
    await waitScreen(term, (t) => hasColumn(t, 'ECONN'), { timeoutMs: 3000, what: '4 after the clicks' });
  });

  test('the wheel moves the selection three services; in the CLI view it scrolls the output', async () => {
    const term = await openHatop(lab, { env: ENV });
    await select(term, 'fe_main/FRONTEND');
    const over = rowOf(term, 'bk_api/api1');
    term.wheel('down', 10, over);
    // fe_main/FRONTEND, then bk_app's nginx2, nginx1 and BACKEND: title and blank lines are not counted.
    await waitScreen(term, (t) => selectedId(t) === 'bk_app/BACKEND', { timeoutMs: 3000, what: 'the wheel down to bk_app/BACKEND' });
    term.wheel('down', 10, over);
    await waitScreen(term, (t) => selectedId(t) === 'bk_api/nginx2', { timeoutMs: 3000, what: 'the wheel down to bk_api/nginx2' });
    term.wheel('up', 10, over);
    term.wheel('up', 10, over);
    await waitScreen(term, (t) => selectedId(t) === 'fe_main/FRONTEND', { timeoutMs: 3000, what: 'two notches up, back to fe_main/FRONTEND' });

    term.press('5');
    await waitScreen(term, (t) => footer(t).includes('ENTER=send'), { timeoutMs: 3000, what: 'the CLI view' });
    term.type('help');
    term.press('enter');
    // HAProxy's help is longer than the screen: its end shows, above the empty input line.
    await waitScreen(term, (t) => t.find(/^ +quit +: disconnect$/) !== undefined && t.find(/^ >$/) !== undefined, {
      timeoutMs: 5000,
      what: "the end of HAProxy's help",
    });
    const input = at(term, /^ >$/).row;
    const lastOutput = (t: Term): string => t.lines()[input - 1] ?? '';
    const newest = lastOutput(term);
    term.wheel('up', 10, 10);
    await waitScreen(term, (t) => lastOutput(t) !== newest, { timeoutMs: 3000, what: 'the wheel up to scroll the output back' });
    const back = term.lines().slice(0, input);
    term.wheel('up', 10, 10);
    await waitScreen(term, (t) => t.lines().slice(0, input).join('\n') !== back.join('\n'), { timeoutMs: 3000, what: 'a second notch further back' });
    term.wheel('down', 10, 10);
    term.wheel('down', 10, 10);
    await waitScreen(term, (t) => lastOutput(t) === newest, { timeoutMs: 3000, what: 'the wheel down to the newest output' });
  });

  test('y copies the selection with OSC 52 (not drawn) and says so on the status line', async () => {
    const term = await openHatop(lab, { env: ENV });
    term.click(5, rowOf(term, 'li_web/nginx2'));
    await waitScreen(term, (t) => selectedId(t) === 'li_web/nginx2', { timeoutMs: 3000, what: 'the click on li_web/nginx2' });
    term.press('y');
    await waitScreen(term, (t) => statusLine(t).includes('Copied li_web/nginx2 to the clipboard (OSC 52).'), { timeoutMs: 3000, what: 'the copy message' });
    const osc = `\x1b]52;c;${Buffer.from('li_web/nginx2').toString('base64')}\x07`;
    assert.equal(Buffer.from('li_web/nginx2').toString('base64'), 'bGlfd2ViL25naW54Mg==');
    assert.equal(term.output().split(osc).length - 1, 1, 'the sequence, once');
    assert.ok(!term.output().includes('\x1bPtmux;'), 'no tmux passthrough outside tmux');
    assert.ok(term.find('52;c;') === undefined && term.find('bGlfd2Vi') === undefined, 'nothing of it on the screen');
  });

  test('a click never answers a confirmation; in the ENTER menu it only highlights; outside the menu it closes it', async () => {
    const term = await openHatop(lab, { env: ENV });
    await select(term, 'bk_app/nginx2');
    term.press('f2');
    await waitScreen(term, 'This sends 3 commands', { timeoutMs: 5000, what: 'the F2 confirmation' });
    const yes = at(term, 'y: do it');
    term.click(yes.col + 1, yes.row);
    term.click(5, rowOf(term, 'bk_api/api1'));
    term.click(tabColumn(term, '3-HTTP') + 1, term.lines().length - 1);
    term.wheel('down', 10, 10);
    await pressUntil(term, 'n', (t) => t.find('This sends') === undefined, 'n to cancel the confirmation');
    assert.equal(selectedId(term), 'bk_app/nginx2', 'the clicks under the confirmation selected nothing');
    assert.ok(hasColumn(term, 'SCUR'), 'nor switched the view');
    for (const id of NGINX2) assert.equal(await lab.statusOf(id.split('/')[0] ?? '', id.split('/')[1] ?? ''), 'UP', `${id} untouched`);

    term.press('enter');
    await waitScreen(term, 'F10  m  maint', { timeoutMs: 3000, what: 'the hotkey menu' });
    const maint = at(term, 'F10  m  maint');
    term.click(maint.col + 2, maint.row);
    await waitScreen(term, (t) => t.cell(maint.row, maint.col).inverse, { timeoutMs: 3000, what: 'the click to highlight F10' });
    assert.equal(await lab.statusOf('bk_app', 'nginx2'), 'UP', 'highlighted, not run');
    term.click(5, 0); // outside the menu
    await waitScreen(term, (t) => t.find('F10  m  maint') === undefined, { timeoutMs: 3000, what: 'the click outside to close the menu' });
    assert.equal(selectedId(term), 'bk_app/nginx2');
    assert.equal(await lab.statusOf('bk_app', 'nginx2'), 'UP');
  });

  test('quitting switches the mouse reports off again', async () => {
    const term = await openHatop(lab, { env: ENV });
    term.press('q');
    assert.deepEqual(await term.waitForExit(5000), { exitCode: 0 });
    const out = term.output();
    for (const mode of ['1000', '1006']) {
      assert.ok(out.lastIndexOf(`\x1b[?${mode}l`) > out.lastIndexOf(`\x1b[?${mode}h`), `?${mode} reset after it was set`);
    }
  });
});

describe('--no-mouse', () => {
  test('the terminal is never asked for mouse reports, and clicks and the wheel change nothing', async () => {
    const term = await openHatop(lab, { env: ENV, args: ['--no-mouse'] });
    for (const mode of ['1000', '1002', '1003', '1006']) assert.ok(!term.output().includes(`\x1b[?${mode}h`), `no ?${mode}h`);
    const bottom = term.lines().length - 1;
    // A click on a tab, then END (idempotent): the view must still be STATUS.
    term.click(tabColumn(term, '3-HTTP') + 1, bottom);
    await pressUntil(term, 'end', (t) => selectedId(t) === 'li_web/BACKEND', 'END to select the last service');
    assert.ok(hasColumn(term, 'SCUR') && !hasColumn(term, '1xx'), `the click on 3-HTTP did nothing\n${term.text()}`);
    // A click on a row and the wheel, then 4 (idempotent): the selection must still be the last service.
    term.click(5, rowOf(term, 'bk_app/nginx2'));
    term.wheel('up', 5, 10);
    await pressUntil(term, '4', (t) => hasColumn(t, 'ECONN'), '4 for the ERRORS view');
    assert.equal(selectedId(term), 'li_web/BACKEND', 'the click and the wheel did nothing');
    term.press('y');
    await waitScreen(term, (t) => statusLine(t).includes('Copied li_web/BACKEND to the clipboard (OSC 52).'), { timeoutMs: 3000, what: 'y without the mouse' });
  });
});
