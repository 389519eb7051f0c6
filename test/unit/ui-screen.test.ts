// The real blessed screen in-process (fake streams, no pty, no HAProxy): what it draws and how keys move it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { RuntimeError } from '../../src/runtime/types';
import { KEYMAP } from '../../src/app/keymap';
import { footer, press, screenRigs, selectedIs, type FakeTerminal } from '../support/fake-terminal';
import type { KeyName } from '../support/keys';
import { bigStat, flush, StubTransport } from '../support/snapshots';

const { open } = screenRigs();
/** The rows drawn inverse across the whole width, other than the top bar, the table header and the footer. */
function inverseRows(t: FakeTerminal): string[] {
  const lines = t.lines();
  return lines.filter((l, y) => y > 0 && y < lines.length - 1 && !l.startsWith(' NAME ') && t.rowInverse(y));
}

describe('screen: what is drawn', () => {
  test('top bar, header, table and footer from the recorded 2.6 replies', async () => {
    const rig = await open({ cols: 120, rows: 30 });
    const t = rig.term;
    const lines = t.lines();
    assert.equal(lines.length, 30);
    assert.ok(lines.every((l) => l.length === 120));
    assert.match(lines[0] ?? '', /^ hatop-ts 0\.1\.0 {2}\/run\/haproxy\/admin\.sock {2}3 DOWN {2}2 MAINT {2}0 DRAIN {2}0 NOLB +2026-01-02 03:04:05 $/);
    const counts = (lines[0] ?? '').indexOf('3 DOWN');
    assert.ok(t.rowInverse(0, 0, counts - 2), 'the top bar is inverse up to the counts');
    assert.ok(t.rowInverse(0, (lines[0] ?? '').indexOf('0 NOLB') + 8), 'and after them, to the clock');
    assert.ok(!t.cell(counts, 0).inverse && t.cell(counts, 0).fg === 1, 'the counts stand outside it, DOWN in red');
    assert.match(lines[1] ?? '', /HAProxy Version: 2\.6\.12-1\+deb12u4 \(released: 2026\/10\/17\) {3}PID: 2988 \(proc 1\)/);
    assert.match(lines[2] ?? '', /Node: vm \(uptime 7s\)/);
    assert.match(lines[3] ?? '', /Pipes: \[ *\] +0\/0 +Procs +Threads +Tasks +Queue +Proxies +Services/);
    assert.match(lines[4] ?? '', /Conns: \[ *\] +0\/9982 +1 +2 +22 +0 +7 +17 *$/);
    // STOT is the last column; NAME is only as wide as in the most crowded view (4), so blank follows it here.
    assert.match(lines[5] ?? '', /^ NAME +W STATUS +CHECK +ACT BCK +QCUR +QMAX +SCUR +SMAX +SLIM +STOT +$/);
    assert.ok(t.rowInverse(5), 'the table header is inverse');
    assert.equal(lines[6]?.trim(), '>>> fe_main');
    assert.ok(t.cell(1, 6).bold, 'group lines are bold');
    assert.match(lines[7] ?? '', /^ FRONTEND +OPEN /);
    assert.match(lines[17] ?? '', /^ app1 +1 DOWN +L4CON +1 +0 /);
    assert.match(lines[28] ?? '', /^ +updated \d\d:\d\d:\d\d, every 2s $/);
    const foot = lines[29] ?? '';
    assert.ok(foot.startsWith(' 1-STATUS  2-TRAFFIC  3-HTTP  4-ERRORS  5-CLI '), foot);
    assert.match(foot, / 0-INFO +\[fe_main\/FRONTEND\]$/, 'at 120 columns every view is named; the hints are in the help');
    assert.ok(!t.cell(2, 29).inverse && t.cell(2, 29).bold, 'the active tab stands out of the inverse bar');
    assert.ok(t.cell(12, 29).inverse, 'the other tabs are inverse');
    assert.ok(t.rowInverse(29, 50), 'the rest of the footer is inverse');
  });

  test('states are coloured: DOWN red and bold, UP green, MAINT cyan', async () => {
    const rig = await open();
    const t = rig.term;
    const x = (t.lines()[5] ?? '').indexOf('STATUS');
    const at = (name: string): number => t.lines().findIndex((l) => l.startsWith(` ${name} `));
    const down = t.cell(x, at('app1'));
    assert.equal(down.ch, 'D');
    assert.ok(down.bold && down.fg === 1, `DOWN: fg ${down.fg}`);
    const pad = t.cell(x + 4, at('app1'));
    assert.ok(pad.ch === ' ' && pad.fg === 0x1ff && !pad.bold, 'only the word is coloured, not its padding');
    assert.equal(t.cell(x, at('app3')).fg, 6, 'MAINT cyan');
    const backend = t.lines().findIndex((l, y) => y > at('s1') && l.startsWith(' BACKEND '));
    assert.equal(t.cell(x, backend).fg, 2, 'UP green');
  });

  test('every hatop key arrives under the name the keymap binds (ENTER once, ESC n as Alt-n)', async () => {
    const rig = await open({ config: { readOnly: true } }); // read-only: the keys change as little as possible
    const expected: [KeyName, string][] = [
      ['h', 'h'], ['H', 'S-h'], ['?', '?'], ['q', 'q'], ['Q', 'S-q'], ['ctrl-c', 'C-c'],
      ['1', '1'], ['2', '2'], ['3', '3'], ['4', '4'], ['5', '5'], ['tab', 'tab'], ['backtab', 'S-tab'],
      ['alt-1', 'M-1'], ['alt-2', 'M-2'], ['alt-3', 'M-3'], ['alt-4', 'M-4'], ['alt-5', 'M-5'], ['escape', 'escape'],
      ['up', 'up'], ['down', 'down'], ['pageup', 'pageup'], ['pagedown', 'pagedown'], ['home', 'home'], ['end', 'end'],
      ['enter', 'enter'], ['space', 'space'], ['j', 'j'], ['k', 'k'],
      ['f1', 'f1'], ['f2', 'f2'], ['f3', 'f3'], ['f4', 'f4'], ['f5', 'f5'], ['f6', 'f6'], ['f7', 'f7'], ['f8', 'f8'],
      ['f9', 'f9'], ['f10', 'f10'], ['f11', 'f11'],
    ];
    for (const [key] of expected) press(rig, key);
    await rig.until(() => rig.keys.length >= expected.length, 'every key');
    assert.deepEqual(rig.keys, expected.map(([, full]) => full));
    const bound = new Set(KEYMAP.flatMap((b) => b.keys));
    for (const [, full] of expected) assert.ok(bound.has(full), `${full} is bound in the keymap`);
  });

  test('DOWN / UP (and j / k) move the inverse bar over service rows only; the footer follows', async () => {
    const rig = await open();
    assert.deepEqual(inverseRows(rig.term).map((l) => l.trim().split(/\s+/)[0]), ['FRONTEND']);
    press(rig, 'down', 'down');
    await rig.until(selectedIs('fe_main/main2 (listener)'), 'fe_main/main2 selected');
    assert.deepEqual(inverseRows(rig.term).map((l) => l.trim().split(/\s+/)[0]), ['main2']);
    press(rig, 'j');
    await rig.until(selectedIs('stats_listen/FRONTEND'), 'past the blank and >>> lines');
    press(rig, 'k', 'up');
    await rig.until(selectedIs('fe_main/main1 (listener)'), 'back up');
    const row = rig.term.rowOf(' main1 ');
    assert.ok(rig.term.rowInverse(row), 'the selected row is inverse across the whole width');
    assert.ok(!rig.term.rowInverse(rig.term.rowOf(' main2 ')));
  });

  test('views by key: 1-4, TAB, Alt-n; ESC goes back; each shows its own columns', async () => {
    const rig = await open();
    const header = (): string => rig.term.lines()[5] ?? '';
    press(rig, '2');
    await rig.until(() => header().includes('LBTOT'), 'TRAFFIC columns');
    press(rig, '3');
    await rig.until(() => header().includes('1xx') && header().includes('?xx'), 'HTTP columns');
    press(rig, '4');
    await rig.until(() => header().includes('ECONN') && header().includes('DOWN'), 'ERRORS columns');
    press(rig, 'escape');
    await rig.until(() => header().includes('1xx'), 'back to HTTP');
    press(rig, 'alt-1');
    await rig.until(() => header().includes('QCUR'), 'STATUS columns');
    press(rig, 'tab');
    await rig.until(() => header().includes('LBTOT'), 'TAB: next view');
    press(rig, 'backtab');
    await rig.until(() => header().includes('QCUR'), 'Shift-TAB: previous view');
    const tab = (n: number): boolean => !rig.term.cell(footer(rig.term).indexOf(`${n}-`), rig.term.lines().length - 1).inverse;
    assert.ok(tab(1) && !tab(2), 'the footer marks the view');
    // ESC ESC typed fast reaches blessed in one read (M-escape): it must go back like one ESC.
    press(rig, '3');
    await rig.until(() => header().includes('1xx'), 'HTTP columns again');
    rig.term.press('\x1b\x1b');
    await rig.until(() => header().includes('QCUR'), 'ESC ESC in one read: back to STATUS');
  });

  test('the ENTER menu fits 80 columns, lists every hotkey one a line, closes with ESC', async () => {
    const rig = await open({ cols: 80, rows: 40 });
    press(rig, 'down', 'down', 'down', 'down', 'down', 'down');
    await rig.until(selectedIs('be_app/app1'), 'be_app/app1 selected');
    press(rig, 'enter');
    const shown = (t: FakeTerminal): boolean => t.text().includes('UP/DOWN, ENTER or a letter picks; ESC closes.');
    await rig.until(shown, 'the menu');
    const text = rig.term.text();
    for (const item of ['F1   E  enable all', 'F2   M  maint all', 'F3   D  drain all', 'F4   =  weight 100%', 'F5   <  weight -10', 'F6   -  weight -1', 'F7   +  weight +1', 'F8   >  weight +10', 'F9   e  enable', 'F10  m  maint', 'F11  d  drain', 'F12  S  safe maint', '     A  safe maint all', '     U  ready, wait UP', '     i  info']) {
      assert.ok(text.includes(`│ ${item} `), `menu shows ${item}`);
    }
    assert.ok(text.includes('F1-F3 and A act in every backend (they ask first).'), 'no line is cut');
    const title = rig.term.rowOf('be_app/app1 ');
    assert.ok(title > 0 && title < 22, 'the menu names the server');
    assert.equal(rig.controller.overlay.kind, 'menu');
    press(rig, 'escape');
    await rig.until((t) => !shown(t), 'menu closed by ESC');
    press(rig, 'enter');
    await rig.until(shown, 'the menu again');
    press(rig, 'escape');
    await rig.until((t) => !shown(t) && rig.controller.overlay.kind === 'none', 'closed again');
    await flush();
    assert.deepEqual(rig.stub.commands(), [], 'opening and closing the menu sends nothing');
  });

  test('help lists the description of every keymap entry and scrolls', async () => {
    const rig = await open({ cols: 140, rows: 140 });
    press(rig, 'h');
    await rig.until((t) => t.text().includes('hatop-ts keys'), 'the help screen');
    const text = rig.term.text();
    for (const b of KEYMAP) assert.ok(text.includes(b.description), `help shows: ${b.description}`);
    press(rig, '?');
    await rig.until((t) => !t.text().includes('hatop-ts keys') && t.text().includes('>>> fe_main'), 'help closed');
    rig.term.resize(100, 24);
    press(rig, 'H');
    await rig.until((t) => t.text().includes('hatop-ts keys') && !t.text().includes('NO_COLOR'), 'the help top, short terminal');
    press(rig, 'end');
    await rig.until((t) => t.text().includes('NO_COLOR') && !t.text().includes('hatop-ts keys'), 'the help bottom');
    press(rig, 'escape');
    await rig.until((t) => t.text().includes('>>> fe_main'), 'ESC closes help');
  });
});

