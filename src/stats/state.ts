// `status` text -> ServiceState. HAProxy's words are few and fixed (stats.c srv_hlt_st, the MAINT
// variants, frontend/listener states, the backend filter suffix); anything else is `unknown` and keeps
// its text, so a new HAProxy wording shows up as-is instead of being misread.

import type { ServiceKind, ServiceState } from './types';

// "UP", "DOWN 1/2", "DRAIN (agent)", backend "UP (2/3)" (up/no-maint filter count), 3.5's "UP (UNPUB)".
const HEALTH = /^(UP|DOWN|NOLB|DRAIN)(?: (\d+)\/(\d+))?((?: \((?:agent|UNPUB|\d+\/\d+)\))*)$/;
const MAINT = /^MAINT(?: \((?:via (.+)|(resolution))\))?$/;

const SIMPLE: Readonly<Record<string, 'open' | 'stop' | 'paused' | 'full' | 'waiting'>> = {
  OPEN: 'open',
  STOP: 'stop',
  PAUSED: 'paused',
  FULL: 'full',
  WAITING: 'waiting',
};

/**
 * Parse a `status` field. The row's kind is taken for wording that may one day differ by kind; today
 * every HAProxy status text is unambiguous on its own. An absent status is `unknown` with raw ''.
 */
export function parseState(status: string | undefined, _kind: ServiceKind): ServiceState {
  const raw = status ?? '';
  const text = raw.trim();
  if (text === 'no check') return { kind: 'nocheck', raw };
  const simple = Object.hasOwn(SIMPLE, text) ? SIMPLE[text] : undefined;
  if (simple !== undefined) return { kind: simple, raw };

  const health = HEALTH.exec(text);
  if (health !== null) {
    const word = health[1] as 'UP' | 'DOWN' | 'NOLB' | 'DRAIN';
    const state: {
      kind: 'up' | 'down' | 'nolb' | 'drain';
      raw: string;
      transition?: { step: number; of: number };
      agent?: boolean;
    } = { kind: HEALTH_KIND[word], raw };
    if (health[2] !== undefined && health[3] !== undefined) {
      state.transition = { step: Number(health[2]), of: Number(health[3]) };
    }
    if ((health[4] ?? '').includes('(agent)')) state.agent = true;
    return state;
  }

  const maint = MAINT.exec(text);
  if (maint !== null) {
    if (maint[1] !== undefined) return { kind: 'maint', raw, via: maint[1] };
    if (maint[2] !== undefined) return { kind: 'maint', raw, resolution: true };
    return { kind: 'maint', raw };
  }
  return { kind: 'unknown', raw };
}

const HEALTH_KIND = { UP: 'up', DOWN: 'down', NOLB: 'nolb', DRAIN: 'drain' } as const;

const TYPE_KIND: Readonly<Record<string, ServiceKind>> = {
  '0': 'frontend',
  '1': 'backend',
  '2': 'server',
  '3': 'listener',
};

/** The row's kind from `type`; without it (1.4-era output) FRONTEND/BACKEND by svname, else a server. */
export function serviceKind(type: string | undefined, svname: string | undefined): ServiceKind {
  if (type !== undefined && Object.hasOwn(TYPE_KIND, type)) return TYPE_KIND[type] as ServiceKind;
  if (svname === 'FRONTEND') return 'frontend';
  if (svname === 'BACKEND') return 'backend';
  return 'server';
}
