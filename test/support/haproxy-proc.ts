// A small real HAProxy for the runtime client's integration tests: its own temp dir, sockets and ports,
// run in the foreground as a child process so that the test can kill and restart it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const HAPROXY_BIN = process.env['HAPROXY_BIN'] ?? '/usr/sbin/haproxy';

/** A port nobody listens on right now: listen on port 0, read it, close. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address !== 'object') throw new Error('no port assigned');
  return address.port;
}

export interface HaproxyOptions {
  /** Servers added to a backend `big`, to make `show stat` large. */
  readonly bigServers?: number;
  /** Backends `many_000`... of `servers` servers `m<backend>_<n>` each, for a `show stat` of many proxies. */
  readonly many?: { readonly backends: number; readonly servers: number };
}

export class HaproxyProcess {
  readonly adminSock: string;
  readonly operSock: string;
  readonly cfgPath: string;
  private child: ChildProcess | undefined;
  private stderr = '';

  private constructor(
    readonly dir: string,
    readonly tcpPort: number,
    readonly frontendPort: number,
    readonly deadPort: number,
    options: HaproxyOptions,
  ) {
    this.adminSock = join(dir, 'admin.sock');
    this.operSock = join(dir, 'operator.sock');
    this.cfgPath = join(dir, 'haproxy.cfg');
    writeFileSync(this.cfgPath, this.config(options));
  }

  static async create(options: HaproxyOptions = {}): Promise<HaproxyProcess> {
    const dir = mkdtempSync(join(tmpdir(), 'hatop-hap-'));
    const [tcp, fe, dead] = [await freePort(), await freePort(), await freePort()];
    return new HaproxyProcess(dir, tcp, fe, dead, options);
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts HAProxy and waits until its admin socket answers as this very process. */
  async start(timeoutMs = 5000): Promise<void> {
    if (this.child) throw new Error('HAProxy is already running');
    this.stderr = '';
    const child = spawn(HAPROXY_BIN, ['-f', this.cfgPath, '-db'], { stdio: ['ignore', 'ignore', 'pipe'] });
    this.child = child;
    child.stderr?.on('data', (d: Buffer) => {
      this.stderr += d.toString();
    });
    let exited = false;
    child.once('exit', () => {
      exited = true;
    });
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (exited) throw new Error(`HAProxy exited at start: ${this.stderr.trim()}`);
      const info = await oneShot(this.adminSock, 'show info').catch(() => '');
      if (info.includes(`\nPid: ${child.pid}\n`)) return;
      if (Date.now() > deadline) throw new Error(`HAProxy did not come up within ${timeoutMs} ms: ${this.stderr.trim()}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Kills HAProxy (SIGKILL, like a crash: the socket files stay) and waits for it to be gone. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await gone;
  }

  async stop(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private config(options: HaproxyOptions): string {
    const bigServers = options.bigServers ?? 0;
    const big = Array.from({ length: bigServers }, (_, i) => `  server big${i} 127.0.0.1:${this.deadPort}`);
    const many: string[] = [];
    for (let b = 0; b < (options.many?.backends ?? 0); b++) {
      many.push(`backend many_${String(b).padStart(3, '0')}`);
      for (let n = 0; n < (options.many?.servers ?? 0); n++) many.push(`  server m${b}_${n} 127.0.0.1:${this.deadPort}`);
    }
    return [
      'global',
      `  stats socket ${this.adminSock} mode 600 level admin`,
      `  stats socket ipv4@127.0.0.1:${this.tcpPort} level admin`,
      `  stats socket ${this.operSock} mode 600 level operator`,
      '  stats timeout 30s',
      'defaults',
      '  mode http',
      '  timeout connect 1s',
      '  timeout client 5s',
      '  timeout server 5s',
      'frontend fe',
      `  bind 127.0.0.1:${this.frontendPort}`,
      '  default_backend bk',
      'backend bk',
      // Nothing listens there and no check runs: the servers stay "no check" until told otherwise.
      `  server s1 127.0.0.1:${this.deadPort}`,
      `  server s2 127.0.0.1:${this.deadPort}`,
      'backend bk_static',
      '  balance source',
      `  server s1 127.0.0.1:${this.deadPort}`,
      ...(bigServers > 0 ? ['backend big', ...big] : []),
      ...many,
      '',
    ].join('\n');
  }
}

/** Non-interactive mode: one command, read until HAProxy closes. Only for waiting on start-up. */
function oneShot(path: string, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ path });
    let out = '';
    const timer = setTimeout(() => socket.destroy(new Error('no answer')), 1000);
    socket.on('connect', () => socket.write(`${command}\n`));
    socket.on('data', (d: Buffer) => {
      out += d.toString();
    });
    socket.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(out);
    });
  });
}
