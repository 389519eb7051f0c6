// The one table of keys. The dispatcher, the footer hints, the hotkey menu, the help screen, the README's key
// table and the man page are all derived from (or checked against) it, so they can never disagree.

import { VIEWS, type ModeNumber } from '../views';

export type ActionId =
  | 'help'
  | 'quit'
  | `mode-${ModeNumber}`
  | 'next-mode'
  | 'prev-mode'
  | 'back'
  | 'up'
  | 'down'
  | 'page-up'
  | 'page-down'
  | 'home'
  | 'end'
  | 'menu'
  | 'paste'
  | 'copy'
  | 'find'
  | 'details'
  | 'history'
  | 'find-next'
  | 'find-prev'
  | 'filter'
  | 'problems'
  | 'sort-next'
  | 'sort-prev'
  | 'sort-invert'
  | 'enable-all'
  | 'maint-all'
  | 'drain-all'
  | 'weight-reset'
  | 'weight-minus-10'
  | 'weight-minus-1'
  | 'weight-plus-1'
  | 'weight-plus-10'
  | 'enable'
  | 'maint'
  | 'drain'
  | 'safe-maint'
  | 'safe-maint-all'
  | 'ready-wait'
  | 'health-up'
  | 'health-nolb'
  | 'health-down'
  | 'agent-up'
  | 'agent-down'
  | 'kill-sessions'
  | 'weight-set'
  | 'maxconn-set'
  | 'frontend-disable'
  | 'frontend-enable'
  | 'reload'
  | 'row-open'
  | 'row-delete'
  | 'row-delete-matching'
  | 'row-add'
  | 'row-change'
  | 'sessions-scope';

/** Which kind of view is on screen: a table of `show stat` (1-4), a runtime view (6-9, 0), or the CLI view (5). */
export type KeyPlace = 'stats' | 'runtime' | 'cli';

/** Where a binding applies: one kind of view, the table and runtime views (not the CLI's line), or everywhere. */
export type KeyScope = KeyPlace | 'views' | 'any';

export interface KeyBinding {
  /** blessed key names (`key.full`), e.g. 'f10', 'S-tab', 'M-1', 'C-c', 'pageup'. */
  readonly keys: readonly string[];
  /** How the key is written for people: footer, menu, help, README, man page. */
  readonly display: string;
  readonly action: ActionId;
  /** Short label for the footer and the hotkey menu. */
  readonly label: string;
  /** One line for the help screen. */
  readonly description: string;
  readonly scope: KeyScope;
  /** Changes HAProxy's state: not bound in read-only mode. */
  readonly mutating: boolean;
  /** Not available in read-only mode even though it changes nothing on HAProxy (CLI, menu, paste). */
  readonly interactive?: boolean;
  /** Shown in the footer's hints. */
  readonly hint?: boolean;
  /** A server hotkey, listed in the ENTER menu. */
  readonly hotkey?: boolean;
  /** Its key in the ENTER menu, for terminals that keep F-keys for themselves (many take F10 and F11). */
  readonly menuKey?: string;
  /** A hotkey for FRONTEND rows rather than server rows. */
  readonly rows?: 'frontend';
  /** Asks for a number first (typed on the status line). */
  readonly typed?: boolean;
}

const b = (binding: KeyBinding): KeyBinding => binding;

