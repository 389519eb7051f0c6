// One command to HAProxy, logged in the CLI view with its answer, and in the audit log when it can change
// HAProxy. Shared by the hotkeys and the CLI view: every command the operator sends goes through here.
import { classifyReply, replyMessage } from '../runtime/reply';
import type { Command } from '../runtime/types';
import type { ActionPlan } from './actions';
import { auditResult, auditSent, type AuditTrail } from './audit';
import type { CliLog } from './cli-log';

export interface Sender {
  send(command: Command | string): Promise<string>;
}

/** What became of one command: HAProxy did it, HAProxy refused it, or it never got an answer. */
export type Outcome =
  | { readonly kind: 'ok' }
  | { readonly kind: 'refused'; readonly message: string }
  | { readonly kind: 'failed'; readonly message: string };

/**
 * Sends `command`, logs it with the answer (or the transport error); never rejects. `instance` names where it
 * went when several HAProxy instances are watched (the log's prompt shows it). With `audit`, a mutating command
 * is on the audit log before it is sent, and its outcome after.
 */
export async function sendLogged(sender: Sender, log: CliLog, command: Command, instance?: string, audit?: AuditTrail): Promise<Outcome> {
  const pending = auditSent(audit, command);
  let outcome: Outcome;
  let text: string | undefined;
  try {
    text = await sender.send(command);
    const reply = classifyReply(text);
    const refused = reply.kind !== 'ok' && reply.kind !== 'data';
    log.exchange(command.text, text, refused, undefined, instance);
    outcome = refused ? { kind: 'refused', message: replyMessage(reply) } : { kind: 'ok' };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log.exchange(command.text, message, true, undefined, instance);
    outcome = { kind: 'failed', message };
  }
  auditResult(audit, pending, command, outcome, text);
  return outcome;
}

/** The status-line message for a plan's outcomes: done, refused by HAProxy, or failed on the way. */
export function summarize(plan: ActionPlan, outcomes: readonly Outcome[]): { level: 'ok' | 'error'; text: string } {
  const instances = [...new Set(plan.commands.map((c) => c.instance))];
  if (instances.length > 1) return summarizeInstances(plan, outcomes, instances);
  const bad = outcomes.filter((o): o is Exclude<Outcome, { kind: 'ok' }> => o.kind !== 'ok');
  const first = bad[0];
  if (first === undefined) return { level: 'ok', text: `Done: ${plan.title}.` };
  if (!bad.some((o) => o.kind === 'refused')) return { level: 'error', text: `Failed: ${plan.title}: ${first.message}` };
  const refusal = bad.find((o) => o.kind === 'refused') ?? first;
  const more = bad.length > 1 ? ` (${bad.length} of ${plan.commands.length} commands failed)` : '';
  return { level: 'error', text: `HAProxy refused ${plan.title}: ${refusal.message}${more}` };
}

/** A plan over several instances: how many commands succeeded where, and the first reason per instance. */
function summarizeInstances(plan: ActionPlan, outcomes: readonly Outcome[], instances: readonly (string | undefined)[]): { level: 'ok' | 'error'; text: string } {
  const parts = instances.map((instance) => {
    const mine = outcomes.filter((_, i) => plan.commands[i]?.instance === instance);
    const good = mine.filter((o) => o.kind === 'ok').length;
    const bad = mine.find((o): o is Exclude<Outcome, { kind: 'ok' }> => o.kind !== 'ok');
    return { good, all: mine.length, text: `${instance ?? '?'} ${good}/${mine.length}${bad === undefined ? '' : ` (${bad.message})`}` };
  });
  const failed = parts.filter((p) => p.good < p.all).length;
  if (failed === 0) return { level: 'ok', text: `Done: ${plan.title}.` };
  return { level: 'error', text: `${plan.title}: failed on ${failed} of ${parts.length} instances; done per instance: ${parts.map((p) => p.text).join(', ')}` };
}
