// Which HAProxy instances the command line names: `-s` and `-t` are repeatable and may be mixed, each value
// optionally named (`-s lb1=/run/haproxy/admin.sock -t lb2=10.0.0.2:9999`). Pure.
import type { InstanceSpec } from './config';
import { formatAddress, parseAddress } from './runtime/address';
import type { SocketAddress } from './runtime/types';

/** What an instance name may hold: no `@` or `:`, which ids and labels use as separators. */
export const INSTANCE_NAME = /^[A-Za-z0-9_.-]{1,32}$/;

/** A `-s` or `-t` value as given, in command-line order. */
export interface SocketArg {
  readonly flag: '-s' | '-t';
  readonly value: string;
}

export class InstanceError extends Error {}

/** The instances of the given socket options, in order, each with a unique name. Throws InstanceError. */
export function instancesFrom(args: readonly SocketArg[]): InstanceSpec[] {
  const parsed = args.map((arg) => {
    const named = /^([^=/]+)=(.*)$/s.exec(arg.value);
    const name = named?.[1];
    const rest = named?.[2] ?? arg.value;
    if (name !== undefined && !INSTANCE_NAME.test(name)) {
      throw new InstanceError(`the instance name "${name}" in ${arg.flag} ${arg.value} may hold only letters, digits, "_", "." and "-" (at most 32)`);
    }
    if (rest === '') throw new InstanceError(`the ${arg.flag} ${arg.flag === '-s' ? 'socket path' : 'address'} is empty`);
    let address: SocketAddress;
    try {
      address = arg.flag === '-s' ? parseAddress(rest, undefined) : parseAddress(undefined, rest);
    } catch (err) {
      throw new InstanceError(err instanceof Error ? err.message : String(err));
    }
    return { name, address };
  });
  const taken = new Set<string>();
  const seen = new Map<string, string>();
  for (const p of parsed) {
    if (p.name === undefined) continue;
    if (taken.has(p.name)) throw new InstanceError(`two instances are named "${p.name}"`);
    taken.add(p.name);
  }
  const out: InstanceSpec[] = [];
  for (const p of parsed) {
    const where = formatAddress(p.address);
    const twin = seen.get(where);
    if (twin !== undefined) throw new InstanceError(`${where} is given twice (${twin})`);
    const name = p.name ?? unique(derivedName(p.address), taken);
    taken.add(name);
    seen.set(where, name);
    out.push({ name, address: p.address });
  }
  return out;
}

/** A short name for an unnamed instance: the socket file without its extension, or the host. */
export function derivedName(address: SocketAddress): string {
  const base = address.kind === 'unix' ? (address.path.split('/').filter((p) => p !== '').pop() ?? 'haproxy').replace(/\.[^.]*$/, '') : address.host;
  const clean = base.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 28);
  return clean === '' || /^[._]+$/.test(clean) ? 'haproxy' : clean;
}

function unique(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(name)) return name;
  for (let n = 2; ; n++) if (!taken.has(`${name}${n}`)) return `${name}${n}`;
}
