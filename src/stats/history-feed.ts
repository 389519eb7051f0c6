// What of a snapshot goes into the history: every frontend, backend and listener read afresh, the servers asked
// for (those on screen and the selected one), and the frontends' total request rate. Rows a partial refresh did
// not read again are the previous snapshot's own objects: they are skipped, so an old figure is never recorded
// as a new point.
import { num } from './model';
import type { HistoryStore, Reading } from './history';
import type { Service, Snapshot } from './types';

const reading = (s: Service): Reading => ({
  rate: num(s, 'rate'),
  req_rate: num(s, 'req_rate'),
  hrsp_5xx: num(s, 'hrsp_5xx'),
  scur: num(s, 'scur'),
  qcur: num(s, 'qcur'),
  rtime: num(s, 'rtime'),
  ttime: num(s, 'ttime'),
});

/**
 * Records `snapshot` (read at its `at`) into `store`. `pidOf` gives the pid of a service's instance (a new pid is
 * a restart); `servers` are the server ids worth keeping (more are dropped by the store's own cap).
 */
export function feedHistory(
  store: HistoryStore,
  snapshot: Snapshot,
  previous: Snapshot | undefined,
  pidOf: (instance: string | undefined) => string | undefined,
  servers: Iterable<string>,
): void {
  const fresh = (s: Service): boolean => previous === undefined || previous === snapshot || previous.byId.get(s.id) !== s;
  if (previous === snapshot) return;
  let total = 0;
  let anyFrontend = false;
  for (const proxy of snapshot.proxies) {
    for (const s of [proxy.frontend, proxy.backend, ...proxy.listeners]) {
      if (s === undefined) continue;
      if (s.kind === 'frontend') {
        total += num(s, 'req_rate') ?? 0;
        anyFrontend = true;
      }
      if (fresh(s)) store.record(s.id, false, snapshot.at, pidOf(s.instance), reading(s));
    }
  }
  if (anyFrontend) store.recordTotal(snapshot.at, total);
  for (const id of servers) {
    const s = snapshot.byId.get(id);
    if (s !== undefined && s.kind === 'server' && fresh(s)) store.record(s.id, true, snapshot.at, pidOf(s.instance), reading(s));
  }
}
