// Turns a failed connect into one sentence naming the socket and the cause (the CLI prints it as is).
import { statSync } from 'node:fs';
import type { SocketAddress } from './types';

export function describeConnectError(a: SocketAddress, label: string, e: NodeJS.ErrnoException): string {
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
    default:
      return `cannot connect to ${label}: ${e.message}`;
  }
}

function isSocketFile(path: string): boolean {
  try {
    return statSync(path).isSocket();
  } catch {
    return false;
  }
}
