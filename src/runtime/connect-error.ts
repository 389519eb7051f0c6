// Saying in HAProxy's terms what went wrong with a runtime API session, in one sentence the CLI prints as is: a
// failed connect, a lost connection, a timeout, a peer that is not HAProxy's runtime API (named by what it sent).
import { statSync } from 'node:fs';
import type { Socket } from 'node:net';
import { getSystemErrorMap } from 'node:util';
import { RuntimeError, type DirectAddress } from './types';
import type { PromptFramer } from './framing';

/** A socket that is no longer ours: none of our listeners, and its late errors ignored. */
export function release(socket: Socket): Socket {
  socket.removeAllListeners();
  return socket.on('error', () => undefined);
}

/** 5000 -> "5 s", 250 -> "0.25 s". */
export function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}

export function describeConnectError(a: DirectAddress, label: string, e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return `no such socket: ${label}`;
    case 'ENOTSOCK':
      return `${label} is not a socket`;
    case 'EACCES':
    case 'EPERM':
      return `permission denied on ${label}`;
    case 'ECONNREFUSED':
      // Linux refuses a connect to a regular file with ECONNREFUSED, like a socket nobody listens on.
      if (a.kind === 'unix' && !isSocketFile(a.path)) return `${label} is not a socket`;
      return a.kind === 'unix' ? `connection refused by ${label} (is HAProxy running?)` : `connection refused by ${label}`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot resolve the host of ${label}`;
    case 'ETIMEDOUT':
      return `no answer from ${label} within the system's connect timeout`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${label} is unreachable`;
    case 'EPIPE':
    case 'ECONNRESET':
      // Accepted, then closed at once (a full backlog, a peer that hangs up on anything): no errno jargon.
      return `${label} closed the connection before answering "prompt"`;
    default:
      return `cannot connect to ${label}: ${errnoText(e)}`;
  }
}

/** How an established connection ended, after the label: "closed the connection", "lost the connection (...)". */
export function lostCause(e: NodeJS.ErrnoException | undefined): string {
  // A reset or a write to a closed socket is the peer closing: "write EPIPE" says nothing to an operator.
  if (e === undefined || e.code === 'EPIPE' || e.code === 'ECONNRESET') return 'closed the connection';
  return `lost the connection (${errnoText(e)})`;
}

/** "connection timed out, ETIMEDOUT" rather than Node's "read ETIMEDOUT". */
function errnoText(e: NodeJS.ErrnoException): string {
  const known = e.errno === undefined ? undefined : getSystemErrorMap().get(e.errno);
  if (known !== undefined) return `${known[1]}, ${known[0]}`;
  return e.code ?? e.message;
}

function isSocketFile(path: string): boolean {
  try {
    return statSync(path).isSocket();
  } catch {
    return false;
  }
}

// ---- a peer that is not HAProxy's runtime API ----

/** How many of the first bytes received are looked at to say what the peer is. */
export const SAMPLE_BYTES = 256;
/** Most characters quoted from what the peer sent. */
const QUOTE_CHARS = 40;

/**
 * What a peer sent, in words. `foreign`: surely not the runtime API (HTTP, SSH, TLS, binary). `text`: printable
 * text, which may be an unfinished answer as well as a stranger. `master`: HAProxy's master CLI prompt.
 */
export type Sent =
  | { readonly kind: 'master' }
  | { readonly kind: 'foreign'; readonly what: string }
  | { readonly kind: 'text'; readonly what: string };

export function describeSent(bytes: Buffer): Sent {
  const text = bytes.toString('latin1');
  // 2.x prints "master> "; later versions may add a state in brackets or parentheses before the ">".
  if (/^\r?\n?master[^\s>]{0,40}> /.test(text)) return { kind: 'master' };
  if (text.startsWith('HTTP/')) return { kind: 'foreign', what: `an HTTP reply (${quoteStart(bytes)})` };
  if (text.startsWith('SSH-')) return { kind: 'foreign', what: `an SSH server's greeting (${quoteStart(bytes)})` };
  // A TLS record: content type 20-23, then protocol version 3.x; a TLS server answers plain text with an alert.
  const [type = 0, major = 0] = bytes;
  if (bytes.length >= 2 && type >= 0x14 && type <= 0x17 && major === 0x03) return { kind: 'foreign', what: `TLS bytes (${hex(bytes)}), as a TLS server sends` };
  if (looksBinary(bytes)) return { kind: 'foreign', what: `binary data (${hex(bytes)})` };
  return { kind: 'text', what: quoteStart(bytes) };
}

/** The sentence for a peer that answered `command` with something that is not the runtime API. */
export function strangerMessage(label: string, command: string, sent: Sent): string {
  if (sent.kind === 'master') {
    return `${label} is HAProxy's master CLI socket (it answered with the "master>" prompt), not a worker's stats socket`;
  }
  return `${label} is not HAProxy's runtime API: it answered "${command}" with ${sent.what}`;
}

