// renderFrame is pure: a plain ViewState in, tagged lines out. These tests read the lines as text.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { planServerAction } from '../../src/app/actions';
import { activeBindings, KEYMAP, menuItems } from '../../src/app/keymap';
import { CliLog } from '../../src/app/cli-log';
import { editLine, emptyLine } from '../../src/app/line-editor';
import type { ModeNumber } from '../../src/config';
import { initialScroll, renderFrame, type Frame, type ScrollState, type ViewState } from '../../src/ui/frame';
import * as layout from '../../src/view/layout';
import { buildRows, lastId } from '../../src/view/rows';
import { buildSnapshot } from '../../src/stats/model';
import { bigStat, fixtureSnapshot, info26, infoWith, syntheticSnapshot, untag, viewState, sid } from '../support/snapshots';

const NOW = new Date(2026, 0, 2, 3, 4, 5);

function render(state: ViewState, width: number, height: number, scroll: ScrollState = initialScroll): { frame: Frame; text: string[] } {
  const frame = renderFrame(state, scroll, { width, height, now: NOW, version: '0.1.0', address: '/run/haproxy/admin.sock', theme: { color: true } });
  return { frame, text: frame.lines.map(untag) };
}

const words = (line: string | undefined): string[] => (line ?? '').trim().split(/\s+/);

/** The table header's row: the first line starting with ` NAME`. */
const headerRow = (text: readonly string[]): number => text.findIndex((l) => l.startsWith(' NAME '));

