// The top bar and the `show info` header block. Pure: state in, tagged lines out.
import type { Info, Service, Snapshot } from '../stats/types';
import { paint, safe, type Theme, type Tone } from './theme';
import { bar, clockText, fit, uptime } from './text';
import { sanitize } from '../view/format';
import { countServices } from '../stats/model';
import type { Connection } from '../app/controller';
import type { Pacing } from '../app/stat-poll';
import { figure, lastValue, sparkline } from '../view/sparkline';

/** Points of the total request rate the top bar shows. */
const SPARK_POINTS = 12;

/** `req/s ▁▂▅▇ 42`: the frontends' total request rate lately, or nothing before two points are known. */
export function requestSpark(rates: readonly number[] | undefined, unicode: boolean): string {
  if (rates === undefined || rates.length < 2) return '';
  return `req/s ${sparkline(rates, Math.min(SPARK_POINTS, rates.length), unicode)} ${figure(lastValue(rates))}`;
}

const int = (info: Info, name: string): number | undefined => {
  const v = info.get(name);
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
};

/** Server states that need the operator's attention, counted in the top bar so none is missed below the fold. */
const ATTENTION = [
  ['down', 'DOWN', 'bad'],
  ['maint', 'MAINT', 'maint'],
  ['drain', 'DRAIN', 'drain'],
  ['nolb', 'NOLB', 'warn'],
] as const;

/** `2 DOWN  1 MAINT  0 DRAIN  0 NOLB` over the servers of the snapshot: the counts and their plain length. */
export function attentionCounts(snapshot: Snapshot | undefined): { readonly text: string; readonly counts: readonly (readonly [string, number, Tone])[] } {
  const byKind = snapshot === undefined ? new Map<string, number>() : serverStates(snapshot);
  const counts = ATTENTION.map(([kind, word, tone]) => [word, byKind.get(kind) ?? 0, tone] as const);
  return { text: counts.map(([word, n]) => `${n} ${word}`).join('  '), counts };
}

/**
 * Servers per state, counted once per server list: a refresh that read a few proxies again recounts those,
 * not 100,000 servers.
 */
const counted = new WeakMap<readonly Service[], Map<string, number>>();

function serverStates(snapshot: Snapshot): Map<string, number> {
  const total = new Map<string, number>();
  for (const proxy of snapshot.proxies) {
    let byKind = counted.get(proxy.servers);
    if (byKind === undefined) {
      byKind = new Map();
      for (const s of proxy.servers) byKind.set(s.state.kind, (byKind.get(s.state.kind) ?? 0) + 1);
      counted.set(proxy.servers, byKind);
    }
    for (const [kind, n] of byKind) total.set(kind, (total.get(kind) ?? 0) + n);
  }
  return total;
}

/** How many services a snapshot holds, without making the list of all of them. */
const serviceCount = (snapshot: Snapshot | undefined): number => countServices(snapshot?.proxies ?? []);

const hhmmss = (ms: number): string => clockText(new Date(ms)).slice(11);

/** A filter in force (`f` text, `!` problems only) and how many services it shows, of how many. */
export interface Filtered {
  readonly text: string;
  readonly problems: boolean;
  readonly shown: number;
  readonly total: number;
}

/** `[filter "nginx" + problems: 3 of 17]  `, or '' with no filter. */
export function filterTag(filtered: Filtered | undefined): string {
  if (filtered === undefined) return '';
  const what = [filtered.text === '' ? '' : `filter "${sanitize(filtered.text)}"`, filtered.problems ? 'problems' : ''].filter((w) => w !== '').join(' + ');
  return `[${what}: ${filtered.shown} of ${filtered.total}]  `;
}

/** The same in few characters, for a narrow terminal: `["nginx"+! 3/17]  `. */
function shortFilterTag(filtered: Filtered): string {
  const text = filtered.text === '' ? '' : `"${sanitize(filtered.text)}"`;
  const problems = filtered.problems ? (text === '' ? '!' : '+!') : '';
  return `[${text}${problems} ${filtered.shown}/${filtered.total}]  `;
}

/**
 * The top bar: program, socket and connection on the left, the server states that need attention (coloured
 * when not 0) in the middle, the clock on the right (the date too when there is room).
 */
export function topBar(
  version: string,
  address: string,
  connection: Connection,
  now: Date,
  width: number,
  snapshot?: Snapshot,
  theme: Theme = { color: true },
  pacing?: Pacing,
  filtered?: Filtered,
  requestRates?: readonly number[],
): string {
  const spark = requestSpark(requestRates, theme.unicode === true);
  // The connection's state before the socket's path, so a narrow terminal cuts the path, not the news; what the
  // filter hides next, for the same reason.
  const down = connection.kind === 'down' ? (connection.answers === true ? 'no usable answer' : 'HAProxy unreachable') : '';
  const state =
    connection.kind === 'down' ? `[${down} since ${hhmmss(connection.since)}]  ` : connection.kind === 'connecting' ? (snapshot === undefined ? '[connecting]  ' : '[reading]  ') : '';
  // A large HAProxy: what a full dump takes and how often it is read (the rows on screen: every refresh). It
  // gives way to the server counts on a narrow terminal, shorter first, then whole.
  const every = pacing === undefined || connection.kind !== 'up' ? '' : `all rows every ${uptime(pacing.fullEveryMs / 1000)}`;
  const tags = every === '' || pacing === undefined ? [''] : [`[${Math.round(pacing.dumpMs)} ms per full dump: ${every}]  `, `[${every}]  `, ''];
  // A filter hides services, maybe a DOWN one: the counts matter more than ever, so its tag shortens first, and then
  // the socket's path may go whole.
  const filters = filtered === undefined ? [{ tag: '', path: 10 }] : [{ tag: filterTag(filtered), path: 10 }, { tag: shortFilterTag(filtered), path: 0 }];
  for (const filter of filters) {
    for (const tag of tags) {
      const composed = composeTopBar(version, address, `${state}${filter.tag}${tag}`, now, width, snapshot, theme, filter.path, spark);
      if (composed.counts) return composed.text;
    }
  }
  return composeTopBar(version, address, `${state}${filters[0]?.tag ?? ''}${tags.at(-1) ?? ''}`, now, width, snapshot, theme).text;
}

