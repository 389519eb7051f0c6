import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { refusedCliCommand, runCliLine, sideSessionReason, splitCommands, type SideSession } from '../../src/app/cli-line';
import { CliLog } from '../../src/app/cli-log';
import type { Command } from '../../src/runtime/types';

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
    'add map #0 <<',
    'add acl /etc/acl.lst <<',
    'show info; set ssl cert /x.pem <<',
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
    // quit: how to leave instead (q alone would be typed into the CLI line).
    assert.match(refusedCliCommand('quit') ?? '', /press ESC, then q/);
    assert.match(refusedCliCommand('add map #0 <<') ?? '', /`<<` payload.*one line/);
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
    'add map #0 key <<value',
    'show info <<x',
    'user',
    'operator',
    'experimental-mode on',
  ];
  for (const line of allowed) {
    test(`allows ${JSON.stringify(line)}`, () => assert.equal(refusedCliCommand(line), undefined));
  }
});

describe('commands that change the session run on a session of their own', () => {
  const changing = [
    'user',
    'operator',
    'OPERATOR',
    'expert-mode on',
    'experimental-mode on',
    'mcli-debug-mode on',
    'set severity-output number',
    'show info; user',
    'experimental-mode on; add server bk/s9 127.0.0.1:80',
  ];
  for (const line of changing) {
    test(`${JSON.stringify(line)} needs a separate session`, () => assert.notEqual(sideSessionReason(line), undefined));
  }
  const plain = ['show info', 'show users', 'set server bk/user state ready', 'set severity', 'operators', 'show info\\; user'];
  for (const line of plain) {
    test(`${JSON.stringify(line)} runs on the polling session`, () => assert.equal(sideSessionReason(line), undefined));
  }

  /** A sender that records what it was sent, under a name. */
  function recorder(): { sent: string[]; closed: number; session: SideSession } {
    const r = { sent: [] as string[], closed: 0, session: undefined as unknown as SideSession };
    r.session = {
      send: (c: Command | string) => {
        r.sent.push(typeof c === 'string' ? c : c.text);
        return Promise.resolve('');
      },
      close: () => {
        r.closed++;
      },
    };
    return r;
  }

  test('the whole line goes to a new session, which is closed after; the polling session sends nothing', async () => {
    const main = recorder();
    const opened: ReturnType<typeof recorder>[] = [];
    const log = new CliLog();
    const sent = await runCliLine(main.session, log, 'operator; show info', () => undefined, () => {
      const side = recorder();
      opened.push(side);
      return side.session;
    });
    assert.equal(sent, true);
    assert.deepEqual(main.sent, []);
    assert.equal(opened.length, 1);
    assert.deepEqual(opened[0]?.sent, ['operator', 'show info']);
    assert.equal(opened[0]?.closed, 1);
    assert.ok(log.all().some((l) => l.kind === 'info' && /separate session, closed afterwards/.test(l.text)));
  });

  test('the separate session is closed even when a send fails', async () => {
    const main = recorder();
    let closed = 0;
    const log = new CliLog();
    await runCliLine(main.session, log, 'user', () => undefined, () => ({
      send: () => Promise.reject(new Error('connection refused')),
      close: () => {
        closed++;
      },
    }));
    assert.equal(closed, 1);
    assert.ok(log.all().some((l) => l.kind === 'error' && l.text === 'connection refused'));
  });

  test('without a way to open one, such a line is refused and nothing is sent', async () => {
    const main = recorder();
    const log = new CliLog();
    const sent = await runCliLine(main.session, log, 'user', () => undefined);
    assert.equal(sent, false);
    assert.deepEqual(main.sent, []);
    assert.ok(log.all().some((l) => l.kind === 'error' && /^Refused/.test(l.text)));
  });

  test('other lines stay on the polling session and open nothing', async () => {
    const main = recorder();
    let opened = 0;
    await runCliLine(main.session, new CliLog(), 'show info; show stat', () => undefined, () => {
      opened++;
      return recorder().session;
    });
    assert.equal(opened, 0);
    assert.deepEqual(main.sent, ['show info', 'show stat']);
  });
});
