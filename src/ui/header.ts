// The top bar and the `show info` header block. Pure: state in, tagged lines out.
import type { Info, Snapshot } from '../stats/types';
import { safe } from './theme';
import { bar, clockText, fit, spread, uptime } from './text';
import { sanitize } from '../view/format';
import type { Connection } from '../app/controller';

const int = (info: Info, name: string): number | undefined => {
  const v = info.get(name);
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
};

export function topBar(version: string, address: string, connection: Connection, now: Date, width: number): string {
  const state = connection.kind === 'down' ? '  [HAProxy unreachable]' : connection.kind === 'connecting' ? '  [connecting]' : '';
  return `{inverse}${safe(spread(` hatop-ts ${version}  ${sanitize(address)}${state}`, `${clockText(now)} `, width))}{/inverse}`;
}

/** How many header lines fit: the full block on normal terminals, less on short ones. */
export const headerHeight = (rows: number): number => (rows >= 24 ? 4 : rows >= 16 ? 2 : 0);

export function headerLines(snapshot: Snapshot | undefined, height: number, width: number): string[] {
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
  const line1 = ` HAProxy Version: ${get('Version')}${released ? ` (released: ${released})` : ''}   PID: ${get('Pid')}${proc ? ` (proc ${proc})` : ''}`;
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
    ['Services', String(snapshot?.services.length ?? 0)],
  ] as const;
  const titles = counts.map(([t, v]) => t.padStart(Math.max(t.length, v.length))).join('  ');
  const values = counts.map(([t, v]) => v.padStart(Math.max(t.length, v.length))).join('  ');
  const line3 = ` Pipes: ${bar(int(info, 'PipesUsed'), int(info, 'Maxpipes'), inner)} ${pipes.padStart(9)}   ${titles}`;
  const line4 = ` Conns: ${bar(int(info, 'CurrConns'), int(info, 'Maxconn'), inner)} ${conns.padStart(9)}   ${values}`;
  const lines = height >= 4 ? [line1, line2, line3, line4] : [`${line1}   Node: ${node ?? '-'}`, line4];
  return lines.map((l) => safe(fit(l, width)));
}
