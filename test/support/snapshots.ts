// Snapshots for the app and screen tests: the recorded 2.6 fixture, synthetic `show stat` CSV of any size,
// and what drives a Controller in-process: a stub Transport serving that text and a manual Clock.
import { afterEach } from 'node:test';
import type { Config } from '../../src/config';
import { Controller, type Transport } from '../../src/app/controller';
import type { Clock } from '../../src/app/poller';
import type { Command } from '../../src/runtime/types';
import { buildSnapshot, serviceId } from '../../src/stats/model';
import type { Snapshot } from '../../src/stats/types';
import { CliLog } from '../../src/app/cli-log';
import { emptyLine } from '../../src/app/line-editor';
import type { ViewState } from '../../src/ui/frame';
import { buildRows, firstId } from '../../src/view/rows';
import { readFixture } from './fixtures';

export const stat26 = (): string => readFixture('stat-2.6.csv');
export const info26 = (): string => readFixture('info-2.6.txt');

/** The recorded HAProxy 2.6 snapshot (fe_main, stats_listen, be_app, web x2, checkee, be_chk). */
export const fixtureSnapshot = (at = 0): Snapshot => buildSnapshot(stat26(), info26(), at);

/** The 2.6 `show info` with some fields replaced (e.g. `{ Stopping: '1' }`, `{ Pid: '4242' }`). */
export function infoWith(overrides: Readonly<Record<string, string>>): string {
  return info26()
    .split('\n')
    .map((line) => {
      const colon = line.indexOf(':');
      const name = colon < 0 ? '' : line.slice(0, colon);
      return Object.hasOwn(overrides, name) ? `${name}: ${overrides[name]}` : line;
    })
    .join('\n');
}

export interface SynthServer {
  readonly name: string;
  readonly status?: string;
  /** null: the field is empty (HAProxy sent no weight). */
  readonly weight?: number | null;
  /** Defaults to `weight`. */
  readonly uweight?: number | null;
  readonly check?: string;
  /** Current sessions and queue (default 0). */
  readonly scur?: number;
  readonly qcur?: number;
}

export interface SynthProxy {
  readonly name: string;
  readonly iid: number;
  readonly frontend?: boolean;
  readonly listeners?: readonly string[];
  readonly servers?: readonly (string | SynthServer)[];
  readonly backend?: boolean;
}

const COLUMNS = [
  'pxname', 'svname', 'qcur', 'qmax', 'scur', 'smax', 'slim', 'stot', 'bin', 'bout', 'dreq', 'dresp', 'ereq', 'econ',
  'eresp', 'status', 'weight', 'act', 'bck', 'chkfail', 'chkdown', 'lastchg', 'downtime', 'iid', 'sid', 'lbtot', 'type',
  'rate', 'rate_lim', 'rate_max', 'check_status', 'hrsp_1xx', 'hrsp_2xx', 'hrsp_3xx', 'hrsp_4xx', 'hrsp_5xx',
  'hrsp_other', 'req_rate', 'req_rate_max', 'req_tot', 'uweight',
] as const;
type Column = (typeof COLUMNS)[number];

function row(values: Partial<Record<Column, string | number | null>>): string {
  return `${COLUMNS.map((c) => {
    const v = values[c];
    return v === undefined || v === null ? '' : String(v);
  }).join(',')},`;
}

/** A `show stat` reply (CSV, HAProxy's layout: `# ` header, trailing commas, blank line at the end). */
export function statCsv(proxies: readonly SynthProxy[]): string {
  const lines = [`# ${COLUMNS.join(',')},`];
  for (const p of proxies) {
    const common = { pxname: p.name, iid: p.iid, scur: 0, smax: 3, stot: 42 };
    if (p.frontend === true) lines.push(row({ ...common, svname: 'FRONTEND', sid: 0, type: 0, status: 'OPEN', slim: 100 }));
    (p.listeners ?? []).forEach((name, i) => lines.push(row({ ...common, svname: name, sid: i + 1, type: 3, status: 'OPEN' })));
    (p.servers ?? []).forEach((s, i) => {
      const server: SynthServer = typeof s === 'string' ? { name: s } : s;
      const weight = server.weight === undefined ? 1 : server.weight;
      lines.push(
        row({
          ...common,
          svname: server.name,
          sid: i + 1,
          type: 2,
          status: server.status ?? 'UP',
          weight,
          uweight: server.uweight === undefined ? weight : server.uweight,
          act: 1,
          bck: 0,
          check_status: server.check ?? 'L4OK',
          scur: server.scur ?? 0,
          qcur: server.qcur ?? 0,
          chkfail: 0,
          chkdown: 0,
          lastchg: 120,
        }),
      );
    });
    if (p.backend === true) lines.push(row({ ...common, svname: 'BACKEND', sid: 0, type: 1, status: 'UP', weight: 1, act: 1, bck: 0 }));
  }
  return `${lines.join('\n')}\n\n`;
}

