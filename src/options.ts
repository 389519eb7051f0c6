// The command line, parsed and checked into a Config. Pure: no process.exit, no I/O; the caller prints
// whatever text comes back and sets the exit code, so every case can be tested in-process.
import { Command, CommanderError } from 'commander';
import { EXIT, type Config, type ModeNumber, type StatFilter } from './config';
import { parseAddress } from './runtime';
import { VERSION } from './version';

export const PROGRAM = 'hatop-ts';

export type OutputKind = 'tui' | 'once' | 'json';

export type ParseResult =
  | { readonly kind: 'run'; readonly config: Config; readonly output: OutputKind; readonly width: number }
  | { readonly kind: 'exit'; readonly code: number; readonly stdout?: string; readonly stderr?: string };

export interface ParseContext {
  /** Table width for --once when --width is absent: the terminal's width if stdout is a TTY, else 120. */
  readonly defaultWidth?: number;
}

/** Limits, shared by the checks and the help text so that they cannot disagree. */
export const LIMITS = {
  interval: { min: 0.5, max: 300, default: 2 },
  timeout: { min: 0.1, max: 300, default: 5 },
  width: { min: 40, max: 1000, default: 120 },
} as const;

const HELP_AFTER = `
Filters (-f): "<iid> <type> <sid>" polls "show stat <iid> <type> <sid>".
  iid: proxy id, or -1 for all proxies
  type: bitmask 1 frontends + 2 backends + 4 servers + 8 listeners (1..15),
        or -1 for all
  sid: server id (0 for frontend/backend rows only), or -1 for all
  Several -f are all polled and their rows merged.

Exit codes:
  0  success
  1  bad usage (unknown or invalid option, stdout not a terminal for the
     interactive screen)
  2  cannot talk to HAProxy (missing socket, refused, timeout, closed)

Examples:
  hatop-ts -s /run/haproxy/admin.sock
  hatop-ts -t 127.0.0.1:9999
  hatop-ts -t [::1]:9999 -i 0.5 -n
  hatop-ts -s /run/haproxy/admin.sock --once -m 2
  hatop-ts -s /run/haproxy/admin.sock -p bk_app --once
  hatop-ts -s /run/haproxy/admin.sock -f "-1 4 -1" --once
  hatop-ts -s /run/haproxy/admin.sock --json | jq .services[0]
`;

/** Thrown by the checks below; turned into the one-line usage error. */
class UsageError extends Error {}

/** Repeatable options. No commander default, so that help does not print "(default: [])". */
function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function buildProgram(out: { stdout: string }): Command {
  const program = new Command(PROGRAM);
  program
    .usage('(-s PATH | -t HOST:PORT) [options]')
    .description('Interactive terminal client for the HAProxy runtime API (stats socket).')
    .option('-s, --unix-socket <path>', 'unix stats socket path (give -s or -t)')
    .option('-t, --tcp-socket <host:port>', 'TCP stats socket; IPv6 as [::1]:9999')
    .option(
      '-i, --update-interval <seconds>',
      `seconds between refreshes, ${LIMITS.interval.min}..${LIMITS.interval.max}, decimals allowed ` +
        `(default: ${LIMITS.interval.default})`,
    )
    .option('-m, --mode <1-5>', 'start mode: 1 STATUS, 2 TRAFFIC, 3 HTTP, 4 ERRORS, 5 CLI (default: 1)')
    .option('-n, --read-only', 'no CLI mode, no actions (default: off)')
    .option(
      '-f, --filter <"iid type sid">',
      'poll only "show stat <iid> <type> <sid>"; repeatable, see Filters below (default: all)',
      collect,
    )
    .option('-p, --proxy <name>', 'show only the proxies of this name; repeatable (default: all)', collect)
    .option(
      '--timeout <seconds>',
      `seconds one command may take, ${LIMITS.timeout.min}..${LIMITS.timeout.max} ` +
        `(default: ${LIMITS.timeout.default})`,
    )
    .option('--once', 'print mode -m 1..4 as a plain table and exit')
    .option('--json', 'print info and every service as JSON and exit')
    .option(
      '--width <columns>',
      `table width for --once, ${LIMITS.width.min}..${LIMITS.width.max} ` +
        `(default: the terminal's width, or ${LIMITS.width.default})`,
    )
    .version(`${PROGRAM} ${VERSION}`, '-V, --version', 'print the version and exit')
    .helpOption('-h, --help', 'print this help and exit')
    .addHelpText('after', HELP_AFTER)
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
  const program = buildProgram(out);
  try {
    program.parse([...args], { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.exitCode === 0) return { kind: 'exit', code: EXIT.ok, stdout: out.stdout };
      return usage(commanderMessage(err));
    }
    return usage(err instanceof Error ? err.message : String(err));
  }
  try {
    return resolve(program.opts(), context);
  } catch (err) {
    if (err instanceof UsageError) return usage(err.message);
    throw err;
  }
}

