// `show activity`, `show errors`, `show pools`. Recorded from HAProxy 2.6.12 (test/fixtures/views-lab-2.6.cfg,
// two threads; show-activity-1thread-2.6.txt from a second process with `nbthread 1`; the errors are a request
// with a header name holding spaces and a server answering one): the -2.6 fixtures. Reconstructed from HAProxy's
// source: show-activity-2.0.txt (2.0's names), show-activity-3.0.txt (uptime_now, curr_rq, avg_cpu_pct, check_*,
// four threads), show-errors-2.0.txt (no capture), show-pools-2.0.txt (`@0x...=03`, no caches, no needed_avg),
// show-pools-detailed-3.3.txt (`show pools detailed byusage 3`: sizes with their alignment, merged pools' lines).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseShowActivity, parseShowErrors, parseShowPools } from '../../src/stats/process';
import { readFixture } from '../support/fixtures';

describe('parseShowActivity', () => {
  test('2.6 two threads, recorded: total then each thread', () => {
    const lines = parseShowActivity(readFixture('show-activity-2.6.txt'));
    assert.equal(lines.length, 26);
    assert.deepEqual(lines.slice(0, 3), [
      { name: 'thread_id', total: '2 (1..2)', perThread: [] },
      { name: 'date_now', total: '1795907457.351523', perThread: [] },
      { name: 'ctxsw', total: '282', perThread: ['133', '149'] },
    ]);
    const byName = new Map(lines.map((l) => [l.name, l]));
    assert.deepEqual(byName.get('avg_loop_us'), { name: 'avg_loop_us', total: '39', perThread: ['56', '21'] });
    assert.deepEqual(byName.get('accepted'), { name: 'accepted', total: '34', perThread: ['8', '26'] });
    assert.equal(byName.get('fd_takeover')?.total, '0');
  });

  test('2.6 one thread, recorded: the value alone', () => {
    const lines = parseShowActivity(readFixture('show-activity-1thread-2.6.txt'));
    assert.deepEqual(lines[2], { name: 'ctxsw', total: '3', perThread: [] });
    assert.equal(lines.length, 26);
    assert.ok(lines.every((l) => l.perThread.length === 0));
  });

  test("2.0 and 3.0, reconstructed: each version's names", () => {
    const old = new Map(parseShowActivity(readFixture('show-activity-2.0.txt')).map((l) => [l.name, l]));
    assert.deepEqual(old.get('stream'), { name: 'stream', total: '66', perThread: ['34', '32'] });
    assert.equal(old.get('wake_cache')?.total, '0');
    assert.equal(old.has('stream_calls'), false);
    const recent = new Map(parseShowActivity(readFixture('show-activity-3.0.txt')).map((l) => [l.name, l]));
    assert.deepEqual(recent.get('uptime_now'), { name: 'uptime_now', total: '5421.086214', perThread: [] });
    assert.deepEqual(recent.get('curr_rq')?.perThread, ['0', '0', '1', '0']);
    assert.equal(recent.get('check_started')?.total, '1084');
    assert.equal(recent.get('thread_id')?.total, '3 (1..4)');
  });

  test('blank, CRLF, garbage', () => {
    assert.deepEqual(parseShowActivity(''), []);
    assert.deepEqual(parseShowActivity('loops: 5 [ 2 3 ]\r\n\r\n'), [{ name: 'loops', total: '5', perThread: ['2', '3'] }]);
    assert.deepEqual(parseShowActivity('  indented: 1\nno colon here\n: empty name\n'), []);
    assert.deepEqual(parseShowActivity('name:'), [{ name: 'name', total: '', perThread: [] }]);
  });
});

