// The command line, parsed and checked into a Config. Pure: no process.exit, no I/O; the caller prints
// whatever text comes back and sets the exit code, so every case can be tested in-process.
import { VIEWS } from './views';
import { Command, CommanderError } from 'commander';
import {
  CHECK_EXIT,
  DEFAULT_CRITICAL,
  DEFAULT_WARNING,
  StateListError,
  type CheckSpec,
} from './check-rules';
import { EXIT, type Config } from './config';
import { FilterError, dedupeFilters, parseFilter } from './filter';
import { HELP_AFTER } from './help';
import { ConfigFileError } from './config-file';
import { InstanceError, instancesFrom, type SocketArg } from './instances';
import { withConfigFile, type FileSource } from './options-file';
export { LIMITS } from './option-values';
import { LIMITS, auditLogPath, checkOption, clampWidth, decimalInRange, optionalString, parseMode, parseProxyName, parseSort, parseWidth, stateList, stringList, UsageError } from './option-values';
import { defaultAuditPath } from './audit-file';
import type { AuditConfig } from './config';
import { VERSION } from './version';

export const PROGRAM = 'hatop-ts';

export type OutputKind = 'tui' | 'once' | 'json' | 'check';

export type ParseResult =
  | { readonly kind: 'run'; readonly config: Config; readonly output: Exclude<OutputKind, 'check'>; readonly width: number; readonly rates?: boolean }
  // --check carries its lists; the width is there for symmetry, nothing is laid out.
  | { readonly kind: 'run'; readonly config: Config; readonly output: 'check'; readonly width: number; readonly check: CheckSpec }
  | { readonly kind: 'exit'; readonly code: number; readonly stdout?: string; readonly stderr?: string };

export interface ParseContext {
  /** Table width for --once when --width is absent: the terminal's width if stdout is a TTY, else 120. */
  readonly defaultWidth?: number;
  /** Where the config file comes from; without it there is none (--config and --group are refused). */
  readonly configFile?: FileSource;
  /** The environment, for HATOP_TS_SSH_COMMAND and XDG_STATE_HOME (none when absent). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The user's home directory, for the default audit log (none when absent). */
  readonly home?: string;
}

/** --audit-log and --no-audit-log as given: commander folds them into one `auditLog` that the last one sets. */
interface AuditFlags {
  path?: string;
  off?: boolean;
}

/** Repeatable options. No commander default, so that help does not print "(default: [])". */
function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function buildProgram(out: { stdout: string }, sockets: SocketArg[], audit: AuditFlags): Command {
  const program = new Command(PROGRAM);
  program
    .usage('(-s [NAME=]PATH | -t [NAME=]HOST:PORT)... [options]')
    .description('Interactive terminal client for the HAProxy runtime API (stats socket).')
    .option('-s, --unix-socket <[name=]path>', 'unix stats socket path, or ssh://[user@]host[:port]/path on another host; repeatable, mixed with -t: one instance each', collect)
    .option('-t, --tcp-socket <[name=]host:port>', 'TCP stats socket, IPv6 as [::1]:9999; repeatable', collect)
    .option(
      '-i, --update-interval <seconds>',
      `seconds between refreshes, ${LIMITS.interval.min}..${LIMITS.interval.max}, decimals allowed ` +
        `(default: ${LIMITS.interval.default})`,
    )
    .option('-m, --mode <view>', `start view: ${VIEWS.map((v) => `${v.mode} ${v.name}`).join(', ')} (default: 1)`)
    .option('-n, --read-only', 'no CLI mode, no actions (default: off)')
    .option('--no-mouse', "no clicks or wheel on the screen: the terminal's own text selection stays (default: mouse on)")
    .option(
      '-f, --filter <"iid type sid">',
      'poll only "show stat <iid> <type> <sid>"; repeatable, see Filters below (default: all)',
      collect,
    )
    .option('-p, --proxy <name>', 'show only the proxies of this name; repeatable (default: all)', collect)
    .option('--sort <column[:asc|:desc]>', "order each proxy's servers by a column, e.g. scur:desc (default: HAProxy's order)")
    .option('--config <path>', 'the config file: instances, groups, option defaults (default: ~/.config/hatop-ts/config.toml)')
    .option('--group <name>', "watch the instances of this group of the config file (default: the file's group, else all)")
    .option(
      '--timeout <seconds>',
      `seconds one command may take, ${LIMITS.timeout.min}..${LIMITS.timeout.max} ` +
        `(default: ${LIMITS.timeout.default})`,
    )
    .option(
      '--drain-timeout <seconds>',
      `F12: seconds a server may drain before being asked what to do, ${LIMITS.drainTimeout.min}..${LIMITS.drainTimeout.max} ` +
        `(default: ${LIMITS.drainTimeout.default})`,
    )
    .option(
      '--cert-warn-days <days>',
      `view 9 (CERTS) marks certificates expiring within this many days, ${LIMITS.certWarnDays.min}..${LIMITS.certWarnDays.max} ` +
        `(default: ${LIMITS.certWarnDays.default})`,
    )
    .option('--once', 'print view -m (not 5) as plain text and exit')
    .option('--rates', 'with --once or --json: read twice, 1 s apart, and add each service\'s sessions, requests and 5xx per second')
    .option('--json', 'print info and every service as JSON and exit')
    .option(
      '--width <columns>',
      `table width for --once, ${LIMITS.width.min}..${LIMITS.width.max} ` +
        `(default: the terminal's width, or ${LIMITS.width.default})`,
    )
    .option('--check', 'be a monitoring plugin: one status line, exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN')
    .option('--crit <states>', `with --check: states that are CRITICAL; repeatable (default: ${DEFAULT_CRITICAL})`, collect)
    .option(
      '--warn <states>',
      // Spaced, so that the help can wrap the long default.
      `with --check: states that are WARNING; repeatable (default: ${DEFAULT_WARNING.replace(/,/g, ', ')})`,
      collect,
    )
    .option('-v, --verbose', 'with --check: then one line per service that is not OK')
    .option('--ssh-command <cmd>', 'ssh program and options for ssh:// sockets (default: $HATOP_TS_SSH_COMMAND or ssh)')
    .option(
      '--audit-log <path>',
      'append every command that can change HAProxy, and its outcome, to this file as JSON lines ' +
        '(default: $XDG_STATE_HOME/hatop-ts/audit.jsonl, or ~/.local/state/hatop-ts/audit.jsonl)',
    )
    .option('--no-audit-log', 'keep no audit log')
    .version(`${PROGRAM} ${VERSION}`, '-V, --version', 'print the version and exit')
    .helpOption('-h, --help', 'print this help and exit')
    .addHelpText('after', HELP_AFTER)
    .on('option:unix-socket', (value: string) => sockets.push({ flag: '-s', value }))
    .on('option:tcp-socket', (value: string) => sockets.push({ flag: '-t', value }))
    .on('option:audit-log', (value: string) => void (audit.path = value))
    .on('option:no-audit-log', () => void (audit.off = true))
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => {
        out.stdout += s;
      },
      // Commander's own error text is rebuilt from the CommanderError, so nothing is written here.
      writeErr: () => undefined,
      outputError: () => undefined,
      getOutHelpWidth: () => 80,
      getErrHelpWidth: () => 80,
      getOutHasColors: () => false,
      getErrHasColors: () => false,
    });
  return program;
}

