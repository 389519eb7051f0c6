// Snapshots made of several replies: the union of filtered `show stat <iid> <type> <sid>` replies (the user's
// -f filters), and a snapshot refreshed in part (some proxies read again, or only the frontend and backend
// rows of every proxy) without reading all 100,000 rows again.

import { fits, newDraft, place, finish, proxyOf, ProxyListSnapshot } from './model';
import type { Info, Proxy, Snapshot } from './types';

/**
 * Merge the snapshots of several filtered `show stat <iid> <type> <sid>` replies into one: proxies in
 * order of first appearance (parts of the same proxy, same name and iid, are joined), a service that two
 * overlapping filters both return kept once, columns united in order of first appearance, `at` the latest,
 * `info` the first non-empty one.
 */
export function mergeSnapshots(parts: readonly Snapshot[]): Snapshot {
  const seen = new Set<string>();
  const drafts: ReturnType<typeof newDraft>[] = [];
  const byProxy = new Map<string, ReturnType<typeof newDraft>>();
  let at: number | undefined;
  let info: Info | undefined;
  for (const part of parts) {
    at = at === undefined ? part.at : Math.max(at, part.at);
    if (info === undefined || (info.size === 0 && part.info.size > 0)) info = part.info;
    for (const proxy of part.proxies) {
      // Without an iid two runs of the same name cannot be told to be one proxy: keep them apart.
      const key = proxyKey(proxy);
      let draft = key === undefined ? undefined : byProxy.get(key);
      for (const service of proxy.services) {
        if (seen.has(service.id)) continue;
        seen.add(service.id);
        if (draft === undefined || !fits(draft, service)) {
          draft = newDraft(service);
          drafts.push(draft);
          if (key !== undefined && !byProxy.has(key)) byProxy.set(key, draft);
        }
        place(draft, service);
      }
    }
  }
  // Filters come in the order the user gave them; show proxies in HAProxy's order (by proxy id) when known.
  const ordered = drafts.every((d) => d.iid !== undefined) ? [...drafts].sort((a, b) => (a.iid ?? 0) - (b.iid ?? 0)) : drafts;
  return new ProxyListSnapshot(at ?? 0, info ?? new Map<string, string>(), ordered.map(finish), unitedColumns(parts));
}

export interface Patch {
  /** Replies of `show stat <iid> -1 -1`: each of their proxies replaces the base's proxy whole. */
  readonly proxies: readonly Snapshot[];
  /** A `show stat -1 3 -1` reply: the frontend and backend rows of every proxy, which replace the base's. */
  readonly summary?: Snapshot;
  readonly info: Info;
  readonly at: number;
}

/**
 * `base` refreshed in part. A proxy is matched by name and iid. A proxy the patch reads whole but the base
 * lacks is added in iid order; the base's other proxies are kept, servers and listeners untouched (the same
 * arrays, so what was derived from them can be reused), with the summary's frontend and backend rows.
 */
export function patchSnapshot(base: Snapshot, patch: Patch): Snapshot {
  const whole = new Map<string, Proxy>();
  for (const part of patch.proxies) for (const proxy of part.proxies) setKeyed(whole, proxy);
  const summary = new Map<string, Proxy>();
  for (const proxy of patch.summary?.proxies ?? []) setKeyed(summary, proxy);
  const proxies: Proxy[] = [];
  for (const proxy of base.proxies) {
    const key = proxyKey(proxy);
    const fresh = key === undefined ? undefined : whole.get(key);
    if (fresh !== undefined) {
      proxies.push(fresh);
      whole.delete(key as string);
      continue;
    }
    const rows = key === undefined ? undefined : summary.get(key);
    proxies.push(rows === undefined ? proxy : proxyOf(proxy.name, proxy.iid, rows.frontend, proxy.listeners, proxy.servers, rows.backend));
  }
  if (whole.size > 0) {
    proxies.push(...whole.values());
    proxies.sort((a, b) => (a.iid ?? 0) - (b.iid ?? 0));
  }
  return new ProxyListSnapshot(patch.at, patch.info, proxies, unitedColumns([base, ...patch.proxies]));
}

/** Name and iid; undefined without an iid (1.4-era output), where two runs of a name cannot be matched. */
export function proxyKey(proxy: Proxy): string | undefined {
  return proxy.iid === undefined ? undefined : `${proxy.name}\u0000${proxy.iid}`;
}

function setKeyed(map: Map<string, Proxy>, proxy: Proxy): void {
  const key = proxyKey(proxy);
  if (key !== undefined && !map.has(key)) map.set(key, proxy);
}

function unitedColumns(parts: readonly Snapshot[]): string[] {
  const columns = new Set<string>();
  for (const part of parts) for (const column of part.columns) columns.add(column);
  return [...columns];
}
