// `show map` / `show acl` -> the pattern references (files and inline ACLs); `show map <ref>` / `show acl <ref>` ->
// their entries. Pure.
//
// The list is a header then one line per reference: its unique id, its file between parentheses (empty for a
// pattern written in the configuration), a description, and from 2.4 the versions (2.6+: and the entry count):
//   # id (file) description
//   4 (DIR/hosts.map) pattern loaded from file 'DIR/hosts.map' used by map at file 'haproxy.cfg' line 22. curr_ver=0 next_ver=0 entry_cnt=3
//   5 () acl 'path_beg' file 'haproxy.cfg' line 23. curr_ver=0 next_ver=0 entry_cnt=1
// Maps and ACLs are numbered from the same counter, so `show map #0` may be "Unknown map identifier" while
// `show acl #0` exists. Inline ACLs made by HAProxy itself appear too (2.6: `acl 'var' file 'httpclient'`).
//
// Entries: `0x5583ff167bb0 site.example.test bk_app` for a map (the value is the rest of the line and may hold
// spaces), `0x5583ff166040 10.0.0.0/8` for an ACL (the pattern is the rest of the line: ACL file lines may hold
// spaces). Only the current version is listed, and a map's comment lines are not entries.

export type PatternKind = 'map' | 'acl';

export interface PatternFile {
  readonly kind: PatternKind;
  /** The `#id` HAProxy gives it. */
  readonly id: number;
  /** '' for an inline ACL ('()'). */
  readonly file: string;
  /** The description without the version fields that follow it. */
  readonly description: string;
  /** `entry_cnt=` (2.6+); undefined when absent. Counts entries being added to a next version too. */
  readonly entryCount: number | undefined;
  /** `curr_ver=` (2.4+): the version being matched. */
  readonly currentVersion?: number | undefined;
  /** `next_ver=` (2.4+): the last version `prepare map/acl` made. */
  readonly nextVersion?: number | undefined;
}

export interface PatternEntry {
  /** The entry's address ('0x5583ff167bb0'): `del map <ref> #<id>`, `set map <ref> #<id> <value>`. */
  readonly id: string;
  readonly key: string;
  /** A map entry's value; undefined for an ACL entry. */
  readonly value: string | undefined;
}

/** `4 (file) description. curr_ver=0 next_ver=0 entry_cnt=3`; the file stops at the first `) `. */
const LIST_LINE = /^(\d+) \((.*?)\) ?(.*)$/;
const VERSIONS = /\. curr_ver=(\d+) next_ver=(\d+)(?: entry_cnt=(\d+))?\s*$/;
/** An entry starts with its address; anything else (an error text, the list's header) is not an entry. */
const ENTRY = /^(0x[0-9a-fA-F]+) (.*)$/;

export function parsePatternList(text: string, kind: PatternKind): PatternFile[] {
  const out: PatternFile[] = [];
  for (const line of lines(text)) {
    const m = LIST_LINE.exec(line);
    if (!m) continue;
    const rest = m[3] ?? '';
    const v = VERSIONS.exec(rest);
    out.push({
      kind,
      id: Number(m[1]),
      file: m[2] ?? '',
      description: v ? rest.slice(0, v.index) : rest.trimEnd(),
      entryCount: v?.[3] === undefined ? undefined : Number(v[3]),
      currentVersion: v ? Number(v[1]) : undefined,
      nextVersion: v ? Number(v[2]) : undefined,
    });
  }
  return out;
}

/** `show map <ref>` lines `0x... key value` (value may contain spaces), `show acl <ref>` lines `0x... key`. */
export function parsePatternEntries(text: string, kind: PatternKind): PatternEntry[] {
  const out: PatternEntry[] = [];
  for (const line of lines(text)) {
    const m = ENTRY.exec(line);
    if (!m) continue;
    const rest = m[2] ?? '';
    switch (kind) {
      case 'map': {
        const sp = rest.indexOf(' ');
        out.push(sp < 0 ? { id: m[1] ?? '', key: rest, value: undefined } : { id: m[1] ?? '', key: rest.slice(0, sp), value: rest.slice(sp + 1) });
        break;
      }
      case 'acl':
        out.push({ id: m[1] ?? '', key: rest, value: undefined });
        break;
    }
  }
  return out;
}

/**
 * What to name a pattern file in commands: its file when it has one, else `#<id>`. Unescaped: the command
 * builders escape it (a file name may hold spaces or `;`).
 */
export function patternRef(file: PatternFile): string {
  return file.file !== '' ? file.file : `#${file.id}`;
}

function lines(text: string): string[] {
  return text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}