export const KEYMAP: readonly KeyBinding[] = [
  b({ keys: ['h', 'S-h', '?'], display: 'h H ?', action: 'help', label: 'help', description: 'Show this help', scope: 'views', mutating: false, hint: true }),
  b({ keys: ['q', 'S-q'], display: 'q Q', action: 'quit', label: 'quit', description: 'Quit (the terminal is restored)', scope: 'views', mutating: false, hint: true }),
  b({ keys: ['C-c'], display: 'Ctrl-C', action: 'quit', label: 'quit', description: 'Quit, from any view', scope: 'any', mutating: false }),
  // The views' keys, from the registry: a digit in the table and runtime views, Alt-digit from anywhere.
  ...VIEWS.map((v) => b({ keys: [String(v.mode)], display: String(v.mode), action: `mode-${v.mode}`, label: v.name, description: v.description, scope: 'views', mutating: false, ...(v.kind === 'cli' ? { interactive: true } : {}) })),
  ...VIEWS.map((v) => b({ keys: [`M-${v.mode}`], display: `Alt-${v.mode} / ESC ${v.mode}`, action: `mode-${v.mode}`, label: v.name, description: `Switch to ${v.called}, from any view`, scope: 'any', mutating: false, ...(v.kind === 'cli' ? { interactive: true } : {}) })),
  b({ keys: ['tab'], display: 'TAB', action: 'next-mode', label: 'next view', description: 'Next view', scope: 'any', mutating: false }),
  b({ keys: ['S-tab'], display: 'Shift-TAB', action: 'prev-mode', label: 'prev view', description: 'Previous view', scope: 'any', mutating: false }),
  // ESC ESC typed quickly arrives in one read, which blessed reports as M-escape.
  b({ keys: ['escape', 'M-escape'], display: 'ESC ESC', action: 'back', label: 'back', description: 'Back to the previous view (closes help, menu, confirmation)', scope: 'any', mutating: false }),
  b({ keys: ['up', 'k'], display: 'UP k', action: 'up', label: 'up', description: 'Select the previous service', scope: 'views', mutating: false }),
  b({ keys: ['down', 'j'], display: 'DOWN j', action: 'down', label: 'down', description: 'Select the next service', scope: 'views', mutating: false }),
  b({ keys: ['pageup'], display: 'PGUP', action: 'page-up', label: 'page up', description: 'Move the selection one page up', scope: 'views', mutating: false }),
  b({ keys: ['pagedown'], display: 'PGDOWN', action: 'page-down', label: 'page down', description: 'Move the selection one page down', scope: 'views', mutating: false }),
  b({ keys: ['home'], display: 'HOME', action: 'home', label: 'first', description: 'Select the first service', scope: 'views', mutating: false }),
  b({ keys: ['end'], display: 'END', action: 'end', label: 'last', description: 'Select the last service', scope: 'views', mutating: false }),
  b({ keys: ['/'], display: '/', action: 'find', label: 'find', description: 'Find a service by name as you type (ENTER keeps it, ESC goes back)', scope: 'views', mutating: false, hint: true }),
  b({ keys: ['n'], display: 'n', action: 'find-next', label: 'next', description: 'Next service matching the last search', scope: 'views', mutating: false }),
  b({ keys: ['S-n'], display: 'N', action: 'find-prev', label: 'previous', description: 'Previous service matching the last search', scope: 'views', mutating: false }),
  b({ keys: ['f'], display: 'f', action: 'filter', label: 'filter', description: 'Filter as you type by proxy, name, status or address (ENTER keeps it, ESC clears it)', scope: 'views', mutating: false }),
  b({ keys: ['!'], display: '!', action: 'problems', label: 'problems', description: 'Problems only, on or off: not UP, OPEN or no check, failing checks, a queue', scope: 'stats', mutating: false }),
  b({ keys: ['>'], display: '>', action: 'sort-next', label: 'sort', description: "Sort each proxy's servers by the next column (past the last: HAProxy's order)", scope: 'views', mutating: false }),
  b({ keys: ['<'], display: '<', action: 'sort-prev', label: 'sort back', description: "Sort each proxy's servers by the previous column", scope: 'views', mutating: false }),
  b({ keys: ['S-i'], display: 'I', action: 'sort-invert', label: 'invert', description: 'Invert the sort order', scope: 'views', mutating: false }),
  b({ keys: ['i'], display: 'i', action: 'details', label: 'info', description: 'Every field HAProxy reports for the selected service, live (why it is DOWN, address, response times)', scope: 'stats', mutating: false, menuKey: 'i' }),
  b({ keys: ['g'], display: 'g', action: 'history', label: 'history', description: "The selected service's last minutes as sparklines: session, request and 5xx rates, sessions, queue, times", scope: 'stats', mutating: false }),
  b({ keys: ['enter'], display: 'ENTER', action: 'menu', label: 'menu', description: 'Hotkey menu for the selected server', scope: 'stats', mutating: false, interactive: true, hint: true }),
  b({ keys: ['space'], display: 'SPACE', action: 'paste', label: 'sel', description: 'Paste pxname/svname of the selection into the CLI', scope: 'stats', mutating: false, interactive: true, hint: true, menuKey: 'p' }),
  b({ keys: ['y'], display: 'y', action: 'copy', label: 'copy', description: "Copy the selected service's name, as the footer shows it, to the terminal's clipboard (OSC 52)", scope: 'stats', mutating: false }),
  b({ keys: ['f1'], display: 'F1', action: 'enable-all', label: 'enable all', description: 'Enable the server in every backend that has a server of that name (asks first)', scope: 'stats', mutating: true, hotkey: true, menuKey: 'E' }),
  b({ keys: ['f2'], display: 'F2', action: 'maint-all', label: 'maint all', description: 'Maintenance for the server in every backend that has it (asks first)', scope: 'stats', mutating: true, hotkey: true, menuKey: 'M' }),
  b({ keys: ['f3'], display: 'F3', action: 'drain-all', label: 'drain all', description: 'Drain the server in every backend that has it (asks first)', scope: 'stats', mutating: true, hotkey: true, menuKey: 'D' }),
  b({ keys: ['f4'], display: 'F4', action: 'weight-reset', label: 'weight 100%', description: 'Restore the initial weight', scope: 'stats', mutating: true, hotkey: true, menuKey: '=' }),
  b({ keys: ['f5'], display: 'F5', action: 'weight-minus-10', label: 'weight -10', description: 'Weight -10 (not below 0; quick presses add up)', scope: 'stats', mutating: true, hotkey: true, menuKey: '<' }),
  b({ keys: ['f6'], display: 'F6', action: 'weight-minus-1', label: 'weight -1', description: 'Weight -1 (not below 0)', scope: 'stats', mutating: true, hotkey: true, menuKey: '-' }),
  b({ keys: ['f7'], display: 'F7', action: 'weight-plus-1', label: 'weight +1', description: 'Weight +1 (not above 256)', scope: 'stats', mutating: true, hotkey: true, menuKey: '+' }),
  b({ keys: ['f8'], display: 'F8', action: 'weight-plus-10', label: 'weight +10', description: 'Weight +10 (not above 256)', scope: 'stats', mutating: true, hotkey: true, menuKey: '>' }),
  b({ keys: ['f9'], display: 'F9', action: 'enable', label: 'enable', description: 'Enable the server in this backend only (ready)', scope: 'stats', mutating: true, hotkey: true, menuKey: 'e' }),
  b({ keys: ['f10'], display: 'F10', action: 'maint', label: 'maint', description: 'Maintenance for the server in this backend only', scope: 'stats', mutating: true, hotkey: true, menuKey: 'm' }),
  b({ keys: ['S-r'], display: 'R', action: 'reload', label: 'reload', description: 'Reload HAProxy through its master CLI socket (asks first)', scope: 'stats', mutating: true }),
  b({ keys: ['f11'], display: 'F11', action: 'drain', label: 'drain', description: 'Drain the server in this backend only', scope: 'stats', mutating: true, hotkey: true, menuKey: 'd' }),
  b({ keys: ['f12'], display: 'F12', action: 'safe-maint', label: 'safe maint', description: 'Safe maintenance in this backend: drain, wait until no session and no queue, then MAINT (F12 again: cancel)', scope: 'stats', mutating: true, hotkey: true, menuKey: 'S' }),
  b({ keys: [], display: 'menu A', action: 'safe-maint-all', label: 'safe maint all', description: 'Safe maintenance in every backend that has a server of that name (asks first)', scope: 'stats', mutating: true, hotkey: true, menuKey: 'A' }),
  b({ keys: [], display: 'menu w', action: 'weight-set', label: 'set weight', description: 'Set the weight to a value typed on the status line (0-256)', scope: 'stats', mutating: true, hotkey: true, menuKey: 'w', typed: true }),
  b({ keys: [], display: 'menu c', action: 'maxconn-set', label: 'set maxconn', description: "Set the server's maxconn to a value typed on the status line (0: no limit)", scope: 'stats', mutating: true, hotkey: true, menuKey: 'c', typed: true }),
  b({ keys: [], display: 'menu u', action: 'health-up', label: 'health UP', description: 'Force the health check result to UP (the next check decides again)', scope: 'stats', mutating: true, hotkey: true, menuKey: 'u' }),
  b({ keys: [], display: 'menu n', action: 'health-nolb', label: 'health NOLB', description: 'Force the health check result to NOLB (stopping: no new load-balanced traffic)', scope: 'stats', mutating: true, hotkey: true, menuKey: 'n' }),
  b({ keys: [], display: 'menu x', action: 'health-down', label: 'health DOWN', description: 'Force the health check result to DOWN', scope: 'stats', mutating: true, hotkey: true, menuKey: 'x' }),
  b({ keys: [], display: 'menu a', action: 'agent-up', label: 'agent up', description: 'Force the agent check result to up', scope: 'stats', mutating: true, hotkey: true, menuKey: 'a' }),
  b({ keys: [], display: 'menu z', action: 'agent-down', label: 'agent down', description: 'Force the agent check result to down', scope: 'stats', mutating: true, hotkey: true, menuKey: 'z' }),
  b({ keys: [], display: 'menu K', action: 'kill-sessions', label: 'kill sessions', description: "Kill the server's current sessions (asks first)", scope: 'stats', mutating: true, hotkey: true, menuKey: 'K' }),
  b({ keys: [], display: 'menu o', action: 'frontend-disable', label: 'disable frontend', description: 'On a FRONTEND row: stop accepting new connections (asks first)', scope: 'stats', mutating: true, hotkey: true, menuKey: 'o', rows: 'frontend' }),
  b({ keys: [], display: 'menu O', action: 'frontend-enable', label: 'enable frontend', description: 'On a FRONTEND row: accept connections again (asks first)', scope: 'stats', mutating: true, hotkey: true, menuKey: 'O', rows: 'frontend' }),
  b({ keys: ['enter'], display: 'ENTER', action: 'row-open', label: 'open', description: 'TABLES, MAPS: the selected table\'s or file\'s entries; SESSIONS: the session whole (ESC: back)', scope: 'runtime', mutating: false, hint: true }),
  b({ keys: ['d', 'delete'], display: 'd DEL', action: 'row-delete', label: 'delete', description: 'Kill the selected session (SESSIONS), clear the entry (TABLES), delete the entry (MAPS); asks first', scope: 'runtime', mutating: true, hint: true }),
  b({ keys: ['S-d'], display: 'D', action: 'row-delete-matching', label: 'clear filtered', description: 'TABLES: clear every entry the filter on HAProxy\'s side selects (f "gpc0 gt 0"); asks first', scope: 'runtime', mutating: true }),
  b({ keys: ['a'], display: 'a', action: 'row-add', label: 'add', description: 'MAPS: add an entry to the map or ACL opened (KEY VALUE, or PATTERN, typed on the status line); asks first', scope: 'runtime', mutating: true }),
  b({ keys: ['e'], display: 'e', action: 'row-change', label: 'change', description: "MAPS: change the selected map entry's value (typed on the status line); asks first", scope: 'runtime', mutating: true }),
  b({ keys: ['s'], display: 's', action: 'sessions-scope', label: 'all/selection', description: "SESSIONS: every session, or only the selected server's or backend's", scope: 'runtime', mutating: false, hint: true }),
  b({ keys: [], display: 'menu U', action: 'ready-wait', label: 'ready, wait UP', description: 'Enable the server in this backend, then watch its checks until it is UP', scope: 'stats', mutating: true, hotkey: true, menuKey: 'U' }),
];

