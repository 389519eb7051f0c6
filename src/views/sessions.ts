// SESSIONS (6): `show sess`, every session or those of the service selected in the table views, as they stand;
// `d` kills one (`shutdown session`). A busy process has tens of thousands: the reply is read as it comes and only
// the first ones matching are kept.
import { isCliSession, parseSessionLine, parseShowSess, type SessionEntry } from '../stats/sessions';
import { col, partNote, refused, refusalOf, shortDuration } from './common';
import type { Reader, RuntimeRow, RuntimeTable, RuntimeViewDef, Scope, ViewContext } from './types';

/** Sessions kept from one reply. */
export const SESSION_CAP = 2000;

/** Kept in the view's memo when HAProxy refused `show sess show-uri`. */
const PLAIN = 'show sess without show-uri';

const COLUMNS = [col('ID', 14, 16), col('AGE', 4, 6, 'right'), col('SOURCE', 12, 22), col('FRONTEND', 8, 14), col('BACKEND', 8, 14), col('SERVER', 8, 14), col('CALLS', 5, 6, 'right'), col('URI', 10, 30, 'left', 'text', true)];

/** Whether a session belongs to the scope: a server's (backend and server), a backend's, a frontend's or listener's. */
export function inScope(s: SessionEntry, scope: Scope | undefined): boolean {
  if (isCliSession(s)) return false;
  if (scope === undefined) return true;
  switch (scope.kind) {
    case 'server':
      return s.backend === scope.proxy && s.server === scope.name;
    case 'backend':
      return s.backend === scope.proxy;
    case 'frontend':
    case 'listener':
      return s.frontend === scope.proxy;
    default: {
      const unknown: never = scope.kind;
      return unknown;
    }
  }
}

const scopeName = (scope: Scope | undefined): string => (scope === undefined ? 'all' : scope.kind === 'server' ? `${scope.proxy}/${scope.name}` : `${scope.proxy} (${scope.kind})`);

function row(s: SessionEntry): RuntimeRow {
  const cells = [s.id, shortDuration(s.ageSec), s.source, s.frontend, s.backend, s.server, s.fields.get('calls') ?? '', s.uri ?? ''];
  return { key: s.id, cells, open: { inside: s.id, label: `${s.source} to ${s.backend}/${s.server}` } };
}

const DETAIL_COLUMNS = [col('STATE (show sess ID)', 20, 120, 'left', 'text', true)];

/** ENTER on a session: its whole state as HAProxy dumps it (`show sess ID`), a line a row. */
async function detail(readLines: Reader, id: string, label: string | undefined): Promise<RuntimeTable> {
  const command = `show sess ${id}`;
  const result = await readLines(command, { cap: 500 });
  const title = `SESSIONS > ${id}${label === undefined ? '' : ` (${label})`}`;
  const refusal = refusalOf(command, result);
  if (refusal !== undefined) return refused(title, refusal, DETAIL_COLUMNS);
  const lines = result.text.split('\n').filter((l) => l.trim() !== '');
  if (lines.length === 0 || /^Session not found/.test(lines[0] ?? '')) return refused(title, 'The session has ended (ESC: back to the list).', DETAIL_COLUMNS);
  return { title, columns: DETAIL_COLUMNS, rows: lines.map((line, i) => ({ key: `line:${i}`, cells: [line] })) };
}

async function read(readLines: Parameters<RuntimeViewDef['load']>[0], ctx: ViewContext): Promise<{ table: RuntimeTable; sessions: SessionEntry[] }> {
  const title = `SESSIONS of ${scopeName(ctx.scope)}`;
  const options = {
    cap: SESSION_CAP,
    keep: (line: string): boolean => {
      const s = parseSessionLine(line);
      return s !== undefined && inScope(s, ctx.scope);
    },
  };
  // `show-uri` adds each session's URI where HAProxy has it (3.1+); older versions list the sessions without it.
  // A version that refuses the word is asked without it from then on.
  let result = ctx.memo.get(PLAIN) === true ? undefined : await readLines('show sess show-uri', options);
  if (result === undefined || refusalOf('show sess show-uri', result) !== undefined) {
    if (result !== undefined) ctx.memo.set(PLAIN, true);
    result = await readLines('show sess', options);
  }
  const refusal = refusalOf('show sess', result);
  if (refusal !== undefined) return { table: refused(title, refusal, COLUMNS), sessions: [] };
  const sessions = parseShowSess(result.text);
  const note = partNote(sessions.length, result, 'sessions', ctx.scope === undefined ? 's keeps to the selected service' : 'the oldest first as HAProxy lists them');
  const table: RuntimeTable = {
    title: `${title} (${sessions.length + result.dropped}${result.cut === true ? '+' : ''})`,
    columns: COLUMNS,
    rows: sessions.map(row),
    ...(note === undefined ? {} : { note }),
  };
  return { table, sessions };
}

export const SESSIONS: RuntimeViewDef = {
  kind: 'runtime',
  mode: 6,
  name: 'SESSIONS',
  called: 'the sessions view',
  description: 'Sessions view: who is connected where, since when, which URI; ENTER: one whole; d kills one',
  load: async (readLines, ctx) => (ctx.place.inside === undefined ? (await read(readLines, ctx)).table : detail(readLines, ctx.place.inside, ctx.place.label)),
  dump: async (readLines, ctx) => {
    const { table, sessions } = await read(readLines, ctx);
    return {
      tables: [table],
      json: {
        scope: ctx.scope === undefined ? null : scopeName(ctx.scope),
        sessions: sessions.map((s) => ({ id: s.id, proto: s.proto, source: s.source, frontend: s.frontend, backend: s.backend, server: s.server, ageSec: s.ageSec ?? null, uri: s.uri ?? null, fields: Object.fromEntries(s.fields) })),
        ...(table.refusal === undefined ? {} : { error: table.refusal }),
        ...(table.note === undefined ? {} : { note: table.note }),
      },
    };
  },
  actions: {
    remove: {
      label: 'kill a session',
      needs: 'admin',
      plan: (r, place) =>
        // Inside a session's state, d kills that session.
        place.inside !== undefined
          ? { title: `Kill session ${place.inside}${place.label === undefined ? '' : ` (${place.label})`}`, commands: [`shutdown session ${place.inside}`] }
          : { title: `Kill session ${r.key} (${r.cells[2] ?? ''} to ${r.cells[4] ?? ''}/${r.cells[5] ?? ''})`, commands: [`shutdown session ${r.key}`] },
    },
  },
};