function usage(message: string): ParseResult {
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

function resolve(opts: Record<string, unknown>, context: ParseContext): ParseResult {
  const unixPath = optionalString(opts, 'unixSocket');
  const tcp = optionalString(opts, 'tcpSocket');
  if (unixPath === undefined && tcp === undefined) {
    throw new UsageError('no HAProxy socket given: use -s PATH (unix) or -t HOST:PORT (TCP)');
  }
  if (unixPath !== undefined && tcp !== undefined) {
    throw new UsageError('give either -s (unix socket) or -t (TCP socket), not both');
  }
  if (unixPath === '') throw new UsageError('the -s socket path is empty');
  let address: Config['address'];
  try {
    address = parseAddress(unixPath, tcp);
  } catch (err) {
    throw new UsageError(sentence(err instanceof Error ? err.message : String(err)));
  }

  const intervalSec = decimalInRange(opts, 'updateInterval', '-i/--update-interval', LIMITS.interval);
  const timeoutSec = decimalInRange(opts, 'timeout', '--timeout', LIMITS.timeout);
  const mode = parseMode(optionalString(opts, 'mode'));
  const readOnly = opts['readOnly'] === true;
  if (readOnly && mode === 5) throw new UsageError('the CLI mode is not available in read-only mode');

  const once = opts['once'] === true;
  const json = opts['json'] === true;
  if (once && json) throw new UsageError('--once and --json cannot be used together');
  if (once && mode === 5) throw new UsageError('--once shows modes 1-4; the CLI mode (5) is interactive only');
  const output: OutputKind = once ? 'once' : json ? 'json' : 'tui';

  const widthText = optionalString(opts, 'width');
  const width =
    widthText === undefined ? clampWidth(context.defaultWidth) : parseWidth(widthText);

  const config: Config = {
    address,
    intervalSec,
    mode,
    readOnly,
    filters: dedupeFilters(stringList(opts, 'filter').map(parseFilter)),
    proxies: [...new Set(stringList(opts, 'proxy').map(parseProxyName))],
    timeoutMs: Math.round(timeoutSec * 1000),
  };
  return { kind: 'run', config, output, width };
}

function optionalString(opts: Record<string, unknown>, key: string): string | undefined {
  const value = opts[key];
  return typeof value === 'string' ? value : undefined;
}

function stringList(opts: Record<string, unknown>, key: string): string[] {
  const value = opts[key];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function decimalInRange(
  opts: Record<string, unknown>,
  key: string,
  flag: string,
  limits: { readonly min: number; readonly max: number; readonly default: number },
): number {
  const text = optionalString(opts, key);
  if (text === undefined) return limits.default;
  const range = `${limits.min}..${limits.max}`;
  // Plain decimals only: "1e1", "0x10", "2s" and " " are mistakes, not numbers.
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(text.trim())) {
    throw new UsageError(`${flag} must be a number of seconds in ${range}, not "${text}"`);
  }
  const value = Number(text);
  if (value < limits.min || value > limits.max) {
    throw new UsageError(`${flag} must be in ${range} seconds, not ${text}`);
  }
  return value;
}

function parseMode(text: string | undefined): ModeNumber {
  if (text === undefined) return 1;
  switch (text.trim()) {
    case '1':
      return 1;
    case '2':
      return 2;
    case '3':
      return 3;
    case '4':
      return 4;
    case '5':
      return 5;
    default:
      throw new UsageError(`-m/--mode must be 1, 2, 3, 4 or 5, not "${text}"`);
  }
}

function parseWidth(text: string): number {
  const { min, max } = LIMITS.width;
  if (!/^\d+$/.test(text.trim())) throw new UsageError(`--width must be a whole number of columns, not "${text}"`);
  const value = Number(text);
  if (value < min || value > max) throw new UsageError(`--width must be in ${min}..${max}, not ${text}`);
  return value;
}

/** The detected terminal width is a hint: keep it inside the range --width accepts. */
function clampWidth(detected: number | undefined): number {
  const { min, max } = LIMITS.width;
  if (detected === undefined || !Number.isFinite(detected) || detected <= 0) return LIMITS.width.default;
  return Math.min(max, Math.max(min, Math.floor(detected)));
}

/** The largest proxy or server id HAProxy gives (a signed 32-bit integer). */
const MAX_ID = 2 ** 31 - 1;

/** `"<iid> <type> <sid>"`: three integers, as HAProxy's `show stat` takes them. */
export function parseFilter(text: string): StatFilter {
  const words = text.trim().split(/\s+/);
  const bad = (why: string): UsageError =>
    new UsageError(`bad filter "${text}": ${why}; expected "<iid> <type> <sid>", like "4 -1 -1"`);
  if (words.length !== 3 || !words.every((w) => /^-?\d+$/.test(w))) throw bad('not three integers');
  const [iid, type, sid] = words.map(Number) as [number, number, number];
  // HAProxy's ids are 32-bit integers: a bigger one can match nothing, and would silently show nothing.
  if (words.some((w) => !Number.isSafeInteger(Number(w)) || Math.abs(Number(w)) > MAX_ID)) throw bad(`ids are at most ${MAX_ID}`);
  if (iid !== -1 && iid < 1) throw bad('iid must be a proxy id (1 or more) or -1');
  if (type !== -1 && (type < 1 || type > 15)) throw bad('type must be a bitmask 1..15 or -1');
  if (sid !== -1 && sid < 0) throw bad('sid must be a server id (0 or more) or -1');
  return { iid, type, sid };
}

/** Identical filters would poll the same rows twice; different ones on one proxy are all kept. */
function dedupeFilters(filters: readonly StatFilter[]): StatFilter[] {
  const seen = new Set<string>();
  const kept: StatFilter[] = [];
  for (const f of filters) {
    const key = `${f.iid} ${f.type} ${f.sid}`;
    if (seen.has(key)) continue;
    seen.add(key);
    kept.push(f);
  }
  return kept;
}

function parseProxyName(text: string): string {
  const name = text.trim();
  if (name === '') throw new UsageError('-p/--proxy needs a proxy name');
  return name;
}
