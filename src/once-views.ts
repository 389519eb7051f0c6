// --once and --json for the runtime views (-m 6-9, 0): each instance read on a session of its own, the view's
// tables printed as plain text, or its data as JSON. Never loads blessed.
import type { Config, InstanceSpec } from './config';
import { EXIT } from './config';
import { RuntimeClient, StatsRoute, formatAddress } from './runtime';
import { readCapped } from './app/runtime-reader';
import { renderRuntimePlain } from './view/runtime-layout';
import { sanitize } from './view/format';
import type { RuntimeTable, RuntimeViewDef } from './views';

type Write = (text: string) => void;

type ViewRead = { readonly spec: InstanceSpec; readonly tables: readonly RuntimeTable[]; readonly json: unknown } | { readonly spec: InstanceSpec; readonly error: string };

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
  const reads = await Promise.all(
    config.instances.map(async (spec): Promise<ViewRead> => {
      const client = new RuntimeClient(spec.address, { timeoutMs: config.timeoutMs, sshCommand: config.sshCommand, acceptMaster: true });
      const route = new StatsRoute(client);
      try {
        await client.connect();
        const got = await view.dump((command, options) => readCapped(route, command, options), { place: {}, filter: '', now: new Date(), certWarnDays: config.certWarnDays, memo: new Map() });
        return { spec, ...got };
      } catch (err) {
        const reason = failure(spec, err);
        if (reason === undefined) throw err;
        return { spec, error: several ? `${spec.name}: ${reason}` : reason };
      } finally {
        client.close();
      }
    }),
  );
  for (const read of reads) if ('error' in read) writeErr(`hatop-ts: ${read.error}\n`);
  if (output === 'json') {
    const instances = reads.map((r) => ({ name: r.spec.name, socket: formatAddress(r.spec.address), ...('error' in r ? { state: 'failed', error: r.error } : { state: 'up', data: r.json }) }));
    write(`${JSON.stringify({ view: view.name, instances }, null, 2).replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`);
  } else {
    const parts = reads.map((r) => {
      const title = several ? sanitize(`=== ${r.spec.name}  ${formatAddress(r.spec.address)}`) : '';
      if ('error' in r) return several ? `${title}  FAILED: ${sanitize(r.error)}\n` : '';
      return `${several ? `${title}\n` : ''}${r.tables.map((t) => renderRuntimePlain(t, width)).join('\n')}`;
    });
    write(parts.filter((p) => p !== '').join('\n').replace(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/g, '?'));
  }
  return reads.some((r) => 'error' in r) ? EXIT.haproxy : EXIT.ok;
}
