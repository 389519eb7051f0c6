// The live part's one table: a row per figure, a column per size, all from the same run; and its legend.
import type { LiveResult } from './bench-live';
import { int, max, median, ms, table } from './bench-util';

const pct = (n: number | undefined): string => (n === undefined || Number.isNaN(n) ? '-' : `${n.toFixed(1)}%`);
const mb = (n: number | undefined): string => (n === undefined || Number.isNaN(n) ? '-' : n.toFixed(0));
const ratio = (a: number | undefined, b: number | undefined): string =>
  a === undefined || b === undefined || Number.isNaN(a) || Number.isNaN(b) || b === 0 ? '-' : `${(a / b).toFixed(2)}x`;

type Row = readonly [label: string, cell: (r: LiveResult) => string];

export function liveTable(results: readonly LiveResult[]): string {
  const hatop = (r: LiveResult): Exclude<LiveResult['hatop'], string> => (typeof r.hatop === 'object' ? r.hatop : undefined);
  const screen = (r: LiveResult, f: (s: NonNullable<LiveResult['screen']>) => string): string => (r.screen === undefined ? '-' : f(r.screen));
  const fails = (n: number): string => (n > 0 ? ` (${n} failed)` : '');
  const rows: Row[] = [
    ['show stat reply, KB', (r) => int(r.replyBytes / 1024)],
    ['HAProxy: show stat round trip, raw client (floor), ms', (r) => ms(r.showStatMs)],
    ['HAProxy: its CPU per show stat to the raw client, ms', (r) => ms(r.showStatCpuMs)],
    ['hatop-ts poll in process: read (show info + show stat), ms', (r) => ms(r.poll.readMs)],
    ['  parse + model (buildSnapshot), ms', (r) => ms(r.poll.modelMs)],
    ['  rows (buildRows), ms', (r) => ms(r.poll.rowsMs)],
    ['  frame 200x50 (renderFrame), ms', (r) => ms(r.poll.frameMs)],
    ['  total poll, ms', (r) => ms(r.poll.totalMs)],
    ['  total poll / floor', (r) => ratio(r.poll.totalMs, r.showStatMs)],
    ['screen: first frame after spawn, ms', (r) => screen(r, (s) => int(s.firstFrameMs))],
    ['screen: hatop-ts CPU, % of a core', (r) => screen(r, (s) => pct(s.cpuPercent))],
    ['screen: KB read from HAProxy per second', (r) => screen(r, (s) => int((s.refreshes * r.pollBytes) / r.windowSec / 1024))],
    ['screen: hatop-ts RSS at end of window, MB', (r) => screen(r, (s) => mb(s.rssMb))],
    ['screen: hatop-ts peak RSS (VmHWM), MB', (r) => screen(r, (s) => mb(s.peakRssMb))],
    ['HAProxy CPU, idle, no client, % of a core', (r) => pct(r.haproxyIdlePercent)],
    ['HAProxy CPU while hatop-ts polls (raw), % of a core', (r) => screen(r, (s) => pct(s.haproxyPercent))],
    ['HAProxy CPU spent on hatop-ts (raw - idle), % of a core', (r) => screen(r, (s) => pct(Math.max(0, s.haproxyPercent - r.haproxyIdlePercent)))],
    ['key -> effect on screen, median ms', (r) => screen(r, (s) => ms(median(s.keyMs)))],
    ['key -> effect on screen, max ms', (r) => screen(r, (s) => `${ms(max(s.keyMs))}${fails(s.keyFailures)}`)],
    ['keys timed', (r) => screen(r, (s) => int(s.keyMs.length))],
    ['F10 -> row shows MAINT, median ms', (r) => screen(r, (s) => ms(median(s.maintMs)))],
    ['F10 -> row shows MAINT, max ms', (r) => screen(r, (s) => `${ms(max(s.maintMs))}${fails(s.actionFailures)}`)],
    ['F9 -> MAINT gone from row, median ms', (r) => screen(r, (s) => ms(median(s.readyMs)))],
    ['F9 -> MAINT gone from row, max ms', (r) => screen(r, (s) => ms(max(s.readyMs)))],
    ['F10 / F9 repetitions', (r) => screen(r, (s) => int(s.maintMs.length))],
    ['hatop (Python): first frame after spawn, ms', (r) => (hatop(r) === undefined ? '-' : int(hatop(r)?.firstFrameMs ?? Number.NaN))],
    ['hatop (Python): CPU, % of a core', (r) => pct(hatop(r)?.cpuPercent)],
    ['hatop (Python): RSS at end of window, MB', (r) => mb(hatop(r)?.rssMb)],
    ['hatop (Python): polls in the window', (r) => (hatop(r) === undefined ? '-' : `${(hatop(r)?.refreshes ?? 0).toFixed(1)} / ${r.windowSec} s`)],
    ['HAProxy CPU while hatop polls (raw), % of a core', (r) => pct(hatop(r)?.haproxyPercent)],
    ['hatop-ts / hatop CPU', (r) => ratio(r.screen?.cpuPercent, hatop(r)?.cpuPercent)],
    ['hatop-ts / hatop RSS', (r) => ratio(r.screen?.rssMb, hatop(r)?.rssMb)],
  ];
  const head = ['services', ...results.map((r) => int(r.servers))];
  return table(head, rows.map(([label, cell]) => [label, ...results.map(cell)]), head.map((_, c) => c > 0));
}

