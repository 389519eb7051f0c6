// `show map` / `show acl` and their entries. Recorded from HAProxy 2.6.12 (test/fixtures/views-lab-2.6.cfg: a
// map file with a value holding spaces and a comment line, an ACL file, inline ACLs, HAProxy's own httpclient
// ACLs): show-map-2.6.txt, show-map-entries-2.6.txt (`show map DIR/hosts.map`, and `show map #4` answered the
// same), show-acl-2.6.txt, show-acl-entries-2.6.txt, show-acl-entries-inline-2.6.txt (`show acl #5`).
// Reconstructed from HAProxy's source: show-map-2.0.txt (no versions, no count), show-acl-2.4.txt (versions, no
// count).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePatternEntries, parsePatternList, patternRef, type PatternFile } from '../../src/stats/patterns';
import { readFixture } from '../support/fixtures';

describe('parsePatternList', () => {
  test('2.6 maps, recorded', () => {
    assert.deepEqual(parsePatternList(readFixture('show-map-2.6.txt'), 'map'), [
      {
        kind: 'map',
        id: 4,
        file: 'DIR/hosts.map',
        description: "pattern loaded from file 'DIR/hosts.map' used by map at file 'haproxy.cfg' line 22",
        entryCount: 3,
        currentVersion: 0,
        nextVersion: 0,
      },
    ]);
  });

  test('2.6 ACLs, recorded: files and inline ones, ids shared with the maps', () => {
    const acls = parsePatternList(readFixture('show-acl-2.6.txt'), 'acl');
    assert.deepEqual(
      acls.map((a) => [a.kind, a.id, a.file, a.entryCount]),
      [
        ['acl', 0, '', 0],
        ['acl', 1, '', 0],
        ['acl', 2, 'DIR/blocked.acl', 2],
        ['acl', 3, '', 0],
        ['acl', 5, '', 1],
        ['acl', 6, '', 1],
        ['acl', 7, '', 1],
        ['acl', 8, '', 1],
      ],
    );
    assert.equal(acls[4]?.description, "acl 'path_beg' file 'haproxy.cfg' line 23");
    assert.equal(acls[6]?.description, "acl 'var' file 'httpclient' line 0");
    assert.deepEqual(acls.map(patternRef), ['#0', '#1', 'DIR/blocked.acl', '#3', '#5', '#6', '#7', '#8']);
  });

  test('2.0 and 2.4, reconstructed: no entry count; 2.0 no versions', () => {
    const [map] = parsePatternList(readFixture('show-map-2.0.txt'), 'map');
    assert.deepEqual(map, {
      kind: 'map',
      id: 2,
      file: 'DIR/hosts.map',
      description: "pattern loaded from file 'DIR/hosts.map' used by map at file 'haproxy.cfg' line 22",
      entryCount: undefined,
      currentVersion: undefined,
      nextVersion: undefined,
    });
    const acls = parsePatternList(readFixture('show-acl-2.4.txt'), 'acl');
    assert.deepEqual(
      acls.map((a) => [a.id, a.file, a.description, a.entryCount, a.currentVersion]),
      [
        [0, 'DIR/blocked.acl', "pattern loaded from file 'DIR/blocked.acl' used by acl at file 'haproxy.cfg' line 20", undefined, 0],
        [1, '', "acl 'src' file 'haproxy.cfg' line 20", undefined, 0],
        [3, '', "acl 'path_beg' file 'haproxy.cfg' line 23", undefined, 0],
      ],
    );
  });

  test('blank, errors, CRLF', () => {
    assert.deepEqual(parsePatternList('', 'map'), []);
    assert.deepEqual(parsePatternList('# id (file) description\n\n', 'map'), []);
    assert.deepEqual(parsePatternList('Unknown command, but maybe one of the following ones is a better match:\n', 'acl'), []);
    const crlf = readFixture('show-map-2.6.txt').replace(/\n/g, '\r\n');
    assert.equal(parsePatternList(crlf, 'map')[0]?.entryCount, 3);
  });
});

describe('parsePatternEntries', () => {
  test('2.6 map entries, recorded: a value with spaces, no comment line', () => {
    assert.deepEqual(parsePatternEntries(readFixture('show-map-entries-2.6.txt'), 'map'), [
      { id: '0x5583ff167bb0', key: 'site.example.test', value: 'bk_app' },
      { id: '0x5583ff167c40', key: 'www.site.example.test', value: 'bk_app with spaces in value' },
      { id: '0x5583ff167ce0', key: 'api.example.test', value: 'bk_api' },
    ]);
  });

  test('2.6 ACL entries, recorded: file and inline', () => {
    assert.deepEqual(parsePatternEntries(readFixture('show-acl-entries-2.6.txt'), 'acl'), [
      { id: '0x5583ff166040', key: '10.0.0.0/8', value: undefined },
      { id: '0x5583ff166090', key: '192.0.2.1', value: undefined },
    ]);
    assert.deepEqual(parsePatternEntries(readFixture('show-acl-entries-inline-2.6.txt'), 'acl'), [
      { id: '0x5583ff168340', key: '/admin', value: undefined },
    ]);
  });

  test('an ACL pattern keeps its spaces; a map entry without value', () => {
    assert.deepEqual(parsePatternEntries('0xa Mozilla/5.0 (X11; Linux)\n', 'acl'), [
      { id: '0xa', key: 'Mozilla/5.0 (X11; Linux)', value: undefined },
    ]);
    assert.deepEqual(parsePatternEntries('0xb lonely\r\n', 'map'), [{ id: '0xb', key: 'lonely', value: undefined }]);
  });

  test('error texts and headers are not entries', () => {
    assert.deepEqual(parsePatternEntries('Unknown map identifier. Please use #<id> or <file>.\n\n', 'map'), []);
    assert.deepEqual(parsePatternEntries('# id (file) description\n', 'acl'), []);
    assert.deepEqual(parsePatternEntries('', 'map'), []);
  });
});

describe('patternRef', () => {
  const file = (id: number, name: string): PatternFile => ({ kind: 'map', id, file: name, description: '', entryCount: undefined });
  test('the file when there is one, else #id; unescaped', () => {
    assert.equal(patternRef(file(4, '/etc/haproxy/hosts.map')), '/etc/haproxy/hosts.map');
    assert.equal(patternRef(file(7, '')), '#7');
    assert.equal(patternRef(file(1, '/etc/a b;c.map')), '/etc/a b;c.map');
  });
});
