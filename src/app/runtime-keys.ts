// The keys of the runtime views (SESSIONS, TABLES, MAPS, CERTS, INFO): moving, opening an item, find, filter,
// sort, and the writes, which go through the same confirmation, read-only refusal and audit log as the server
// hotkeys (see Hotkeys.execute).
import type { Planned } from '../views';
import type { ActionPlan } from './actions';
import type { NoticeLevel } from './instance';
import type { ActionId } from './keymap';
import type { Overlay } from './overlay';
import type { RuntimeBrowser } from './runtime-browser';
import { findRow } from './runtime-rows';

export interface RuntimeKeyHost {
  readonly browser: RuntimeBrowser;
  readonly readOnly: boolean;
  overlay(): Overlay;
  setOverlay(overlay: Overlay): void;
  note(level: NoticeLevel, text: string): void;
  pageSize(): number;
}

export class RuntimeKeys {
  /** The last search ENTER kept in a runtime view, for n / N. */
  private lastQuery = '';

  constructor(private readonly host: RuntimeKeyHost) {}

  /** Runs `action` in the runtime view shown; false when it is not one of theirs. */
  dispatch(action: ActionId): boolean {
    const h = this.host;
    const b = h.browser;
    switch (action) {
      case 'up':
      case 'down':
      case 'page-up':
      case 'page-down':
      case 'home':
      case 'end':
        b.move(action, h.pageSize());
        return true;
      case 'row-open':
        if (!b.open()) h.note('info', b.selectedRow === undefined ? 'No row selected.' : 'Nothing to open here.');
        return true;
      case 'back':
        if (h.overlay().kind !== 'none') h.setOverlay({ kind: 'none' });
        else if (!b.back()) return false;
        return true;
      case 'find':
        h.setOverlay({ kind: 'find', query: '', origin: b.selectedKey });
        return true;
      case 'find-next':
      case 'find-prev': {
        if (this.lastQuery === '') h.note('info', 'Nothing searched yet: / starts a search.');
        else {
          const key = findRow(b.rows, this.lastQuery, b.selectedKey, action === 'find-next' ? 1 : -1, true);
          if (key === undefined) h.note('error', `No row matches "${this.lastQuery}".`);
          else b.select(key);
        }
        return true;
      }
      case 'filter':
        h.setOverlay({ kind: 'filter', query: b.filter });
        return true;
      case 'sort-next':
      case 'sort-prev':
        h.note('info', b.sortStep(action === 'sort-next' ? 1 : -1));
        return true;
      case 'sort-invert':
        h.note('info', b.invert());
        return true;
      case 'sessions-scope':
        if (b.view?.mode === 6) h.note('info', b.toggleAll());
        else h.note('info', 's is for SESSIONS: all sessions, or the selected service\'s.');
        return true;
      case 'row-delete':
      case 'row-delete-matching': {
        const kind = action === 'row-delete' ? 'remove' : 'removeMatching';
        this.ask(b.levelRefusal(kind) ?? this.plan(kind), action);
        return true;
      }
      case 'row-add':
      case 'row-change': {
        const refused = b.levelRefusal(action === 'row-add' ? 'add' : 'change');
        if (refused !== undefined) h.note('error', refused);
        else this.prompt(action === 'row-add' ? 'add' : 'change');
        return true;
      }
      default:
        return false;
    }
  }

  /** The write `d` or `D` asks for on the view shown, or why there is none. */
  private plan(kind: 'remove' | 'removeMatching'): Planned | undefined {
    const b = this.host.browser;
    const view = b.view;
    const row = b.selectedRow;
    if (view === undefined) return undefined;
    switch (kind) {
      case 'remove':
        if (view.actions.remove === undefined) return { refused: `${view.name} has nothing to delete.` };
        if (row === undefined || row.section === true) return { refused: 'No row selected.' };
        return view.actions.remove.plan(row, b.place);
      case 'removeMatching':
        if (view.actions.removeMatching === undefined) return { refused: `D is for TABLES: ${view.name} has nothing to clear by filter.` };
        return view.actions.removeMatching.plan(b.place, b.filter);
      default: {
        const unknown: never = kind;
        return unknown;
      }
    }
  }

  /** The find as it is typed: the selection moves to the first match from where it started. */
  editFind(query: string, origin: string | undefined): void {
    const key = query === '' ? origin : (findRow(this.host.browser.rows, query, origin, 1) ?? origin);
    this.host.browser.select(key);
  }

  endFind(keep: boolean, query: string, origin: string | undefined): void {
    if (keep) {
      if (query !== '') this.lastQuery = query;
    } else this.host.browser.select(origin);
  }

  /** Whether the search being typed matches a row (for the prompt's "no match"). */
  matches(query: string): boolean {
    return query === '' || findRow(this.host.browser.rows, query, undefined, 1) !== undefined;
  }

  /** `a` / `e`: the text is typed on the status line, then confirmed. */
  private prompt(purpose: 'add' | 'change'): void {
    const h = this.host;
    const b = h.browser;
    const view = b.view;
    const action = purpose === 'add' ? view?.actions.add : view?.actions.change;
    if (view === undefined || action === undefined) return h.note('info', `${purpose === 'add' ? 'a' : 'e'} is for MAPS: ${view?.name ?? 'this view'} has nothing to ${purpose}.`);
    const row = b.selectedRow;
    if (purpose === 'change' && (row === undefined || row.section === true)) return h.note('error', 'No row selected.');
    const said = purpose === 'add' ? view.actions.add?.prompt(b.place) : row === undefined ? undefined : view.actions.change?.prompt(row, b.place);
    if (said === undefined) return;
    if (typeof said !== 'string') return h.note('error', said.refused);
    const initial = purpose === 'change' && row !== undefined ? (view.actions.change?.initial(row) ?? '') : '';
    h.setOverlay({ kind: 'text', purpose, prompt: said, text: initial, row: row?.key });
  }

  editText(text: string): void {
    const overlay = this.host.overlay();
    if (overlay.kind === 'text') this.host.setOverlay({ ...overlay, text: text.slice(0, 500) });
  }

  /** ENTER: the write typed is planned and confirmed; ESC: nothing is sent. */
  endText(submit: boolean): void {
    const h = this.host;
    const overlay = h.overlay();
    if (overlay.kind !== 'text') return;
    h.setOverlay({ kind: 'none' });
    if (!submit) return h.note('info', 'Cancelled: nothing sent.');
    const b = h.browser;
    const view = b.view;
    if (overlay.purpose === 'add') return this.ask(view?.actions.add?.plan(overlay.text, b.place), 'row-add');
    const row = b.rows.find((r) => r.key === overlay.row);
    if (row === undefined) return h.note('error', 'The entry is gone since: nothing sent.');
    this.ask(view?.actions.change?.plan(row, overlay.text, b.place), 'row-change');
  }

  /** A planned write is confirmed first, every time: it acts on HAProxy's data, not on a server's state. */
  private ask(planned: Planned | string | undefined, action: ActionId): void {
    const h = this.host;
    if (planned === undefined) return;
    if (typeof planned === 'string') return h.note('error', planned);
    if (h.readOnly) return h.note('error', 'Read-only mode: nothing is changed.');
    if ('refused' in planned) return h.note('error', planned.refused);
    const instance = h.browser.instance;
    const plan: ActionPlan = {
      action,
      title: planned.title,
      targets: [],
      commands: planned.commands.map((text) => (instance === undefined ? { text, mutating: true } : { text, mutating: true, instance })),
      confirm: true,
      view: h.browser.view?.name ?? '',
    };
    h.setOverlay({ kind: 'confirm', plan });
  }
}