describe('screen: size and connection', () => {
  test('10,000 services: END shows the last service selected, HOME the first', async () => {
    const stub = new StubTransport();
    stub.stat = bigStat(10_000);
    const rig = await open({ cols: 200, rows: 50, stub, ready: '>>> bk_0000' });
    press(rig, 'end');
    await rig.until(selectedIs('bk_0099/BACKEND'), 'the last service selected');
    const rows = inverseRows(rig.term);
    assert.equal(rows.length, 1);
    assert.match(rows[0] ?? '', /^ BACKEND /);
    assert.ok(rig.term.rowOf(' srv_09999 ') > 0, 'the last server is on screen');
    press(rig, 'home');
    // HOME scrolls back to the very top: the proxy's `>>> bk_0000` line shows above its first service.
    await rig.until(
      (t) => selectedIs('bk_0000/srv_00000')(t) && t.rowInverse(t.rowOf(' srv_00000 ')) && t.rowOf('>>> bk_0000') >= 0,
      'the first service under its proxy line',
    );
    press(rig, 'pagedown');
    await rig.until((t) => /\[bk_0000\/srv_00\d\d\d\]$/.test(footer(t).trimEnd()) && !selectedIs('bk_0000/srv_00000')(t), 'a page down');
  });

  test('a 40x8 terminal shows the notice and that other keys are off; resizing brings the screen back', async () => {
    const rig = await open({ cols: 40, rows: 8, ready: '' });
    await rig.until((t) => /Too small \(40x8\).*q quits/.test(t.lines()[0] ?? ''), 'the notice');
    assert.equal(rig.term.lines()[1]?.trim(), 'Other keys are off until it is bigger.');
    assert.ok(rig.term.lines().slice(2).every((l) => l.trim() === ''));
    // Keys that would act unseen do nothing; the help key still works.
    const before = rig.controller.selectedId;
    press(rig, 'down', 'end', '2', 'f10');
    await rig.until(() => rig.keys.includes('f10'), 'the keys read');
    await flush();
    assert.equal(rig.controller.selectedId, before);
    assert.equal(rig.controller.mode, 1);
    assert.deepEqual(rig.stub.commands(), []);
    press(rig, 'h');
    await rig.until(() => rig.controller.overlay.kind === 'help', 'help opens');
    press(rig, 'h');
    await rig.until(() => rig.controller.overlay.kind === 'none', 'and closes');
    rig.term.resize(120, 30);
    await rig.until((t) => t.text().includes('>>> fe_main') && footer(t).includes('[fe_main/FRONTEND]'), 'the full screen');
    rig.term.resize(59, 30);
    await rig.until((t) => (t.lines()[0] ?? '').includes('(59x30)'), 'the notice again');
    press(rig, 'q');
    await rig.until(() => rig.quits === 1, 'q quits from the notice');
  });

  test('resizing from 80 to 200 columns widens NAME; the most crowded view fills the width, STATUS stays put across views', async () => {
    const rig = await open({ cols: 80, rows: 24 });
    const header = (): string => rig.term.lines()[5] ?? '';
    const x80 = header().indexOf('STATUS');
    rig.term.resize(200, 24);
    await rig.until((t) => (t.lines()[5] ?? '').length === 200 && (t.lines()[5] ?? '').indexOf('STATUS') > x80 + 90, 'NAME grown');
    const x200 = header().indexOf('STATUS');
    assert.ok(header().trimEnd().length <= 199);
    // 4-ERRORS has the most columns: it fills the width, with NAME as wide as in view 1.
    press(rig, '4');
    await rig.until(() => header().includes('ECONN'), 'view 4');
    assert.equal(header().trimEnd().length, 199);
    assert.equal(header().indexOf('STATUS'), x200, 'STATUS at the same column in views 1 and 4');
  });

  test('a lost connection shows in the top bar and the status line; the table stays; recovery clears it', async () => {
    const rig = await open();
    const statusArea = (t: FakeTerminal): string => t.lines().slice(26, 29).join('\n');
    // What the runtime client throws when nothing listens on the socket.
    rig.stub.failWith = new RuntimeError('connect', 'connect ECONNREFUSED /run/haproxy/admin.sock');
    rig.controller.refresh();
    await rig.until((t) => /\[HAProxy unreachable since \d\d:\d\d:\d\d\]/.test(t.lines()[0] ?? ''), 'unreachable in the top bar');
    assert.match(statusArea(rig.term), /HAProxy unreachable for \d+s, retrying every second: connect ECONNREFUSED \/run\/haproxy\/admin\.sock/);
    assert.match(rig.term.lines()[28] ?? '', /data from \d\d:\d\d:\d\d $/, 'the age of what is shown, on the right');
    assert.ok(rig.term.text().includes('>>> be_app'));
    rig.stub.failWith = undefined;
    await rig.clock.advance(1000);
    await rig.until((t) => !(t.lines()[0] ?? '').includes('unreachable') && (t.lines()[28] ?? '').includes('Connected to HAProxy again (pid 2988).'), 'reconnected');
  });

  test('Ctrl-C quits from the table, the help screen and the CLI view', async () => {
    const rig = await open();
    press(rig, 'ctrl-c');
    await rig.until(() => rig.quits === 1, 'quit from the table');
    press(rig, 'h', 'ctrl-c');
    await rig.until(() => rig.quits === 2, 'quit from help');
    press(rig, 'escape', '5', 'ctrl-c');
    await rig.until(() => rig.quits === 3 && rig.controller.mode === 5, 'quit from the CLI view');
  });
});
