// Running the user's ssh command as a child that cannot outlive this process: it is started the way git starts
// GIT_SSH_COMMAND (`sh -c '<CMD> "$@"' ssh <args>`, so the command may carry options), beside a watchdog that
// ends it once our end of a pipe closes, which happens however this process ends (SIGKILL too).
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { Socket } from 'node:net';

export const DEFAULT_SSH_COMMAND = 'ssh';
/** The name of a tunnel's local socket in its private directory. */
export const LOCAL_SOCKET = 'haproxy.sock';

/**
 * `$1` is a directory of ours (or "") to clean up if we die; the rest are ssh's arguments. The watchdog keeps our
 * pipe on fd 3 and reads it until it closes, then ends the whole process group (the shell, ssh, a ProxyCommand)
 * but itself, and removes the directory. The command itself runs as git runs it, stdin from /dev/null.
 */
function wrapperScript(command: string): string {
  return [
    'd=$1; shift',
    'exec 3<&0 </dev/null',
    `{ while read -r _ <&3; do :; done; trap "" TERM; kill -TERM 0; [ -z "$d" ] || { rm -f -- "$d/${LOCAL_SOCKET}"; rmdir -- "$d"; }; } >/dev/null 2>&1 &`,
    'w=$!',
    'exec 3<&-',
    `${command} "$@"`,
    'r=$?',
    'kill "$w" 2>/dev/null',
    'exit "$r"',
  ].join('\n');
}

/** How an ssh child ended: the exit status (127: the command was not found) or the signal. */
export interface SshExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** One ssh child: what it printed on stderr (the last lines), its stdout, and how it ended. */
export class SshProcess {
  /** The last stderr lines, oldest first (at most KEPT_LINES). */
  readonly lines: string[] = [];
  /** How many stderr lines came in all, to tell the lines that came after a given moment. */
  lineCount = 0;
  stdout = '';
  exit: SshExit | undefined;
  private readonly child: ChildProcess;
  private partial = '';
  private readonly listeners = new Set<() => void>();

  constructor(command: string, args: readonly string[], cleanupDir = '') {
    // A process group of its own: close() ends the wrapper, ssh and the watchdog together, and a terminal's
    // Ctrl-C or hang-up reaches us, not ssh. No terminal also means ssh can never prompt on one.
    this.child = spawn('sh', ['-c', wrapperScript(command), 'ssh', cleanupDir, ...args], { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    live.add(this);
    this.child.stderr?.setEncoding('utf8').on('data', (text: string) => this.onStderr(text));
    this.child.stdout?.setEncoding('utf8').on('data', (text: string) => {
      if (this.stdout.length < 4096) this.stdout += text;
    });
    // spawn('sh') only fails without a shell or with no process slots left: report it like an exit.
    this.child.on('error', () => this.ended({ code: 127, signal: null }));
    // 'close' comes once stderr is read to the end; a grandchild holding the pipe must not hide the exit for long.
    this.child.on('close', (code, signal) => this.ended({ code, signal }));
    this.child.on('exit', (code, signal) => setTimeout(() => this.ended({ code, signal }), EXIT_GRACE_MS).unref());
    // Our pipes must not keep the process alive on their own: whoever waits on the child holds a timer or a socket.
    this.child.unref();
    for (const stream of [this.child.stdin, this.child.stdout, this.child.stderr]) if (stream instanceof Socket) stream.unref();
  }

  get running(): boolean {
    return this.exit === undefined;
  }

  /** Calls `listener` on every stderr line and on the exit, until the returned function is called. */
  watch(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Ends the wrapper, ssh and the watchdog (SIGTERM lets ssh say goodbye to the server). */
  kill(): void {
    live.delete(this);
    if (this.exit !== undefined || this.child.pid === undefined) return;
    try {
      process.kill(-this.child.pid, 'SIGTERM');
    } catch {
      // Gone already.
    }
  }

  private onStderr(text: string): void {
    const parts = (this.partial + text).split(/\r?\n/);
    this.partial = parts.pop() ?? '';
    for (const line of parts) this.addLine(line);
    this.notify();
  }

  private addLine(line: string): void {
    if (line.trim() === '') return;
    this.lines.push(line.trim());
    if (this.lines.length > KEPT_LINES) this.lines.shift();
    this.lineCount++;
  }

  private ended(exit: SshExit): void {
    if (this.exit !== undefined) return;
    if (this.partial !== '') this.addLine(this.partial);
    this.partial = '';
    this.exit = exit;
    live.delete(this);
    this.notify();
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

const KEPT_LINES = 40;
/** After the exit, how long stderr may take to reach its end before the exit counts anyway. */
const EXIT_GRACE_MS = 200;

const live = new Set<SshProcess>();
/** Private directories holding a tunnel's local socket, removed on exit if still there. */
export const liveDirs = new Set<string>();

// The watchdog covers a sudden death; on an ordinary exit, end the children and tidy up at once.
process.on('exit', () => {
  for (const proc of [...live]) proc.kill();
  for (const dir of liveDirs) rmSync(dir, { recursive: true, force: true });
});
