// `show proc` from 2.0 to 3.x: the recorded 2.6 reply, and the examples HAProxy's documentation gives for 2.0
// (a relative PID column), 3.0 (programs) and 3.3 (none). And what `reload` answers, from its documentation.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { parseReloadStatus, parseShowProc, uptimeSeconds, type Proc, type WorkerProc } from '../../src/stats/proc';
import { readFixture } from '../support/fixtures';

const proc = (pid: number, type: string, reloads: number, uptime: string, version: string): Proc => ({
  pid,
  type,
  reloads,
  uptime,
  uptimeSec: uptimeSeconds(uptime),
  version,
});
const worker = (pid: number, reloads: number, uptime: string, version: string, relativePid?: number): WorkerProc => ({
  ...proc(pid, 'worker', reloads, uptime, version),
  relativePid,
});

describe('parseShowProc', () => {
  test('2.6, recorded from the lab after a reload, an old worker still serving a connection', () => {
    const v = '2.6.12-1+deb12u4';
    assert.deepEqual(parseShowProc(readFixture('show-proc-2.6.txt')), {
      master: { ...proc(14909, 'master', 1, '0d00h00m01s', v), failed: 0 },
      workers: [worker(14922, 0, '0d00h00m00s', v)],
      oldWorkers: [worker(14911, 1, '0d00h00m01s', v)],
      programs: [],
      oldPrograms: [],
    });
  });

  test('2.0: the relative PID column, "[was: N]" for an old worker, no failed count', () => {
    const v = '2.0-dev7-0124c9-7';
    assert.deepEqual(parseShowProc(readFixture('show-proc-2.0.txt')), {
      master: { ...proc(1162, 'master', 5, '0d00h02m07s', v), failed: undefined },
      workers: [worker(1271, 0, '0d00h00m00s', v, 1), worker(1272, 0, '0d00h00m00s', v, 2)],
      oldWorkers: [worker(1233, 3, '0d00h00m43s', '2.0-dev3-6019f6-289', 1)],
      programs: [],
      oldPrograms: [],
    });
  });

  test('3.0 (as 2.5-2.8): programs, named in the type column, versionless', () => {
    const list = parseShowProc(readFixture('show-proc-3.0.txt'));
    assert.deepEqual(list.master, { ...proc(1162, 'master', 5, '0d00h02m07s', '2.5-dev13'), failed: 0 });
    assert.deepEqual(list.workers, [worker(1271, 1, '0d00h00m00s', '2.5-dev13')]);
    assert.deepEqual(list.oldWorkers, [worker(1233, 3, '0d00h00m43s', '2.0-dev3-6019f6-289')]);
    assert.deepEqual(list.programs, [proc(1244, 'foo', 0, '0d00h00m00s', '-'), proc(1255, 'bar', 0, '0d00h00m00s', '-')]);
  });

  test('3.3: no programs section', () => {
    const list = parseShowProc(readFixture('show-proc-3.3.txt'));
    assert.equal(list.workers.length, 1);
    assert.equal(list.oldWorkers.length, 1);
    assert.deepEqual(list.programs, []);
  });

  test('columns found by the header: `show proc debug` (3.1+) adds two, a reordered header still reads', () => {
    const debug = [
      '#<PID>          <type>          <reloads>       <uptime>        <version>      \t\t <ipc_fd[0]>     <ipc_fd[1]>    ',
      '200             master          2 [failed: 1]   1d02h03m04s     3.2.1          \t\t 4               5              ',
      '# workers',
      '210             worker          0               0d00h00m09s     3.2.1          \t\t 7               -1             ',
      '',
    ].join('\n');
    const list = parseShowProc(debug);
    assert.deepEqual(list.master, { ...proc(200, 'master', 2, '1d02h03m04s', '3.2.1'), failed: 1 });
    assert.equal(list.master.uptimeSec, 93784);
    assert.deepEqual(list.workers, [worker(210, 0, '0d00h00m09s', '3.2.1')]);
    const reordered = '#<type> <PID> <version> <uptime> <reloads>\nmaster 1 3.9 0d00h00m01s 0 [failed: 0]\n# workers\nworker 2 3.9 0d00h00m01s 0\n';
    assert.deepEqual(parseShowProc(reordered).workers, [worker(2, 0, '0d00h00m01s', '3.9')]);
  });

  test('CRLF line ends, unknown sections and odd lines are passed over', () => {
    const text = readFixture('show-proc-2.6.txt').replace(/\n/g, '\r\n') + '# future things\r\n300 worker 0 0d00h00m00s x\r\nnot a line\r\n';
    const list = parseShowProc(text);
    assert.equal(list.master.pid, 14909);
    assert.deepEqual(list.oldWorkers.map((w) => w.pid), [14911]);
    assert.deepEqual(list.programs, []);
  });

  test('without a header, the 2.5+ columns are assumed', () => {
    const list = parseShowProc('1 master 0 [failed: 0] 0d00h00m01s 2.6\n# workers\n2 worker 0 0d00h00m01s 2.6\n');
    assert.deepEqual(list.workers, [worker(2, 0, '0d00h00m01s', '2.6')]);
  });

  test('another reply is refused in one sentence', () => {
    assert.throws(() => parseShowProc('Unknown command, but maybe one of the following ones is a better match:\n  help\n'), {
      message: 'not a "show proc" reply: "Unknown command, but maybe one of the following ones is a better match:"',
    });
    assert.throws(() => parseShowProc(''), { message: 'not a "show proc" reply: ""' });
  });

  test('uptimeSeconds', () => {
    assert.equal(uptimeSeconds('0d00h02m07s'), 127);
    assert.equal(uptimeSeconds('12d23h59m59s'), 12 * 86400 + 23 * 3600 + 59 * 60 + 59);
    assert.equal(uptimeSeconds('2m07s'), undefined);
  });
});

describe('parseReloadStatus', () => {
  test("2.6's silence, 2.7+'s success and failure", () => {
    assert.deepEqual(parseReloadStatus(''), { kind: 'unknown' });
    assert.deepEqual(parseReloadStatus('Success=1\n--\n[NOTICE]   (482713) : Loading success.\n'), {
      kind: 'succeeded',
      logs: '[NOTICE]   (482713) : Loading success.\n',
    });
    assert.deepEqual(parseReloadStatus('Success=1\n'), { kind: 'succeeded', logs: '' });
    assert.deepEqual(parseReloadStatus('Success=0\n--\nAnother reload is still in progress.\n'), {
      kind: 'failed',
      logs: 'Another reload is still in progress.\n',
    });
    assert.deepEqual(parseReloadStatus('Unknown command.\n'), { kind: 'unknown' });
  });
});
