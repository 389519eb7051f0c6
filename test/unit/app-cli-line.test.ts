import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { refusedCliCommand, splitCommands } from '../../src/app/cli-line';

describe('splitCommands', () => {
  test('an unescaped ; ends a command; blanks around are dropped', () => {
    assert.deepEqual(splitCommands('show info; show stat'), ['show info', 'show stat']);
    assert.deepEqual(splitCommands(' show info ;; ; show errors ;'), ['show info', 'show errors']);
    assert.deepEqual(splitCommands(''), []);
  });

  test('an escaped \\; is not a separator and keeps its backslash', () => {
    assert.deepEqual(splitCommands('set var txn.x str(a\\;b)'), ['set var txn.x str(a\\;b)']);
    assert.deepEqual(splitCommands('a\\;b;c'), ['a\\;b', 'c']);
    assert.deepEqual(splitCommands('a\\\\;b'), ['a\\\\', 'b'], 'an escaped backslash does not escape the ;');
  });
});

describe('refusedCliCommand', () => {
  const refused = [
    'prompt',
    'PROMPT',
    '  prompt  ',
    'quit',
    'Quit',
    'set timeout cli 5',
    'SET TIMEOUT CLI 5',
    'set   timeout\tcli 10',
    'show info; quit',
    'show info;quit',
    'show stat ; prompt',
    'show info; set timeout cli 5; show stat',
    'quit; show info',
  ];
  for (const line of refused) {
    test(`refuses ${JSON.stringify(line)}`, () => {
      const why = refusedCliCommand(line);
      assert.ok(why !== undefined && why.startsWith('Refused'), String(why));
    });
  }

  test('each refusal says which command and why', () => {
    assert.match(refusedCliCommand('prompt') ?? '', /prompt/);
    assert.match(refusedCliCommand('show info; quit') ?? '', /quit/);
    assert.match(refusedCliCommand('set timeout cli 5') ?? '', /set timeout cli/);
  });

  const allowed = [
    '',
    'help',
    'show info',
    'show stat',
    'show info; show stat',
    'show info\\; quit',
    'echo prompt',
    'show sess quit',
    'set timeout client 5',
    'set timeout',
    'set weight bk/prompt 10',
    'set server quit/srv state ready',
    'disable server bk/quit',
    'prompts',
    'quitting',
    'set map @1 key=val, "x" \'y\' {z}',
  ];
  for (const line of allowed) {
    test(`allows ${JSON.stringify(line)}`, () => assert.equal(refusedCliCommand(line), undefined));
  }
});