export const SERVERS_STATE_HEADER =
  '# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight srv_iweight srv_time_since_last_change srv_check_status srv_check_result srv_check_health srv_check_state srv_agent_state bk_f_forced_id srv_f_forced_id srv_fqdn srv_port srvrecord srv_use_ssl srv_check_port srv_check_addr srv_agent_addr srv_agent_port';

/**
 * A `show servers state` reply as HAProxy 2.6 prints it (format line `1`, the `# ` header, one line per server)
 * for these servers, `[backend, server]` or with their ids.
 */
export function serversState(servers: readonly (readonly [backend: string, server: string, beId?: number, srvId?: number])[]): string {
  const lines = servers.map(([b, s, beId, srvId], i) => `${beId ?? i + 2} ${b} ${srvId ?? 1} ${s} 127.0.0.1 2 0 1 1 2 1 0 2 0 0 0 0 - 80 - 0 0 - - 0`);
  return `1\n${SERVERS_STATE_HEADER}\n${lines.map((l) => `${l}\n`).join('')}`;
}

/** One CSV line's fields; a quoted field may hold commas and doubled quotes (one line only: enough here). */
function csvFields(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(field);
      field = '';
    } else field += c;
  }
  out.push(field);
  return out;
}

/**
 * What HAProxy would answer to `show servers state` while serving this `show stat` CSV: every server row
 * (type 2; without a type column, every row but FRONTEND and BACKEND), in order, with iid and sid as the ids.
 * Read with a small CSV split of its own, independent of the parser under test.
 */
export function serversStateOf(stat: string): string {
  const lines = stat.split('\n');
  const header = (lines[0] ?? '').replace(/^# /, '').split(',');
  const at = (name: string): number => header.indexOf(name);
  const servers: [string, string, number | undefined, number | undefined][] = [];
  for (const line of lines.slice(1)) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const f = csvFields(line);
    const type = at('type') < 0 ? undefined : f[at('type')];
    const name = f[at('svname')] ?? '';
    const isServer = type === undefined || type === '' ? name !== 'FRONTEND' && name !== 'BACKEND' : type === '2';
    if (!isServer) continue;
    const int = (column: string): number | undefined => {
      const v = at(column) < 0 ? undefined : f[at(column)];
      return v === undefined || v === '' ? undefined : Number(v);
    };
    servers.push([f[at('pxname')] ?? '', name, int('iid'), int('sid')]);
  }
  return serversState(servers);
}

export const syntheticSnapshot = (proxies: readonly SynthProxy[], at = 0): Snapshot => buildSnapshot(statCsv(proxies), info26(), at);

/** `servers` servers spread over backends of `perBackend` (`bk_0000/srv_00000` ...), for big-table tests. */
export function bigStat(servers: number, perBackend = 100): string {
  const proxies: SynthProxy[] = [];
  for (let b = 0; b * perBackend < servers; b++) {
    const names: string[] = [];
    for (let i = b * perBackend; i < Math.min(servers, (b + 1) * perBackend); i++) names.push(`srv_${String(i).padStart(5, '0')}`);
    proxies.push({ name: `bk_${String(b).padStart(4, '0')}`, iid: b + 2, servers: names, backend: true });
  }
  return statCsv(proxies);
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    instances: [{ name: 'test', address: { kind: 'unix', path: '/run/haproxy/test.sock' } }],
    intervalSec: 2,
    mode: 1,
    readOnly: false,
    mouse: true,
    filters: [],
    proxies: [],
    timeoutMs: 1000,
    sshCommand: undefined,
    drainTimeoutSec: 300,
    certWarnDays: 14,
    audit: undefined,
    sort: undefined,
    ...overrides,
  };
}

/**
 * A Transport that answers `show info` / `show stat` with the texts it holds (recorded fixtures unless told),
 * a canned reply by exact text, `show servers state` (unless canned) with the servers of the `stat` it serves,
 * and anything else with '' (HAProxy's "done"); it records every command sent.
 * (A plain object standing in for the runtime client in unit tests, not a fake socket server.)
 */
export class StubTransport implements Transport {
  info: string = info26();
  stat: string = stat26();
  /** Served once each, in order, before `info` (e.g. one `Stopping: 1` reply). */
  readonly nextInfos: string[] = [];
  /** Replies by exact command text. */
  readonly replies = new Map<string, string>();
  /** When set, every send rejects with it. */
  failWith: Error | undefined;
  /** Every command text sent, in order (polls included). */
  readonly sent: string[] = [];
  /** reconnect() calls (the controller drops the session). */
  reconnects = 0;

  send(command: Command | string): Promise<string> {
    const text = typeof command === 'string' ? command : command.text;
    this.sent.push(text);
    if (this.failWith !== undefined) return Promise.reject(this.failWith);
    if (text === 'show info') return Promise.resolve(this.nextInfos.shift() ?? this.info);
    if (text === 'show stat' || text.startsWith('show stat ')) return Promise.resolve(this.stat);
    const reply = this.replies.get(text);
    if (reply !== undefined) return Promise.resolve(reply);
    if (text === 'show servers state') return Promise.resolve(serversStateOf(this.stat));
    return Promise.resolve('');
  }

  reconnect(): void {
    this.reconnects++;
  }

