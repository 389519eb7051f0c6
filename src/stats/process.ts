// The INFO view's extra dumps: `show activity`, `show errors`, `show pools`. Pure; every version's layout.
//
// `show activity`: `name: value` lines; with several threads the value is the total (an average for
// avg_loop_us and avg_cpu_pct) then each thread's value between brackets. The names change with the version
// (2.0 `stream:`, 2.6 `stream_calls:`, 3.x `uptime_now:`, `curr_rq:`, `check_*`), and `show activity <n>` (2.9+)
// prints one thread's value alone:
//   thread_id: 2 (1..2)
//   ctxsw: 282 [ 133 149 ]
//   ctxsw: 3                                     (one thread)
//
// `show errors`: a header, then per capture a line holding a single space, a line naming it, details indented:
//   Total events captured on [28/Nov/2026:23:10:58.379] : 2
//    (a single space)
//   [28/Nov/2026:23:09:49.042] frontend app (#2): invalid request
//     backend <NONE> (#-1), server <NONE> (#-1), event #1, src 127.0.0.1:50618
//     ...
//     00000  GET / HTTP/1.1\r\n
// A response error names the backend first: `[...] backend bk_bad (#8): invalid response` then `  frontend app
// (#2), server badsrv (#1), ...`. Only the last error of each proxy and direction is kept by HAProxy, while the
// total counts every one.
//
// `show pools`: `Dumping pools usage. Use SIGQUIT to flush them.`, then one line per pool, then `Total: ...`:
//   2.0:  - Pool buffer (16384 bytes) : 6 allocated (98304 bytes), 6 used, 0 failures, 1 users, @0x55e0=03 [SHARED]
//   2.4:  ... 6 used, needed_avg 2, 0 failures, 1 users, @0x5583ff2529c0 [SHARED]
//   2.6+: ... 6 used (~4 by thread caches), needed_avg 2, 0 failures, 1 users, @0x5583ff2529c0 [SHARED]
//   3.3+: - Pool buffer (16384 bytes/8) : ...   ("detailed" adds `      >  name: size=...` lines under a pool)
// Pool names are cut to 12 characters; pools of the same size are merged and [SHARED].

export interface ActivityLine {
  readonly name: string;
  /** The total (or the only value), as printed; for thread_id '2 (1..2)'. */
  readonly total: string;
  /** Each thread's value, in thread order; empty when HAProxy printed none. */
  readonly perThread: readonly string[];
}

export interface CapturedError {
  /** The capture's date as printed: '28/Nov/2026:23:09:49.042'. */
  readonly when: string;
  /** 'frontend app (#2): invalid request'. */
  readonly summary: string;
  /** The lines that follow, as printed (indented; the buffer dump included). */
  readonly lines: readonly string[];
  /** The proxy it was captured on: the frontend of a request, the backend of a response. */
  readonly proxy?: string | undefined;
  readonly direction?: 'request' | 'response' | undefined;
  /** The client's address, '127.0.0.1:50618'. */
  readonly source?: string | undefined;
  /** `<NONE>` kept as is. */
  readonly server?: string | undefined;
}

export interface ShowErrors {
  /** Every error since start, including those no longer kept. */
  readonly total: number | undefined;
  /** When the dump was made: '28/Nov/2026:23:10:58.379'. */
  readonly capturedAt: string | undefined;
  readonly errors: CapturedError[];
}

export interface PoolLine {
  readonly name: string;
  /** One item's size in bytes. */
  readonly size: number | undefined;
  /** Items allocated. */
  readonly allocated: number | undefined;
  readonly allocatedBytes: number | undefined;
  /** Items in use. */
  readonly used: number | undefined;
  readonly failures: number | undefined;
  /** How many pools were merged into this one. */
  readonly users: number | undefined;
  /** 2.6+: items in use that sit in the threads' caches. */
  readonly cached?: number | undefined;
  /** 2.4+. */
  readonly neededAvg?: number | undefined;
  readonly shared?: boolean;
}

export interface ShowPools {
  readonly pools: PoolLine[];
  /** The `Total:` line after the word, without its final period: '19 pools, 228856 bytes allocated, ...'. */
  readonly total: string | undefined;
  readonly totalAllocatedBytes?: number | undefined;
  readonly totalUsedBytes?: number | undefined;
}