/** The bindings in force: read-only mode drops everything that changes HAProxy or opens the CLI. */
export function activeBindings(readOnly: boolean): readonly KeyBinding[] {
  return readOnly ? KEYMAP.filter((k) => !k.mutating && !k.interactive) : KEYMAP;
}

/** Whether a binding of `scope` applies where the operator is. */
export function applies(scope: KeyScope, place: KeyPlace): boolean {
  switch (scope) {
    case 'any':
      return true;
    case 'views':
      return place !== 'cli';
    case 'stats':
    case 'runtime':
    case 'cli':
      return scope === place;
    default: {
      const unknown: never = scope;
      return unknown;
    }
  }
}

/** The binding of a key in a kind of view, or undefined. */
export function bindingFor(key: string, place: KeyPlace, readOnly: boolean): KeyBinding | undefined {
  return activeBindings(readOnly).find((b) => applies(b.scope, place) && b.keys.includes(key));
}

/** The action bound to a key in a kind of view, or undefined. */
export function actionFor(key: string, place: KeyPlace, readOnly: boolean): ActionId | undefined {
  return bindingFor(key, place, readOnly)?.action;
}

export function hotkeys(readOnly: boolean): readonly KeyBinding[] {
  return activeBindings(readOnly).filter((k) => k.hotkey === true);
}

