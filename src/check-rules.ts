// --check's rules: which HAProxy states are WARNING and which CRITICAL. A service's status is reduced to state
// words (HAProxy's own, lower case); the --crit and --warn lists say which words are CRITICAL and WARNING.
// Pure, and light: options.ts parses the lists with it, so it must not load the view.
import type { Service, ServiceKind, ServiceState } from './stats/types';

export type CheckState = 'ok' | 'warning' | 'critical' | 'unknown';

/** The monitoring plugin exit codes (Nagios plugin guidelines), not the interactive ones. */
export const CHECK_EXIT = { ok: 0, warning: 1, critical: 2, unknown: 3 } as const satisfies Record<CheckState, number>;

/**
 * The words a state list may hold. The first eleven are HAProxy's status words (`no check` is `nocheck`);
 * `going-down` is UP, NOLB or DRAIN with failing checks (`UP 1/3`) and `going-up` DOWN with passing ones
 * (`DOWN 1/2`), as HAProxy's stats page calls them.
 */
export const STATE_WORDS = [
  'up',
  'down',
  'nolb',
  'drain',
  'maint',
  'nocheck',
  'open',
  'stop',
  'paused',
  'full',
  'waiting',
  'going-down',
  'going-up',
] as const;
export type StateWord = (typeof STATE_WORDS)[number];

const KINDS: readonly ServiceKind[] = ['frontend', 'backend', 'server', 'listener'];

/** One entry of a state list: a word, for every kind of service or (`backend:down`) for one. */
export interface StateMatch {
  readonly word: StateWord;
  readonly kind?: ServiceKind;
}

export interface CheckRules {
  readonly critical: readonly StateMatch[];
  readonly warning: readonly StateMatch[];
}

export interface CheckSpec extends CheckRules {
  /** -v: one line per service that is not OK after the summary. */
  readonly verbose: boolean;
}

/**
 * CRITICAL is what takes traffic away without anyone asking: a server failing its checks, a backend with no
 * server left. A server DOWN 1/2 is still out of rotation, so `down` covers it. WARNING is what an operator
 * did or what is on its way (maintenance, drain, NOLB, a stopped or paused frontend, a full listener, checks
 * starting to fail or to pass). UP, OPEN and `no check` are OK.
 */
export const DEFAULT_CRITICAL = 'down';
export const DEFAULT_WARNING = 'maint,drain,nolb,stop,paused,full,waiting,going-down,going-up';

/** Thrown for a list the user got wrong; the message is the one-line usage error. */
export class StateListError extends Error {}

/**
 * `"down, backend:maint"` -> matches. Case does not matter; `none` is the empty list; `no check` may be
 * written as HAProxy shows it. An unknown word or kind is an error, so that a typo cannot silently watch
 * nothing.
 */
export function parseStateList(text: string, flag: string): StateMatch[] {
  if (text.trim().toLowerCase() === 'none') return [];
  return text.split(',').map((item) => {
    const entry = item.trim().toLowerCase().replace(/\s+/g, ' ');
    if (entry === '') throw new StateListError(`${flag} "${text}" has an empty state; separate states with one comma`);
    const colon = entry.indexOf(':');
    const kindText = colon < 0 ? undefined : entry.slice(0, colon).trim();
    const wordText = (colon < 0 ? entry : entry.slice(colon + 1).trim()).replace(/^no check$/, 'nocheck');
    const kind = KINDS.find((k) => k === kindText);
    if (kindText !== undefined && kind === undefined) {
      throw new StateListError(`${flag}: unknown service kind "${kindText}"; use ${KINDS.join(', ')}`);
    }
    const word = STATE_WORDS.find((w) => w === wordText);
    if (word === undefined) {
      throw new StateListError(`${flag}: unknown state "${wordText}"; use ${STATE_WORDS.join(', ')}, or none`);
    }
    return kind === undefined ? { word } : { word, kind };
  });
}

/** The words a status answers to: its own, and going-down / going-up while checks are changing it. */
export function stateWords(state: ServiceState): StateWord[] {
  switch (state.kind) {
    case 'up':
    case 'nolb':
    case 'drain':
      return state.transition === undefined ? [state.kind] : [state.kind, 'going-down'];
    case 'down':
      return state.transition === undefined ? ['down'] : ['down', 'going-up'];
    case 'maint':
      return ['maint'];
    case 'nocheck':
      return ['nocheck'];
    case 'open':
    case 'stop':
    case 'paused':
    case 'full':
    case 'waiting':
      return [state.kind];
    case 'unknown':
      return [];
    default: {
      const unhandled: never = state;
      return unhandled;
    }
  }
}

export interface Verdict {
  readonly service: Service;
  readonly state: CheckState;
  /** The word that decided a WARNING or CRITICAL. */
  readonly word?: StateWord;
}

/** CRITICAL if a word is in --crit, else WARNING if one is in --warn, else OK; a status HAProxy never wrote, UNKNOWN. */
export function judge(service: Service, rules: CheckRules): Verdict {
  if (service.state.kind === 'unknown') return { service, state: 'unknown' };
  const words = stateWords(service.state);
  const hit = (list: readonly StateMatch[]): StateWord | undefined =>
    words.find((w) => list.some((m) => m.word === w && (m.kind === undefined || m.kind === service.kind)));
  const critical = hit(rules.critical);
  if (critical !== undefined) return { service, state: 'critical', word: critical };
  const warning = hit(rules.warning);
  if (warning !== undefined) return { service, state: 'warning', word: warning };
  return { service, state: 'ok' };
}