/**
 * The first line of what was sent, quoted: at most QUOTE_CHARS characters, control characters in caret notation
 * (ESC -> ^[) and anything else outside printable ASCII as `?`, so the quote is safe on any terminal.
 */
export function quoteStart(bytes: Buffer): string {
  const chars = [...bytes.toString('utf8').replace(/^\s+/, '')];
  const lineEnd = chars.findIndex((c) => c === '\n' || c === '\r');
  const line = lineEnd < 0 ? chars : chars.slice(0, lineEnd);
  if (line.length === 0) return 'blank lines';
  const shown = line.slice(0, QUOTE_CHARS).map(printable).join('');
  return `"${shown}${line.length > QUOTE_CHARS ? '...' : ''}"`;
}

function printable(c: string): string {
  const code = c.codePointAt(0) ?? 0;
  if (code < 0x20) return `^${String.fromCharCode(code + 64)}`;
  if (code === 0x7f) return '^?';
  return code > 0x7e ? '?' : c;
}

/** NUL, or many bytes that are neither text nor UTF-8 (HAProxy's CLI prints text, escape sequences aside). */
function looksBinary(bytes: Buffer): boolean {
  if (bytes.length === 0) return false;
  if (bytes.includes(0)) return true;
  const chars = [...bytes.toString('utf8')];
  // A multi-byte character cut by the sample's end decodes to one U+FFFD: not a sign of binary.
  const odd = chars.slice(0, -1).filter((c) => c === '\ufffd' || /[\x01-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f-\x9f]/.test(c)).length;
  return odd * 4 >= chars.length;
}

/** The first 8 bytes in hex: "15 03 01 00 02". */
function hex(bytes: Buffer): string {
  const shown = [...bytes.subarray(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  return bytes.length > 8 ? `${shown} ...` : shown;
}

/** 20 -> "20 bytes", 5300 -> "5.2 KiB", 52428800 -> "50 MiB". */
export function byteSize(n: number): string {
  if (n < 1024) return `${n} byte${n === 1 ? '' : 's'}`;
  const [value, unit] = n < 1024 * 1024 ? [n / 1024, 'KiB'] : [n / (1024 * 1024), 'MiB'];
  return `${Number(value.toFixed(1))} ${unit}`;
}

/**
 * The error for a command whose answer never ended (timeout, connection lost): what came of it decides. Bytes
 * that cannot be HAProxy's (HTTP, TLS, binary, the master CLI) make it a 'protocol' error naming them; text, or
 * nothing, keeps `failure`, with `describe` given "N bytes came, starting ..." or undefined.
 */
export function unfinishedError(
  label: string,
  framer: PromptFramer | undefined,
  command: string,
  failure: 'timeout' | 'closed',
  describe: (part: string | undefined) => string,
): RuntimeError {
  if (framer === undefined || framer.pendingBytes === 0) return new RuntimeError(failure, describe(undefined), label);
  const sent = describeSent(framer.head(SAMPLE_BYTES));
  if (sent.kind !== 'text') return new RuntimeError('protocol', strangerMessage(label, command, sent), label);
  return new RuntimeError(failure, describe(`${byteSize(framer.pendingBytes)} came, starting ${sent.what}`), label);
}

/** The error for a command not answered whole within `timeoutMs`. */
export function timeoutError(label: string, framer: PromptFramer | undefined, command: string, timeoutMs: number): RuntimeError {
  return unfinishedError(label, framer, command, 'timeout', (part) =>
    part === undefined
      ? `${label} did not answer "${command}" within ${seconds(timeoutMs)}`
      : `${label} did not finish answering "${command}" within ${seconds(timeoutMs)} (${part})`,
  );
}

/** The error for a connection lost (`e`, or a close) while `command` was in flight, if any. */
export function lostError(label: string, framer: PromptFramer | undefined, command: string | undefined, e: NodeJS.ErrnoException | undefined): RuntimeError {
  const cause = lostCause(e);
  if (command === undefined) return new RuntimeError('closed', `${label} ${cause}`, label);
  return unfinishedError(label, framer, command, 'closed', (part) =>
    part === undefined ? `${label} ${cause} before answering "${command}"` : `${label} ${cause} before finishing its answer to "${command}" (${part})`,
  );
}

/** The error for an answer that grew past `limit` bytes: a runaway peer. */
export function tooLargeError(label: string, limit: number, command: string | undefined): RuntimeError {
  const what = command === undefined ? 'without being asked anything' : `in answer to "${command}" without finishing it`;
  return new RuntimeError('protocol', `${label} sent more than ${byteSize(limit)} ${what} (the most one answer may hold); the session was reset`, label);
}
