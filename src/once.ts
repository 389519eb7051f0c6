// One-shot output (--once, --json, --check): read HAProxy once, print, exit. Also the reachability probe the
// CLI runs before starting the interactive screen. Never loads blessed.
import { performance } from 'node:perf_hooks';
import { checkOutput, checkReport, unknownSummary } from './check';
import { CHECK_EXIT, type CheckSpec } from './check-rules';
import { EXIT, type Config } from './config';
import { RuntimeClient, RuntimeError, commands, formatAddress } from './runtime';
import { buildSnapshot, mergeSnapshots, parseShowInfo, type Info, type Service, type Snapshot } from './stats';
import { renderPlain } from './view';
import { sanitize } from './view/format';

const PROGRAM = 'hatop-ts';

export type Write = (text: string) => void;

/** Something HAProxy (or the socket) did that makes the data unusable: exit 2, one line. */
class TalkError extends Error {}

/**
 * Prints the table of `config.mode` (--once) or the JSON report (--json) and resolves with the exit code:
 * 0 printed, 1 bad usage (--once with mode 5), 2 HAProxy could not be read. Errors go to `writeErr`
 * as one line; the client is always closed, so nothing keeps the process alive afterwards.
 */
export async function runOnce(
  config: Config,
  output: 'once' | 'json',
  width: number,
  write: Write,
  writeErr: Write = (text) => process.stderr.write(text),
): Promise<number> {
  // Checked again here (parseOptions refuses it too) so that no caller can connect for nothing.
  let mode: 1 | 2 | 3 | 4 = 1;
  if (output === 'once') {
    if (config.mode === 5) {
      writeErr(`${PROGRAM}: --once shows modes 1-4\nTry ${PROGRAM} --help.\n`);
      return EXIT.usage;
    }
    mode = config.mode;
  }
  let snapshot: Snapshot;
  try {
    snapshot = await readOnce(config);
  } catch (err) {
    const line = talkFailureLine(config, err);
    if (line === undefined) throw err;
    writeErr(line);
    return EXIT.haproxy;
  }
  for (const name of missingProxies(snapshot, config.proxies)) writeErr(`${PROGRAM}: warning: no proxy named "${name}"\n`);
  if (output === 'json') {
    write(`${jsonText(jsonReport(snapshot, config.proxies))}\n`);
  } else {
    const text = renderPlain(snapshot, mode, width, { proxies: [...config.proxies] });
    write(printable(text.endsWith('\n') ? text : `${text}\n`));
  }
  return EXIT.ok;
}

/**
 * --check: the same reading as --once, judged as a monitoring plugin judges it. Resolves with the plugin's
 * exit code (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN). Everything goes to stdout, as plugins do: when HAProxy
 * cannot be read, the reason is the UNKNOWN line.
 */
export async function runCheck(config: Config, spec: CheckSpec, write: Write): Promise<number> {
  let snapshot: Snapshot;
  try {
    snapshot = await readOnce(config);
  } catch (err) {
    const reason = talkFailure(config, err);
    if (reason === undefined) throw err;
    write(`${unknownSummary(reason)}\n`);
    return CHECK_EXIT.unknown;
  }
  const wanted = new Set(config.proxies);
  const report = checkReport(
    {
      services: selected(snapshot, config.proxies),
      proxyCount: snapshot.proxies.filter((p) => wanted.size === 0 || wanted.has(p.name)).length,
      missingProxies: missingProxies(snapshot, config.proxies),
    },
    spec,
  );
  write(checkOutput(report, spec.verbose));
  return CHECK_EXIT[report.state];
}

/** The services of the proxies named by -p (every proxy of each name), or all of them. */
function selected(snapshot: Snapshot, proxies: readonly string[]): Service[] {
  const wanted = new Set(proxies);
  return snapshot.services.filter((s) => wanted.size === 0 || wanted.has(s.proxy));
}

function missingProxies(snapshot: Snapshot, proxies: readonly string[]): string[] {
  return proxies.filter((name) => !snapshot.proxies.some((p) => p.name === name));
}

/** What probing a socket gave: HAProxy's `show info`, or the one error line to print (exit 2). */
export type Probe = { readonly kind: 'answered'; readonly info: Info } | { readonly kind: 'failed'; readonly line: string };

/**
 * Connects `client` and asks `show info`. Used before the interactive screen so that a wrong socket fails fast
 * and plainly; the session stays open for the screen, whose first refresh uses the answer.
 */
export async function probe(config: Config, client: RuntimeClient): Promise<Probe> {
  try {
    await client.connect();
    return { kind: 'answered', info: parseShowInfo(await client.send(commands.showInfo())) };
  } catch (err) {
    const line = talkFailureLine(config, err);
    if (line === undefined) throw err;
    return { kind: 'failed', line };
  }
}

/** One session: `show info`, then `show stat` once or once per -f filter, merged. */
async function readOnce(config: Config): Promise<Snapshot> {
  const client = new RuntimeClient(config.address, { timeoutMs: config.timeoutMs, sshCommand: config.sshCommand });
  try {
    await client.connect();
    const info = await client.send(commands.showInfo());
    const requests = config.filters.length === 0 ? [commands.showStat()] : config.filters.map((f) => commands.showStat(f));
    const parts: Snapshot[] = [];
    for (const request of requests) {
      const stat = await client.send(request);
      parts.push(snapshotOf(request.text, stat, info));
    }
    return parts.length === 1 ? parts[0]! : mergeSnapshots(parts);
  } finally {
    client.close();
  }
}

