// The audit log as a file of JSON lines (see app/audit.ts for what is recorded). Each line is appended
// synchronously, the file opened and closed each time: the "sent" line is in the file before the command goes
// to the socket, a rotated or removed file is simply created again, and a disk that was full and is no longer
// takes the next line. Nothing is created before the first line, so a session that sends nothing leaves no file.
import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { auditLine, type AuditFailure, type AuditIdentity, type AuditLog, type AuditRecord } from './app/audit';

/**
 * `$XDG_STATE_HOME/hatop-ts/audit.jsonl`, else `~/.local/state/hatop-ts/audit.jsonl`: the XDG spec ignores an
 * empty or relative XDG_STATE_HOME. Undefined when neither is known.
 */
export function defaultAuditPath(env: Readonly<Record<string, string | undefined>>, home: string | undefined): string | undefined {
  const xdg = env['XDG_STATE_HOME'];
  const base = xdg !== undefined && path.isAbsolute(xdg) ? xdg : home === undefined || home === '' ? undefined : path.join(home, '.local', 'state');
  return base === undefined ? undefined : path.join(base, 'hatop-ts', 'audit.jsonl');
}

export class AuditFile implements AuditLog {
  /** Tells this session's ids from those of other hatop-ts appending to the same file. */
  private readonly session = randomBytes(4).toString('hex');
  private count = 0;

  constructor(
    readonly path: string,
    private readonly who: AuditIdentity,
  ) {}

  newId(): string {
    this.count++;
    return `${this.session}-${this.count}`;
  }

  append(record: AuditRecord): AuditFailure | undefined {
    try {
      // The log says who did what to which load balancer: the operator's alone to read (XDG wants 0700 too).
      mkdirSync(path.dirname(this.path), { recursive: true, mode: 0o700 });
      // One write per line, with O_APPEND: lines of several hatop-ts appending at once do not interleave.
      appendFileSync(this.path, `${auditLine(record, this.who)}\n`, { mode: 0o600 });
      return undefined;
    } catch (err) {
      return { file: this.path, reason: writeFailure(err) };
    }
  }
}

/** Why a line could not be written, in a few words. */
export function writeFailure(err: unknown): string {
  const code: unknown = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory';
    case 'ENOTDIR':
    case 'EEXIST':
      return 'a part of its directory path is a file';
    case 'ENOSPC':
      return 'no space left on the disk';
    case 'EDQUOT':
      return 'disk quota exceeded';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOENT':
      return 'its directory cannot be created';
    default:
      return err instanceof Error ? err.message : String(err);
  }
}
