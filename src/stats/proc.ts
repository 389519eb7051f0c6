// The master CLI's `show proc` -> the master, its current and old workers, its programs; and the status `reload`
// answers from 2.7 on. Pure.
//
// `show proc` is a header naming the columns, the master's line, then sections ("# workers", "# old workers",
// "# programs", "# old programs"), one process a line:
//   #<PID>          <type>          <reloads>       <uptime>        <version>
//   1162            master          5 [failed: 0]   0d00h02m07s     2.6.12
//   # workers
//   1271            worker          1               0d00h00m00s     2.6.12
// 2.0-2.4 have a `<relative PID>` column (old workers: "[was: 1]") and no failed count; 3.1+ `show proc debug`
// adds columns; 3.3 has no programs. So columns are found by the header's names, and a bracketed group counts as
// one field ("[was: 1]") or, for "[failed: N]", as part of the field before it.

/** One process of `show proc`. */
export interface Proc {
  readonly pid: number;
  /** "master", "worker", or a program's name. */
  readonly type: string;
  /** How many reloads it has been through (the master: how many there were). */
  readonly reloads: number | undefined;
  /** As printed: "0d00h02m07s". */
  readonly uptime: string;
  /** `uptime` in seconds, when it has the usual form. */
  readonly uptimeSec: number | undefined;
  /** HAProxy's version string; "-" for a program. */
  readonly version: string;
}

export interface MasterProc extends Proc {
  /** Reloads that failed (2.5+: "5 [failed: 1]"); undefined where not shown. */
  readonly failed: number | undefined;
}

export interface WorkerProc extends Proc {
  /** 2.0-2.4 only: the process number (`@1`), or the one it had before a reload ("[was: 1]"). */
  readonly relativePid: number | undefined;
}

export interface ProcList {
  readonly master: MasterProc;
  /** The workers serving now (`@1` is the newest). */
  readonly workers: readonly WorkerProc[];
  /** Workers of earlier generations, soft-stopping until their last connection ends. */
  readonly oldWorkers: readonly WorkerProc[];
  readonly programs: readonly Proc[];
  readonly oldPrograms: readonly Proc[];
}

/** The columns when no header says otherwise: 2.5 and later. */
const DEFAULT_COLUMNS = ['pid', 'type', 'reloads', 'uptime', 'version'];
/** A field: a bracketed group (which may hold spaces), or a word. */
const FIELD = /\[[^\]\n]*\]|[^\s[]+/g;
const FAILED = /^\[failed: ?(\d+)\]$/;
const UPTIME = /^(\d+)d(\d\d)h(\d\d)m(\d\d)s$/;

type Section = 'workers' | 'oldWorkers' | 'programs' | 'oldPrograms';
const SECTIONS: Readonly<Record<string, Section>> = {
  workers: 'workers',
  'old workers': 'oldWorkers',
  programs: 'programs',
  'old programs': 'oldPrograms',
};

/** Parses a `show proc` reply. Throws when it is not one (no master line): another command's reply, an error. */
export function parseShowProc(text: string): ProcList {
  let columns = DEFAULT_COLUMNS;
  let section: Section | undefined;
  let master: MasterProc | undefined;
  const lists: Record<Section, WorkerProc[]> = { workers: [], oldWorkers: [], programs: [], oldPrograms: [] };
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.startsWith('#<')) {
      columns = [...line.matchAll(/<([^>]*)>/g)].map((m) => (m[1] ?? '').toLowerCase());
      continue;
    }
    if (line.startsWith('#')) {
      section = SECTIONS[line.slice(1).trim().toLowerCase()];
      continue;
    }
    const row = parseRow(line, columns);
    if (row === undefined) continue;
    if (row.proc.type === 'master') master ??= { ...row.proc, failed: row.failed };
    else if (section !== undefined) lists[section].push({ ...row.proc, relativePid: row.relativePid });
  }
  if (master === undefined) {
    const first = text.split('\n').find((l) => l.trim() !== '') ?? '';
    throw new Error(`not a "show proc" reply: ${JSON.stringify(first.slice(0, 80))}`);
  }
  const { programs, oldPrograms } = lists;
  return { master, workers: lists.workers, oldWorkers: lists.oldWorkers, programs: programs.map(plain), oldPrograms: oldPrograms.map(plain) };
}

interface Row {
  readonly proc: Proc;
  readonly failed: number | undefined;
  readonly relativePid: number | undefined;
}

function parseRow(line: string, columns: readonly string[]): Row | undefined {
  const fields: string[] = [];
  let failed: number | undefined;
  for (const m of line.matchAll(FIELD)) {
    const f = FAILED.exec(m[0]);
    if (f && fields.length > 0) failed = Number(f[1]);
    else fields.push(m[0]);
  }
  const field = (name: string): string | undefined => {
    const at = columns.indexOf(name);
    return at < 0 ? undefined : fields[at];
  };
  const pid = integer(field('pid'));
  const type = field('type');
  if (pid === undefined || type === undefined) return undefined;
  const uptime = field('uptime') ?? '';
  const relative = field('relative pid');
  return {
    proc: { pid, type, reloads: integer(field('reloads')), uptime, uptimeSec: uptimeSeconds(uptime), version: field('version') ?? '' },
    failed,
    relativePid: integer(relative) ?? integer(/^\[was: ?(\d+)\]$/.exec(relative ?? '')?.[1]),
  };
}

/** A program's line, without the worker-only field. */
function plain({ relativePid: _relative, ...proc }: WorkerProc): Proc {
  return proc;
}

function integer(text: string | undefined): number | undefined {
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : undefined;
}

/** "1d02h03m04s" -> 93784. */
export function uptimeSeconds(text: string): number | undefined {
  const m = UPTIME.exec(text);
  if (!m) return undefined;
  const [, d, h, min, s] = m.map(Number);
  return (d ?? 0) * 86400 + (h ?? 0) * 3600 + (min ?? 0) * 60 + (s ?? 0);
}

/**
 * What `reload` on the master CLI answered. 2.7+: "Success=1" or "Success=0", then "--" and the startup logs
 * (the new configuration's warnings and alerts, or "Another reload is still in progress."). 2.0-2.6 answer
 * nothing: whether the reload worked shows in `show proc` (a new worker, the failed count).
 */
export type ReloadStatus =
  | { readonly kind: 'unknown' }
  | { readonly kind: 'succeeded'; readonly logs: string }
  | { readonly kind: 'failed'; readonly logs: string };

export function parseReloadStatus(text: string): ReloadStatus {
  const m = /^Success=([01])\r?\n(?:--\r?\n)?/.exec(text.trimStart());
  if (!m) return { kind: 'unknown' };
  const logs = text.trimStart().slice(m[0].length);
  return m[1] === '1' ? { kind: 'succeeded', logs } : { kind: 'failed', logs };
}
