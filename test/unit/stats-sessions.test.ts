// `show sess` from 2.0 to 3.x. Recorded from HAProxy 2.6.12 (test/fixtures/views-lab-2.6.cfg, three requests
// held by a server that never answers): show-sess-2.6.txt and show-sess-one-2.6.txt (`show sess <id>`, the long
// form). Reconstructed from HAProxy's source of each version (the line's format strings, same lab): show-sess-2.0.txt
// (no epoch, s0/s1 groups), show-sess-3.0.txt (scf/scb with rex/wex, an IPv6 client, a stream without a client
// connection, a queued task), show-sess-uri-3.2.txt (`show sess show-uri`, 3.1+).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { humanTimeSeconds, isCliSession, parseSessionLine, parseShowSess } from '../../src/stats/sessions';
import { readFixture } from '../support/fixtures';

describe('parseShowSess', () => {
  test('2.6, recorded: three client streams and our own CLI one, fields by name', () => {
    const sessions = parseShowSess(readFixture('show-sess-2.6.txt'));
    assert.deepEqual(
      sessions.map((s) => [s.id, s.proto, s.source, s.frontend, s.backend, s.server, s.age, s.ageSec]),
      [
        ['0x5583ff24e240', 'tcpv4', '127.0.0.1:44938', 'app', 'bk_app', 'slowsrv', '1m27s', 87],
        ['0x5583ff17c8f0', 'tcpv4', '127.0.0.1:49140', 'app', 'bk_app', 'slowsrv', '1m27s', 87],
        ['0x5583ff217b70', 'unix_stream', 'unix:1', 'GLOBAL', '<NONE>', '<none>', '0s', 0],
        ['0x7fa6d0041fd0', 'tcpv4', '127.0.0.1:44950', 'app', 'bk_app', 'slowsrv', '1m27s', 87],
      ],
    );
    const first = sessions[0];
    assert.ok(first);
    assert.equal(first.uri, undefined);
    assert.deepEqual(
      [...first.fields.keys()],
      ['proto', 'src', 'fe', 'be', 'srv', 'ts', 'epoch', 'age', 'calls', 'rate', 'cpu', 'lat', 'rq', 'rp', 'scf', 'scb', 'exp', 'rc', 'c_exp'],
    );
    assert.equal(first.fields.get('rq'), '[f=49c40000h,i=0,an=8000h,rx=,wx=,ax=]');
    assert.equal(first.fields.get('rp'), '[f=80400000h,i=0,an=1400000h,rx=8m32s,wx=,ax=]');
    assert.equal(first.fields.get('scf'), '[8,80h,fd=15]');
    assert.equal(first.fields.get('exp'), '8m32s');
    assert.equal(first.fields.get('c_exp'), '');
    assert.equal(sessions[2]?.fields.get('epoch'), '0x2');
  });

  test('isCliSession: only the fe=GLOBAL stream', () => {
    const sessions = parseShowSess(readFixture('show-sess-2.6.txt'));
    assert.deepEqual(sessions.filter(isCliSession).map((s) => s.id), ['0x5583ff217b70']);
    assert.equal(sessions.filter((s) => !isCliSession(s)).length, 3);
  });

  test('2.6, recorded: the long form of `show sess <id>` is not read as sessions', () => {
    const text = readFixture('show-sess-one-2.6.txt');
    assert.match(text, /^0x5583ff24e240: \[28\/Nov\/2026:23:09:48\.598015\] id=0 proto=tcpv4 source=/);
    assert.deepEqual(parseShowSess(text), []);
  });

  test('2.0, reconstructed: no epoch, s0/s1 groups, no rc', () => {
    const sessions = parseShowSess(readFixture('show-sess-2.0.txt'));
    assert.equal(sessions.length, 3);
    const s = sessions[1];
    assert.equal(s?.id, '0x55d5e6b1e4f0');
    assert.equal(s?.source, '127.0.0.1:49140');
    assert.equal(s?.ageSec, 87);
    assert.equal(s?.fields.get('epoch'), undefined);
    assert.equal(s?.fields.get('s0'), '[8,200008h,fd=17,ex=]');
    assert.equal(s?.fields.get('s1'), '[8,118h,fd=18,ex=]');
    assert.equal(s?.fields.get('exp'), '8m32s');
    assert.deepEqual(sessions.filter(isCliSession).map((x) => x.source), ['unix:1']);
  });

  test('3.0, reconstructed: IPv6 source unbracketed, a stream without a client, run(nice=0)', () => {
    const sessions = parseShowSess(readFixture('show-sess-3.0.txt'));
    assert.deepEqual(
      sessions.map((s) => [s.id, s.proto, s.source, s.frontend, s.backend, s.server, s.ageSec]),
      [
        ['0x7f1c3802b8a0', 'tcpv4', '127.0.0.1:44938', 'app', 'bk_app', 'slowsrv', 87],
        ['0x7f1c3802d1e0', 'tcpv6', '::1:51234', 'app', 'bk_app', 'slowsrv', 2 * 3600 + 5 * 60],
        ['0x7f1c38035a80', '?', '', '', '', '', 3 * 86400 + 4 * 3600],
        ['0x7f1c38031f40', 'unix_stream', 'unix:1', 'GLOBAL', '<NONE>', '<none>', 0],
      ],
    );
    assert.equal(sessions[0]?.fields.get('scb'), '[8,11h,fd=16,rex=8m32s,wex=]');
    assert.equal(sessions[1]?.fields.get('run'), '(nice=0)');
    assert.equal(sessions[1]?.fields.get('c_exp'), '');
  });

  test('3.2 `show sess show-uri`, reconstructed: uri without its quotes, none for the CLI', () => {
    const sessions = parseShowSess(readFixture('show-sess-uri-3.2.txt'));
    assert.deepEqual(
      sessions.map((s) => s.uri),
      ['/slow/1', '/very/long/path?q=a%20b', undefined],
    );
    assert.equal(sessions[0]?.fields.get('uri'), '/slow/1');
    assert.equal(sessions[0]?.fields.get('c_exp'), '');
  });

  test('CRLF, blank and garbage lines', () => {
    const lines = readFixture('show-sess-2.6.txt').split('\n');
    const crlf = lines.join('\r\n');
    assert.deepEqual(
      parseShowSess(crlf).map((s) => [s.id, s.fields.get('c_exp')]),
      parseShowSess(lines.join('\n')).map((s) => [s.id, s.fields.get('c_exp')]),
    );
    assert.deepEqual(parseShowSess(''), []);
    assert.deepEqual(parseShowSess('\n\n'), []);
    assert.deepEqual(parseShowSess('Permission denied\n\n'), []);
    assert.deepEqual(parseShowSess('  flags=0x4a, conn_retries=0\nSession not found.\n'), []);
    assert.equal(parseSessionLine('0x1: src=1.2.3.4:5 fe=a'), undefined);
  });
});

