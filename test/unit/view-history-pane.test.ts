import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { figure, sparkline } from '../../src/view/sparkline';
import { historyPane } from '../../src/ui/history-pane';
import { HistoryStore } from '../../src/stats/history';
import { requestSpark, topBar } from '../../src/ui/header';
import { renderFrame, initialScroll } from '../../src/ui/frame';
import { fixtureSnapshot, untag, viewState } from '../support/snapshots';
import { FakeTerminal } from '../support/fake-terminal';
import type { Chart } from '../../src/ui/cells';

describe('sparkline', () => {
  test('scaled to the largest shown value; gaps are spaces; padded to the width', () => {
    assert.equal(sparkline([0, 1, 2, 4, 8], 5, true), '▁▁▂▄█');
    assert.equal(sparkline([0, Number.NaN, 8], 3, true), '▁ █');
    assert.equal(sparkline([5, 5], 4, true), '  ██');
    assert.equal(sparkline([0, 0, 0], 3, true), '▁▁▁');
  });

  test('only the last `width` points; ASCII when the terminal has no UTF-8', () => {
    assert.equal(sparkline([100, 0, 1, 2, 4, 8], 5, false), '__.-#');
    assert.equal(sparkline([1, 2, 3], 0, true), '');
  });

  test('figures', () => {
    assert.deepEqual([figure(12), figure(2.345), figure(150.4), figure(12345), figure(2.5e6), figure(Number.NaN), figure(undefined)], ['12', '2.3', '150', '12.3k', '2.5M', '-', '-']);
  });
});

function history(points: number): HistoryStore {
  const store = new HistoryStore();
  for (let i = 0; i < points; i++) store.record('x', false, 1000 + i * 1000, '1', { rate: i, req_rate: 20, hrsp_5xx: i, scur: 3, qcur: 0, rtime: 12, ttime: 40 });
  return store;
}

describe('historyPane', () => {
  test('at 80x24: the heading names the service and the span; two boxes of series, each with its current value and range', () => {
    const pane = historyPane('bk_app/nginx2', history(61).get('x'), 80, 18);
    assert.equal(pane.lines.length, 1);
    assert.match(untag(pane.lines[0] ?? ''), /History of bk_app\/nginx2 \(61 points, last 1m0?0?s\)/);
    assert.deepEqual(
      pane.charts.map((c) => [c.label, c.top, c.left, c.width, c.height]),
      [
        [' per second ', 1, 0, 40, 11],
        [' now ', 1, 40, 40, 14],
      ],
    );
    const [rates, now] = pane.charts;
    assert.deepEqual(rates?.titles, ['requests/s 20, min 20, max 20', 'sessions/s 60, min 23, max 60', '5xx/s 1, min 1, max 1']);
    assert.deepEqual(now?.titles, ['sessions 3, min 3, max 3', 'queue 0, min 0, max 0', 'resp ms 12, min 12, max 12', 'total ms 40, min 40, max 40']);
    // As many points as the box is wide inside, as whole steps of the largest.
    assert.equal(rates?.data[1]?.length, 38);
    assert.equal(rates?.data[1]?.at(-1), 1000);
    assert.equal(rates?.data[1]?.[0], Math.round((23 / 60) * 1000));
  });

  test('wider terminals get longer sparklines; a gap reads as the smallest point, never as a spike', () => {
    const wide = historyPane('fe/FRONTEND', history(300).get('x'), 200, 40);
    assert.equal(wide.charts[0]?.data[0]?.length, 98);
    const store = history(5);
    store.record('x', true, 9000, '2', { rate: 0, req_rate: 0, hrsp_5xx: 0, scur: 0, qcur: 0, rtime: 0, ttime: 0 });
    const gap = historyPane('fe/FRONTEND', store.get('x'), 80, 18).charts[0]?.data[0] ?? [];
    for (const step of gap) assert.ok(Number.isInteger(step) && step >= 0 && step <= 1000, String(gap));
  });

  test('too small, or no history yet: one line says so, and no box is drawn', () => {
    const small = historyPane('a/b', history(3).get('x'), 70, 18);
    assert.match(untag(small.lines[1] ?? ''), /needs 80x24/);
    assert.equal(small.charts.length, 0);
    assert.equal(historyPane('a/b', history(3).get('x'), 80, 14).charts.length, 0);
    const empty = historyPane('a/b', undefined, 80, 18);
    assert.match(untag(empty.lines[2] ?? ''), /No history yet/);
    assert.equal(empty.charts.length, 0);
  });

  test('in the frame: the pane replaces the table, its boxes placed below the heading', () => {
    const store = history(10);
    const state = viewState(fixtureSnapshot(), { overlay: { kind: 'history' }, historyOf: () => store.get('x') });
    const frame = renderFrame(state, initialScroll, { width: 80, height: 24, now: new Date(0), version: '0', address: 'sock', theme: { color: true, unicode: true } });
    const heading = frame.lines.findIndex((l) => untag(l).includes('History of'));
    assert.ok(heading > 0);
    assert.deepEqual(frame.charts?.map((c) => c.top), [heading + 1, heading + 1]);
    assert.ok(!frame.lines.some((l) => untag(l).includes('>>>')), 'no table behind the pane');
  });
});

describe('the chart boxes on a real blessed screen', () => {
  const chart = (label: string, left: number): Chart => ({ top: 2, left, width: 30, height: 10, label, titles: ['requests/s 8, min 0, max 8', '5xx/s 0, min 0, max 0'], data: [[0, 250, 500, 1000], [0, 0, 0, 0]] });

  test('blessed-contrib draws each box with its label, titles and ticks; closing them draws the page again', () => {
    const term = new FakeTerminal(80, 24);
    try {
      const page = Array.from({ length: 24 }, (_, i) => `page line ${i}`.padStart(75));
      // As the screen does: the page first, then the boxes open over a page already drawn.
      term.terminal.show(page);
      term.terminal.show(page, undefined, [chart(' per second ', 0), chart(' now ', 30)]);
      const text = term.text();
      assert.match(text, /per second/);
      assert.match(text, / now /);
      assert.match(text, /requests\/s 8, min 0, max 8:/);
      assert.match(text, /▁▂▄█/);
      assert.match(term.lines()[0] ?? '', /page line 0\s*$/);
      assert.match(term.lines()[5] ?? '', /page line 5\s*$/, 'right of the boxes the page shows');
      term.terminal.show(page);
      assert.deepEqual(term.lines().map((l) => l.trimEnd()), page);
    } finally {
      term.destroy();
    }
  });
});

describe('the top bar sparkline', () => {
  test('the total request rate, when there is room', () => {
    assert.equal(requestSpark([1, 2], true), 'req/s ▄█ 2');
    assert.equal(requestSpark([1], true), '');
    const rates = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14];
    const wide = untag(topBar('1', '/run/haproxy.sock', { kind: 'up' }, new Date(0), 160, fixtureSnapshot(), { color: true, unicode: true }, undefined, undefined, rates));
    assert.match(wide, /req\/s \S{12} 14/);
    assert.equal(wide.length, 160);
    const narrow = untag(topBar('1', '/run/haproxy.sock', { kind: 'up' }, new Date(0), 80, fixtureSnapshot(), { color: true, unicode: true }, undefined, undefined, rates));
    assert.doesNotMatch(narrow, /req\/s/);
    assert.equal(narrow.length, 80);
  });
});
