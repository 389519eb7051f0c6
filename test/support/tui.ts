// Shared helpers for the end-to-end tests of the interactive screen (test/e2e/tui-*.test.ts): the built CLI
// under a real pty against the real HAProxy lab, and ways to read the table the way a person does (find a
// service's row under its `>>> proxy` group, read its STATUS cell, see the selection in the footer).
import assert from 'node:assert/strict';
import { after, afterEach, before } from 'node:test';
import { startLab, type Lab } from './lab';
import { killAll, spawnHatop, type Term, type TermOptions } from './pty';
import { waitFor } from './wait';

export const COLS = 120;
export const ROWS = 40;

/** The servers of the lab (`broken` aside): what restoreLab() puts back to `ready` and 100% weight. */
export const LAB_SERVERS: readonly string[] = [
  'bk_app/nginx2',
  'bk_app/nginx1',
  'bk_api/api1',
  'bk_api/api2',
  'bk_api/nginx2',
  'bk_static/static1',
  'bk_static/nginx1',
  'li_web/web1',
  'li_web/web2',
  'li_web/nginx2',
];

/** Every backend with a server called nginx2, in HAProxy's order. */
export const NGINX2 = ['bk_app/nginx2', 'bk_api/nginx2', 'li_web/nginx2'] as const;

export interface OpenOptions extends TermOptions {
  /** Socket to use instead of the admin socket (e.g. lab.operatorSocket). */
  readonly socket?: string;
  /** Refresh interval in seconds (default 1). */
  readonly interval?: number;
  /** More CLI arguments (e.g. ['-n']). */
  readonly args?: readonly string[];
  /** Wait for the service table (default); false for a start in another view (-m 7). */
  readonly table?: boolean;
}

/**
 * blessed writes every frame as save-cursor, the changed cells, restore-cursor (`ESC 7 ... ESC 8`), in one write
 * that the pty may still cut into several reads: a screen read in between shows the top of the new frame over
 * the bottom of the old one. A frame is whole when the last ESC 7 has its ESC 8.
 */
export function frameDone(term: Term): boolean {
  const out = term.output();
  return out.lastIndexOf('\x1b8') > out.lastIndexOf('\x1b7');
}

type Screenable = string | RegExp | ((t: Term) => boolean);

/** term.waitFor, on whole frames only. */
export function waitScreen(term: Term, pred: Screenable, opts: { timeoutMs?: number; what?: string } = {}): Promise<void> {
  const test = typeof pred === 'function' ? pred : (t: Term): boolean => t.find(pred) !== undefined;
  const what = opts.what ?? String(pred);
  return term.waitFor((t) => frameDone(t) && test(t), opts.timeoutMs === undefined ? { what } : { what, timeoutMs: opts.timeoutMs });
}

/** Starts the built hatop-ts on the lab and waits until the whole table is on screen. */
export async function openHatop(lab: Lab, opts: OpenOptions = {}): Promise<Term> {
  const { socket, interval, args: more, table, ...termOptions } = opts;
  const args = ['-s', socket ?? lab.adminSocket, '-i', String(interval ?? 1), ...(more ?? [])];
  const term = spawnHatop(args, { cols: COLS, rows: ROWS, ...termOptions });
  if (table !== false) await waitForTable(term);
  return term;
}

/** The table has been drawn with data: the last proxy's group and a selection in the footer. */
export async function waitForTable(term: Term, timeoutMs = 10_000): Promise<void> {
  await waitScreen(term, (t) => findRow(t, 'li_web', 'nginx2') !== undefined && selectedId(t) !== undefined, {
    timeoutMs,
    what: 'the service table with li_web/nginx2 and a selection in the footer',
  });
}

/** The worker's PID the header shows (`PID: 1234`). */
export const shownPid = (term: Term): string | undefined => /PID: (\d+)/.exec(term.text())?.[1];

export const footer = (term: Term): string => term.lines()[term.lines().length - 1] ?? '';
/**
 * The status line (notices, "updated ...", "HAProxy unreachable ..."): the row above the footer, joined to the
 * two above it, because a long message wraps onto up to three rows (the joins restore the spaces it broke at).
 */
