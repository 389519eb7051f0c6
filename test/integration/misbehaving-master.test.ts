// The master CLI of a master-worker HAProxy (`-W -S`, as systemd runs it) answers `prompt` with "master> ", not
// the runtime API's "\n> ". A real HAProxy can be made to do this, so it is tested here rather than with the fake.
// The runtime client tells the two apart: it takes the master socket when told to (acceptMaster, socketKind
// 'master') and otherwise names it at once rather than at the timeout. The program, which does not take it yet,
// says which socket it is in the one-shot output and on the interactive screen (exit 2, one line).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { RuntimeClient } from '../../src/runtime/client';
import { RuntimeError } from '../../src/runtime/types';
import { startLab, type Lab } from '../support/lab';
import { killAll, spawnHatop } from '../support/pty';

const BIN = path.join(__dirname, '../../../bin/hatop-ts');

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

const expected = (): string =>
  `hatop-ts: cannot talk to HAProxy at ${master}: it is HAProxy's master CLI socket (it answered with the "master>" prompt), not a worker's stats socket`;

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
  test('--json: exit 2, one line naming it, before the timeout', async () => {
    const started = Date.now();
    const r = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, '-s', master, '--json', '--timeout', '30'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
      child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
    });
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, `${expected()}\n`);
    assert.ok(Date.now() - started < 10_000, 'named at once, not after the 30 s timeout');
  });

  test('the interactive screen: exit 2 with the same line, the screen never taken over', async () => {
    const term = spawnHatop(['-s', master, '-i', '0.5'], { cols: 200, rows: 30 });
    assert.deepEqual(await term.waitForExit(10_000), { exitCode: 2 });
    assert.deepEqual(
      term.lines().filter((l) => l.trim() !== ''),
      [expected()],
    );
    assert.ok(!term.output().includes('\x1b[?1049h'), 'the alternate screen was never entered');
  });

  test("the worker's stats socket of the same HAProxy works (the lab is not the cause)", async () => {
    const term = spawnHatop(['-s', lab.adminSocket, '-i', '0.5'], { cols: 200, rows: 30 });
    await term.waitFor(/>>> fe_main/, { what: 'the table' });
    term.press('q');
    assert.deepEqual(await term.waitForExit(5000), { exitCode: 0 });
  });
});
