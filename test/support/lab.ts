// A throwaway real-HAProxy lab: Node web servers behind an HAProxy child process, each lab in its own temp dir
// with its own free ports and sockets, so several can run side by side. Used by integration tests, e2e tests
// and the demo. Besides `show stat`, the lab gives the runtime API's other views something to show: fe_main
// tracks its clients in a stick table, uses a map and an ACL file, has a TLS bind with two certificates, and
// holdSessions() keeps requests in flight for `show sess`.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startHttpBackend, type HttpBackend } from './http-backend';
import { BACKEND_NAMES, renderConfig, writeLabFiles, type BackendName, type LabFiles, type LabPorts } from './lab-config';
import { getOnce, holdSessions, type HeldSessions } from './lab-http';
import { killGroup, masterWorkerArgs, parseShowProc, parseWorkerInfo, reloadMaster, type WorkerInfo } from './lab-master';
import { installSafetyNet, liveLabs, type LiveLab } from './lab-safety';
import { parseShowStat, rawCommand } from './lab-socket';
import { installLabCerts } from './lab-tls';
import type { Lab, LabOptions } from './lab-types';
import { freePorts } from './ports';
import { noTraffic, runTraffic, type Traffic } from './traffic';
import { waitFor } from './wait';

export type { TrafficReport } from './traffic';
export type { ProcList } from './lab-master';
export type { HeldReport, HeldSessions, LabResponse } from './lab-http';
export type { LabCertFiles } from './lab-tls';
export type { Lab, LabBackend, LabOptions } from './lab-types';
export { parseShowStat, rawCommand, type StatRow } from './lab-socket';

interface EnsureHaproxyModule {
  haproxyBinary(): string | undefined;
}

/** The same lookup as `npm test`'s installer step, which is plain JS outside the compiled tree. */
function defaultHaproxyBinary(): string {
  const modulePath = path.join(__dirname, '../../../scripts/ensure-haproxy.js');
  const ensure = require(modulePath) as EnsureHaproxyModule;
  return ensure.haproxyBinary() ?? 'haproxy';
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
  let files: LabFiles | undefined;
  const held = new Set<HeldSessions>();
  let stopping: Promise<void> | undefined;

  const live: LiveLab = { dir, child: () => child, group: masterWorker };
  liveLabs.add(live);
  installSafetyNet(opts.handleSignals ?? true);

  const requireSetUp = (): { ports: LabPorts; files: LabFiles } => {
    if (!ports || !files) throw new Error('lab ports and files not set up yet');
    return { ports, files };
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
      await Promise.all([...held].map((sessions) => sessions.abort()));
      await stopHaproxy();
      await Promise.all([...servers.values()].map((server) => server.close()));
      liveLabs.delete(live);
      await fs.promises.rm(dir, { recursive: true, force: true });
    })();
    return stopping;
  };

  try {
    const startBackends = async (): Promise<void> => {
      for (const name of BACKEND_NAMES) servers.set(name, await startHttpBackend(name));
    };
    // The certificates (made once per process: only the first lab waits for openssl), the map and ACL files and the
    // web servers are set up side by side. All three settle before a failure is thrown, so that stop() closes
    // every web server that was started.
    const [certs, lists, started] = [installLabCerts(dir), writeLabFiles(dir), startBackends()];
    await Promise.allSettled([certs, lists, started]);
    files = { ...(await lists), certs: await certs };
    await started;
    // A port can be taken by someone else between choosing and binding it: choose again a couple of times.
    for (let attempt = 1; ; attempt++) {
      const [frontend, listen, statsTcp, dead, tls] = await freePorts(5);
      if (
        frontend === undefined || listen === undefined || statsTcp === undefined || dead === undefined ||
        tls === undefined
      ) {
        throw new Error('could not get free ports');
      }
      ports = { frontend, listen, statsTcp, dead, tls };
      await fs.promises.writeFile(configPath, renderConfig(dir, ports, files, servers, opts.extraConfig));
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

  const { ports: chosen, files: lists } = requireSetUp();
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
    tlsPort: chosen.tls,
    listenPort: chosen.listen,
    mapFile: lists.mapFile,
    aclFile: lists.aclFile,
    certFiles: lists.certs,
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
    holdSessions(n, ms) {
      if (stopping) throw new Error('lab is stopped');
      const sessions = holdSessions(chosen.frontend, n, ms);
      held.add(sessions);
      void sessions.done.then(() => held.delete(sessions));
      return sessions;
    },
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
