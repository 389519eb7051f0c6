// Where the runtime API socket is: parsing the user's --socket / --tcp values and printing them back.
import { isIP } from 'node:net';
import type { SocketAddress } from './types';

/**
 * Builds the address from the CLI options: a unix socket path, or a TCP `host:port`.
 * Exactly one must be given. Throws an Error whose message is one sentence the CLI can print.
 */
export function parseAddress(unixPath?: string, tcp?: string): SocketAddress {
  const hasUnix = unixPath !== undefined && unixPath !== '';
  const hasTcp = tcp !== undefined && tcp !== '';
  if (hasUnix && hasTcp) {
    throw new Error('Give either a unix socket path or a TCP address, not both.');
  }
  if (hasTcp) return parseTcpAddress(tcp);
  if (hasUnix) return { kind: 'unix', path: unixPath };
  throw new Error('No HAProxy socket given: pass a unix socket path or a TCP address (host:port).');
}

/** Parses `host:port`, `[v6]:port`. Bare IPv6 without brackets is refused since its last `:` is ambiguous. */
export function parseTcpAddress(s: string): SocketAddress {
  const text = s.trim();
  let host: string;
  let portText: string;
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0) throw new Error(`Invalid TCP address "${s}": missing "]" after the IPv6 address.`);
    host = text.slice(1, close);
    const rest = text.slice(close + 1);
    if (!rest.startsWith(':') || rest.length === 1) {
      throw new Error(`Invalid TCP address "${s}": missing port, expected [ipv6]:port.`);
    }
    portText = rest.slice(1);
    if (isIP(host) !== 6) throw new Error(`Invalid TCP address "${s}": "${host}" is not an IPv6 address.`);
  } else {
    const colon = text.lastIndexOf(':');
    if (colon < 0) throw new Error(`Invalid TCP address "${s}": missing port, expected host:port.`);
    host = text.slice(0, colon);
    portText = text.slice(colon + 1);
    if (host.includes(':')) {
      throw new Error(`Invalid TCP address "${s}": write an IPv6 address in brackets, like [::1]:9999.`);
    }
    if (portText === '') throw new Error(`Invalid TCP address "${s}": missing port, expected host:port.`);
  }
  if (host === '') throw new Error(`Invalid TCP address "${s}": the host is empty.`);
  if (/\s/.test(host)) throw new Error(`Invalid TCP address "${s}": the host contains whitespace.`);
  if (!/^\d+$/.test(portText)) throw new Error(`Invalid TCP address "${s}": port "${portText}" is not a number.`);
  const port = Number(portText);
  if (port < 1 || port > 65535) {
    throw new Error(`Invalid TCP address "${s}": port ${portText} is outside 1..65535.`);
  }
  return { kind: 'tcp', host, port };
}

/** `/run/haproxy/admin.sock`, `127.0.0.1:9999`, `[::1]:9999`. */
export function formatAddress(a: SocketAddress): string {
  if (a.kind === 'unix') return a.path;
  return a.host.includes(':') ? `[${a.host}]:${a.port}` : `${a.host}:${a.port}`;
}
