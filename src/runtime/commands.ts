// Typed builders for the runtime API commands hatop-ts sends. Every name is validated and escaped
// here, so a name can never split into a second command (`;`) or shift the words of this one.
import type { Command } from './types';

export type ServerAdminState = 'ready' | 'drain' | 'maint';
export type HealthState = 'up' | 'stopping' | 'down';
export type AgentState = 'up' | 'down';

/** `show stat <iid> <type> <sid>`: type is a bit mask (1 frontends, 2 backends, 4 servers, -1 all). */
export interface StatFilter {
  readonly iid: number;
  readonly type: number;
  readonly sid: number;
}

const read = (text: string): Command => ({ text, mutating: false });
const write = (text: string): Command => ({ text, mutating: true });

/** Why a command text cannot be sent as one command of a prompt-mode session (it would desync it), or undefined. */
export function unsafeCommand(text: string): string | undefined {
  if (text.trim() === '') return 'refusing to send an empty command';
  if (/[\r\n]/.test(text)) return `refusing to send ${JSON.stringify(text)}: it contains a line break`;
  if (hasUnescapedSemicolon(text)) return `refusing to send "${text}": its unescaped ";" would start a second command`;
  return undefined;
}

export function showStat(filter?: StatFilter): Command {
  if (filter === undefined) return read('show stat');
  const { iid, type, sid } = filter;
  for (const [label, v] of [['proxy id', iid], ['type', type], ['server id', sid]] as const) {
    if (!Number.isInteger(v) || v < -1) throw new Error(`The show stat ${label} must be an integer of -1 or more, got ${v}.`);
  }
  return read(`show stat ${iid} ${type} ${sid}`);
}

export const showInfo = (): Command => read('show info');

// ---- the master CLI (`haproxy -W -S`) ----

/** The master CLI's list of processes: master, current workers, old (soft-stopping) workers, programs. */
export const showProc = (): Command => read('show proc');

/** Reloads HAProxy through the master CLI, like SIGUSR2 to the master; the master then closes the session. */
export const reload = (): Command => write('reload');

/** Words that close a master CLI session once done, after an optional `@master` or `@` prefix. */
const SESSION_ENDERS: ReadonlySet<string> = new Set(['reload', 'hard-reload']);

/** True when the master CLI ends the session after this command (`reload`, and `hard-reload` from 2.9). */
export function endsMasterSession(text: string): boolean {
  const words = text.trim().split(/[ \t]+/);
  const first = words[0] === '@master' || words[0] === '@' ? words[1] : words[0];
  return first !== undefined && SESSION_ENDERS.has(first);
}

/**
 * Why a command cannot go through a master CLI session in prompt mode, or undefined. A bare `@<target>` would
 * switch the session to that process and its prompt ("1234> "); `@@` (3.2+) hands the connection to a worker.
 */
export function unsafeMasterCommand(text: string): string | undefined {
  const words = text.trim().split(/[ \t]+/);
  const first = words[0] ?? '';
  if (first.startsWith('@@')) return `refusing to send "${text}": "@@" would hand the master CLI session over to a worker`;
  if (first.startsWith('@') && words.length === 1) {
    return `refusing to send "${text}" alone: it would switch the master CLI session to another process; put the command after it`;
  }
  return undefined;
}

export function showServersState(backend?: string): Command {
  return read(backend === undefined ? 'show servers state' : `show servers state ${name('backend', backend)}`);
}

export const enableServer = (b: string, s: string): Command => write(`enable server ${target(b, s)}`);
export const disableServer = (b: string, s: string): Command => write(`disable server ${target(b, s)}`);

export function setServerState(b: string, s: string, state: ServerAdminState): Command {
  return write(`set server ${target(b, s)} state ${oneOf('state', state, ['ready', 'drain', 'maint'])}`);
}

/** Absolute weight, 0..256 as HAProxy accepts. */
export function setWeight(b: string, s: string, weight: number): Command {
  if (!Number.isInteger(weight) || weight < 0 || weight > 256) {
    throw new Error(`The weight must be a whole number from 0 to 256, got ${weight}.`);
  }
  return write(`set weight ${target(b, s)} ${weight}`);
}

/** Weight relative to the configured one: `N%`. Static LB algorithms accept only 0% and 100%. */
export function setWeightPercent(b: string, s: string, pct: number): Command {
  if (!Number.isInteger(pct) || pct < 0 || pct > 100) {
    throw new Error(`The weight percentage must be a whole number from 0 to 100, got ${pct}.`);
  }
  return write(`set weight ${target(b, s)} ${pct}%`);
}

