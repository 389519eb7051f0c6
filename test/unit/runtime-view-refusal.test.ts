// viewRefusal on HAProxy's refusals of the views' commands. Recorded from HAProxy 2.6.12 (refusals-2.6.txt: a
// socket at level user, then one at level admin given unknown names, a bad filter, unknown commands). The texts
// of other versions (2.0's "Unknown command", 3.1+'s show sess options, the severity prefix, the certificate
// lock) are written here from HAProxy's source.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { viewRefusal } from '../../src/runtime/view-refusal';
import { readFixture, readFixtureSection } from '../support/fixtures';

const recorded = (level: string, command: string): string | undefined =>
  viewRefusal(command, readFixtureSection('refusals-2.6.txt', `${level} ${command}`));

describe('viewRefusal, recorded 2.6 refusals', () => {
  test('a socket at level user', () => {
    assert.equal(recorded('user', 'show sess'), "This socket's level does not allow `show sess`: it needs a socket at level operator or admin.");
    assert.equal(recorded('user', 'show errors'), "This socket's level does not allow `show errors`: it needs a socket at level operator or admin.");
    const cert = "This socket's level does not allow `show ssl cert` (HAProxy says \"Can't allocate memory!\"): it needs a socket at level operator or admin.";
    assert.equal(recorded('user', 'show ssl cert'), cert);
    assert.equal(recorded('user', 'show ssl cert DIR/site.pem'), cert);
    assert.equal(
      recorded('user', 'show table app'),
      "This socket's level shows the table but not its entries: they need a socket at level operator or admin.",
    );
  });

  test('unknown names', () => {
    assert.equal(recorded('admin', 'show table nosuch'), 'There is no stick table nosuch.');
    assert.equal(recorded('admin', 'show map nosuch.map'), 'There is no map nosuch.map (ids change when HAProxy reloads).');
    assert.equal(recorded('admin', 'show map #0'), 'There is no map #0 (ids change when HAProxy reloads).');
    assert.equal(recorded('admin', 'show acl #99'), 'There is no ACL #99 (ids change when HAProxy reloads).');
    assert.equal(
      recorded('admin', 'show ssl cert /nonexistent.pem'),
      'HAProxy holds no certificate /nonexistent.pem (or it is a multi-certificate bundle).',
    );
    assert.equal(recorded('admin', 'show sess 0xdeadbeef'), 'That session is gone (it has ended, or the id is wrong).');
  });

  test('bad filters', () => {
    assert.equal(recorded('admin', 'show table app data.nosuch gt 1'), 'HAProxy refused the filter of `show table`: Unknown data type.');
    assert.equal(
      recorded('admin', 'show table app data.gpc0 gt'),
      'HAProxy refused the filter of `show table`: Require a valid integer value to compare against.',
    );
  });

  test('unknown commands', () => {
    assert.equal(recorded('admin', 'show ssl frob'), 'This HAProxy (or its build) has no `show ssl`.');
    assert.equal(recorded('admin', 'show frob'), 'This HAProxy (or its build) has no `show frob`.');
  });
});

describe('viewRefusal, data is not a refusal', () => {
  const data: ReadonlyArray<readonly [string, string]> = [
    ['show sess', 'show-sess-2.6.txt'],
    ['show sess 0x5583ff24e240', 'show-sess-one-2.6.txt'],
    ['show table', 'show-table-2.6.txt'],
    ['show table app', 'show-table-entries-2.6.txt'],
    ['show table app data.http_req_cnt gt 1', 'show-table-entries-filtered-2.6.txt'],
    ['show map', 'show-map-2.6.txt'],
    ['show map DIR/hosts.map', 'show-map-entries-2.6.txt'],
    ['show acl', 'show-acl-2.6.txt'],
    ['show acl #5', 'show-acl-entries-inline-2.6.txt'],
    ['show ssl cert', 'show-ssl-cert-pending-2.6.txt'],
    ['show ssl cert DIR/site.pem', 'show-ssl-cert-detail-2.6.txt'],
    ['show activity', 'show-activity-2.6.txt'],
    ['show errors', 'show-errors-2.6.txt'],
    ['show pools', 'show-pools-2.6.txt'],
  ];
  for (const [command, fixture] of data) {
    test(`${command} (${fixture})`, () => assert.equal(viewRefusal(command, readFixture(fixture)), undefined));
  }

  test('an empty reply (no tables, an empty ACL)', () => {
    assert.equal(viewRefusal('show table', ''), undefined);
    assert.equal(viewRefusal('show acl #3', '\n'), undefined);
  });
});

describe('viewRefusal, other versions and forms', () => {
  const HELP = '  help           : this message\n  prompt         : toggle interactive mode with prompt\n';

  test("2.0's unknown command; show ssl cert says what it needs", () => {
    const reply = `Unknown command. Please enter one of the following commands only :\n${HELP}`;
    assert.equal(viewRefusal('show ssl cert', reply), 'This HAProxy (or its build) has no `show ssl cert` (it needs HAProxy 2.2 or later, built with SSL).');
    assert.equal(viewRefusal('show ssl cert /etc/site.pem', reply), viewRefusal('show ssl cert', reply));
    assert.equal(viewRefusal("show pools", `Unknown command: 'pools'. Please enter one of the following commands only:\n${HELP}`), 'This HAProxy (or its build) has no `show pools`.');
  });

  test('through the master CLI, with the severity prefix, CRLF', () => {
    assert.equal(viewRefusal('@1 show sess', '[3]: Permission denied\r\n\r\n'), "This socket's level does not allow `show sess`: it needs a socket at level operator or admin.");
    assert.equal(viewRefusal('@!1234 show table st', 'No such table\r\n'), 'There is no stick table st.');
    assert.equal(viewRefusal('show errors', 'Permission denied!\n'), "This socket's level does not allow `show errors`: it needs a socket at level operator or admin.");
  });

  test('escaped names are shown unescaped', () => {
    assert.equal(viewRefusal('show map /etc/my\\ maps/a\\;b.map', 'Unknown map identifier. Please use #<id> or <file>.\n'), 'There is no map /etc/my maps/a;b.map (ids change when HAProxy reloads).');
  });

  test('3.1+ show sess options and server filters', () => {
    assert.equal(viewRefusal('show sess show-url', "Unsupported option 'show-url', try 'help' for more info.\n"), "This HAProxy's `show sess` has no option 'show-url'.");
    assert.equal(viewRefusal('show sess server bk/nope', 'No such server.\n'), 'There is no server bk/nope.');
    assert.equal(viewRefusal('show sess backend nope', 'No such backend.\n'), 'There is no backend nope.');
    assert.equal(viewRefusal('show sess server bk', "Require 'backend/server'.\n"), "HAProxy refused `show sess server bk`: Require 'backend/server'.");
  });

  test('certificates locked, no such proxy, extra filter data, out of memory', () => {
    assert.equal(viewRefusal('show ssl cert', "Can't show!\nOperations on certificates are currently locked!\n"), 'Another command is updating the certificates right now: try again.');
    assert.equal(viewRefusal('show errors px', 'No such proxy.\n'), 'There is no proxy px.');
    assert.equal(
      viewRefusal('show table t data.gpc0 gt 1 foo', "Detected extra data in filter, 7th word of input, after '1'\n"),
      "HAProxy refused the filter of `show table`: Detected extra data in filter, 7th word of input, after '1'.",
    );
    assert.equal(viewRefusal('show sess', "Can't allocate memory!\n"), 'HAProxy ran out of memory answering `show sess`.');
  });
});
