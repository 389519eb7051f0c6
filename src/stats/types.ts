// The model of what HAProxy reports. Pure data: no I/O, no terminal.

/** What a `show stat` row describes (CSV `type`: 0 frontend, 1 backend, 2 server, 3 listener). */
export type ServiceKind = 'frontend' | 'backend' | 'server' | 'listener';

/**
 * A service's state, parsed from the `status` text. `raw` always keeps HAProxy's exact words.
 * - up/down/nolb/drain may be transitional ("UP 1/3": up, 1 of 3 failed checks before going down;
 *   "DOWN 1/2": down, 1 of 2 good checks before going up) and may come from the agent ("DOWN (agent)").
 * - maint may be inherited from a tracked server ("MAINT (via px/srv)") or caused by DNS ("MAINT (resolution)").
 * - frontends: open/stop/paused/full; listeners: waiting/open/full; backends: up/down.
 */
export type ServiceState =
  | {
      readonly kind: 'up' | 'down' | 'nolb' | 'drain';
      readonly raw: string;
      readonly transition?: { readonly step: number; readonly of: number };
      readonly agent?: boolean;
    }
  | { readonly kind: 'maint'; readonly raw: string; readonly via?: string; readonly resolution?: boolean }
  | { readonly kind: 'nocheck'; readonly raw: string }
  | { readonly kind: 'open' | 'stop' | 'paused' | 'full' | 'waiting'; readonly raw: string }
  | { readonly kind: 'unknown'; readonly raw: string };

export type StateKind = ServiceState['kind'];

export type { StatFields } from './stat';
import type { StatFields } from './stat';

/**
 * A service's identity: unique by construction from (instance, kind, proxy, name), stable across refreshes and reloads;
 * what the selection, actions and rates key on. Opaque: build it with `serviceId`, show `Service.label`.
 */
export type ServiceId = string;

export interface Service {
  readonly id: ServiceId;
  /** The HAProxy instance it belongs to when several are watched (see InstanceSpec); undefined with one. */
  readonly instance: string | undefined;
  /** How people name it: `proxy/name`, with the kind added where `proxy/name` alone could mean another row. */
  readonly label: string;
  readonly proxy: string;
  readonly name: string;
  readonly kind: ServiceKind;
  /** Proxy id (`iid`) and server id (`sid`, 0 for FRONTEND/BACKEND); undefined if absent. */
  readonly iid: number | undefined;
  readonly sid: number | undefined;
  readonly status: string;
  readonly state: ServiceState;
  readonly fields: StatFields;
}

/** A proxy as HAProxy declares it: `frontend web` and `backend web` are two proxies (different iid). */
export interface Proxy {
  readonly name: string;
  readonly iid: number | undefined;
  readonly frontend: Service | undefined;
  readonly listeners: readonly Service[];
  readonly servers: readonly Service[];
  readonly backend: Service | undefined;
  /** All rows in display order: FRONTEND, listeners, servers (by sid), BACKEND. */
  readonly services: readonly Service[];
}

/** `show info` as name -> value, in HAProxy's order. Any field may be missing on some version. */
export type Info = ReadonlyMap<string, string>;

export interface ServiceIndex {
  get(id: ServiceId): Service | undefined;
  has(id: ServiceId): boolean;
}

export interface Snapshot {
  /** Monotonic time (ms) at which the data was read, for rates. */
  readonly at: number;
  readonly info: Info;
  readonly proxies: readonly Proxy[];
  /** Every service in display order. */
  readonly services: readonly Service[];
  /** Lookup by id; only `get` and `has`, so that it can be answered per proxy without one huge map. */
  readonly byId: ServiceIndex;
  /** CSV header names in HAProxy's order (unknown ones included). */
  readonly columns: readonly string[];
}
