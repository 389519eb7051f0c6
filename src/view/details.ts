// Every field HAProxy reports for one service, for the details view (`i`). Pure. hatop could show only its
// 1.4-era columns (fault 7); here the why of a state (check_desc, last_chk, agent), the address and the
// response times come first, then every other non-empty field in HAProxy's order, unknown ones included.
import type { Service } from '../stats/types';
import { formatDuration, sanitize } from './format';

/** Fields an operator looks at first, with a label; shown in this order when present. */
const FIRST: readonly (readonly [string, string])[] = [
  ['status', 'status'],
  ['check_status', 'check'],
  ['check_code', 'check code'],
  ['check_duration', 'check took (ms)'],
  ['check_desc', 'check says'],
  ['last_chk', 'last check'],
  ['agent_status', 'agent'],
  ['agent_desc', 'agent says'],
  ['last_agt', 'last agent check'],
  ['addr', 'address'],
  ['weight', 'weight'],
  ['uweight', 'user weight'],
  ['lastchg', 'state changed'],
  ['downtime', 'down in total'],
  ['lastsess', 'last session'],
  ['qtime', 'queue time (ms)'],
  ['ctime', 'connect time (ms)'],
  ['rtime', 'response time (ms)'],
  ['ttime', 'total time (ms)'],
  ['tracked', 'tracks'],
  ['mode', 'mode'],
  ['algo', 'algorithm'],
];

const SECONDS = new Set(['lastchg', 'downtime', 'lastsess']);

function shown(field: string, value: string): string {
  if (field === 'lastsess' && value === '-1') return 'never';
  if (!SECONDS.has(field) || !/^\d+$/.test(value)) return sanitize(value);
  const duration = formatDuration(Number(value));
  return field === 'downtime' ? duration : `${duration} ago`;
}

export interface DetailLine {
  readonly label: string;
  readonly value: string;
}

/** The lines of the details view: the first fields with labels, then the rest as `field`: value. */
export function serviceDetails(service: Service): DetailLine[] {
  const lines: DetailLine[] = [];
  const used = new Set<string>(['pxname', 'svname']);
  for (const [field, label] of FIRST) {
    const value = service.fields.get(field);
    used.add(field);
    if (value !== undefined) lines.push({ label, value: shown(field, value) });
  }
  for (const [field, value] of service.fields.entries()) {
    if (used.has(field) || value === undefined || field === '-') continue;
    lines.push({ label: sanitize(field), value: sanitize(value) });
  }
  return lines;
}
