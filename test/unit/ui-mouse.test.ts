// The mouse, pure: the terminal's reports parsed, the clipboard sequence, and what a click or the wheel means on
// a rendered frame (which service a screen line shows, which footer tab a column is, which menu item).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { menuItems } from '../../src/app/keymap';
import type { ModeNumber } from '../../src/config';
import { footerLine, footerTabs } from '../../src/ui/footer';
import { initialScroll, popupBox, renderFrame, type Frame, type ScrollState, type ViewState } from '../../src/ui/frame';
import { mouseReports, osc52, type MouseReport } from '../../src/ui/mouse';
import { menuItemAt, mouseIntent, serviceAt, tabAt, WHEEL_STEP, type MouseContext } from '../../src/ui/mouse-intent';
import { lastId, type DisplayRow } from '../../src/view/rows';
import { fixtureSnapshot, sid, untag, viewState } from '../support/snapshots';

const NOW = new Date(2026, 0, 2, 3, 4, 5);

function render(state: ViewState, width = 120, height = 30, scroll: ScrollState = initialScroll): { frame: Frame; text: string[] } {
  const frame = renderFrame(state, scroll, { width, height, now: NOW, version: '0.1.0', address: '/run/haproxy/admin.sock', theme: { color: true } });
  return { frame, text: frame.lines.map(untag) };
}

const press = (x: number, y: number): MouseReport => ({ action: 'press', button: 'left', x, y });
const wheel = (direction: 'up' | 'down', x = 5, y = 10): MouseReport => ({ action: direction === 'up' ? 'wheel-up' : 'wheel-down', button: 'none', x, y });
const ctx = (over: Partial<MouseContext> = {}): MouseContext => ({ overlay: 'none', mode: 1, width: 120, height: 30, ...over });

describe('mouseReports: what the terminal sends', () => {
  test('SGR press and release, 1-based on the wire, 0-based here; buttons left, middle, right', () => {
    assert.deepEqual(mouseReports('\x1b[<0;3;29M'), [{ action: 'press', button: 'left', x: 2, y: 28 }]);
    assert.deepEqual(mouseReports('\x1b[<0;3;29m'), [{ action: 'release', button: 'left', x: 2, y: 28 }]);
    assert.deepEqual(mouseReports('\x1b[<1;1;1M\x1b[<2;200;60M').map((r) => r.button), ['middle', 'right']);
    assert.deepEqual(mouseReports('\x1b[<1;1;1M')[0], { action: 'press', button: 'middle', x: 0, y: 0 });
  });

  test('the wheel is 64 (up) and 65 (down); with modifiers (Ctrl +16) still the wheel; horizontal and motion ignored', () => {
    assert.deepEqual(mouseReports('\x1b[<64;10;5M\x1b[<65;10;5M\x1b[<81;1;1M').map((r) => r.action), ['wheel-up', 'wheel-down', 'wheel-down']);
    assert.deepEqual(mouseReports('\x1b[<66;1;1M\x1b[<67;1;1M'), [], 'horizontal wheel');
    assert.deepEqual(mouseReports('\x1b[<32;4;4M\x1b[<35;4;4M'), [], 'motion');
  });

  test('every report of a read, in order (a press and its release, three notches), keys around them left out', () => {
    const chunk = '\x1b[<65;1;1M\x1b[<65;1;1Mx\x1b[<65;1;1M\x1b[<0;7;8M\x1b[<0;7;8m';
    assert.deepEqual(mouseReports(chunk).map((r) => r.action), ['wheel-down', 'wheel-down', 'wheel-down', 'press', 'release']);
    assert.deepEqual(mouseReports('abc\x1b[A\r'), []);
  });

  test('X10 reports (a terminal without SGR): bytes + 32, read as latin1; a release does not name its button', () => {
    const x10 = (b: number, x: number, y: number): string => `\x1b[M${String.fromCharCode(b + 32, x + 33, y + 33)}`;
    assert.deepEqual(mouseReports(x10(0, 2, 28)), [{ action: 'press', button: 'left', x: 2, y: 28 }]);
    assert.deepEqual(mouseReports(x10(3, 2, 28)), [{ action: 'release', button: 'none', x: 2, y: 28 }]);
    assert.deepEqual(mouseReports(x10(64, 0, 0) + x10(65, 0, 0)).map((r) => r.action), ['wheel-up', 'wheel-down']);
    // Column 150: a byte above 127, as latin1 reads it.
    assert.deepEqual(mouseReports(Buffer.from([0x1b, 0x5b, 0x4d, 32, 150 + 33, 34]).toString('latin1')), [{ action: 'press', button: 'left', x: 150, y: 1 }]);
  });
});