export const getWeight = (b: string, s: string): Command => read(`get weight ${target(b, s)}`);

export const enableHealth = (b: string, s: string): Command => write(`enable health ${target(b, s)}`);
export const disableHealth = (b: string, s: string): Command => write(`disable health ${target(b, s)}`);
export const enableAgent = (b: string, s: string): Command => write(`enable agent ${target(b, s)}`);
export const disableAgent = (b: string, s: string): Command => write(`disable agent ${target(b, s)}`);

/** Forces the health check result. */
export function setHealth(b: string, s: string, state: HealthState): Command {
  return write(`set server ${target(b, s)} health ${oneOf('health state', state, ['up', 'stopping', 'down'])}`);
}

/** Forces the agent check result. */
export function setAgent(b: string, s: string, state: AgentState): Command {
  return write(`set server ${target(b, s)} agent ${oneOf('agent state', state, ['up', 'down'])}`);
}

/** The server's maxconn (0: no limit). */
export function setMaxconnServer(b: string, s: string, maxconn: number): Command {
  if (!Number.isInteger(maxconn) || maxconn < 0 || maxconn > 1_000_000_000) throw new Error(`A server's maxconn must be a whole number from 0, got ${maxconn}.`);
  return write(`set maxconn server ${target(b, s)} ${maxconn}`);
}

export const shutdownSessionsServer = (b: string, s: string): Command =>
  write(`shutdown sessions server ${target(b, s)}`);

export const enableFrontend = (f: string): Command => write(`enable frontend ${name('frontend', f)}`);
export const disableFrontend = (f: string): Command => write(`disable frontend ${name('frontend', f)}`);

/**
 * The interactive CLI's line as typed. `mutating` is a conservative guess (true unless the first word, after a
 * master CLI prefix such as `@1`, is show, get or help) so read-only mode errs on the side of refusing. Refused
 * here because they would break the prompt-mode session: a line break or an unescaped `;` (several responses for
 * one command), `prompt` (turns prompt mode off) and `quit` (closes the session).
 */
export function rawCommand(line: string): Command {
  const text = line.trim();
  if (text === '') throw new Error('The command is empty.');
  if (/[\r\n]/.test(text)) throw new Error('A command must fit on one line.');
  if (hasUnescapedSemicolon(text)) throw new Error('Send one command at a time: ";" would start another command.');
  const words = text.split(/[ \t]+/);
  const first = words[0] ?? '';
  // `@1 show stat` reads as much as `show stat`; a bare `@1` or `@@1 ...` is never taken for a read.
  const verb = /^@[^@]/.test(first) && words.length > 1 ? (words[1] ?? '') : first;
  if (first === 'prompt') throw new Error('The "prompt" command would turn off the prompt mode this session relies on.');
  if (first === 'quit') throw new Error('The "quit" command would close the session; leave hatop-ts instead.');
  return { text, mutating: !['show', 'get', 'help'].includes(verb) };
}

/** Parses `get weight`'s answer: `1 (initial 1)`. */
export function parseGetWeight(text: string): { current: number; initial: number } | undefined {
  const m = /^\s*(\d+) \(initial (\d+)\)\s*$/.exec(text);
  return m ? { current: Number(m[1]), initial: Number(m[2]) } : undefined;
}

/** True when `;` appears without a backslash escaping it (HAProxy would split the line there). */
export function hasUnescapedSemicolon(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === ';') return true;
  }
  return false;
}

/** Backslash-escapes what HAProxy's CLI parser treats specially inside a word. */
export function escapeArg(value: string): string {
  return value.replace(/[\\;]/g, (c) => `\\${c}`);
}

function target(backend: string, server: string): string {
  return `${name('backend', backend)}/${name('server', server)}`;
}

/** Validates one name (proxy or server) and returns it escaped. */
function name(what: string, value: string): string {
  // JSON quoting keeps the message on one line whatever the name holds.
  const shown = JSON.stringify(value);
  if (value === '') throw new Error(`The ${what} name is empty.`);
  if (/\s/.test(value)) throw new Error(`The ${what} name ${shown} contains whitespace.`);
  if (/[\x00-\x1f\x7f]/.test(value)) throw new Error(`The ${what} name ${shown} contains a control character.`);
  // HAProxy names never hold "/", and here it would move the backend/server split.
  if (value.includes('/')) throw new Error(`The ${what} name ${shown} contains "/".`);
  return escapeArg(value);
}

function oneOf<T extends string>(what: string, value: T, allowed: readonly T[]): T {
  if (!allowed.includes(value)) throw new Error(`The ${what} must be one of ${allowed.join(', ')}, got "${value}".`);
  return value;
}
