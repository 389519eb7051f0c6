// What went wrong on the way through ssh, in one sentence naming the host: read from what the ssh client printed
// and how it ended, or from a look at the socket on the far side when the forwarding could not open it.
import type { SshExit } from './ssh-process';

/** Lines ssh prints that explain nothing about a failure. */
const NOISE = /^(Warning: Permanently added|Pseudo-terminal will not|Killed by signal|@+$|@ )/;

/**
 * Why the ssh client ended, from its last stderr lines: a refused login, an unknown or changed host key, a host
 * that cannot be resolved or reached, a missing ssh program, else its last line that says something.
 */
export function exitReason(host: string, exit: SshExit, lines: readonly string[]): string {
  const all = lines.join('\n');
  const notFound = /^\S+: \d+: (.+): not found$/m.exec(all);
  if (exit.code === 127 && notFound) return `cannot reach ${host}: the ssh program "${notFound[1]}" was not found`;
  const denied = /Permission denied \(([^)]*)\)/.exec(all);
  if (denied) return `ssh login to ${host} refused (Permission denied (${denied[1]})); no password is asked: use a key or ssh-agent`;
  if (/REMOTE HOST IDENTIFICATION HAS CHANGED/.test(all)) {
    return `the host key of ${host} has changed (Host key verification failed); find out why before updating known_hosts`;
  }
  if (/Host key verification failed/.test(all)) {
    return `the host key of ${host} is not known (Host key verification failed); connect once with ssh to check and accept it`;
  }
  const resolve = /Could not resolve hostname (.+?): (.+)$/m.exec(all);
  if (resolve) {
    // A ~/.ssh/config alias may stand for another name: then say both.
    const name = resolve[1] ?? '';
    const of = host === name || host.startsWith(`${name}:`) || host.startsWith(`[${name}]`) ? '' : ` (for ${host})`;
    return `cannot resolve the host name ${name}${of}: ${lowerFirst(trimDot(resolve[2] ?? ''))}`;
  }
  const connect = /connect to host (\S+) port (\d+): (.+)$/m.exec(all);
  if (connect) return `cannot reach ${connect[1]} port ${connect[2]} over ssh: ${lowerFirst(trimDot(connect[3] ?? ''))}`;
  const last = [...lines].reverse().find((line) => !NOISE.test(line));
  if (last !== undefined) return `ssh to ${host} failed: ${trimDot(last.replace(/^ssh: /, ''))}`;
  if (exit.signal !== null) return `ssh to ${host} was ended by ${exit.signal}`;
  return `ssh to ${host} ended with status ${exit.code ?? '?'} before forwarding the socket`;
}

/**
 * When ssh could not open the socket on the far side. sshd tells only "open failed" whatever the cause, so the
 * cause comes from a look at the path over a second ssh session (see probeCommand), when that works.
 */
export function remoteOpenReason(host: string, path: string, openFailure: string, probed: string | undefined): string {
  if (/administratively prohibited/.test(openFailure)) {
    return `the ssh server of ${host} refused to forward to ${path} (administratively prohibited: see AllowStreamLocalForwarding)`;
  }
  switch (probed) {
    case 'missing':
      return `no socket at ${path} on ${host}`;
    case 'notsock':
      return `${path} on ${host} is not a socket`;
    case 'denied':
      return `permission denied on ${path} on ${host}`;
    case 'refused':
      return `connection refused by ${path} on ${host} (is HAProxy running?)`;
    default:
      return `${host} could not open ${path} (no such socket, no permission, or HAProxy not running; sshd does not say which)`;
  }
}

/** A line of ssh saying that the far side could not open a forwarded connection. */
export const OPEN_FAILED = /open failed/;

/** The words probeCommand prints. */
export const PROBE_WORDS: readonly string[] = ['missing', 'notsock', 'denied', 'refused'];

/**
 * The remote command that says why a socket path cannot be opened: one of PROBE_WORDS. Run by the remote user's
 * login shell, whatever it is: hence POSIX sh given the script and the path as single-quoted words.
 */
export function probeCommand(path: string): string {
  // One line: csh refuses a line break inside quotes.
  const script = [
    'p=$1; d=${p%/*}; [ -n "$d" ] || d=/;',
    'if [ -e "$p" ]; then',
    'if [ ! -S "$p" ]; then echo notsock; elif [ ! -w "$p" ]; then echo denied; else echo refused; fi;',
    'elif [ -d "$d" ] && [ ! -x "$d" ]; then echo denied;',
    'else echo missing; fi',
  ].join(' ');
  return `sh -c ${shellQuote(script)} hatop-ts ${shellQuote(path)}`;
}

/** The probe's word in what it printed, or undefined (a shell that printed a banner first is fine). */
export function probeWord(stdout: string): string | undefined {
  const last = stdout.trim().split(/\s+/).pop();
  return last !== undefined && PROBE_WORDS.includes(last) ? last : undefined;
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

function trimDot(text: string): string {
  return text.trim().replace(/\.$/, '');
}

function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
}
