// The --json document: every instance's `show info` and every service with its statistics. Pure.
import type { InstanceSpec } from './config';
import { formatAddress } from './runtime/address';
import type { Service, Snapshot } from './stats/types';
import type { Rates } from './view/rate-columns';

/** One instance as read for one-shot output: its snapshot, or the one line saying why it could not be read. */
export type InstanceRead =
  | { readonly spec: InstanceSpec; readonly snapshot: Snapshot }
  | { readonly spec: InstanceSpec; readonly error: string };

export interface JsonInstance {
  readonly name: string;
  readonly socket: string;
  /** `failed`: it could not be read; `error` says why, and it has no services in the report. */
  readonly state: 'up' | 'failed';
  readonly error?: string;
  readonly info?: Record<string, string | number>;
}

export interface JsonService {
  readonly instance: string;
  readonly proxy: string;
  readonly name: string;
  readonly kind: string;
  readonly status: string;
  readonly stats: Record<string, string | number>;
  /** With --rates: per second between two reads; null where a counter is missing or went back (a restart). */
  readonly rates?: JsonRates;
}

export type JsonRates = Rates;

export interface JsonReport {
  /** With one instance, its `show info` (as before several could be watched); each instance has its own. */
  readonly info?: Record<string, string | number>;
  readonly instances: JsonInstance[];
  readonly services: JsonService[];
}

/**
 * `show info` fields that are words whatever they look like: a node called `42` or a version `3.0` must not
 * turn into a number on one host and stay a string on the next.
 */
const TEXT_INFO = new Set(['Name', 'Version', 'Release_date', 'Uptime', 'node', 'description', 'Build info']);

/**
 * The --json document: every instance (name, socket, state, `show info` as name -> value), and every service
 * of the instances read (only those of `proxies` when given) with its instance and its non-empty CSV fields in
 * header order (identity and the `-` marker left out); numbers as numbers throughout.
 */
export function jsonReport(reads: readonly InstanceRead[], proxies: readonly string[] = [], earlier?: readonly InstanceRead[]): JsonReport {
  const instances: JsonInstance[] = [];
  const services: JsonService[] = [];
  for (const read of reads) {
    const base = { name: read.spec.name, socket: formatAddress(read.spec.address) };
    if ('error' in read) {
      instances.push({ ...base, state: 'failed', error: read.error });
      continue;
    }
    instances.push({ ...base, state: 'up', info: infoJson(read.snapshot) });
    const then = earlier === undefined ? undefined : earlierSnapshot(read.spec, earlier);
    for (const s of selected(read.snapshot, proxies)) {
      const json = serviceJson(read.spec.name, s, read.snapshot.columns);
      services.push(earlier === undefined ? json : { ...json, rates: ratesOf(s, then, read.snapshot) });
    }
  }
  const only = reads.length === 1 ? instances[0]?.info : undefined;
  return only === undefined ? { instances, services } : { info: only, instances, services };
}

/** What the earlier reads had of this instance, if it could be read then. */
export function earlierSnapshot(spec: InstanceSpec, earlier: readonly InstanceRead[]): Snapshot | undefined {
  const before = earlier.find((e) => e.spec === spec);
  return before !== undefined && 'snapshot' in before ? before.snapshot : undefined;
}

function infoJson(snapshot: Snapshot): Record<string, string | number> {
  const info: Record<string, string | number> = {};
  for (const [name, value] of snapshot.info) info[name] = TEXT_INFO.has(name) ? value : jsonValue(value);
  return info;
}

function serviceJson(instance: string, s: Service, columns: readonly string[]): JsonService {
  const stats: Record<string, string | number> = {};
  for (const column of columns) {
    // pxname/svname are the service's identity, already given; `-` is 2.3+'s marker column between
    // the static fields and the per-module counters, not a statistic.
    if (column === 'pxname' || column === 'svname' || column === '-') continue;
    const value = s.fields.get(column);
    if (value === undefined || value === '') continue;
    stats[column] = jsonValue(value);
  }
  return { instance, proxy: s.proxy, name: s.name, kind: s.kind, status: s.status, stats };
}

/** Per second between the earlier read and this one; null without both, or when HAProxy restarted meanwhile. */
export function ratesOf(s: Service, then: Snapshot | undefined, now: Snapshot): JsonRates {
  const before = then?.byId.get(s.id);
  const seconds = then === undefined ? 0 : (now.at - then.at) / 1000;
  const restarted = then !== undefined && then.info.get('Pid') !== now.info.get('Pid');
  const per = (field: string): number | null => {
    const a = Number(before?.fields.get(field) ?? NaN);
    const b = Number(s.fields.get(field) ?? NaN);
    if (restarted || !(seconds > 0) || !Number.isFinite(a) || !Number.isFinite(b) || b < a) return null;
    return Math.round(((b - a) / seconds) * 100) / 100;
  };
  return { sessionsPerSec: per('stot'), requestsPerSec: per('req_tot'), http5xxPerSec: per('hrsp_5xx') };
}

/** The services of the proxies named by -p (every proxy of each name), or all of them. */
export function selected(snapshot: Snapshot, proxies: readonly string[]): Service[] {
  const wanted = new Set(proxies);
  return snapshot.services.filter((s) => wanted.size === 0 || wanted.has(s.proxy));
}

/**
 * JSON that is safe on a terminal too: JSON.stringify escapes C0 controls but leaves DEL and the C1 controls
 * (U+0080-U+009F; some terminals obey U+009B as an escape sequence) raw; written as \u escapes here, the
 * document stays the same JSON.
 */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * "12" -> 12, "0.5" -> 0.5; text, and integers too big to survive as a double, stay strings, and so does
 * "007", whose zeros a number would lose.
 */
function jsonValue(text: string): string | number {
  if (!/^-?(0|[1-9]\d*)(\.\d+)?$/.test(text)) return text;
  const n = Number(text);
  if (!Number.isFinite(n)) return text;
  if (!text.includes('.') && !Number.isSafeInteger(n)) return text;
  return n;
}
