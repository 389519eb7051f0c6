// A throwaway real-HAProxy lab: Node web servers behind an HAProxy child process, each lab in its own temp dir
// with its own free ports and sockets, so several can run side by side. Used by integration tests, e2e tests
// and the demo.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startHttpBackend, type HttpBackend } from './http-backend';
import { BACKEND_NAMES, renderConfig, type BackendName, type LabPorts } from './lab-config';
import { killGroup, masterWorkerArgs, parseShowProc, parseWorkerInfo, reloadMaster, type ProcList, type WorkerInfo } from './lab-master';
import { freePorts } from './ports';
import { noTraffic, runTraffic, type Traffic, type TrafficReport } from './traffic';
import { waitFor } from './wait';

export type { TrafficReport } from './traffic';
export type { ProcList } from './lab-master';

export interface LabOptions {
  /** HAProxy binary; defaults to the one scripts/ensure-haproxy.js finds (PATH, then /usr/sbin), else `haproxy`. */
  readonly haproxyBin?: string;
  /** Appended verbatim to the generated haproxy.cfg. */
  readonly extraConfig?: string;
  /** Kill HAProxy and remove the temp dir on SIGINT/SIGTERM/SIGHUP (default true). The demo handles them itself. */
  readonly handleSignals?: boolean;
  /** How long to wait for HAProxy to start and run its first checks (default 10 s). */
  readonly readyTimeoutMs?: number;
  /** Master-worker mode (`-W -S <dir>/master.sock`), as systemd runs HAProxy: enables reload() and showProc(). */
  readonly masterWorker?: boolean;
}

export interface LabBackend {
  readonly name: string;
  readonly port: number;
  /** Live count, HAProxy's health checks included. */
  readonly requests: number;
}

export interface LabResponse {
  readonly status: number;
  /** The `X-Server` header: which backend answered. */
  readonly server: string | undefined;
  readonly body: string;
}

/** One `show stat` row keyed by the CSV header's names. */
export type StatRow = Readonly<Record<string, string>>;

export interface Lab {
  readonly dir: string;
  readonly configPath: string;
  readonly logPath: string;
  readonly adminSocket: string;
  readonly operatorSocket: string;
  /** The master CLI socket in master-worker mode, else undefined. */
  readonly masterSocket: string | undefined;
  /** "127.0.0.1:<port>", the admin-level TCP stats socket. */
  readonly tcpAddress: string;
  readonly frontendPort: number;
  readonly listenPort: number;
  readonly backends: ReadonlyMap<string, LabBackend>;
  /** The HAProxy child: the master in master-worker mode (see workerPid() for the one serving). */
  haproxyPid(): number | undefined;
  /** `Pid` of `show info` on the admin socket: the process that answers there now. */
  workerPid(): Promise<number>;
  /** Master-worker only: a reload as systemd does it (SIGUSR2); resolves with the new worker's pid once it answers. */
  reload(timeoutMs?: number): Promise<number>;
  /** Master-worker only: the master CLI's `show proc`. */
  showProc(): Promise<ProcList>;
  /** One non-interactive command (several with `;`) over a unix socket path or a "host:port"; admin socket unless told. */
  rawCommand(cmd: string, socket?: string): Promise<string>;
  /** `show stat` over the admin socket, parsed by header name. */
  showStat(): Promise<StatRow[]>;
  /** The `status` column of one service, e.g. statusOf('bk_app', 'nginx2') -> 'UP'. */
  statusOf(proxy: string, service: string): Promise<string | undefined>;
  /** A GET through fe_main on a fresh connection. */
  request(path?: string): Promise<LabResponse>;
  startTraffic(opts?: { ratePerSec?: number }): void;
  stopTraffic(): Promise<TrafficReport>;
  /** Counts so far without stopping (zeros when no traffic runs): lets a test wait until traffic hit a server. */
  trafficSoFar(): TrafficReport;
  /** Stops one web server the hard way: its open connections are cut, as a stopped nginx would cut them. */
  stopBackend(name: BackendName): Promise<void>;
  stopHaproxy(): Promise<void>;
  startHaproxy(): Promise<void>;
  restartHaproxy(): Promise<void>;
  /** Stops traffic, kills HAProxy (SIGTERM, SIGKILL after 2 s), closes backends, removes the dir. Idempotent. */
  stop(): Promise<void>;
}

