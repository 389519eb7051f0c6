import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Proxy, Service, ServiceKind, Snapshot } from '../../src/stats/types';
import { serviceId, serviceLabel } from '../../src/stats/model';
import { recordFields } from '../../src/stats/stat';
import { sid } from '../support/snapshots';
import {
  buildRows,
  findService,
  firstId,
  lastId,
  moveSelection,
  reconcileSelection,
  rowOf,
  scrollTop,
  serviceIndexes,
  visibleWindow,
  type DisplayRow,
} from '../../src/view/rows';

function svc(proxy: string, name: string, kind: ServiceKind, sid = 0): Service {
  return {
    id: serviceId(kind, proxy, name),
    instance: undefined,
    label: serviceLabel(kind, proxy, name),
    proxy,
    name,
    kind,
    iid: 1,
    sid,
    status: 'UP',
    state: { kind: 'up', raw: 'UP' },
    fields: recordFields({}),
  };
}

/** A proxy with a FRONTEND (if fe), servers by name, a BACKEND (if be). */
function px(name: string, iid: number, opts: { fe?: boolean; be?: boolean; servers?: readonly string[] }): Proxy {
  const frontend = opts.fe === true ? svc(name, 'FRONTEND', 'frontend') : undefined;
  const backend = opts.be === true ? svc(name, 'BACKEND', 'backend') : undefined;
  const servers = (opts.servers ?? []).map((s, i) => svc(name, s, 'server', i + 1));
  const services = [...(frontend ? [frontend] : []), ...servers, ...(backend ? [backend] : [])];
  return { name, iid, frontend, listeners: [], servers, backend, services };
}

function snap(proxies: readonly Proxy[]): Snapshot {
  const services = proxies.flatMap((p) => p.services);
  return {
    at: 0,
    info: new Map(),
    proxies,
    services,
    byId: new Map(services.map((s) => [s.id, s])),
    columns: [],
  };
}

/** Group lines by their text, services by their label. */
function describeRows(rows: readonly DisplayRow[]): string[] {
  return rows.map((r) => (r.kind === 'group' ? r.text : r.kind === 'service' ? r.service.label : ''));
}

const base = snap([
  px('fe_main', 2, { fe: true }),
  px('be_app', 3, { servers: ['app1', 'app2', 'app3'], be: true }),
  px('web', 4, { fe: true }),
  px('web', 5, { servers: ['w1'], be: true }),
]);

describe('buildRows', () => {
  test('per proxy: >>> line, FRONTEND, servers, BACKEND, blank line', () => {
    assert.deepEqual(describeRows(buildRows(base)), [
      '>>> fe_main', 'fe_main/FRONTEND', '',
      '>>> be_app', 'be_app/app1', 'be_app/app2', 'be_app/app3', 'be_app/BACKEND', '',
      '>>> web', 'web/FRONTEND', '',
      '>>> web', 'web/w1', 'web/BACKEND', '',
    ]);
    const rows = buildRows(base);
    const group = rows[3];
    assert.ok(group?.kind === 'group');
    assert.equal(group.proxy.iid, 3);
  });

  test('the proxy filter keeps every proxy of a name (frontend and backend web)', () => {
    assert.deepEqual(describeRows(buildRows(base, { proxies: ['web'] })), [
      '>>> web', 'web/FRONTEND', '', '>>> web', 'web/w1', 'web/BACKEND', '',
    ]);
    assert.deepEqual(describeRows(buildRows(base, { proxies: ['fe_main', 'nope'] })), [
      '>>> fe_main', 'fe_main/FRONTEND', '',
    ]);
    assert.equal(buildRows(base, { proxies: [] }).length, buildRows(base).length);
    assert.deepEqual(buildRows(base, { proxies: ['nope'] }), []);
  });

  test('group text is terminal-safe', () => {
    const rows = buildRows(snap([px('bad\x1bname', 9, { fe: true })]));
    assert.equal(rows[0]?.kind === 'group' ? rows[0].text : '', '>>> bad^[name');
  });
});

describe('row lookups', () => {
  const rows = buildRows(base);
  test('service indexes skip group and blank lines', () => {
    assert.deepEqual(serviceIndexes(rows), [1, 4, 5, 6, 7, 10, 13, 14]);
  });
  test('rowOf, firstId, lastId', () => {
    assert.equal(rowOf(rows, sid('be_app/app2')), 5);
    assert.equal(rowOf(rows, sid('web/w1')), 13);
    assert.equal(rowOf(rows, sid('gone/x')), undefined);
    assert.equal(rowOf(rows, undefined), undefined);
    assert.equal(firstId(rows), sid('fe_main/FRONTEND'));
    assert.equal(lastId(rows), sid('web/BACKEND'));
    assert.equal(firstId([]), undefined);
    assert.equal(lastId([{ kind: 'blank' }]), undefined);
  });
});

