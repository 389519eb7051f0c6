// The runtime client on the master CLI of a real master-worker HAProxy (`-W -S`, as systemd runs it): the socket
// is told apart from a worker's, worker commands go through `@1` and come back as the worker's replies, and a
// reload (SIGUSR2 or the `reload` command) is followed to the new worker, and a failed one changes the prompt.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import net from 'node:net';
import { RuntimeClient } from '../../src/runtime/client';
import * as cmd from '../../src/runtime/commands';
import { reloadMaster, WorkerRoute } from '../../src/runtime/master';
import { classifyReply } from '../../src/runtime/reply';
import { RuntimeError, type SocketKind } from '../../src/runtime/types';
import { parseShowInfo } from '../../src/stats/info';
import { parseReloadStatus, parseShowProc, type ProcList } from '../../src/stats/proc';
import { parseShowStat, startLab, type Lab } from '../support/lab';
import { waitFor } from '../support/wait';

/** `Pid` of a `show info` reply. */
const pidOf = (info: string): number => Number(parseShowInfo(info).get('Pid'));

/** What show stat says about every service, counters aside (they move between two reads). */
const services = (csv: string): string[] => parseShowStat(csv).map((r) => `${r['pxname']}/${r['svname']} ${r['type']} ${r['status']}`);

describe('RuntimeClient on the master CLI of a real HAProxy', () => {
  let lab: Lab;
  let client: RuntimeClient;
  let route: WorkerRoute;
  let worker: RuntimeClient;
  const held: net.Socket[] = [];

  before(async () => {
    lab = await startLab({ masterWorker: true });
    assert.ok(lab.masterSocket !== undefined);
    client = new RuntimeClient({ kind: 'unix', path: lab.masterSocket }, { timeoutMs: 5000, acceptMaster: true });
    // A reload closes every master CLI session: the client says so on 'close', which must not go unheard.
    client.on('close', () => undefined);
    route = new WorkerRoute(client);
    worker = new RuntimeClient({ kind: 'unix', path: lab.adminSocket }, { timeoutMs: 5000, acceptMaster: true });
  });
  after(async () => {
    for (const s of held) s.destroy();
    client?.close();
    worker?.close();
    await lab?.stop();
  });

  /** Keeps a connection open on the current worker (a request sent half), so that a reload leaves it running. */
  async function holdConnection(): Promise<void> {
    const socket = net.createConnection(lab.frontendPort, '127.0.0.1');
    socket.on('error', () => undefined);
    held.push(socket);
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write('GET / HTTP/1.1\r\nHost: lab\r\n');
  }

  /** What the master CLI answers to `prompt` on a connection of its own. */
  function masterPrompt(): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = net.createConnection(lab.masterSocket ?? '');
      let text = '';
      const timer = setTimeout(() => done(new Error(`no prompt from the master CLI within 5 s (got ${JSON.stringify(text)})`)), 5000);
      const done = (err?: Error): void => {
        clearTimeout(timer);
        socket.destroy();
        if (err) reject(err);
        else resolve(text);
      };
      socket.on('error', done);
      socket.on('connect', () => socket.write('prompt\n'));
      socket.on('data', (chunk: Buffer) => {
        text += chunk.toString('latin1');
        if (text.endsWith('> ')) done();
      });
    });
  }

  /** `show proc` through the route, once the master answers it (it re-executes itself on a reload). */
  const showProc = (): Promise<ProcList> => waitFor(async () => parseShowProc(await route.send(cmd.showProc())), { timeoutMs: 10_000, what: 'show proc on the master CLI' });

  test('the master socket is told apart from a worker\'s', async () => {
    const kinds: SocketKind[] = [];
    client.on('connect', (kind) => kinds.push(kind));
    assert.equal(client.socketKind, undefined);
    assert.equal(await client.connect(), 'master');
    assert.equal(client.socketKind, 'master');
    assert.deepEqual(kinds, ['master']);
    assert.equal(await worker.connect(), 'worker');
    assert.equal(worker.socketKind, 'worker');
    // The master's own commands, framed on its prompt.
    assert.match(await client.send('show version'), /^\d+\.\d+\S*\n$/);
  });

  test('through the route, show info is the current worker\'s, and show proc the master\'s', async () => {
    const pid = await lab.workerPid();
    assert.equal(pidOf(await route.send(cmd.showInfo())), pid);
    const procs = parseShowProc(await route.send(cmd.showProc()));
    assert.equal(procs.master.pid, lab.haproxyPid());
    assert.deepEqual(procs.workers.map((w) => w.pid), [pid]);
  });

  test("show stat through the route, streamed, has the same rows as the worker's own socket", async () => {
    const pieces: string[] = [];
    assert.equal(await route.send(cmd.showStat(), { onText: (p) => pieces.push(p) }), '');
    const routed = pieces.join('');
    const direct = await worker.send(cmd.showStat());
    assert.equal(routed.split('\n', 1)[0], direct.split('\n', 1)[0], 'the same header');
    assert.deepEqual(services(routed), services(direct));
    assert.ok(services(routed).includes('bk_app/nginx2 2 UP'));
  });

  test("a worker command's refusal comes back as the worker's reply", async () => {
    for (const [command, kind] of [
      [cmd.disableServer('nope', 'nope'), 'no-such-backend'],
      [cmd.disableServer('bk_app', 'nope'), 'no-such-server'],
      ['frob', 'unknown-command'],
    ] as const) {
      const routed = await route.send(command);
      assert.equal(routed, await worker.send(command));
      assert.equal(classifyReply(routed).kind, kind, routed);
    }
    // Refusals do not end the session: the next answer is the next command's.
    assert.equal(await route.send(cmd.getWeight('bk_app', 'nginx2')), '1 (initial 1)\n');
  });

  test('a reload by SIGUSR2 is followed: show info is the new worker\'s, the old one is listed while it serves', async () => {
    const before = await lab.workerPid();
    await holdConnection();
    const after = await lab.reload();
    assert.notEqual(after, before);
    // The reload closed the master session: the next command opens another, and `@1` is the new worker.
    const pid = await waitFor(async () => pidOf(await route.send(cmd.showInfo())), { timeoutMs: 10_000, what: 'show info through the route' });
    assert.equal(pid, after);
    const procs = await showProc();
    assert.deepEqual(procs.workers.map((w) => w.pid), [after]);
    assert.ok(procs.oldWorkers.some((w) => w.pid === before), procs.oldWorkers.map((w) => w.pid).join(' '));
    assert.equal(procs.master.reloads, 1);
  });

  test('reload through the master CLI completes, and a new worker takes over', async () => {
    const before = (await showProc()).workers.map((w) => w.pid);
    // 2.6 answers nothing and closes the session (2.7+ its status first): that is the end of the command, not a failure.
    const answer = await reloadMaster(client);
    if (answer !== '') assert.equal(parseReloadStatus(answer).kind, 'succeeded', answer);
    const procs = await waitFor(
      async () => {
        const now = parseShowProc(await route.send(cmd.showProc()));
        return now.workers.length > 0 && now.workers.every((w) => !before.includes(w.pid)) && now;
      },
      { timeoutMs: 10_000, what: 'a new worker in show proc after the reload command' },
    );
    const [current] = procs.workers;
    assert.ok(current !== undefined);
    assert.equal(await waitFor(async () => pidOf(await route.send(cmd.showInfo())) === current.pid, { timeoutMs: 10_000, what: 'show info from the new worker' }), true);
    assert.equal(procs.master.pid, lab.haproxyPid(), 'the master keeps its pid');
  });

  test('after a failed reload the prompt is "master[ReloadFailed]> ": still framed', async () => {
    const config = await fs.readFile(lab.configPath, 'utf8');
    await fs.writeFile(lab.configPath, `${config}\nnot_a_keyword at all\n`);
    try {
      const answer = await reloadMaster(client);
      if (answer !== '') assert.equal(parseReloadStatus(answer).kind, 'failed', answer);
      await waitFor(async () => parseShowProc(await route.send(cmd.showProc())).master.failed === 1, {
        timeoutMs: 10_000,
        what: 'show proc to count the failed reload',
      });
      assert.equal(await masterPrompt(), 'master[ReloadFailed]> ');
      // The worker serving before the failed reload serves on, reached the same way.
      assert.equal(pidOf(await route.send(cmd.showInfo())), await lab.workerPid());
    } finally {
      await fs.writeFile(lab.configPath, config);
    }
  });

  test('the route refuses a worker\'s own socket in one sentence', async () => {
    const onWorker = new WorkerRoute(worker);
    await assert.rejects(onWorker.send(cmd.showInfo()), (err: unknown) => {
      assert.ok(err instanceof RuntimeError);
      assert.equal(err.message, `${lab.adminSocket} is a worker's stats socket, not the master CLI socket that routes commands to workers`);
      return true;
    });
    await assert.rejects(reloadMaster(worker), /is a worker's stats socket, and only the master CLI socket can reload HAProxy$/);
  });
});
