// Sorting the rows (pure): numbers as numbers, statuses by severity, text in any case, missing values last, ties in
// HAProxy's order, only within a proxy; the header's mark; and `>` / `<` stepping through a view's columns.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { columnsFor } from '../../src/view/columns';
import { buildFleetRows, type InstanceStatus } from '../../src/view/fleet-rows';
import { formatHeader, joinCells, tableWidths } from '../../src/view/layout';
import { renderPlain } from '../../src/view/plain';
import { buildRows } from '../../src/view/rows';
import { invertSort, resolveSort, severity, SORT_HEADERS, sortWords, stepSort, type RowSort, type SortSpec } from '../../src/view/sort';
import { labels, namesIn, snapshotOf, type Px } from '../support/sort-filter';

const sortBy = (header: string, order: 'asc' | 'desc', mode: 1 | 2 | 3 | 4 = 1): RowSort => {
  const sort = resolveSort({ header, order }, mode);
  assert.ok(sort !== undefined, `view ${mode} has ${header}`);
  return sort;
};

const APP: Px = {
  name: 'bk_app',
  frontend: true,
  servers: [
    { name: 'web10', scur: 10, weight: 5, status: 'UP' },
    { name: 'Web9', scur: 9, weight: 5, status: 'DOWN' },
    { name: 'alpha', scur: '', weight: 1, status: 'MAINT' },
    { name: 'beta', scur: 100, weight: 5, status: 'UP 1/3' },
    { name: 'gamma', scur: 9, weight: 0, status: 'DRAIN' },
  ],
  backend: true,
};
const API: Px = { name: 'bk_api', servers: [{ name: 'z', scur: 1 }, { name: 'y', scur: 2 }], backend: true };

describe('sorting rows', () => {
  const snapshot = snapshotOf([APP, API]);

  test('numbers sort as numbers (100 > 10 > 9), equal values keep HAProxy order, a missing value goes last in either order', () => {
    assert.deepEqual(namesIn(buildRows(snapshot, { sort: sortBy('SCUR', 'desc') }), 'bk_app'), ['FRONTEND', 'beta', 'web10', 'Web9', 'gamma', 'alpha', 'BACKEND']);
    assert.deepEqual(namesIn(buildRows(snapshot, { sort: sortBy('SCUR', 'asc') }), 'bk_app'), ['FRONTEND', 'Web9', 'gamma', 'web10', 'beta', 'alpha', 'BACKEND']);
  });

  test('ties keep HAProxy order whatever the order (stable both ways)', () => {
    assert.deepEqual(namesIn(buildRows(snapshot, { sort: sortBy('W', 'desc') }), 'bk_app'), ['FRONTEND', 'web10', 'Web9', 'beta', 'alpha', 'gamma', 'BACKEND']);
    assert.deepEqual(namesIn(buildRows(snapshot, { sort: sortBy('W', 'asc') }), 'bk_app'), ['FRONTEND', 'gamma', 'alpha', 'web10', 'Web9', 'beta', 'BACKEND']);
  });

  test('text in any case; statuses by severity: DOWN, MAINT, DRAIN, NOLB, transitions, UP', () => {
    assert.deepEqual(namesIn(buildRows(snapshot, { sort: sortBy('name', 'asc') }), 'bk_app'), ['FRONTEND', 'alpha', 'beta', 'gamma', 'web10', 'Web9', 'BACKEND']);
    assert.deepEqual(namesIn(buildRows(snapshot, { sort: sortBy('NAME', 'desc') }), 'bk_app'), ['FRONTEND', 'Web9', 'web10', 'gamma', 'beta', 'alpha', 'BACKEND']);
    assert.deepEqual(namesIn(buildRows(snapshot, { sort: sortBy('STATUS', 'desc') }), 'bk_app'), ['FRONTEND', 'Web9', 'alpha', 'gamma', 'beta', 'web10', 'BACKEND']);
    const states = ['UP', 'no check', 'UP 1/3', 'NOLB', 'DRAIN', 'MAINT (via bk/x)', 'DOWN 1/2', 'DOWN'];
    const ranks = states.map((status) => severity(snapshotOf([{ name: 'p', servers: [{ name: 's', status }] }]).services[0]!));
    assert.deepEqual(ranks, [0, 0, 2, 3, 4, 5, 6, 6]);
    const weightZero = snapshotOf([{ name: 'p', servers: [{ name: 's', status: 'UP', weight: 0 }] }]).services[0]!;
    assert.equal(severity(weightZero), 4, 'UP at weight 0 ranks with DRAIN, as the table colours it');
  });

  test('within each proxy only: the >>> line, FRONTEND and BACKEND stay, proxies keep their order', () => {
    const rows = buildRows(snapshot, { sort: sortBy('SCUR', 'desc') });
    assert.deepEqual(labels(rows), [
      '>>> bk_app', 'bk_app/FRONTEND', 'bk_app/beta', 'bk_app/web10', 'bk_app/Web9', 'bk_app/gamma', 'bk_app/alpha', 'bk_app/BACKEND', '',
      '>>> bk_api', 'bk_api/y', 'bk_api/z', 'bk_api/BACKEND', '',
    ]);
  });

  test('listeners are ordered among themselves, before the servers', () => {
    const li = snapshotOf([{ name: 'li', frontend: true, listeners: [{ name: 'l1', scur: 1 }, { name: 'l2', scur: 5 }], servers: [{ name: 's1', scur: 0 }, { name: 's2', scur: 7 }], backend: true }]);
    assert.deepEqual(namesIn(buildRows(li, { sort: sortBy('SCUR', 'desc') }), 'li'), ['FRONTEND', 'l2', 'l1', 's2', 's1', 'BACKEND']);
  });

  test('no sort is HAProxy order; the same server rows come back for an unchanged list', () => {
    assert.deepEqual(namesIn(buildRows(snapshot), 'bk_app'), ['FRONTEND', 'web10', 'Web9', 'alpha', 'beta', 'gamma', 'BACKEND']);
    const sort = sortBy('SCUR', 'desc');
    const a = buildRows(snapshot, { sort });
    const b = buildRows(snapshot, { sort });
    assert.ok(a.every((row, i) => row.kind !== 'service' || row.service.kind !== 'server' || row === b[i]), 'sorted once per list, kept');
  });

  test('with several instances, each instance\'s proxies are sorted the same way', () => {
    const up = { kind: 'up' } as const;
    const instances: InstanceStatus[] = ['lb1', 'lb2'].map((name) => ({ name, address: `${name}:9999`, connection: up, info: undefined, services: 0 }));
    const snaps = new Map([
      ['lb1', snapshotOf([API], 'lb1')],
      ['lb2', snapshotOf([{ name: 'bk_api', servers: [{ name: 'z', scur: 5 }, { name: 'y', scur: 3 }, { name: 'x', scur: 4 }] }], 'lb2')],
    ]);
    const rows = buildFleetRows(instances, (name) => snaps.get(name), { sort: sortBy('SCUR', 'desc') });
    assert.deepEqual(labels(rows), [
      '=== lb1', '>>> bk_api', 'lb1:bk_api/y', 'lb1:bk_api/z', 'lb1:bk_api/BACKEND', '',
      '=== lb2', '>>> bk_api', 'lb2:bk_api/z', 'lb2:bk_api/x', 'lb2:bk_api/y', '',
    ]);
  });
});

