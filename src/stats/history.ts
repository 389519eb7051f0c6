// A bounded history of the figures that matter, per service, for the history pane and the top bar's sparkline.
// Pure data: the caller says when (a snapshot's `at`) and what was read. Each service keeps a fixed ring of
// points in typed arrays (8 bytes of time + 7 x 4 bytes of values a point), so memory is known in advance:
// frontends, backends and listeners are all kept; servers only up to `maxServers`, the least recently touched
// dropped first, because 100,000 of them would cost 100,000 rings.

/** The series kept for each service, in the pane's order. `http5xx` is per second, from `hrsp_5xx` deltas. */
export const SERIES = ['rate', 'req_rate', 'http5xx', 'scur', 'qcur', 'rtime', 'ttime'] as const;
export type SeriesName = (typeof SERIES)[number];

/** What was read of a service at one refresh: HAProxy's gauges, and the `hrsp_5xx` counter the 5xx/s comes from. */
export interface Reading {
  readonly rate?: number | undefined;
  readonly req_rate?: number | undefined;
  readonly hrsp_5xx?: number | undefined;
  readonly scur?: number | undefined;
  readonly qcur?: number | undefined;
  readonly rtime?: number | undefined;
  readonly ttime?: number | undefined;
}

/** A service's history, oldest first; NaN marks a gap (nothing known: a restart, a missing field). */
export interface SeriesSet {
  readonly times: readonly number[];
  readonly values: Readonly<Record<SeriesName, readonly number[]>>;
}

export interface HistoryOptions {
  /** Points kept per service (300 = 5 minutes at -i 1). */
  readonly points?: number;
  /** Server histories kept at most; the least recently touched goes first. */
  readonly maxServers?: number;
}

export const DEFAULT_POINTS = 300;
export const DEFAULT_MAX_SERVERS = 500;
const WIDTH = SERIES.length;

class Ring {
  readonly times: Float64Array;
  readonly values: Float32Array;
  start = 0;
  count = 0;
  /** The last `hrsp_5xx` read and when, for the next delta; undefined after a reset. */
  counter: number | undefined;
  counterAt = 0;
  pid: string | undefined;

  constructor(readonly capacity: number) {
    this.times = new Float64Array(capacity);
    this.values = new Float32Array(capacity * WIDTH);
  }

  get lastAt(): number | undefined {
    return this.count === 0 ? undefined : this.times[(this.start + this.count - 1) % this.capacity];
  }

  push(at: number, point: readonly number[]): void {
    let slot = this.start;
    if (this.count < this.capacity) slot = (this.start + this.count++) % this.capacity;
    else this.start = (this.start + 1) % this.capacity;
    this.times[slot] = at;
    for (let k = 0; k < WIDTH; k++) this.values[slot * WIDTH + k] = point[k] ?? NaN;
  }

  read(): SeriesSet {
    const times: number[] = [];
    const values = Object.fromEntries(SERIES.map((s) => [s, [] as number[]])) as Record<SeriesName, number[]>;
    for (let i = 0; i < this.count; i++) {
      const slot = (this.start + i) % this.capacity;
      times.push(this.times[slot] as number);
      SERIES.forEach((name, k) => values[name].push(this.values[slot * WIDTH + k] as number));
    }
    return { times, values };
  }
}

const value = (n: number | undefined): number => (n === undefined || !Number.isFinite(n) ? NaN : n);

export class HistoryStore {
  readonly points: number;
  readonly maxServers: number;
  private readonly proxies = new Map<string, Ring>();
  /** In touch order, oldest first (a touch moves a server to the end). */
  private readonly servers = new Map<string, Ring>();
  private readonly total: Ring;

  constructor(options: HistoryOptions = {}) {
    this.points = options.points ?? DEFAULT_POINTS;
    this.maxServers = options.maxServers ?? DEFAULT_MAX_SERVERS;
    if (!Number.isInteger(this.points) || this.points < 2) throw new RangeError(`history points must be an integer >= 2, got ${this.points}`);
    if (!Number.isInteger(this.maxServers) || this.maxServers < 0) throw new RangeError(`maxServers must be an integer >= 0, got ${this.maxServers}`);
    this.total = new Ring(this.points);
  }

  /**
   * A reading of service `id` at `at` (ms) from the process `pid`. A reading no newer than the last is ignored
   * (the same snapshot seen twice). A new pid, or `hrsp_5xx` going down, is a reset: that point's 5xx/s is a
   * gap and the next delta starts from this reading, so a reload never shows as a spike or a negative rate.
   */
  record(id: string, server: boolean, at: number, pid: string | undefined, reading: Reading): void {
    const ring = this.ring(id, server);
    if (ring === undefined) return;
    const last = ring.lastAt;
    if (last !== undefined && at <= last) return;
    const counter = reading.hrsp_5xx;
    const reset = (ring.pid !== undefined && pid !== undefined && pid !== ring.pid) || (counter !== undefined && ring.counter !== undefined && counter < ring.counter);
    const seconds = (at - ring.counterAt) / 1000;
    const perSecond = reset || counter === undefined || ring.counter === undefined || !(seconds > 0) ? NaN : (counter - ring.counter) / seconds;
    ring.counter = counter;
    ring.counterAt = at;
    if (pid !== undefined) ring.pid = pid;
    ring.push(at, [value(reading.rate), value(reading.req_rate), perSecond, value(reading.scur), value(reading.qcur), value(reading.rtime), value(reading.ttime)]);
  }

  /** The sum of the frontends' request rates at `at`, for the top bar. */
  recordTotal(at: number, requestsPerSec: number): void {
    const last = this.total.lastAt;
    if (last !== undefined && at <= last) return;
    this.total.push(at, [requestsPerSec]);
  }

  /** The total request rate, oldest first. */
  totals(): number[] {
    return [...this.total.read().values.rate];
  }

  get(id: string): SeriesSet | undefined {
    return (this.proxies.get(id) ?? this.servers.get(id))?.read();
  }

  has(id: string): boolean {
    return this.proxies.has(id) || this.servers.has(id);
  }

  get size(): { readonly proxies: number; readonly servers: number } {
    return { proxies: this.proxies.size, servers: this.servers.size };
  }

  /** The typed arrays held, in bytes: a ring is points x (8 + 7 x 4). */
  get bytes(): number {
    return (this.proxies.size + this.servers.size + 1) * HistoryStore.bytesPerService(this.points);
  }

  static bytesPerService(points: number): number {
    return points * (8 + WIDTH * 4);
  }

  /** Forgets a service (gone from HAProxy). */
  forget(id: string): void {
    this.proxies.delete(id);
    this.servers.delete(id);
  }

  private ring(id: string, server: boolean): Ring | undefined {
    if (!server) {
      let ring = this.proxies.get(id);
      if (ring === undefined) this.proxies.set(id, (ring = new Ring(this.points)));
      return ring;
    }
    if (this.maxServers === 0) return undefined;
    let ring = this.servers.get(id);
    if (ring !== undefined) this.servers.delete(id);
    else {
      if (this.servers.size >= this.maxServers) {
        const oldest = this.servers.keys().next().value;
        if (oldest !== undefined) this.servers.delete(oldest);
      }
      ring = new Ring(this.points);
    }
    this.servers.set(id, ring);
    return ring;
  }
}
