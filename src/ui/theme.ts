// Colours and marks for states, as blessed tags. Pure. With NO_COLOR the screen is monochrome, but states
// still differ at a glance: bold for the bad ones, underline for the ones an operator put there.
import type { ServiceState } from '../stats/types';

export interface Theme {
  readonly color: boolean;
  /** The terminal takes UTF-8: sparklines in block characters (else an ASCII ramp). */
  readonly unicode?: boolean;
}

export type Tone = 'good' | 'bad' | 'warn' | 'drain' | 'maint' | 'muted' | 'plain';

const COLOR_TAGS: Record<Tone, string> = {
  good: 'green-fg',
  bad: 'red-fg}{bold',
  warn: 'yellow-fg}{bold',
  drain: 'magenta-fg',
  maint: 'cyan-fg}{underline',
  muted: 'gray-fg',
  plain: '',
};

const MONO_TAGS: Record<Tone, string> = {
  good: '',
  bad: 'bold',
  warn: 'bold',
  drain: 'underline',
  maint: 'underline',
  muted: '',
  plain: '',
};

export function stateTone(state: ServiceState): Tone {
  switch (state.kind) {
    case 'up':
    case 'open':
      return 'transition' in state && state.transition !== undefined ? 'warn' : 'good';
    case 'down':
      return 'transition' in state && state.transition !== undefined ? 'warn' : 'bad';
    case 'nolb':
      return 'warn';
    case 'drain':
      return 'drain';
    case 'maint':
      return 'maint';
    case 'stop':
    case 'full':
      return 'bad';
    case 'paused':
      return 'warn';
    case 'nocheck':
    case 'waiting':
      return 'muted';
    case 'unknown':
      return 'plain';
  }
}

/**
 * The one way text gets into a tagged line: every character outside printable ASCII becomes `?` (one for one,
 * so text already fitted to a width keeps it) and blessed's tag braces are escaped, so nothing HAProxy (or a
 * peer pretending to be it) sends can move the cursor, recolour the screen, retitle the window or inject a tag.
 * Text from the socket is first shown with `sanitize` (view/format.ts), which gives control characters a
 * readable form (`^[`) before it is fitted; this catches whatever did not.
 */
export const safe = (text: string): string =>
  text.replace(/[^\x20-\x7e]/gu, '?').replace(/[{}]/g, (c) => (c === '{' ? '{open}' : '{close}'));

/** Wraps already-escaped text in the tags of a tone. */
export function paint(theme: Theme, tone: Tone, text: string): string {
  const tags = (theme.color ? COLOR_TAGS : MONO_TAGS)[tone];
  if (tags === '') return text;
  const names = tags.split('}{');
  return `{${names.join('}{')}}${text}${names.map((n) => `{/${n}}`).reverse().join('')}`;
}

export const noticeTone = (level: 'info' | 'ok' | 'error'): Tone => (level === 'error' ? 'bad' : level === 'ok' ? 'good' : 'plain');

/** NO_COLOR (https://no-color.org): present and non-empty disables colour. */
export const themeFromEnv = (env: NodeJS.ProcessEnv): Theme => ({ color: !(env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') });
