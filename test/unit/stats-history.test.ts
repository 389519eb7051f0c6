import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { HistoryStore, SERIES } from '../../src/stats/history';
import { feedHistory } from '../../src/stats/history-feed';
import { readSnapshot } from '../../src/stats/model';
import { statCsv } from '../support/snapshots';

const finite = (values: readonly number[]): number[] => values.filter((v) => Number.isFinite(v));

describe('HistoryStore', () => {
  test('a ring: the last `points` readings, oldest first, with their times', () => {
    const store = new HistoryStore({ points: 3 });
    for (let i = 1; i <= 5; i++) store.record('fe', false, i * 1000, '1', { req_rate: i * 10, scur: i });
    const h = store.get('fe');
    assert.deepEqual(h?.times, [3000, 4000, 5000]);
    assert.deepEqual(h?.values.req_rate, [30, 40, 50]);
    assert.deepEqual(h?.values.scur, [3, 4, 5]);
    assert.deepEqual(Object.keys(h?.values ?? {}), [...SERIES]);
  });

  test('the same time twice (one snapshot seen again) adds no point', () => {
    const store = new HistoryStore({ points: 5 });
    store.record('fe', false, 1000, '1', { req_rate: 1 });
    store.record('fe', false, 1000, '1', { req_rate: 2 });
    store.record('fe', false, 900, '1', { req_rate: 3 });
    assert.deepEqual(store.get('fe')?.values.req_rate, [1]);
  });

  test('5xx per second from hrsp_5xx deltas; the first reading is a gap', () => {
    const store = new HistoryStore();
    store.record('be', false, 1000, '1', { hrsp_5xx: 10 });
    store.record('be', false, 3000, '1', { hrsp_5xx: 16 });
    store.record('be', false, 4000, '1', { hrsp_5xx: 16 });
    const v = store.get('be')?.values.http5xx ?? [];
    assert.ok(Number.isNaN(v[0]));
    assert.deepEqual(v.slice(1), [3, 0]);
  });

  test('a new pid is a reset: a gap, then deltas from the new process, never a negative or a spike', () => {
    const store = new HistoryStore();
    store.record('be', false, 1000, '100', { hrsp_5xx: 5000, req_rate: 20 });
    store.record('be', false, 2000, '100', { hrsp_5xx: 5002, req_rate: 20 });
    // The new process starts from a small count that happens to be above nothing: still a reset.
    store.record('be', false, 3000, '200', { hrsp_5xx: 7000, req_rate: 3 });
    store.record('be', false, 4000, '200', { hrsp_5xx: 7001, req_rate: 4 });
    const v = store.get('be')?.values.http5xx ?? [];
    assert.equal(v[1], 2);
    assert.ok(Number.isNaN(v[2]), 'the restart is a gap');
    assert.equal(v[3], 1);
    assert.deepEqual(store.get('be')?.values.req_rate, [20, 20, 3, 4]);
  });

  test('a counter going down (clear counters, a restart the pid did not tell) is a reset too', () => {
    const store = new HistoryStore();
    store.record('be', false, 1000, '1', { hrsp_5xx: 50 });
    store.record('be', false, 2000, '1', { hrsp_5xx: 2 });
    store.record('be', false, 3000, '1', { hrsp_5xx: 4 });
    const v = store.get('be')?.values.http5xx ?? [];
    assert.ok(Number.isNaN(v[1]));
    assert.equal(v[2], 2);
    assert.ok(finite(v).every((x) => x >= 0));
  });

  test('missing fields are gaps, not zeros', () => {
    const store = new HistoryStore();
    store.record('fe', false, 1000, '1', { rate: 3 });
    const h = store.get('fe');
    assert.equal(h?.values.rate[0], 3);
    assert.ok(Number.isNaN(h?.values.rtime[0]));
  });

  test('memory is bounded: servers beyond the cap evict the least recently touched', () => {
    const store = new HistoryStore({ points: 10, maxServers: 3 });
    for (const id of ['a', 'b', 'c']) store.record(id, true, 1000, '1', { scur: 1 });
    store.record('a', true, 2000, '1', { scur: 2 }); // a touched: b is now the oldest
    store.record('d', true, 2000, '1', { scur: 1 });
    assert.equal(store.has('b'), false);
    assert.ok(['a', 'c', 'd'].every((id) => store.has(id)));
    for (let i = 0; i < 100; i++) store.record(`p${i}`, false, 1000, '1', { scur: 1 });
    assert.deepEqual(store.size, { proxies: 100, servers: 3 });
    assert.equal(store.bytes, (100 + 3 + 1) * 10 * (8 + 7 * 4));
    assert.equal(HistoryStore.bytesPerService(300), 10_800);
  });

  test('maxServers 0 keeps no server at all', () => {
    const store = new HistoryStore({ maxServers: 0 });
    store.record('s', true, 1000, '1', { scur: 1 });
    assert.equal(store.has('s'), false);
  });
});

describe('feedHistory', () => {
  const csv = (): string => statCsv([{ name: 'fe', iid: 1, frontend: true }, { name: 'bk', iid: 2, servers: ['s1', 's2'], backend: true }]);
  test('several instances: ids carry the instance, each with its own pid', () => {
    const store = new HistoryStore();
    const text = csv();
    const lb1 = readSnapshot(text, new Map([['Pid', '10']]), 1000, 'lb1');
    const lb2 = readSnapshot(text, new Map([['Pid', '20']]), 1000, 'lb2');
    const pids: Record<string, string> = { lb1: '10', lb2: '20' };
    for (const snap of [lb1, lb2]) feedHistory(store, snap, undefined, (i) => pids[i ?? ''], []);
    const ids = [...lb1.services, ...lb2.services].filter((s) => s.kind !== 'server').map((s) => s.id);
    assert.equal(new Set(ids).size, 4);
    assert.ok(ids.every((id) => store.has(id)));
    assert.deepEqual(store.size, { proxies: 4, servers: 0 });
  });

  test('servers only when asked for; rows a partial refresh did not read again add no point', () => {
    const store = new HistoryStore();
    const first = readSnapshot(csv(), new Map([['Pid', '1']]), 1000);
    const s1 = first.services.find((s) => s.name === 's1');
    assert.ok(s1 !== undefined);
    feedHistory(store, first, undefined, () => '1', [s1.id]);
    assert.equal(store.size.servers, 1);
    // The same snapshot again (an instance's state changed): nothing new.
    feedHistory(store, first, first, () => '1', [s1.id]);
    assert.equal(store.get(s1.id)?.times.length, 1);
    const second = readSnapshot(csv(), new Map([['Pid', '1']]), 2000);
    feedHistory(store, second, first, () => '1', [s1.id]);
    assert.equal(store.get(s1.id)?.times.length, 2);
    assert.deepEqual(store.totals().length, 2);
  });
});
