// Parsed rows -> Snapshot: services keyed by (kind, proxy, name), grouped into proxies in HAProxy's order.
// A proxy is a run of consecutive rows with the same (pxname, iid): `frontend web` and `backend web` share
// a name but not an iid, so they stay two proxies. Pure: the caller supplies the time.

import { parseShowInfo } from './info';
import { parseShowStat } from './stat';
import { parseState, serviceKind } from './state';
import type { Info, Proxy, Service, ServiceId, ServiceKind, Snapshot, StatFields } from './types';

/** Parse a `show stat` and a `show info` reply read at monotonic time `at` (ms). Throws on a non-CSV stat reply. */
export function buildSnapshot(statText: string, infoText: string, at: number): Snapshot {
  return snapshotFrom(parseShowStat(statText), parseShowInfo(infoText), at);
}

/**
 * `/`, `\` and `#` escaped, so that joining parts with `/` can never make two different triples one id, and the
 * `#2` that numbers a repeated row can never be mistaken for a name that holds `#2`.
 */
const part = (text: string): string => (/[\\/#]/.test(text) ? text.replace(/[\\/#]/g, '\\$&') : text);

/** The identity of a service: unique for every (kind, proxy, name), whatever characters the names hold. */
export function serviceId(kind: ServiceKind, proxy: string, name: string): ServiceId {
  return `${kind}:${part(proxy)}/${part(name)}`;
}

/**
 * How a service is named on screen and in messages: `proxy/name` as HAProxy's own commands take it, with the
 * kind added where that could mean another row (a listener, a server called FRONTEND or BACKEND).
 */
export function serviceLabel(kind: ServiceKind, proxy: string, name: string): string {
  const plain = `${proxy}/${name}`;
  if (kind === 'listener') return `${plain} (listener)`;
  if (kind === 'server' && (name === 'FRONTEND' || name === 'BACKEND')) return `${plain} (server)`;
  if ((kind === 'frontend' && name !== 'FRONTEND') || (kind === 'backend' && name !== 'BACKEND')) return `${plain} (${kind})`;
  return plain;
}

/**
 * Build a snapshot from parsed rows. Rows without pxname or svname cannot be identified and are skipped.
 * HAProxy never reports one (kind, proxy, name) twice; if a peer does, every row is still kept, the later
 * ones numbered (`#2`), so nothing it sent disappears.
 */
export function snapshotFrom(
  parsed: { readonly columns: readonly string[]; readonly rows: readonly StatFields[] },
  info: Info,
  at: number,
): Snapshot {
  const seen = new Map<string, number>();
  const drafts: Draft[] = [];
  let current: Draft | undefined;
  for (const fields of parsed.rows) {
    let service = toService(fields);
    if (service === undefined) continue;
    const count = (seen.get(service.id) ?? 0) + 1;
    seen.set(service.id, count);
    if (count > 1) service = { ...service, id: `${service.id}#${count}`, label: `${service.label} #${count}` };
    if (current === undefined || !fits(current, service)) {
      current = newDraft(service);
      drafts.push(current);
    }
    place(current, service);
  }
  return assemble(drafts, info, at, [...parsed.columns]);
}

/**
 * Merge the snapshots of several filtered `show stat <iid> <type> <sid>` replies into one: proxies in
 * order of first appearance (parts of the same proxy, same name and iid, are joined), a service that two
 * overlapping filters both return kept once, columns united in order of first appearance, `at` the latest, `info` the
 * first non-empty one.
 */
export function mergeSnapshots(parts: readonly Snapshot[]): Snapshot {
  const seen = new Set<string>();
  const drafts: Draft[] = [];
  const byProxy = new Map<string, Draft>();
  const columns: string[] = [];
  const columnSet = new Set<string>();
  let at: number | undefined;
  let info: Info | undefined;
  for (const part of parts) {
    at = at === undefined ? part.at : Math.max(at, part.at);
    if (info === undefined || (info.size === 0 && part.info.size > 0)) info = part.info;
    for (const column of part.columns) {
      if (!columnSet.has(column)) {
        columnSet.add(column);
        columns.push(column);
      }
    }
    for (const proxy of part.proxies) {
      // Without an iid two runs of the same name cannot be told to be one proxy: keep them apart.
      const key = proxy.iid === undefined ? undefined : `${proxy.name}\u0000${proxy.iid}`;
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
  const ordered = drafts.every((d) => d.iid !== undefined)
    ? [...drafts].sort((a, b) => (a.iid ?? 0) - (b.iid ?? 0))
    : drafts;
  return assemble(ordered, info ?? new Map<string, string>(), at ?? 0, columns);
}

/** A field as a number; undefined when absent or not a plain decimal number (never 0 for "missing"). */
export function num(service: Service, field: string): number | undefined {
  return toNumber(service.fields[field]);
}

const NUMERIC = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

function toNumber(value: string | undefined): number | undefined {
  if (value === undefined || !NUMERIC.test(value)) return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/** `-?[0-9]+` as a number (what /^-?\d+$/ accepts), else undefined. A loop: it runs twice per row per refresh. */
function toInt(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = value.length;
  let i = n > 0 && value.charCodeAt(0) === 45 ? 1 : 0;
  if (i === n) return undefined;
  for (; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
  }
  return Number(value);
}

function toService(fields: StatFields): Service | undefined {
  const proxy = fields['pxname'];
  const name = fields['svname'];
  if (proxy === undefined || name === undefined) return undefined;
  const kind = serviceKind(fields);
  return {
    id: serviceId(kind, proxy, name),
    label: serviceLabel(kind, proxy, name),
    proxy,
    name,
    kind,
    iid: toInt(fields['iid']),
    sid: toInt(fields['sid']),
    status: fields['status'] ?? '',
    state: parseState(fields['status'], kind),
    fields,
  };
}

interface Draft {
  readonly name: string;
  readonly iid: number | undefined;
  frontend: Service | undefined;
  readonly listeners: Service[];
  readonly servers: Service[];
  backend: Service | undefined;
  /** Display rank of the last row placed, to split runs when iid is missing (1.4-era output). */
  lastRank: number;
}

const RANK: Readonly<Record<ServiceKind, number>> = { frontend: 0, listener: 1, server: 2, backend: 3 };

function newDraft(first: Service): Draft {
  return {
    name: first.proxy,
    iid: first.iid,
    frontend: undefined,
    listeners: [],
    servers: [],
    backend: undefined,
    lastRank: -1,
  };
}

/** Whether a service continues this proxy rather than starting the next one. */
function fits(draft: Draft, service: Service): boolean {
  if (service.proxy !== draft.name || service.iid !== draft.iid) return false;
  if (service.kind === 'frontend' && draft.frontend !== undefined) return false;
  if (service.kind === 'backend' && draft.backend !== undefined) return false;
  // With no iid, HAProxy's row order (FRONTEND, listeners, servers, BACKEND) is the only boundary left.
  if (draft.iid === undefined && RANK[service.kind] < draft.lastRank) return false;
  return true;
}

function place(draft: Draft, service: Service): void {
  switch (service.kind) {
    case 'frontend':
      draft.frontend = service;
      break;
    case 'listener':
      draft.listeners.push(service);
      break;
    case 'server':
      draft.servers.push(service);
      break;
    case 'backend':
      draft.backend = service;
      break;
  }
  draft.lastRank = Math.max(draft.lastRank, RANK[service.kind]);
}

/** Servers by sid; Array#sort is stable, and a server without sid keeps its place after those with one. */
function bySid(a: Service, b: Service): number {
  if (a.sid === b.sid) return 0;
  if (a.sid === undefined) return 1;
  if (b.sid === undefined) return -1;
  return a.sid - b.sid;
}

function finish(draft: Draft): Proxy {
  const servers = [...draft.servers].sort(bySid);
  // concat, not push(...spread): a backend may hold more servers than a call's argument limit.
  let services: Service[] = draft.frontend !== undefined ? [draft.frontend] : [];
  services = services.concat(draft.listeners, servers);
  if (draft.backend !== undefined) services.push(draft.backend);
  return {
    name: draft.name,
    iid: draft.iid,
    frontend: draft.frontend,
    listeners: [...draft.listeners],
    servers,
    backend: draft.backend,
    services,
  };
}

function assemble(drafts: readonly Draft[], info: Info, at: number, columns: readonly string[]): Snapshot {
  const proxies = drafts.map(finish);
  const services: Service[] = [];
  for (const proxy of proxies) for (const service of proxy.services) services.push(service);
  const byId = new Map<ServiceId, Service>();
  for (const service of services) byId.set(service.id, service);
  return { at, info, proxies, services, byId, columns };
}