function snapshotOf(command: string, statText: string, infoText: string): Snapshot {
  // A CSV reply starts with its header; anything else is HAProxy refusing (e.g. "Unknown command").
  if (!statText.startsWith('# ')) {
    const first = statText.split('\n').find((line) => line.trim() !== '') ?? '(an empty reply)';
    throw new TalkError(`unexpected answer to "${command}": ${first.trim()}`);
  }
  try {
    return buildSnapshot(statText, infoText, performance.now());
  } catch (err) {
    throw new TalkError(`unreadable answer to "${command}": ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** The exit-2 line for a failure talking to HAProxy, or undefined when `err` is something else (a bug). */
export function talkFailureLine(config: Config, err: unknown): string | undefined {
  const reason = talkFailure(config, err);
  return reason === undefined ? undefined : `${PROGRAM}: ${reason}\n`;
}

/** "cannot talk to HAProxy at <socket>: <cause>", or undefined when `err` is something else (a bug). */
function talkFailure(config: Config, err: unknown): string | undefined {
  const label = formatAddress(config.address);
  // The cause may quote what the socket sent: shown, never obeyed by the terminal behind stderr.
  if (err instanceof RuntimeError) return `cannot talk to HAProxy at ${sanitize(label)}: ${sanitize(causeOf(err.message, label))}`;
  if (err instanceof TalkError) return `cannot talk to HAProxy at ${sanitize(label)}: ${sanitize(err.message)}`;
  return undefined;
}

/**
 * The runtime client's messages name the socket ("no such socket: /x", "/x did not answer ..."); the line
 * printed names it once already, so the cause drops it: "no such socket", "it did not answer ...".
 */
export function causeOf(message: string, label: string): string {
  const l = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const cause = message
    .trim()
    .replace(/\.$/, '')
    .replace(new RegExp(`^cannot connect to ${l}:\\s*`), '')
    .replace(new RegExp(`^${l}(?=\\s)`), 'it')
    .replace(new RegExp(`(?::|\\s+(?:by|on|from|to|of|with|at))\\s+${l}(?=$|[\\s),;])`, 'g'), '');
  return cause === '' ? message : cause;
}

// ---- --json ----

export interface JsonService {
  readonly proxy: string;
  readonly name: string;
  readonly kind: string;
  readonly status: string;
  readonly stats: Record<string, string | number>;
}

export interface JsonReport {
  readonly info: Record<string, string | number>;
  readonly services: JsonService[];
}

/**
 * `show info` fields that are words whatever they look like: a node called `42` or a version `3.0` must not
 * turn into a number on one host and stay a string on the next.
 */
const TEXT_INFO = new Set(['Name', 'Version', 'Release_date', 'Uptime', 'node', 'description', 'Build info']);

/**
 * The --json document: `show info` as name -> value, and every service (only those of `proxies` when
 * given) with its non-empty CSV fields in header order (identity and the `-` marker left out);
 * numbers as numbers in both.
 */
export function jsonReport(snapshot: Snapshot, proxies: readonly string[] = []): JsonReport {
  const info: Record<string, string | number> = {};
  for (const [name, value] of snapshot.info) info[name] = TEXT_INFO.has(name) ? value : jsonValue(value);
  const services = selected(snapshot, proxies)
    .map((s): JsonService => {
      const stats: Record<string, string | number> = {};
      for (const column of snapshot.columns) {
        // pxname/svname are the service's identity, already given; `-` is 2.3+'s marker column between
        // the static fields and the per-module counters, not a statistic.
        if (column === 'pxname' || column === 'svname' || column === '-') continue;
        const value = s.fields.get(column);
        if (value === undefined || value === '') continue;
        stats[column] = jsonValue(value);
      }
      return { proxy: s.proxy, name: s.name, kind: s.kind, status: s.status, stats };
    });
  return { info, services };
}

/**
 * JSON that is safe on a terminal too: JSON.stringify escapes C0 controls but leaves DEL and the C1 controls
 * (U+0080-U+009F; some terminals obey U+009B as an escape sequence) raw; written as \u escapes here, the
 * document stays the same JSON.
 */
export function jsonText(report: JsonReport): string {
  return JSON.stringify(report, null, 2).replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The plain table's last gate: its cells are sanitized already; a control character here is shown as `?`. */
function printable(text: string): string {
  return text.replace(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/g, '?');
}

/**
 * "12" -> 12, "0.5" -> 0.5; text, and integers too big to survive as a double, stay strings, and so does
 * "007", whose zeros a number would lose.
 */
function jsonValue(text: string): string | number {
  if (!/^-?(0|[1-9]\d*)(\.\d+)?$/.test(text)) return text;
  const n = Number(text);
  if (!Number.isFinite(n)) return text;
  if (!text.includes('.') && !Number.isSafeInteger(n)) return text;
  return n;
}
