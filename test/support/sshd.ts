// A throwaway real OpenSSH server on a free loopback port, with its own host key, user keys and known_hosts in a
// temp dir, so that ssh:// sockets are tested through the real ssh client and server. The tests log in as the
// user running them (root here and in CI). stop() ends the server and every session it opened, like a host going
// down; start() brings it back on the same port.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './ports';
import { waitFor } from './wait';

export const SSHD_BIN = '/usr/sbin/sshd';

export interface SshCommandOptions {
  /** 'other': a key the server does not know. Default 'user'. */
  readonly key?: 'user' | 'other';
  /** false: a known_hosts without this server's key. Default true. */
  readonly knownHost?: boolean;
  /** Add `-p <port>` (default true); without it the port must be in the ssh:// address. */
  readonly port?: boolean;
}

export interface Sshd {
  readonly dir: string;
  readonly port: number;
  /** Who the tests log in as. */
  readonly user: string;
  readonly logPath: string;
  /** An ssh command for --ssh-command that reaches this server and nothing of the user's own ssh setup. */
  sshCommand(opts?: SshCommandOptions): string;
  /** Pids of ssh clients (and their wrapper shells) started with a command of this server: leftovers. */
  clients(): number[];
  start(): Promise<void>;
  /** Ends the server and every session (SIGTERM to each); resolves once they are gone. */
  stop(): Promise<void>;
  /** stop(), then removes the temp dir. */
  close(): Promise<void>;
}

function keygen(file: string): void {
  const r = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'hatop-ts test', '-f', file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ssh-keygen failed: ${r.error?.message ?? r.stderr}`);
}

function configText(dir: string, port: number, penalties: boolean): string {
  return [
    `Port ${port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${path.join(dir, 'host_key')}`,
    `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
    `PidFile ${path.join(dir, 'sshd.pid')}`,
    'StrictModes no',
    'UsePAM no',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'PermitRootLogin prohibit-password',
    'AllowStreamLocalForwarding yes',
    'PrintMotd no',
    // OpenSSH 9.8+ shuts out a source after failed logins: the wrong-key test would lock the others out.
    ...(penalties ? ['PerSourcePenalties no'] : []),
    '',
  ].join('\n');
}

/** Every process whose ancestors include `pid`, read from /proc. */
export function descendants(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name is in parentheses and may hold spaces: the fields after the last ")" are fixed.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
    } catch {
      // Gone meanwhile.
    }
  }
  const out: number[] = [];
  const walk = (p: number): void => {
    for (const child of parents.get(p) ?? []) {
      out.push(child);
      walk(child);
    }
  };
  walk(pid);
  return out;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
}

function commandLine(pid: number): string[] {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return [];
  }
}

/** Resolves once something on the port greets with "SSH-". */
function greets(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.createConnection({ host: '127.0.0.1', port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('data', (d: Buffer) => done(d.toString('latin1').startsWith('SSH-')));
    socket.once('error', () => done(false));
  });
}

export async function startSshd(): Promise<Sshd> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hatop-sshd-'));
  // The privilege separation directory, which Debian's package creates at boot only.
  fs.mkdirSync('/run/sshd', { recursive: true });
  for (const name of ['host_key', 'user_key', 'other_key']) keygen(path.join(dir, name));
  fs.copyFileSync(path.join(dir, 'user_key.pub'), path.join(dir, 'authorized_keys'));
  const port = await freePort();
  const hostKey = fs.readFileSync(path.join(dir, 'host_key.pub'), 'utf8').trim();
  fs.writeFileSync(path.join(dir, 'known_hosts'), `[127.0.0.1]:${port} ${hostKey}\n`);
  fs.writeFileSync(path.join(dir, 'empty_known_hosts'), '');
  const configPath = path.join(dir, 'sshd_config');
  fs.writeFileSync(configPath, configText(dir, port, true));
  if (spawnSync(SSHD_BIN, ['-t', '-f', configPath]).status !== 0) fs.writeFileSync(configPath, configText(dir, port, false));
  const logPath = path.join(dir, 'sshd.log');
  const user = os.userInfo().username;
  let child: ChildProcess | undefined;

  const stop = async (): Promise<void> => {
    const proc = child;
    child = undefined;
    if (proc?.pid === undefined || proc.exitCode !== null || proc.signalCode !== null) return;
    // Sessions run in sessions of their own (setsid), so they are found by ancestry, not by process group.
    const all = [proc.pid, ...descendants(proc.pid)];
    for (const pid of all) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // Gone already.
      }
    }
    await waitFor(() => all.every((pid) => !alive(pid)), { timeoutMs: 5000, what: 'sshd and its sessions to exit' });
  };

  const start = async (): Promise<void> => {
    if (child !== undefined) throw new Error('sshd is already running');
    const proc = spawn(SSHD_BIN, ['-D', '-f', configPath, '-E', logPath], { stdio: 'ignore' });
    child = proc;
    await waitFor(
      async () => {
        if (proc.exitCode !== null || proc.signalCode !== null) throw new Error(`sshd exited: ${fs.readFileSync(logPath, 'utf8').trim()}`);
        return greets(port);
      },
      { timeoutMs: 10_000, what: `sshd to listen on 127.0.0.1:${port}` },
    );
  };

  try {
    await start();
  } catch (err) {
    await stop();
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    dir,
    port,
    user,
    logPath,
    sshCommand: (opts = {}) =>
      [
        'ssh -F /dev/null',
        `-i ${path.join(dir, opts.key === 'other' ? 'other_key' : 'user_key')}`,
        '-o IdentitiesOnly=yes -o IdentityAgent=none',
        `-o UserKnownHostsFile=${path.join(dir, opts.knownHost === false ? 'empty_known_hosts' : 'known_hosts')}`,
        '-o GlobalKnownHostsFile=/dev/null -o StrictHostKeyChecking=yes',
        ...(opts.port === false ? [] : [`-p ${port}`]),
      ].join(' '),
    clients: () =>
      fs
        .readdirSync('/proc')
        .filter((entry) => /^\d+$/.test(entry))
        .map(Number)
        .filter((pid) => pid !== process.pid && alive(pid))
        .filter((pid) => {
          const argv = commandLine(pid);
          return ['ssh', 'sh'].includes(path.basename(argv[0] ?? '')) && argv.some((arg) => arg.includes(dir));
        }),
    start,
    stop,
    close: async () => {
      await stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
