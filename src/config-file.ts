// The fleet's config file: the HAProxy instances by name, groups of them, and defaults for the options.
// Reading is the only I/O; parseConfigText is pure. Values are checked for their TOML type here and handed on
// as the option parser's own input (program.opts()'s shape), so the file and the command line share one set
// of checks; `lines` lets the caller place a refusal from those checks in the file.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { TomlError, parse } from 'smol-toml';
import { OPTION_KEYS, REFUSED_KEYS, TABLE_KEYS, suggestTopKey, type OptionKey } from './config-file-keys';
import { isTable, kindOf, quote, readGroups, readInstances, entriesInFileOrder, type CheckContext } from './config-file-fleet';
import { keyLines } from './toml-lines';

export interface FileInstance {
  readonly name: string;
  readonly flag: '-s' | '-t';
  /** As -s or -t would take it; checked by the option parser, not here. */
  readonly value: string;
  /** The line of its socket or tcp key. */
  readonly line: number;
}

export interface FileConfig {
  readonly path: string;
  /** In file order. */
  readonly instances: readonly FileInstance[];
  /** Group name -> instance names, both in file order; every name is one of `instances`. */
  readonly groups: ReadonlyMap<string, readonly string[]>;
  /**
   * Option defaults in the shape commander's program.opts() has: camelCase keys (updateInterval, readOnly,
   * sshCommand, proxy, filter, ...), strings for valued options (numbers turned back into their decimal text
   * so the option parser's own checks apply), true/false for flags, string[] for repeatable ones.
   */
  readonly defaults: Readonly<Record<string, string | boolean | readonly string[]>>;
  /** For each default key, the line where the file sets it, to report "<path>:<line>: <key>: <message>". */
  readonly lines: ReadonlyMap<string, number>;
}

/** A config file that cannot be read or is wrong. The message is one line, `<path>:<line>: <what>`. */
export class ConfigFileError extends Error {
  constructor(
    readonly file: string,
    /** Undefined when the file could not be read at all. */
    readonly line: number | undefined,
    readonly reason: string,
  ) {
    super(line === undefined ? `${file}: ${reason}` : `${file}:${line}: ${reason}`);
    this.name = 'ConfigFileError';
  }
}

/** `$XDG_CONFIG_HOME/hatop-ts/config.toml`; the XDG spec ignores an empty or relative XDG_CONFIG_HOME. */
export function defaultConfigPath(env: NodeJS.ProcessEnv | Record<string, string | undefined>, home: string): string {
  const xdg = env['XDG_CONFIG_HOME'];
  const base = xdg !== undefined && path.isAbsolute(xdg) ? xdg : path.join(home, '.config');
  return path.join(base, 'hatop-ts', 'config.toml');
}

/**
 * Reads and checks the file at `path`. A missing file is no error unless `required` (the user named it with
 * --config); then, like any file that cannot be read or is not UTF-8, it throws a ConfigFileError.
 */
export function readConfigFile(path: string, required: boolean): FileConfig | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    const code = errorCode(err);
    if (!required && (code === 'ENOENT' || code === 'ENOTDIR')) return undefined;
    throw new ConfigFileError(path, undefined, `cannot read the config file: ${readFailure(err, code)}`);
  }
  let text: string;
  try {
    // TOML is UTF-8; "fatal" refuses anything else rather than reading it as U+FFFD.
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ConfigFileError(path, undefined, 'the config file is not UTF-8 text');
  }
  return parseConfigText(text, path);
}

function errorCode(err: unknown): string | undefined {
  const code: unknown = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

function readFailure(err: unknown, code: string | undefined): string {
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'ENOTDIR':
      return 'a directory on its path is a file';
    case 'EISDIR':
      return 'it is a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return err instanceof Error ? err.message : String(err);
  }
}

/** Checks the text of a config file read from `path` (named in errors). Throws ConfigFileError. */
export function parseConfigText(text: string, path: string): FileConfig {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  let doc: Record<string, unknown>;
  try {
    doc = parse(source);
  } catch (err) {
    if (!(err instanceof TomlError)) throw err;
    // smol-toml's message is "Invalid TOML document: <why>" and then a picture of the line: keep the why.
    const why = (err.message.split('\n')[0] ?? '').replace(/^Invalid TOML document:\s*/, '');
    throw new ConfigFileError(path, err.line, `invalid TOML at column ${err.column}: ${why}`);
  }
  const lines = keyLines(source);
  const ctx: CheckContext = {
    lineOf: (at) => lines.lineOf(at),
    fail: (at, message) => {
      throw new ConfigFileError(path, lines.lineOf(at), message);
    },
  };

  const defaults: Record<string, string | boolean | readonly string[]> = {};
  const defaultLines = new Map<string, number>();
  for (const [key, value] of entriesInFileOrder(doc, [], ctx)) {
    if ((TABLE_KEYS as readonly string[]).includes(key)) continue;
    const option = OPTION_KEYS.find((o) => o.key === key);
    if (option === undefined) ctx.fail([key], unknownKey(key));
    defaults[option.prop] = optionValue(option, value, ctx);
    defaultLines.set(option.prop, ctx.lineOf([key]));
  }
  const instances = doc['instances'] === undefined ? [] : readInstances(doc['instances'], ctx);
  const groups = doc['groups'] === undefined ? new Map<string, readonly string[]>() : readGroups(doc['groups'], instances, ctx);
  const group = defaults['group'];
  if (typeof group === 'string' && !groups.has(group)) {
    ctx.fail(['group'], `"group" names ${quote(group)}, which is not a group in [groups]`);
  }
  return { path, instances, groups, defaults, lines: defaultLines };
}

function unknownKey(key: string): string {
  const refused = REFUSED_KEYS.get(key);
  if (refused !== undefined) return `${quote(key)} cannot be set in the config file: ${refused}`;
  const guess = suggestTopKey(key);
  if (guess === undefined) return `unknown key ${quote(key)}`;
  // A near miss of an option the file refuses: say why at once rather than suggest a second mistake.
  const why = REFUSED_KEYS.get(guess);
  return `unknown key ${quote(key)} (${why ?? `did you mean ${quote(guess)}?`})`;
}

/** The value in commander's shape, or the error for a value of the wrong TOML type. */
function optionValue(option: OptionKey, value: unknown, ctx: CheckContext): string | boolean | readonly string[] {
  const at = [option.key];
  const name = quote(option.key);
  switch (option.kind) {
    case 'value':
      if (typeof value === 'number') return String(value);
      if (typeof value === 'string') return value;
      return ctx.fail(at, `${name} must be a number or a string, not ${kindOf(value)}`);
    case 'string': {
      if (typeof value === 'string') return value;
      // [group] for [groups] is an easy slip: say where groups go.
      const hint = option.key === 'group' && isTable(value) ? ' (groups go under [groups])' : '';
      return ctx.fail(at, `${name} must be a string, not ${kindOf(value)}${hint}`);
    }
    case 'flag':
      if (typeof value === 'boolean') return value;
      return ctx.fail(at, `${name} must be true or false, not ${kindOf(value)}`);
    case 'list': {
      const list: unknown[] = Array.isArray(value) ? value : [value];
      const wrong = list.find((item) => typeof item !== 'string');
      if (wrong === undefined) return list.filter((item): item is string => typeof item === 'string');
      const inside = Array.isArray(value) ? 'an array holding ' : '';
      return ctx.fail(at, `${name} must be a string or an array of strings, not ${inside}${kindOf(wrong)}`);
    }
  }
}