describe('osc52: the clipboard sequence', () => {
  test('ESC ] 52 ; c ; base64 BEL, the text as UTF-8', () => {
    assert.equal(osc52('lb2:bk_app/nginx2', false), `\x1b]52;c;${Buffer.from('lb2:bk_app/nginx2').toString('base64')}\x07`);
    assert.equal(osc52('li_web/nginx2', false), '\x1b]52;c;bGlfd2ViL25naW54Mg==\x07');
  });

  test('in tmux: the plain sequence for set-clipboard on, then wrapped for the passthrough, its ESC doubled', () => {
    const plain = osc52('bk/s', false);
    assert.equal(osc52('bk/s', true), `${plain}\x1bPtmux;\x1b\x1b]52;c;Ymsvcw==\x07\x1b\\`);
  });
});

describe('serviceAt: the screen line of a click to the service shown there', () => {
  test('every service line gives its service; title, blank, header and lines below the table give none', () => {
    const { frame, text } = render(viewState());
    const table = frame.table;
    assert.ok(table !== undefined);
    assert.equal(text[table.firstLine - 1]?.startsWith(' NAME '), true, 'the table header is right above the rows');
    for (let y = 0; y < text.length; y++) {
      const id = serviceAt(table, y);
      const line = text[y] ?? '';
      const offset: number = y - table.firstLine;
      const row: DisplayRow | undefined = offset >= 0 && offset < table.count ? table.rows[table.top + offset] : undefined;
      if (row?.kind === 'service') {
        assert.equal(id, row.service.id, `line ${y}`);
        assert.ok(line.startsWith(` ${row.service.name} `), `line ${y} shows ${row.service.name}: ${line}`);
      } else assert.equal(id, undefined, `line ${y}: ${line}`);
    }
    assert.equal(serviceAt(table, text.findIndex((l) => l.trim() === '>>> be_app')), undefined);
    assert.equal(serviceAt(table, text.findIndex((l) => l.startsWith(' app3 '))), sid('be_app/app3'));
  });

  test('a scrolled table: the line maps through the frame\'s top, not from the first row', () => {
    const state = viewState();
    const { frame, text } = render({ ...state, selectedId: lastId(state.rows) }, 120, 14);
    const table = frame.table;
    assert.ok(table !== undefined && table.top > 0, 'scrolled');
    const y = text.findIndex((l) => l.startsWith(' c1 '));
    assert.ok(y > 0);
    assert.equal(serviceAt(table, y), sid('be_chk/c1'));
    assert.equal(serviceAt(table, table.firstLine + table.count), undefined, 'below the last drawn row');
  });

  test('no table (help, details, CLI view, no data): no service anywhere', () => {
    for (const state of [viewState(fixtureSnapshot(), { overlay: { kind: 'help' } }), viewState(fixtureSnapshot(), { overlay: { kind: 'details' } }), viewState(fixtureSnapshot(), { mode: 5 })]) {
      const { frame } = render(state);
      assert.equal(frame.table, undefined);
      for (let y = 0; y < 30; y++) assert.equal(serviceAt(frame.table, y), undefined);
    }
    const { frame } = render(viewState(null));
    for (let y = 0; y < 30; y++) assert.equal(serviceAt(frame.table, y), undefined);
  });
});

