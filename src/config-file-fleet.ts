// The config file's [instances.NAME] and [groups] tables, checked into the fleet they declare.
import { INSTANCE_KEYS, suggestInstanceKey } from './config-file-keys';
import type { FileInstance } from './config-file';

/** What the checks need from the file: where a key is, and how to stop at a mistake there. */
export interface CheckContext {
  lineOf(path: readonly string[]): number;
  /** Throws the file's error for `message` at the line of `path`. */
  fail(path: readonly string[], message: string): never;
}

/** A name as the user typed it, quoted, with anything unprintable escaped so the message stays one line. */
export const quote = (text: string): string => JSON.stringify(text);

/** "a string", "an array"...: what a TOML value is, for "must be X, not Y". */
export function kindOf(value: unknown): string {
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'number' || typeof value === 'bigint') return 'a number';
  if (typeof value === 'boolean') return 'a boolean';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Date) return 'a date';
  return 'a table';
}

/** smol-toml builds tables as plain objects; arrays and dates are objects too. */
export function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** The entries of a table in file order (a JavaScript object puts keys like "10" first). */
export function entriesInFileOrder(
  table: Record<string, unknown>,
  at: readonly string[],
  ctx: CheckContext,
): [string, unknown][] {
  const line = (key: string): number => ctx.lineOf([...at, key]);
  return Object.entries(table).sort(([a], [b]) => line(a) - line(b));
}

// Names go on the command line (-s NAME=..., --group NAME) and into the screen: short, no spaces or "=".
const NAME = /^[A-Za-z0-9_.-]{1,32}$/;

function checkName(name: string, what: string, at: readonly string[], ctx: CheckContext): void {
  if (!NAME.test(name)) {
    ctx.fail(at, `${what} name ${quote(name)} must be 1 to 32 letters, digits, "_", "." or "-"`);
  }
}

export function readInstances(value: unknown, ctx: CheckContext): FileInstance[] {
  if (!isTable(value)) {
    ctx.fail(['instances'], `"instances" must be a table of [instances.NAME] tables, not ${kindOf(value)}`);
  }
  return entriesInFileOrder(value, ['instances'], ctx).map(([name, body]) => readInstance(name, body, ctx));
}

function readInstance(name: string, body: unknown, ctx: CheckContext): FileInstance {
  const at = ['instances', name];
  checkName(name, 'instance', at, ctx);
  const it = `instance ${quote(name)}`;
  if (!isTable(body)) {
    ctx.fail(at, `${it} must be a table with socket = "PATH" or tcp = "HOST:PORT", not ${kindOf(body)}`);
  }
  for (const key of Object.keys(body)) {
    if ((INSTANCE_KEYS as readonly string[]).includes(key)) continue;
    const guess = suggestInstanceKey(key);
    const hint = guess === undefined ? ' (an instance has socket or tcp)' : ` (did you mean ${quote(guess)}?)`;
    ctx.fail([...at, key], `unknown key ${quote(key)} in ${it}${hint}`);
  }
  const socket = body['socket'];
  const tcp = body['tcp'];
  if (socket !== undefined && tcp !== undefined) ctx.fail(at, `${it} has both socket and tcp`);
  const key = socket !== undefined ? 'socket' : tcp !== undefined ? 'tcp' : undefined;
  if (key === undefined) ctx.fail(at, `${it} needs socket = "PATH" or tcp = "HOST:PORT"`);
  const text = body[key];
  if (typeof text !== 'string') ctx.fail([...at, key], `${it}: "${key}" must be a string, not ${kindOf(text)}`);
  if (text.trim() === '') ctx.fail([...at, key], `${it}: "${key}" is empty`);
  return { name, flag: key === 'socket' ? '-s' : '-t', value: text, line: ctx.lineOf([...at, key]) };
}

export function readGroups(
  value: unknown,
  instances: readonly FileInstance[],
  ctx: CheckContext,
): Map<string, readonly string[]> {
  if (!isTable(value)) ctx.fail(['groups'], `"groups" must be a table of NAME = ["instance", ...], not ${kindOf(value)}`);
  const known = new Set(instances.map((i) => i.name));
  const groups = new Map<string, readonly string[]>();
  for (const [name, body] of entriesInFileOrder(value, ['groups'], ctx)) {
    const at = ['groups', name];
    checkName(name, 'group', at, ctx);
    const it = `group ${quote(name)}`;
    const members = typeof body === 'string' ? [body] : body;
    if (!Array.isArray(members)) ctx.fail(at, `${it} must be an array of instance names, not ${kindOf(body)}`);
    if (members.length === 0) ctx.fail(at, `${it} is empty`);
    const seen: string[] = [];
    for (const member of members as unknown[]) {
      if (typeof member !== 'string') ctx.fail(at, `${it} must list instance names as strings, not ${kindOf(member)}`);
      if (!known.has(member)) {
        const other = Object.hasOwn(value, member) ? ', it is a group' : '';
        ctx.fail(at, `${it} names ${quote(member)}, which is not an instance${other}`);
      }
      if (seen.includes(member)) ctx.fail(at, `${it} names ${quote(member)} twice`);
      seen.push(member);
    }
    groups.set(name, seen);
  }
  return groups;
}
