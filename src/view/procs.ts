// A master-worker HAProxy's processes in a few words, for the header. Pure.
import type { ProcList } from '../stats/proc';

/** `master 1000, 2 old workers finishing (1201 1234)`: what a reload left behind stays in view until it ends. */
export function procsText(procs: ProcList): string {
  const old = procs.oldWorkers;
  const pids = old.slice(0, 3).map((w) => w.pid).join(' ') + (old.length > 3 ? ' ...' : '');
  const finishing = old.length === 0 ? '' : `, ${old.length} old worker${old.length === 1 ? '' : 's'} finishing (${pids})`;
  return `master ${procs.master.pid}${finishing}`;
}
