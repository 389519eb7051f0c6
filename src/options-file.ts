// The config file's part in the command line: its instances when -s/-t name none (all of them, or a group), and
// its option defaults for what the command line leaves unset. The command line always wins. Pure but for the
// file reading, which the caller supplies.
import { ConfigFileError, type FileConfig } from './config-file';
import { OPTION_KEYS } from './config-file-keys';
import { InstanceError, instancesFrom, type SocketArg } from './instances';

export interface FileSource {
  /** The file to read when --config is not given (`$XDG_CONFIG_HOME/hatop-ts/config.toml`). */
  readonly defaultPath: string;
  /** Reads and checks a config file; undefined when it is missing and not required. Throws ConfigFileError. */
  read(path: string, required: boolean): FileConfig | undefined;
}

/** Only under --check: elsewhere the option parser refuses them, and a file's default must not break every run. */
const CHECK_ONLY = new Set(['verbose', 'crit', 'warn']);

/**
 * Options that are one choice between them: the command line giving either replaces the file's choice, whichever
 * it was, and the file may not make both.
 */
const ONE_CHOICE: readonly (readonly string[])[] = [['auditLog', 'noAuditLog']];

const isSet = (value: unknown): boolean => value !== undefined && value !== false;

/**
 * The command line's options and sockets with the file's added. `check(prop, opts)` runs the option parser's own
 * check of one option, so a bad value in the file is reported at its line. Throws ConfigFileError or
 * InstanceError.
 */
export function withConfigFile(
  opts: Record<string, unknown>,
  sockets: readonly SocketArg[],
  source: FileSource | undefined,
  check: (prop: string, opts: Record<string, unknown>) => void,
): { readonly opts: Record<string, unknown>; readonly sockets: readonly SocketArg[] } {
  const given = typeof opts['config'] === 'string' ? opts['config'] : undefined;
  const groupGiven = typeof opts['group'] === 'string' ? opts['group'] : undefined;
  if (source === undefined) {
    if (given !== undefined || groupGiven !== undefined) throw new InstanceError('no config file can be read here');
    return { opts, sockets };
  }
  const file = source.read(given ?? source.defaultPath, given !== undefined);
  if (file === undefined) {
    if (groupGiven !== undefined) throw new InstanceError(`--group ${groupGiven}: there is no config file (${source.defaultPath}) to define it`);
    return { opts, sockets };
  }
  const merged: Record<string, unknown> = { ...opts };
  const chosen = (prop: string): boolean => ONE_CHOICE.some((group) => group.includes(prop) && group.some((p) => isSet(opts[p])));
  for (const group of ONE_CHOICE) {
    const both = group.filter((p) => isSet(file.defaults[p]));
    if (both.length > 1) {
      const keys = both.map((p) => `"${OPTION_KEYS.find((o) => o.prop === p)?.key ?? p}"`).join(' and ');
      const last = Math.max(...both.map((p) => file.lines.get(p) ?? 0));
      throw new ConfigFileError(file.path, last > 0 ? last : undefined, `${keys} cannot both be set`);
    }
  }
  for (const [prop, value] of Object.entries(file.defaults)) {
    if (prop === 'group' || merged[prop] !== undefined || chosen(prop)) continue;
    if (CHECK_ONLY.has(prop) && opts['check'] !== true) continue;
    const key = OPTION_KEYS.find((o) => o.prop === prop)?.key ?? prop;
    try {
      check(prop, { [prop]: value });
    } catch (err) {
      throw new ConfigFileError(file.path, file.lines.get(prop), `${key}: ${err instanceof Error ? err.message : String(err)}`);
    }
    merged[prop] = Array.isArray(value) ? [...(value as readonly string[])] : value;
  }
  if (sockets.length > 0) {
    if (groupGiven !== undefined) throw new InstanceError('give -s/-t or --group, not both');
    return { opts: merged, sockets };
  }
  return { opts: merged, sockets: fileSockets(file, groupGiven ?? stringOf(file.defaults['group'])) };
}

const stringOf = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** The file's instances (those of `group` when given), each checked as -s/-t check it, errors at its line. */
function fileSockets(file: FileConfig, group: string | undefined): SocketArg[] {
  let names: readonly string[] | undefined;
  if (group !== undefined) {
    names = file.groups.get(group);
    if (names === undefined) {
      const known = [...file.groups.keys()];
      throw new InstanceError(`there is no group "${group}" in ${file.path}${known.length > 0 ? ` (groups: ${known.join(', ')})` : ''}`);
    }
  }
  const chosen = names === undefined ? file.instances : names.flatMap((n) => file.instances.filter((i) => i.name === n));
  return chosen.map((instance) => {
    const arg: SocketArg = { flag: instance.flag, value: `${instance.name}=${instance.value}` };
    try {
      instancesFrom([arg]);
    } catch (err) {
      throw new ConfigFileError(file.path, instance.line, `instance "${instance.name}": ${err instanceof Error ? err.message : String(err)}`);
    }
    return arg;
  });
}
