// The --once --rates columns: each service's sessions, requests and 5xx per second between two reads. Pure.
import type { Service } from '../stats/types';
import type { ColumnDef } from './columns';
import { figure } from './sparkline';

/** Per second, or null where a counter is missing or went back (HAProxy restarted between the reads). */
export interface Rates {
  readonly sessionsPerSec: number | null;
  readonly requestsPerSec: number | null;
  readonly http5xxPerSec: number | null;
}

const COLUMNS: readonly { readonly header: string; readonly key: keyof Rates }[] = [
  { header: 'SESS/S', key: 'sessionsPerSec' },
  { header: 'REQ/S', key: 'requestsPerSec' },
  { header: '5XX/S', key: 'http5xxPerSec' },
];

/** The three rate columns, read from `rates` by service id; `-` where there is no rate. */
export function rateColumns(rates: ReadonlyMap<string, Rates>): ColumnDef[] {
  return COLUMNS.map(({ header, key }) => ({
    id: `rates:${key}`,
    header,
    align: 'right',
    min: 6,
    ideal: 7,
    sort: 'number',
    cell: (s: Service) => {
      const value = rates.get(s.id)?.[key];
      return value === undefined || value === null ? '-' : figure(value);
    },
  }));
}
