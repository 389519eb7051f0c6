import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { figure, sparkline } from '../../src/view/sparkline';
import { historyPane } from '../../src/ui/history-pane';
import { HistoryStore } from '../../src/stats/history';
import { requestSpark, topBar } from '../../src/ui/header';
import { renderFrame, initialScroll } from '../../src/ui/frame';
import { fixtureSnapshot, untag, viewState } from '../support/snapshots';

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
  test('at 80x24: the title names the service and the span; each series with its current value', () => {
    const lines = historyPane('bk_app/nginx2', history(61).get('x'), 80, 18, true).map(untag);
    assert.match(lines[0] ?? '', /History of bk_app\/nginx2 \(61 points, last 1m0?0?s\)/);
    const req = lines.find((l) => l.includes('requests/s')) ?? '';
    assert.match(req, /requests\/s\s+20\s+█+ max 20/);
    const errors = lines.find((l) => l.includes('5xx/s')) ?? '';
    assert.match(errors, /5xx\/s\s+1\s/);
    assert.equal(lines.length, 9);
    for (const line of lines) assert.ok(line.length <= 80, `${line.length}: ${line}`);
  });

  test('wider terminals get longer sparklines', () => {
    const narrow = historyPane('fe/FRONTEND', history(300).get('x'), 80, 18, true).map(untag);
    const wide = historyPane('fe/FRONTEND', history(300).get('x'), 200, 40, true).map(untag);
    const width = (lines: string[]): number => (lines.find((l) => l.includes('requests/s')) ?? '').length;
    assert.ok(width(wide) > width(narrow) + 100);
    for (const line of wide) assert.ok(line.length <= 200);
  });

  test('too small, or no history yet: one line says so', () => {
    assert.match(untag(historyPane('a/b', history(3).get('x'), 70, 18, true)[1] ?? ''), /needs 80x24/);
    assert.match(untag(historyPane('a/b', undefined, 80, 18, true)[2] ?? ''), /No history yet/);
  });

  test('in the frame: the pane replaces the table while the overlay is open', () => {
    const store = history(10);
    const state = viewState(fixtureSnapshot(), { overlay: { kind: 'history' }, historyOf: () => store.get('x') });
    const frame = renderFrame(state, initialScroll, { width: 80, height: 24, now: new Date(0), version: '0', address: 'sock', theme: { color: true, unicode: true } });
    assert.ok(frame.lines.some((l) => untag(l).includes('requests/s')));
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
