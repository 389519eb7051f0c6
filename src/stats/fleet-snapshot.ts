// Several HAProxy instances' snapshots read as one. Pure.
import type { Info, Proxy, Service, ServiceId, ServiceIndex, Snapshot } from './types';

/**
 * Several instances' snapshots read as one: proxies in instance order, lookups sent to the instance an id names.
 * `info` is empty: each instance's own is in its part.
 */
export class FleetSnapshot implements Snapshot, ServiceIndex {
  readonly at: number;
  readonly info: Info = new Map();
  readonly proxies: readonly Proxy[];
  readonly columns: readonly string[];
  private readonly parts: ReadonlyMap<string, Snapshot>;
  private flat: Service[] | undefined;

  constructor(parts: readonly (readonly [string, Snapshot | undefined])[]) {
    const present = parts.filter((p): p is readonly [string, Snapshot] => p[1] !== undefined);
    this.parts = new Map(present);
    this.at = Math.max(0, ...present.map(([, s]) => s.at));
    let proxies: Proxy[] = [];
    for (const [, s] of present) proxies = proxies.concat(s.proxies);
    this.proxies = proxies;
    this.columns = [...new Set(present.flatMap(([, s]) => s.columns))];
  }

  /** One instance's own snapshot. */
  part(instance: string): Snapshot | undefined {
    return this.parts.get(instance);
  }

  get services(): readonly Service[] {
    if (this.flat === undefined) {
      let flat: Service[] = [];
      for (const s of this.parts.values()) flat = flat.concat(s.services);
      this.flat = flat;
    }
    return this.flat;
  }

  get byId(): ServiceIndex {
    return this;
  }

  get(id: ServiceId): Service | undefined {
    const at = id.indexOf('@');
    return at < 0 ? undefined : this.parts.get(id.slice(0, at))?.byId.get(id);
  }

  has(id: ServiceId): boolean {
    return this.get(id) !== undefined;
  }
}
