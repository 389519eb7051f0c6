// `show stat` rows -> Snapshot: services keyed by (kind, proxy, name), grouped into proxies in HAProxy's order.
// A proxy is a run of consecutive rows with the same (pxname, iid): `frontend web` and `backend web` share
// a name but not an iid, so they stay two proxies. Pure: the caller supplies the time.

import { parseShowInfo } from './info';
import { repeated, toService } from './service';
import { StatReader, type KeyFields } from './stat';
import type { Info, Proxy, Service, ServiceId, ServiceIndex, ServiceKind, Snapshot, StatFields } from './types';

export { num, serviceId, serviceLabel } from './service';

/** Parse a `show stat` and a `show info` reply read at monotonic time `at` (ms). Throws on a non-CSV stat reply. */
export function buildSnapshot(statText: string, infoText: string, at: number, instance?: string): Snapshot {
  return readSnapshot(statText, parseShowInfo(infoText), at, instance);
}

/** buildSnapshot with `show info` already parsed; `instance` names the services' HAProxy (see Service.instance). */
export function readSnapshot(statText: string, info: Info, at: number, instance?: string): Snapshot {
  const builder = new SnapshotBuilder(statText, info, at, instance);
  builder.step(Infinity);
  return builder.result();
}

/**
 * Builds a snapshot a slice of rows at a time, so that a caller can keep the keyboard answering while a
 * reply of 100,000 rows is read. The constructor throws like StatReader on text that is not a stat CSV.
 */
export class SnapshotBuilder {
  private readonly reader: StatReader;
  private readonly runs: ProxyRuns;
  /** Rows read so far. */
  rows = 0;

  /** With `statText`, the whole reply; without it, the reply comes in pieces through `feed`. */
  constructor(
    statText: string | undefined,
    private readonly info: Info,
    private readonly at: number,
    instance?: string,
  ) {
    this.reader = new StatReader(statText);
    this.runs = new ProxyRuns(instance);
  }

  /** The next piece of the reply (`last`: the end); its rows are read by `step`. Throws like StatReader. */
  feed(piece: string, last: boolean): void {
    this.reader.feed(piece, last);
  }

  /** Reads up to `rows` more of the rows that have arrived; true once the reply is read to its end. */
  step(rows: number): boolean {
    for (let k = 0; k < rows; k++) {
      const fields = this.reader.next();
      if (fields === undefined) break;
      this.runs.add(fields, this.reader.keys);
      this.rows++;
    }
    return this.reader.done;
  }

  /** The snapshot of the rows read so far (all of them once `step` said so), read at `at` (default: as given). */
  result(at = this.at): Snapshot {
    return new ProxyListSnapshot(at, this.info, this.runs.finish(), this.reader.header.columns);
  }
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
  instance?: string,
): Snapshot {
  const runs = new ProxyRuns(instance);
  for (const fields of parsed.rows) runs.add(fields);
  return new ProxyListSnapshot(at, info, runs.finish(), [...parsed.columns]);
}

/** Rows in HAProxy's order -> proxies, numbering a repeated (kind, proxy, name) as it goes. */
class ProxyRuns {
  private readonly drafts: Draft[] = [];
  private current: Draft | undefined;
  /** The kinds (a bit each) seen per proxy and name; a repeat is rare and then counted by id. */
  private readonly kinds = new Map<string, Map<string, number>>();
  private readonly repeats = new Map<ServiceId, number>();

  constructor(private readonly instance: string | undefined) {}

  add(fields: StatFields, keys?: KeyFields): void {
    let service = toService(fields, keys, 1, this.instance);
    if (service === undefined) return;
    let names = this.kinds.get(service.proxy);
    if (names === undefined) this.kinds.set(service.proxy, (names = new Map()));
    const seen = names.get(service.name) ?? 0;
    const bit = KIND_BIT[service.kind];
    names.set(service.name, seen | bit);
    if ((seen & bit) !== 0) {
      const count = (this.repeats.get(service.id) ?? 1) + 1;
      this.repeats.set(service.id, count);
      service = repeated(service, count);
    }
    if (this.current === undefined || !fits(this.current, service)) {
      this.current = newDraft(service);
      this.drafts.push(this.current);
    }
    place(this.current, service);
  }

  finish(): Proxy[] {
    return this.drafts.map(finish);
  }
}

/**
 * A snapshot over its proxies. The flat list of services and the lookup by id are derived when first asked
 * for, and the lookup goes through the proxy's name: a snapshot that differs from the last one in a few
 * proxies costs a few proxies, not 100,000 map entries.
 */