describe('sort columns and the header mark', () => {
  test('--sort knows every header of the four views, once each', () => {
    assert.equal(new Set(SORT_HEADERS).size, SORT_HEADERS.length);
    for (const mode of [1, 2, 3, 4] as const) for (const c of columnsFor(mode)) assert.ok(SORT_HEADERS.includes(c.header), c.header);
  });

  test('a sort is by header: RATE is rate in view 2 and req_rate in view 3; SCUR is in view 1 only', () => {
    assert.equal(resolveSort({ header: 'RATE', order: 'desc' }, 2)?.column.field, 'rate');
    assert.equal(resolveSort({ header: 'RATE', order: 'desc' }, 3)?.column.field, 'req_rate');
    assert.equal(resolveSort({ header: 'SCUR', order: 'desc' }, 2), undefined);
  });

  test('> walks the columns in their first order (numbers and STATUS down, text up), and past the last back to none; < the other way', () => {
    const seen: (SortSpec | undefined)[] = [];
    let spec: SortSpec | undefined;
    for (let i = 0; i <= columnsFor(1).length; i++) {
      spec = stepSort(spec, 1, 1);
      seen.push(spec);
    }
    assert.deepEqual(seen.slice(0, 4), [{ header: 'NAME', order: 'asc' }, { header: 'W', order: 'desc' }, { header: 'STATUS', order: 'desc' }, { header: 'CHECK', order: 'asc' }]);
    assert.equal(seen.at(-2)?.header, 'STOT');
    assert.equal(seen.at(-1), undefined);
    assert.deepEqual(stepSort(undefined, 1, -1), { header: 'STOT', order: 'desc' });
    assert.equal(stepSort({ header: 'NAME', order: 'asc' }, 1, -1), undefined);
    assert.deepEqual(stepSort({ header: 'SCUR', order: 'asc' }, 2, 1), { header: 'NAME', order: 'asc' }, 'from a column the view lacks: its first');
    assert.deepEqual(invertSort({ header: 'SCUR', order: 'desc' }), { header: 'SCUR', order: 'asc' });
    assert.equal(sortWords(sortBy('SCUR', 'desc')), 'SCUR, largest first');
    assert.equal(sortWords(sortBy('STATUS', 'desc')), 'STATUS, worst first');
    assert.equal(sortWords(sortBy('NAME', 'asc')), 'NAME, A to Z');
  });

  test('the sorted header reads `SCUR v` (descending) or `W ^` (ascending), whole, at 80 columns too', () => {
    for (const width of [78, 118]) {
      const mark = { column: 'scur', order: 'desc' } as const;
      const header = joinCells(formatHeader(columnsFor(1), tableWidths(1, width, undefined, mark), mark));
      assert.match(header, / SCUR v /, `${width}: ${header}`);
      assert.ok(header.length <= width);
      const up = { column: 'weight', order: 'asc' } as const;
      assert.match(joinCells(formatHeader(columnsFor(1), tableWidths(1, width, undefined, up), up)), / W \^ STATUS/);
    }
  });

  test('--once prints the sorted table with its mark', () => {
    const text = renderPlain(snapshotOf([API]), 1, 100, { sort: sortBy('SCUR', 'desc') });
    const lines = text.split('\n');
    assert.match(lines[0] ?? '', /SCUR v/);
    assert.deepEqual(lines.slice(1, 4).map((l) => l.trim().split(/\s+/)[0]), ['>>>', 'y', 'z']);
  });
});
