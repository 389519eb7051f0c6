// --once and --json for the runtime views (-m 6-9, 0): each instance read on a session of its own, the view's
// tables printed as plain text, or its data as JSON. Never loads blessed.
import type { Config, InstanceSpec } from './config';
import { EXIT } from './config';
import { RuntimeClient, StatsRoute, formatAddress } from './runtime';
import { readCapped } from './app/runtime-reader';
import { renderRuntimePlain } from './view/runtime-layout';
import { sanitize } from './view/format';
import { jsonText } from './json-report';
import type { RuntimeTable, RuntimeViewDef } from './views';

type Write = (text: string) => void;

type ViewRead = { readonly spec: InstanceSpec; readonly tables: readonly RuntimeTable[]; readonly json: unknown } | { readonly spec: InstanceSpec; readonly error: string };

/**
 * Every instance at once, each on a session of its own (a slow or dead one does not hold up the others; a master
 * CLI socket is read through its current worker): what `read` gives, or the one line saying why it could not be
 * read. `failure` turns an error into that line, or undefined for a bug (thrown); among several, it names the
 * instance (`lb2: cannot talk to HAProxy at ...`).
 */
export async function eachInstance<T>(
  config: Config,
  failure: (spec: InstanceSpec, err: unknown) => string | undefined,
  read: (route: StatsRoute, spec: InstanceSpec) => Promise<T>,
): Promise<({ readonly spec: InstanceSpec; readonly value: T } | { readonly spec: InstanceSpec; readonly error: string })[]> {
  const several = config.instances.length > 1;
  return Promise.all(
    config.instances.map(async (spec) => {
      const client = new RuntimeClient(spec.address, { timeoutMs: config.timeoutMs, sshCommand: config.sshCommand, acceptMaster: true });
      try {
        await client.connect();
        return { spec, value: await read(new StatsRoute(client), spec) };
      } catch (err) {
        const reason = failure(spec, err);
        if (reason === undefined) throw err;
        return { spec, error: several ? `${spec.name}: ${reason}` : reason };
      } finally {
        client.close();
      }
    }),
  );
}

/**
 * Prints `view` of every instance and resolves with the exit code: 0, or 2 when an instance could not be read
 * (the others are printed all the same). `failure` turns an error into the line to print, or undefined for a bug.
 */
export async function runViewOnce(
  config: Config,
  view: RuntimeViewDef,
  output: 'once' | 'json',
  width: number,
  write: Write,
  writeErr: Write,
  failure: (spec: InstanceSpec, err: unknown) => string | undefined,
): Promise<number> {
  const several = config.instances.length > 1;
  const ctx = { place: {}, filter: '', now: new Date(), certWarnDays: config.certWarnDays };
  const reads: ViewRead[] = (await eachInstance(config, failure, (route) => view.dump((command, options) => readCapped(route, command, options), { ...ctx, memo: new Map() }))).map((r) =>
    'error' in r ? r : { spec: r.spec, ...r.value },
  );
  for (const read of reads) if ('error' in read) writeErr(`hatop-ts: ${read.error}\n`);
  if (output === 'json') {
    const instances = reads.map((r) => ({ name: r.spec.name, socket: formatAddress(r.spec.address), ...('error' in r ? { state: 'failed', error: r.error } : { state: 'up', data: r.json }) }));
    write(`${jsonText({ view: view.name, instances })}\n`);
  } else {
    const parts = reads.map((r) => {
      const title = several ? sanitize(`=== ${r.spec.name}  ${formatAddress(r.spec.address)}`) : '';
      if ('error' in r) return several ? `${title}  FAILED: ${sanitize(r.error)}\n` : '';
      return `${several ? `${title}\n` : ''}${r.tables.map((t) => renderRuntimePlain(t, width)).join('\n')}`;
    });
    write(printable(parts.filter((p) => p !== '').join('\n')));
  }
  return reads.some((r) => 'error' in r) ? EXIT.haproxy : EXIT.ok;
}

/** Plain output's last gate: its cells are sanitized already; a control character here is shown as `?`. */
export function printable(text: string): string {
  return text.replace(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/g, '?');
}
