// Per-second rates from two snapshots, and a small ring buffer for sparklines. Counters can go
// backwards (HAProxy restarted, `clear counters`): that interval reads 0, never a negative rate.

import { num } from './model';
import type { Snapshot } from './types';

/**
 * For each service present in both snapshots, (next - prev) / seconds for each counter field that is
 * numeric in both. Services new in `next` are skipped; so is everything when no time has passed.
 */
export function rates(
  prev: Snapshot,
  next: Snapshot,
  fields: readonly string[],
): Map<string, Record<string, number>> {
  const out = new Map<string, Record<string, number>>();
  const seconds = (next.at - prev.at) / 1000;
  if (!(seconds > 0)) return out;
  for (const service of next.services) {
    const before = prev.byId.get(service.id);
    if (before === undefined) continue;
    const perSecond: Record<string, number> = {};
    for (const field of fields) {
      const a = num(before, field);
      const b = num(service, field);
      if (a === undefined || b === undefined) continue;
      perSecond[field] = b >= a ? (b - a) / seconds : 0;
    }
    out.set(service.id, perSecond);
  }
  return out;
}

/** Fixed-capacity history of numbers, oldest first; pushing past capacity drops the oldest. */
export class History {
  readonly capacity: number;
  private readonly buffer: number[];
  private start = 0;
  private count = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`History capacity must be a positive integer, got ${capacity}`);
    }
    this.capacity = capacity;
    this.buffer = new Array<number>(capacity).fill(0);
  }

  get length(): number {
    return this.count;
  }

  push(value: number): void {
    if (this.count < this.capacity) {
      this.buffer[(this.start + this.count) % this.capacity] = value;
      this.count++;
    } else {
      this.buffer[this.start] = value;
      this.start = (this.start + 1) % this.capacity;
    }
  }

  /** A copy, oldest first. */
  values(): number[] {
    const out: number[] = [];
    for (let k = 0; k < this.count; k++) out.push(this.buffer[(this.start + k) % this.capacity] as number);
    return out;
  }

  clear(): void {
    this.start = 0;
    this.count = 0;
  }
}
