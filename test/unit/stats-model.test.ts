import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSnapshot, num, serviceId, serviceLabel, snapshotFrom } from '../../src/stats/model';
import { mergeSnapshots } from '../../src/stats/merge';
import { parseShowInfo } from '../../src/stats/info';
import { parseShowStat } from '../../src/stats/stat';
import type { Snapshot } from '../../src/stats/types';
import { readFixture } from '../support/fixtures';

/** The labels (`proxy/name`, kind added where needed) of these services, in order. */
function labels(list: ReadonlyArray<{ readonly label: string }>): string[] {
  return list.map((s) => s.label);
}

function ids(list: ReadonlyArray<{ readonly id: string }>): string[] {
  return list.map((s) => s.id);
}

/** The service labelled `label`, which must be the one byId holds under its id. */
function get(snapshot: Snapshot, label: string) {
  const service = snapshot.services.find((s) => s.label === label) ?? assert.fail(`no service ${label}`);
  assert.equal(snapshot.byId.get(service.id), service, `byId holds ${label} under ${service.id}`);
  return service;
}

/** `count` services with unique ids, each of which byId finds under its id. */
function indexed(snapshot: Snapshot, count: number): void {
  assert.equal(snapshot.services.length, count);
  assert.equal(new Set(ids(snapshot.services)).size, snapshot.services.length, 'ids are unique');
  for (const s of snapshot.services) assert.equal(snapshot.byId.get(s.id), s, `byId holds ${s.label} under ${s.id}`);
}

describe('buildSnapshot on the recorded 2.6.12 replies', () => {
  const snap = buildSnapshot(readFixture('stat-2.6.csv'), readFixture('info-2.6.txt'), 5000);

  test('proxies in HAProxy order; frontend web and backend web are two proxies', () => {
    assert.deepEqual(
      snap.proxies.map((p) => `${p.name}#${p.iid}`),
      ['fe_main#2', 'stats_listen#3', 'be_app#4', 'web#5', 'web#6', 'checkee#7', 'be_chk#8'],
    );
    const [webFe, webBe] = snap.proxies.filter((p) => p.name === 'web');
    assert.equal(webFe?.frontend?.id, serviceId('frontend', 'web', 'FRONTEND'));
    assert.equal(webFe?.frontend?.label, 'web/FRONTEND');
    assert.equal(webFe?.backend, undefined);
    assert.deepEqual(webFe?.servers, []);
    assert.equal(webBe?.frontend, undefined);
    assert.equal(webBe?.backend?.id, serviceId('backend', 'web', 'BACKEND'));
    assert.equal(webBe?.backend?.label, 'web/BACKEND');
    assert.deepEqual(ids(webBe?.servers ?? []), [serviceId('server', 'web', 'w1')]);
    assert.deepEqual(labels(webBe?.servers ?? []), ['web/w1']);
  });

  test('a frontend with socket-stats has its listeners; a listen section has FRONTEND, servers, BACKEND', () => {
    const fe = snap.proxies[0] ?? assert.fail();
    assert.equal(fe.frontend?.kind, 'frontend');
    assert.deepEqual(labels(fe.listeners), ['fe_main/main1 (listener)', 'fe_main/main2 (listener)']);
    assert.deepEqual(ids(fe.listeners), [serviceId('listener', 'fe_main', 'main1'), serviceId('listener', 'fe_main', 'main2')]);
    assert.ok(fe.listeners.every((l) => l.kind === 'listener' && l.state.kind === 'open'));
    const listen = snap.proxies[1] ?? assert.fail();
    assert.deepEqual(labels(listen.services), ['stats_listen/FRONTEND', 'stats_listen/s1', 'stats_listen/BACKEND']);
  });

  test('services: display order, identity, kinds, parsed states', () => {
    assert.equal(snap.services.length, 17);
    indexed(snap, 17);
    assert.deepEqual(labels(snap.proxies[2]?.services ?? []), [
      'be_app/app1',
      'be_app/app2',
      'be_app/app3',
      'be_app/app4',
      'be_app/BACKEND',
    ]);
    assert.deepEqual(ids(snap.proxies[2]?.services ?? []), [
      serviceId('server', 'be_app', 'app1'),
      serviceId('server', 'be_app', 'app2'),
      serviceId('server', 'be_app', 'app3'),
      serviceId('server', 'be_app', 'app4'),
      serviceId('backend', 'be_app', 'BACKEND'),
    ]);
    assert.equal(new Set(ids(snap.services)).size, 17, 'ids are unique');
    const app4 = get(snap, 'be_app/app4');
    assert.deepEqual(
      { proxy: app4.proxy, name: app4.name, kind: app4.kind, iid: app4.iid, sid: app4.sid, status: app4.status },
      { proxy: 'be_app', name: 'app4', kind: 'server', iid: 4, sid: 4, status: 'MAINT (via be_app/app3)' },
    );
    assert.deepEqual(app4.state, { kind: 'maint', raw: 'MAINT (via be_app/app3)', via: 'be_app/app3' });
    assert.equal(get(snap, 'be_app/app1').state.kind, 'down');
    assert.equal(get(snap, 'be_app/app3').state.kind, 'maint');
    assert.equal(get(snap, 'web/w1').state.kind, 'nocheck');
    assert.equal(get(snap, 'web/BACKEND').state.kind, 'up');
    assert.equal(get(snap, 'web/BACKEND').sid, 0);
    assert.equal(get(snap, 'be_app/BACKEND').kind, 'backend');
    // The snapshot's list is the proxies' lists, concatenated.
    assert.deepEqual(ids(snap.services), snap.proxies.flatMap((p) => ids(p.services)));
  });

  test('carries the time, the info and the columns', () => {
    assert.equal(snap.at, 5000);
    assert.equal(snap.info.get('Name'), 'HAProxy');
    assert.equal(snap.columns[0], 'pxname');
    assert.ok(snap.columns.includes('h1_bytes_out'));
  });

  test('a non-CSV stat reply throws instead of building an empty snapshot', () => {
    assert.throws(() => buildSnapshot('Permission denied\n', '', 0), /unexpected show stat output/);
  });
});