describe('footerTabs: where each view is on the footer', () => {
  test('each span holds its tab as footerLine draws it, at every width and in read-only mode', () => {
    for (const width of [60, 61, 72, 80, 120, 200]) {
      for (const [mode, readOnly] of [[1, false], [3, false], [5, false], [2, true], [7, false], [0, true]] as [ModeNumber, boolean][]) {
        const line = untag(footerLine(mode, readOnly, 'lb2:bk_app/nginx2', width));
        const tabs = footerTabs(mode, readOnly, 'lb2:bk_app/nginx2', width);
        assert.deepEqual(tabs.map((t) => t.mode), readOnly ? [1, 2, 3, 4, 6, 7, 8, 9, 0] : [1, 2, 3, 4, 5, 6, 7, 8, 9, 0], `${width} ${mode}`);
        for (const t of tabs) assert.match(line.slice(t.from, t.to), new RegExp(`^ ${t.mode}(-[A-Z]+)? $`), `${width} mode ${mode}: tab ${t.mode} in "${line}"`);
      }
    }
  });

  test('tabAt: a column on a tab gives its view; the gap and the hints none', () => {
    const tabs = footerTabs(1, false, 'bk_app/nginx2', 120);
    const line = untag(footerLine(1, false, 'bk_app/nginx2', 120));
    assert.equal(tabAt(tabs, line.indexOf('3-HTTP')), 3);
    assert.equal(tabAt(tabs, 0), 1);
    assert.equal(tabAt(tabs, line.indexOf('5-CLI') + 5), 5, 'the space after the name is the tab');
    assert.equal(tabAt(tabs, line.indexOf('h=help')), undefined);
    assert.equal(tabAt(tabs, 119), undefined);
  });
});

