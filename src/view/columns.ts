// hatop's four table modes, one pure column set each: header, CSV field, widths, and how a cell is written.
// Widths: `min` is what the column must keep (its header and its values still readable), `ideal` what it
// gets when the terminal is wide enough; NAME (`grow`) takes whatever is left.

import type { Service } from '../stats/types';
import {
  fieldNumber,
  fitCheck,
  fitStatus,
  fitValue,
  formatBytes,
  formatCount,
  formatDuration,
  sanitize,
  truncate,
} from './format';

/** How a column's values compare when the rows are sorted by it. */
export type SortKind = 'number' | 'text' | 'status';

/** The table modes. Mode 5 (CLI) has no table. */
export type ModeId = 1 | 2 | 3 | 4;

export interface ColumnDef {
  /** Unique within a mode: the CSV field shown (`svname`, `status`, `req_rate` ...). */
  readonly id: string;
  readonly header: string;
  readonly align: 'left' | 'right';
  readonly min: number;
  readonly ideal: number;
  /** NAME takes the spare width. */
  readonly grow?: boolean;
  /** The CSV field this column shows (for sorting or a detail view). */
  readonly field?: string;
  /** How `>` / `--sort` order rows by it: as numbers, as text (any case), or by state severity. */
  readonly sort: SortKind;
  /** Returns text no longer than `width` (may contain raw HAProxy text: the layout sanitizes it). */
  cell(s: Service, width: number): string;
  /** True when this cell shows a problem the eye should catch: a failing check, an error counter above 0. */
  readonly alert?: (s: Service) => boolean;
}

/** The column the screen colours by service state. */
export const STATUS_COLUMN_ID = 'status';
export const NAME_COLUMN_ID = 'svname';

function count(header: string, field: string, min: number, ideal: number): ColumnDef {
  return {
    id: field,
    header,
    align: 'right',
    min: Math.max(min, header.length),
    ideal: Math.max(ideal, header.length),
    field,
    sort: 'number',
    cell: (s, width) => formatCount(fieldNumber(s, field), width),
  };
}

/** An error counter: anything above 0 is worth the operator's eye. */
function errors(header: string, field: string, min: number, ideal: number): ColumnDef {
  return { ...count(header, field, min, ideal), alert: (s) => (fieldNumber(s, field) ?? 0) > 0 };
}

function bytes(header: string, field: string): ColumnDef {
  return {
    id: field,
    header,
    align: 'right',
    // 4 holds `1.5K` .. `999T`
    min: 4,
    ideal: 7,
    field,
    sort: 'number',
    cell: (s, width) => formatBytes(fieldNumber(s, field), width),
  };
}

function duration(header: string, field: string): ColumnDef {
  return {
    id: field,
    header,
    align: 'right',
    // 4 holds up to `999d`
    min: 4,
    ideal: 5,
    field,
    sort: 'number',
    cell: (s, width) => fitValue(formatDuration(fieldNumber(s, field)), width),
  };
}

const NAME: ColumnDef = {
  id: NAME_COLUMN_ID,
  header: 'NAME',
  align: 'left',
  min: 8,
  ideal: 16,
  grow: true,
  field: 'svname',
  sort: 'text',
  // svname is already `FRONTEND` / `BACKEND` on those rows
  cell: (s, width) => truncate(sanitize(s.name), width),
};

const WEIGHT = count('W', 'weight', 3, 3);

const STATUS: ColumnDef = {
  id: STATUS_COLUMN_ID,
  header: 'STATUS',
  align: 'left',
  // 9 keeps every word and transition whole: `DOWN 1/2`, `DRAIN 1/2`, `no check`, `WAITING`, `MAINT`
  min: 9,
  // 18 shows `MAINT (resolution)` and most `MAINT (via px/srv)` on wide screens
  ideal: 18,
  field: 'status',
  sort: 'status',
  cell: (s, width) => fitStatus(shownStatus(s), width),
};

