// What one refresh asks HAProxy for. An operator opens hatop-ts on the load balancer that is in trouble: at
// 100,000 servers a full `show stat` costs HAProxy ~0.4 s of CPU, so a full dump every second would take a good
// part of a core from the process being watched. Each refresh therefore reads:
// - the frontend and backend rows of every proxy (`show stat -1 3 -1`: cheap, one row per proxy), which are
//   also how a change anywhere shows (a backend's count of usable servers, its weight, its state);
// - whole, the proxies on screen, those whose summary changed, and those an action just touched
//   (`show stat <iid> -1 -1` each);
// and the full dump only as often as a share of HAProxy's time allows (DUMP_BUDGET), for everything off screen.
// Where the full dump is cheap (a few thousand services) that is every refresh, as before.
import type { Config } from '../config';
import { showStat } from '../runtime/commands';
import { mergeSnapshots, patchSnapshot, proxyKey } from '../stats/merge';
import { readSnapshot, SnapshotBuilder } from '../stats/model';
import type { Info, Proxy, Service, Snapshot } from '../stats/types';
import type { Clock } from './poller';
import type { Transport } from './instance';

/** The share of HAProxy's time that full dumps may take. */
export const DUMP_BUDGET = 0.002;
/** The share of HAProxy's time that the summary may take (it is read every refresh where that is less). */
export const SUMMARY_BUDGET = 0.005;
/** Proxies read whole per refresh for changes seen in the summary (the rest wait for the next one). */
const MAX_CHANGED = 32;
/** Rows enough for a first screen, shown before the rest of a large first dump has arrived. */
const EARLY_ROWS = 500;
/** Rows prepared (see `prepare`) between two looks at the keyboard. */
const SLICE_ROWS = 2_000;
/** Backend and frontend fields whose change means a server changed state or weight. */
const STATE_FIELDS = ['status', 'act', 'bck', 'weight', 'chkdown'] as const;

/** A proxy as a row names it. */
export interface ProxyName {
  readonly name: string;
  readonly iid: number | undefined;
}

export interface Pacing {
  /** How long HAProxy took for the last full dumps (ms, smoothed). */
  readonly dumpMs: number;
  /** How often the full dump is asked for (ms). */
  readonly fullEveryMs: number;
  /** How old the rows read by the last full dump are, those off screen (ms). */
  readonly fullAgeMs: number;
}

/**
 * Below this size (about 500 services) a full dump is read at every refresh: it costs HAProxy too little to
 * matter, and its round trip measures our own event loop as much as HAProxy.
 */
export const PACE_FROM_BYTES = 128 * 1024;

/**
 * How often a full dump of `dumpMs` and `bytes` may be asked for at refresh period `periodMs`, by one of `instances`
 * instances watched at once: each HAProxy's time is its own, but reading the dumps is ours, and four instances of
 * 2,500 services must not cost four times what one of 10,000 does. So each gets its share of the budget.
 */
export function fullDumpPeriod(periodMs: number, dumpMs: number, bytes: number, instances = 1): number {
  return bytes < PACE_FROM_BYTES ? periodMs : Math.max(periodMs, (dumpMs * Math.max(1, instances)) / DUMP_BUDGET);
}

/** The cost of one kind of request, as the fastest of its last few round trips (a slow one is often ours). */
class Cost {
  private readonly samples: number[] = [];

  add(ms: number): void {
    this.samples.push(ms);
    if (this.samples.length > 3) this.samples.shift();
  }

  get ms(): number | undefined {
    return this.samples.length === 0 ? undefined : Math.min(...this.samples);
  }
}

export class StatPoll {
  private readonly dump = new Cost();
  /** Size of the last full dump (characters: bytes, for HAProxy's ASCII). */
  private dumpBytes = 0;
  private readonly summaryCost = new Cost();
  private fullAt: number | undefined;
  private summaryAt: number | undefined;
  private summaryNow = false;
  private fullPid: string | undefined;
  private visible = new Set<string>();
  /** Proxies to read whole at the next refresh, by key (name and iid). */
  private readonly pending = new Map<string, number>();