export function liveLegend(results: readonly LiveResult[]): string {
  const first = results[0];
  const hatopVersion = results.map((r) => r.hatop).find((h) => typeof h === 'object')?.version;
  const missing = results.some((r) => r.hatop === 'not installed');
  const lines = [
    `HAProxy ${first?.version ?? '?'}, one frontend, backends of 100 servers each, no checks (servers at a closed port), no traffic.`,
    'floor = `show stat` sent in non-interactive mode on a fresh unix-socket connection, until HAProxy closes it: what HAProxy',
    '  takes to write the whole dump (median); its CPU per show stat = /proc/<haproxy>/stat over those dumps (mean).',
    'poll in process = what hatop-ts does per refresh, in this process on the same real dumps: read = raw `show info` +',
    '  `show stat` round trips and decoding; parse + model = buildSnapshot(); rows = buildRows(); frame = renderFrame()',
    '  at 200x50 in mode 1, cursor in the middle (medians, GC before each run).',
    `screen = \`hatop-ts -s SOCKET -i 1\` under a 200x50 pty. first frame = spawn to the first server row on screen;`,
    `  then after 2 refreshes, a ${first?.windowSec ?? '?'} s window: CPU = utime+stime of the hatop-ts process (/proc/PID/stat) over`,
    '  wall time; RSS = VmRSS at the end of the window; peak = VmHWM after the keys and actions; KB read = bytes the',
    '  process read in the window (rchar, /proc/PID/io) per second: less than a full dump a second once the dump is paced;',
    '  HAProxy CPU = the same /proc reading for HAProxy over that same window, raw, and less the idle baseline (a',
    '  separate window just before, with no client connected).',
    'key = Down, with End and Home (pattern DDDDDEHD), pressed after pauses of 0-1 s spread by the golden ratio so that they',
    '  land at every phase of the 1 s refresh, some during a poll; timed from the write to the pty until the footer',
    '  `[proxy/server]` names another service.',
    'F10 / F9 = on [bk_app_000/app-0-0003] (selected with Home + Down): from the key until that server\'s row shows MAINT,',
    '  then from F9 until MAINT is gone from it (HAProxy command + refresh + redraw).',
    `hatop = Debian's Python hatop ${hatopVersion !== undefined ? `${hatopVersion} ` : ''}(\`hatop -s SOCKET -i 1\`), same pty, same HAProxy, same window, 1,000 services only;`,
    '  polls = changes of its clock (top right, hh:mm:ss) sampled every 100 ms: approximate, rchar misses Python\'s recv();',
    '  ratios = hatop-ts / hatop.',
  ];
  if (missing) lines.push('  hatop is not installed (/usr/bin/hatop): its rows show -.');
  return lines.map((l) => `  ${l}`).join('\n');
}