/**
 * The status as the table shows it: HAProxy's words, plus `(weight 0)` on a server that is UP but takes no new
 * traffic (HAProxy's stats page calls it soft-stopped), so it does not pass for a serving server.
 */
export function shownStatus(s: Service): string {
  return takesNoTraffic(s) ? `${s.status} (weight 0)` : s.status;
}

/** An UP server at weight 0: checks pass, but the balancer sends it nothing new. */
export function takesNoTraffic(s: Service): boolean {
  return s.kind === 'server' && s.state.kind === 'up' && s.fields.get('weight') === '0';
}

/** Check results that say the check failed (the server is or is becoming DOWN). */
const FAILING_CHECKS = new Set(['SOCKERR', 'L4TOUT', 'L4CON', 'L6TOUT', 'L6RSP', 'L7TOUT', 'L7RSP', 'L7STS', 'PROCERR', 'PROCTOUT', 'HANA']);

const CHECK: ColumnDef = {
  id: 'check_status',
  header: 'CHECK',
  align: 'left',
  // 7 holds `* L7STS`, `SOCKERR`
  min: 7,
  ideal: 9,
  field: 'check_status',
  sort: 'text',
  cell: (s, width) => {
    // Only servers have checks: FRONTEND, BACKEND and listeners stay blank.
    if (s.kind !== 'server') return '';
    const check = s.fields.get('check_status');
    return check === undefined ? truncate('none', width) : fitCheck(check, width);
  },
  alert: (s) => s.kind === 'server' && FAILING_CHECKS.has((s.fields.get('check_status') ?? '').replace(/^\* /, '')),
};

export const MODE_COLUMNS: Readonly<Record<ModeId, readonly ColumnDef[]>> = {
  1: [
    NAME,
    WEIGHT,
    STATUS,
    CHECK,
    count('ACT', 'act', 3, 3),
    count('BCK', 'bck', 3, 3),
    count('QCUR', 'qcur', 4, 5),
    count('QMAX', 'qmax', 4, 5),
    count('SCUR', 'scur', 4, 5),
    count('SMAX', 'smax', 4, 5),
    count('SLIM', 'slim', 4, 5),
    count('STOT', 'stot', 4, 7),
  ],
  2: [
    NAME,
    WEIGHT,
    STATUS,
    count('LBTOT', 'lbtot', 5, 7),
    count('RATE', 'rate', 4, 5),
    count('RLIM', 'rate_lim', 4, 5),
    count('RMAX', 'rate_max', 4, 5),
    bytes('BIN', 'bin'),
    bytes('BOUT', 'bout'),
  ],
  3: [
    NAME,
    WEIGHT,
    STATUS,
    count('RATE', 'req_rate', 4, 5),
    count('RMAX', 'req_rate_max', 4, 5),
    count('RTOT', 'req_tot', 4, 7),
    count('1xx', 'hrsp_1xx', 3, 6),
    count('2xx', 'hrsp_2xx', 3, 6),
    count('3xx', 'hrsp_3xx', 3, 6),
    count('4xx', 'hrsp_4xx', 3, 6),
    errors('5xx', 'hrsp_5xx', 3, 6),
    count('?xx', 'hrsp_other', 3, 6),
  ],
  4: [
    NAME,
    WEIGHT,
    STATUS,
    CHECK,
    errors('CF', 'chkfail', 3, 4),
    errors('CD', 'chkdown', 3, 4),
    duration('CL', 'lastchg'),
    errors('ECONN', 'econ', 5, 5),
    errors('EREQ', 'ereq', 4, 5),
    errors('ERSP', 'eresp', 4, 5),
    errors('DREQ', 'dreq', 4, 5),
    errors('DRSP', 'dresp', 4, 5),
    duration('DOWN', 'downtime'),
  ],
};

export function columnsFor(mode: ModeId): readonly ColumnDef[] {
  return MODE_COLUMNS[mode];
}

/** True for 1..4: the modes that show the service table. */
export function isTableMode(mode: number): mode is ModeId {
  return mode === 1 || mode === 2 || mode === 3 || mode === 4;
}
