// The lab's public shape, apart from its implementation in lab.ts (which re-exports these types).
import type { BackendName } from './lab-config';
import type { HeldSessions, LabResponse } from './lab-http';
import type { ProcList } from './lab-master';
import type { StatRow } from './lab-socket';
import type { LabCertFiles } from './lab-tls';
import type { TrafficReport } from './traffic';

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
  /** fe_main's TLS bind (site.pem by default, expiring.pem by SNI); its traffic counts in fe_main's row. */
  readonly tlsPort: number;
  readonly listenPort: number;
  /** fe_main's map file, host -> backend, used only to set a request header (`show map`). */
  readonly mapFile: string;
  /** fe_main's ACL file of TEST-NET sources it denies, which lab traffic never comes from (`show acl`). */
  readonly aclFile: string;
  /** The TLS bind's certificates (`show ssl cert`): site.pem valid a year, expiring.pem valid 5 days. */
  readonly certFiles: LabCertFiles;
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
  /** `n` GETs of `/slow?ms=<ms>` through fe_main (bk_app), held in flight for `ms`: sessions for `show sess`. */
  holdSessions(n: number, ms: number): HeldSessions;
  /** Stops one web server the hard way: its open connections are cut, as a stopped nginx would cut them. */
  stopBackend(name: BackendName): Promise<void>;
  stopHaproxy(): Promise<void>;
  startHaproxy(): Promise<void>;
  restartHaproxy(): Promise<void>;
  /**
   * Stops traffic, aborts held sessions, kills HAProxy (SIGTERM, SIGKILL after 2 s), closes backends, removes the
   * dir. Idempotent.
   */
  stop(): Promise<void>;
}