describe('snapshots across versions', () => {
  for (const v of ['1.8', '2.0', '2.4', '2.8', '3.0', '3.3']) {
    test(`${v}: same model, servers ordered by sid`, () => {
      const snap = buildSnapshot(readFixture(`stat-${v}.csv`), readFixture(`info-${v}.txt`), 0);
      assert.deepEqual(
        snap.proxies.map((p) => p.name),
        ['www', 'app', 'web', 'web'],
      );
      const app = snap.proxies[1] ?? assert.fail();
      // a4 (sid 5) is listed before a5 (sid 4) in the CSV.
      assert.deepEqual(labels(app.servers), ['app/a1', 'app/a2', 'app/a3', 'app/a5', 'app/a4']);
      assert.deepEqual(
        app.servers.map((s) => s.sid),
        [1, 2, 3, 4, 5],
      );
      assert.deepEqual(get(snap, 'app/a2').state, { kind: 'up', raw: 'UP 1/3', transition: { step: 1, of: 3 } });
      assert.deepEqual(get(snap, 'app/a3').state, { kind: 'maint', raw: 'MAINT (via app/a1)', via: 'app/a1' });
      assert.equal(get(snap, 'app/a5').state.kind, 'drain');
      assert.equal(num(get(snap, 'app/a1'), 'weight'), 10);
      assert.equal(num(get(snap, 'www/FRONTEND'), 'weight'), undefined);
      const listeners = snap.proxies[0]?.listeners ?? [];
      assert.equal(listeners.length, v === '2.8' || v === '3.3' ? 2 : 0);
      assert.equal(snap.info.get('Uptime_sec'), '3723');
    });
  }
});

