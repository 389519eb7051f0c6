// Sort and filter in the controller, on a stub transport and a manual clock: the selection stays on its service
// when the order changes; a filter hides and ESC restores; problems only; a hidden selection is never "gone"; the
// hotkeys act on what the footer names, and F1-F3 still on every backend.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Controller } from '../../src/app/controller';
import { flush, selectService, sid, StubTransport, controllers } from '../support/snapshots';
import { namesIn, statText, type Px } from '../support/sort-filter';

const { start } = controllers();

const lab = (brokenStatus = 'DOWN', nginx2Weight = 1): Px[] => [
  { name: 'fe_main', frontend: true },
  { name: 'bk_app', servers: [{ name: 'nginx2', scur: 3 }, { name: 'nginx1', scur: 1, status: 'MAINT' }], backend: true },
  { name: 'bk_api', servers: [{ name: 'api1', scur: 2 }, { name: 'api2', scur: 9 }, { name: 'nginx2', scur: 5, weight: nginx2Weight }], backend: true },
  { name: 'bk_static', servers: [{ name: 'static1' }, { name: 'broken', status: brokenStatus }], backend: true },
  { name: 'li_web', frontend: true, servers: [{ name: 'web1' }, { name: 'nginx2' }], backend: true },
];

function stubOf(proxies: Px[]): StubTransport {
  const stub = new StubTransport();
  stub.stat = statText(proxies);
  return stub;
}

const labels = (c: Controller): string[] => c.rows.flatMap((r) => (r.kind === 'service' ? [r.service.label] : []));
const overlay = (c: Controller): string => c.overlay.kind;
/** `>` until the view is sorted by `header`. */
function sortBy(c: Controller, header: string): void {
  for (let i = 0; i < 20 && !(c.notice?.text ?? '').startsWith(`Sorted by ${header},`); i++) c.dispatch('sort-next');
  assert.match(c.notice?.text ?? '', new RegExp(`^Sorted by ${header},`));
}

describe('controller: sort', () => {
  test('> steps to SCUR, the selection stays on its service while the order changes, I inverts, > past the last is HAProxy order', async () => {
    const { controller: c } = await start({}, stubOf(lab()));
    selectService(c, 'bk_api/api1');
    sortBy(c, 'SCUR');
    assert.deepEqual(namesIn(c.rows, 'bk_api'), ['api2', 'nginx2', 'api1', 'BACKEND']);
    assert.deepEqual(c.sortMark, { column: 'scur', order: 'desc' });
    assert.equal(c.selectionLabel, 'bk_api/api1', 'the selection is the service, not the row');
    c.dispatch('sort-invert');
    assert.deepEqual(namesIn(c.rows, 'bk_api'), ['api1', 'nginx2', 'api2', 'BACKEND']);
    assert.equal(c.notice?.text, 'Sorted by SCUR, smallest first (within each proxy; I inverts).');
    assert.equal(c.selectionLabel, 'bk_api/api1');
    for (let i = 0; i < 20 && c.sortMark !== undefined; i++) c.dispatch('sort-next');
    assert.equal(c.notice?.text, "HAProxy's order.");
    assert.deepEqual(namesIn(c.rows, 'bk_api'), ['api1', 'api2', 'nginx2', 'BACKEND']);
    c.dispatch('sort-invert');
    assert.match(c.notice?.text ?? '', /^Not sorted/);
    c.dispatch('sort-prev');
    assert.deepEqual(c.sortMark, { column: 'stot', order: 'desc' }, '< from no sort: the last column');
  });

  test('the sort follows new data at each refresh, and waits in a view without its column', async () => {
    const stub = stubOf(lab());
    const { controller: c, clock } = await start({ sort: { header: 'W', order: 'desc' } }, stub);
    assert.deepEqual(namesIn(c.rows, 'bk_api'), ['api1', 'api2', 'nginx2', 'BACKEND'], '--sort at start; equal weights keep their order');
    stub.stat = statText(lab('DOWN', 5));
    await clock.advance(2000);
    assert.deepEqual(namesIn(c.rows, 'bk_api'), ['nginx2', 'api1', 'api2', 'BACKEND']);
    c.dispatch('sort-invert');
    assert.deepEqual(namesIn(c.rows, 'bk_api'), ['api1', 'api2', 'nginx2', 'BACKEND']);
    const start2 = await start({ sort: { header: 'SCUR', order: 'desc' } }, stubOf(lab()));
    const d = start2.controller;
    assert.deepEqual(namesIn(d.rows, 'bk_api'), ['api2', 'nginx2', 'api1', 'BACKEND']);
    d.dispatch('mode-2');
    assert.equal(d.sortMark, undefined, 'TRAFFIC has no SCUR');
    assert.deepEqual(namesIn(d.rows, 'bk_api'), ['api1', 'api2', 'nginx2', 'BACKEND']);
    d.dispatch('mode-1');
    assert.deepEqual(namesIn(d.rows, 'bk_api'), ['api2', 'nginx2', 'api1', 'BACKEND']);
  });
});