  constructor(
    private readonly config: Config,
    private readonly transport: Transport,
    private readonly clock: Clock,
    /** Work to do per proxy of a full dump before it is shown (the screen's rows), spread like the parse. */
    private readonly prepare: (proxy: Proxy) => void = () => undefined,
    /** The instance name the services carry (see Service.instance), when several are watched. */
    private readonly instance?: string,
  ) {}

  /** The proxies on screen (name and iid), kept fresh first. Says whether any was not on screen before. */
  setVisible(proxies: readonly ProxyName[]): boolean {
    const visible = new Set<string>();
    for (const p of proxies) if (p.iid !== undefined) visible.add(`${p.name}\u0000${p.iid}`);
    const added = [...visible].some((key) => !this.visible.has(key));
    this.visible = visible;
    return added;
  }

  /**
   * An explicit refresh (after an action, or a command typed in the CLI view): the next one reads the summary
   * whatever its pace, and the proxies of `services` whole.
   */
  touch(services: readonly Service[]): void {
    this.summaryNow = true;
    for (const s of services) if (s.iid !== undefined) this.pending.set(`${s.proxy}\u0000${s.iid}`, s.iid);
  }

  /** How the full dump is paced, when it is slower than the refresh; undefined while every refresh reads all. */
  pacing(): Pacing | undefined {
    const dumpMs = this.dump.ms;
    if (dumpMs === undefined || this.fullAt === undefined) return undefined;
    const fullEveryMs = fullDumpPeriod(this.config.intervalSec * 1000, dumpMs, this.dumpBytes, this.config.instances.length);
    return fullEveryMs > this.config.intervalSec * 1000 ? { dumpMs, fullEveryMs, fullAgeMs: this.clock.now() - this.fullAt } : undefined;
  }

  /** Forget the pacing: the next refresh reads everything (a new process, a new connection). */
  reset(): void {
    this.fullAt = undefined;
    this.summaryAt = undefined;
    this.fullPid = undefined;
  }

  /**
   * The next snapshot, given the current one and the `show info` just read (parsed). With no current one, `early` gets
   * the first rows of a large reply as soon as a screenful has arrived, the rest following as it is read.
   */
  async read(base: Snapshot | undefined, info: Info, early?: (first: Snapshot) => void): Promise<Snapshot> {
    if (this.config.filters.length > 0) {
      // The user chose what to read: read exactly that, every time.
      const texts = await Promise.all(this.config.filters.map((f) => this.transport.send(showStat(f))));
      const at = this.clock.now();
      const parts = texts.map((text) => readSnapshot(text, info, at, this.instance));
      return parts.length === 1 && parts[0] !== undefined ? parts[0] : mergeSnapshots(parts);
    }
    const pid = info.get('Pid');
    if (base === undefined || this.fullDue(pid)) return this.readAll(info, pid, base === undefined ? early : undefined);
    const summary = await this.readSummary(info);
    const baseKeys = new Map(base.proxies.map((p) => [proxyKey(p), p]));
    // A proxy added or gone (a reload the pid did not show, `add backend` one day): read everything again.
    if (summary !== undefined && (summary.proxies.length !== base.proxies.length || summary.proxies.some((p) => !baseKeys.has(proxyKey(p))))) {
      return this.readAll(info, pid);
    }
    const wanted = new Map<string, number>();
    for (const p of base.proxies) {
      const key = proxyKey(p);
      if (key === undefined || p.iid === undefined) continue;
      if (this.visible.has(key) || this.pending.has(key) || (this.config.proxies.length > 0 && this.config.proxies.includes(p.name))) wanted.set(key, p.iid);
    }
    let changed = 0;
    for (const p of summary?.proxies ?? []) {
      const key = proxyKey(p);
      const before = key === undefined ? undefined : baseKeys.get(key);
      if (key === undefined || p.iid === undefined || wanted.has(key) || before === undefined || !stateChanged(before, p)) continue;
      // Past the limit, the next refresh reads it: the summary compared next time already has the change.
      if (changed++ < MAX_CHANGED) wanted.set(key, p.iid);
      else this.pending.set(key, p.iid);
    }
    const parts: Snapshot[] = [];
    for (const [key, iid] of wanted) {
      const text = await this.transport.send(showStat({ iid, type: -1, sid: -1 }));
      parts.push(readSnapshot(text, info, this.clock.now(), this.instance));
      this.pending.delete(key);
    }
    return patchSnapshot(base, { proxies: parts, ...(summary === undefined ? {} : { summary }), info, at: this.clock.now() });
  }

