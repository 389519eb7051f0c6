import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { classifyReply, replyMessage } from '../../src/runtime/reply';
import type { Reply } from '../../src/runtime/types';

const kind = (text: string): Reply['kind'] => classifyReply(text).kind;

const HELP = '  help [<command>]                        : list matching or all commands\n';

describe('classifyReply', () => {
  test('empty is ok', () => {
    assert.deepEqual(classifyReply(''), { kind: 'ok', text: '' });
  });

  test('permission denied, worker and master CLI', () => {
    assert.deepEqual(classifyReply('Permission denied\n'), { kind: 'permission-denied', text: 'Permission denied\n' });
    assert.equal(kind('Permission denied!\n'), 'permission-denied');
    assert.equal(kind('[3]: Permission denied\n'), 'permission-denied');
  });

  test('lookup failures', () => {
    assert.equal(kind('No such backend.\n'), 'no-such-backend');
    assert.equal(kind('No such server.\n'), 'no-such-server');
    assert.equal(kind('[3]: No such server.\n'), 'no-such-server');
    assert.equal(kind('No such frontend.\n'), 'error');
  });

  test('unknown command, every version', () => {
    assert.equal(kind(`Unknown command. Please enter one of the following commands only :\n${HELP}`), 'unknown-command');
    assert.equal(kind(`Unknown command. Please enter one of the following commands only:\n${HELP}`), 'unknown-command');
    assert.equal(kind(`Unknown command, but maybe one of the following ones is a better match:\n${HELP}`), 'unknown-command');
    assert.equal(kind(`Unknown command: 'frob'. Please enter one of the following commands only:\n${HELP}`), 'unknown-command');
  });

  test('known error texts', () => {
    for (const t of [
      "Require 'backend/server'.",
      'Proxy is disabled.',
      'Absolute weight can only be between 0 and 256 inclusive.',
      "Backend is using a static LB algorithm and only accepts weights '0%' and '100%'.",
      'Health check was not configured on this server, cannot enable.',
      'Only servers in maintenance mode can be deleted.',
      'All sockets are already disabled.',
      '[3]: Something failed.',
      '[4]: Something is odd.',
      'Missing argument.',
      'Invalid weight.',
      'Require an argument.',
      'Cannot do that.',
      'cannot do that either.',
    ]) {
      assert.equal(kind(`${t}\n`), 'error', t);
    }
  });

  test('anything else is data', () => {
    assert.equal(kind('admin\n'), 'data');
    assert.equal(kind('1 (initial 1)\n'), 'data');
    assert.equal(kind('# pxname,svname,qcur\nbk,s1,0\n'), 'data');
    assert.equal(kind('Name: HAProxy\nVersion: 2.6.12\n'), 'data');
    assert.equal(kind('[6]: admin\n'), 'data');
    assert.equal(kind('New server registered.\n'), 'data');
    // Only the first line decides: a later line starting with "Invalid" is data.
    assert.equal(kind('a\nInvalid\n'), 'data');
  });
});

describe('replyMessage', () => {
  test('one line per kind', () => {
    assert.equal(replyMessage(classifyReply('')), 'OK');
    assert.match(replyMessage(classifyReply('Permission denied\n')), /^Permission denied/);
    assert.equal(replyMessage(classifyReply('No such server.\n')), 'No such server.');
    assert.equal(replyMessage(classifyReply('[3]: No such backend.\n')), 'No such backend.');
    assert.equal(replyMessage(classifyReply(`Unknown command. Please enter one of the following commands only:\n${HELP}`)), 'Unknown command.');
    assert.equal(replyMessage(classifyReply(`Unknown command, but maybe one of the following ones is a better match:\n${HELP}`)), 'Unknown command.');
    assert.equal(replyMessage(classifyReply(`Unknown command: 'frob'. Please enter one of the following commands only:\n${HELP}`)), "Unknown command: 'frob'.");
    assert.equal(replyMessage(classifyReply('Absolute weight can only be between 0 and 256 inclusive.\n')), 'Absolute weight can only be between 0 and 256 inclusive.');
    assert.equal(replyMessage(classifyReply('admin\n')), 'admin');
    assert.equal(replyMessage(classifyReply('a\nb\nc\n')), 'a (+2 more lines)');
  });

  test('never more than one line', () => {
    for (const t of ['', 'x\ny\n', `Unknown command:\n${HELP}${HELP}`, 'Permission denied!\n']) {
      assert.doesNotMatch(replyMessage(classifyReply(t)), /\n/);
    }
  });
});