interface EnsureHaproxyModule {
  haproxyBinary(): string | undefined;
}

/** The same lookup as `npm test`'s installer step, which is plain JS outside the compiled tree. */
function defaultHaproxyBinary(): string {
  const modulePath = path.join(__dirname, '../../../scripts/ensure-haproxy.js');
  const ensure = require(modulePath) as EnsureHaproxyModule;
  return ensure.haproxyBinary() ?? 'haproxy';
}

export function rawCommand(socket: string, cmd: string, timeoutMs = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    const tcp = /^(\d{1,3}(?:\.\d{1,3}){3}):(\d+)$/.exec(socket);
    const conn = tcp ? net.createConnection({ host: tcp[1], port: Number(tcp[2]) }) : net.createConnection(socket);
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      conn.destroy();
      reject(new Error(`no complete answer to "${cmd}" on ${socket} within ${timeoutMs} ms`));
    }, timeoutMs);
    conn.on('connect', () => conn.end(`${cmd}\n`));
    conn.on('data', (chunk: Buffer) => chunks.push(chunk));
    conn.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    conn.on('close', (hadError) => {
      clearTimeout(timer);
      if (!hadError) resolve(Buffer.concat(chunks).toString('utf8'));
    });
  });
}

/** Good enough for the lab's own rows (no field here holds a comma); the real parser lives in src/stats. */
export function parseShowStat(text: string): StatRow[] {
  const lines = text.split('\n').filter((line) => line !== '');
  const header = lines.shift();
  if (header === undefined || !header.startsWith('# ')) throw new Error(`not a show stat answer: ${text.slice(0, 200)}`);
  const names = header.slice(2).split(',');
  return lines.map((line) => {
    const fields = line.split(',');
    const row: Record<string, string> = {};
    names.forEach((name, i) => {
      if (name !== '') row[name] = fields[i] ?? '';
    });
    return row;
  });
}

// ---- process-wide safety net: nothing outlives the test process ----

interface LiveLab {
  child(): ChildProcess | undefined;
  readonly dir: string;
  /** The child leads its own process group (master-worker): kill the group, workers and all. */
  readonly group: boolean;
}
const liveLabs = new Set<LiveLab>();
let exitHookInstalled = false;
let signalHooksInstalled = false;

function killEverythingSync(): void {
  for (const lab of liveLabs) {
    const child = lab.child();
    if (child && child.exitCode === null && child.signalCode === null) {
      if (lab.group && child.pid !== undefined) killGroup(child.pid);
      else child.kill('SIGKILL');
    }
    fs.rmSync(lab.dir, { recursive: true, force: true });
  }
  liveLabs.clear();
}

function installSafetyNet(handleSignals: boolean): void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', killEverythingSync);
  }
  if (handleSignals && !signalHooksInstalled) {
    signalHooksInstalled = true;
    const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
    const onSignal = (signal: NodeJS.Signals): void => {
      killEverythingSync();
      for (const s of signals) process.removeListener(s, onSignal);
      // Die of the signal as if we had not been listening, unless someone else handles it.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    for (const s of signals) process.on(s, onSignal);
  }
}

function tail(file: string, lines = 20): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

