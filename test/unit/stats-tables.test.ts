// `show table` and `show table NAME`. Recorded from HAProxy 2.6.12 (test/fixtures/views-lab-2.6.cfg): the list,
// the ip table tracked by the frontend (plain and filtered with data.http_req_cnt gt 1), and a table of each other
// key type (string keys with a space, a tab and '=' sent in a header; integer, ipv6 and binary ones). The user
// level's reply is in refusals-2.6.txt. Reconstructed from HAProxy 3.0's source: show-table-entries-3.0.txt and
// show-table-entries-stick-3.0.txt (`shard=` after exp, 2.7+; a server_key dict).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTableEntries, parseTableEntryLine, parseTableList, unescapeKey } from '../../src/stats/tables';
import { readFixture, readFixtureSection } from '../support/fixtures';

describe('parseTableList', () => {
  test('2.6, recorded: every table with its type, size and use', () => {
    assert.deepEqual(parseTableList(readFixture('show-table-2.6.txt')), [
      { name: 'st_bin', type: 'binary', size: 100, used: 2 },
      { name: 'st_ipv6', type: 'ipv6', size: 100, used: 2 },
      { name: 'st_int', type: 'integer', size: 100, used: 2 },
      { name: 'st_str', type: 'string', size: 100, used: 3 },
      { name: 'app', type: 'ip', size: 1024, used: 2 },
    ]);
  });

  test('blank, CRLF, garbage', () => {
    assert.deepEqual(parseTableList(''), []);
    assert.deepEqual(parseTableList('No such table\n\n'), []);
    assert.deepEqual(parseTableList('# table: t, type: ip, size:10, used:0\r\n\r\n'), [{ name: 't', type: 'ip', size: 10, used: 0 }]);
  });
});

describe('parseTableEntries', () => {
  test('2.6 ip table, recorded: header, keys, use, exp and data by name', () => {
    const { table, entries, contentsHidden } = parseTableEntries(readFixture('show-table-entries-2.6.txt'));
    assert.deepEqual(table, { name: 'app', type: 'ip', size: 1024, used: 2 });
    assert.equal(contentsHidden, false);
    assert.deepEqual(
      entries.map((e) => [e.id, e.key, e.use, e.expMs, e.shard, [...e.data]]),
      [
        ['0x5583ff306d48', '127.0.0.1', 3, 240508, undefined, [['gpc0', '0'], ['conn_cur', '3'], ['http_req_cnt', '7'], ['http_req_rate(10000)', '0']]],
        ['0x7fa6d004cbd8', '192.0.2.7', 0, 242970, undefined, [['gpc0', '9'], ['conn_cur', '0'], ['http_req_cnt', '0'], ['http_req_rate(10000)', '0']]],
      ],
    );
  });

  test('2.6 filtered on HAProxy\'s side, recorded', () => {
    const { table, entries } = parseTableEntries(readFixture('show-table-entries-filtered-2.6.txt'));
    assert.equal(table?.used, 2);
    assert.deepEqual(entries.map((e) => [e.key, e.data.get('http_req_cnt')]), [['127.0.0.1', '7']]);
  });

  test('2.6 string keys, recorded: escaped as printed, keyText unescaped', () => {
    const { table, entries } = parseTableEntries(readFixture('show-table-entries-string-2.6.txt'));
    assert.equal(table?.type, 'string');
    assert.deepEqual(
      entries.map((e) => [e.key, e.keyText, e.expMs, e.data.get('gpc0'), e.data.get('conn_cnt')]),
      [
        ['hello\\ world', 'hello world', 539589, '0', '1'],
        ['plain', 'plain', 540322, '1', '4'],
        ['tab\\tand\\=equals', 'tab\tand=equals', 539610, '0', '1'],
      ],
    );
  });

  test('2.6 integer, ipv6 and binary keys, recorded; exp=0 without expire', () => {
    const int = parseTableEntries(readFixture('show-table-entries-integer-2.6.txt'));
    assert.deepEqual(int.entries.map((e) => [e.key, e.expMs, e.data.get('server_id'), e.data.get('gpc0')]), [
      ['42', 0, '1', '3'],
      ['4294967295', 0, '0', '1'],
    ]);
    const v6 = parseTableEntries(readFixture('show-table-entries-ipv6-2.6.txt'));
    assert.deepEqual(v6.entries.map((e) => [e.key, e.data.get('http_req_cnt')]), [
      ['::ffff:127.0.0.1', '1'],
      ['2001:db8::1', '5'],
    ]);
    const bin = parseTableEntries(readFixture('show-table-entries-binary-2.6.txt'));
    assert.equal(bin.table?.type, 'binary');
    assert.deepEqual(bin.entries.map((e) => [e.id, e.key, e.keyText]), [
      ['0x7fa6d00473b8', '4142000000000000', '4142000000000000'],
      ['0x5583ff3141c8', '4142434445464748', '4142434445464748'],
    ]);
  });

  test('3.0, reconstructed: shard= is not data', () => {
    const { entries } = parseTableEntries(readFixture('show-table-entries-3.0.txt'));
    assert.deepEqual(entries.map((e) => [e.key, e.use, e.expMs, e.shard, e.data.has('shard'), e.data.get('gpc0')]), [
      ['127.0.0.1', 3, 240508, 0, false, '0'],
      ['192.0.2.7', 0, 242970, 0, false, '9'],
    ]);
    const stick = parseTableEntries(readFixture('show-table-entries-stick-3.0.txt'));
    assert.deepEqual([...(stick.entries[0]?.data ?? [])], [['server_id', '1'], ['server_key', 'slowsrv']]);
  });

  test('2.6 at level user, recorded: the header, no entries, contentsHidden', () => {
    const { table, entries, contentsHidden } = parseTableEntries(readFixtureSection('refusals-2.6.txt', 'user show table app'));
    assert.deepEqual(table, { name: 'app', type: 'ip', size: 1024, used: 2 });
    assert.deepEqual(entries, []);
    assert.equal(contentsHidden, true);
  });

  test('blank, errors, CRLF', () => {
    assert.deepEqual(parseTableEntries(''), { table: undefined, entries: [], contentsHidden: false });
    assert.deepEqual(parseTableEntries('No such table\n\n').entries, []);
    const crlf = readFixture('show-table-entries-2.6.txt').replace(/\n/g, '\r\n');
    const parsed = parseTableEntries(crlf);
    assert.equal(parsed.table?.name, 'app');
    assert.equal(parsed.entries[1]?.data.get('http_req_rate(10000)'), '0');
  });
});

describe('parseTableEntryLine', () => {
  test('a key holding raw spaces runs up to " use="', () => {
    const e = parseTableEntryLine('0x1: key=a b c use=1 exp=2 gpc0=3');
    assert.deepEqual([e?.key, e?.use, e?.expMs, [...(e?.data ?? [])]], ['a b c', 1, 2, [['gpc0', '3']]]);
  });

  test('not entries', () => {
    assert.equal(parseTableEntryLine('# table: app, type: ip, size:1024, used:2'), undefined);
    assert.equal(parseTableEntryLine('0x1: key=x'), undefined);
    assert.equal(parseTableEntryLine(''), undefined);
  });
});

describe('unescapeKey', () => {
  test("HAProxy's dump_text escapes", () => {
    assert.equal(unescapeKey('a\\ b\\=c\\\\d\\te\\x01'), 'a b=c\\d\te\x01');
    assert.equal(unescapeKey('\\\\x41'), '\\x41');
  });
});
