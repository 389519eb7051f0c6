// ssh:// sockets through the real OpenSSH client and a real sshd (test/support/sshd.ts) to the lab's HAProxy:
// the same data as the local socket, one clear line for each way the ssh part can fail, reconnecting after the
// ssh server went away and came back, and no ssh child left behind.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { RuntimeClient, RuntimeError } from '../../src/runtime';
import { startLab, type Lab } from '../support/lab';
import { runHatop, type Ran } from '../support/run-cli';
import { startSshd, type Sshd } from '../support/sshd';
import { waitFor } from '../support/wait';

interface JsonOut {
  info: Record<string, string | number>;
  services: { proxy: string; name: string; kind: string }[];
}

let lab: Lab;
let sshd: Sshd;

before(async () => {
  [lab, sshd] = await Promise.all([startLab(), startSshd()]);
});

after(async () => {
  await lab?.stop();
  await sshd?.close();
});

/** ssh://127.0.0.1<path>; the port is in the ssh command unless told. */
const url = (socketPath: string): string => `ssh://127.0.0.1${socketPath}`;

/** A failure is exactly one line on stderr, naming the address, and nothing on stdout. */
function assertOneLine(r: Ran, address: string, cause: RegExp): void {
  assert.equal(r.code, 2, `exit 2 expected, got ${r.code}; stderr: ${r.stderr}`);
  assert.equal(r.stdout, '');
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `one stderr line expected, got:\n${r.stderr}`);
  const prefix = `hatop-ts: cannot talk to HAProxy at ${address}: `;
  assert.ok(lines[0]!.startsWith(prefix), `"${lines[0]}" starts with "${prefix}"`);
  assert.match(lines[0]!.slice(prefix.length), cause);
}

/** No ssh child of any run is left once it ended (they end by SIGTERM: give them a moment to go). */
async function noClientsLeft(what: string): Promise<void> {
  await waitFor(() => sshd.clients().length === 0, { timeoutMs: 5000, what: `no ssh process left ${what} (${sshd.clients().join(' ')})` });
}

describe('--json through ssh://', () => {
  test('in a fleet: a local socket and one over ssh side by side, each named', async () => {
    const r = await runHatop(['-s', `here=${lab.adminSocket}`, '-s', `there=${url(lab.adminSocket)}`, '--json', '--ssh-command', sshd.sshCommand()], { timeoutMs: 20_000 });
    assert.equal(r.code, 0, `stderr: ${r.stderr}`);
    const out = JSON.parse(r.stdout) as { instances: { name: string; state: string }[]; services: { instance: string }[] };
    assert.deepEqual(out.instances.map((i) => [i.name, i.state]), [['here', 'up'], ['there', 'up']]);
    const count = (name: string): number => out.services.filter((s) => s.instance === name).length;
    assert.ok(count('here') > 0 && count('here') === count('there'), `${count('here')} services here, ${count('there')} there`);
    await noClientsLeft('after a fleet --json');
  });

  test('gives the same services as the local socket, and leaves no ssh process', async () => {
    const local = await runHatop(['-s', lab.adminSocket, '--json']);
    const remote = await runHatop(['-s', url(lab.adminSocket), '--json', '--ssh-command', sshd.sshCommand()], { timeoutMs: 20_000 });
    assert.equal(remote.code, 0, `stderr: ${remote.stderr}`);
    assert.equal(remote.stderr, '');
    const [a, b] = [JSON.parse(local.stdout) as JsonOut, JSON.parse(remote.stdout) as JsonOut];
    const ids = (o: JsonOut): string[] => o.services.map((s) => `${s.kind} ${s.proxy}/${s.name}`);
    assert.deepEqual(ids(b), ids(a));
    assert.ok(b.services.some((s) => s.proxy === 'bk_app' && s.name === 'nginx2'));
    assert.equal(b.info['Pid'], a.info['Pid']);
    await noClientsLeft('after --json');
  });

  test('user and port in the address reach ssh as -l and -p', async () => {
    const address = `ssh://${sshd.user}@127.0.0.1:${sshd.port}${lab.adminSocket}`;
    const r = await runHatop(['-s', address, '--json', '--ssh-command', sshd.sshCommand({ port: false })], { timeoutMs: 20_000 });
    assert.equal(r.code, 0, `stderr: ${r.stderr}`);
    assert.ok((JSON.parse(r.stdout) as JsonOut).services.length >= 16);
  });
});

