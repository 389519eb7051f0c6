import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSnapshot, serviceId } from '../../src/stats/model';
import { History, rates } from '../../src/stats/rates';

const S1 = serviceId('server', 'b', 's1');
const S2 = serviceId('server', 'b', 's2');
const BE = serviceId('backend', 'b', 'BACKEND');
const HEAD = '# pxname,svname,iid,sid,type,status,stot,bin,weight,\n';

function snap(at: number, rows: string[]) {
  return buildSnapshot(HEAD + rows.join('\n') + '\n\n', '', at);
}

describe('rates', () => {
  test('per service, per field: (next - prev) / seconds', () => {
    const prev = snap(1_000, ['b,s1,1,1,2,UP,100,1000,1,', 'b,BACKEND,1,0,1,UP,200,5000,1,']);
    const next = snap(3_000, ['b,s1,1,1,2,UP,110,2000,1,', 'b,BACKEND,1,0,1,UP,260,5000,1,']);
    const r = rates(prev, next, ['stot', 'bin']);
    assert.deepEqual(r.get(S1), { stot: 5, bin: 500 });
    assert.deepEqual(r.get(BE), { stot: 30, bin: 0 });
    assert.equal(r.size, 2);
  });

  test('a counter that went backwards (restart, clear counters) gives 0, not a negative', () => {
    const prev = snap(0, ['b,s1,1,1,2,UP,5000,9000,1,']);
    const next = snap(1_000, ['b,s1,1,1,2,UP,12,9500,1,']);
    assert.deepEqual(rates(prev, next, ['stot', 'bin']).get(S1), { stot: 0, bin: 500 });
  });

  test('services missing in prev are skipped; fields absent on either side are left out', () => {
    const prev = snap(0, ['b,s1,1,1,2,UP,1,,1,']);
    const next = snap(500, ['b,s1,1,1,2,UP,2,10,1,', 'b,s2,1,2,2,UP,7,7,1,']);
    const r = rates(prev, next, ['stot', 'bin', 'nosuchfield', 'status']);
    assert.equal(r.has(S2), false);
    assert.deepEqual(r.get(S1), { stot: 2 });
  });

  test('no time passed (or time going back) yields no rates rather than Infinity', () => {
    const a = snap(1_000, ['b,s1,1,1,2,UP,1,1,1,']);
    const b = snap(1_000, ['b,s1,1,1,2,UP,2,2,1,']);
    assert.equal(rates(a, b, ['stot']).size, 0);
    assert.equal(rates(b, snap(500, ['b,s1,1,1,2,UP,3,3,1,']), ['stot']).size, 0);
  });
});

describe('History', () => {
  test('keeps the last `capacity` values, oldest first', () => {
    const h = new History(3);
    assert.deepEqual(h.values(), []);
    h.push(1);
    h.push(2);
    assert.deepEqual(h.values(), [1, 2]);
    h.push(3);
    h.push(4);
    h.push(5);
    assert.deepEqual(h.values(), [3, 4, 5]);
    assert.equal(h.length, 3);
    assert.equal(h.capacity, 3);
  });

  test('values() is a copy', () => {
    const h = new History(2);
    h.push(1);
    const v = h.values();
    v.push(99);
    assert.deepEqual(h.values(), [1]);
  });

  test('wraps many times correctly', () => {
    const h = new History(4);
    for (let i = 0; i < 103; i++) h.push(i);
    assert.deepEqual(h.values(), [99, 100, 101, 102]);
    h.clear();
    assert.deepEqual(h.values(), []);
    h.push(7);
    assert.deepEqual(h.values(), [7]);
  });

  test('capacity must be a positive integer', () => {
    assert.throws(() => new History(0), RangeError);
    assert.throws(() => new History(-1), RangeError);
    assert.throws(() => new History(2.5), RangeError);
    assert.equal(new History(1).capacity, 1);
  });
});