describe('moveSelection', () => {
  const rows = buildRows(base);
  test('moves over service rows only', () => {
    assert.equal(moveSelection(rows, sid('fe_main/FRONTEND'), 1), sid('be_app/app1'));
    assert.equal(moveSelection(rows, sid('be_app/app1'), -1), sid('fe_main/FRONTEND'));
    assert.equal(moveSelection(rows, sid('be_app/BACKEND'), 1), sid('web/FRONTEND'));
  });
  test('clamped at both ends; pages move several services', () => {
    assert.equal(moveSelection(rows, sid('fe_main/FRONTEND'), -1), sid('fe_main/FRONTEND'));
    assert.equal(moveSelection(rows, sid('web/BACKEND'), 1), sid('web/BACKEND'));
    assert.equal(moveSelection(rows, sid('fe_main/FRONTEND'), 3), sid('be_app/app3'));
    assert.equal(moveSelection(rows, sid('be_app/app2'), 10), sid('web/BACKEND'));
    assert.equal(moveSelection(rows, sid('be_app/app2'), -10), sid('fe_main/FRONTEND'));
  });
  test('no or unknown selection starts at an end; no services -> undefined', () => {
    assert.equal(moveSelection(rows, undefined, 1), sid('fe_main/FRONTEND'));
    assert.equal(moveSelection(rows, sid('gone/x'), -1), sid('web/BACKEND'));
    assert.equal(moveSelection([], 'x', 1), undefined);
  });
});

describe('selection is a service id, never a row number (hatop fault 1)', () => {
  const before = buildRows(base);
  const selected = sid('be_app/app3');

  test('a server above the selection is deleted: same service, new row', () => {
    const after = buildRows(
      snap([
        px('fe_main', 2, { fe: true }),
        px('be_app', 3, { servers: ['app2', 'app3'], be: true }),
        px('web', 4, { fe: true }),
        px('web', 5, { servers: ['w1'], be: true }),
      ]),
    );
    const id = reconcileSelection(before, after, selected);
    assert.equal(id, selected);
    assert.equal(rowOf(before, selected), 6);
    assert.equal(rowOf(after, id), 5);
    // The old row number now points at another service: exactly what must not be used.
    const old = after[6];
    assert.ok(old?.kind === 'service' && old.service.id !== selected);
  });

  test('a new server is inserted above: same service', () => {
    const after = buildRows(
      snap([
        px('new_px', 1, { fe: true }),
        px('fe_main', 2, { fe: true }),
        px('be_app', 3, { servers: ['app0', 'app1', 'app2', 'app3'], be: true }),
      ]),
    );
    const id = reconcileSelection(before, after, selected);
    assert.equal(id, selected);
    assert.equal(rowOf(after, id), 10);
  });

  test('the selected server vanishes: the next one after it, else the previous', () => {
    const without3 = buildRows(
      snap([px('fe_main', 2, { fe: true }), px('be_app', 3, { servers: ['app1', 'app2'], be: true })]),
    );
    assert.equal(reconcileSelection(before, without3, selected), sid('be_app/BACKEND'));
    const without2 = buildRows(snap([px('be_app', 3, { servers: ['app1', 'app3'], be: true })]));
    assert.equal(reconcileSelection(before, without2, sid('be_app/app2')), sid('be_app/app3'));
    // The last service vanishes: the previous one.
    const noWebBackend = buildRows(snap([px('web', 5, { servers: ['w1'] })]));
    assert.equal(reconcileSelection(before, noWebBackend, sid('web/BACKEND')), sid('web/w1'));
  });

  test('a filter removes the selected proxy: nearest shown service, not a row number', () => {
    const filtered = buildRows(base, { proxies: ['fe_main', 'web'] });
    assert.equal(reconcileSelection(before, filtered, selected), sid('web/FRONTEND'));
    const onlyFirst = buildRows(base, { proxies: ['fe_main'] });
    assert.equal(reconcileSelection(before, onlyFirst, selected), sid('fe_main/FRONTEND'));
    // Keeps the selection when the filter still shows it.
    assert.equal(reconcileSelection(before, buildRows(base, { proxies: ['be_app'] }), selected), selected);
  });

  test('nothing selected yet -> first; nothing shown -> undefined; unknown id -> first', () => {
    assert.equal(reconcileSelection([], before, undefined), sid('fe_main/FRONTEND'));
    assert.equal(reconcileSelection(before, [], selected), undefined);
    assert.equal(reconcileSelection(before, before, sid('gone/x')), sid('fe_main/FRONTEND'));
  });

  test('all old neighbours gone: about the same position', () => {
    const other = buildRows(snap([px('z', 9, { servers: ['a', 'b', 'c', 'd', 'e'] })]));
    const old = buildRows(snap([px('y', 8, { servers: ['a', 'b', 'c'] })]));
    assert.equal(reconcileSelection(old, other, sid('y/c')), sid('z/c'));
  });
});

