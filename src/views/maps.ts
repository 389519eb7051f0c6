// MAPS (8): the maps and ACLs HAProxy loaded (`show map`, `show acl`), and ENTER on one, its entries. `a` adds
// an entry, `e` changes a map entry's value, `d` deletes one: the runtime edits of a block list or a routing
// table, each asked first. Big files are read as they come and only their first entries are kept.
import { parsePatternEntries, parsePatternList, patternRef, type PatternEntry, type PatternFile, type PatternKind } from '../stats/patterns';
import { col, partNote, pathCol, refused, refusalOf } from './common';
import type { Place, Reader, RuntimeRow, RuntimeTable, RuntimeViewDef } from './types';

export const PATTERN_CAP = 5000;

const LIST_COLUMNS = [col('KIND', 4, 4), col('ID', 3, 4, 'right'), pathCol('FILE', 16, 40, true), col('ENTRIES', 7, 8, 'right')];
const MAP_COLUMNS = [col('KEY', 12, 40, 'left', 'text', true), col('VALUE', 8, 30)];
const ACL_COLUMNS = [col('PATTERN', 12, 40, 'left', 'text', true)];

const isKind = (text: string | undefined): text is PatternKind => text === 'map' || text === 'acl';

function listRow(f: PatternFile): RuntimeRow {
  const ref = patternRef(f);
  const file = f.file === '' ? `(inline) ${f.description}` : f.file;
  return { key: `${f.kind}:${f.id}`, cells: [f.kind, String(f.id), file, f.entryCount === undefined ? '' : String(f.entryCount)], open: { inside: ref, label: f.file === '' ? `#${f.id}` : f.file, kind: f.kind } };
}

async function list(read: Reader): Promise<{ table: RuntimeTable; files: PatternFile[] }> {
  const files: PatternFile[] = [];
  const refusals: string[] = [];
  for (const kind of ['map', 'acl'] as const) {
    const result = await read(`show ${kind}`);
    const refusal = refusalOf(`show ${kind}`, result);
    if (refusal === undefined) files.push(...parsePatternList(result.text, kind));
    else refusals.push(refusal);
  }
  if (files.length === 0 && refusals.length > 0) return { table: refused('MAPS', refusals[0] ?? '', LIST_COLUMNS), files };
  const maps = files.filter((f) => f.kind === 'map').length;
  return { table: { title: `MAPS (${maps} maps, ${files.length - maps} ACLs; ENTER: entries)`, columns: LIST_COLUMNS, rows: files.map(listRow) }, files };
}

async function entries(read: Reader, place: Place): Promise<{ table: RuntimeTable; entries: PatternEntry[] }> {
  const kind = isKind(place.kind) ? place.kind : 'map';
  const ref = place.inside ?? '';
  const command = `show ${kind} ${ref}`;
  const title = `MAPS > ${kind} ${place.label ?? ref}`;
  const columns = kind === 'map' ? MAP_COLUMNS : ACL_COLUMNS;
  const result = await read(command, { cap: PATTERN_CAP });
  const refusal = refusalOf(command, result);
  if (refusal !== undefined) return { table: refused(title, refusal, columns), entries: [] };
  const found = parsePatternEntries(result.text, kind);
  const note = partNote(found.length, result, 'entries', '/ finds among them, and a key not shown can still be deleted or changed from the CLI view');
  const rows = found.map((e): RuntimeRow => ({ key: e.id, cells: kind === 'map' ? [e.key, e.value ?? ''] : [e.key] }));
  return { table: { title: `${title} (${found.length + result.dropped}${result.cut === true ? '+' : ''} entries)`, columns, rows, ...(note === undefined ? {} : { note }) }, entries: found };
}

/** The map or ACL opened, or why an edit needs one. */
function opened(place: Place): { kind: PatternKind; ref: string } | { refused: string } {
  if (place.inside === undefined || !isKind(place.kind)) return { refused: 'ENTER opens a map or an ACL first.' };
  return { kind: place.kind, ref: place.inside };
}

/** A key or value as HAProxy's CLI reads it: one word (spaces would split it). */
const oneWord = (text: string): boolean => text !== '' && !/\s/.test(text);

export const MAPS: RuntimeViewDef = {
  kind: 'runtime',
  mode: 8,
  name: 'MAPS',
  called: 'the maps and ACLs view',
  description: 'Maps and ACLs view: their files; ENTER: the entries, to add, change or delete',
  load: async (read, ctx) => (ctx.place.inside === undefined ? (await list(read)).table : (await entries(read, ctx.place)).table),
  dump: async (read) => {
    const top = await list(read);
    const tables: RuntimeTable[] = [top.table];
    const json: unknown[] = [];
    for (const f of top.files) {
      const got = await entries(read, listRow(f).open ?? {});
      tables.push(got.table);
      json.push({ kind: f.kind, id: f.id, file: f.file, description: f.description, entries: got.entries.map((e) => (f.kind === 'map' ? { id: e.id, key: e.key, value: e.value ?? null } : { id: e.id, pattern: e.key })), ...(got.table.note === undefined ? {} : { note: got.table.note }) });
    }
    return { tables, json: { maps: json.filter((_, i) => top.files[i]?.kind === 'map'), acls: json.filter((_, i) => top.files[i]?.kind === 'acl') } };
  },
  actions: {
    add: {
      label: 'add an entry',
      prompt: (place) => {
        const at = opened(place);
        if ('refused' in at) return at;
        return at.kind === 'map' ? `Add to map ${place.label ?? at.ref} (KEY VALUE): ` : `Add to ACL ${place.label ?? at.ref} (PATTERN): `;
      },
      plan: (text, place) => {
        const at = opened(place);
        if ('refused' in at) return at;
        const [key = '', ...rest] = text.trim().split(/\s+/);
        const value = rest.join(' ');
        if (at.kind === 'map') {
          if (!oneWord(key) || value === '') return { refused: `"${text}" is not KEY VALUE: nothing sent.` };
          return { title: `Add ${key} -> ${value} to map ${place.label ?? at.ref}`, commands: [`add map ${at.ref} ${key} ${value}`] };
        }
        if (!oneWord(key) || rest.length > 0) return { refused: `"${text}" is not one pattern: nothing sent.` };
        return { title: `Add ${key} to ACL ${place.label ?? at.ref}`, commands: [`add acl ${at.ref} ${key}`] };
      },
    },
    change: {
      label: 'change a value',
      prompt: (row, place) => {
        const at = opened(place);
        if ('refused' in at) return at;
        if (at.kind !== 'map') return { refused: 'An ACL entry has no value: d deletes it, a adds another.' };
        return `New value for ${row.cells[0] ?? row.key}: `;
      },
      initial: (row) => row.cells[1] ?? '',
      plan: (row, text, place) => {
        const at = opened(place);
        if ('refused' in at) return at;
        if (text.trim() === '') return { refused: 'An empty value: nothing sent.' };
        return { title: `Set ${row.cells[0] ?? row.key} -> ${text.trim()} in map ${place.label ?? at.ref}`, commands: [`set map ${at.ref} #${row.key} ${text.trim()}`] };
      },
    },
    remove: {
      label: 'delete an entry',
      plan: (row, place) => {
        const at = opened(place);
        if ('refused' in at) return at;
        return { title: `Delete ${row.cells[0] ?? row.key} from ${at.kind} ${place.label ?? at.ref}`, commands: [`del ${at.kind} ${at.ref} #${row.key}`] };
      },
    },
  },
};