describe('snapshotFrom with unusual input', () => {
  test('1.4-era output without type or iid: kinds from svname, proxies split by row order', () => {
    const text = [
      '# pxname,svname,scur,status,weight,',
      'web,FRONTEND,1,OPEN,,',
      'web,BACKEND,0,UP,2,',
      'web,s1,0,UP,1,',
      'web,s2,0,UP,1,',
      'web,BACKEND,0,UP,2,',
      'other,FRONTEND,3,OPEN,,',
      '',
    ].join('\n');
    // Two web/BACKEND rows (malformed): both kept, the second numbered, so nothing sent disappears.
    const snap = snapshotFrom(parseShowStat(text), new Map(), 1);
    assert.deepEqual(
      snap.proxies.map((p) => labels(p.services)),
      [['web/FRONTEND', 'web/BACKEND'], ['web/s1', 'web/s2', 'web/BACKEND #2'], ['other/FRONTEND']],
    );
    assert.equal(get(snap, 'web/BACKEND #2').id, `${serviceId('backend', 'web', 'BACKEND')}#2`);
    indexed(snap, 6);
    assert.equal(get(snap, 'web/FRONTEND').kind, 'frontend');
    assert.equal(get(snap, 'web/s1').kind, 'server');
    assert.equal(get(snap, 'web/s1').iid, undefined);
    assert.equal(get(snap, 'web/s1').sid, undefined);
  });

  test('without iid, FRONTEND + servers + BACKEND in order read as one proxy (a listen section)', () => {
    const text = '# pxname,svname,status,\nweb,FRONTEND,OPEN,\nweb,s1,UP,\nweb,BACKEND,UP,\n';
    const snap = snapshotFrom(parseShowStat(text), new Map(), 0);
    assert.equal(snap.proxies.length, 1);
    assert.deepEqual(labels(snap.proxies[0]?.services ?? []), ['web/FRONTEND', 'web/s1', 'web/BACKEND']);
  });

  test('a listener and a server with the same proxy/name are two services, told apart by kind', () => {
    const text = [
      '# pxname,svname,iid,sid,type,status,scur,',
      'web,FRONTEND,1,0,0,OPEN,1,',
      'web,sock,1,1,3,OPEN,2,',
      'web,sock,2,1,2,UP,3,',
      'web,BACKEND,2,0,1,UP,4,',
      '',
    ].join('\n');
    const snap = snapshotFrom(parseShowStat(text), new Map(), 0);
    assert.equal(snap.services.length, 4);
    indexed(snap, 4);
    assert.equal(get(snap, 'web/sock (listener)').kind, 'listener');
    assert.equal(num(get(snap, 'web/sock (listener)'), 'scur'), 2);
    assert.equal(get(snap, 'web/sock').kind, 'server');
    assert.equal(num(get(snap, 'web/sock'), 'scur'), 3);
    assert.deepEqual(
      snap.proxies.map((p) => [p.iid, labels(p.services)]),
      [
        [1, ['web/FRONTEND', 'web/sock (listener)']],
        [2, ['web/sock', 'web/BACKEND']],
      ],
    );
  });

  test('rows reported twice with the same kind, proxy and name are all kept, the later ones numbered', () => {
    const text = [
      '# pxname,svname,iid,sid,type,status,scur,',
      'bk,s1,2,1,2,UP,1,',
      'bk,s1,2,2,2,DOWN,2,',
      'bk,s1,2,3,2,MAINT,3,',
      'bk,BACKEND,2,0,1,UP,4,',
      '',
    ].join('\n');
    const snap = snapshotFrom(parseShowStat(text), new Map(), 0);
    assert.deepEqual(labels(snap.services), ['bk/s1', 'bk/s1 #2', 'bk/s1 #3', 'bk/BACKEND']);
    const first = serviceId('server', 'bk', 's1');
    assert.deepEqual(ids(snap.services).slice(0, 3), [first, `${first}#2`, `${first}#3`]);
    indexed(snap, 4);
    assert.deepEqual(
      snap.services.slice(0, 3).map((s) => [s.name, num(s, 'scur'), s.state.kind]),
      [['s1', 1, 'up'], ['s1', 2, 'down'], ['s1', 3, 'maint']],
      'each row keeps its own fields and its real name',
    );
  });

  test('a server named FRONTEND or BACKEND is a service apart from the proxy row of that name', () => {
    const text = [
      '# pxname,svname,iid,sid,type,status,',
      'px,FRONTEND,2,0,0,OPEN,',
      'px,FRONTEND,2,1,2,UP,',
      'px,BACKEND,2,2,2,DOWN,',
      'px,BACKEND,2,0,1,UP,',
      '',
    ].join('\n');
    const snap = snapshotFrom(parseShowStat(text), new Map(), 0);
    assert.deepEqual(labels(snap.services), ['px/FRONTEND', 'px/FRONTEND (server)', 'px/BACKEND (server)', 'px/BACKEND']);
    assert.equal(new Set(ids(snap.services)).size, 4);
    assert.equal(get(snap, 'px/BACKEND (server)').state.kind, 'down');
    assert.equal(get(snap, 'px/BACKEND').kind, 'backend');
  });

  test('rows without pxname or svname are skipped', () => {
    const text = '# pxname,svname,status,\n,s1,UP,\nb,,UP,\nb,s2,UP,\n';
    const snap = snapshotFrom(parseShowStat(text), new Map(), 0);
    assert.deepEqual(labels(snap.services), ['b/s2']);
  });

  test('servers without sid keep their relative place after those with one', () => {
    const text = '# pxname,svname,iid,sid,type,\nb,x,1,,2,\nb,c,1,3,2,\nb,y,1,,2,\nb,a,1,1,2,\n';
    const snap = snapshotFrom(parseShowStat(text), new Map(), 0);
    assert.deepEqual(labels(snap.services), ['b/a', 'b/c', 'b/x', 'b/y']);
  });
});