describe('renderFrame: the whole screen', () => {
  test('exactly `height` lines, none wider than the terminal, in every view and size', () => {
    const sizes = [[60, 10], [80, 24], [120, 40], [200, 50], [100, 17]] as const;
    for (const [width, height] of sizes) {
      for (const mode of [1, 2, 3, 4, 5] as const) {
        for (const overlay of [{ kind: 'none' }, { kind: 'help' }, { kind: 'menu', index: 0 }, { kind: 'details' }] as const) {
          for (const data of [fixtureSnapshot(), null]) {
            const what = `${width}x${height} mode ${mode} ${overlay.kind}${data === null ? ' (no data)' : ''}`;
            const menu = overlay.kind === 'menu' && data !== null ? menuItems('server', false) : undefined;
            const { text, frame } = render(viewState(data, { mode, overlay, menu }), width, height);
            assert.equal(text.length, height, what);
            for (const line of text) assert.ok(line.length <= width, `${what}: ${JSON.stringify(line)}`);
            for (const line of frame.popup?.lines ?? []) assert.ok(untag(line).length <= (frame.popup?.width ?? 0) - 2, `${what} popup: ${JSON.stringify(line)}`);
          }
        }
      }
    }
  });

  test('top bar: program, version, socket, the server state counts, and the local time flush right', () => {
    const { text, frame } = render(viewState(), 120, 30);
    // The recorded 2.6 snapshot: app1, app2 and c1 DOWN; app3 and app4 MAINT.
    assert.match(text[0] ?? '', /^ hatop-ts 0\.1\.0 {2}\/run\/haproxy\/admin\.sock {2}3 DOWN {2}2 MAINT {2}0 DRAIN {2}0 NOLB +2026-01-02 03:04:05 $/);
    assert.equal(text[0]?.length, 120);
    assert.ok(frame.lines[0]?.startsWith('{inverse}'));
    assert.ok(frame.lines[0]?.endsWith('2026-01-02 03:04:05 {/inverse}'), frame.lines[0]);
  });

  test('header: version, release, PID, node, uptime, pipes and conns bars, counts', () => {
    const { text } = render(viewState(fixtureSnapshot()), 120, 30);
    assert.equal(text[1]?.trimEnd(), ' HAProxy Version: 2.6.12-1+deb12u4 (released: 2026/10/17)   PID: 2988 (proc 1)');
    assert.equal(text[2]?.trimEnd(), ' Node: vm (uptime 7s)');
    assert.match(text[3] ?? '', /^ Pipes: \[ +\] +0\/0 +Procs +Threads +Tasks +Queue +Proxies +Services/);
    assert.match(text[4] ?? '', /^ Conns: \[ +\] +0\/9982 /);
    assert.deepEqual(words(text[4]).slice(-6), ['1', '2', '22', '0', '7', '17']);
    // each count sits right-aligned under its title
    for (const title of ['Procs', 'Threads', 'Tasks', 'Queue', 'Proxies', 'Services']) {
      const end = (text[3] ?? '').indexOf(title) + title.length;
      assert.match((text[4] ?? '').slice(end - 1, end), /\d/, `${title}'s value ends under it`);
    }
  });

  test('header bars fill with use: half the connections -> half the bar', () => {
    const snap = buildSnapshot(bigStat(3), infoWith({ CurrConns: '4991', Maxconn: '9982', PipesUsed: '1', Maxpipes: '4' }), 0);
    const { text } = render(viewState(snap), 120, 30);
    const bar = (line: string | undefined): string => /\[([| ]+)\]/.exec(line ?? '')?.[1] ?? '';
    const conns = bar(text[4]);
    assert.ok(conns.length >= 10);
    assert.equal(conns.split('').filter((c) => c === '|').length, Math.round(conns.length / 2));
    assert.ok(conns.startsWith('|'));
    assert.equal(bar(text[3]).split('').filter((c) => c === '|').length, Math.round(bar(text[3]).length / 4));
    assert.match(text[4] ?? '', /4991\/9982/);
  });

  test('short terminals drop header lines first', () => {
    assert.equal(headerRow(render(viewState(), 120, 30).text), 5);
    assert.equal(headerRow(render(viewState(), 120, 20).text), 3);
    assert.equal(headerRow(render(viewState(), 120, 12).text), 1);
  });

  test("each view's table header has hatop's column names, in hatop's order", () => {
    const expected: Record<1 | 2 | 3 | 4, string[]> = {
      1: ['NAME', 'W', 'STATUS', 'CHECK', 'ACT', 'BCK', 'QCUR', 'QMAX', 'SCUR', 'SMAX', 'SLIM', 'STOT'],
      2: ['NAME', 'W', 'STATUS', 'LBTOT', 'RATE', 'RLIM', 'RMAX', 'BIN', 'BOUT'],
      3: ['NAME', 'W', 'STATUS', 'RATE', 'RMAX', 'RTOT', '1xx', '2xx', '3xx', '4xx', '5xx', '?xx'],
      4: ['NAME', 'W', 'STATUS', 'CHECK', 'CF', 'CD', 'CL', 'ECONN', 'EREQ', 'ERSP', 'DREQ', 'DRSP', 'DOWN'],
    };
    for (const width of [80, 120, 200]) {
      for (const mode of [1, 2, 3, 4] as const) {
        const { text, frame } = render(viewState(fixtureSnapshot(), { mode }), width, 30);
        const at = headerRow(text);
        assert.deepEqual(words(text[at]), expected[mode], `mode ${mode} at ${width}`);
        assert.ok(frame.lines[at]?.startsWith('{inverse}'));
      }
    }
  });

  test('groups: `>>> name` then FRONTEND, listeners, servers, BACKEND, then a blank line', () => {
    const { text } = render(viewState(fixtureSnapshot()), 120, 60);
    const at = headerRow(text);
    const body = text.slice(at + 1, at + 1 + 31).map((l) => words(l)[0] ?? '');
    assert.deepEqual(body, [
      '>>>', 'FRONTEND', 'main1', 'main2', '',
      '>>>', 'FRONTEND', 's1', 'BACKEND', '',
      '>>>', 'app1', 'app2', 'app3', 'app4', 'BACKEND', '',
      '>>>', 'FRONTEND', '',
      '>>>', 'w1', 'BACKEND', '',
      '>>>', 'FRONTEND', '',
      '>>>', 'c1', 'BACKEND', '',
    ]);
    const groups = text.filter((l) => l.startsWith(' >>> ')).map((l) => l.trim());
    assert.deepEqual(groups, ['>>> fe_main', '>>> stats_listen', '>>> be_app', '>>> web', '>>> web', '>>> checkee', '>>> be_chk']);
  });

  test('the selected row (and only it) is drawn inverse, across the full width', () => {
    const state = viewState(fixtureSnapshot(), { selectedId: sid('be_app/app2') });
    const { frame, text } = render(state, 120, 40);
    const inverse = frame.lines.map((l, i) => (l.startsWith('{inverse}') ? i : -1)).filter((i) => i > 0);
    const at = headerRow(text);
    const selected = inverse.filter((i) => i !== at && i !== frame.lines.length - 1);
    assert.equal(selected.length, 1);
    assert.equal(words(text[selected[0] ?? 0])[0], 'app2');
    assert.equal(text[selected[0] ?? 0]?.length, 120);
  });

  test('footer: view tabs, key hints and the selected [pxname/svname]; READ-ONLY without 5-CLI', () => {
    const { text } = render(viewState(fixtureSnapshot(), { selectedId: sid('web/w1') }), 160, 30);
    const footer = text[29] ?? '';
    assert.ok(footer.startsWith(' 1-STATUS  2-TRAFFIC  3-HTTP  4-ERRORS  5-CLI  6-SESSIONS  7-TABLES  8-MAPS  9-CERTS  0-INFO '), footer);
    assert.match(footer, /h=help q=quit \/=find ENTER=menu SPACE=sel +\[web\/w1\]$/);
    // Narrower, the hints go first (the help has them), then the other views' names.
    const mid = render(viewState(fixtureSnapshot(), { selectedId: sid('web/w1') }), 120, 30).text[29] ?? '';
    assert.match(mid, /^ 1-STATUS  2-TRAFFIC .* 0-INFO +\[web\/w1\]$/);
    const small = render(viewState(fixtureSnapshot(), { selectedId: sid('web/w1') }), 90, 30).text[29] ?? '';
    assert.match(small, /^ 1-STATUS  2  3  4  5  6  7  8  9  0 .*h=help.*\[web\/w1\]$/);
    const ro = render(viewState(fixtureSnapshot(), { selectedId: sid('web/w1'), config: { readOnly: true, intervalSec: 2 } }), 120, 30).text[29] ?? '';
    assert.ok(!ro.includes('5-CLI') && !ro.includes('ENTER=menu') && !ro.includes('SPACE'), ro);
    assert.match(ro, /READ-ONLY \[web\/w1\]$/);
    const narrow = render(viewState(fixtureSnapshot(), { selectedId: sid('web/w1') }), 60, 20).text[19] ?? '';
    assert.match(narrow, /\[web\/w1\]$/, 'the selection outlives the hints on narrow screens');
    const gone = render(viewState(fixtureSnapshot(), { selectedId: sid('web/w1'), selectionLabel: 'gone: be_app/app9' }), 120, 30).text[29] ?? '';
    assert.match(gone, /\[gone: be_app\/app9\]$/, 'the controller\'s label wins: a lost selection says so');
    const listener = render(viewState(fixtureSnapshot(), { selectedId: fixtureSnapshot().services.find((x) => x.kind === 'listener')?.id }), 120, 30).text[29] ?? '';
    assert.match(listener, /\[fe_main\/main1 \(listener\)\]$/, 'without one, the selected service\'s label');
  });

  test('status line: connecting, updated, a notice, unreachable (also in the top bar)', () => {
    const waiting = render(viewState(null), 120, 30).text;
    assert.ok(waiting.some((l) => l.includes('Waiting for HAProxy...')));
    assert.match(waiting[28] ?? '', /Connecting to HAProxy/);
    assert.match(waiting[0] ?? '', /\[connecting\]/);
    // The age of the data is on the right, whatever the left says.
    const updated = render(viewState(fixtureSnapshot(), { lastUpdate: NOW.getTime() }), 120, 30).text;
    assert.match(updated[28] ?? '', /^ +updated 03:04:05, every 2s$/);
    assert.equal(updated[28]?.length, 119);
    const notice = render(viewState(fixtureSnapshot(), { notice: { level: 'error', text: 'HAProxy refused {x}' } }), 120, 30).text;
    assert.equal(notice[28]?.trim(), 'HAProxy refused {x}');
    // With the time it was set, so a stale message can be told from a fresh one; the age stays beside it.
    const at = new Date(2026, 0, 2, 3, 4, 1).getTime();
    const timed = render(viewState(fixtureSnapshot(), { notice: { level: 'ok', text: 'Done: x.' }, noticeAt: at, lastUpdate: NOW.getTime() }), 120, 30).text;
    assert.match(timed[28] ?? '', /^ 03:04:01 Done: x\. +updated 03:04:05, every 2s$/);
    const down = viewState(fixtureSnapshot(), { connection: { kind: 'down', message: 'connect ECONNREFUSED', since: NOW.getTime() - 65_000 } });
    const downText = render(down, 120, 30).text;
    assert.equal(downText[28]?.trim(), 'HAProxy unreachable for 1m05s, retrying every second: connect ECONNREFUSED');
    assert.match(downText[0] ?? '', /\[HAProxy unreachable since 03:03:00\]/);
    assert.ok(downText.some((l) => l.startsWith(' >>> be_app')), 'the last data stays on screen');
    // While down, the age says the data is old rather than "updated".
    const downAged = render({ ...down, lastUpdate: NOW.getTime() - 66_000 }, 120, 30).text;
    assert.match(downAged[28] ?? '', /^ HAProxy unreachable for 1m05s, retrying every second: connect ECONNREFUSED +data from 03:02:59$/);
    // A notice set after the connection went down (a hotkey that failed) shows instead; an older one does not.
    const downAt = NOW.getTime() - 65_000;
    const failed = { level: 'error', text: 'Failed: set server be_app/app1 state maint: connect ECONNREFUSED.' } as const;
    // (set 55 s after it went down, 10 s ago: an error stays NOTICE_MS.error, 60 s)
    const newer = render({ ...down, notice: failed, noticeAt: downAt + 55_000 }, 120, 30).text;
    assert.match(newer[28] ?? '', /^ \d\d:\d\d:\d\d Failed: set server be_app\/app1 state maint/);
    assert.match(newer[0] ?? '', /\[HAProxy unreachable since 03:03:00\]/, 'the top bar still says it');
    const older = render({ ...down, notice: failed, noticeAt: downAt - 1 }, 120, 30).text;
    assert.equal(older[28]?.trim(), 'HAProxy unreachable for 1m05s, retrying every second: connect ECONNREFUSED');
    const untimed = render({ ...down, notice: failed }, 120, 30).text;
    assert.match(untimed[28] ?? '', /HAProxy unreachable for 1m05s/, 'a notice without a time is not known to be newer');
  });
});

