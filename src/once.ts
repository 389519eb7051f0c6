// One-shot output (--once, --json, --check): read HAProxy once, print, exit. Also the reachability probe the
// CLI runs before starting the interactive screen. Never loads blessed.
import { performance } from 'node:perf_hooks';
import { checkOutput, checkReport, unknownSummary } from './check';
import { CHECK_EXIT, type CheckSpec } from './check-rules';
import { EXIT, type Config, type InstanceSpec } from './config';
import { earlierSnapshot, jsonReport, jsonText, ratesOf, selected, type InstanceRead } from './json-report';
import { RuntimeError, StatsRoute, commands, formatAddress } from './runtime';
import { buildSnapshot, mergeSnapshots, parseShowInfo, type Info, type Snapshot } from './stats';
import { renderPlain } from './view';
import { sanitize } from './view/format';
import { resolveSort } from './view/sort';
import { isTableMode, type ModeId } from './view/columns';
import { runtimeView } from './views';
import { eachInstance, printable, runViewOnce } from './once-views';
import { rateColumns, type Rates } from './view/rate-columns';

const PROGRAM = 'hatop-ts';

export type Write = (text: string) => void;

/** Something HAProxy (or the socket) did that makes the data unusable: exit 2, one line. */
class TalkError extends Error {}

/**
 * Prints the table of `config.mode` (--once) or the JSON report (--json) of every instance and resolves with the
 * exit code: 0 printed, 1 bad usage (--once with mode 5), 2 an instance could not be read (what the others gave
 * is printed all the same, and the failed one is named in the output). Errors go to `writeErr`, one line each;
 * every client is closed, so nothing keeps the process alive afterwards.
 */
export async function runOnce(
  config: Config,
  output: 'once' | 'json',
  width: number,
  write: Write,
  writeErr: Write = (text) => process.stderr.write(text),
  /** --rates: read again after this many ms, and add per-second rates to the JSON or the table. */
  rateIntervalMs?: number,
): Promise<number> {
  // Checked again here (parseOptions refuses it too) so that no caller can connect for nothing.
  if (output === 'once' && config.mode === 5) {
    writeErr(`${PROGRAM}: --once shows the views other than 5\nTry ${PROGRAM} --help.\n`);
    return EXIT.usage;
  }
  const view = runtimeView(config.mode);
  if (view !== undefined) return runViewOnce(config, view, output, width, write, writeErr, talkFailure);
  const mode: ModeId = isTableMode(config.mode) ? config.mode : 1;
  let reads = await readFleet(config);
  // --rates: the first reads are the earlier point; the second ones, a known time later, what is reported.
  let earlier: InstanceRead[] | undefined;
  if (rateIntervalMs !== undefined && reads.some((r) => 'snapshot' in r)) {
    await new Promise((resolve) => setTimeout(resolve, rateIntervalMs));
    earlier = reads;
    reads = await readFleet(config);
    for (const read of reads) if ('error' in read && !earlier.some((r) => r.spec === read.spec && 'error' in r)) writeErr(`${PROGRAM}: ${read.error}\n`);
  }
  const several = reads.length > 1;
  for (const read of reads) if ('error' in read) writeErr(`${PROGRAM}: ${read.error}\n`);
  const snapshots = reads.flatMap((r) => ('snapshot' in r ? [r.snapshot] : []));
  if (snapshots.length === 0 && !several) return EXIT.haproxy;
  for (const name of missingProxies(snapshots, config.proxies)) writeErr(`${PROGRAM}: warning: no proxy named "${name}"\n`);
  if (output === 'json') write(`${jsonText(jsonReport(reads, config.proxies, earlier))}\n`);
  else {
    const parts: string[] = [];
    for (const read of reads) {
      // The socket's name and HAProxy's words are shown, never obeyed by the terminal behind stdout.
      const title = several ? sanitize(`=== ${read.spec.name}  ${formatAddress(read.spec.address)}`) : '';
      if ('error' in read) {
        if (several) parts.push(`${title}  FAILED: ${sanitize(read.error)}\n`);
        continue;
      }
      const table = renderPlain(read.snapshot, mode, width, { proxies: [...config.proxies], sort: resolveSort(config.sort, mode) }, earlier === undefined ? [] : rateColumns(ratesFrom(read.spec, read.snapshot, earlier)));
      parts.push(`${several ? `${title}\n` : ''}${table.endsWith('\n') ? table : `${table}\n`}`);
    }
    write(printable(parts.join('\n')));
  }
  return reads.some((r) => 'error' in r) ? EXIT.haproxy : EXIT.ok;
}