  /** What was sent besides the polls. */
  commands(): string[] {
    return this.sent.filter((t) => t !== 'show info' && t !== 'show stat' && !t.startsWith('show stat '));
  }

  polls(): number {
    return this.sent.filter((t) => t === 'show info').length;
  }
}

/** A clock whose time moves only when told; timers fire in `advance`. */
export class ManualClock implements Clock {
  time = 0;
  private nextId = 1;
  readonly timers: { id: number; at: number; fn: () => void }[] = [];

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.push({ id, at: this.time + Math.max(0, ms), fn });
    return id;
  }

  clearTimeout(handle: unknown): void {
    const i = this.timers.findIndex((t) => t.id === handle);
    if (i >= 0) this.timers.splice(i, 1);
  }

  /** When the next timer is due, or undefined. */
  nextDue(): number | undefined {
    return this.timers.reduce<number | undefined>((m, t) => (m === undefined || t.at < m ? t.at : m), undefined);
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way, at its own time. */
  async advance(ms: number): Promise<void> {
    await flush(); // what is already under way settles first, as it would before a real timer fires
    const end = this.time + ms;
    for (;;) {
      const due = this.nextDue();
      if (due === undefined || due > end) break;
      await this.fireAt(due);
    }
    this.time = end;
    await flush();
  }

  /** Moves time to `at` without firing anything (a late event loop), then fires what is due, late. */
  async jumpTo(at: number): Promise<void> {
    await flush();
    this.time = at;
    for (;;) {
      const due = this.nextDue();
      if (due === undefined || due > this.time) break;
      await this.fireAt(due, this.time);
    }
  }

  private async fireAt(due: number, at = due): Promise<void> {
    const i = this.timers.findIndex((t) => t.at === due);
    const timer = this.timers[i];
    if (timer === undefined) return;
    this.timers.splice(i, 1);
    this.time = Math.max(this.time, at);
    timer.fn();
    await flush();
  }
}

/** Lets every promise chain that is already resolvable run (the stubs answer at once). */
export async function flush(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

export interface ControllerHarness {
  readonly controller: Controller;
  readonly stub: StubTransport;
  readonly clock: ManualClock;
}

/** A Controller on a stub transport and a manual clock, started, with its first poll done. */
export async function startController(config: Partial<Config> = {}, stub = new StubTransport()): Promise<ControllerHarness> {
  const clock = new ManualClock();
  const controller = new Controller(testConfig(config), stub, clock);
  controller.start();
  await flush();
  return { controller, stub, clock };
}

/**
 * The id of a service named as HAProxy's commands and the footer name it, `proxy/name`: the FRONTEND and
 * BACKEND rows by those names, anything else a server.
 */
export function sid(label: string): string {
  const slash = label.indexOf('/');
  const proxy = label.slice(0, slash);
  const name = label.slice(slash + 1);
  return serviceId(name === 'FRONTEND' ? 'frontend' : name === 'BACKEND' ? 'backend' : 'server', proxy, name);
}

/** Moves the selection down until the service labelled `label` is selected; fails if it is never reached. */
export function selectService(controller: Controller, label: string): void {
  controller.dispatch('home');
  for (let i = 0; i < controller.rows.length && controller.selectionLabel !== label; i++) controller.dispatch('down');
  if (controller.selectionLabel !== label) throw new Error(`cannot select ${label} (at ${String(controller.selectionLabel)})`);
}

/**
 * What renderFrame reads, as a plain object: the snapshot's rows, the first service selected, view 1, connected.
 * `null`: no data yet (connecting).
 */
export function viewState(data: Snapshot | null = fixtureSnapshot(), overrides: Partial<ViewState> = {}): ViewState {
  const snapshot = data ?? undefined;
  const rows = snapshot === undefined ? [] : buildRows(snapshot);
  return {
    mode: 1,
    overlay: { kind: 'none' },
    snapshot,
    rows,
    selectedId: firstId(rows),
    connection: snapshot === undefined ? { kind: 'connecting' } : { kind: 'up' },
    notice: undefined,
    log: new CliLog(),
    line: emptyLine(),
    lastUpdate: undefined,
    config: { readOnly: false, intervalSec: 2 },
    ...overrides,
  };
}

/** blessed tags out, `{open}` / `{close}` back to braces: the text a tagged line shows. */
export function untag(tagged: string): string {
  return tagged
    .replace(/\{open\}/g, '\u0001')
    .replace(/\{close\}/g, '\u0002')
    .replace(/\{\/?[a-z-]+\}/g, '')
    .replace(/\u0001/g, '{')
    .replace(/\u0002/g, '}');
}

/** Controllers started by a test file through `start`, each stopped after its test. Call once per file. */
export function controllers(): { start: (...args: Parameters<typeof startController>) => Promise<ControllerHarness> } {
  const running: Controller[] = [];
  afterEach(() => {
    for (const c of running.splice(0)) c.stop();
  });
  return {
    start: async (...args) => {
      const h = await startController(...args);
      running.push(h.controller);
      return h;
    },
  };
}