describe('mouseIntent: what a report means on the frame', () => {
  const state = viewState(fixtureSnapshot(), { selectedId: sid('be_app/app1') });
  const { frame, text } = render(state);
  const lineOf = (prefix: string): number => text.findIndex((l) => l.startsWith(prefix));

  test('a left press on a service line selects it; release, right and middle buttons do nothing', () => {
    assert.deepEqual(mouseIntent(press(40, lineOf(' w1 ')), frame, ctx()), { kind: 'select', id: sid('web/w1') });
    for (const report of [{ ...press(4, lineOf(' w1 ')), action: 'release' }, { ...press(4, lineOf(' w1 ')), button: 'right' }, { ...press(4, lineOf(' w1 ')), button: 'middle' }] as MouseReport[]) {
      assert.deepEqual(mouseIntent(report, frame, ctx()), { kind: 'none' }, JSON.stringify(report));
    }
    assert.deepEqual(mouseIntent(press(4, lineOf(' >>> web')), frame, ctx()), { kind: 'none' });
    assert.deepEqual(mouseIntent(press(4, 0), frame, ctx()), { kind: 'none' }, 'the top bar');
  });

  test('a press on a footer tab switches the view; the wheel moves the selection three services', () => {
    const footer = text[29] ?? '';
    assert.deepEqual(mouseIntent(press(footer.indexOf('4-ERRORS') + 3, 29), frame, ctx()), { kind: 'view', mode: 4 });
    assert.deepEqual(mouseIntent(press(footer.indexOf('[') + 1, 29), frame, ctx()), { kind: 'none' }, 'the selection in the footer');
    assert.deepEqual(mouseIntent(wheel('down'), frame, ctx()), { kind: 'move', delta: WHEEL_STEP });
    assert.deepEqual(mouseIntent(wheel('up', 3, 29), frame, ctx()), { kind: 'move', delta: -WHEEL_STEP }, 'anywhere on the screen');
  });

  test('the wheel scrolls the help, the details and the CLI output; in the CLI view the tabs still switch', () => {
    assert.deepEqual(mouseIntent(wheel('down'), frame, ctx({ overlay: 'help' })), { kind: 'scroll', pane: 'help', delta: WHEEL_STEP });
    assert.deepEqual(mouseIntent(wheel('up'), frame, ctx({ overlay: 'details' })), { kind: 'scroll', pane: 'details', delta: -WHEEL_STEP });
    assert.deepEqual(mouseIntent(wheel('up'), frame, ctx({ mode: 5 })), { kind: 'scroll', pane: 'cli', delta: -WHEEL_STEP });
    assert.deepEqual(mouseIntent(wheel('up'), frame, ctx({ mode: 5, overlay: 'help' })), { kind: 'scroll', pane: 'help', delta: -WHEEL_STEP });
    const cli = render(viewState(fixtureSnapshot(), { mode: 5 }));
    const footer = cli.text[29] ?? '';
    // In the CLI view the other tabs are their numbers (its own hints stay in sight): ` 2 ` is the second.
    assert.match(footer, /^ 1  2  3 /);
    assert.deepEqual(mouseIntent(press(footer.indexOf(' 2 ') + 1, 29), cli.frame, ctx({ mode: 5 })), { kind: 'view', mode: 2 });
    assert.deepEqual(mouseIntent(press(5, 10), cli.frame, ctx({ mode: 5 })), { kind: 'none' });
  });

  test('a confirmation: nothing, whatever is clicked or wheeled', () => {
    for (const report of [press(40, lineOf(' w1 ')), press((text[29] ?? '').indexOf('3-HTTP'), 29), wheel('down'), wheel('up'), press(60, 15)]) {
      assert.deepEqual(mouseIntent(report, frame, ctx({ overlay: 'confirm' })), { kind: 'none' });
    }
  });

  test('the ENTER menu: a click on an item highlights it, on its title or border nothing, outside it closes it', () => {
    const items = menuItems('server', false);
    const menu = render({ ...state, overlay: { kind: 'menu', index: 0 }, menu: items });
    const popup = menu.frame.popup;
    assert.ok(popup !== undefined);
    const box = popupBox(popup, 120, 30);
    const maint = items.findIndex((b) => b.action === 'maint');
    // The popup's lines are drawn inside a border: content line i at box.top + 1 + i.
    const y = box.top + 1 + (popup.lines.findIndex((l) => untag(l).includes(' m  maint')));
    assert.equal(menuItemAt(popup, box, y), maint);
    assert.deepEqual(mouseIntent(press(box.left + 3, y), menu.frame, ctx({ overlay: 'menu' })), { kind: 'menu-highlight', index: maint });
    assert.deepEqual(mouseIntent(press(box.left + 3, box.top), menu.frame, ctx({ overlay: 'menu' })), { kind: 'none' }, 'the border');
    assert.deepEqual(mouseIntent(press(box.left + 3, box.top + 1), menu.frame, ctx({ overlay: 'menu' })), { kind: 'none' }, 'the title');
    assert.deepEqual(mouseIntent(press(box.left + 3, box.top + box.height - 2), menu.frame, ctx({ overlay: 'menu' })), { kind: 'none' }, 'the notes');
    assert.deepEqual(mouseIntent(press(box.left + box.width + 2, y), menu.frame, ctx({ overlay: 'menu' })), { kind: 'menu-close' });
    assert.deepEqual(mouseIntent(press(4, 0), menu.frame, ctx({ overlay: 'menu' })), { kind: 'menu-close' });
    assert.deepEqual(mouseIntent(wheel('down'), menu.frame, ctx({ overlay: 'menu' })), { kind: 'menu-move', delta: 1 });
  });

  test('a short screen windows the menu: a click maps to the item shown there, not to its place in the list', () => {
    const items = menuItems('server', false);
    const last = items.length - 1;
    const menu = render({ ...state, overlay: { kind: 'menu', index: last }, menu: items }, 80, 14);
    const popup = menu.frame.popup;
    assert.ok(popup !== undefined && popup.items !== undefined && popup.items.top > 0, 'windowed');
    const box = popupBox(popup, 80, 14);
    const label = items[last]?.label ?? '';
    const y = box.top + 1 + popup.lines.findIndex((l) => untag(l).trimEnd().endsWith(`  ${label}`));
    assert.equal(menuItemAt(popup, box, y), last);
    assert.equal(menuItemAt(popup, box, y - 1), last - 1);
  });

  test('too small: nothing', () => {
    const small = render(viewState(), 50, 8);
    assert.deepEqual(mouseIntent(press(2, 1), small.frame, ctx({ width: 50, height: 8 })), { kind: 'none' });
    assert.deepEqual(mouseIntent(wheel('down'), small.frame, ctx({ width: 50, height: 8 })), { kind: 'none' });
  });
});