describe('renderFrame: overlays and the CLI view', () => {
  test('the ENTER menu fits 80 columns and lists F1..F12 and the menu-only actions, one a line, with their letters and labels', () => {
    const state = viewState(fixtureSnapshot(), { selectedId: sid('be_app/app1'), overlay: { kind: 'menu', index: 0 }, menu: menuItems('server', false) });
    const { frame } = render(state, 80, 40);
    const popup = frame.popup;
    assert.ok(popup !== undefined);
    assert.ok(popup.width <= 80);
    assert.equal(popup.placement, 'bottom');
    assert.equal(popup.height, popup.lines.length + 2);
    const lines = popup.lines.map(untag);
    for (const line of lines) assert.ok(line.length <= popup.width - 2, `${JSON.stringify(line)} in a ${popup.width}-wide box`);
    assert.equal(lines[0]?.trim(), 'be_app/app1');
    const items: readonly (readonly [string, string, string])[] = [
      ['F1', 'E', 'enable all'], ['F2', 'M', 'maint all'], ['F3', 'D', 'drain all'], ['F4', '=', 'weight 100%'], ['F5', '<', 'weight -10'],
      ['F6', '-', 'weight -1'], ['F7', '+', 'weight +1'], ['F8', '>', 'weight +10'], ['F9', 'e', 'enable'], ['F10', 'm', 'maint'], ['F11', 'd', 'drain'],
      ['F12', 'S', 'safe maint'], ['', 'A', 'safe maint all'], ['', 'w', 'set weight'], ['', 'c', 'set maxconn'], ['', 'u', 'health UP'],
      ['', 'n', 'health NOLB'], ['', 'x', 'health DOWN'], ['', 'a', 'agent up'], ['', 'z', 'agent down'], ['', 'K', 'kill sessions'], ['', 'U', 'ready, wait UP'],
    ];
    for (const [i, [key, letter, label]] of items.entries()) {
      assert.equal(lines[1 + i]?.trimEnd(), ` ${key.padEnd(4)} ${letter}  ${label}`, `${key} ${label} on its own line`);
    }
    assert.equal(lines[23]?.trimEnd(), '      i  info');
    assert.ok(popup.lines[1]?.startsWith('{inverse}'), 'the first action is highlighted');
    assert.equal(popup.lines.filter((l) => l.startsWith('{inverse}')).length, 1, 'and only it');
  });

  test('the confirmation lists every command it will send', () => {
    const snap = syntheticSnapshot([
      { name: 'bk_a', iid: 2, servers: ['nginx1'], backend: true },
      { name: 'bk_b', iid: 3, servers: ['x', 'nginx1'], backend: true },
      { name: 'li_c', iid: 4, frontend: true, servers: ['nginx1'], backend: true },
    ]);
    const result = planServerAction('maint-all', snap, sid('bk_b/nginx1'));
    assert.ok(result.ok);
    const { frame } = render(viewState(snap, { selectedId: sid('bk_b/nginx1'), overlay: { kind: 'confirm', plan: result.plan } }), 80, 24);
    const popup = frame.popup;
    assert.ok(popup !== undefined && popup.placement === 'center');
    const text = popup.lines.map(untag);
    assert.equal(text[0]?.trim(), 'maintenance: nginx1 in 3 backends?');
    for (const id of ['bk_a/nginx1', 'bk_b/nginx1', 'li_c/nginx1']) assert.ok(text.includes(`   set server ${id} state maint`), id);
    // Only y sends: ENTER cancels, like n and ESC.
    assert.equal(text.at(-1), ' y: do it      n, ESC or ENTER: cancel (only y sends)');
    for (const line of text) assert.ok(line.length <= popup.width - 2);
  });

  test('help lists every binding of the keymap in force (read-only: none that change anything)', () => {
    const full = render(viewState(fixtureSnapshot(), { overlay: { kind: 'help' } }), 140, 120).text.join('\n');
    for (const b of KEYMAP) assert.ok(full.includes(b.description), `help misses: ${b.description}`);
    const ro = render(viewState(fixtureSnapshot(), { overlay: { kind: 'help' }, config: { readOnly: true, intervalSec: 2 } }), 140, 120).text.join('\n');
    for (const b of activeBindings(true)) assert.ok(ro.includes(b.description), b.description);
    for (const b of KEYMAP.filter((k) => k.mutating || k.interactive === true)) assert.ok(!ro.includes(b.description), `read-only help lists ${b.description}`);
  });

  test('at 80 columns help wraps long descriptions instead of cutting them', () => {
    const { text } = render(viewState(fixtureSnapshot(), { overlay: { kind: 'help' } }), 80, 150);
    const body = text.slice(5, 148);
    for (const line of body) assert.ok(line.length <= 80, JSON.stringify(line));
    const collapsed = body.join(' ').replace(/\s+/g, ' ');
    for (const b of KEYMAP) assert.ok(collapsed.includes(b.description.replace(/\s+/g, ' ')), `help at 80 columns: ${b.description}`);
    assert.ok(body.some((l) => /^ {20}\S/.test(l)), 'continuation lines are indented under the description');
  });

  test('help scrolls and the scroll is clamped', () => {
    const state = viewState(fixtureSnapshot(), { overlay: { kind: 'help' } });
    const top = render(state, 120, 24);
    const down = render(state, 120, 24, { ...initialScroll, helpTop: 5 });
    assert.equal(down.frame.scroll.helpTop, 5);
    assert.notDeepEqual(down.text.slice(5, 10), top.text.slice(5, 10));
    const far = render(state, 120, 24, { ...initialScroll, helpTop: 10_000 });
    assert.ok(far.frame.scroll.helpTop < 100);
    assert.match(far.text.slice(5, 22).join('\n'), /NO_COLOR/, 'the last help line shows at the bottom');
  });

  test('the CLI view: output above, ` > ` input line with the cursor cell inverse', () => {
    const log = new CliLog();
    log.exchange('show {weird}', 'line one\nline {two}', false, NOW);
    let line = editLine(emptyLine(), { kind: 'insert', text: 'set weight bk/s1 10' });
    line = editLine(editLine(line, { kind: 'left' }), { kind: 'left' });
    const { frame, text } = render(viewState(fixtureSnapshot(), { mode: 5 as ModeNumber, log, line }), 80, 24);
    const input = text[21] ?? '';
    assert.equal(input.trimEnd(), ' > set weight bk/s1 10');
    assert.ok(frame.lines[21]?.includes('{inverse}1{/inverse}0'), frame.lines[21]);
    const stamp = text.findIndex((l) => l.trimEnd() === ' * 03:04:05');
    assert.ok(stamp > 0, text.join('\n'));
    assert.deepEqual(text.slice(stamp, stamp + 4).map((l) => l.trimEnd()), [' * 03:04:05', ' > show {weird}', ' line one', ' line {two}']);
    assert.ok(frame.lines[stamp + 1]?.startsWith('{bold}'), 'the command is bold');
    assert.ok(!text.some((l) => l.startsWith(' NAME ')), 'no table in the CLI view');
  });

  test('a long CLI line scrolls so the cursor stays visible', () => {
    const line = editLine(emptyLine(), { kind: 'insert', text: `set map #1 ${'k'.repeat(200)}=v` });
    const { frame, text } = render(viewState(fixtureSnapshot(), { mode: 5, line }), 80, 24);
    assert.ok((text[21] ?? '').trimEnd().endsWith('k=v'), text[21]);
    assert.ok(frame.lines[21]?.endsWith('{inverse} {/inverse}'));
    assert.ok((text[21]?.length ?? 0) <= 80);
  });
});

