// The one table of keys. The dispatcher, the footer hints, the hotkey menu, the help screen, the README's key
// table and the man page are all derived from (or checked against) it, so they can never disagree.

export type ActionId =
  | 'help'
  | 'quit'
  | 'mode-1'
  | 'mode-2'
  | 'mode-3'
  | 'mode-4'
  | 'mode-5'
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
  | 'reload';

/** Where a binding applies: the stats views (modes 1-4), the CLI view, or everywhere. */
export type KeyScope = 'stats' | 'cli' | 'any';

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
  b({ keys: ['h', 'S-h', '?'], display: 'h H ?', action: 'help', label: 'help', description: 'Show this help', scope: 'stats', mutating: false, hint: true }),
  b({ keys: ['q', 'S-q'], display: 'q Q', action: 'quit', label: 'quit', description: 'Quit (the terminal is restored)', scope: 'stats', mutating: false, hint: true }),
  b({ keys: ['C-c'], display: 'Ctrl-C', action: 'quit', label: 'quit', description: 'Quit, from any view', scope: 'any', mutating: false }),
  b({ keys: ['1'], display: '1', action: 'mode-1', label: 'STATUS', description: 'Status view: weight, state, checks, queues, sessions', scope: 'stats', mutating: false }),
  b({ keys: ['2'], display: '2', action: 'mode-2', label: 'TRAFFIC', description: 'Traffic view: balancing, session rates, bytes in/out', scope: 'stats', mutating: false }),
  b({ keys: ['3'], display: '3', action: 'mode-3', label: 'HTTP', description: 'HTTP view: request rates, responses by class', scope: 'stats', mutating: false }),
  b({ keys: ['4'], display: '4', action: 'mode-4', label: 'ERRORS', description: 'Errors view: check failures, downtime, connection/request/response errors', scope: 'stats', mutating: false }),
  b({ keys: ['5'], display: '5', action: 'mode-5', label: 'CLI', description: 'CLI view: type runtime API commands on the socket', scope: 'stats', mutating: false, interactive: true }),
  b({ keys: ['M-1'], display: 'Alt-1 / ESC 1', action: 'mode-1', label: 'STATUS', description: 'Switch to the status view, from any view', scope: 'any', mutating: false }),
  b({ keys: ['M-2'], display: 'Alt-2 / ESC 2', action: 'mode-2', label: 'TRAFFIC', description: 'Switch to the traffic view, from any view', scope: 'any', mutating: false }),
  b({ keys: ['M-3'], display: 'Alt-3 / ESC 3', action: 'mode-3', label: 'HTTP', description: 'Switch to the HTTP view, from any view', scope: 'any', mutating: false }),
  b({ keys: ['M-4'], display: 'Alt-4 / ESC 4', action: 'mode-4', label: 'ERRORS', description: 'Switch to the errors view, from any view', scope: 'any', mutating: false }),
  b({ keys: ['M-5'], display: 'Alt-5 / ESC 5', action: 'mode-5', label: 'CLI', description: 'Switch to the CLI view, from any view', scope: 'any', mutating: false, interactive: true }),
  b({ keys: ['tab'], display: 'TAB', action: 'next-mode', label: 'next view', description: 'Next view', scope: 'any', mutating: false }),
  b({ keys: ['S-tab'], display: 'Shift-TAB', action: 'prev-mode', label: 'prev view', description: 'Previous view', scope: 'any', mutating: false }),
  // ESC ESC typed quickly arrives in one read, which blessed reports as M-escape.
  b({ keys: ['escape', 'M-escape'], display: 'ESC ESC', action: 'back', label: 'back', description: 'Back to the previous view (closes help, menu, confirmation)', scope: 'any', mutating: false }),
  b({ keys: ['up', 'k'], display: 'UP k', action: 'up', label: 'up', description: 'Select the previous service', scope: 'stats', mutating: false }),
  b({ keys: ['down', 'j'], display: 'DOWN j', action: 'down', label: 'down', description: 'Select the next service', scope: 'stats', mutating: false }),
  b({ keys: ['pageup'], display: 'PGUP', action: 'page-up', label: 'page up', description: 'Move the selection one page up', scope: 'stats', mutating: false }),
  b({ keys: ['pagedown'], display: 'PGDOWN', action: 'page-down', label: 'page down', description: 'Move the selection one page down', scope: 'stats', mutating: false }),
  b({ keys: ['home'], display: 'HOME', action: 'home', label: 'first', description: 'Select the first service', scope: 'stats', mutating: false }),
  b({ keys: ['end'], display: 'END', action: 'end', label: 'last', description: 'Select the last service', scope: 'stats', mutating: false }),
  b({ keys: ['/'], display: '/', action: 'find', label: 'find', description: 'Find a service by name as you type (ENTER keeps it, ESC goes back)', scope: 'stats', mutating: false, hint: true }),
  b({ keys: ['n'], display: 'n', action: 'find-next', label: 'next', description: 'Next service matching the last search', scope: 'stats', mutating: false }),
  b({ keys: ['S-n'], display: 'N', action: 'find-prev', label: 'previous', description: 'Previous service matching the last search', scope: 'stats', mutating: false }),
  b({ keys: ['f'], display: 'f', action: 'filter', label: 'filter', description: 'Filter as you type by proxy, name, status or address (ENTER keeps it, ESC clears it)', scope: 'stats', mutating: false }),
  b({ keys: ['!'], display: '!', action: 'problems', label: 'problems', description: 'Problems only, on or off: not UP, OPEN or no check, failing checks, a queue', scope: 'stats', mutating: false }),
  b({ keys: ['>'], display: '>', action: 'sort-next', label: 'sort', description: "Sort each proxy's servers by the next column (past the last: HAProxy's order)", scope: 'stats', mutating: false }),
  b({ keys: ['<'], display: '<', action: 'sort-prev', label: 'sort back', description: "Sort each proxy's servers by the previous column", scope: 'stats', mutating: false }),
  b({ keys: ['S-i'], display: 'I', action: 'sort-invert', label: 'invert', description: 'Invert the sort order', scope: 'stats', mutating: false }),
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
  b({ keys: [], display: 'menu U', action: 'ready-wait', label: 'ready, wait UP', description: 'Enable the server in this backend, then watch its checks until it is UP', scope: 'stats', mutating: true, hotkey: true, menuKey: 'U' }),
];

/** The bindings in force: read-only mode drops everything that changes HAProxy or opens the CLI. */
export function activeBindings(readOnly: boolean): readonly KeyBinding[] {
  return readOnly ? KEYMAP.filter((k) => !k.mutating && !k.interactive) : KEYMAP;
}

/** The binding of a key in a view, or undefined. `inCli` selects the CLI view's scope. */
export function bindingFor(key: string, inCli: boolean, readOnly: boolean): KeyBinding | undefined {
  for (const binding of activeBindings(readOnly)) {
    if (binding.scope === 'cli' && !inCli) continue;
    if (binding.scope === 'stats' && inCli) continue;
    if (binding.keys.includes(key)) return binding;
  }
  return undefined;
}

/** The action bound to a key in a view, or undefined. */
export function actionFor(key: string, inCli: boolean, readOnly: boolean): ActionId | undefined {
  return bindingFor(key, inCli, readOnly)?.action;
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
