// The screen as a terminal program: leaving it (q, Ctrl-C, SIGTERM) restores the terminal, resizes redraw,
// NO_COLOR gives a monochrome screen that still marks DOWN, and the view keys (help, modes, TAB, menu).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Lab } from '../support/lab';
import { spawnHatop, type KeyName, type Term } from '../support/pty';
import {
  cellText,
  columnSpan,
  findRow,
  footer,
  openHatop,
  select,
  selectedId,
  sharedLab,
  statusCell,
  waitForTable,
  waitScreen,
} from '../support/tui';

let lab!: Lab;
sharedLab((l) => (lab = l));

/** The raw output ends by leaving the alternate screen, with the cursor shown again after the last hide. */
function assertRestored(term: Term): void {
  const out = term.output();
  const enter = out.lastIndexOf('\x1b[?1049h');
  const leave = out.lastIndexOf('\x1b[?1049l');
  assert.ok(enter >= 0, 'the screen used the alternate screen');
  assert.ok(leave > enter, 'the alternate screen was left after it was last entered');
  assert.ok(out.lastIndexOf('\x1b[?25h') > out.lastIndexOf('\x1b[?25l'), 'the cursor is shown again');
  // Nothing is drawn after leaving: the user's shell screen comes back untouched.
  assert.match(out.slice(leave + '\x1b[?1049l'.length), /^(\x1b\[[0-9;?]*[a-zA-Z]|\r|\n)*$/, 'no output after leaving');
}

describe('leaving', () => {
  test('q exits 0 and restores the terminal', async () => {
    const term = await openHatop(lab);
    term.press('q');
    assert.deepEqual(await term.waitForExit(5000), { exitCode: 0 });
    assertRestored(term);
  });

  test('Ctrl-C exits 0 and restores the terminal, also from the CLI view', async () => {
    const term = await openHatop(lab);
    term.press('5');
    await waitScreen(term, (t) => footer(t).includes('ENTER=send'), { what: 'the CLI view' });
    term.press('ctrl-c');
    assert.deepEqual(await term.waitForExit(5000), { exitCode: 0 });
    assertRestored(term);
  });

  test('SIGTERM exits (128+15) with the terminal restored', async () => {
    const term = await openHatop(lab);
    term.kill('SIGTERM');
    const exit = await term.waitForExit(5000);
    assert.equal(exit.exitCode, 143);
    assert.equal(exit.signal, undefined, 'it exits by itself, not killed by the signal');
    assertRestored(term);
  });
});

describe('terminal size', () => {
  test('50x8 shows only the "too small" notice; back at 120x40 the table returns with the same selection', async () => {
    const term = await openHatop(lab);
    await select(term, 'bk_api/nginx2');
    term.resize(50, 8);
    await waitScreen(term, (t) => /too small/i.test(t.lines()[0] ?? ''), { what: 'the too-small notice' });
    const shown = term.lines().filter((l) => l.trim() !== '');
    assert.equal(shown.length, 2, `the notice only:\n${term.text()}`);
    assert.match(shown[0] ?? '', /50x8/);
    assert.match(shown[1] ?? '', /Other keys are off until it is bigger/);
    term.resize(120, 40);
    await waitForTable(term);
    assert.equal(selectedId(term), 'bk_api/nginx2', 'the same selection');
    assert.equal(term.exited, false);
    term.press('f10');
    await waitScreen(term, (t) => statusCell(t, 'bk_api/nginx2') === 'MAINT', { what: 'F10 after the resize acting on the selection' });
    await lab.rawCommand('set server bk_api/nginx2 state ready');
  });

  test('80x24 shows the full STATUS words: DOWN for broken, no check for web2', async () => {
    const term = spawnHatop(['-s', lab.adminSocket, '-i', '1'], { cols: 80, rows: 24 });
    await waitScreen(term, (t) => findRow(t, 'bk_app', 'nginx2') !== undefined && selectedId(t) !== undefined, {
      what: 'the table at 80x24',
    });
    assert.ok(term.lines().every((l) => l.length <= 80));
    assert.equal(statusCell(term, 'fe_main/FRONTEND'), 'OPEN');
    assert.equal(statusCell(term, 'bk_app/nginx2'), 'UP');
    // The table is longer than the screen: moving the selection scrolls it.
    await select(term, 'bk_static/broken');
    assert.equal(statusCell(term, 'bk_static/broken'), 'DOWN');
    await select(term, 'li_web/web2');
    assert.equal(statusCell(term, 'li_web/web2'), 'no check');
    await select(term, 'li_web/nginx2');
    assert.equal(statusCell(term, 'li_web/nginx2'), 'UP');
  });
});

describe('NO_COLOR', () => {
  /** The STATUS cell's first character of a (not selected) service row. */
  function statusStyle(term: Term, proxy: string, name: string): { fg: number; bg: number; bold: boolean } {
    const row = findRow(term, proxy, name);
    assert.ok(row !== undefined, `${proxy}/${name} on screen`);
    const { start } = columnSpan(term, 'STATUS');
    const cell = term.cell(row, start);
    assert.equal(cell.inverse, false, 'not the selected row');
    return { fg: cell.fg, bg: cell.bg, bold: cell.bold };
  }

  test('with colours, UP is green and DOWN is red and bold', async () => {
    const term = await openHatop(lab);
    assert.deepEqual(statusStyle(term, 'bk_app', 'nginx2'), { fg: 2, bg: -1, bold: false });
    assert.deepEqual(statusStyle(term, 'bk_static', 'broken'), { fg: 1, bg: -1, bold: true });
  });

  test('NO_COLOR=1: no colour on the STATUS cells, DOWN still marked bold', async () => {
    const term = await openHatop(lab, { env: { NO_COLOR: '1' } });
    assert.equal(cellText(term, 'bk_static', 'broken'), 'DOWN');
    for (const [proxy, name] of [['bk_app', 'nginx2'], ['bk_api', 'api1'], ['li_web', 'web2'], ['li_web', 'FRONTEND']] as const) {
      assert.deepEqual(statusStyle(term, proxy, name), { fg: -1, bg: -1, bold: false }, `${proxy}/${name}`);
    }
    assert.deepEqual(statusStyle(term, 'bk_static', 'broken'), { fg: -1, bg: -1, bold: true });
    // Nowhere on the screen is there a colour.
    const lines = term.lines();
    for (let row = 0; row < lines.length; row++) {
      for (let col = 0; col < (lines[row] ?? '').length; col++) {
        const cell = term.cell(row, col);
        assert.ok(cell.fg === -1 && cell.bg === -1, `colour at ${row},${col} (${cell.char}): fg ${cell.fg} bg ${cell.bg}`);
      }
    }
  });
});

/** The table header row's text, or '' when no table is shown. */
const tableHeader = (term: Term): string => term.lines().find((l) => /^ NAME\s/.test(l)) ?? '';
const hasColumn = (term: Term, name: string): boolean => new RegExp(`\\s${name}(\\s|$)`).test(tableHeader(term));
const MODE_COLUMN = { 1: 'SCUR', 2: 'LBTOT', 3: '1xx', 4: 'ECONN' } as const;

/** How each runtime view's title starts. */
const RUNTIME_TITLE: Readonly<Record<0 | 6 | 7 | 8 | 9, RegExp>> = { 6: /^ SESSIONS of /m, 7: /^ TABLES \(/m, 8: /^ MAPS \(/m, 9: /^ CERTS \(/m, 0: /^ INFO \d/m };

async function pressForMode(term: Term, key: KeyName, mode: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9): Promise<void> {
  term.press(key);
  if (mode === 0 || mode === 6 || mode === 7 || mode === 8 || mode === 9) {
    const title = RUNTIME_TITLE[mode];
    await waitScreen(term, (t) => title.test(t.text()) && !hasColumn(t, 'SCUR'), { timeoutMs: 3000, what: `${key} to show view ${mode}` });
    return;
  }
  if (mode === 5) {
    await waitScreen(term, (t) => footer(t).includes('ENTER=send') && tableHeader(t) === '', {
      timeoutMs: 3000,
      what: `${key} to open the CLI view`,
    });
    return;
  }
  const column = MODE_COLUMN[mode];
  await waitScreen(term, (t) => hasColumn(t, column), { timeoutMs: 3000, what: `${key} to show mode ${mode} (column ${column})` });
  for (const other of Object.values(MODE_COLUMN)) if (other !== column) assert.ok(!hasColumn(term, other), `no ${other} in mode ${mode}`);
}

describe('view keys', () => {
  test('1-4 switch modes (SCUR, LBTOT, 1xx, ECONN); TAB and Shift-TAB cycle through all ten views', async () => {
    const term = await openHatop(lab);
    assert.ok(hasColumn(term, 'SCUR'), 'starts in STATUS');
    await pressForMode(term, '2', 2);
    await pressForMode(term, '3', 3);
    await pressForMode(term, '4', 4);
    await pressForMode(term, '1', 1);
    await pressForMode(term, 'tab', 2);
    await pressForMode(term, 'tab', 3);
    await pressForMode(term, 'tab', 4);
    await pressForMode(term, 'tab', 5);
    for (const mode of [6, 7, 8, 9, 0, 1] as const) await pressForMode(term, 'tab', mode);
    await pressForMode(term, 'backtab', 0);
    await pressForMode(term, 'backtab', 9);
    await pressForMode(term, '3', 3);
    await pressForMode(term, '6', 6);
    await pressForMode(term, '1', 1);
  });

  test('h, ? and H open the help, ESC closes it; PGDOWN scrolls it', async () => {
    const term = await openHatop(lab);
    for (const key of ['h', '?', 'H'] as const) {
      term.press(key);
      await waitScreen(term, 'hatop-ts keys', { timeoutMs: 3000, what: `the help after ${key}` });
      assert.ok(term.find('Show this help') !== undefined && tableHeader(term) === '', 'the help replaces the table');
      term.press('escape');
      await waitScreen(term, (t) => t.find('hatop-ts keys') === undefined && hasColumn(t, 'SCUR'), {
        timeoutMs: 3000,
        what: `ESC to close the help opened by ${key}`,
      });
    }
    term.press('h');
    await waitScreen(term, 'hatop-ts keys', { timeoutMs: 3000, what: 'the help' });
    term.press('pagedown');
    await waitScreen(term, (t) => t.find('hatop-ts keys') === undefined, { timeoutMs: 3000, what: 'PGDOWN to scroll the help' });
    for (let i = 0; i < 10 && term.find(/Colours/) === undefined; i++) {
      const before = term.text();
      term.press('pagedown');
      await waitScreen(term, (t) => t.text() !== before, { timeoutMs: 3000, what: 'PGDOWN to scroll the help on' });
    }
    assert.ok(term.find(/Colours/) !== undefined, `PGDOWN reaches the end of the help\n${term.text()}`);
  });

  test('ENTER opens the hotkey menu for the selected server with a letter for each action; ESC closes it', async () => {
    const term = await openHatop(lab);
    await select(term, 'bk_app/nginx2');
    term.press('enter');
    await waitScreen(term, 'F10  m  maint', { timeoutMs: 3000, what: 'the hotkey menu' });
    assert.ok(term.find('│ bk_app/nginx2'), `the menu names the selection\n${term.text()}`);
    for (const label of ['F1   E  enable all', 'F2   M  maint all', 'F3   D  drain all', 'F4   =  weight 100%', 'F9   e  enable', 'F12  S  safe maint', 'w  set weight', 'F11  d  drain', 'i  info']) {
      assert.ok(term.find(label), `the menu lists ${label}`);
    }
    // Its sentences are whole, not cut at the menu's border.
    assert.ok(term.find('F1-F3 and A act in every backend (they ask first).'), `the menu's note is whole\n${term.text()}`);
    term.press('escape');
    await waitScreen(term, (t) => t.find('F10  m  maint') === undefined, { timeoutMs: 3000, what: 'ESC to close the menu' });
    assert.equal(await lab.statusOf('bk_app', 'nginx2'), 'UP', 'opening the menu changes nothing');
  });
});
