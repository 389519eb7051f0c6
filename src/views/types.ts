// What a view is: the registry's entries. hatop's table views read `show stat`, the CLI view sends what is typed,
// and the runtime views each read their own part of the runtime API (sessions, stick tables, maps, certificates,
// the process) into a table of rows the screen, --once and --json all show.
import type { ModeId } from '../view/columns';

/** A view's number, which is also its key: 1-9, and 0 for the tenth. */
export type ModeNumber = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
export type RuntimeMode = 6 | 7 | 8 | 9 | 0;

interface ViewBase {
  readonly mode: ModeNumber;
  /** The footer tab's and the title's name: `STATUS`, `TABLES`. */
  readonly name: string;
  /** One line for the help screen, README and man page. */
  readonly description: string;
  /** "the status view", for "Switch to ..." lines. */
  readonly called: string;
}

export interface StatsViewDef extends ViewBase {
  readonly kind: 'stats';
  readonly mode: ModeId;
}

export interface CliViewDef extends ViewBase {
  readonly kind: 'cli';
  readonly mode: 5;
}

/** Where the operator is in a runtime view: its list, or inside one of its items (a stick table, a map). */
export interface Place {
  /** The item opened (a table's name, a map's reference); undefined: the list. */
  readonly inside?: string;
  /** How the item is named on screen. */
  readonly label?: string;
  /** A map's or an ACL's entries (MAPS); a table's (TABLES). */
  readonly kind?: string;
}

/** What one command's reply gave: the lines kept (at most `cap`), and how many more would have been kept. */
export interface ReadResult {
  readonly text: string;
  readonly dropped: number;
  /** The reply's first line, kept or not: a refusal is told by it. */
  readonly first: string;
  /** The reply was cut at the cap: how much more there was is not known. */
  readonly cut?: boolean;
}

export interface ReadOptions {
  /** Keep at most this many lines: a long reply is read as it comes and never held whole. */
  readonly cap?: number;
  /** Keep only the lines this accepts (the others are not counted as dropped). */
  readonly keep?: (line: string) => boolean;
}

/** Sends one command to the view's instance. */
export type Reader = (command: string, options?: ReadOptions) => Promise<ReadResult>;

/** The service selected in the table views: SESSIONS can keep to it. */
export interface Scope {
  readonly proxy: string;
  readonly name: string;
  readonly kind: 'frontend' | 'backend' | 'server' | 'listener';
}

export interface ViewContext {
  readonly place: Place;
  /** SESSIONS' scope: the selected service's sessions, or all when undefined. */
  readonly scope?: Scope;
  /** The filter typed (`f`): TABLES sends `data.X op V` filters to HAProxy. */
  readonly filter: string;
  readonly now: Date;
  /** CERTS: certificates expiring within this many days are marked. */
  readonly certWarnDays: number;
  /** Kept between reads of the same view (CERTS keeps each certificate's details). */
  readonly memo: Map<string, unknown>;
}

export interface RuntimeColumn {
  readonly header: string;
  readonly min: number;
  readonly ideal: number;
  readonly align: 'left' | 'right';
  readonly grow?: boolean;
  /** How `>` orders rows by it. */
  readonly sort: 'number' | 'text';
  /** Too long, it loses its head rather than its end (a file's path keeps its name). */
  readonly keepEnd?: boolean;
}

export interface RuntimeRow {
  /** Stable across reads: the selection stays on it. */
  readonly key: string;
  readonly cells: readonly string[];
  /** How the screen marks it: a problem, a warning (a certificate expiring soon), or greyed. */
  readonly tone?: 'bad' | 'warn' | 'muted';
  /** ENTER opens this (a table's entries, a map's). */
  readonly open?: Place;
  /** A section title (INFO) rather than a row: not selectable, not sorted. */
  readonly section?: boolean;
}

export interface RuntimeTable {
  readonly title: string;
  /** What the operator should know: a part shown, a filter applied on HAProxy's side. */
  readonly note?: string;
  readonly columns: readonly RuntimeColumn[];
  readonly rows: readonly RuntimeRow[];
  /** HAProxy cannot show this (a version or a level): said in one line instead of rows. */
  readonly refusal?: string;
  /** The filter typed was applied by HAProxy: the rows are not filtered again as text. */
  readonly filteredByHaproxy?: boolean;
}

/** A write a view plans: what it does in one line, the exact commands, and whether it asks first. */
export interface ViewWrite {
  readonly title: string;
  readonly commands: readonly string[];
}

/** A plan, or the one sentence saying why there is none. */
export type Planned = ViewWrite | { readonly refused: string };

/** A CLI session's level (`show cli level`), lowest first. */
export type Level = 'user' | 'operator' | 'admin';
export const LEVELS: readonly Level[] = ['user', 'operator', 'admin'];

/** The writes a view offers on its rows, each bound to a key of the runtime views' keymap rows. */
export interface ViewActions {
  /**
   * `d`: the selected row (kill a session, clear a table entry, delete a map entry). `needs`: the level HAProxy
   * asks for it (default operator): on a lower socket it is refused before anything is sent.
   */
  readonly remove?: { readonly label: string; readonly needs?: Level; plan(row: RuntimeRow, place: Place): Planned };
  /** `D`: every row the filter on HAProxy's side selects (TABLES). */
  readonly removeMatching?: { readonly label: string; plan(place: Place, filter: string): Planned };
  /** `a`: a new row, typed on the status line. */
  readonly add?: { readonly label: string; prompt(place: Place): string | { readonly refused: string }; plan(text: string, place: Place): Planned };
  /** `e`: the selected row's value, typed on the status line starting from `initial`. */
  readonly change?: { readonly label: string; prompt(row: RuntimeRow, place: Place): string | { readonly refused: string }; initial(row: RuntimeRow): string; plan(row: RuntimeRow, text: string, place: Place): Planned };
}

export interface RuntimeViewDef extends ViewBase {
  readonly kind: 'runtime';
  readonly mode: RuntimeMode;
  /** One read of what the screen shows at `ctx.place`. */
  load(read: Reader, ctx: ViewContext): Promise<RuntimeTable>;
  /** --once and --json: the list and what each item holds, as tables and as one JSON value. */
  dump(read: Reader, ctx: ViewContext): Promise<{ readonly tables: readonly RuntimeTable[]; readonly json: unknown }>;
  readonly actions: ViewActions;
}

export type ViewDef = StatsViewDef | CliViewDef | RuntimeViewDef;