describe('parseSessionLine', () => {
  test('a URI holding spaces and quotes stays whole: it is the last field', () => {
    const s = parseSessionLine('0x1: proto=tcpv4 src=10.0.0.1:1 fe=f be=b srv=s age=5s exp= rc=0 c_exp= uri="/a b" c"');
    assert.equal(s?.uri, '/a b" c');
    assert.equal(s?.fields.get('rc'), '0');
    assert.equal(s?.ageSec, 5);
  });

  test('bracket groups with spaces inside are one field', () => {
    const s = parseSessionLine('0xab: proto=tcpv4 src=1.1.1.1:2 rq[f=1h, i=0] scf=[8, 80h,fd=3] run(nice=0) exp=1s');
    assert.equal(s?.fields.get('rq'), '[f=1h, i=0]');
    assert.equal(s?.fields.get('scf'), '[8, 80h,fd=3]');
    assert.equal(s?.fields.get('run'), '(nice=0)');
    assert.equal(s?.fields.get('exp'), '1s');
    assert.equal(s?.age, '');
    assert.equal(s?.ageSec, undefined);
  });
});

describe('humanTimeSeconds', () => {
  test("HAProxy's two-unit durations", () => {
    assert.equal(humanTimeSeconds('0s'), 0);
    assert.equal(humanTimeSeconds('59s'), 59);
    assert.equal(humanTimeSeconds('2m'), 120);
    assert.equal(humanTimeSeconds('2m3s'), 123);
    assert.equal(humanTimeSeconds('1h2m'), 3720);
    assert.equal(humanTimeSeconds('1h'), 3600);
    assert.equal(humanTimeSeconds('3d4h'), 273600);
    assert.equal(humanTimeSeconds('1d5m'), 86700);
    assert.equal(humanTimeSeconds('?'), undefined);
    assert.equal(humanTimeSeconds(''), undefined);
    assert.equal(humanTimeSeconds('5 s'), undefined);
  });
});