function composeTopBar(
  version: string,
  address: string,
  state: string,
  now: Date,
  width: number,
  snapshot: Snapshot | undefined,
  theme: Theme,
  /** How much of the socket's path must show beside the counts. */
  path = 10,
  /** The total request rate's sparkline, shown only when everything else fits. */
  spark = '',
): { readonly text: string; readonly counts: boolean } {
  const left = ` hatop-ts ${version}  ${state}${sanitize(address)}`;
  const full = `${clockText(now)} `;
  const short = `${full.slice(11)}`;
  const { text, counts } = attentionCounts(snapshot);
  const chip = snapshot === undefined ? '' : `  ${text}  `;
  // What gives first: the date, then the counts, then the left part is cut.
  const clock = left.length + chip.length + full.length <= width ? full : short;
  // The counts stay while the program, the connection's state whole and 10 characters of the socket fit beside them.
  const keep = Math.min(left.length, ` hatop-ts ${version}  ${state}`.length + path);
  const shown = keep + chip.length + clock.length <= width ? chip : '';
  // The sparkline is the first to go: only when the socket's path is shown whole beside it.
  const sparked = shown !== '' && spark !== '' && left.length + shown.length + spark.length + 2 + clock.length <= width ? `${spark}  ` : '';
  const leftRoom = Math.max(0, width - shown.length - sparked.length - clock.length);
  const bar = (t: string): string => `{inverse}${safe(t)}{/inverse}`;
  const gap = ' '.repeat(Math.max(0, leftRoom - Math.min(left.length, leftRoom)));
  if (shown === '') return { text: bar(`${fit(left, leftRoom)}${clock}`), counts: snapshot === undefined };
  // The counts leave the inverse bar, so their colours read as colours, not as a tinted background.
  const chips = counts
    .map(([word, n, tone]) => (n > 0 ? paint(theme, tone, safe(`${n} ${word}`)) : safe(`${n} ${word}`)))
    .join('  ');
  const sparkText = sparked === '' ? '' : theme.unicode === true ? sparked.replace(/[^\u2581-\u2588]+/g, (part) => safe(part)) : safe(sparked);
  return { text: `${bar(fit(left, Math.min(left.length, leftRoom)))}  ${chips}  ${sparked === '' ? bar(`${gap}${clock}`) : `${bar(gap)}${sparkText}${bar(clock)}`}`, counts: true };
}

/** How many header lines fit: the full block on normal terminals, less on short ones. */
export const headerHeight = (rows: number): number => (rows >= 24 ? 4 : rows >= 16 ? 2 : 0);

/** The `show info` block; `procs`, on a master CLI socket, its processes in a few words (see procsText). */
export function headerLines(snapshot: Snapshot | undefined, height: number, width: number, procs?: string): string[] {
  if (height === 0) return [];
  const info: Info = snapshot?.info ?? new Map();
  // `show info` values are whatever the configuration says (`description`, `node`): shown, never obeyed.
  const text = (name: string): string | undefined => {
    const value = info.get(name);
    return value === undefined ? undefined : sanitize(value);
  };
  const get = (name: string): string => text(name) ?? '-';
  const released = text('Release_date');
  const proc = text('Process_num');
  const up = int(info, 'Uptime_sec');
  const node = text('node');
  const description = text('description');
  const master = procs === undefined ? '' : `   ${sanitize(procs)}`;
  const line1 = ` HAProxy Version: ${get('Version')}${released ? ` (released: ${released})` : ''}   PID: ${get('Pid')}${proc ? ` (proc ${proc})` : ''}${master}`;
  const line2 = ` Node: ${node ?? '-'} (uptime ${up !== undefined ? uptime(up) : get('Uptime')})${description ? `   ${description}` : ''}`;
  const inner = Math.max(5, Math.min(30, width - 71));
  const pipes = `${int(info, 'PipesUsed') ?? 0}/${int(info, 'Maxpipes') ?? 0}`;
  const conns = `${int(info, 'CurrConns') ?? 0}/${int(info, 'Maxconn') ?? 0}`;
  const counts = [
    ['Procs', get('Nbproc')],
    ['Threads', get('Nbthread')],
    ['Tasks', get('Tasks')],
    ['Queue', get('Run_queue')],
    ['Proxies', String(snapshot?.proxies.length ?? 0)],
    ['Services', String(serviceCount(snapshot))],
  ] as const;
  const titles = counts.map(([t, v]) => t.padStart(Math.max(t.length, v.length))).join('  ');
  const values = counts.map(([t, v]) => v.padStart(Math.max(t.length, v.length))).join('  ');
  const line3 = ` Pipes: ${bar(int(info, 'PipesUsed'), int(info, 'Maxpipes'), inner)} ${pipes.padStart(9)}   ${titles}`;
  const line4 = ` Conns: ${bar(int(info, 'CurrConns'), int(info, 'Maxconn'), inner)} ${conns.padStart(9)}   ${values}`;
  const lines = height >= 4 ? [line1, line2, line3, line4] : [`${line1}   Node: ${node ?? '-'}`, line4];
  return lines.map((l) => safe(fit(l, width)));
}
