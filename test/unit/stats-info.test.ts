import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseShowInfo } from '../../src/stats/info';
import { readFixture } from '../support/fixtures';

describe('parseShowInfo', () => {
  test('recorded 2.6.12 reply: every line, in order, names with spaces included', () => {
    const text = readFixture('info-2.6.txt');
    const info = parseShowInfo(text);
    const lines = text.split('\n').filter((l) => l !== '');
    assert.equal(info.size, lines.length);
    assert.equal([...info.keys()][0], 'Name');
    assert.equal(info.get('Name'), 'HAProxy');
    assert.match(info.get('Version') ?? '', /^2\.6\.12/);
    assert.equal(info.get('Unstoppable Jobs'), '0');
    assert.match(info.get('Build info') ?? '', /^2\.6\.12/);
    assert.match(info.get('Uptime_sec') ?? '', /^\d+$/);
    assert.equal(info.get('description'), undefined);
  });

  const versions: ReadonlyArray<readonly [string, string, readonly string[]]> = [
    ['1.8', '1.8.30', ['Stopping', 'Jobs', 'Build info', 'Unstoppable Jobs']],
    ['2.0', '2.0.33', ['Nbproc', 'Build info']],
    ['2.4', '2.4.26', ['Run_queue']],
    ['2.8', '2.8.10', ['Nbproc', 'Process_num', 'node']],
    ['3.0', '3.0.5', ['Nbproc', 'Idle_pct']],
    ['3.3', '3.3.0', ['Nbproc', 'Maxpipes']],
  ];
  for (const [v, version, missing] of versions) {
    test(`${v}: same fields by name, missing ones undefined, unknown ones kept`, () => {
      const info = parseShowInfo(readFixture(`info-${v}.txt`));
      assert.equal(info.get('Name'), 'HAProxy');
      assert.equal(info.get('Version'), version);
      assert.equal(info.get('Uptime_sec'), '3723');
      assert.equal(info.get('CurrConns'), '5');
      assert.equal(info.get('Maxconn'), '2000');
      assert.equal(info.get('Zz_Unknown_Field'), '42');
      for (const name of missing) assert.equal(info.has(name), false, name);
    });
  }

  test('splits on the first ": " only: values may contain ": "', () => {
    const info = parseShowInfo(readFixture('info-2.8.txt'));
    assert.equal(info.get('description'), 'edge: primary lb');
    assert.equal(info.get('Build info'), '2.8.10-abcdef');
  });

  test('ignores lines without ": ", tolerates CRLF, keeps the first of a repeated name', () => {
    const info = parseShowInfo('Name: HAProxy\r\ngarbage line\nNoSpace:1\n: empty name\nPid: 1\nPid: 2\nEmpty: \n');
    assert.deepEqual([...info], [
      ['Name', 'HAProxy'],
      ['Pid', '1'],
      ['Empty', ''],
    ]);
  });

  test('empty text gives an empty map', () => {
    assert.equal(parseShowInfo('').size, 0);
    assert.equal(parseShowInfo('\n\n').size, 0);
  });
});
