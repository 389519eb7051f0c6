// The registry of views, in key and TAB order. The keymap, TAB, the footer, the help screen, README and man page,
// -m, --once and --json all read it: a new view is a module here and a line below.
import { CERTS } from './certs';
import { INFO } from './info';
import { MAPS } from './maps';
import { SESSIONS } from './sessions';
import { CLI, ERRORS, HTTP, STATUS, TRAFFIC } from './stats-views';
import { TABLES } from './tables';
import type { ModeNumber, RuntimeViewDef, ViewDef } from './types';

export type * from './types';
export { LEVELS } from './types';

export const VIEWS: readonly ViewDef[] = [STATUS, TRAFFIC, HTTP, ERRORS, CLI, SESSIONS, TABLES, MAPS, CERTS, INFO];

export const MODES: readonly ModeNumber[] = VIEWS.map((v) => v.mode);

export function viewOf(mode: ModeNumber): ViewDef {
  const view = VIEWS.find((v) => v.mode === mode);
  if (view === undefined) throw new RangeError(`no view ${mode}`);
  return view;
}

/** The runtime view of `mode`, if it is one. */
export function runtimeView(mode: ModeNumber): RuntimeViewDef | undefined {
  const view = viewOf(mode);
  return view.kind === 'runtime' ? view : undefined;
}

/** The views a session can show: the CLI view is not in read-only mode. */
export function viewsFor(readOnly: boolean): readonly ViewDef[] {
  return readOnly ? VIEWS.filter((v) => v.kind !== 'cli') : VIEWS;
}

export function isModeNumber(n: number): n is ModeNumber {
  return MODES.includes(n as ModeNumber);
}
