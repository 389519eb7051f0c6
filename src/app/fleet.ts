// The HAProxy instances being watched, each an Instance with its own transport and schedule, and what the screen
// reads of them together: one snapshot of every instance's services (ids carry the instance, so they cannot
// collide), their connection states, and which transport a service's commands go to. With one instance it is
// that instance, unchanged: the same ids, labels and screen as ever.
import { EventEmitter } from 'node:events';
import type { Config, InstanceSpec } from '../config';
import type { Info, Proxy, Service, Snapshot } from '../stats/types';
import { FleetSnapshot } from '../stats/fleet-snapshot';
import { countServices } from '../stats/model';
import { Instance, type Connection, type NoticeLevel, type Transport } from './instance';
import type { Clock } from './poller';
import type { Pacing, ProxyName } from './stat-poll';
import { formatAddress } from '../runtime/address';
import type { InstanceStatus } from '../view/fleet-rows';
import { procsText } from '../view/procs';

export interface Member {
  readonly spec: InstanceSpec;
  readonly instance: Instance;
}

/** A proxy on screen and the instance it belongs to (undefined with one instance). */
export interface FleetProxyName extends ProxyName {
  readonly instance: string | undefined;
}

export declare interface Fleet {
  on(event: 'snapshot', listener: (snapshot: Snapshot, previous: Snapshot | undefined) => void): this;
  on(event: 'notice', listener: (level: NoticeLevel, text: string) => void): this;
  on(event: 'change', listener: () => void): this;
}

/** How long a merge waits for the other instances' answers to the same refresh. */
export const GATHER_MS = 40;

export class Fleet extends EventEmitter {
  readonly members: readonly Member[];
  /** Whether services are known by instance too: more than one instance. */
  readonly several: boolean;
  private merged: Snapshot | undefined;
  /** A merge waiting for the other instances' answers to the same refresh (see GATHER_MS). */
  private gathering: unknown;
  private readonly clock: Clock;

  constructor(
    config: Config,
    transports: readonly Transport[],
    clock: Clock,
    wallClock: () => number,
    prepare?: (proxy: Proxy) => void,
  ) {
    super();
    this.clock = clock;
    this.several = config.instances.length > 1;
    this.members = config.instances.map((spec, i) => {
      const transport = transports[i];
      if (transport === undefined) throw new Error(`no transport for instance ${spec.name}`);
      const instance = new Instance(config, transport, clock, wallClock, prepare, this.several ? spec.name : undefined);
      instance.on('snapshot', (_, previous) => this.update(previous));
      instance.on('notice', (level, text) => this.emit('notice', level, this.several ? `${spec.name}: ${text}` : text));
      instance.on('change', () => this.emit('change'));
      return { spec, instance };
    });
  }

  /** Starts every instance; `infos[i]`, when given, is `show info` just read on instance i's session. */
  start(infos: readonly (Info | undefined)[] = []): void {
    this.members.forEach((m, i) => m.instance.start(infos[i]));
  }

  stop(): void {
    for (const m of this.members) m.instance.stop();
    if (this.gathering !== undefined) this.clock.clearTimeout(this.gathering);
    this.gathering = undefined;
  }

  get first(): Instance {
    return (this.members[0] as Member).instance;
  }

  /** Every instance's services as one snapshot (the only instance's own with one). */
  get snapshot(): Snapshot | undefined {
    return this.several ? this.merged : this.first.snapshot;
  }

  /** With one instance its connection; with several, up while any is up (each shows its own in the header). */
  get connection(): Connection {
    if (!this.several) return this.first.connection;
    const states = this.members.map((m) => m.instance.connection);
    if (states.some((c) => c.kind === 'up')) return { kind: 'up' };
    return states.find((c) => c.kind === 'down') ?? { kind: 'connecting' };
  }

  get lastUpdate(): number | undefined {
    const times = this.members.map((m) => m.instance.lastUpdate).filter((t): t is number => t !== undefined);
    return times.length === 0 ? undefined : Math.max(...times);
  }

  get pacing(): Pacing | undefined {
    return this.several ? undefined : this.first.pacing;
  }

  /** The member a service (or a name given by the operator) belongs to; the only one with one instance. */
  member(instance: string | undefined): Member | undefined {
    if (!this.several) return this.members[0];
    return this.members.find((m) => m.spec.name === instance);
  }

  /** The index of a service's instance (the first for none): where its commands and the CLI view's lines go. */
  indexOf(service: Service | undefined): number {
    const index = this.members.findIndex((m) => m.spec.name === service?.instance);
    return index < 0 ? 0 : index;
  }

  /** The name of instance `index` as the screen shows it: undefined with one instance. */
  nameOf(index: number): string | undefined {
    return this.several ? this.members[index]?.spec.name : undefined;
  }

  transportOf(index: number): Transport {
    return (this.members[index] ?? (this.members[0] as Member)).instance.transport;
  }

  /** Each instance's state for the header and title lines, when several are watched (undefined with one). */
  statuses(): InstanceStatus[] | undefined {
    if (!this.several) return undefined;
    return this.members.map((m) => ({
      name: m.spec.name,
      address: formatAddress(m.spec.address),
      connection: m.instance.connection,
      info: m.instance.snapshot?.info,
      services: countServices(m.instance.snapshot?.proxies ?? []),
      procs: m.instance.procs === undefined ? undefined : procsText(m.instance.procs),
      allRowsEveryMs: m.instance.pacing?.fullEveryMs,
    }));
  }

  /** Reads again now: the instances of `touched` (their proxies whole), or every instance. */
  refresh(touched: readonly Service[] = []): void {
    if (touched.length === 0) {
      for (const m of this.members) m.instance.refresh();
      return;
    }
    for (const m of this.members) {
      const mine = touched.filter((s) => this.member(s.instance) === m);
      if (mine.length > 0) m.instance.refresh(mine);
    }
  }

  /** Keeps these services' proxies read whole at every refresh (a switch being watched), without polling now. */
  follow(services: readonly Service[]): void {
    for (const m of this.members) {
      const mine = services.filter((s) => this.member(s.instance) === m);
      if (mine.length > 0) m.instance.follow(mine);
    }
  }

  setVisible(proxies: readonly FleetProxyName[]): void {
    for (const m of this.members) m.instance.setVisible(proxies.filter((p) => this.member(p.instance) === m));
  }

  /**
   * An instance's snapshot was accepted; `replaced` is the one it replaces. With one instance it is shown at once.
   * With several, the instances polled on the same beat answer within a few ms of each other: their answers are
   * gathered into one merge and one frame rather than one each.
   */
  private update(replaced: Snapshot | undefined): void {
    if (!this.several) {
      const snapshot = this.first.snapshot;
      if (snapshot !== undefined) this.emit('snapshot', snapshot, replaced);
      return;
    }
    if (this.gathering !== undefined) return;
    this.gathering = this.clock.setTimeout(() => {
      this.gathering = undefined;
      const previous = this.merged;
      this.merged = new FleetSnapshot(this.members.map((m) => [m.spec.name, m.instance.snapshot]));
      this.emit('snapshot', this.merged, previous);
    }, GATHER_MS);
  }
}
