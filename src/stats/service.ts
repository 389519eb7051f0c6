// One `show stat` row as a Service: the few fields every refresh needs (names, kind, ids, status) read once,
// the rest left in the row until asked for.

import { parseState, serviceKind } from './state';
import { keyFields, type KeyFields } from './stat';
import type { Service, ServiceId, ServiceKind, ServiceState, StatFields } from './types';

/**
 * `/`, `\` and `#` escaped, so that joining parts with `/` can never make two different triples one id, and the
 * `#2` that numbers a repeated row can never be mistaken for a name that holds `#2`.
 */
const part = (text: string): string => (/[\\/#]/.test(text) ? text.replace(/[\\/#]/g, '\\$&') : text);

/**
 * The identity of a service: unique for every (instance, kind, proxy, name), whatever characters the names hold.
 * Instance names hold no `@` or `:` (see InstanceSpec), so `lb2@server:bk/s` cannot be read two ways.
 */
export function serviceId(kind: ServiceKind, proxy: string, name: string, instance?: string): ServiceId {
  const id = `${kind}:${part(proxy)}/${part(name)}`;
  return instance === undefined ? id : `${instance}@${id}`;
}

/**
 * How a service is named on screen and in messages: `proxy/name` as HAProxy's own commands take it, with the
 * kind added where that could mean another row (a listener, a server called FRONTEND or BACKEND).
 */
export function serviceLabel(kind: ServiceKind, proxy: string, name: string, instance?: string): string {
  const plain = instance === undefined ? `${proxy}/${name}` : `${instance}:${proxy}/${name}`;
  if (kind === 'listener') return `${plain} (listener)`;
  if (kind === 'server' && (name === 'FRONTEND' || name === 'BACKEND')) return `${plain} (server)`;
  if ((kind === 'frontend' && name !== 'FRONTEND') || (kind === 'backend' && name !== 'BACKEND')) return `${plain} (${kind})`;
  return plain;
}

class StatService implements Service {
  readonly kind: ServiceKind;
  readonly id: ServiceId;
  readonly iid: number | undefined;
  readonly sid: number | undefined;
  readonly status: string;
  readonly state: ServiceState;

  constructor(
    readonly proxy: string,
    readonly name: string,
    readonly fields: StatFields,
    keys: KeyFields,
    /** Which row of this (kind, proxy, name) it is: 2 and up only for rows a peer repeated. */
    private readonly repeat: number,
    readonly instance: string | undefined,
  ) {
    this.kind = serviceKind(keys.type, name);
    const id = serviceId(this.kind, proxy, name, instance);
    this.id = repeat > 1 ? `${id}#${repeat}` : id;
    this.iid = keys.iid;
    this.sid = keys.sid;
    this.status = keys.status ?? '';
    this.state = stateOf(this.status, this.kind);
  }

  get label(): string {
    const label = serviceLabel(this.kind, this.proxy, this.name, this.instance);
    return this.repeat > 1 ? `${label} #${this.repeat}` : label;
  }
}

/**
 * A Service for a row and its key fields (see StatReader), or undefined when the row lacks pxname or svname
 * (it cannot be identified). `repeat` numbers a (kind, proxy, name) that the same reply already held;
 * `instance` names the HAProxy it came from when several are watched.
 */
export function toService(fields: StatFields, keys: KeyFields = keyFields(fields), repeat = 1, instance?: string): Service | undefined {
  const { proxy, name } = keys;
  if (proxy === undefined || name === undefined) return undefined;
  return new StatService(proxy, name, fields, keys, repeat, instance);
}

/** The same service under its repeat number. */
export function repeated(service: Service, repeat: number): Service {
  const keys: KeyFields = { proxy: service.proxy, name: service.name, type: service.fields.get('type'), iid: service.iid, sid: service.sid, status: service.fields.get('status') };
  return new StatService(service.proxy, service.name, service.fields, keys, repeat, service.instance);
}

/** The few status texts of a dump ('no check', 'UP', 'MAINT' ...) parsed once, not once per row. */
const states = new Map<string, ServiceState>();
const MAX_STATES = 256;

function stateOf(status: string, kind: ServiceKind): ServiceState {
  let state = states.get(status);
  if (state === undefined) {
    if (states.size >= MAX_STATES) return parseState(status, kind);
    // A copy: the status is a slice of the reply, which a cached slice would keep alive for good.
    const copy = JSON.parse(JSON.stringify(status)) as string;
    state = parseState(copy, kind);
    states.set(copy, state);
  }
  return state;
}

/** A field as a number; undefined when absent or not a plain decimal number (never 0 for "missing"). */
export function num(service: Service, field: string): number | undefined {
  return toNumber(service.fields.get(field));
}

const NUMERIC = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

function toNumber(value: string | undefined): number | undefined {
  if (value === undefined || !NUMERIC.test(value)) return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

