import { test, describe, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RuntimeClient } from '../../src/runtime/client';
import { lostCause } from '../../src/runtime/connect-error';
import { disableServer, showInfo } from '../../src/runtime/commands';
import { RuntimeError, type TransportFailure } from '../../src/runtime/types';
import { FakeHaproxy, defaultAnswer, reply, waitFor, type FakeAction } from '../support/fake-haproxy';

/** Asserts that `p` rejects with a RuntimeError of this failure whose message matches. */
async function rejectsWith(p: Promise<unknown>, failure: TransportFailure, message: RegExp): Promise<RuntimeError> {
  let caught: unknown;
  await p.then(
    () => assert.fail(`expected a '${failure}' RuntimeError, got a value`),
    (err: unknown) => {
      caught = err;
    },
  );
  assert.ok(caught instanceof RuntimeError, `expected a RuntimeError, got ${String(caught)}`);
  assert.equal(caught.failure, failure, caught.message);
  assert.match(caught.message, message);
  assert.doesNotMatch(caught.message, /\n/);
  return caught;
}

const activeTimers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

describe('RuntimeClient against a fake socket', () => {
  let fake: FakeHaproxy;
  let client: RuntimeClient;

  beforeEach(async () => {
    fake = await FakeHaproxy.start();
    client = new RuntimeClient({ kind: 'unix', path: fake.path }, { timeoutMs: 2000 });
  });
  afterEach(async () => {
    client.close();
    await fake.stop();
  });

  test('connects in prompt mode and round-trips commands', async () => {
    let connects = 0;
    client.on('connect', () => connects++);
    assert.equal(client.connected, false);
    await client.connect();
    assert.equal(client.connected, true);
    assert.equal(connects, 1);
    assert.deepEqual(fake.received, ['prompt']);
    assert.equal(await client.send('show cli level'), 'admin\n');
    assert.equal(await client.send(showInfo()), 'Name: HAProxy\nVersion: 2.6.12-fake\n');
    assert.equal(await client.send('set server bk/s1 state ready'), '');
    assert.deepEqual(await client.run('show cli level'), { kind: 'data', text: 'admin\n' });
    assert.deepEqual(await client.run('set server bk/s1 state ready'), { kind: 'ok', text: '' });
    assert.equal((await client.run('frob')).kind, 'unknown-command');
    assert.equal(fake.connections, 1);
  });

  test('send connects on its own', async () => {
    assert.equal(await client.send('show cli level'), 'admin\n');
    assert.deepEqual(fake.received, ['prompt', 'show cli level']);
  });

  test('keeps exactly one command in flight, answers in order', async () => {
    // Answer each command a few event-loop turns later: a pipelining client would be caught sending ahead.
    fake.handler = async (cmd): Promise<FakeAction> => {
      for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
      return cmd.startsWith('echo ') ? reply(`${cmd.slice(5)}\n`) : defaultAnswer(cmd);
    };
    const answers = await Promise.all(['a', 'b', 'c', 'd'].map((x) => client.send(`echo ${x}`)));
    assert.deepEqual(answers, ['a\n', 'b\n', 'c\n', 'd\n']);
    assert.equal(fake.maxOutstanding, 1);
    assert.equal(fake.connections, 1);
  });

  test('a large reply arrives whole', async () => {
    const big = 'bk,srv,0,0,UP,' + 'x'.repeat(100) + ',\n';
    const output = big.repeat(30000); // ~3.5 MB
    fake.handler = (cmd) => (cmd === 'show stat' ? reply(output) : defaultAnswer(cmd));
    const text = await client.send('show stat');
    assert.equal(text.length, output.length);
    assert.equal(text, output);
  });

  test('a stall times out that command, fails the queued ones, and the next send reconnects', async () => {
    const baseline = activeTimers();
    fake.handler = (cmd) => (cmd === 'show stat' ? { kind: 'stall' } : defaultAnswer(cmd));
    await client.connect();
    const closes: (RuntimeError | undefined)[] = [];
    client.on('close', (err) => closes.push(err));
    const stalled = client.send('show stat', { timeoutMs: 100 });
    const queued = client.send('show cli level');
    const err = await rejectsWith(stalled, 'timeout', /did not answer "show stat" within 0\.1 s/);
    assert.equal(err.address, fake.path);
    assert.ok(err.message.includes(fake.path));
    await rejectsWith(queued, 'closed', /"show cli level"/);
    assert.equal(client.connected, false);
    assert.equal(closes.length, 1);
    assert.equal(closes[0]?.failure, 'timeout');
    // The fake sees the connection go away: the out-of-sync session is not reused.
    await waitFor(() => fake.openConnections === 0, 'the stalled connection to close');
    assert.equal(await client.send('show cli level'), 'admin\n');
    assert.equal(fake.connections, 2);
    client.close();
    assert.equal(activeTimers(), baseline, 'timers left behind');
  });

  test('default timeout applies when none is given per command', async () => {
    fake.handler = (cmd) => (cmd === 'show stat' ? { kind: 'stall' } : defaultAnswer(cmd));
    const c = new RuntimeClient({ kind: 'unix', path: fake.path }, { timeoutMs: 80, connectTimeoutMs: 2000 });
    await rejectsWith(c.send('show stat'), 'timeout', /within 0\.08 s/);
    c.close();
  });

  test('a reply cut mid-way fails the command in flight and the queued ones with closed', async () => {
    fake.handler = (cmd) => (cmd === 'show stat' ? { kind: 'cut', bytes: '# pxname,svname\nbk,s1' } : defaultAnswer(cmd));
    await client.connect();
    let closeErr: RuntimeError | undefined;
    client.on('close', (e) => {
      closeErr = e;
    });
    const inFlight = client.send('show stat');
    const queued = client.send(disableServer('bk', 's1'));
    await rejectsWith(inFlight, 'closed', /closed the connection before finishing its answer to "show stat" \(21 bytes came, starting "# pxname,svname"\)$/);
    await rejectsWith(queued, 'closed', /before "disable server bk\/s1" was sent/);
    assert.equal(closeErr?.failure, 'closed');
    assert.equal(client.connected, false);
    assert.equal(await client.send('show cli level'), 'admin\n');
  });

  test('garbage bytes with a proper end come back as data', async () => {
    const garbage = Buffer.from([0xff, 0xfe, 0x00, 0x41, 0xc3]);
    fake.handler = (cmd) =>
      cmd === 'junk' ? { kind: 'raw', bytes: Buffer.concat([garbage, Buffer.from('\n\n> ')]) } : defaultAnswer(cmd);
    const r = await client.run('junk');
    assert.equal(r.kind, 'data');
    assert.ok(r.text.includes('\ufffd'));
    assert.equal(await client.send('show cli level'), 'admin\n');
  });

  test('text with no end times out quoting its start, then the client recovers', async () => {
    fake.handler = (cmd) => (cmd === 'junk' ? { kind: 'raw', bytes: Buffer.from([0xff, 0x3e, 0x20, 0x0a, 0x3e]) } : defaultAnswer(cmd));
    await rejectsWith(client.send('junk', { timeoutMs: 100 }), 'timeout', /did not finish answering "junk" within 0\.1 s \(5 bytes came, starting "\?> "\)$/);
    assert.equal(await client.send('show cli level'), 'admin\n');
  });

  test('an answer that is not the runtime API is a protocol error naming it, at the timeout or the close', async () => {
    fake.handler = (cmd) => (cmd === 'show stat' ? { kind: 'raw', bytes: Buffer.from([0, 1, 2, 0xff, 0x80, 7]) } : defaultAnswer(cmd));
    await rejectsWith(client.send('show stat', { timeoutMs: 100 }), 'protocol', /is not HAProxy's runtime API: it answered "show stat" with binary data \(00 01 02 ff 80 07\)$/);
    fake.handler = (cmd) => (cmd === 'show stat' ? { kind: 'cut', bytes: 'HTTP/1.0 200 OK\r\n\r\nhello' } : defaultAnswer(cmd));
    await rejectsWith(client.send('show stat'), 'protocol', /it answered "show stat" with an HTTP reply \("HTTP\/1\.0 200 OK"\)$/);
    assert.equal(await client.send('show cli level'), 'admin\n');
  });

  test('an answer larger than maxReplyBytes fails that command and resets the session', async (t) => {
    const small = new RuntimeClient({ kind: 'unix', path: fake.path }, { timeoutMs: 5000, maxReplyBytes: 1 << 20 });
    t.after(() => small.close());
    const exact = `${'y'.repeat((1 << 20) - 1)}\n`;
    fake.handler = (cmd) =>
      cmd === 'show stat' ? { kind: 'flood', totalBytes: 20 << 20 } : cmd === 'exact' ? reply(exact) : defaultAnswer(cmd);
    assert.equal((await small.send('exact')).length, 1 << 20, 'an answer of exactly the limit is fine');
    const err = await rejectsWith(small.send('show stat'), 'protocol', /./);
    assert.equal(err.message, `${fake.path} sent more than 1 MiB in answer to "show stat" without finishing it (the most one answer may hold); the session was reset`);
    assert.equal(small.connected, false);
    assert.equal(await small.send('show cli level'), 'admin\n');
  });

  test('an answer nobody asked for is a protocol error that drops the session', async () => {
    fake.handler = (cmd) => (cmd === 'twice' ? { kind: 'raw', bytes: 'one\n\n> two\n\n> ' } : defaultAnswer(cmd));
    const closed = new Promise<RuntimeError | undefined>((resolve) => client.once('close', resolve));
    assert.equal(await client.send('twice'), 'one\n');
    const err = await closed;
    assert.equal(err?.failure, 'protocol');
    assert.equal(client.connected, false);
    assert.equal(await client.send('show cli level'), 'admin\n');
    assert.equal(fake.connections, 2);
  });

  test('the server closing an idle session (stats timeout) is noticed, and the next send reconnects', async () => {
    await client.connect();
    const closed = new Promise<RuntimeError | undefined>((resolve) => client.once('close', resolve));
    fake.closeClients();
    const err = await closed;
    assert.equal(err?.failure, 'closed');
    assert.equal(client.connected, false);
    assert.equal(await client.send('show cli level'), 'admin\n');
    assert.equal(fake.connections, 2);
  });

  test('refuses commands that would desync the session, without sending them', async () => {
    await rejectsWith(client.send('show info\nshow stat'), 'protocol', /line break/);
    await rejectsWith(client.send('show info\r'), 'protocol', /line break/);
    await rejectsWith(client.send('show info; show stat'), 'protocol', /";"/);
    await rejectsWith(client.send('   '), 'protocol', /empty/);
    assert.equal(fake.connections, 0);
    // An escaped ";" is fine.
    fake.handler = (cmd) => (cmd === 'get weight bk/a\\;b' ? reply('No such server.\n') : defaultAnswer(cmd));
    assert.equal((await client.run('get weight bk/a\\;b')).kind, 'no-such-server');
  });

  test('close() sends quit, fails pending with closed, and later sends say not-connected until connect()', async () => {
    fake.handler = (cmd) => (cmd === 'show stat' ? { kind: 'stall' } : defaultAnswer(cmd));
    await client.connect();
    let closeArgs: unknown[] | undefined;
    client.on('close', (...args: unknown[]) => {
      closeArgs = args;
    });
    const pending = client.send('show stat');
    const queued = client.send('show info');
    await waitFor(() => fake.received.includes('show stat'), 'show stat to arrive');
    client.close();
    await rejectsWith(pending, 'closed', /"show stat"/);
    await rejectsWith(queued, 'closed', /"show info"/);
    assert.ok(closeArgs, 'close was emitted');
    assert.equal(closeArgs[0], undefined);
    assert.equal(client.connected, false);
    await waitFor(() => fake.received.includes('quit'), 'quit to arrive');
    await rejectsWith(client.send('show info'), 'not-connected', /closed/);
    await client.connect();
    assert.equal(await client.send('show cli level'), 'admin\n');
  });

  test('close() while connecting cancels the attempt', async () => {
    fake.handler = (cmd) => (cmd === 'prompt' ? { kind: 'stall' } : defaultAnswer(cmd));
    const connecting = client.connect();
    const queued = client.send('show info');
    await waitFor(() => fake.received.includes('prompt'), 'prompt to arrive');
    client.close();
    await rejectsWith(connecting, 'closed', /cancelled/);
    await rejectsWith(queued, 'closed', /"show info"/);
  });

  test('no answer to prompt is a connect timeout', async () => {
    fake.handler = (cmd) => (cmd === 'prompt' ? { kind: 'stall' } : defaultAnswer(cmd));
    const c = new RuntimeClient({ kind: 'unix', path: fake.path }, { timeoutMs: 5000, connectTimeoutMs: 80 });
    const err = await rejectsWith(c.connect(), 'connect', /^no answer from .* within 0\.08 s$/);
    assert.ok(err.message.includes(fake.path));
    c.close();
  });

  test('a socket that does not answer prompt like HAProxy is refused, quoting what it said', async () => {
    fake.handler = (cmd) => (cmd === 'prompt' ? reply('hello there\n') : defaultAnswer(cmd));
    const err = await rejectsWith(client.connect(), 'protocol', /./);
    assert.equal(err.message, `${fake.path} is not HAProxy's runtime API: it answered "prompt" with "hello there"`);
  });

  test("HAProxy's master CLI socket is named as such", async () => {
    // What 2.6's master CLI sends for `prompt`: its prompt, no newline before it.
    fake.handler = (cmd) => (cmd === 'prompt' ? { kind: 'raw', bytes: 'master> ' } : defaultAnswer(cmd));
    const err = await rejectsWith(client.connect(), 'protocol', /./);
    assert.equal(err.message, `${fake.path} is HAProxy's master CLI socket (it answered with the "master>" prompt), not a worker's stats socket`);
  });

  for (const [name, greet, answer, expected] of [
    ['an HTTP server', undefined, { kind: 'cut', bytes: 'HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n' }, /with an HTTP reply \("HTTP\/1\.1 400 Bad Request"\)$/],
    ['an SSH server', { kind: 'raw', bytes: 'SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n' }, { kind: 'stall' }, /with an SSH server's greeting \("SSH-2\.0-OpenSSH_9\.2p1 Debian-2"\)$/],
    ['a TLS server', undefined, { kind: 'cut', bytes: Buffer.from([0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x32]) }, /with TLS bytes \(15 03 01 00 02 02 32\), as a TLS server sends$/],
    ['binary bytes', undefined, { kind: 'raw', bytes: Buffer.from([0xff, 0xfe, 0x00, 0x41, 0xc3, 1, 2, 3, 4, 5]) }, /with binary data \(ff fe 00 41 c3 01 02 03 \.\.\.\)$/],
    ['a long line with escapes', undefined, { kind: 'raw', bytes: `\x1b[31mred\x07 ${'y'.repeat(60)}\n` }, /with "\^\[\[31mred\^G y{30}\.\.\."$/],
  ] as const) {
    test(`${name} at connect is named, not a timeout`, async () => {
      fake.onAccept = () => greet;
      fake.handler = (cmd) => (cmd === 'prompt' ? answer : defaultAnswer(cmd));
      const started = Date.now();
      const err = await rejectsWith(client.connect(), 'protocol', expected);
      assert.ok(err.message.startsWith(`${fake.path} is not HAProxy's runtime API: it answered "prompt" with `), err.message);
      assert.doesNotMatch(err.message, /[^\x20-\x7e]/, 'the message is printable ASCII');
      assert.ok(Date.now() - started < 1000, 'named at once, not at the 2 s connect timeout');
    });
  }

  test('text without a line end at connect is quoted after a short wait for the rest of the line', async () => {
    fake.handler = (cmd) => (cmd === 'prompt' ? { kind: 'raw', bytes: 'hel' } : defaultAnswer(cmd));
    const started = Date.now();
    await rejectsWith(client.connect(), 'protocol', /answered "prompt" with "hel"$/);
    assert.ok(Date.now() - started < 1000, 'not the 2 s connect timeout');
  });

  test('a peer closing before answering prompt, or at once after accepting, says it closed the connection', async () => {
    fake.handler = (cmd) => (cmd === 'prompt' ? { kind: 'close' } : defaultAnswer(cmd));
    await rejectsWith(client.send('show info'), 'connect', /^\S+ closed the connection before answering "prompt"$/);
    fake.onAccept = () => ({ kind: 'close' });
    for (let i = 0; i < 5; i++) {
      // Depending on timing the write of `prompt` fails with EPIPE, ECONNRESET, or the close comes first.
      await rejectsWith(client.connect(), 'connect', /^\S+ closed the connection before answering "prompt"$/);
    }
  });
});

describe('RuntimeClient connect errors', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hatop-noconn-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('a missing path names the path', async () => {
    const path = join(dir, 'nope.sock');
    const c = new RuntimeClient({ kind: 'unix', path }, { timeoutMs: 1000 });
    const err = await rejectsWith(c.connect(), 'connect', /^no such socket: /);
    assert.equal(err.message, `no such socket: ${path}`);
    // A queued command fails with the same cause.
    await rejectsWith(c.send('show info'), 'connect', /^no such socket: /);
    c.close();
  });

  test('a regular file is not a socket', async () => {
    const path = join(dir, 'file.txt');
    writeFileSync(path, 'hello\n');
    const c = new RuntimeClient({ kind: 'unix', path }, { timeoutMs: 1000 });
    await rejectsWith(c.connect(), 'connect', new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not a socket$`));
    c.close();
  });

  test('a socket file nobody listens on is refused', async () => {
    // A listener killed with SIGKILL leaves its socket file behind, as a crashed HAProxy does.
    const path = join(dir, 'stale.sock');
    const child = spawn(process.execPath, ['-e', `require('node:net').createServer().listen(${JSON.stringify(path)}, () => console.log('ready'))`]);
    await new Promise<void>((resolve, reject) => {
      child.stdout.once('data', () => resolve());
      child.once('error', reject);
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    const c = new RuntimeClient({ kind: 'unix', path }, { timeoutMs: 1000 });
    const err = await rejectsWith(c.connect(), 'connect', /^connection refused by /);
    assert.equal(err.message, `connection refused by ${path} (is HAProxy running?)`);
    c.close();
  });

  test('a reset (ECONNRESET) or a write to a closed socket (EPIPE) reads "closed the connection"', async (t) => {
    // A unix socket cannot be reset: TCP, where a peer can send RST in the middle of an answer.
    const server = createServer((socket) => {
      socket.on('data', (d) => (d.toString().includes('prompt') ? socket.write('\n> ') : socket.resetAndDestroy()));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const address = server.address();
    assert.ok(address !== null && typeof address === 'object');
    const c = new RuntimeClient({ kind: 'tcp', host: '127.0.0.1', port: address.port }, { timeoutMs: 1000 });
    t.after(() => {
      c.close();
      server.close();
    });
    const err = await rejectsWith(c.send('show stat'), 'closed', /^127\.0\.0\.1:\d+ closed the connection before answering "show stat"$/);
    assert.doesNotMatch(err.message, /ECONNRESET|EPIPE/);
    assert.equal(lostCause(Object.assign(new Error('write EPIPE'), { code: 'EPIPE', errno: -32 })), 'closed the connection');
    // Other causes stay readable: the system's words and the code.
    assert.equal(lostCause(Object.assign(new Error('read ETIMEDOUT'), { code: 'ETIMEDOUT', errno: -110 })), 'lost the connection (connection timed out, ETIMEDOUT)');
  });

  test('a TCP port nobody listens on is refused', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const address = server.address();
    assert.ok(address !== null && typeof address === 'object');
    const port = address.port;
    await new Promise<void>((r) => server.close(() => r()));
    const c = new RuntimeClient({ kind: 'tcp', host: '127.0.0.1', port }, { timeoutMs: 1000 });
    await rejectsWith(c.connect(), 'connect', new RegExp(`^connection refused by 127\\.0\\.0\\.1:${port}$`));
    c.close();
  });
});
