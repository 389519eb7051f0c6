// What a socket's level (`show cli level`) allows of a runtime view's writes: HAProxy refuses `shutdown session`
// below admin and every write below operator; saying so before sending beats a "Permission denied" after. Pure.
import { LEVELS, type Level, type ViewActions } from '../views';

export type WriteKind = 'remove' | 'removeMatching' | 'add' | 'change';

const KINDS: readonly WriteKind[] = ['remove', 'removeMatching', 'add', 'change'];

/** `show cli level`'s answer; undefined for a version without it (then nothing is refused beforehand). */
export function levelOf(first: string): Level | undefined {
  const word = first.trim();
  return LEVELS.find((l) => l === word);
}

/** Why `kind` is refused at `level`, or undefined when it is allowed (or the level is not known). */
export function levelRefusal(actions: ViewActions, kind: WriteKind, level: Level | undefined): string | undefined {
  const action = actions[kind];
  if (action === undefined || level === undefined) return undefined;
  const needs = ('needs' in action ? action.needs : undefined) ?? 'operator';
  if (LEVELS.indexOf(level) >= LEVELS.indexOf(needs)) return undefined;
  return `This socket is at level ${level}: ${action.label} needs a socket at level ${needs}. Nothing sent.`;
}

/** Every write of the view refused at `level`, in one line; undefined when none is. */
export function levelNote(actions: ViewActions, level: Level | undefined): string | undefined {
  const refused = KINDS.filter((k) => levelRefusal(actions, k, level) !== undefined).map((k) => actions[k]?.label ?? k);
  return refused.length === 0 ? undefined : `This socket is at level ${level ?? '?'}: HAProxy does not let it ${refused.join(', ')}.`;
}