describe('num', () => {
  const text = '# pxname,svname,scur,ratio,status,neg,sci,odd,\nb,s,42,0.5,UP,-1,1e3,12abc,\n';
  const service = snapshotFrom(parseShowStat(text), new Map(), 0).services[0] ?? assert.fail();
  test('parses integers and decimals', () => {
    assert.equal(num(service, 'scur'), 42);
    assert.equal(num(service, 'ratio'), 0.5);
    assert.equal(num(service, 'neg'), -1);
    assert.equal(num(service, 'sci'), 1000);
  });
  test('undefined when absent or not numeric, never 0', () => {
    assert.equal(num(service, 'status'), undefined);
    assert.equal(num(service, 'odd'), undefined);
    assert.equal(num(service, 'weight'), undefined);
    assert.equal(num(service, 'constructor'), undefined);
  });
});

describe('mergeSnapshots', () => {
  const info = parseShowInfo(readFixture('info-2.6.txt'));
  const full = buildSnapshot(readFixture('stat-2.6.csv'), '', 0);
  const iid4 = snapshotFrom(parseShowStat(readFixture('stat-2.6-filter-iid4.csv')), info, 10);
  const iid6 = snapshotFrom(parseShowStat(readFixture('stat-2.6-filter-iid6.csv')), new Map(), 20);

  test('recorded filter replies concatenate in order, as in the full dump', () => {
    const merged = mergeSnapshots([iid4, iid6]);
    assert.deepEqual(
      merged.proxies.map((p) => `${p.name}#${p.iid}`),
      ['be_app#4', 'web#6'],
    );
    const expected = [...ids(full.proxies[2]?.services ?? []), ...ids(full.proxies[4]?.services ?? [])];
    assert.deepEqual(ids(merged.services), expected);
    indexed(merged, expected.length);
    assert.equal(get(merged, 'be_app/app4').status, get(full, 'be_app/app4').status);
    assert.equal(merged.at, 20);
    assert.equal(merged.info.get('Name'), 'HAProxy');
    assert.deepEqual(merged.columns, full.columns);
  });

  test('filters given in any order show proxies in HAProxy order (by proxy id)', () => {
    const merged = mergeSnapshots([iid6, iid4]);
    assert.deepEqual(
      merged.proxies.map((p) => `${p.name}#${p.iid}`),
      ['be_app#4', 'web#6'],
    );
    assert.equal(merged.services[0]?.proxy, 'be_app');
  });

  test('a service that two overlapping filters both return is kept once', () => {
    const merged = mergeSnapshots([iid4, iid6, iid4]);
    assert.equal(merged.services.length, iid4.services.length + iid6.services.length);
    assert.deepEqual(ids(merged.services), [...ids(iid4.services), ...ids(iid6.services)]);
    assert.ok(!merged.services.some((s) => s.label.includes('#')), 'no #2 for the overlap');
    assert.equal(merged.proxies.length, 2);
  });

  test('parts of one proxy (same name and iid) join into one proxy in display order', () => {
    const head = '# pxname,svname,iid,sid,type,status,\n';
    const backendOnly = buildSnapshot(head + 'b,BACKEND,4,0,1,UP,\n', '', 1);
    const servers = buildSnapshot(head + 'b,s2,4,2,2,UP,\nb,s1,4,1,2,DOWN,\n', '', 2);
    const merged = mergeSnapshots([backendOnly, servers]);
    assert.equal(merged.proxies.length, 1);
    assert.deepEqual(labels(merged.services), ['b/s1', 'b/s2', 'b/BACKEND']);
  });

  test('columns are united in order of first appearance', () => {
    const a = buildSnapshot('# pxname,svname,x,\nb,s1,1,\n', '', 0);
    const b = buildSnapshot('# pxname,svname,y,x,\nc,s1,2,3,\n', '', 0);
    assert.deepEqual(mergeSnapshots([a, b]).columns, ['pxname', 'svname', 'x', 'y']);
  });

  test('no parts gives an empty snapshot', () => {
    const empty = mergeSnapshots([]);
    assert.equal(empty.services.length, 0);
    assert.equal(empty.proxies.length, 0);
    indexed(empty, 0);
    assert.equal(empty.byId.has(serviceId('server', 'b', 's1')), false);
    assert.equal(empty.byId.get(serviceId('server', 'b', 's1')), undefined);
  });
});

