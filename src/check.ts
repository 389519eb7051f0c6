// --check: a snapshot judged the way a Nagios/Icinga plugin judges what it watches (see check-rules.ts), and
// the verdicts turned into the plugin's output: one summary line with performance data, then (with -v) one
// line per service that is not OK. Pure: no I/O, the caller prints and exits.
import { judge, type CheckRules, type CheckState, type StateWord, type Verdict } from './check-rules';
import type { Service } from './stats/types';
import { sanitize } from './view/format';

export interface CheckInput {
  /** The services to judge: -f and -p applied already. */
  readonly services: readonly Service[];
  readonly proxyCount: number;
  /** -p names that matched no proxy: a check watching nothing must not say OK. */
  readonly missingProxies: readonly string[];
}

export interface CheckReport {
  readonly state: CheckState;
  /** The first output line, performance data included, without the newline. */
  readonly summary: string;
  /** One line per service that is not OK, worst first. */
  readonly details: readonly string[];
}

/** Worst first; UNKNOWN ranks below WARNING (a known problem says more than an unreadable status). */
const SEVERITY: readonly CheckState[] = ['critical', 'warning', 'unknown', 'ok'];

const PERF_ORDER: readonly CheckState[] = ['ok', 'warning', 'critical', 'unknown'];

/** How many services a summary group names before it says how many more. */
const NAMED = 3;

export function checkReport(input: CheckInput, rules: CheckRules): CheckReport {
  const verdicts = input.services.map((s) => judge(s, rules));
  const count = (state: CheckState): number => verdicts.filter((v) => v.state === state).length;
  const noneToCheck = input.services.length === 0 && input.missingProxies.length === 0;
  const state =
    SEVERITY.find((s) => s !== 'ok' && count(s) > 0) ??
    (input.missingProxies.length > 0 || noneToCheck ? 'unknown' : 'ok');

  const parts = groups(verdicts).map((g) => {
    const names = g.state === state ? ` (${namesOf(g.verdicts)})` : '';
    return `${g.verdicts.length} ${g.label}${names}`;
  });
  for (const name of input.missingProxies) parts.push(`no proxy named "${plain(name)}"`);
  if (noneToCheck) parts.push('no service to check');
  const total = input.services.length;
  const text =
    parts.length > 0
      ? parts.join('; ')
      : `${total} ${plural(total, 'service')} in ${input.proxyCount} ${plural(input.proxyCount, 'proxy', 'proxies')}, all OK`;
  // Performance data: the same labels on every run, so that graphs never lose a series.
  const perf = [`total=${total}`, ...PERF_ORDER.map((s) => `${s}=${count(s)}`)].join(' ');

  const details = SEVERITY.filter((s) => s !== 'ok').flatMap((s) => verdicts.filter((v) => v.state === s).map(detailLine));
  return { state, summary: `${STATE_NAME[state]}: ${text} | ${perf}`, details };
}

/** The output of a check that could not look: UNKNOWN with the reason, no performance data (nothing was counted). */
export function unknownSummary(reason: string): string {
  return `${STATE_NAME.unknown}: ${plain(reason)}`;
}

/** What the plugin prints: the summary, then the detail lines when asked for. */
export function checkOutput(report: CheckReport, verbose: boolean): string {
  return [report.summary, ...(verbose ? report.details : [])].map((line) => `${line}\n`).join('');
}

/** How the summary names a word: HAProxy's own spelling. */
const WORD_LABEL: Readonly<Record<StateWord, string>> = {
  up: 'UP',
  down: 'DOWN',
  nolb: 'NOLB',
  drain: 'DRAIN',
  maint: 'MAINT',
  nocheck: 'no check',
  open: 'OPEN',
  stop: 'STOP',
  paused: 'PAUSED',
  full: 'FULL',
  waiting: 'WAITING',
  'going-down': 'going down',
  'going-up': 'going up',
};

const STATE_NAME: Readonly<Record<CheckState, string>> = {
  ok: 'OK',
  warning: 'WARNING',
  critical: 'CRITICAL',
  unknown: 'UNKNOWN',
};

interface Group {
  readonly state: CheckState;
  readonly label: string;
  readonly verdicts: Verdict[];
}

/** Non-OK verdicts by (state, deciding word), worst state first, then in order of first appearance. */
function groups(verdicts: readonly Verdict[]): Group[] {
  const byKey = new Map<string, Group>();
  for (const v of verdicts) {
    if (v.state === 'ok') continue;
    const key = `${v.state} ${v.word ?? ''}`;
    let group = byKey.get(key);
    if (group === undefined) {
      group = { state: v.state, label: v.word === undefined ? 'unknown status' : WORD_LABEL[v.word], verdicts: [] };
      byKey.set(key, group);
    }
    group.verdicts.push(v);
  }
  return SEVERITY.flatMap((s) => [...byKey.values()].filter((g) => g.state === s));
}

function namesOf(verdicts: readonly Verdict[]): string {
  const named = verdicts.slice(0, NAMED).map((v) =>
    // An unreadable status is quoted: the word itself is what the operator has to look at.
    v.state === 'unknown' ? `${plain(v.service.label)}: ${plain(v.service.status)}` : plain(v.service.label),
  );
  const more = verdicts.length - named.length;
  return more > 0 ? `${named.join(', ')} and ${more} more` : named.join(', ');
}

/**
 * `bk_static/broken DOWN (L4CON: Layer4 connection problem, info: "Connection refused")`: the last check in
 * the words of HAProxy's own log line; the part in brackets only when the service has a check.
 */
function detailLine(v: Verdict): string {
  const f = v.service.fields;
  // "* " marks a check in progress; the result shown is the last one's either way.
  const status = (f.get('check_status') ?? '').replace(/^\* /, '');
  const why = [
    f.get('check_desc'),
    f.get('check_code') === undefined ? undefined : `code: ${f.get('check_code')}`,
    f.get('last_chk') === undefined ? undefined : `info: "${f.get('last_chk')}"`,
  ].filter((part): part is string => part !== undefined && part !== '');
  const check = status === '' ? '' : why.length === 0 ? ` (${status})` : ` (${status}: ${why.join(', ')})`;
  return `${plain(v.service.label)} ${plain(v.service.status)}${plain(check)}`;
}

/**
 * Text from HAProxy on a plugin line: no control characters (one line stays one line), and no `|`, which
 * the monitoring server reads as the start of performance data on any line.
 */
function plain(text: string): string {
  return sanitize(text).replace(/\|/g, '?');
}

function plural(n: number, one: string, many = `${one}s`): string {
  return n === 1 ? one : many;
}
