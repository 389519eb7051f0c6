// `show sess` -> one entry per stream ("session"), from the short one-line-per-stream form. Pure.
//
// A line is the stream's address, then space-separated fields:
//   0x5583ff24e240: proto=tcpv4 src=127.0.0.1:44938 fe=app be=bk_app srv=slowsrv ts=00 epoch=0 age=1m27s calls=3
//     rate=0 cpu=0 lat=0 rq[f=49c40000h,i=0,an=8000h,rx=,wx=,ax=] rp[...] scf=[8,80h,fd=15] scb=[8,11h,fd=16]
//     exp=8m32s rc=0 c_exp=
// The fields after `srv=` change with the version (2.0: no epoch, s0=[...] s1=[...]; 2.2-2.6: scf/scb, rc, c_exp;
// 2.8+: rq/rp without rx/wx, scf=[...,rex=,wex=]; 3.1+ `show sess show-uri`: a last `uri="..."`), so every field
// is kept by name. Values may be empty (`c_exp=`), bracketed groups are one field, `run(nice=0)` shows a queued
// task. A stream with no client connection (an applet, the HTTP client) has no src/fe/be/srv at all.
// IPv6 sources are not bracketed: `src=::1:51234`.
//
// `show sess <id>`, `show sess all` and (2.9-3.0) `show sess older <age>` answer in a multi-line form whose first
// line is `0x...: [date] id=... proto=...`: those lines are not sessions here.

export interface SessionEntry {
  /** The stream's address as HAProxy prints it ('0x5581bb1f4fc0'), what `shutdown session <id>` takes. */
  readonly id: string;
  /** 'tcpv4', 'tcpv6', 'unix_stream', 'sockpair', '?' ... */
  readonly proto: string;
  /** `src=`: '127.0.0.1:44266', '::1:51234', 'unix:1'; '' when the stream has no client connection. */
  readonly source: string;
  /** `fe=`; '' when absent. */
  readonly frontend: string;
  /** `be=`, '<NONE>' kept as is; '' when absent. */
  readonly backend: string;
  /** `srv=`, '<none>' kept as is; '' when absent. */
  readonly server: string;
  /** `age` in seconds. HAProxy prints at most two units ('1h2m' for 1h2m59s), so this is a lower bound. */
  readonly ageSec: number | undefined;
  /** `age=` as printed. */
  readonly age: string;
  /** `uri="..."` without its quotes (3.1+ `show sess show-uri`, HTTP streams only). */
  readonly uri: string | undefined;
  /** Every top-level field by name, as printed: 'epoch' -> '0x1', 'rq' -> '[f=...]', 'scf' -> '[8,80h,fd=15]'
   *  ('uri' without its quotes). */
  readonly fields: ReadonlyMap<string, string>;
}

/** `0x...: proto=` opens a short-form line; the long form has a date between the id and `proto=`. */
const LINE = /^(\S+): (proto=.*)$/;
/** 3.1+ `show sess show-uri`: the last field. */
const URI = ' uri="';
/** HAProxy's human_time(): up to two of d, h, m, s ('3d4h', '2m', '0s'); '?' when negative. */
const HUMAN_TIME = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

/** One line of `show sess` (the one-line-per-session form); undefined for anything else (blank, continuation). */
export function parseSessionLine(line: string): SessionEntry | undefined {
  const m = LINE.exec(line.endsWith('\r') ? line.slice(0, -1) : line);
  if (!m) return undefined;
  // The URI is printed last, between quotes, unescaped: it may hold spaces or quotes, so it is cut off first.
  let rest = m[2] ?? '';
  let uri: string | undefined;
  const at = rest.indexOf(URI);
  if (at >= 0 && rest.endsWith('"') && rest.length >= at + URI.length + 1) {
    uri = rest.slice(at + URI.length, -1);
    rest = rest.slice(0, at);
  }
  const fields = splitFields(rest);
  if (uri !== undefined) fields.set('uri', uri);
  const proto = fields.get('proto');
  if (proto === undefined) return undefined;
  const age = fields.get('age') ?? '';
  return {
    id: m[1] ?? '',
    proto,
    source: fields.get('src') ?? '',
    frontend: fields.get('fe') ?? '',
    backend: fields.get('be') ?? '',
    server: fields.get('srv') ?? '',
    ageSec: humanTimeSeconds(age),
    age,
    uri,
    fields,
  };
}

export function parseShowSess(text: string): SessionEntry[] {
  const out: SessionEntry[] = [];
  for (const line of text.split('\n')) {
    const entry = parseSessionLine(line);
    if (entry !== undefined) out.push(entry);
  }
  return out;
}

/** Our own CLI connection (fe=GLOBAL), which an operator does not want to see or kill. */
export function isCliSession(s: SessionEntry): boolean {
  // Every CLI connection (stats socket, TCP CLI, the master's socketpair to a worker) is a stream of the GLOBAL
  // frontend; the one reading this list is among them.
  return s.frontend === 'GLOBAL';
}

/** '1m27s' -> 87, '3d4h' -> 273600, '0s' -> 0; undefined for '?', '' or anything else. */
export function humanTimeSeconds(text: string): number | undefined {
  if (text === '') return undefined;
  const m = HUMAN_TIME.exec(text);
  if (!m) return undefined;
  const [d = 0, h = 0, min = 0, s = 0] = m.slice(1).map((v) => (v === undefined ? 0 : Number(v)));
  return d * 86400 + h * 3600 + min * 60 + s;
}

/**
 * Splits `name=value name[group] name=[group] name="quoted"` at the spaces outside brackets, parentheses and
 * quotes. A field without a top-level `=` is named by what precedes its group: `rq[f=...]` -> rq, `run(nice=0)`
 * -> run. A repeated name keeps its first value.
 */
function splitFields(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const token of tokens(text)) {
    const eq = topLevelEquals(token);
    let name: string;
    let value: string;
    if (eq > 0) {
      name = token.slice(0, eq);
      value = token.slice(eq + 1);
    } else {
      const open = token.search(/[[(]/);
      if (open <= 0) continue;
      name = token.slice(0, open);
      value = token.slice(open);
    }
    if (!fields.has(name)) fields.set(name, value);
  }
  return fields;
}

function tokens(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = text[i];
    if (c === undefined || (c === ' ' && depth === 0 && !quoted)) {
      if (i > start) out.push(text.slice(start, i));
      start = i + 1;
    } else if (quoted) {
      if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === '[' || c === '(') depth++;
    else if ((c === ']' || c === ')') && depth > 0) depth--;
  }
  return out;
}

/** Index of the first `=` outside groups, or -1. */
function topLevelEquals(token: string): number {
  let depth = 0;
  for (let i = 0; i < token.length; i++) {
    const c = token[i];
    if (c === '=' && depth === 0) return i;
    // A quote only ever follows a name and its '=': a token reaching one first has no name.
    if (c === '"') return -1;
    if (c === '[' || c === '(') depth++;
    else if (c === ']' || c === ')') depth--;
  }
  return -1;
}
