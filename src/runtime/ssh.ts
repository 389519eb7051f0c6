// A HAProxy socket on another host, through the system's ssh client: one long-lived ssh child forwards a unix
// socket in a private temp dir to the socket over there (`ssh -N -L local:remote host`), and sessions connect to
// the local one. ssh brings the user's keys, agent, ~/.ssh/config and known_hosts; batch mode means it never
// prompts. A dead ssh child (network drop, sshd restart) is replaced at the next connect.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sshHostLabel } from './address';
import { seconds } from './connect-error';
import { openSession, type Session } from './session';
import { OPEN_FAILED, exitReason, probeCommand, probeWord, remoteOpenReason } from './ssh-messages';
import { DEFAULT_SSH_COMMAND, LOCAL_SOCKET, SshProcess, liveDirs } from './ssh-process';
import { RuntimeError, type SshAddress } from './types';

/** How often to look for the local socket while ssh logs in. */
const POLL_MS = 20;
/** After a forwarded connection closed, how long ssh may take to print why (its "open failed" line). */
const OPEN_FAILURE_GRACE_MS = 500;

type Register = (cancel: ((err: RuntimeError) => void) | undefined) => void;

/** Options common to the tunnel and the probe: never prompt, never hand the forwarding to a shared master. */
function commonArgs(a: SshAddress): string[] {
  return [
    '-o', 'BatchMode=yes',
    '-o', 'ControlPath=none',
    ...(a.port === undefined ? [] : ['-p', String(a.port)]),
    ...(a.user === undefined ? [] : ['-l', a.user]),
  ];
}

/** ssh -N -L [local]:[remote] host; the brackets let either path hold a ":". Keepalives notice a dead link. */
export function tunnelArgs(a: SshAddress, localSocket: string): string[] {
  return [
    ...commonArgs(a),
    '-N',
    '-o', 'ExitOnForwardFailure=yes',
    '-o', 'ServerAliveInterval=15',
    '-o', 'ServerAliveCountMax=3',
    '-L', `[${localSocket}]:[${a.path}]`,
    a.host,
  ];
}

export class SshTunnel {
  private readonly host: string;
  private proc: SshProcess | undefined;
  /** True once `proc`'s local socket was seen. */
  private ready = false;
  private dir: string | undefined;
  private probe: SshProcess | undefined;

  private readonly command: string;

  constructor(
    private readonly address: SshAddress,
    command: string | undefined,
  ) {
    this.host = sshHostLabel(address);
    this.command = command === undefined || command.trim() === '' ? DEFAULT_SSH_COMMAND : command;
  }

  /** Brings the tunnel up if needed, then opens a runtime API session through it (see openSession). */
  async open(label: string, timeoutMs: number, register: Register, acceptMaster = false): Promise<Session> {
    const { local, proc } = await this.up(label, timeoutMs, register);
    const mark = proc.lineCount;
    try {
      return await openSession({ kind: 'unix', path: local }, label, timeoutMs, register, acceptMaster);
    } catch (err) {
      if (!(err instanceof RuntimeError) || err.failure === 'protocol' || this.proc !== proc) throw err;
      throw await this.explain(err, proc, mark, label, timeoutMs);
    }
  }

  /** Ends the ssh children and removes the private directory. The next open() starts afresh. */
  close(): void {
    this.stopProc();
    this.probe?.kill();
    this.probe = undefined;
    if (this.dir !== undefined) {
      rmSync(this.dir, { recursive: true, force: true });
      liveDirs.delete(this.dir);
      this.dir = undefined;
    }
  }