export const statusLine = (term: Term): string => {
  const lines = term.lines();
  return lines.slice(Math.max(0, lines.length - 4), lines.length - 1).map((l) => l.trim()).filter((l) => l !== '').join(' ');
};

/** The service the footer names as selected (`[pxname/svname]`), if any. */
export function selectedId(term: Term): string | undefined {
  return /\[([^\[\]]+\/[^\[\]]+)\]\s*$/.exec(footer(term))?.[1];
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The screen row of a service: the first row named `name` after the ` >>> proxy` group line, before a blank. */
export function findRow(term: Term, proxy: string, name: string): number | undefined {
  const lines = term.lines();
  const group = new RegExp(`^ >>> ${escapeRe(proxy)}(\\s|$)`);
  const start = lines.findIndex((l) => group.test(l));
  if (start < 0) return undefined;
  for (let row = start + 1; row < lines.length; row++) {
    const line = lines[row] ?? '';
    if (line.trim() === '' || line.startsWith(' >>> ')) return undefined;
    if (line.trim().split(/\s+/)[0] === name) return row;
  }
  return undefined;
}

/** Where a column's cells are: from its header's first character to the next header's. */
export function columnSpan(term: Term, header: string): { row: number; start: number; end: number } {
  const lines = term.lines();
  const row = lines.findIndex((l) => /^ NAME\s/.test(l));
  assert.ok(row >= 0, `no table header on screen\n${term.text()}`);
  const line = lines[row] ?? '';
  const start = line.search(new RegExp(`(?<=\\s)${escapeRe(header)}(?=\\s|$)`));
  assert.ok(start >= 0, `no ${header} column in the header "${line}"`);
  const rest = line.slice(start + header.length);
  const next = rest.search(/\S/);
  return { row, start, end: next < 0 ? line.length : start + header.length + next };
}

/** The text in a service's cell of a column (left-aligned columns such as STATUS), or undefined. */
export function cellText(term: Term, proxy: string, name: string, header = 'STATUS'): string | undefined {
  const row = findRow(term, proxy, name);
  if (row === undefined) return undefined;
  const { start, end } = columnSpan(term, header);
  return (term.lines()[row] ?? '').slice(start, end).trim();
}

/** A right-aligned numeric column (W): the last number before the next column starts. */
export function weightCell(term: Term, proxy: string, name: string): string | undefined {
  const row = findRow(term, proxy, name);
  if (row === undefined) return undefined;
  const { start } = columnSpan(term, 'STATUS');
  const before = (term.lines()[row] ?? '').slice(0, start).trimEnd();
  return /(\S+)$/.exec(before)?.[1];
}

export const statusCell = (term: Term, id: string): string | undefined => {
  const [proxy = '', name = ''] = id.split('/');
  return cellText(term, proxy, name);
};

/** Waits until a service's STATUS cell on screen satisfies `want` (a word or a test). */
export async function waitStatusCell(
  term: Term,
  id: string,
  want: string | ((status: string) => boolean),
  timeoutMs = 5000,
): Promise<void> {
  const ok = typeof want === 'string' ? (s: string): boolean => s === want : want;
  await waitScreen(
    term,
    (t) => {
      const status = statusCell(t, id);
      return status !== undefined && ok(status);
    },
    { timeoutMs, what: `the STATUS cell of ${id} to be ${typeof want === 'string' ? want : 'as expected'}` },
  );
}

/** Presses DOWN (or UP) one at a time, each after the last one's effect showed, until the footer names `id`. */
export async function select(term: Term, id: string, maxPresses = 60): Promise<void> {
  if (selectedId(term) === id) return;
  const [proxy = '', name = ''] = id.split('/');
  const target = findRow(term, proxy, name);
  const current = currentRow(term);
  const key = target !== undefined && current !== undefined && target < current ? 'up' : 'down';
  for (let i = 0; i < maxPresses; i++) {
    const before = selectedId(term);
    term.press(key);
    await waitScreen(term, (t) => selectedId(t) !== before || selectedId(t) === id, {
      timeoutMs: 3000,
      what: `the selection to move ${key} from ${before ?? 'nothing'} towards ${id}`,
    });
    if (selectedId(term) === id) return;
  }
  assert.fail(`could not select ${id} in ${maxPresses} presses\n${term.text()}`);
}

/** The screen row of the footer's selection, when it can be found. */
function currentRow(term: Term): number | undefined {
  const id = selectedId(term);
  if (id === undefined) return undefined;
  const [proxy = '', name = ''] = id.split('/');
  return findRow(term, proxy, name);
}

/** HAProxy's own `status` of a service, once it satisfies `want`; returns it. */
export async function waitHaproxy(
  lab: Lab,
  id: string,
  want: string | ((status: string) => boolean),
  timeoutMs = 5000,
): Promise<string> {
  const [proxy = '', name = ''] = id.split('/');
  const ok = typeof want === 'string' ? (s: string): boolean => s === want : want;
  return waitFor(
    async () => {
      const status = await lab.statusOf(proxy, name);
      return status !== undefined && ok(status) ? status : undefined;
    },
    { timeoutMs, intervalMs: 50, what: `HAProxy to report ${id} ${typeof want === 'string' ? want : 'as expected'}` },
  );
}

/** HAProxy's `status` of several services at once, keyed by id. */
export async function statuses(lab: Lab, ids: readonly string[]): Promise<Record<string, string | undefined>> {
  const rows = await lab.showStat();
  const out: Record<string, string | undefined> = {};
  for (const id of ids) {
    const [proxy, name] = id.split('/');
    out[id] = rows.find((r) => r['pxname'] === proxy && r['svname'] === name)?.['status'];
  }
  return out;
}

/** `get weight b/s` -> [current, initial]. */
export async function weightOf(lab: Lab, id: string): Promise<[number, number]> {
  const reply = await lab.rawCommand(`get weight ${id}`);
  const m = /^(\d+) \(initial (\d+)\)/.exec(reply);
  assert.ok(m, `unexpected answer to get weight ${id}: ${JSON.stringify(reply)}`);
  return [Number(m[1]), Number(m[2])];
}

/** Waits until HAProxy reports the weight; returns it. */
export async function waitWeight(lab: Lab, id: string, weight: number, timeoutMs = 5000): Promise<number> {
  let last: number | undefined;
  try {
    await waitFor(
      async () => {
        last = (await weightOf(lab, id))[0];
        return last === weight;
      },
      { timeoutMs, what: `HAProxy to report weight ${weight} for ${id}` },
    );
  } catch (err) {
    throw new Error(`${err instanceof Error ? err.message : String(err)} (last seen: ${String(last)})`);
  }
  return weight;
}

/** Puts every lab server back to `ready` and its initial weight, and waits until HAProxy reports them UP. */
export async function restoreLab(lab: Lab): Promise<void> {
  const commands = LAB_SERVERS.flatMap((id) => [`set server ${id} state ready`, `set weight ${id} 100%`]);
  const reply = await lab.rawCommand(commands.join('; '));
  assert.doesNotMatch(reply, /denied|unknown|No such|not found/i, `restoring the lab: ${reply}`);
  await waitFor(
    async () => {
      const now = await statuses(lab, LAB_SERVERS);
      return LAB_SERVERS.every((id) => (id === 'li_web/web2' ? now[id] === 'no check' : now[id] === 'UP'));
    },
    { timeoutMs: 8000, what: 'every lab server to be UP again after the restore' },
  );
}

/**
 * One lab per test file: started before its tests, every hatop-ts killed after each test (then `reset`, to put
 * HAProxy back as the next test expects it), everything stopped at the end. `use` receives the started lab.
 */
export function sharedLab(use: (lab: Lab) => void, reset?: (lab: Lab) => Promise<void>): void {
  let lab: Lab | undefined;
  before(async () => {
    lab = await startLab();
    use(lab);
  });
  after(async () => {
    await killAll();
    await lab?.stop();
  });
  afterEach(async () => {
    await killAll();
    if (lab !== undefined && reset !== undefined) await reset(lab);
  });
}