  private fullDue(pid: string | undefined): boolean {
    const dumpMs = this.dump.ms;
    if (this.fullAt === undefined || dumpMs === undefined || pid !== this.fullPid) return true;
    return this.clock.now() - this.fullAt >= fullDumpPeriod(this.config.intervalSec * 1000, dumpMs, this.dumpBytes, this.config.instances.length);
  }

  /** The summary when its budget allows it (and always after an action or a full dump's absence). */
  private async readSummary(info: Info): Promise<Snapshot | undefined> {
    const cost = this.summaryCost.ms;
    const period = cost === undefined ? 0 : Math.max(this.config.intervalSec * 1000, cost / SUMMARY_BUDGET);
    if (this.summaryAt !== undefined && !this.summaryNow && this.clock.now() - this.summaryAt < period) return undefined;
    this.summaryNow = false;
    const started = this.clock.now();
    const text = await this.transport.send(showStat({ iid: -1, type: 3, sid: -1 }));
    this.summaryAt = this.clock.now();
    this.summaryCost.add(this.summaryAt - started);
    return readSnapshot(text, info, this.summaryAt, this.instance);
  }

  /**
   * The full dump, parsed piece by piece as it arrives (never held whole: at 100,000 services it is ~25 MB),
   * so that keys are answered meanwhile.
   */
  private async readAll(info: Info, pid: string | undefined, early?: (first: Snapshot) => void): Promise<Snapshot> {
    const started = this.clock.now();
    const builder = new SnapshotBuilder(undefined, info, started, this.instance);
    let failure: unknown;
    let bytes = 0;
    const take = (piece: string, last: boolean): void => {
      bytes += piece.length;
      if (failure !== undefined) return;
      try {
        builder.feed(piece, last);
        const done = builder.step(Infinity);
        if (early !== undefined && !done && builder.rows >= EARLY_ROWS) {
          early(builder.result(this.clock.now()));
          early = undefined;
        }
      } catch (error) {
        failure = error;
      }
    };
    // A transport that cannot give pieces gives the whole answer instead.
    const whole = await this.transport.send(showStat(), { onText: (piece) => take(piece, false) });
    this.dump.add(this.clock.now() - started);
    take(whole, true);
    this.dumpBytes = bytes;
    if (failure !== undefined) throw failure;
    const snapshot = builder.result(this.clock.now());
    let done = 0;
    for (const proxy of snapshot.proxies) {
      this.prepare(proxy);
      done += proxy.listeners.length + proxy.servers.length + 2;
      if (done >= SLICE_ROWS) {
        done = 0;
        await nextTurn();
      }
    }
    this.fullAt = this.clock.now();
    this.fullPid = pid;
    this.pending.clear();
    return snapshot;
  }
}

/** Whether a proxy's frontend or backend row says that one of its servers changed state or weight. */
function stateChanged(before: Proxy, after: Proxy): boolean {
  for (const [a, b] of [[before.backend, after.backend], [before.frontend, after.frontend]] as const) {
    if ((a === undefined) !== (b === undefined)) return true;
    if (a !== undefined && b !== undefined && STATE_FIELDS.some((f) => a.fields.get(f) !== b.fields.get(f))) return true;
  }
  return false;
}

/** Lets the event loop run (keys, timers) before the next slice of work. */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
