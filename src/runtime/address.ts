// Where the runtime API socket is: parsing the user's --socket / --tcp values and printing them back.
import { isIP } from 'node:net';
import type { SocketAddress, SshAddress } from './types';

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
  if (hasUnix) return /^ssh:\/\//i.test(unixPath) ? parseSshAddress(unixPath) : { kind: 'unix', path: unixPath };
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

/**
 * Parses `ssh://[user@]host[:port]/absolute/path`, host also as `[v6]`. Taken as written (no %-decoding): the
 * parts go to ssh as they are, and the path is the socket's path on that host.
 */
export function parseSshAddress(s: string): SshAddress {
  // Quoted as JSON: a line break typed into the value stays on one line here.
  const bad = (why: string): Error => new Error(`Invalid SSH address ${JSON.stringify(s)}: ${why}.`);
  const rest = s.trim().replace(/^ssh:\/\//i, '');
  const slash = rest.indexOf('/');
  if (slash < 0 || slash === rest.length - 1) throw bad('give the socket\'s absolute path after the host, like ssh://lb1/run/haproxy/admin.sock');
  const authority = rest.slice(0, slash);
  const path = rest.slice(slash);
  // ssh reads the remote end of -L in brackets, and a control character has no business in a path.
  if (/[\x00-\x1f\x7f\]]/.test(path)) throw bad('the socket path contains a control character or "]"');
  const at = authority.lastIndexOf('@');
  const user = at < 0 ? undefined : authority.slice(0, at);
  if (user !== undefined) {
    if (user === '') throw bad('the user name before "@" is empty');
    if (user.includes(':')) throw bad('a password cannot be given here; ssh logs in with your keys or agent');
    if (/[\s\x00-\x1f\x7f]/.test(user)) throw bad('the user name contains whitespace');
  }
  const { host, port } = sshHostPort(authority.slice(at + 1), bad);
  return { kind: 'ssh', ...(user === undefined ? {} : { user }), host, ...(port === undefined ? {} : { port }), path };
}

function sshHostPort(text: string, bad: (why: string) => Error): { host: string; port: number | undefined } {
  let host = text;
  let portText: string | undefined;
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0) throw bad('missing "]" after the IPv6 address');
    host = text.slice(1, close);
    const after = text.slice(close + 1);
    if (after !== '' && !after.startsWith(':')) throw bad('expected ":port" after "]"');
    if (isIP(host) !== 6) throw bad(`"${host}" is not an IPv6 address`);
    portText = after === '' ? undefined : after.slice(1);
  } else {
    const colon = text.indexOf(':');
    if (colon >= 0) {
      host = text.slice(0, colon);
      portText = text.slice(colon + 1);
      if (portText.includes(':')) throw bad('write an IPv6 address in brackets, like ssh://[::1]/run/haproxy/admin.sock');
    }
  }
  if (host === '') throw bad('the host is empty');
  if (/[\s\x00-\x1f\x7f]/.test(host)) throw bad('the host contains whitespace');
  // ssh would read a host starting with "-" as an option.
  if (host.startsWith('-')) throw bad('the host cannot start with "-"');
  if (portText === undefined) return { host, port: undefined };
  if (!/^\d+$/.test(portText)) throw bad(`port "${portText}" is not a number`);
  const port = Number(portText);
  if (port < 1 || port > 65535) throw bad(`port ${portText} is outside 1..65535`);
  return { host, port };
}

/** `/run/haproxy/admin.sock`, `127.0.0.1:9999`, `[::1]:9999`, `ssh://user@lb1:2222/run/haproxy/admin.sock`. */
export function formatAddress(a: SocketAddress): string {
  if (a.kind === 'unix') return a.path;
  const host = a.host.includes(':') ? `[${a.host}]` : a.host;
  if (a.kind === 'tcp') return `${host}:${a.port}`;
  return `ssh://${a.user === undefined ? '' : `${a.user}@`}${host}${a.port === undefined ? '' : `:${a.port}`}${a.path}`;
}

/** How messages name the far host of an ssh:// address: `lb1`, `lb1:2222`, `[::1]:2222`. */
export function sshHostLabel(a: SshAddress): string {
  const host = a.host.includes(':') ? `[${a.host}]` : a.host;
  return a.port === undefined ? host : `${host}:${a.port}`;
}
