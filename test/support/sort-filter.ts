// Small `show stat` replies for the sort and filter tests: the fields those read (weight, scur, qcur, addr, status,
// check_status), set per row, through the real parser.
import { buildSnapshot } from '../../src/stats/model';
import type { Snapshot } from '../../src/stats/types';
import type { DisplayRow } from '../../src/view/rows';
import { info26 } from './snapshots';

const FIELDS = ['pxname', 'svname', 'type', 'iid', 'sid', 'status', 'weight', 'scur', 'qcur', 'addr', 'check_status'] as const;
export type Field = (typeof FIELDS)[number];

export interface Row {
  readonly name: string;
  readonly status?: string;
  readonly weight?: number | '';
  readonly scur?: number | '';
  readonly qcur?: number;
  readonly addr?: string;
  readonly check?: string;
}

export interface Px {
  readonly name: string;
  readonly frontend?: boolean;
  readonly listeners?: readonly Row[];
  readonly servers?: readonly Row[];
  readonly backend?: boolean;
}

/** A `show stat` reply for these proxies (iid from 2, in order). */
export function statText(proxies: readonly Px[]): string {
  const lines = [`# ${FIELDS.join(',')},`];
  const line = (values: Partial<Record<Field, string | number>>): string => `${FIELDS.map((f) => String(values[f] ?? '')).join(',')},`;
  proxies.forEach((p, i) => {
    const iid = i + 2;
    if (p.frontend === true) lines.push(line({ pxname: p.name, svname: 'FRONTEND', type: 0, iid, sid: 0, status: 'OPEN', scur: 9 }));
    const row = (r: Row, type: number, sid: number): string =>
      line({ pxname: p.name, svname: r.name, type, iid, sid, status: r.status ?? 'UP', weight: r.weight ?? 1, scur: r.scur ?? 0, qcur: r.qcur ?? 0, addr: r.addr ?? '', check_status: r.check ?? 'L4OK' });
    (p.listeners ?? []).forEach((r, k) => lines.push(row(r, 3, k + 1)));
    (p.servers ?? []).forEach((r, k) => lines.push(row(r, 2, k + 101)));
    if (p.backend === true) lines.push(line({ pxname: p.name, svname: 'BACKEND', type: 1, iid, sid: 0, status: 'UP', weight: 3, scur: 9 }));
  });
  return `${lines.join('\n')}\n\n`;
}

export const snapshotOf = (proxies: readonly Px[], instance?: string): Snapshot => buildSnapshot(statText(proxies), info26(), 0, instance);

/** The rows as text: `>>> px` lines, service labels (`lb1:px/sv` with several instances), '' for blank lines, `=== name` for instance titles. */
export function labels(rows: readonly DisplayRow[]): string[] {
  return rows.map((r) => {
    switch (r.kind) {
      case 'group':
        return r.text;
      case 'service':
        return r.service.label;
      case 'instance':
        return `=== ${r.name}`;
      case 'blank':
        return '';
      default: {
        const unhandled: never = r;
        return unhandled;
      }
    }
  });
}

/** The names of one proxy's service rows, in order. */
export function namesIn(rows: readonly DisplayRow[], proxy: string): string[] {
  return rows.flatMap((r) => (r.kind === 'service' && r.service.proxy === proxy ? [r.service.name] : []));
}