describe('parseShowErrors', () => {
  test('2.6, recorded: the total, the date, a request and a response capture', () => {
    const { total, capturedAt, errors } = parseShowErrors(readFixture('show-errors-2.6.txt'));
    assert.equal(total, 2);
    assert.equal(capturedAt, '28/Nov/2026:23:10:58.379');
    assert.deepEqual(
      errors.map((e) => [e.when, e.summary, e.proxy, e.direction, e.server, e.source, e.lines.length]),
      [
        ['28/Nov/2026:23:09:49.042', 'frontend app (#2): invalid request', 'app', 'request', '<NONE>', '127.0.0.1:50618', 11],
        ['28/Nov/2026:23:09:48.696', 'backend bk_bad (#8): invalid response', 'bk_bad', 'response', 'badsrv', '127.0.0.1:44976', 11],
      ],
    );
    assert.equal(errors[0]?.lines[0], '  backend <NONE> (#-1), server <NONE> (#-1), event #1, src 127.0.0.1:50618');
    assert.equal(errors[0]?.lines[9], '  00025  Bad Header Name: y\\r\\n');
    assert.equal(errors[1]?.lines[8], '  00017  Broken Header\\r\\n');
  });

  test('2.0 without captures, reconstructed', () => {
    assert.deepEqual(parseShowErrors(readFixture('show-errors-2.0.txt')), {
      total: 0,
      capturedAt: '28/Nov/2026:23:10:58.379',
      errors: [],
    });
  });

  test('blank, CRLF, refusals', () => {
    assert.deepEqual(parseShowErrors(''), { total: undefined, capturedAt: undefined, errors: [] });
    assert.deepEqual(parseShowErrors('Permission denied\n\n').errors, []);
    const crlf = parseShowErrors(readFixture('show-errors-2.6.txt').replace(/\n/g, '\r\n'));
    assert.equal(crlf.errors.length, 2);
    assert.equal(crlf.errors[1]?.lines.at(-1), '  00051  \\r\\n');
  });
});

describe('parseShowPools', () => {
  test('2.6, recorded: every pool and the total', () => {
    const { pools, total, totalAllocatedBytes, totalUsedBytes } = parseShowPools(readFixture('show-pools-2.6.txt'));
    assert.equal(pools.length, 19);
    assert.deepEqual(pools.find((p) => p.name === 'buffer'), {
      name: 'buffer',
      size: 16384,
      allocated: 6,
      allocatedBytes: 98304,
      used: 6,
      failures: 0,
      users: 1,
      cached: 4,
      neededAvg: 2,
      shared: true,
    });
    assert.deepEqual(pools.find((p) => p.name === 'hlua_flt_ct'), {
      name: 'hlua_flt_ct',
      size: 56,
      allocated: 42,
      allocatedBytes: 2352,
      used: 42,
      failures: 0,
      users: 13,
      cached: 7,
      neededAvg: 38,
      shared: true,
    });
    assert.equal(pools.find((p) => p.name === 'trash')?.shared, false);
    assert.equal(total, '19 pools, 228856 bytes allocated, 228856 used (~155584 by thread caches)');
    assert.equal(totalAllocatedBytes, 228856);
    assert.equal(totalUsedBytes, 228856);
  });

  test('2.0, reconstructed: no caches, no needed_avg, an index after the address', () => {
    const { pools, total, totalUsedBytes } = parseShowPools(readFixture('show-pools-2.0.txt'));
    assert.deepEqual(pools.map((p) => [p.name, p.size, p.allocated, p.allocatedBytes, p.used, p.users, p.cached, p.neededAvg, p.shared]), [
      ['cache_st', 16, 0, 0, 0, 2, undefined, undefined, true],
      ['pipe', 32, 0, 0, 0, 2, undefined, undefined, true],
      ['h1s', 40, 6, 240, 5, 2, undefined, undefined, true],
      ['stream', 928, 5, 4640, 4, 1, undefined, undefined, true],
      ['buffer', 16384, 6, 98304, 5, 1, undefined, undefined, true],
      ['trash', 16416, 2, 32832, 2, 1, undefined, undefined, false],
    ]);
    assert.equal(total, '6 pools, 136016 bytes allocated, 118664 used');
    assert.equal(totalUsedBytes, 118664);
  });

  test('3.3 detailed, reconstructed: size/alignment, the merged pools\' lines skipped', () => {
    const { pools, totalAllocatedBytes } = parseShowPools(readFixture('show-pools-detailed-3.3.txt'));
    assert.deepEqual(pools.map((p) => [p.name, p.size, p.allocated, p.used, p.cached, p.users]), [
      ['buffer', 16384, 6, 6, 4, 1],
      ['trash', 16416, 6, 6, 5, 1],
      ['stream', 1152, 5, 5, 1, 2],
    ]);
    assert.equal(totalAllocatedBytes, 202560);
  });

  test('blank, CRLF, garbage', () => {
    assert.deepEqual(parseShowPools(''), { pools: [], total: undefined, totalAllocatedBytes: undefined, totalUsedBytes: undefined });
    const crlf = parseShowPools(readFixture('show-pools-2.6.txt').replace(/\n/g, '\r\n'));
    assert.equal(crlf.pools.length, 19);
    assert.equal(crlf.pools[18]?.name, 'dns_msg_buf');
    assert.deepEqual(parseShowPools('  - Pool broken\nPermission denied\n').pools, []);
  });
});
