// The service table of several HAProxy instances: each instance's title line, then its proxies as one instance
// shows them. Pure.
import type { Info, Snapshot } from '../stats/types';
import { sanitize } from './format';
import { buildRows, joinedRows, type DisplayRow, type RowOptions } from './rows';

/** An instance's connection as the screen tells it (the app's Connection fits it). */
export type InstanceConnection =
  | { readonly kind: 'connecting' }
  | { readonly kind: 'up' }
  | { readonly kind: 'down'; readonly message: string; readonly since: number };

/** One instance as the header and its title line show it. */
export interface InstanceStatus {
  readonly name: string;
  readonly address: string;
  readonly connection: InstanceConnection;
  /** Its last `show info`, once read. */
  readonly info: Info | undefined;
  readonly services: number;
  /** On a master CLI socket, its processes in a few words (see procsText). */
  readonly procs?: string | undefined;
  /** When its full dump is paced (a large instance): how often all its rows are read, ms. */
  readonly allRowsEveryMs?: number | undefined;
}

/** `=== lb2  127.0.0.1:9999`, then what is wrong with it, if anything. */
export function instanceTitle(status: InstanceStatus): string {
  const c = status.connection;
  const paced = status.allRowsEveryMs === undefined ? '' : `  (rows off screen read every ${Math.round(status.allRowsEveryMs / 1000)} s)`;
  const state =
    c.kind === 'up' ? paced : c.kind === 'connecting' ? '  connecting...' : `  DOWN since ${clock(c.since)}: ${c.message}`;
  return sanitize(`=== ${status.name}  ${status.address}${state}`);
}

/** HH:MM:SS of a wall-clock time. */
export const clock = (ms: number): string => new Date(ms).toTimeString().slice(0, 8);

export function buildFleetRows(
  instances: readonly InstanceStatus[],
  snapshotOf: (name: string) => Snapshot | undefined,
  opts?: RowOptions,
): DisplayRow[] {
  const parts: (readonly DisplayRow[])[] = [];
  for (const status of instances) {
    parts.push([{ kind: 'instance', name: status.name, text: instanceTitle(status), down: status.connection.kind === 'down' }]);
    const snapshot = snapshotOf(status.name);
    parts.push(snapshot === undefined ? [BLANK] : buildRows(snapshot, opts));
  }
  return joinedRows(parts);
}

const BLANK: DisplayRow = { kind: 'blank' };
