// Filtering the rows (pure): text against proxy, name, status and address, in any case; problems only; a proxy
// hidden whole when nothing of it passes, its FRONTEND/BACKEND kept when a server does; and the counts.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildFleetRows, type InstanceStatus } from '../../src/view/fleet-rows';
import { isProblem, passes } from '../../src/view/row-filter';
import { buildRows, rowCounts } from '../../src/view/rows';
import { resolveSort } from '../../src/view/sort';
import { labels, snapshotOf, type Px } from '../support/sort-filter';

const LAB: Px[] = [
  { name: 'fe_main', frontend: true },
  { name: 'bk_app', servers: [{ name: 'nginx2', addr: '10.0.0.2:80' }, { name: 'nginx1', addr: '10.0.0.1:80', status: 'MAINT' }], backend: true },
  { name: 'bk_api', servers: [{ name: 'api1', addr: '10.0.1.1:8080' }, { name: 'api2', addr: '10.0.1.2:8080', status: 'UP 1/3' }, { name: 'NGINX2', addr: '10.0.0.2:80' }], backend: true },
  { name: 'bk_static', servers: [{ name: 'static1' }, { name: 'broken', status: 'DOWN', check: 'L4CON' }, { name: 'busy', qcur: 3 }], backend: true },
  { name: 'li_web', frontend: true, servers: [{ name: 'web1' }, { name: 'web2', status: 'no check' }], backend: true },
];
const snapshot = snapshotOf(LAB);
const text = (t: string, problems = false): { filter: { text: string; problems: boolean } } => ({ filter: { text: t, problems } });

describe('filtering rows', () => {
  test('text: any case, on names; a proxy with a match keeps its FRONTEND and BACKEND; others are hidden whole', () => {
    assert.deepEqual(labels(buildRows(snapshot, text('NginX'))), [
      '>>> bk_app', 'bk_app/nginx2', 'bk_app/nginx1', 'bk_app/BACKEND', '',
      '>>> bk_api', 'bk_api/NGINX2', 'bk_api/BACKEND', '',
    ]);
  });

  test('text: on the proxy name (every row of it), the status, the address', () => {
    assert.deepEqual(labels(buildRows(snapshot, text('static'))), ['>>> bk_static', 'bk_static/static1', 'bk_static/broken', 'bk_static/busy', 'bk_static/BACKEND', '']);
    assert.deepEqual(labels(buildRows(snapshot, text('maint'))), ['>>> bk_app', 'bk_app/nginx1', 'bk_app/BACKEND', '']);
    assert.deepEqual(labels(buildRows(snapshot, text('10.0.1.'))), ['>>> bk_api', 'bk_api/api1', 'bk_api/api2', 'bk_api/BACKEND', '']);
  });

  test('a FRONTEND or BACKEND that passes on its own shows without servers (a stopped frontend, its name)', () => {
    assert.deepEqual(labels(buildRows(snapshot, text('open'))), ['>>> fe_main', 'fe_main/FRONTEND', '', '>>> li_web', 'li_web/FRONTEND', '']);
  });

  test('problems only: not UP/OPEN/no check, failing checks, a queue; with text, both must match', () => {
    assert.deepEqual(labels(buildRows(snapshot, text('', true))), [
      '>>> bk_app', 'bk_app/nginx1', 'bk_app/BACKEND', '',
      '>>> bk_api', 'bk_api/api2', 'bk_api/BACKEND', '',
      '>>> bk_static', 'bk_static/broken', 'bk_static/busy', 'bk_static/BACKEND', '',
    ]);
    assert.deepEqual(labels(buildRows(snapshot, text('bro', true))), ['>>> bk_static', 'bk_static/broken', 'bk_static/BACKEND', '']);
    assert.deepEqual(labels(buildRows(snapshot, text('nginx2', true))), []);
    const problems = snapshot.services.filter(isProblem).map((s) => s.label);
    assert.deepEqual(problems, ['bk_app/nginx1', 'bk_api/api2', 'bk_static/broken', 'bk_static/busy']);
  });

  test('an empty filter is no filter', () => {
    assert.deepEqual(labels(buildRows(snapshot, text(''))), labels(buildRows(snapshot)));
    assert.ok(passes(snapshot.services[0]!, undefined));
  });

  test('the counts: services shown, of those of the proxies -p keeps', () => {
    assert.deepEqual(rowCounts(buildRows(snapshot)), { shown: 16, total: 16 });
    assert.deepEqual(rowCounts(buildRows(snapshot, text('nginx'))), { shown: 5, total: 16 });
    assert.deepEqual(rowCounts(buildRows(snapshot, text('', true))), { shown: 7, total: 16 });
    assert.deepEqual(rowCounts(buildRows(snapshot, { proxies: ['bk_api'], ...text('api1') })), { shown: 2, total: 4 });
    assert.deepEqual(rowCounts(buildRows(snapshot, text('nothing at all'))), { shown: 0, total: 16 });
  });

  test('sorted and filtered at once: the servers that pass, in order', () => {
    const sort = resolveSort({ header: 'NAME', order: 'desc' }, 1);
    assert.deepEqual(labels(buildRows(snapshot, { sort, ...text('bk_api') })), ['>>> bk_api', 'bk_api/NGINX2', 'bk_api/api2', 'bk_api/api1', 'bk_api/BACKEND', '']);
  });

  test('letters typed, removed, ! and sorts in any sequence give what a fresh build gives (the narrowing cache)', () => {
    const name = resolveSort({ header: 'NAME', order: 'desc' }, 1);
    const scur = resolveSort({ header: 'SCUR', order: 'asc' }, 1);
    const steps = [
      { sort: name }, { sort: name, ...text('n') }, { sort: name, ...text('ng') }, { sort: name, ...text('ng', true) },
      { sort: name, ...text('nginx1', true) }, { sort: name, ...text('ng') }, { sort: scur, ...text('ng') }, { ...text('ngi') },
      { ...text('') }, { sort: scur, ...text('', true) }, { sort: scur, ...text('b', true) }, {},
    ];
    const kept = snapshotOf(LAB);
    for (const step of steps) assert.deepEqual(labels(buildRows(kept, step)), labels(buildRows(snapshotOf(LAB), step)), JSON.stringify(step));
  });

  test('several instances: the filter in each, the counts summed', () => {
    const up = { kind: 'up' } as const;
    const instances: InstanceStatus[] = ['lb1', 'lb2'].map((name) => ({ name, address: name, connection: up, info: undefined, services: 0 }));
    const snaps = new Map([['lb1', snapshotOf(LAB, 'lb1')], ['lb2', snapshotOf(LAB, 'lb2')]]);
    const rows = buildFleetRows(instances, (name) => snaps.get(name), text('broken'));
    assert.deepEqual(labels(rows), [
      '=== lb1', '>>> bk_static', 'lb1:bk_static/broken', 'lb1:bk_static/BACKEND', '',
      '=== lb2', '>>> bk_static', 'lb2:bk_static/broken', 'lb2:bk_static/BACKEND', '',
    ]);
    assert.deepEqual(rowCounts(rows), { shown: 4, total: 32 });
  });
});
