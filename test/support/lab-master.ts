// Master-worker HAProxy for the lab, run the way systemd's unit runs it: `-W -S <master socket>`, reloaded with
// SIGUSR2 to the master (the unit's ExecReload). The master re-executes itself on a reload and keeps its pid;
// each reload forks a new worker and leaves the previous ones soft-stopping until their last connection ends.
//
// A SIGUSR2 sent too early is lost: after forking the new worker the master sets SIGUSR2 to SIG_IGN and
// re-executes itself once more ("wait mode", to free the configuration), and only then catches it again. So a
// reload waits until the master catches SIGUSR2 (its /proc status), which is what systemd's Type=notify wait
// stands for. lab.ts does the socket I/O (no import cycle).
import fs from 'node:fs';
import os from 'node:os';
import { waitFor } from './wait';

/** The extra command-line arguments for master-worker mode. */
export const masterWorkerArgs = (masterSocket: string): string[] => ['-W', '-S', masterSocket];

/** The master CLI's `show proc`, by section. */
export interface ProcList {
  readonly master: number;
  /** The current worker(s): one in the lab. */
  readonly workers: readonly number[];
  /** Workers of earlier generations that have not exited yet (soft-stopping). */
  readonly oldWorkers: readonly number[];
  /** The answer as HAProxy printed it, for failure messages. */
  readonly text: string;
}

/**
 * Parses `show proc` (2.6):
 *   #<PID>          <type>          <reloads>       <uptime>        <version>
 *   5292            master          2 [failed: 0]   0d00h00m08s     2.6.12
 *   # workers
 *   5436            worker          0               0d00h00m01s     2.6.12
 *   # old workers
 *   5385            worker          1               0d00h00m05s     2.6.12
 *   # programs
 */
export function parseShowProc(text: string): ProcList {
  let master: number | undefined;
  const workers: number[] = [];
  const oldWorkers: number[] = [];
  let section = '';
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) {
      section = line.slice(1).trim();
      continue;
    }
    const m = /^(\d+)\s+(\S+)/.exec(line);
    if (!m) continue;
    const pid = Number(m[1]);
    if (m[2] === 'master') master = pid;
    else if (m[2] === 'worker' && section === 'workers') workers.push(pid);
    else if (m[2] === 'worker' && section === 'old workers') oldWorkers.push(pid);
  }
  if (master === undefined) throw new Error(`not a show proc answer: ${JSON.stringify(text.slice(0, 200))}`);
  return { master, workers, oldWorkers, text };
}

/** Which process answered `show info` on a worker's stats socket, and whether it is soft-stopping. */
export interface WorkerInfo {
  readonly pid: number;
  readonly stopping: boolean;
}

export function parseWorkerInfo(info: string): WorkerInfo {
  const pid = /^Pid: (\d+)$/m.exec(info)?.[1];
  if (pid === undefined) throw new Error(`no Pid in show info: ${JSON.stringify(info.slice(0, 200))}`);
  return { pid: Number(pid), stopping: /^Stopping: 1$/m.test(info) };
}

/** Whether a process has a handler for SIGUSR2 (caught, not ignored), from /proc/<pid>/status. */
export function catchesSigusr2(pid: number): boolean {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const mask = (name: string): bigint => BigInt(`0x${new RegExp(`^${name}:\\s*([0-9a-f]+)$`, 'm').exec(status)?.[1] ?? '0'}`);
  const bit = 1n << BigInt(os.constants.signals.SIGUSR2 - 1);
  return (mask('SigCgt') & bit) !== 0n && (mask('SigIgn') & bit) === 0n;
}

export interface Master {
  readonly pid: number;
  alive(): boolean;
}

/** Resolves once the master would act on a SIGUSR2; fails at once if it died. */
async function masterReady(master: Master, timeoutMs: number, what: string): Promise<void> {
  const outcome = await waitFor(() => (master.alive() ? catchesSigusr2(master.pid) : 'dead'), {
    timeoutMs,
    intervalMs: 5,
    what: `the HAProxy master (pid ${master.pid}) to handle SIGUSR2 ${what}`,
  });
  if (outcome === 'dead') throw new Error(`the HAProxy master (pid ${master.pid}) died ${what}`);
}

/**
 * SIGUSR2 to the master once it handles it, then polls `worker` (show info on the worker's stats socket) until a
 * new, not stopping worker answers there and the master is settled again; resolves with the new worker's pid.
 */
export async function reloadMaster(master: Master, worker: () => Promise<WorkerInfo>, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  const left = (): number => Math.max(1, deadline - Date.now());
  await masterReady(master, left(), 'before the reload');
  const before = (await worker()).pid;
  process.kill(master.pid, 'SIGUSR2');
  // waitFor takes a throwing probe for "not yet": a dead master is a value, so that it fails at once.
  const pid = await waitFor(
    async () => {
      if (!master.alive()) return 'dead';
      const now = await worker();
      return now.pid !== before && !now.stopping && now.pid;
    },
    { timeoutMs: left(), intervalMs: 10, what: `a new HAProxy worker (not ${before}) to answer after the reload` },
  );
  if (pid === 'dead') throw new Error(`the HAProxy master (pid ${master.pid}) died during the reload of worker ${before}`);
  await masterReady(master, left(), `after the reload to worker ${pid}`);
  return pid;
}

/** SIGKILL to a whole process group (the master's, which its workers share); quiet when it is gone already. */
export function killGroup(pgid: number): void {
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // Nobody left in the group.
  }
}
