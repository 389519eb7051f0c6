// The built CLI (or any node script) as a child process with piped stdio, as a script, cron or a monitoring
// server runs it: stdout is not a terminal. Collects what it prints; a run that does not end is killed and fails.
import { spawn } from 'node:child_process';
import path from 'node:path';

export const REPO_ROOT = path.join(__dirname, '../../..');
export const BIN = path.join(REPO_ROOT, 'bin', 'hatop-ts');

export interface Ran {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Wall time from start to exit. */
  readonly ms: number;
}

export interface RunOptions {
  /** How long it may run before it is a hang (default 10 s). */
  readonly timeoutMs?: number;
  /** 'ignore': stdin is /dev/null; 'pipe' (default): an empty pipe, closed at once. */
  readonly stdin?: 'pipe' | 'ignore';
  /** Added to the environment (e.g. XDG_CONFIG_HOME for a config file of the test's own). */
  readonly env?: Readonly<Record<string, string>>;
}

export function runNode(args: readonly string[], opts: RunOptions = {}): Promise<Ran> {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, [...args], { cwd: REPO_ROOT, stdio: [opts.stdin ?? 'pipe', 'pipe', 'pipe'], env: { ...process.env, ...opts.env } });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr?.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`node ${args.join(' ')} did not exit within ${timeoutMs} ms; stderr: ${stderr}`));
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
    child.stdin?.end();
  });
}

/** hatop-ts with these arguments. */
export const runHatop = (args: readonly string[], opts?: RunOptions): Promise<Ran> => runNode([BIN, ...args], opts);