export async function startLab(opts: LabOptions = {}): Promise<Lab> {
  const haproxyBin = opts.haproxyBin ?? defaultHaproxyBinary();
  const readyTimeoutMs = opts.readyTimeoutMs ?? 10_000;
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'hatop-lab-'));
  const configPath = path.join(dir, 'haproxy.cfg');
  const logPath = path.join(dir, 'haproxy.log');
  const adminSocket = path.join(dir, 'admin.sock');
  const operatorSocket = path.join(dir, 'operator.sock');
  const masterWorker = opts.masterWorker ?? false;
  const masterSocket = masterWorker ? path.join(dir, 'master.sock') : undefined;

  const servers = new Map<BackendName, HttpBackend>();
  let child: ChildProcess | undefined;
  let traffic: Traffic | undefined;
  let ports: LabPorts | undefined;
  let stopping: Promise<void> | undefined;

  const live: LiveLab = { dir, child: () => child, group: masterWorker };
  liveLabs.add(live);
  installSafetyNet(opts.handleSignals ?? true);

  const requirePorts = (): LabPorts => {
    if (!ports) throw new Error('lab ports not chosen yet');
    return ports;
  };

  const statusOf = async (proxy: string, service: string): Promise<string | undefined> => {
    const rows = parseShowStat(await rawCommand(adminSocket, 'show stat'));
    return rows.find((row) => row['pxname'] === proxy && row['svname'] === service)?.['status'];
  };

  const launch = async (): Promise<void> => {
    if (child && !exited(child)) throw new Error('HAProxy is already running in this lab');
    const log = fs.openSync(logPath, 'a');
    let proc: ChildProcess;
    try {
      const mw = masterSocket === undefined ? [] : masterWorkerArgs(masterSocket);
      // A master-worker HAProxy leads a process group of its own, so that stop() can kill its workers, old ones too.
      proc = spawn(haproxyBin, [...mw, '-db', '-f', configPath], { stdio: ['ignore', log, log], detached: masterWorker });
    } finally {
      fs.closeSync(log);
    }
    child = proc;
    // A dead HAProxy (bad config, port taken, missing binary) fails at once instead of at the timeout.
    let onDeath: () => void = () => undefined;
    const death = new Promise<never>((_resolve, reject) => {
      const onError = (err: Error): void => reject(new Error(`cannot run ${haproxyBin}: ${err.message}`));
      const onExit = (code: number | null, signal: NodeJS.Signals | null): void =>
        reject(new Error(`HAProxy exited during startup (${code ?? signal})`));
      proc.once('error', onError);
      proc.once('exit', onExit);
      onDeath = () => {
        proc.removeListener('error', onError);
        proc.removeListener('exit', onExit);
      };
    });
    const ready = waitFor(
      async () => {
        if (exited(proc)) return 'dead'; // `death` has rejected already; just stop polling
        if (!fs.existsSync(adminSocket)) return false;
        const rows = parseShowStat(await rawCommand(adminSocket, 'show stat', 2000));
        const status = (px: string, sv: string): string | undefined =>
          rows.find((row) => row['pxname'] === px && row['svname'] === sv)?.['status'];
        // Every checked server has had its first verdict: the good ones UP, `broken` DOWN.
        const settled = rows
          .filter((row) => row['type'] === '2' && row['svname'] !== 'broken')
          .every((row) => row['status'] === 'UP' || row['status'] === 'no check');
        return status('bk_app', 'nginx2') === 'UP' && status('bk_static', 'broken') === 'DOWN' && settled && 'ready';
      },
      { timeoutMs: readyTimeoutMs, intervalMs: 100, what: 'HAProxy to start and run its first health checks' },
    );
    try {
      const outcome = await Promise.race([ready, death]);
      if (outcome === 'dead') throw new Error(`HAProxy exited during startup (${proc.exitCode ?? proc.signalCode})`);
    } catch (err) {
      ready.catch(() => undefined);
      const message = err instanceof Error ? err.message : String(err);
      throw new Error(`${message}\n--- tail of ${logPath} ---\n${tail(logPath)}`);
    } finally {
      onDeath();
      death.catch(() => undefined);
    }
  };

  const stopHaproxy = async (): Promise<void> => {
    const proc = child;
    if (!proc || exited(proc) || proc.pid === undefined) return;
    const gone = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    // A master passes SIGTERM on to every worker and exits once they are all gone.
    proc.kill('SIGTERM');
    const pid = proc.pid;
    const killer = setTimeout(() => (masterWorker ? killGroup(pid) : proc.kill('SIGKILL')), 2000);
    await gone;
    clearTimeout(killer);
    // Workers left behind by a master that had to be killed.
    if (masterWorker) killGroup(pid);
  };

  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (traffic) await traffic.stop();
      traffic = undefined;
      await stopHaproxy();
      await Promise.all([...servers.values()].map((server) => server.close()));
      liveLabs.delete(live);
      await fs.promises.rm(dir, { recursive: true, force: true });
    })();
    return stopping;
  };

  try {
    for (const name of BACKEND_NAMES) servers.set(name, await startHttpBackend(name));
    // A port can be taken by someone else between choosing and binding it: choose again a couple of times.
    for (let attempt = 1; ; attempt++) {
      const [frontend, listen, statsTcp, dead] = await freePorts(4);
      if (frontend === undefined || listen === undefined || statsTcp === undefined || dead === undefined) {
        throw new Error('could not get free ports');
      }
      ports = { frontend, listen, statsTcp, dead };
      await fs.promises.writeFile(configPath, renderConfig(dir, ports, servers, opts.extraConfig));
      try {
        await launch();
        break;
      } catch (err) {
        await stopHaproxy();
        const bindFailure = /cannot bind|Address already in use/i.test(tail(logPath, 50));
        if (!bindFailure || attempt >= 3) throw err;
        await fs.promises.rm(logPath, { force: true });
      }
    }
  } catch (err) {
    await stop();
    throw err;
  }

  const chosen = requirePorts();
  const workerInfo = async (): Promise<WorkerInfo> => parseWorkerInfo(await rawCommand(adminSocket, 'show info', 1000));
  const requireMaster = (what: string): { socket: string; pid: number; alive: () => boolean } => {
    const proc = child;
    if (masterSocket === undefined) throw new Error(`${what} needs a lab started with masterWorker: true`);
    if (!proc || exited(proc) || proc.pid === undefined) throw new Error(`${what}: HAProxy is not running`);
    return { socket: masterSocket, pid: proc.pid, alive: () => !exited(proc) };
  };
  const lab: Lab = {
    dir,
    configPath,
    logPath,
    adminSocket,
    operatorSocket,
    masterSocket,
    tcpAddress: `127.0.0.1:${chosen.statsTcp}`,
    frontendPort: chosen.frontend,
    listenPort: chosen.listen,
    backends: servers,
    stopBackend: async (name) => {
      await servers.get(name)?.close();
    },
    haproxyPid: () => (child && !exited(child) ? child.pid : undefined),
    workerPid: async () => (await workerInfo()).pid,
    reload: (timeoutMs = 10_000) =>
      reloadMaster(requireMaster('reload()'), workerInfo, timeoutMs).catch((err: unknown) => {
        throw new Error(`${err instanceof Error ? err.message : String(err)}\n--- tail of ${logPath} ---\n${tail(logPath)}`);
      }),
    showProc: async () => parseShowProc(await rawCommand(requireMaster('showProc()').socket, 'show proc', 2000)),
    rawCommand: (cmd, socket = adminSocket) => rawCommand(socket, cmd),
    showStat: async () => parseShowStat(await rawCommand(adminSocket, 'show stat')),
    statusOf,
    request: (urlPath = '/') => getOnce(chosen.frontend, urlPath),
    startTraffic(trafficOpts = {}) {
      if (traffic) throw new Error('traffic already running in this lab');
      if (stopping) throw new Error('lab is stopped');
      traffic = runTraffic(
        [
          { route: 'fe_main /', port: chosen.frontend, path: '/' },
          { route: 'fe_main /api', port: chosen.frontend, path: '/api' },
          { route: 'fe_main /static', port: chosen.frontend, path: '/static' },
          { route: 'li_web /', port: chosen.listen, path: '/' },
        ],
        trafficOpts.ratePerSec ?? 20,
      );
    },
    async stopTraffic() {
      const running = traffic;
      traffic = undefined;
      return running ? running.stop() : noTraffic();
    },
    trafficSoFar: () => (traffic ? traffic.report() : noTraffic()),
    stopHaproxy,
    startHaproxy: launch,
    async restartHaproxy() {
      await stopHaproxy();
      await launch();
    },
    stop,
  };
  return lab;
}

/** A GET on a fresh connection (no pooling, so a restarted HAProxy never sees a stale socket). */
function getOnce(port: number, urlPath: string): Promise<LabResponse> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: urlPath, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const header = res.headers['x-server'];
        resolve({
          status: res.statusCode ?? 0,
          server: Array.isArray(header) ? header[0] : header,
          body: Buffer.concat(chunks).toString('utf8'),
        });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(5000, () => req.destroy(new Error(`GET ${urlPath} timed out`)));
  });
}
