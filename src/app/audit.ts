// The audit log: every command that can change HAProxy, written once as it is sent and once with its outcome,
// the two lines paired by an id, so that a crash in between still leaves the first. app/ builds the records and
// says when one could not be written; where they are kept (a file, memory in tests) is the AuditLog's business.
import type { Command } from '../runtime/types';
import type { Outcome } from './exchange';

/** Where a command came from: a key (F1-F11, R; `menu` when picked in the ENTER menu) or the CLI view. */
export type AuditSource = { readonly kind: 'key'; readonly key: string; readonly menu: boolean } | { readonly kind: 'cli' };

/** The instance a command went to, named even when it is the only one. */
export interface AuditWhere {
  readonly instance: string;
  /** Its socket as the operator gave it (`/run/haproxy/admin.sock`, `10.0.0.2:9999`, `ssh://...`). */
  readonly socket: string;
}

interface RecordBase {
  readonly id: string;
  /** Wall-clock time, ms since the epoch. */
  readonly time: number;
  readonly where: AuditWhere;
  readonly from: AuditSource;
  readonly command: string;
}

export type AuditRecord =
  | (RecordBase & { readonly event: 'sent' })
  /** `reply`: HAProxy's answer, none when the command never got one (a failed transport). */
  | (RecordBase & { readonly event: 'result'; readonly outcome: Outcome; readonly reply: string | undefined });

/** A line that could not be written: the file and why, in a few words (`permission denied`). */
export interface AuditFailure {
  readonly file: string;
  readonly reason: string;
}

export interface AuditLog {
  /** A new id for a sent/result pair, unique in the log even when several hatop-ts append to it. */
  newId(): string;
  /** Appends one record before returning (synchronously); what went wrong, or undefined. */
  append(record: AuditRecord): AuditFailure | undefined;
}

/** What it takes to record the commands of one action: the log, where they go, whence they came. */
export interface AuditTrail {
  readonly log: AuditLog;
  readonly where: AuditWhere;
  readonly from: AuditSource;
  /** Wall-clock time, ms since the epoch. */
  readonly now: () => number;
  /** A line could not be written: the sentence for the status line (the command goes all the same). */
  readonly trouble: (message: string) => void;
}

/** The sentence for the status line: an operator in an incident is not blocked by a log, but is told. */
export function auditTroubleText(failure: AuditFailure, event: AuditRecord['event']): string {
  const what = event === 'sent' ? 'the command was sent anyway, unrecorded' : 'its outcome is not recorded';
  return `Audit log ${failure.file} cannot be written (${failure.reason}): ${what}.`;
}

/** A command on its way: the id its result is paired with, and whether its sent line was not written. */
export interface AuditPending {
  readonly id: string;
  readonly unwritten: boolean;
}

/** Records a mutating command before it is sent; undefined when it is not audited. */
export function auditSent(trail: AuditTrail | undefined, command: Command): AuditPending | undefined {
  if (trail === undefined || !command.mutating) return undefined;
  const id = trail.log.newId();
  const failure = trail.log.append({ event: 'sent', id, time: trail.now(), where: trail.where, from: trail.from, command: command.text });
  if (failure !== undefined) trail.trouble(auditTroubleText(failure, 'sent'));
  return { id, unwritten: failure !== undefined };
}

/**
 * Records the outcome of a command auditSent recorded. Still tried when the sent line was not written (the disk
 * may have room again), but then not said twice: "sent anyway, unrecorded" is what the operator must read.
 */
export function auditResult(trail: AuditTrail | undefined, pending: AuditPending | undefined, command: Command, outcome: Outcome, reply: string | undefined): void {
  if (trail === undefined || pending === undefined) return;
  const record: AuditRecord = { event: 'result', id: pending.id, time: trail.now(), where: trail.where, from: trail.from, command: command.text, outcome, reply };
  const failure = trail.log.append(record);
  if (failure !== undefined && !pending.unwritten) trail.trouble(auditTroubleText(failure, 'result'));
}

/** Who ran hatop-ts, stamped on every line by the log that writes them. */
export interface AuditIdentity {
  readonly user: string;
  readonly host: string;
}

/** Most characters of a reply kept in a line; a longer one is cut and its length given. */
export const REPLY_LIMIT = 4096;

/** One record as a line of JSON (no newline): `jq` reads the file as it is. */
export function auditLine(record: AuditRecord, who: AuditIdentity): string {
  const base = {
    time: new Date(record.time).toISOString(),
    id: record.id,
    event: record.event,
    user: who.user,
    host: who.host,
    instance: record.where.instance,
    socket: record.where.socket,
    from: record.from.kind === 'cli' ? { view: 'cli' } : record.from.menu ? { key: record.from.key, menu: true } : { key: record.from.key },
    command: record.command,
  };
  switch (record.event) {
    case 'sent':
      return JSON.stringify(base);
    case 'result':
      return JSON.stringify({ ...base, ...outcomeFields(record.outcome), ...replyFields(record.reply) });
  }
}

function outcomeFields(outcome: Outcome): { outcome: Outcome['kind']; message?: string } {
  switch (outcome.kind) {
    case 'ok':
      return { outcome: 'ok' };
    case 'refused':
    case 'failed':
      return { outcome: outcome.kind, message: outcome.message };
  }
}

function replyFields(reply: string | undefined): { reply?: string; replyLength?: number } {
  if (reply === undefined) return {};
  const text = reply.replace(/\n+$/, '');
  return text.length <= REPLY_LIMIT ? { reply: text } : { reply: text.slice(0, REPLY_LIMIT), replyLength: text.length };
}