describe('controller: filter', () => {
  test('f types a filter that applies at once; ENTER keeps it; f then ESC clears it and the view comes back', async () => {
    const { controller: c } = await start({}, stubOf(lab()));
    const all = labels(c);
    c.dispatch('filter');
    assert.equal(overlay(c), 'filter');
    for (const text of ['n', 'ng', 'nginx']) c.editFilter(text);
    assert.deepEqual(labels(c), ['bk_app/nginx2', 'bk_app/nginx1', 'bk_app/BACKEND', 'bk_api/nginx2', 'bk_api/BACKEND', 'li_web/FRONTEND', 'li_web/nginx2', 'li_web/BACKEND']);
    assert.deepEqual(c.filtered, { text: 'nginx', problems: false, shown: 8, total: 15 });
    c.endFilter(true);
    assert.equal(overlay(c), 'none');
    assert.equal(c.filtered?.shown, 8, 'ENTER keeps it');
    c.dispatch('filter');
    assert.equal(c.overlay.kind === 'filter' ? c.overlay.query : '', 'nginx', 'f again edits it');
    c.endFilter(false);
    assert.equal(c.filtered, undefined);
    assert.deepEqual(labels(c), all);
  });

  test('! shows only the problems; with text both apply; ! again shows all', async () => {
    const { controller: c } = await start({}, stubOf(lab()));
    c.dispatch('problems');
    assert.deepEqual(labels(c), ['bk_app/nginx1', 'bk_app/BACKEND', 'bk_static/broken', 'bk_static/BACKEND']);
    assert.match(c.notice?.text ?? '', /^Problems only/);
    c.dispatch('filter');
    c.editFilter('static');
    assert.deepEqual(c.filtered, { text: 'static', problems: true, shown: 2, total: 15 });
    c.endFilter(false);
    c.dispatch('problems');
    assert.equal(c.filtered, undefined);
    assert.equal(labels(c).length, 15);
  });

  test('a selection the filter hides moves to the nearest service shown, is not "gone", and comes back when the filter is cleared', async () => {
    const { controller: c, stub } = await start({}, stubOf(lab()));
    selectService(c, 'bk_api/api2');
    c.dispatch('filter');
    c.editFilter('nginx');
    assert.equal(c.selectionLabel, 'bk_api/nginx2', 'the next service shown');
    assert.equal(c.selection.lost, undefined);
    assert.equal(c.selection.refusal(), undefined, 'the hotkeys act on it');
    assert.notEqual(c.notice?.level, 'error');
    c.editFilter('nginx1');
    assert.equal(c.selectionLabel, 'bk_app/BACKEND', 'no follower left: the nearest before');
    c.endFilter(false);
    assert.equal(c.selectionLabel, 'bk_api/api2', 'back where it was');

    c.dispatch('filter');
    c.editFilter('nginx');
    c.endFilter(true);
    assert.equal(c.selectionLabel, 'bk_api/nginx2');
    c.dispatch('maint');
    await flush();
    assert.deepEqual(stub.commands(), ['set server bk_api/nginx2 state maint'], 'the hotkey acts on what the footer names');
    c.dispatch('down');
    assert.equal(c.selectionLabel, 'bk_api/BACKEND');
    c.dispatch('filter');
    c.endFilter(false);
    assert.equal(c.selectionLabel, 'bk_api/BACKEND', 'chosen meanwhile: it stays');
  });

  test('problems only: a server that recovers is hidden at the refresh, not lost; it is selected again when it shows', async () => {
    const stub = stubOf(lab());
    const { controller: c, clock } = await start({}, stub);
    c.dispatch('problems');
    selectService(c, 'bk_static/broken');
    stub.stat = statText(lab('UP'));
    await clock.advance(2000);
    assert.deepEqual(labels(c), ['bk_app/nginx1', 'bk_app/BACKEND']);
    assert.equal(c.selectionLabel, 'bk_app/BACKEND', 'the nearest shown');
    assert.equal(c.selection.lost, undefined);
    stub.stat = statText(lab('DOWN'));
    await clock.advance(2000);
    assert.equal(c.selectionLabel, 'bk_static/broken');
  });

  test('/ finds among the rows shown; F2 still lists every backend with the server, shown or not', async () => {
    const { controller: c, stub } = await start({}, stubOf(lab()));
    c.dispatch('filter');
    c.editFilter('bk_app');
    c.endFilter(true);
    c.dispatch('find');
    c.editFind('api');
    assert.equal(c.findMatches, false, 'bk_api is filtered out');
    c.editFind('nginx2');
    c.endFind(true);
    assert.equal(c.selectionLabel, 'bk_app/nginx2');
    c.dispatch('maint-all');
    await flush();
    assert.equal(overlay(c), 'confirm');
    const plan = c.overlay.kind === 'confirm' ? c.overlay.plan.commands.map((cmd) => cmd.text) : [];
    assert.deepEqual(plan, ['set server bk_app/nginx2 state maint', 'set server bk_api/nginx2 state maint', 'set server li_web/nginx2 state maint']);
    c.confirm(false);
    assert.ok(stub.sent.includes('show servers state'));
  });

  test('everything filtered out: no selection; clearing brings the selection back', async () => {
    const { controller: c } = await start({}, stubOf(lab()));
    selectService(c, 'bk_static/static1');
    c.dispatch('filter');
    c.editFilter('nothing matches this');
    assert.equal(c.rows.length, 0);
    assert.equal(c.selectedId, undefined);
    c.editFilter('');
    assert.equal(c.selectedId, sid('bk_static/static1'));
  });
});