describe('snapshot at scale', () => {
  test('10,000 servers in one backend: all identified and ordered by sid', () => {
    const lines = ['# pxname,svname,iid,sid,type,status,weight,'];
    lines.push('big,FRONTEND,2,0,0,OPEN,,');
    // Listed in reverse sid order to make the sort do work.
    for (let i = 10_000; i >= 1; i--) lines.push(`big,s${i},2,${i},2,${i % 3 === 0 ? 'DOWN' : 'UP 1/3'},1,`);
    lines.push('big,BACKEND,2,0,1,UP,6667,');
    const snap = buildSnapshot(lines.join('\n') + '\n\n', '', 0);
    assert.equal(snap.proxies.length, 1);
    assert.equal(snap.services.length, 10_002);
    const servers = snap.proxies[0]?.servers ?? [];
    assert.equal(servers.length, 10_000);
    assert.equal(servers[0]?.id, serviceId('server', 'big', 's1'));
    assert.equal(servers[9_999]?.label, 'big/s10000');
    indexed(snap, 10_002);
    assert.equal(servers.filter((s) => s.state.kind === 'down').length, 3_333);
  });
});

describe('serviceId and serviceLabel', () => {
  test('one id per (kind, proxy, name): a slash or backslash inside a name cannot make two triples one id', () => {
    const triples: [Parameters<typeof serviceId>[0], string, string][] = [
      ['server', 'a/b', 'c'],
      ['server', 'a', 'b/c'],
      ['server', 'a\\', 'b'],
      ['server', 'a', '\\b'],
      ['server', 'a\\/b', 'c'],
      ['server', 'a', 'b'],
      ['listener', 'a', 'b'],
      ['frontend', 'a', 'b'],
      ['backend', 'a', 'b'],
    ];
    const made = triples.map(([k, p, n]) => serviceId(k, p, n));
    assert.equal(new Set(made).size, triples.length, made.join(' | '));
    assert.equal(serviceId('server', 'be_app', 'app1'), 'server:be_app/app1');
  });

  test('labels: proxy/name, the kind added only where proxy/name could mean another row', () => {
    assert.equal(serviceLabel('server', 'be_app', 'app1'), 'be_app/app1');
    assert.equal(serviceLabel('frontend', 'fe', 'FRONTEND'), 'fe/FRONTEND');
    assert.equal(serviceLabel('backend', 'be', 'BACKEND'), 'be/BACKEND');
    assert.equal(serviceLabel('listener', 'fe', 'sock1'), 'fe/sock1 (listener)');
    assert.equal(serviceLabel('server', 'be', 'BACKEND'), 'be/BACKEND (server)');
    assert.equal(serviceLabel('server', 'be', 'FRONTEND'), 'be/FRONTEND (server)');
  });
});