describe('each way ssh can fail is one line naming the host', () => {
  const fail = (address: string, command: string): Promise<Ran> =>
    runHatop(['-s', address, '--json', '--ssh-command', command], { timeoutMs: 20_000 });

  test('a key the server does not accept', async () => {
    const r = await fail(url(lab.adminSocket), sshd.sshCommand({ key: 'other' }));
    assertOneLine(r, url(lab.adminSocket), /^ssh login to 127\.0\.0\.1 refused \(Permission denied \(publickey\)\); no password is asked/);
  });

  test('a host key that is not in known_hosts', async () => {
    const r = await fail(url(lab.adminSocket), sshd.sshCommand({ knownHost: false }));
    assertOneLine(r, url(lab.adminSocket), /^the host key of 127\.0\.0\.1 is not known \(Host key verification failed\)/);
  });

  test('no socket at the path on the far side', async () => {
    const missing = path.join(lab.dir, 'no-such.sock');
    const r = await fail(url(missing), sshd.sshCommand());
    assertOneLine(r, url(missing), new RegExp(`^no socket at ${missing.replace(/[.]/g, '\\.')} on 127\\.0\\.0\\.1$`));
  });

  test('a path on the far side that is not a socket', async () => {
    const r = await fail(url(lab.configPath), sshd.sshCommand());
    assertOneLine(r, url(lab.configPath), /^\S+haproxy\.cfg on 127\.0\.0\.1 is not a socket$/);
  });

  test('a port where no ssh server listens', async () => {
    const address = `ssh://127.0.0.1:1${lab.adminSocket}`;
    const r = await fail(address, sshd.sshCommand({ port: false }));
    assertOneLine(r, address, /^cannot reach 127\.0\.0\.1 port 1 over ssh: connection refused$/);
  });

  test('an ssh program that does not exist', async () => {
    const r = await fail(url(lab.adminSocket), 'hatop-ts-no-such-ssh -v');
    assertOneLine(r, url(lab.adminSocket), /^cannot reach 127\.0\.0\.1: the ssh program "hatop-ts-no-such-ssh" was not found$/);
  });

  test('none of them left an ssh process behind', async () => {
    await noClientsLeft('after the failures');
  });
});

describe('a RuntimeClient over ssh://', () => {
  test('reconnects once sshd is back after it went away with the session, and close() leaves no ssh child', async () => {
    const client = new RuntimeClient({ kind: 'ssh', host: '127.0.0.1', path: lab.adminSocket }, { timeoutMs: 10_000, sshCommand: sshd.sshCommand() });
    const closes: (RuntimeError | undefined)[] = [];
    client.on('close', (err) => closes.push(err));
    try {
      assert.match(await client.send('show info'), /^Name: HAProxy$/m);
      assert.ok(sshd.clients().length > 0, 'an ssh child runs while the client is open');

      await sshd.stop();
      await waitFor(() => !client.connected, { timeoutMs: 10_000, what: 'the session to drop with the ssh connection' });
      assert.ok(closes.at(-1) instanceof RuntimeError);
      // While the server is down, a command fails with why, in one line naming the host.
      const down = await client.send('show info').then(
        () => assert.fail('show info answered while sshd was down'),
        (err: unknown) => err,
      );
      assert.ok(down instanceof RuntimeError);
      assert.match(down.message, /^cannot reach 127\.0\.0\.1 port \d+ over ssh: connection refused$/);

      await sshd.start();
      assert.match(await client.send('show info'), /^Name: HAProxy$/m);
      assert.ok(client.connected);
    } finally {
      client.close();
    }
    await noClientsLeft('after close()');
  });

  test('close() while ssh is still logging in cancels the attempt and leaves nothing', async () => {
    const client = new RuntimeClient({ kind: 'ssh', host: '127.0.0.1', path: lab.adminSocket }, { timeoutMs: 10_000, sshCommand: sshd.sshCommand() });
    const connecting = client.connect();
    await waitFor(() => sshd.clients().length > 0, { timeoutMs: 5000, what: 'ssh to start' });
    client.close();
    await assert.rejects(connecting, (err: unknown) => err instanceof RuntimeError && err.failure === 'closed');
    await noClientsLeft('after a cancelled connect');
  });
});
