// INFO (0): the process as HAProxy reports it: version, uptime, limits, rates and memory (`show info`), what it
// has been doing (`show activity`), the last protocol errors it captured (`show errors`) and its memory pools
// (`show pools`). A dump this version does not have says so on its section's line.
import { parseShowActivity, parseShowErrors, parseShowPools } from '../stats/process';
import { parseShowInfo } from '../stats/info';
import { col, refusalOf } from './common';
import type { Reader, RuntimeRow, RuntimeTable, RuntimeViewDef } from './types';

const COLUMNS = [col('NAME', 16, 28), col('VALUE', 20, 60, 'left', 'text', true)];

/** `show info` fields an operator looks at first, in this order; the others follow. */
const FIRST = ['Name', 'Version', 'Release_date', 'Pid', 'Uptime', 'Nbthread', 'Maxconn', 'CurrConns', 'Maxsock', 'Ulimit-n', 'Hard_maxconn', 'ConnRate', 'ConnRateLimit', 'SessRate', 'SessRateLimit', 'SslRate', 'SslFrontendKeyRate', 'Memmax_MB', 'PoolAlloc_MB', 'PoolUsed_MB', 'PoolFailed', 'Tasks', 'Run_queue', 'Idle_pct', 'Stopping', 'Jobs', 'Listeners'];
const TOP_POOLS = 15;

const section = (title: string): RuntimeRow => ({ key: `section:${title}`, cells: [title, ''], section: true });
const line = (group: string, name: string, value: string, tone?: 'bad' | 'warn'): RuntimeRow => ({ key: `${group}:${name}`, cells: [name, value], ...(tone === undefined ? {} : { tone }) });

interface Dumps {
  readonly info: ReadonlyMap<string, string> | string;
  readonly activity: ReturnType<typeof parseShowActivity> | string;
  readonly errors: ReturnType<typeof parseShowErrors> | string;
  readonly pools: ReturnType<typeof parseShowPools> | string;
}

async function readAll(read: Reader): Promise<Dumps> {
  const one = async <T>(command: string, parse: (text: string) => T): Promise<T | string> => {
    const result = await read(command, { cap: 5000 });
    return refusalOf(command, result) ?? parse(result.text);
  };
  return {
    info: await one('show info', parseShowInfo),
    activity: await one('show activity', parseShowActivity),
    errors: await one('show errors', parseShowErrors),
    pools: await one('show pools', parseShowPools),
  };
}

function rows(d: Dumps): RuntimeRow[] {
  const out: RuntimeRow[] = [section('Process (show info)')];
  if (typeof d.info === 'string') out.push(line('info', 'show info', d.info, 'bad'));
  else {
    const names = [...FIRST.filter((n) => d.info instanceof Map && d.info.has(n)), ...[...d.info.keys()].filter((n) => !FIRST.includes(n))];
    for (const name of names) out.push(line('info', name, d.info.get(name) ?? ''));
  }
  out.push(section('Captured errors (show errors)'));
  if (typeof d.errors === 'string') out.push(line('errors', 'show errors', d.errors, 'warn'));
  else {
    out.push(line('errors', 'total', d.errors.total === undefined ? '-' : String(d.errors.total), (d.errors.total ?? 0) > 0 ? 'warn' : undefined));
    d.errors.errors.forEach((e, i) => out.push(line('errors', `${i + 1}. ${e.when}`, e.summary, 'warn')));
  }
  out.push(section('Activity (show activity)'));
  if (typeof d.activity === 'string') out.push(line('activity', 'show activity', d.activity, 'warn'));
  else for (const a of d.activity) out.push(line('activity', a.name, a.perThread.length > 0 ? `${a.total}  [${a.perThread.join(' ')}]` : a.total));
  out.push(section(`Memory pools, the ${TOP_POOLS} largest (show pools)`));
  if (typeof d.pools === 'string') out.push(line('pools', 'show pools', d.pools, 'warn'));
  else {
    const largest = [...d.pools.pools].sort((a, b) => (b.allocatedBytes ?? 0) - (a.allocatedBytes ?? 0)).slice(0, TOP_POOLS);
    for (const p of largest) out.push(line('pools', p.name, `${p.allocatedBytes ?? '-'} bytes in ${p.allocated ?? '-'} (${p.used ?? '-'} used, ${p.failures ?? 0} failures, ${p.size ?? '-'} B each)`, (p.failures ?? 0) > 0 ? 'warn' : undefined));
    if (d.pools.total !== undefined) out.push(line('pools', 'Total', d.pools.total));
  }
  return out;
}

function table(d: Dumps): RuntimeTable {
  const version = typeof d.info === 'string' ? '' : ` ${d.info.get('Version') ?? ''}, pid ${d.info.get('Pid') ?? '?'}, up ${d.info.get('Uptime') ?? '?'}`;
  return { title: `INFO${version}`, columns: COLUMNS, rows: rows(d) };
}

const orError = <T>(v: T | string, json: (v: T) => unknown): unknown => (typeof v === 'string' ? { error: v } : json(v));

export const INFO: RuntimeViewDef = {
  kind: 'runtime',
  mode: 0,
  name: 'INFO',
  called: 'the process view',
  description: 'Process view: version, uptime, limits, rates, memory, activity, pools, captured errors',
  load: async (read) => table(await readAll(read)),
  dump: async (read) => {
    const d = await readAll(read);
    return {
      tables: [table(d)],
      json: {
        info: orError(d.info, (m) => Object.fromEntries(m)),
        activity: orError(d.activity, (a) => a),
        errors: orError(d.errors, (e) => e),
        pools: orError(d.pools, (p) => p),
      },
    };
  },
  actions: {},
};