  /** Resolves once ssh listens on the local socket; rejects with why ssh ended, or on timeout. */
  private up(label: string, timeoutMs: number, register: Register): Promise<{ local: string; proc: SshProcess }> {
    if (this.dir === undefined) {
      // mkdtemp makes it 0700 and ssh the socket 0600: no other user can borrow the session.
      this.dir = mkdtempSync(join(tmpdir(), 'hatop-ts-ssh-'));
      liveDirs.add(this.dir);
    }
    const dir = this.dir;
    const local = join(dir, LOCAL_SOCKET);
    // A socket gone from under a running ssh (a temp dir cleaner) would fail every session: start over.
    if (this.proc?.running === true && this.ready && !isSocket(local)) this.stopProc();
    if (this.proc?.running === true && this.ready) return Promise.resolve({ local, proc: this.proc });
    if (this.proc?.running !== true) {
      rmSync(local, { force: true });
      this.proc = new SshProcess(this.command, tunnelArgs(this.address, local), dir);
      this.ready = false;
    }
    const proc = this.proc;
    return new Promise((resolve, reject) => {
      let settled = false;
      const finish = (err: RuntimeError | undefined): void => {
        if (settled) return;
        settled = true;
        clearInterval(poll);
        clearTimeout(timer);
        unwatch();
        register(undefined);
        if (err !== undefined) return reject(err);
        this.ready = true;
        resolve({ local, proc });
      };
      const check = (): void => {
        if (proc.exit !== undefined) finish(new RuntimeError('connect', exitReason(this.host, proc.exit, proc.lines), label));
        else if (isSocket(local)) finish(undefined);
      };
      const poll = setInterval(check, POLL_MS);
      const unwatch = proc.watch(check);
      const timer = setTimeout(() => {
        // Stuck before login (a host that drops packets, a slow jump host): start over next time.
        if (this.proc === proc) this.stopProc();
        finish(new RuntimeError('connect', `no ssh connection to ${this.host} within ${seconds(timeoutMs)}`, label));
      }, timeoutMs);
      register(finish);
      check();
    });
  }

  /**
   * A session through the tunnel failed before HAProxy's prompt. If ssh died, its reason; if ssh could not open
   * the socket on the far side, which cause (looked at over ssh); else the session's own error.
   */
  private async explain(err: RuntimeError, proc: SshProcess, mark: number, label: string, timeoutMs: number): Promise<RuntimeError> {
    const failure = await nextLine(proc, mark, Math.min(OPEN_FAILURE_GRACE_MS, timeoutMs));
    if (this.proc !== proc) return err;
    if (proc.exit !== undefined) return new RuntimeError('connect', exitReason(this.host, proc.exit, proc.lines), label);
    if (failure === undefined) return err;
    const probed = /administratively prohibited/.test(failure) ? undefined : await this.runProbe(timeoutMs);
    if (this.proc !== proc) return err;
    return new RuntimeError('connect', remoteOpenReason(this.host, this.address.path, failure, probed), label);
  }

  /** What is at the socket's path on the far side (see probeCommand), or undefined if that cannot be told. */
  private runProbe(timeoutMs: number): Promise<string | undefined> {
    this.probe?.kill();
    const probe = new SshProcess(this.command, [...commonArgs(this.address), '-T', this.address.host, probeCommand(this.address.path)]);
    this.probe = probe;
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        unwatch();
        probe.kill();
        if (this.probe === probe) this.probe = undefined;
        resolve(probeWord(probe.stdout));
      };
      const timer = setTimeout(done, timeoutMs);
      const unwatch = probe.watch(() => {
        if (probe.exit !== undefined) done();
      });
    });
  }

  private stopProc(): void {
    this.proc?.kill();
    this.proc = undefined;
    this.ready = false;
  }
}

/** The first stderr line after `mark` that says a forwarded open failed; undefined on ssh's exit or after `ms`. */
function nextLine(proc: SshProcess, mark: number, ms: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const look = (): void => {
      const fresh = proc.lines.slice(Math.max(0, proc.lines.length - (proc.lineCount - mark)));
      const hit = fresh.find((line) => OPEN_FAILED.test(line));
      if (hit !== undefined || proc.exit !== undefined) done(hit);
    };
    const done = (hit: string | undefined): void => {
      clearTimeout(timer);
      unwatch();
      resolve(hit);
    };
    const timer = setTimeout(() => done(undefined), ms);
    const unwatch = proc.watch(look);
    look();
  });
}

function isSocket(path: string): boolean {
  try {
    return statSync(path).isSocket();
  } catch {
    return false;
  }
}