/**
 * Parses the user's arguments (process.argv without node and the script) into what to run.
 * Never throws and never prints: errors come back as `{ kind: 'exit', code: 1, stderr }`.
 */
export function parseOptions(args: readonly string[], context: ParseContext = {}): ParseResult {
  const out = { stdout: '' };
  const sockets: SocketArg[] = [];
  const auditFlags: AuditFlags = {};
  const program = buildProgram(out, sockets, auditFlags);
  try {
    program.parse([...args], { from: 'user' });
  } catch (err) {
    // Options were not all read: --check among the words is the best guess at what was meant.
    const check = args.includes('--check');
    if (err instanceof CommanderError) {
      if (err.exitCode === 0) return { kind: 'exit', code: EXIT.ok, stdout: out.stdout };
      return usage(commanderMessage(err), check);
    }
    return usage(err instanceof Error ? err.message : String(err), check);
  }
  // The two audit options as two props, so that giving both can be told from giving the last one.
  const opts: Record<string, unknown> = { ...program.opts(), auditLog: auditFlags.path, noAuditLog: auditFlags.off };
  try {
    // HATOP_TS_SSH_COMMAND stands for --ssh-command: it wins over the config file's ssh-command, as git's
    // GIT_SSH_COMMAND wins over core.sshCommand.
    const fromEnv = context.env?.['HATOP_TS_SSH_COMMAND'];
    const given = opts['sshCommand'] === undefined && fromEnv !== undefined && fromEnv.trim() !== '' ? { ...opts, sshCommand: fromEnv } : opts;
    const withFile = withConfigFile(given, sockets, context.configFile, checkOption);
    return resolve(withFile.opts, withFile.sockets, context);
  } catch (err) {
    if (err instanceof ConfigFileError) return usage(err.message, opts['check'] === true);
    if (err instanceof InstanceError) return usage(sentence(err.message), opts['check'] === true);
    if (err instanceof UsageError || err instanceof FilterError || err instanceof StateListError) {
      return usage(err.message, opts['check'] === true);
    }
    throw err;
  }
}

/**
 * A plugin's monitoring server shows stdout and reads any code but 0-3 as trouble with the check itself:
 * under --check a usage error is UNKNOWN, one line on stdout.
 */
function usage(message: string, check: boolean): ParseResult {
  if (check) return { kind: 'exit', code: CHECK_EXIT.unknown, stdout: `UNKNOWN: ${message} (see ${PROGRAM} --help)\n` };
  return { kind: 'exit', code: EXIT.usage, stderr: `${PROGRAM}: ${message}\nTry ${PROGRAM} --help.\n` };
}

/** Commander says "error: unknown option '--x'\n(Did you mean --y?)": keep it to one line, no prefix. */
function commanderMessage(err: CommanderError): string {
  return sentence(
    err.message
      .replace(/^error:\s*/i, '')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '')
      .join(' '),
  );
}