/**
 * The ENTER menu for a row: on a server, every server hotkey, then the details; on a FRONTEND, BACKEND or
 * listener row, what applies there (the details, pasting its name into the CLI).
 */
export function menuItems(kind: 'frontend' | 'backend' | 'server' | 'listener' | undefined, readOnly: boolean): readonly KeyBinding[] {
  const active = activeBindings(readOnly);
  const named = (action: ActionId): KeyBinding[] => active.filter((b) => b.action === action && b.menuKey !== undefined);
  if (kind === 'server') return [...active.filter((b) => b.hotkey === true && b.rows === undefined), ...named('details')];
  if (kind === undefined) return [];
  const frontend = kind === 'frontend' ? active.filter((b) => b.hotkey === true && b.rows === 'frontend') : [];
  return [...frontend, ...named('details'), ...named('paste')];
}

/** The menu's highlight after moving `delta` over `length` items, wrapping around. */
export function menuStep(index: number, length: number, delta: number): number {
  return length > 0 ? (((index + delta) % length) + length) % length : 0;
}

/** The item ENTER (no key: the highlighted one) or a letter picks, if any. */
export function menuPick(items: readonly KeyBinding[], index: number, menuKey?: string): KeyBinding | undefined {
  return menuKey === undefined ? items[index] : items.find((b) => b.menuKey === menuKey);
}
