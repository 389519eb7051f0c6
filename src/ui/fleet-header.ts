// The header block with several HAProxy instances: one line per instance (state, pid, version, uptime,
// connections, services), the ones in trouble first when they do not all fit, and a summary line beyond that.
// Pure: state in, tagged lines out.
import type { Info } from '../stats/types';
import { clock, type InstanceStatus } from '../view/fleet-rows';
import { sanitize } from '../view/format';
import { paint, safe, type Theme } from './theme';
import { fit, uptime } from './text';

const value = (info: Info | undefined, name: string): string | undefined => {
  const v = info?.get(name);
  return v === undefined || v === '' ? undefined : sanitize(v);
};

/** One instance in one line: `lb2   DOWN  since 12:01:02: connection refused`, or its pid, version, uptime. */
export function instanceLine(status: InstanceStatus, nameWidth: number, width: number, theme: Theme): string {
  const name = ` ${fit(sanitize(status.name), nameWidth)}  `;
  const c = status.connection;
  if (c.kind === 'down') {
    const rest = fit(`  since ${clock(c.since)}: ${sanitize(c.message)}`, Math.max(0, width - name.length - 4));
    return `${safe(name)}${paint(theme, 'bad', 'DOWN')}${safe(rest)}`;
  }
  if (c.kind === 'connecting') return safe(fit(`${name}connecting...`, width));
  const info = status.info;
  const up = value(info, 'Uptime_sec');
  const reloading = value(info, 'Stopping') === '1' ? '  reloading' : '';
  const parts = [
    `pid ${value(info, 'Pid') ?? '-'}`,
    value(info, 'Version') ?? '-',
    `up ${up !== undefined && /^\d+$/.test(up) ? uptime(Number(up)) : (value(info, 'Uptime') ?? '-')}`,
    `conns ${value(info, 'CurrConns') ?? '-'}/${value(info, 'Maxconn') ?? '-'}`,
    `${status.services} services`,
    ...(status.procs === undefined ? [] : [sanitize(status.procs)]),
  ];
  return `${safe(name)}${paint(theme, 'good', 'UP  ')}${safe(fit(`${reloading}  ${parts.join('  ')}`, Math.max(0, width - name.length - 4)))}`;
}

export function fleetHeaderLines(instances: readonly InstanceStatus[], height: number, width: number, theme: Theme): string[] {
  if (height === 0 || instances.length === 0) return [];
  const nameWidth = Math.min(16, Math.max(...instances.map((s) => s.name.length)));
  if (instances.length <= height) return instances.map((s) => instanceLine(s, nameWidth, width, theme));
  // Not all fit: a summary first, then the instances in trouble before the healthy ones.
  const count = (kind: InstanceStatus['connection']['kind']): number => instances.filter((s) => s.connection.kind === kind).length;
  const down = count('down');
  const summary = ` ${instances.length} instances: ${count('up')} up, ${down} down${count('connecting') > 0 ? `, ${count('connecting')} connecting` : ''}`;
  const order = [...instances].sort((a, b) => rank(a) - rank(b));
  const shown = order.slice(0, height - 1);
  const hidden = instances.length - shown.length;
  const more = `  (${hidden} more not shown)`;
  return [safe(fit(`${summary}${more}`, width)), ...shown.map((s) => instanceLine(s, nameWidth, width, theme))];
}

const rank = (s: InstanceStatus): number => (s.connection.kind === 'down' ? 0 : s.connection.kind === 'connecting' ? 1 : 2);
