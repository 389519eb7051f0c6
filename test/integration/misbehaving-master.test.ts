// The master CLI of a master-worker HAProxy (`-W -S`, as systemd runs it) answers `prompt` with "master> ", not
// the runtime API's "\n> ". A real HAProxy can be made to do this, so it is tested here rather than with the fake.
// The runtime client tells the two apart: it takes the master socket when told to (acceptMaster, socketKind
// 'master') and otherwise names it at once rather than at the timeout. The program takes it, and reads the
// current worker through it: the one-shot output and the interactive screen work on it as on the worker's socket.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { RuntimeClient } from '../../src/runtime/client';
import { RuntimeError } from '../../src/runtime/types';
import { startLab, type Lab } from '../support/lab';
import { killAll, spawnHatop } from '../support/pty';
import { runHatop } from '../support/run-cli';

let lab: Lab;
let master: string;
before(async () => {
  lab = await startLab({ masterWorker: true });
  assert.ok(lab.masterSocket !== undefined);
  master = lab.masterSocket;
});
after(async () => {
  await killAll();
  await lab?.stop();
});


describe("the runtime client on HAProxy's master CLI socket", () => {
  test('with acceptMaster it connects and says the socket is the master CLI', async () => {
    const client = new RuntimeClient({ kind: 'unix', path: master }, { timeoutMs: 5000, acceptMaster: true });
    try {
      assert.equal(await client.connect(), 'master');
      assert.equal(client.socketKind, 'master');
      assert.match(await client.send('show proc'), /^#<PID>/);
    } finally {
      client.close();
    }
  });

  test('without it, connect fails at once with one sentence naming the socket', async () => {
    const client = new RuntimeClient({ kind: 'unix', path: master }, { timeoutMs: 30_000 });
    try {
      await assert.rejects(client.connect(), (err: unknown) => {
        assert.ok(err instanceof RuntimeError);
        assert.equal(err.failure, 'protocol');
        assert.equal(err.message, `${master} is HAProxy's master CLI socket (it answered with the "master>" prompt), not a worker's stats socket`);
        return true;
      });
      assert.equal(client.socketKind, undefined);
    } finally {
      client.close();
    }
  });
});

describe("HAProxy's master CLI socket given instead of a worker's stats socket", () => {
  test('--json on the master socket: the current worker\'s info and services, as its own socket gives them', async () => {
    const run = (socket: string): ReturnType<typeof runHatop> => runHatop(['-s', socket, '--json']);
    type Report = { info: Record<string, unknown>; services: { proxy: string; name: string; status: string }[] };
    const viaMaster = await run(master);
    assert.equal(viaMaster.code, 0, viaMaster.stderr);
    const direct = await run(lab.adminSocket);
    const a = JSON.parse(viaMaster.stdout) as Report;
    const b = JSON.parse(direct.stdout) as Report;
    assert.equal(a.info['Pid'], b.info['Pid'], 'the current worker answered');
    assert.deepEqual(a.services.map((s) => `${s.proxy}/${s.name} ${s.status}`), b.services.map((s) => `${s.proxy}/${s.name} ${s.status}`));
  });

  test('the interactive screen on the master socket: the table, and the master in the header', async () => {
    const term = spawnHatop(['-s', master, '-i', '0.5'], { cols: 200, rows: 30 });
    await term.waitFor(/>>> fe_main/, { what: 'the table' });
    await term.waitFor(/PID: \d+ .*master \d+/, { what: "the master's pid in the header" });
    term.press('q');
    assert.deepEqual(await term.waitForExit(5000), { exitCode: 0 });
  });

  test("the worker's stats socket of the same HAProxy works (the lab is not the cause)", async () => {
    const term = spawnHatop(['-s', lab.adminSocket, '-i', '0.5'], { cols: 200, rows: 30 });
    await term.waitFor(/>>> fe_main/, { what: 'the table' });
    term.press('q');
    assert.deepEqual(await term.waitForExit(5000), { exitCode: 0 });
  });
});
