// `show table` -> the stick tables; `show table NAME [data.X op V]` -> one table's entries. Pure.
//
// Every table is announced by the same line from 2.0 to 3.x:
//   # table: app, type: ip, size:1024, used:2
// and each entry is one line, its address, key, users and time to expiry (ms; 0 when the table has no expire),
// then the stored data by name:
//   0x5583ff306d48: key=127.0.0.1 use=3 exp=240508 gpc0=0 conn_cur=3 http_req_cnt=7 http_req_rate(10000)=0
// 2.7+ insert `shard=N` after exp. Rates carry their period in ms (`http_req_rate(10000)`), arrays are numbered
// (`gpc0`, `gpc1_rate(1000)`), a dict (`server_key`) holds a name or '-'.
// Keys as printed: ip and ipv6 in their usual notation, integer unsigned, binary as hex of the whole key length
// (`4142000000000000` for "AB" in a `len 8` table), string with `\ `, `\=`, `\\`, `\t`, `\n`, `\r`, `\e` and
// `\xHH` escapes (so a key never holds a raw space and `key=hello\ world use=0` is one key). The printed form is
// what HAProxy's CLI reads back for spaces, '=' and '\' (`clear table st key hello\ world`), not for controls.
// A socket at level user gets the header then `# contents not dumped due to insufficient privileges`.

export interface StickTableInfo {
  readonly name: string;
  /** ip, ipv6, integer, string, binary. */
  readonly type: string;
  readonly size: number;
  readonly used: number;
}

export interface StickEntry {
  /** The entry's address, '0x5581bb2a8fc8'. */
  readonly id: string;
  /** `key=` as printed (escaped, see above). */
  readonly key: string;
  /** `key` with HAProxy's escapes undone: what the key really is ('hello world'). */
  readonly keyText?: string;
  /** `use=`: streams tracking the entry right now. */
  readonly use: number | undefined;
  /** `exp=`: milliseconds left; 0 for a table without expire. */
  readonly expMs: number | undefined;
  /** 2.7+ `shard=`. */
  readonly shard?: number | undefined;
  /** The stored data by name as printed: conn_cur -> '3', 'http_req_rate(10000)' -> '3', server_key -> 'srv1'. */
  readonly data: ReadonlyMap<string, string>;
}

export interface TableEntries {
  readonly table: StickTableInfo | undefined;
  readonly entries: StickEntry[];
  /** True when HAProxy said it would not dump the entries to this socket's level (user). */
  readonly contentsHidden?: boolean;
}

const HEADER = /^# table: (.*), type: (\S*), size:(\d+), used:(\d+)\s*$/;
/** id, key (up to the first ` use=`: an escaped key cannot hold one), use, exp, the rest. */
const ENTRY = /^(\S+): key=(.*?) use=(-?\d+) exp=(-?\d+)(.*)$/;
const HIDDEN = '# contents not dumped due to insufficient privileges';
const ESCAPES: Readonly<Record<string, string>> = { t: '\t', n: '\n', r: '\r', e: '\x1b' };

/** `show table` (every `# table: ...` line). */
export function parseTableList(text: string): StickTableInfo[] {
  const out: StickTableInfo[] = [];
  for (const line of lines(text)) {
    const table = parseHeader(line);
    if (table !== undefined) out.push(table);
  }
  return out;
}

export function parseTableEntryLine(line: string): StickEntry | undefined {
  const m = ENTRY.exec(line.endsWith('\r') ? line.slice(0, -1) : line);
  if (!m) return undefined;
  const data = new Map<string, string>();
  let shard: number | undefined;
  for (const token of (m[5] ?? '').split(' ')) {
    const eq = token.indexOf('=');
    if (eq <= 0) continue;
    const name = token.slice(0, eq);
    const value = token.slice(eq + 1);
    if (name === 'shard' && shard === undefined && /^\d+$/.test(value)) shard = Number(value);
    else if (!data.has(name)) data.set(name, value);
  }
  const key = m[2] ?? '';
  return {
    id: m[1] ?? '',
    key,
    keyText: unescapeKey(key),
    use: Number(m[3]),
    expMs: Number(m[4]),
    shard,
    data,
  };
}

/** `show table NAME [data.X op V]`: its header line and entries. */
export function parseTableEntries(text: string): TableEntries {
  let table: StickTableInfo | undefined;
  let contentsHidden = false;
  const entries: StickEntry[] = [];
  for (const line of lines(text)) {
    if (line.startsWith('#')) {
      if (line.trimEnd() === HIDDEN) contentsHidden = true;
      else table ??= parseHeader(line);
      continue;
    }
    const entry = parseTableEntryLine(line);
    if (entry !== undefined) entries.push(entry);
  }
  return { table, entries, contentsHidden };
}

/** Undoes HAProxy's dump_text() escapes: `\ ` `\=` `\\` -> themselves, `\t` `\n` `\r` `\e`, `\xHH`. */
export function unescapeKey(key: string): string {
  return key.replace(/\\(x[0-9a-fA-F]{2}|.)/g, (_all, c: string) =>
    c.length === 3 ? String.fromCharCode(parseInt(c.slice(1), 16)) : (ESCAPES[c] ?? c),
  );
}

function parseHeader(line: string): StickTableInfo | undefined {
  const m = HEADER.exec(line);
  if (!m) return undefined;
  return { name: m[1] ?? '', type: m[2] ?? '', size: Number(m[3]), used: Number(m[4]) };
}

function lines(text: string): string[] {
  return text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}
