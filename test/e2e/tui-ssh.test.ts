// The interactive screen on a HAProxy reached through ssh:// (a real sshd, test/support/sshd.ts): the table comes
// up, an ssh server that goes away is a "down" line naming the host and the screen recovers by itself, and no ssh
// child outlives hatop-ts, whether it quits or is killed outright.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Lab } from '../support/lab';
import type { Term } from '../support/pty';
import { COLS, ROWS, findRow, sharedLab, statusLine, waitForTable, waitScreen } from '../support/tui';
import { spawnHatop } from '../support/pty';
import { startSshd, type Sshd } from '../support/sshd';
import { waitFor } from '../support/wait';

let lab!: Lab;
sharedLab((l) => (lab = l));
let sshd: Sshd;

before(async () => {
  sshd = await startSshd();
});

after(async () => {
  await sshd?.close();
});

async function openOverSsh(): Promise<Term> {
  const term = spawnHatop(['-s', `ssh://127.0.0.1${lab.adminSocket}`, '-i', '1', '--ssh-command', sshd.sshCommand()], { cols: COLS, rows: ROWS });
  // An ssh login comes first: allow for a slow machine.
  await waitForTable(term, 20_000);
  return term;
}

async function noClientsLeft(what: string): Promise<void> {
  await waitFor(() => sshd.clients().length === 0, { timeoutMs: 5000, what: `no ssh process left ${what} (${sshd.clients().join(' ')})` });
}

describe('the screen through ssh://', () => {
  test('shows the bk_app rows, and q leaves no ssh process', async () => {
    const term = await openOverSsh();
    for (const name of ['BACKEND', 'nginx1', 'nginx2']) assert.ok(findRow(term, 'bk_app', name) !== undefined, `bk_app/${name} on screen\n${term.text()}`);
    assert.match(term.lines()[0] ?? '', /ssh:\/\/127\.0\.0\.1\//, 'the address in the top bar');
    assert.ok(sshd.clients().length > 0, 'ssh runs while the screen is open');
    term.press('q');
    assert.deepEqual(await term.waitForExit(5000), { exitCode: 0 });
    await noClientsLeft('after q');
  });

  test('sshd gone: a down line naming the host; back: the table again by itself', async () => {
    const term = await openOverSsh();
    await sshd.stop();
    await waitScreen(term, (t) => /unreachable .*cannot reach 127\.0\.0\.1 port \d+ over ssh: connection refused/.test(statusLine(t)), {
      what: 'the unreachable notice naming the host',
    });
    assert.equal(term.exited, false);
    await sshd.start();
    await waitScreen(term, (t) => statusLine(t).includes('Connected to HAProxy again'), { timeoutMs: 20_000, what: 'the screen to reconnect' });
    await waitForTable(term);
    term.press('q');
    await term.waitForExit(5000);
    await noClientsLeft('after q');
  });

  test('hatop-ts killed outright (SIGKILL): its ssh child goes too', async () => {
    const term = await openOverSsh();
    assert.ok(sshd.clients().length > 0, 'ssh runs while the screen is open');
    term.kill('SIGKILL');
    await term.waitForExit(5000);
    await noClientsLeft('after SIGKILL');
  });
});