const ACTIVITY = /^([^\s:][^:]*):(?: (.*))?$/;
const PER_THREAD = /^(\S+) \[ ?(.*?) ?\]$/;
const ERRORS_HEADER = /^Total events captured on \[([^\]]*)\] : (\d+)/;
const ERROR_HEAD = /^\[([^\]]*)\] (.*)$/;
const POOL = /^\s*- Pool (.+?) \((\d+) bytes(?:\/\d+)?\) : (.*)$/;

/** 'name: total [a b c]' or 'name: v' lines; a line of another form is skipped. */
export function parseShowActivity(text: string): ActivityLine[] {
  const out: ActivityLine[] = [];
  for (const line of lines(text)) {
    const m = ACTIVITY.exec(line);
    if (!m) continue;
    const value = (m[2] ?? '').trim();
    const t = PER_THREAD.exec(value);
    if (t) out.push({ name: m[1] ?? '', total: t[1] ?? '', perThread: (t[2] ?? '').split(' ').filter((v) => v !== '') });
    else out.push({ name: m[1] ?? '', total: value, perThread: [] });
  }
  return out;
}

export function parseShowErrors(text: string): ShowErrors {
  let total: number | undefined;
  let capturedAt: string | undefined;
  const errors: CapturedError[] = [];
  let current: { when: string; summary: string; lines: string[] } | undefined;
  const close = (): void => {
    if (current !== undefined) errors.push(describeError(current.when, current.summary, trimBlankEnd(current.lines)));
    current = undefined;
  };
  for (const line of lines(text)) {
    const header = ERRORS_HEADER.exec(line);
    if (header && total === undefined) {
      capturedAt = header[1];
      total = Number(header[2]);
      continue;
    }
    // The separator HAProxy prints before each capture: a lone space (not the dump's "  " lines).
    if (line === ' ') {
      close();
      continue;
    }
    // A capture's first line is the only one to start with '[': its details and dump are indented.
    const head = ERROR_HEAD.exec(line);
    if (head) {
      close();
      current = { when: head[1] ?? '', summary: head[2] ?? '', lines: [] };
      continue;
    }
    current?.lines.push(line);
  }
  close();
  return { total, capturedAt, errors };
}

/** One line per memory pool, and the `Total:` line. */
export function parseShowPools(text: string): ShowPools {
  const pools: PoolLine[] = [];
  let total: string | undefined;
  let totalAllocatedBytes: number | undefined;
  let totalUsedBytes: number | undefined;
  for (const line of lines(text)) {
    if (line.startsWith('Total: ')) {
      total = line.slice('Total: '.length).trim().replace(/\.$/, '');
      totalAllocatedBytes = count(total, /(\d+) bytes allocated/);
      totalUsedBytes = count(total, /(\d+) used/);
      continue;
    }
    const m = POOL.exec(line);
    if (!m) continue;
    const rest = m[3] ?? '';
    const allocated = /(\d+) allocated(?: \((\d+) bytes\))?/.exec(rest);
    pools.push({
      name: m[1] ?? '',
      size: Number(m[2]),
      allocated: allocated ? Number(allocated[1]) : undefined,
      allocatedBytes: allocated?.[2] === undefined ? undefined : Number(allocated[2]),
      used: count(rest, /(\d+) used/),
      failures: count(rest, /(\d+) failures/),
      users: count(rest, /(\d+) users/),
      cached: count(rest, /\(~(\d+) by thread caches\)/),
      neededAvg: count(rest, /needed_avg (\d+)/),
      shared: rest.includes('[SHARED]'),
    });
  }
  return { pools, total, totalAllocatedBytes, totalUsedBytes };
}

function describeError(when: string, summary: string, body: string[]): CapturedError {
  const s = /^(frontend|backend) (.*) \(#-?\d+\): invalid (request|response)$/.exec(summary);
  const detail = body[0] ?? '';
  const server = /, server (.*) \(#-?\d+\), event #/.exec(detail);
  const source = /, src (\S+)$/.exec(detail);
  return {
    when,
    summary,
    lines: body,
    proxy: s?.[2],
    direction: s?.[3] === 'request' ? 'request' : s?.[3] === 'response' ? 'response' : undefined,
    source: source?.[1],
    server: server?.[1],
  };
}

function trimBlankEnd(body: string[]): string[] {
  let end = body.length;
  while (end > 0 && (body[end - 1] ?? '').trim() === '') end--;
  return body.slice(0, end);
}

function count(text: string, re: RegExp): number | undefined {
  const m = re.exec(text);
  return m?.[1] === undefined ? undefined : Number(m[1]);
}

function lines(text: string): string[] {
  return text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}
