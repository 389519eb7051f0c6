// Classifies HAProxy's answer to one command. Admin commands print nothing on success and one line
// of text on failure; the texts below are HAProxy's own (doc/management.txt, src/cli.c, src/server.c,
// 2.0 to 3.x), so matching them is the only way to tell a refusal from data.
import type { Reply } from './types';

/** `set severity-output number` prefixes messages with `[N]: `; 3 = error, 4 = warning. */
const SEVERITY = /^\[(\d)\]: ?/;

/** Whole first lines that mean HAProxy refused the command. */
const ERROR_LINES: ReadonlySet<string> = new Set([
  "Require 'backend/server'.",
  'Proxy is disabled.',
  'Absolute weight can only be between 0 and 256 inclusive.',
  "Backend is using a static LB algorithm and only accepts weights '0%' and '100%'.",
  'Health check was not configured on this server, cannot enable.',
  'Agent was not configured on this server, cannot enable.',
  'Only servers in maintenance mode can be deleted.',
  'All sockets are already disabled.',
  'All sockets are already enabled.',
]);

/** First-line beginnings that mean a refusal. `No such ` covers frontend, table, map... */
const ERROR_PREFIXES: readonly string[] = ['Missing', 'Invalid', 'Require', 'Cannot', 'cannot', 'No such '];

export function classifyReply(text: string): Reply {
  if (text.trim() === '') return { kind: 'ok', text: '' };
  const first = firstLine(text);
  const severity = SEVERITY.exec(first);
  const line = severity ? first.slice(severity[0].length) : first;

  // The worker CLI says "Permission denied", the master CLI "Permission denied!".
  if (line === 'Permission denied' || line === 'Permission denied!') return { kind: 'permission-denied', text };
  if (line === 'No such backend.') return { kind: 'no-such-backend', text };
  if (line === 'No such server.') return { kind: 'no-such-server', text };
  // 2.0-2.3 "Unknown command. Please enter ... only :", 2.4-2.6 "... only:" or "Unknown command, but
  // maybe ...", 2.7+ "Unknown command: '<word>'. ...": all followed by help text.
  if (line.startsWith('Unknown command')) return { kind: 'unknown-command', text };
  if (severity && (severity[1] === '3' || severity[1] === '4')) return { kind: 'error', text };
  if (ERROR_LINES.has(line)) return { kind: 'error', text };
  if (ERROR_PREFIXES.some((p) => line.startsWith(p))) return { kind: 'error', text };
  return { kind: 'data', text };
}

/** One line for a status bar. */
export function replyMessage(r: Reply): string {
  switch (r.kind) {
    case 'ok':
      return 'OK';
    case 'permission-denied':
      return 'Permission denied: this socket\'s level does not allow that command.';
    case 'unknown-command': {
      // Keep "Unknown command" (and the word on 2.7+), drop the help text that follows.
      const line = stripSeverity(firstLine(r.text));
      const cut = line.search(/(\. |, but| Please)/);
      return (cut > 0 ? line.slice(0, cut) : line).replace(/[.:,]$/, '') + '.';
    }
    case 'no-such-backend':
    case 'no-such-server':
    case 'error':
    case 'data': {
      const lines = r.text.split('\n').filter((l) => l.trim() !== '');
      const head = stripSeverity(lines[0] ?? '').trim();
      return lines.length > 1 ? `${head} (+${lines.length - 1} more lines)` : head;
    }
  }
}

function firstLine(text: string): string {
  const lf = text.indexOf('\n');
  return (lf < 0 ? text : text.slice(0, lf)).replace(/\r$/, '');
}

function stripSeverity(line: string): string {
  const m = SEVERITY.exec(line);
  return m ? line.slice(m[0].length) : line;
}
