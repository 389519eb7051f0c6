// TABLES (7): the stick tables (`show table`), and ENTER on one, its entries with their counters. A filter typed
// as `COUNTER OP VALUE` (`http_req_rate gt 10`) is sent to HAProxy (`data.X op V`), so a table of a million
// entries is narrowed where it lives; only the first entries of a reply are kept. `d` clears one entry, `D` what
// the filter selects.
import { parseTableEntries, parseTableList, type StickEntry, type StickTableInfo } from '../stats/tables';
import { col, partNote, refused, refusalOf } from './common';
import type { Place, Reader, RuntimeColumn, RuntimeRow, RuntimeTable, RuntimeViewDef } from './types';

export const ENTRY_CAP = 1000;

const LIST_COLUMNS = [col('TABLE', 10, 24, 'left', 'text', true), col('TYPE', 6, 8), col('SIZE', 6, 10, 'right'), col('USED', 6, 10, 'right'), col('USE%', 5, 5, 'right')];

const OPS: Readonly<Record<string, string>> = { eq: 'eq', ne: 'ne', lt: 'lt', le: 'le', gt: 'gt', ge: 'ge', '=': 'eq', '==': 'eq', '!=': 'ne', '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge' };

/** `http_req_rate gt 10`, `data.gpc0 > 0`: the filter HAProxy applies, as `data.X op V`; undefined for plain text. */
export function dataFilter(text: string): string | undefined {
  const m = /^\s*(?:data\.)?([a-z_][a-z0-9_]*)(?:\(\d+\))?\s*(eq|ne|lt|le|gt|ge|==|=|!=|<=|>=|<|>)\s*(-?\d+)\s*$/i.exec(text);
  const op = m === null ? undefined : OPS[(m[2] ?? '').toLowerCase()];
  return m === null || op === undefined ? undefined : `data.${(m[1] ?? '').toLowerCase()} ${op} ${m[3] ?? ''}`;
}

function listRow(t: StickTableInfo): RuntimeRow {
  const pct = t.size > 0 ? Math.round((t.used / t.size) * 100) : 0;
  return { key: t.name, cells: [t.name, t.type, String(t.size), String(t.used), `${pct}%`], open: { inside: t.name, label: t.name }, ...(pct >= 90 ? { tone: 'warn' as const } : {}) };
}

async function list(read: Reader): Promise<{ table: RuntimeTable; tables: StickTableInfo[] }> {
  const result = await read('show table');
  const refusal = refusalOf('show table', result);
  if (refusal !== undefined) return { table: refused('TABLES', refusal, LIST_COLUMNS), tables: [] };
  const tables = parseTableList(result.text);
  return { table: { title: `TABLES (${tables.length} stick tables; ENTER: entries)`, columns: LIST_COLUMNS, rows: tables.map(listRow) }, tables };
}

/** The counters' columns: every data name the entries shown have, in the order HAProxy prints them. */
function dataNames(entries: readonly StickEntry[]): string[] {
  const names = new Set<string>();
  for (const e of entries) for (const name of e.data.keys()) names.add(name);
  return [...names];
}

async function entries(read: Reader, name: string, filter: string): Promise<{ table: RuntimeTable; info: StickTableInfo | undefined; entries: StickEntry[] }> {
  const onHaproxy = dataFilter(filter);
  const command = `show table ${name}${onHaproxy === undefined ? '' : ` ${onHaproxy}`}`;
  // The header line, then the entries.
  const result = await read(command, { cap: ENTRY_CAP + 1 });
  const base = `TABLES > ${name}`;
  const refusal = refusalOf(command, result);
  if (refusal !== undefined) return { table: refused(base, refusal), info: undefined, entries: [] };
  const parsed = parseTableEntries(result.text);
  if (parsed.contentsHidden === true) return { table: refused(base, "This socket's level (user) does not show a table's entries: open an operator or admin socket."), info: parsed.table, entries: [] };
  const names = dataNames(parsed.entries);
  const columns: RuntimeColumn[] = [col('KEY', 10, 40, 'left', 'text', true), ...names.map((n) => col(n.toUpperCase(), Math.min(8, n.length), n.length + 1, 'right')), col('EXP', 5, 7, 'right'), col('USE', 3, 4, 'right')];
  const info = parsed.table;
  const title = `${base}${info === undefined ? '' : ` (type ${info.type}, ${info.used} of ${info.size} used)`}${onHaproxy === undefined ? '' : `, ${onHaproxy}`}`;
  const note = partNote(parsed.entries.length, result, 'entries', 'narrow them on HAProxy\'s side with f, e.g. "http_req_rate gt 10"');
  const rows = parsed.entries.map((e): RuntimeRow => ({
    key: e.key,
    cells: [e.key, ...names.map((n) => e.data.get(n) ?? ''), e.expMs === undefined ? '-' : `${Math.round(e.expMs / 1000)}s`, e.use === undefined ? '' : String(e.use)],
  }));
  return { table: { title, columns, rows, ...(note === undefined ? {} : { note }), ...(onHaproxy === undefined ? {} : { filteredByHaproxy: true }) }, info, entries: parsed.entries };
}

const inside = (place: Place): string | undefined => place.inside;

export const TABLES: RuntimeViewDef = {
  kind: 'runtime',
  mode: 7,
  name: 'TABLES',
  called: 'the stick tables view',
  description: 'Stick tables view: their size and use; ENTER: the entries and their counters',
  load: async (read, ctx) => {
    const name = inside(ctx.place);
    return name === undefined ? (await list(read)).table : (await entries(read, name, ctx.filter)).table;
  },
  dump: async (read, ctx) => {
    const top = await list(read);
    const tables: RuntimeTable[] = [top.table];
    const json: unknown[] = [];
    for (const t of top.tables) {
      const got = await entries(read, t.name, ctx.filter);
      tables.push(got.table);
      json.push({
        name: t.name,
        type: t.type,
        size: t.size,
        used: t.used,
        entries: got.entries.map((e) => ({ key: e.key, use: e.use ?? null, expMs: e.expMs ?? null, data: Object.fromEntries([...e.data].map(([k, v]) => [k, /^-?\d+$/.test(v) ? Number(v) : v])) })),
        ...(got.table.note === undefined ? {} : { note: got.table.note }),
      });
    }
    return { tables, json: { tables: json, ...(top.table.refusal === undefined ? {} : { error: top.table.refusal }) } };
  },
  actions: {
    remove: {
      label: 'clear an entry',
      plan: (row, place) => {
        const name = inside(place);
        if (name === undefined) return { refused: 'd clears one entry: ENTER opens a table first.' };
        return { title: `Clear ${row.key} from stick table ${name}`, commands: [`clear table ${name} key ${row.key}`] };
      },
    },
    removeMatching: {
      label: 'clear the filtered entries',
      plan: (place, filter) => {
        const name = inside(place);
        const onHaproxy = dataFilter(filter);
        if (name === undefined) return { refused: 'D clears the entries a filter selects: ENTER opens a table first.' };
        if (onHaproxy === undefined) return { refused: 'D clears the entries a filter on HAProxy\'s side selects: f, then e.g. "gpc0 gt 0".' };
        return { title: `Clear every entry of ${name} with ${onHaproxy}`, commands: [`clear table ${name} ${onHaproxy}`] };
      },
    },
  },
};