export class ProxyListSnapshot implements Snapshot, ServiceIndex {
  private flat: Service[] | undefined;
  private byName: Map<string, Proxy[]> | undefined;

  constructor(
    readonly at: number,
    readonly info: Info,
    readonly proxies: readonly Proxy[],
    readonly columns: readonly string[],
  ) {}

  get services(): readonly Service[] {
    if (this.flat === undefined) {
      const flat: Service[] = [];
      for (const proxy of this.proxies) for (const service of proxy.services) flat.push(service);
      this.flat = flat;
    }
    return this.flat;
  }

  get byId(): ServiceIndex {
    return this;
  }

  get(id: ServiceId): Service | undefined {
    if (this.byName === undefined) {
      const byName = new Map<string, Proxy[]>();
      for (const proxy of this.proxies) {
        const list = byName.get(proxy.name);
        if (list === undefined) byName.set(proxy.name, [proxy]);
        else list.push(proxy);
      }
      this.byName = byName;
    }
    for (const proxy of this.byName.get(proxyOfId(id)) ?? []) {
      for (const service of proxy.services) if (service.id === id) return service;
    }
    return undefined;
  }

  has(id: ServiceId): boolean {
    return this.get(id) !== undefined;
  }
}

/** The proxy name inside an id (`[instance@]kind:proxy/name`, with `\` escapes; instance names hold no `:`). */
function proxyOfId(id: ServiceId): string {
  let out = '';
  for (let i = id.indexOf(':') + 1; i < id.length; i++) {
    const c = id[i] as string;
    if (c === '/') break;
    if (c === '\\') i++;
    out += id[i] ?? '';
  }
  return out;
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

const KIND_BIT: Readonly<Record<ServiceKind, number>> = { frontend: 1, listener: 2, server: 4, backend: 8 };
const RANK: Readonly<Record<ServiceKind, number>> = { frontend: 0, listener: 1, server: 2, backend: 3 };

export function newDraft(first: Service): Draft {
  return { name: first.proxy, iid: first.iid, frontend: undefined, listeners: [], servers: [], backend: undefined, lastRank: -1 };
}

/** Whether a service continues this proxy rather than starting the next one. */
export function fits(draft: Draft, service: Service): boolean {
  if (service.proxy !== draft.name || service.iid !== draft.iid) return false;
  if (service.kind === 'frontend' && draft.frontend !== undefined) return false;
  if (service.kind === 'backend' && draft.backend !== undefined) return false;
  // With no iid, HAProxy's row order (FRONTEND, listeners, servers, BACKEND) is the only boundary left.
  if (draft.iid === undefined && RANK[service.kind] < draft.lastRank) return false;
  return true;
}

export function place(draft: Draft, service: Service): void {
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

export function finish(draft: Draft): Proxy {
  return proxyOf(draft.name, draft.iid, draft.frontend, [...draft.listeners], [...draft.servers].sort(bySid), draft.backend);
}

/** How many services proxies hold, counted from their parts: no list of all of them is made for a number. */
export function countServices(proxies: readonly Proxy[]): number {
  return proxies.reduce((n, p) => n + (p.frontend ? 1 : 0) + p.listeners.length + p.servers.length + (p.backend ? 1 : 0), 0);
}

/** A proxy from its parts; `services` in display order: FRONTEND, listeners, servers, BACKEND. */
export function proxyOf(
  name: string,
  iid: number | undefined,
  frontend: Service | undefined,
  listeners: readonly Service[],
  servers: readonly Service[],
  backend: Service | undefined,
): Proxy {
  return new ProxyParts(name, iid, frontend, listeners, servers, backend);
}

/**
 * A proxy whose list of all services is made when first asked for: a refresh that renews only the frontend and
 * backend rows of 1,000 proxies then copies no server lists.
 */
class ProxyParts implements Proxy {
  private all: readonly Service[] | undefined;

  constructor(
    readonly name: string,
    readonly iid: number | undefined,
    readonly frontend: Service | undefined,
    readonly listeners: readonly Service[],
    readonly servers: readonly Service[],
    readonly backend: Service | undefined,
  ) {}

  get services(): readonly Service[] {
    if (this.all === undefined) {
      // concat, not push(...spread): a backend may hold more servers than a call's argument limit.
      let services: Service[] = this.frontend !== undefined ? [this.frontend] : [];
      services = services.concat(this.listeners, this.servers);
      if (this.backend !== undefined) services.push(this.backend);
      this.all = services;
    }
    return this.all;
  }
}
