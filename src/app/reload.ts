// Reloading HAProxy from the screen, through its master CLI: the plan to confirm, then, since `reload` itself
// says little (nothing at all before 2.7), what `show proc` says once the new worker is there.
import { reload, showProc } from '../runtime/commands';
import { parseShowProc, type ProcList } from '../stats/proc';
import type { ActionPlan } from './actions';
import type { Sender } from './exchange';
import type { Clock } from './poller';

/** How long to wait for `show proc` to list a new worker after `reload`. */
export const RELOAD_WAIT_MS = 15_000;
const LOOK_EVERY_MS = 500;

/** `reload` on one instance's master CLI, confirmed first: it restarts every worker's configuration. */
export function planReload(instance: string | undefined, where: string): ActionPlan {
  const command = instance === undefined ? reload() : { ...reload(), instance };
  return { action: 'reload', title: `reload HAProxy ${where} through its master CLI`, targets: [], commands: [command], confirm: true };
}

const pids = (list: ProcList | undefined): string => (list === undefined ? '?' : list.workers.map((w) => w.pid).join(' ') || 'none');

/** What a reload did, in one sentence: the new worker, and the old ones still finishing their sessions. */
export function reloadSummary(where: string, before: ProcList | undefined, after: ProcList | undefined): { level: 'ok' | 'error'; text: string } {
  if (after === undefined) return { level: 'error', text: `Reload sent to ${where}, but show proc could not be read afterwards.` };
  const fresh = after.workers.filter((w) => !(before?.workers ?? []).some((b) => b.pid === w.pid));
  const failed = before !== undefined && after.master.failed !== undefined && before.master.failed !== undefined && after.master.failed > before.master.failed;
  if (fresh.length === 0) {
    const why = failed ? `HAProxy counts a failed reload (${after.master.failed ?? '?'} so far): the old configuration still runs` : `show proc still lists worker ${pids(after)}`;
    return { level: 'error', text: `Reload of ${where} did not start a new worker: ${why}.` };
  }
  const old = after.oldWorkers.map((w) => w.pid);
  const finishing = old.length === 0 ? 'no old worker left' : `old worker${old.length === 1 ? '' : 's'} ${old.join(' ')} finishing ${old.length === 1 ? 'its' : 'their'} sessions`;
  return { level: 'ok', text: `Reloaded ${where}: worker ${pids(before)} -> ${fresh.map((w) => w.pid).join(' ')}; ${finishing} (show proc).` };
}

/** `show proc`, or undefined while the master is not answering (it re-executes itself during a reload). */
export async function readProcs(sender: Sender): Promise<ProcList | undefined> {
  try {
    return parseShowProc(await sender.send(showProc()));
  } catch {
    return undefined;
  }
}

/** Looks at `show proc` until it lists a worker that `before` did not, or RELOAD_WAIT_MS pass; the last list read. */
export async function awaitNewWorker(sender: Sender, before: ProcList | undefined, clock: Clock): Promise<ProcList | undefined> {
  const until = clock.now() + RELOAD_WAIT_MS;
  let last: ProcList | undefined;
  for (;;) {
    last = (await readProcs(sender)) ?? last;
    if (last !== undefined && last.workers.some((w) => !(before?.workers ?? []).some((b) => b.pid === w.pid))) return last;
    if (clock.now() >= until) return last;
    await new Promise<void>((resolve) => clock.setTimeout(resolve, LOOK_EVERY_MS));
  }
}