/** "Invalid TCP address ...: port x is outside 1..65535." -> "invalid TCP address ...: port ... 1..65535" */
function sentence(message: string): string {
  const trimmed = message.trim().replace(/\.$/, '');
  // Lower-case the first letter unless the word is an acronym (TCP, IPv6).
  if (/^[A-Z][a-z]/.test(trimmed)) return trimmed[0]!.toLowerCase() + trimmed.slice(1);
  return trimmed;
}

function resolve(opts: Record<string, unknown>, sockets: readonly SocketArg[], context: ParseContext): ParseResult {
  if (sockets.length === 0) throw new UsageError('no HAProxy socket given: use -s PATH (unix) or -t HOST:PORT (TCP)');
  const instances = instancesFrom(sockets);

  const intervalSec = decimalInRange(opts, 'updateInterval', '-i/--update-interval', LIMITS.interval);
  const timeoutSec = decimalInRange(opts, 'timeout', '--timeout', LIMITS.timeout);
  const drainTimeoutSec = decimalInRange(opts, 'drainTimeout', '--drain-timeout', LIMITS.drainTimeout);
  const certWarnDays = Math.floor(decimalInRange(opts, 'certWarnDays', '--cert-warn-days', LIMITS.certWarnDays, 'days'));
  const mode = parseMode(optionalString(opts, 'mode'));
  const readOnly = opts['readOnly'] === true;
  // --no-mouse sets mouse to false; the config file's `no-mouse = true` comes as noMouse (see OPTION_KEYS).
  const mouse = opts['mouse'] !== false && opts['noMouse'] !== true;
  if (readOnly && mode === 5) throw new UsageError('the CLI mode is not available in read-only mode');

  const once = opts['once'] === true;
  const json = opts['json'] === true;
  const check = checkSpec(opts);
  if (check !== undefined && (once || json)) throw new UsageError(`--check cannot be used with ${once ? '--once' : '--json'}`);
  if (once && json) throw new UsageError('--once and --json cannot be used together');
  if (once && mode === 5) throw new UsageError('--once shows the views other than 5; the CLI view (5) is interactive only');
  const rates = opts['rates'] === true;
  if (rates && !once && !json) throw new UsageError('--rates is for --once and --json only');
  const output: Exclude<OutputKind, 'check'> = once ? 'once' : json ? 'json' : 'tui';

  const widthText = optionalString(opts, 'width');
  const width =
    widthText === undefined ? clampWidth(context.defaultWidth) : parseWidth(widthText);

  const config: Config = {
    instances,
    intervalSec,
    mode,
    readOnly,
    mouse,
    filters: dedupeFilters(stringList(opts, 'filter').map(parseFilter)),
    proxies: [...new Set(stringList(opts, 'proxy').map(parseProxyName))],
    timeoutMs: Math.round(timeoutSec * 1000),
    drainTimeoutSec,
    certWarnDays,
    sshCommand: sshCommand(opts),
    audit: audit(opts, context),
    sort: sortOption(opts),
  };
  if (check !== undefined) return { kind: 'run', config, output: 'check', width, check };
  return rates ? { kind: 'run', config, output, width, rates } : { kind: 'run', config, output, width };
}

/** --ssh-command, else HATOP_TS_SSH_COMMAND (see parseOptions), else the config file's; never empty. */
function sshCommand(opts: Record<string, unknown>): string | undefined {
  const given = optionalString(opts, 'sshCommand');
  if (given !== undefined && given.trim() === '') throw new UsageError('--ssh-command is empty');
  return given;
}

/** --audit-log, else the default file (see defaultAuditPath); none with --no-audit-log. Never both. */
function audit(opts: Record<string, unknown>, context: ParseContext): AuditConfig | undefined {
  const given = auditLogPath(opts, '--audit-log');
  const off = opts['noAuditLog'] === true;
  if (given !== undefined && off) throw new UsageError('--audit-log and --no-audit-log cannot be used together');
  if (off) return undefined;
  const file = given ?? defaultAuditPath(context.env ?? {}, context.home);
  return file === undefined ? undefined : { path: file };
}

/** --sort, parsed; undefined is HAProxy's order. */
function sortOption(opts: Record<string, unknown>): Config['sort'] {
  const text = optionalString(opts, 'sort');
  return text === undefined ? undefined : parseSort(text);
}

/** --check's lists and -v, or undefined without --check (where --crit, --warn and -v mean nothing: refused). */
function checkSpec(opts: Record<string, unknown>): CheckSpec | undefined {
  const verbose = opts['verbose'] === true;
  if (opts['check'] !== true) {
    const stray = verbose ? '-v/--verbose' : opts['crit'] !== undefined ? '--crit' : opts['warn'] !== undefined ? '--warn' : undefined;
    if (stray !== undefined) throw new UsageError(`${stray} is for --check only`);
    return undefined;
  }
  return {
    critical: stateList(opts, 'crit', DEFAULT_CRITICAL),
    warning: stateList(opts, 'warn', DEFAULT_WARNING),
    verbose,
  };
}