describe('renderFrame: big tables and tiny terminals', () => {
  const big = buildSnapshot(bigStat(10_000), info26(), 0);
  const rows = buildRows(big);

  test('10,000 services: only the visible rows are formatted', () => {
    const spied = layout as unknown as { formatCells: typeof layout.formatCells };
    const original = spied.formatCells;
    let calls = 0;
    spied.formatCells = (...args) => {
      calls++;
      return original(...args);
    };
    try {
      const { text } = render(viewState(big), 200, 50);
      assert.equal(text.length, 50);
      assert.ok(calls > 0 && calls <= 50, `${calls} rows formatted for a 50-line screen`);
    } finally {
      spied.formatCells = original;
    }
  });

  test('10,000 services: END shows the last service, selected, on the last table line', () => {
    const last = lastId(rows);
    assert.equal(last, sid('bk_0099/BACKEND'));
    const { frame, text } = render(viewState(big, { selectedId: last }), 200, 50);
    assert.ok(frame.scroll.top > 10_000 - 100);
    const at = frame.lines.findIndex((l, i) => i > 5 && l.startsWith('{inverse}') && untag(l).startsWith(' BACKEND'));
    assert.ok(at > 0, 'the selected BACKEND row is on screen');
    assert.ok(text.some((l) => l.startsWith(' srv_09999 ')));
    assert.match(text[49] ?? '', /\[bk_0099\/BACKEND\]$/);
  });

  test('a terminal below 60x10 gets a line saying so, and one saying the other keys are off', () => {
    for (const [w, h] of [[40, 8], [59, 30], [120, 9], [40, 2]] as const) {
      const { frame, text } = render(viewState(), w, h);
      assert.equal(text.length, 2, `${w}x${h}`);
      assert.match(text[0] ?? '', new RegExp(`${w}x${h}.*60x10.*q quits`));
      assert.equal(text[1], 'Other keys are off until it is bigger.');
      assert.ok(text.every((l) => l.length <= w));
      assert.equal(frame.popup, undefined);
      assert.equal(frame.tooSmall, true);
    }
    // One row: the first line alone, cut to the width.
    const { text } = render(viewState(), 20, 1);
    assert.equal(text.length, 1);
    assert.ok((text[0]?.length ?? 0) <= 20);
    assert.match(text[0] ?? '', /^Too small/);
  });
});
