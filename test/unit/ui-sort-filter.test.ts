// Sort and filter on the real blessed screen in-process: the keys, the header's mark, the filter prompt, the top
// bar's count and the footer's FILTERED.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { footer, press, screenRigs, selectedIs, type FakeTerminal } from '../support/fake-terminal';
import { topBar } from '../../src/ui/header';
import { StubTransport, untag } from '../support/snapshots';
import { snapshotOf } from '../support/sort-filter';
import { statText, type Px } from '../support/sort-filter';

const { open } = screenRigs();

const LAB: Px[] = [
  { name: 'fe_main', frontend: true },
  { name: 'bk_app', servers: [{ name: 'nginx2', scur: 3 }, { name: 'nginx1', scur: 1, status: 'MAINT' }], backend: true },
  { name: 'bk_api', servers: [{ name: 'api1', scur: 2 }, { name: 'api2', scur: 9 }, { name: 'nginx2', scur: 5 }], backend: true },
  { name: 'bk_static', servers: [{ name: 'static1' }, { name: 'broken', status: 'DOWN' }], backend: true },
];

function stub(): StubTransport {
  const s = new StubTransport();
  s.stat = statText(LAB);
  return s;
}

const header = (t: FakeTerminal): string => t.lines().find((l) => l.startsWith(' NAME ')) ?? '';
/** The names of the rows under `>>> proxy`, in screen order. */
function names(t: FakeTerminal, proxy: string): string[] {
  const lines = t.lines();
  const at = lines.findIndex((l) => l.trim() === `>>> ${proxy}`);
  const out: string[] = [];
  for (let i = at + 1; at >= 0 && i < lines.length && (lines[i] ?? '').trim() !== ''; i++) out.push((lines[i] ?? '').trim().split(/\s+/)[0] ?? '');
  return out;
}
const statusRow = (t: FakeTerminal): string => t.lines().at(-2) ?? '';

describe('screen: sort', () => {
  test('> marks the sorted column in the header (SCUR v), I turns it to ^, and the rows follow', async () => {
    const rig = await open({ stub: stub() });
    const t = rig.term;
    for (let i = 0; i < 9; i++) press(rig, '>');
    await rig.until((x) => / SCUR v /.test(header(x)), 'SCUR v in the header');
    assert.deepEqual(names(t, 'bk_api'), ['api2', 'nginx2', 'api1', 'BACKEND']);
    assert.match(statusRow(t), /Sorted by SCUR, largest first/);
    press(rig, 'I');
    await rig.until((x) => / SCUR \^ /.test(header(x)), 'SCUR ^ in the header');
    assert.deepEqual(names(t, 'bk_api'), ['api1', 'nginx2', 'api2', 'BACKEND']);
    press(rig, '<');
    await rig.until((x) => / QMAX v /.test(header(x)) && !/SCUR [v^]/.test(header(x)), '< goes back one column');
  });
});

describe('screen: filter', () => {
  test('f opens the prompt, typing filters, the top bar counts, the footer says FILTERED, ESC clears', async () => {
    const rig = await open({ stub: stub() });
    const t = rig.term;
    press(rig, 'f');
    await rig.until((x) => statusRow(x).startsWith(' filter: '), 'the filter prompt');
    rig.term.type('NGINX');
    await rig.until((x) => (x.lines()[0] ?? '').includes('[filter "NGINX": 5 of 11]'), 'the count in the top bar');
    assert.match(statusRow(t), /^ filter: NGINX +5 of 11 shown; ENTER keeps, ESC clears/);
    assert.equal(t.rowOf('>>> bk_static'), -1, 'a proxy with nothing that matches is hidden whole');
    assert.deepEqual(names(t, 'bk_api'), ['nginx2', 'BACKEND']);
    assert.match(footer(t), /FILTERED \[bk_app\/nginx2\]\s*$/);
    press(rig, 'enter');
    await rig.until((x) => !statusRow(x).startsWith(' filter: '), 'the prompt closes, the filter stays');
    assert.match(t.lines()[0] ?? '', /\[filter "NGINX": 5 of 11\]/);
    press(rig, '!');
    await rig.until((x) => (x.lines()[0] ?? '').includes('[filter "NGINX" + problems: 2 of 11]'), 'text and problems');
    assert.deepEqual(names(t, 'bk_app'), ['nginx1', 'BACKEND']);
    press(rig, '!');
    await rig.until((x) => (x.lines()[0] ?? '').includes('[filter "NGINX": 5 of 11]'), 'problems off');
    press(rig, 'f');
    await rig.until((x) => statusRow(x).startsWith(' filter: NGINX'), 'f again edits the filter');
    press(rig, 'escape');
    await rig.until((x) => !(x.lines()[0] ?? '').includes('[filter') && x.rowOf('>>> bk_static') >= 0, 'ESC clears it');
    assert.doesNotMatch(footer(t), /FILTERED/);
  });

  test('nothing matches: the table says so and how to get the rows back; the selection returns after', async () => {
    const rig = await open({ stub: stub() });
    press(rig, 'down', 'down');
    await rig.until(selectedIs('bk_app/nginx1'), 'bk_app/nginx1 selected');
    press(rig, 'f');
    rig.term.type('zzz');
    await rig.until((x) => x.text().includes('No service passes the filter'), 'the empty table');
    press(rig, 'escape');
    await rig.until(selectedIs('bk_app/nginx1'), 'the selection back on bk_app/nginx1');
  });
});

describe('top bar: the filter beside the counts', () => {
  const snapshot = snapshotOf(LAB);
  const now = new Date(2026, 0, 2, 3, 4, 5);
  const bar = (width: number, filtered?: { text: string; problems: boolean; shown: number; total: number }): string =>
    untag(topBar('0.1.0', '/run/haproxy/admin.sock', { kind: 'up' }, now, width, snapshot, { color: false }, undefined, filtered));

  test('wide: the whole tag, the socket and the counts (at 140 columns)', () => {
    assert.match(bar(140, { text: 'nginx', problems: true, shown: 2, total: 11 }), /^ hatop-ts 0\.1\.0 {2}\[filter "nginx" \+ problems: 2 of 11\] {2}\/run\/haproxy\/admin\.sock {2}1 DOWN {2}1 MAINT/);
    assert.match(bar(140, { text: '', problems: true, shown: 2, total: 11 }), /\[problems: 2 of 11\]/);
  });

  test('80 columns: the tag shortens and the socket goes before the counts do', () => {
    const text = bar(80, { text: 'nginx', problems: true, shown: 2, total: 11 });
    assert.equal(text.length, 80);
    assert.match(text, /^ hatop-ts 0\.1\.0 {2}\["nginx"\+! 2\/11\] +1 DOWN {2}1 MAINT {2}0 DRAIN {2}0 NOLB {2}03:04:05 $/);
    assert.match(bar(80), /^ hatop-ts 0\.1\.0 {2}\/run\/haproxy\/admin {2}1 DOWN/, 'without a filter, as before: the socket cut');
  });
});
