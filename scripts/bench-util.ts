// Shared by the benchmark's parts: statistics, table printing, /proc readings and the 200x50 frame the in-process
// figures draw. Only the stable entry points of src/ are used here (renderFrame and its ViewState).
import { readFileSync } from 'node:fs';
import { emptyLine } from '../src/app/line-editor';
import type { Snapshot } from '../src/stats/types';
import type { ViewState } from '../src/ui/frame';
import type { DisplayRow } from '../src/view/rows';

export const CLK_TCK = 100; // Linux USER_HZ, what /proc/<pid>/stat counts in

export const sleep = (msDelay: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, msDelay));

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export const max = (values: readonly number[]): number => (values.length === 0 ? Number.NaN : Math.max(...values));

/** Two full collections when the script runs under --expose-gc, else nothing. */
export function gc(): void {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (collect !== undefined) {
    collect();
    collect();
  }
}

/** Markdown table, every column padded to its widest cell; numbers (or the columns `rightCols` says) right-aligned. */
export function table(head: readonly string[], rows: readonly (readonly string[])[], rightCols?: readonly boolean[]): string {
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const right = rightCols ?? head.map((_, c) => rows.every((r) => /^[\d.,~-]*( ?[a-zA-Z%]+)?$/.test(r[c] ?? '')));
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((cell, c) => (right[c] ? cell.padStart(widths[c] ?? 0) : cell.padEnd(widths[c] ?? 0))).join(' | ')} |`;
  const rule = `|${widths.map((w, c) => (right[c] ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [line(head), rule, ...rows.map(line)].join('\n');
}

export const ms = (n: number): string =>
  Number.isNaN(n) ? '-' : n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2);
export const int = (n: number): string => (Number.isNaN(n) ? '-' : Math.round(n).toLocaleString('en-US'));

/** utime + stime of a process (all its threads), in clock ticks. */
export function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the `(comm)`, which may itself hold spaces: state is field 3, utime 14, stime 15.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(rest[11]) + Number(rest[12]);
}

function statusKb(pid: number, field: string): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m === null ? Number.NaN : Number(m[1]);
}

/** Resident memory now (VmRSS), MB. */
export const rssMb = (pid: number): number => statusKb(pid, 'VmRSS') / 1024;
/** Peak resident memory so far (VmHWM), MB. */
export const peakRssMb = (pid: number): number => statusKb(pid, 'VmHWM') / 1024;

/** Bytes the process has read so far, from any file or socket (rchar of /proc/PID/io, all threads). */
export function readBytes(pid: number): number {
  const m = /^rchar: (\d+)$/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'));
  return m === null ? Number.NaN : Number(m[1]);
}

/** CPU of several processes over a wall-clock window, each in % of one core. */
export class CpuWindow {
  private readonly t0 = performance.now();
  private readonly ticks0: number[];

  constructor(private readonly pids: readonly number[]) {
    this.ticks0 = pids.map(cpuTicks);
  }

  /** % of one core of each pid since construction, in the order given. */
  percents(): number[] {
    const wallMs = performance.now() - this.t0;
    return this.pids.map((pid, i) => (((cpuTicks(pid) - (this.ticks0[i] ?? 0)) * 1000) / CLK_TCK / wallMs) * 100);
  }
}

export const FRAME = { width: 200, height: 50, now: new Date(), version: 'bench', address: '/bench.sock', theme: { color: true } };

/** What the controller hands renderFrame: mode 1, no overlay, the cursor on `selectedId`. */
export function viewState(snapshot: Snapshot, rows: readonly DisplayRow[], selectedId: string | undefined): ViewState {
  return {
    mode: 1,
    overlay: { kind: 'none' },
    snapshot,
    rows,
    selectedId,
    connection: { kind: 'up' },
    notice: undefined,
    log: { all: () => [] },
    line: emptyLine(),
    lastUpdate: Date.now(),
    config: { readOnly: false, intervalSec: 1 },
  };
}

/** The id of the service in the middle of the table, so that the frame has to find it among all the rows. */
export function middleServiceId(rows: readonly DisplayRow[]): string | undefined {
  const services = rows.filter((r): r is Extract<DisplayRow, { kind: 'service' }> => r.kind === 'service');
  return services[services.length >> 1]?.service.id;
}
