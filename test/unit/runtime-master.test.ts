// The master CLI side of the runtime client: which commands go where, what `prompt` answers mean, and (against the
// fake, for what a real 2.6 cannot show: 2.7+'s reload status, a prompt trickling in) how a session behaves.
import { test, describe, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import type { Transport } from '../../src/app/instance';
import { RuntimeClient } from '../../src/runtime/client';
import { endsMasterSession, rawCommand, reload, showProc, unsafeMasterCommand } from '../../src/runtime/commands';
import { isMasterCommand, reloadMaster, routeCommand, WorkerRoute } from '../../src/runtime/master';
import { promptAnswer } from '../../src/runtime/session';
import { RuntimeError, type SocketKind } from '../../src/runtime/types';
import { parseReloadStatus } from '../../src/stats/proc';
import { FakeHaproxy, type FakeAction } from '../support/fake-haproxy';

describe('master CLI commands', () => {
  test('builders', () => {
    assert.deepEqual(showProc(), { text: 'show proc', mutating: false });
    assert.deepEqual(reload(), { text: 'reload', mutating: true });
  });

  test('worker commands get the current worker prefix; master commands and addressed ones go as they are', () => {
    assert.equal(routeCommand('show stat'), '@1 show stat');
    assert.equal(routeCommand('show info'), '@1 show info');
    assert.equal(routeCommand('disable server bk/s1'), '@1 disable server bk/s1');
    assert.equal(routeCommand('show stat -1 4 -1', '@!4321'), '@!4321 show stat -1 4 -1');
    for (const text of ['show proc', 'show proc debug', 'reload', 'hard-reload', '@1 show info', '@!4321 show info', '@master show version', ' show  proc']) {
      assert.ok(isMasterCommand(text), text);
      assert.equal(routeCommand(text), text);
    }
    // `show version` exists on both: through the route it is the worker's.
    assert.equal(routeCommand('show version'), '@1 show version');
    assert.equal(routeCommand('show process'), '@1 show process');
  });

  test('which commands end a master CLI session', () => {
    for (const text of ['reload', ' reload ', 'hard-reload', '@master reload', '@ reload']) assert.ok(endsMasterSession(text), text);
    for (const text of ['@1 reload', 'show proc', 'reloads', '@!12 hard-reload']) assert.ok(!endsMasterSession(text), text);
  });

  test('a bare @target or @@ would change the session: refused, each in one sentence', () => {
    for (const text of ['@1', '@!4321', '@master', '@', ' @1 ']) assert.match(unsafeMasterCommand(text) ?? '', /alone: it would switch the master CLI session/, text);
    assert.match(unsafeMasterCommand('@@1 show info') ?? '', /"@@" would hand the master CLI session over to a worker/);
    for (const text of ['@1 show info', '@!4321 show stat', 'show proc', 'reload']) assert.equal(unsafeMasterCommand(text), undefined, text);
  });

  test('a typed line: a read stays a read behind a master CLI prefix', () => {
    assert.equal(rawCommand('@1 show stat').mutating, false);
    assert.equal(rawCommand('@!4321 get weight bk/s1').mutating, false);
    assert.equal(rawCommand('@1 disable server bk/s1').mutating, true);
    assert.equal(rawCommand('@1').mutating, true);
    assert.equal(rawCommand('@@1 show info').mutating, true);
    assert.equal(rawCommand('show proc').mutating, false);
    assert.equal(rawCommand('reload').mutating, true);
  });

  test("the answer to prompt: a worker's, the master CLI's (when taken), unfinished, or wrong", () => {
    const cases: readonly [string, boolean, SocketKind | 'partial' | 'wrong'][] = [
      ['\n> ', false, 'worker'],
      ['\n> ', true, 'worker'],
      ['', true, 'partial'],
      ['\n', false, 'partial'],
      ['master> ', true, 'master'],
      ['master[ReloadFailed]> ', true, 'master'],
      ['master(xed)> ', true, 'master'],
      ['master> ', false, 'wrong'],
      ['mas', true, 'partial'],
      ['master[Reload', true, 'partial'],
      ['master>', true, 'partial'],
      ['1234> ', true, 'wrong'],
      ['master>x', true, 'wrong'],
      ['HTTP/1.1 400', true, 'wrong'],
    ];
    for (const [text, accept, want] of cases) assert.equal(promptAnswer(text, accept), want, JSON.stringify([text, accept]));
  });

  test('a WorkerRoute needs a client that takes the master socket, and a target it can route to', () => {
    const address = { kind: 'unix', path: '/nonexistent/master.sock' } as const;
    assert.throws(() => new WorkerRoute(new RuntimeClient(address)), /acceptMaster: true/);
    const client = new RuntimeClient(address, { acceptMaster: true });
    assert.throws(() => new WorkerRoute(client, { target: '1' }), /must be "@<n>" or "@!<pid>", got "1"/);
    assert.doesNotThrow(() => new WorkerRoute(client, { target: '@!4321' }));
    // It plugs in where the app takes its transport (checked by the compiler).
    const transport: Transport = new WorkerRoute(client);
    assert.equal(typeof transport.send, 'function');
  });
});

/** The master CLI in prompt mode, as 2.6 frames it: "master> " after `prompt`, then output, empty line, prompt. */
const masterAnswer = (cmd: string): FakeAction => {
  if (cmd === 'prompt') return { kind: 'raw', bytes: 'master> ' };
  if (cmd === 'show version') return { kind: 'raw', bytes: '3.0.5\n\nmaster> ' };
  if (cmd === '@1 show info') return { kind: 'raw', bytes: 'Name: HAProxy\nPid: 4321\n\nmaster> ' };
  return { kind: 'raw', bytes: 'Unknown command.\n\nmaster> ' };
};

describe('RuntimeClient on a master CLI (fake)', () => {
  let fake: FakeHaproxy;
  let client: RuntimeClient;

  beforeEach(async () => {
    fake = await FakeHaproxy.start();
    fake.handler = masterAnswer;
    client = new RuntimeClient({ kind: 'unix', path: fake.path }, { timeoutMs: 2000, acceptMaster: true });
  });
  afterEach(async () => {
    client.close();
    await fake.stop();
  });

  test('a prompt trickling in byte by byte, with a failed reload in it, is the master', async () => {
    fake.handler = (cmd) => (cmd === 'prompt' ? { kind: 'slow', bytes: 'master[ReloadFailed]> ', intervalMs: 2 } : masterAnswer(cmd));
    const kinds: SocketKind[] = [];
    client.on('connect', (kind) => kinds.push(kind));
    assert.equal(client.socketKind, undefined);
    assert.equal(await client.connect(), 'master');
    assert.deepEqual(kinds, ['master']);
    fake.handler = (cmd) => (cmd === 'show version' ? { kind: 'raw', bytes: '3.0.5\n\nmaster[ReloadFailed]> ' } : masterAnswer(cmd));
    assert.equal(await client.send('show version'), '3.0.5\n');
  });

  test("2.7+: reload answers its status, then the master closes: the status is the answer", async () => {
    // As 3.0 answers: the status, the startup logs, an empty line, and no prompt.
    const status = 'Success=1\n--\n[NOTICE]   (4400) : New worker (4401) forked\n[NOTICE]   (4400) : Loading success.\n';
    fake.handler = (cmd) => (cmd === 'reload' ? { kind: 'cut', bytes: `${status}\n` } : masterAnswer(cmd));
    const closes: (RuntimeError | undefined)[] = [];
    client.on('close', (err) => closes.push(err));
    const text = await reloadMaster(client);
    assert.equal(text, status);
    assert.equal(parseReloadStatus(text).kind, 'succeeded');
    assert.equal(closes.length, 1);
    assert.equal(closes[0]?.failure, 'closed');
    assert.equal(closes[0]?.message, `${fake.path} closed the session after "reload", as the master CLI does`);
    // The next command opens a new session.
    assert.equal(await new WorkerRoute(client).send('show info'), 'Name: HAProxy\nPid: 4321\n');
    assert.equal(fake.connections, 2);
  });

  test('streamed with onText, the status comes as pieces and the promise resolves with ""', async () => {
    fake.handler = (cmd) => (cmd === 'reload' ? { kind: 'cut', bytes: 'Success=0\n--\nAnother reload is still in progress.\n\n' } : masterAnswer(cmd));
    const pieces: string[] = [];
    assert.equal(await client.send(reload(), { onText: (p) => pieces.push(p) }), '');
    assert.equal(pieces.join(''), 'Success=0\n--\nAnother reload is still in progress.\n');
  });

  test('a bare @1 is refused before it is sent, and the session goes on', async () => {
    await client.connect();
    await assert.rejects(client.send('@1'), (err: unknown) => err instanceof RuntimeError && err.failure === 'protocol' && /alone/.test(err.message));
    assert.equal(await client.send('show version'), '3.0.5\n');
    assert.deepEqual(fake.received, ['prompt', 'show version']);
  });

  test('without acceptMaster the same socket is still refused as the wrong one', async () => {
    const strict = new RuntimeClient({ kind: 'unix', path: fake.path }, { timeoutMs: 2000 });
    await assert.rejects(strict.connect(), /is HAProxy's master CLI socket \(it answered with the "master>" prompt\), not a worker's stats socket$/);
    assert.equal(strict.socketKind, undefined);
    strict.close();
  });
});