/** Each service's rates between its instance's earlier read and `now`. */
function ratesFrom(spec: InstanceSpec, now: Snapshot, earlier: readonly InstanceRead[]): Map<string, Rates> {
  const then = earlierSnapshot(spec, earlier);
  return new Map(now.services.map((s) => [s.id, ratesOf(s, then, now)]));
}

/**
 * --check: the same reading as --once, judged as a monitoring plugin judges it. Resolves with the plugin's
 * exit code (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN). Everything goes to stdout, as plugins do: when an
 * instance cannot be read, the reason is the UNKNOWN line.
 */
export async function runCheck(config: Config, spec: CheckSpec, write: Write): Promise<number> {
  const reads = await readFleet(config);
  const failed = reads.find((r): r is Extract<InstanceRead, { error: string }> => 'error' in r);
  if (failed !== undefined) {
    write(`${unknownSummary(failed.error)}\n`);
    return CHECK_EXIT.unknown;
  }
  const snapshots = reads.flatMap((r) => ('snapshot' in r ? [r.snapshot] : []));
  const wanted = new Set(config.proxies);
  const report = checkReport(
    {
      services: snapshots.flatMap((s) => selected(s, config.proxies)),
      proxyCount: snapshots.reduce((n, s) => n + s.proxies.filter((p) => wanted.size === 0 || wanted.has(p.name)).length, 0),
      missingProxies: missingProxies(snapshots, config.proxies),
    },
    spec,
  );
  write(checkOutput(report, spec.verbose));
  return CHECK_EXIT[report.state];
}

/** Names given with -p that no instance has. */
function missingProxies(snapshots: readonly Snapshot[], proxies: readonly string[]): string[] {
  return proxies.filter((name) => !snapshots.some((s) => s.proxies.some((p) => p.name === name)));
}

/** What probing a socket gave: HAProxy's `show info`, or the one error line to print (exit 2). */
export type Probe = { readonly kind: 'answered'; readonly info: Info } | { readonly kind: 'failed'; readonly line: string };

/**
 * Connects `client` and asks `show info`. Used before the interactive screen so that a wrong socket fails fast
 * and plainly; the session stays open for the screen, whose first refresh uses the answer.
 */
export async function probe(spec: InstanceSpec, route: StatsRoute, named = false): Promise<Probe> {
  try {
    await route.client.connect();
    return { kind: 'answered', info: parseShowInfo(await route.send(commands.showInfo())) };
  } catch (err) {
    const line = talkFailureLine(spec, err, named);
    if (line === undefined) throw err;
    return { kind: 'failed', line };
  }
}

/** Every instance at once, each on its own session: a slow or dead one does not hold up the others. */
async function readFleet(config: Config): Promise<InstanceRead[]> {
  const instance = (spec: InstanceSpec): string | undefined => (config.instances.length > 1 ? spec.name : undefined);
  const reads = await eachInstance(config, talkFailure, (route, spec) => readOnce(config, route, instance(spec)));
  return reads.map((r) => ('error' in r ? r : { spec: r.spec, snapshot: r.value }));
}

/** `show info`, then `show stat` once or once per -f filter, merged. */
async function readOnce(config: Config, route: StatsRoute, instance: string | undefined): Promise<Snapshot> {
  const info = await route.send(commands.showInfo());
  const requests = config.filters.length === 0 ? [commands.showStat()] : config.filters.map((f) => commands.showStat(f));
  const parts: Snapshot[] = [];
  for (const request of requests) {
    const stat = await route.send(request);
    parts.push(snapshotOf(request.text, stat, info, instance));
  }
  return parts.length === 1 ? parts[0]! : mergeSnapshots(parts);
}

function snapshotOf(command: string, statText: string, infoText: string, instance: string | undefined): Snapshot {
  // A CSV reply starts with its header; anything else is HAProxy refusing (e.g. "Unknown command").
  if (!statText.startsWith('# ')) {
    const first = statText.split('\n').find((line) => line.trim() !== '') ?? '(an empty reply)';
    throw new TalkError(`unexpected answer to "${command}": ${first.trim()}`);
  }
  try {
    return buildSnapshot(statText, infoText, performance.now(), instance);
  } catch (err) {
    throw new TalkError(`unreadable answer to "${command}": ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** The exit-2 line for a failure talking to HAProxy, or undefined when `err` is something else (a bug). */
export function talkFailureLine(spec: InstanceSpec, err: unknown, named = false): string | undefined {
  const reason = talkFailure(spec, err);
  return reason === undefined ? undefined : `${PROGRAM}: ${named ? `${spec.name}: ` : ''}${reason}\n`;
}

/** "cannot talk to HAProxy at <socket>: <cause>", or undefined when `err` is something else (a bug). */
function talkFailure(spec: InstanceSpec, err: unknown): string | undefined {
  const label = formatAddress(spec.address);
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
