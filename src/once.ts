// One-shot output (--once, --json): read HAProxy once, print, exit. Also the reachability probe the CLI
// runs before starting the interactive screen. Never loads blessed.
import { performance } from 'node:perf_hooks';
import { EXIT, type Config } from './config';
import { RuntimeClient, RuntimeError, commands, formatAddress } from './runtime';
import { buildSnapshot, mergeSnapshots, type Snapshot } from './stats';
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
  for (const name of config.proxies) {
    if (!snapshot.proxies.some((p) => p.name === name)) writeErr(`${PROGRAM}: warning: no proxy named "${name}"\n`);
  }
  if (output === 'json') {
    write(`${jsonText(jsonReport(snapshot, config.proxies))}\n`);
  } else {
    const text = renderPlain(snapshot, mode, width, { proxies: [...config.proxies] });
    write(printable(text.endsWith('\n') ? text : `${text}\n`));
  }
  return EXIT.ok;
}

/**
 * Connects, asks `show info`, closes. Resolves undefined when HAProxy answered, else the one error line
 * to print (exit 2). Used before the interactive screen so that a wrong socket fails fast and plainly.
 */
export async function probe(config: Config): Promise<string | undefined> {
  const client = new RuntimeClient(config.address, { timeoutMs: config.timeoutMs });
  try {
    await client.connect();
    await client.send(commands.showInfo());
    return undefined;
  } catch (err) {
    const line = talkFailureLine(config, err);
    if (line === undefined) throw err;
    return line;
  } finally {
    client.close();
  }
}

/** One session: `show info`, then `show stat` once or once per -f filter, merged. */
async function readOnce(config: Config): Promise<Snapshot> {
  const client = new RuntimeClient(config.address, { timeoutMs: config.timeoutMs });
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
  const label = formatAddress(config.address);
  // The cause may quote what the socket sent: shown, never obeyed by the terminal behind stderr.
  if (err instanceof RuntimeError) return `${PROGRAM}: cannot talk to HAProxy at ${sanitize(label)}: ${sanitize(causeOf(err.message, label))}\n`;
  if (err instanceof TalkError) return `${PROGRAM}: cannot talk to HAProxy at ${sanitize(label)}: ${sanitize(err.message)}\n`;
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
  readonly info: Record<string, string>;
  readonly services: JsonService[];
}

/**
 * The --json document: `show info` as name -> value, and every service (only those of `proxies` when
 * given) with its non-empty CSV fields in header order (identity and the `-` marker left out),
 * numbers as numbers.
 */
export function jsonReport(snapshot: Snapshot, proxies: readonly string[] = []): JsonReport {
  const info: Record<string, string> = {};
  for (const [name, value] of snapshot.info) info[name] = value;
  const wanted = new Set(proxies);
  const services = snapshot.services
    .filter((s) => wanted.size === 0 || wanted.has(s.proxy))
    .map((s): JsonService => {
      const stats: Record<string, string | number> = {};
      for (const column of snapshot.columns) {
        // pxname/svname are the service's identity, already given; `-` is 2.3+'s marker column between
        // the static fields and the per-module counters, not a statistic.
        if (column === 'pxname' || column === 'svname' || column === '-') continue;
        const value = s.fields[column];
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

/** "12" -> 12, "0.5" -> 0.5; text, and integers too big to survive as a double, stay strings. */
function jsonValue(text: string): string | number {
  if (!/^-?\d+(\.\d+)?$/.test(text)) return text;
  const n = Number(text);
  if (!Number.isFinite(n)) return text;
  if (!text.includes('.') && !Number.isSafeInteger(n)) return text;
  return n;
}