describe('visibleWindow', () => {
  test('no scrolling while the selection is visible', () => {
    assert.equal(visibleWindow(100, 10, 5, 0), 0);
    assert.equal(visibleWindow(100, 10, 29, 20), 20);
    assert.equal(visibleWindow(100, 10, 20, 20), 20);
  });
  test('minimal scrolling down and up', () => {
    assert.equal(visibleWindow(100, 10, 10, 0), 1);
    assert.equal(visibleWindow(100, 10, 55, 0), 46);
    assert.equal(visibleWindow(100, 10, 19, 20), 19);
    assert.equal(visibleWindow(100, 10, 0, 50), 0);
  });
  test('clamped when the list shrank or fits entirely', () => {
    assert.equal(visibleWindow(30, 10, undefined, 50), 20);
    assert.equal(visibleWindow(5, 10, 3, 2), 0);
    assert.equal(visibleWindow(30, 10, 99, 0), 20);
    assert.equal(visibleWindow(0, 10, undefined, 4), 0);
    assert.equal(visibleWindow(30, 0, 5, 4), 0);
  });
  test('scrollTop shows the proxy line above the first service when scrolling up to it', () => {
    const rows = buildRows(base);
    // be_app/app1 is row 4, its >>> line row 3.
    assert.equal(scrollTop(rows, 5, sid('be_app/app1'), 8), 3);
    // Scrolling down is unchanged: the selection lands on the last line.
    assert.equal(scrollTop(rows, 5, sid('web/w1'), 0), 9);
    // app2 is not first in its proxy: plain minimal scroll.
    assert.equal(scrollTop(rows, 5, sid('be_app/app2'), 8), 5);
    // Height 1 cannot show both.
    assert.equal(scrollTop(rows, 1, sid('be_app/app1'), 8), 4);
  });
});

describe('findService', () => {
  const rows = buildRows(base);
  test('the next service whose label contains the text, case-insensitive, wrapping around', () => {
    assert.equal(findService(rows, 'APP2', undefined), sid('be_app/app2'));
    assert.equal(findService(rows, 'app', sid('be_app/app1')), sid('be_app/app2'));
    assert.equal(findService(rows, 'app', sid('be_app/app1'), 1, true), sid('be_app/app1'));
    assert.equal(findService(rows, 'app1', sid('web/BACKEND')), sid('be_app/app1'), 'wraps past the end');
    assert.equal(findService(rows, 'frontend', sid('web/FRONTEND')), sid('fe_main/FRONTEND'), 'wraps to the first');
    assert.equal(findService(rows, 'web/', sid('web/w1')), sid('web/BACKEND'));
  });
  test('backwards with -1; proxy names match too; nothing for no match or an empty text', () => {
    assert.equal(findService(rows, 'app', sid('be_app/app2'), -1), sid('be_app/app1'));
    assert.equal(findService(rows, 'app', sid('be_app/app1'), -1), sid('be_app/BACKEND'), 'wraps past the start');
    assert.equal(findService(rows, 'fe_main', undefined), sid('fe_main/FRONTEND'));
    assert.equal(findService(rows, 'nope', undefined), undefined);
    assert.equal(findService(rows, '', sid('be_app/app1')), undefined);
  });
  test('the label is searched, not the id: `(listener)` finds listeners, the id\'s kind prefix finds nothing', () => {
    const lst: Service = { ...svc('fe', 'sock1', 'listener', 1) };
    const withListener = snap([
      { ...px('fe', 2, { fe: true }), listeners: [lst], services: [svc('fe', 'FRONTEND', 'frontend'), lst] },
      px('be', 3, { servers: ['sock1'], be: true }),
    ]);
    const r = buildRows(withListener);
    assert.equal(lst.label, 'fe/sock1 (listener)');
    assert.notEqual(lst.id, lst.label);
    assert.equal(findService(r, '(listener)', undefined), lst.id);
    assert.equal(findService(r, 'sock1 (l', undefined), lst.id);
    assert.equal(findService(r, 'be/sock1', undefined), sid('be/sock1'));
    assert.equal(findService(r, 'server:', undefined), undefined, 'ids are not searched');
    assert.equal(findService(r, 'listener:', undefined), undefined, 'ids are not searched');
  });
});
