// The controller: how the operator moves through what they watch (see Watch), reaches what acts on HAProxy (see
// Operator) and changes views (see Viewing): the keys, the ENTER menu, the search, sort and filter, the mouse. It
// knows no blessed and no sockets.
import { moveSelection } from '../view/rows';
import { sanitize } from '../view/format';
import type { ServiceId } from '../stats/types';
import { menuItems, menuPick, menuStep, type ActionId, type KeyBinding } from './keymap';
import { navigate } from './selection';
import { Search } from './search';
import { Viewing } from './viewing';
import { SERVER_ACTIONS } from './actions';
import { HISTORY_MIN_COLS, HISTORY_MIN_ROWS } from '../view/sparkline';
export type { Connection, NoticeLevel, Transport } from './instance';
export { RETRY_MS } from './instance';
export type { Notice, Overlay } from './overlay';
export type { ControllerOptions } from './viewing';

export class Controller extends Viewing {
  private readonly search = new Search();

  // ---- navigation ----------------------------------------------------------------------------------------

  /**
   * Runs a named action (from the keymap). Unknown or not-applicable actions only set a notice. `viaMenu`: picked
   * in the ENTER menu, which the audit log records.
   */
  dispatch(action: ActionId, viaMenu = false): void {
    if (action === 'quit') {
      this.emit('quit');
      return;
    }
    if (this.overlay.kind === 'confirm' || this.overlay.kind === 'question' || this.overlay.kind === 'input' || this.overlay.kind === 'text') return; // these take their own keys only
    if (this.showMode(action)) return this.changed();
    if (this.keyPlace === 'runtime' && this.runtimeKeys.dispatch(action)) return this.changed();
    if (action === 'back' && this.keyPlace === 'runtime' && this.overlay.kind === 'none') {
      this.viewShown(this.views.back());
      return this.changed();
    }
    switch (action) {
      case 'help':
        this.overlay = this.overlay.kind === 'help' ? { kind: 'none' } : { kind: 'help' };
        break;
      case 'next-mode':
        this.viewShown(this.views.cycle(1));
        break;
      case 'prev-mode':
        this.viewShown(this.views.cycle(-1));
        break;
      case 'back':
        if (this.overlay.kind !== 'none') this.overlay = { kind: 'none' };
        else this.viewShown(this.views.back());
        break;
      case 'up':
      case 'down':
      case 'page-up':
      case 'page-down':
      case 'home':
      case 'end':
        this.selectedId = navigate(this.rows, this.selectedId, action, this.pageSize);
        break;
      case 'menu':
        if (this.overlay.kind !== 'menu' && this.selection.refusal() !== undefined) return this.setNotice('error', this.selection.refusal() ?? '');
        this.overlay = this.overlay.kind === 'menu' ? { kind: 'none' } : { kind: 'menu', index: 0 };
        break;
      case 'details':
        this.overlay = this.overlay.kind === 'details' ? { kind: 'none' } : { kind: 'details' };
        break;
      case 'history': {
        if (this.overlay.kind === 'history') {
          this.overlay = { kind: 'none' };
          break;
        }
        const { width, height } = this.screenSize;
        if (width < HISTORY_MIN_COLS || height < HISTORY_MIN_ROWS) {
          return this.setNotice('error', `The history pane needs ${HISTORY_MIN_COLS}x${HISTORY_MIN_ROWS}; this terminal is ${width}x${height}.`);
        }
        this.overlay = { kind: 'history' };
        break;
      }
      case 'find':
        this.overlay = { kind: 'find', query: '', origin: this.selectedId };
        break;
      case 'find-next':
      case 'find-prev':
        this.findAgain(action === 'find-next' ? 1 : -1);
        return;
      case 'filter':
        this.overlay = { kind: 'filter', query: this.sortFilter.text };
        break;
      case 'problems':
        this.note('info', this.sortFilter.toggleProblems());
        this.rearrange();
        break;
      case 'sort-next':
      case 'sort-prev':
        this.note('info', this.sortFilter.step(this.mode, action === 'sort-next' ? 1 : -1));
        this.rearrange();
        break;
      case 'sort-invert':
        this.note('info', this.sortFilter.invert(this.mode));
        this.rearrange();
        break;
      case 'reload':
        if (this.overlay.kind === 'menu') this.overlay = { kind: 'none' };
        this.hotkeys.reload();
        return;
      case 'paste': {
        const refused = this.selection.refusal();
        if (refused !== undefined) return this.setNotice('error', refused);
        const service = this.selectedId === undefined ? undefined : this.snapshot?.byId.get(this.selectedId);
        if (service !== undefined) {
          this.cli.edit({ kind: 'insert', text: `${service.proxy}/${service.name}` });
          this.viewShown(this.views.show(5));
        }
        break;
      }
      case 'copy': {
        const refused = this.selection.refusal();
        if (refused !== undefined) return this.setNotice('error', refused);
        const label = this.selectedService?.label;
        if (label === undefined) return this.setNotice('info', 'Nothing to copy: no service is selected.');
        // The screen writes it to the terminal; a name is sanitized as everywhere, so a paste never holds a control character.
        const text = sanitize(label);
        this.emit('copy', text);
        this.note('info', `Copied ${text} to the clipboard (OSC 52).`);
        break;
      }
      default:
        if (SERVER_ACTIONS.has(action)) {
          this.serverAction(action, viaMenu);
          return;
        }
    }
    this.changed();
  }

  // ---- the mouse -----------------------------------------------------------------------------------------

  /** A click on a service's row selects it (not under a confirmation; not a service gone since it was drawn). */
  select(id: ServiceId): void {
    if (this.overlay.kind === 'confirm' || this.snapshot?.byId.get(id) === undefined) return;
    this.selectedId = id;
    this.changed();
  }

  /** A click on a runtime view's row selects it (not under a confirmation). */
  selectRow(key: string): void {
    if (this.overlay.kind === 'confirm' || this.keyPlace !== 'runtime') return;
    this.runtime.select(key);
  }

  /** The wheel over the table: the selection moves by `delta` services, as that many UP or DOWN would. */
  moveBy(delta: number): void {
    if (this.overlay.kind === 'confirm') return;
    // In a runtime view the wheel moves through its rows.
    if (this.keyPlace === 'runtime') return this.runtime.moveBy(delta);
    this.selectedId = moveSelection(this.rows, this.selectedId, delta);
    this.changed();
  }

  /** A click on a menu item highlights it; ENTER (or its letter) still runs it. */
  highlightMenu(index: number): void {
    if (this.overlay.kind !== 'menu' || index < 0 || index >= this.menu.length) return;
    this.overlay = { kind: 'menu', index };
    this.changed();
  }

  // ---- the ENTER menu ------------------------------------------------------------------------------------

  /** What the menu offers for the selected row. */
  get menu(): readonly KeyBinding[] {
    return menuItems(this.selectedId === undefined ? undefined : this.snapshot?.byId.get(this.selectedId)?.kind, this.config.readOnly);
  }

  /** UP / DOWN in the menu: the highlight moves, wrapping around. */
  moveMenu(delta: number): void {
    if (this.overlay.kind === 'menu') this.overlay = { kind: 'menu', index: menuStep(this.overlay.index, this.menu.length, delta) };
    this.changed();
  }

  /** ENTER (no key) picks the highlighted action; a letter picks its own. The menu closes and the action runs. */
  pickMenu(menuKey?: string): void {
    const item = this.overlay.kind === 'menu' ? menuPick(this.menu, this.overlay.index, menuKey) : undefined;
    if (item === undefined) return;
    this.overlay = { kind: 'none' };
    this.dispatch(item.action, true);
  }

  // ---- search ------------------------------------------------------------------------------------------

  /** The search text changed: the selection jumps to the first match from where the search started. */
  editFind(query: string): void {
    if (this.overlay.kind !== 'find') return;
    const { origin } = this.overlay;
    this.overlay = { kind: 'find', query, origin };
    if (this.keyPlace === 'runtime') this.runtimeKeys.editFind(query, origin);
    else this.selectedId = this.search.preview(this.rows, query, origin);
    this.changed();
  }

  /** ENTER keeps the match (and the query, for n / N); ESC goes back to where the search started. */
  endFind(keep: boolean): void {
    if (this.overlay.kind !== 'find') return;
    const { query, origin } = this.overlay;
    this.overlay = { kind: 'none' };
    if (this.keyPlace === 'runtime') this.runtimeKeys.endFind(keep, query, origin);
    else if (keep) this.search.keep(query);
    else this.selectedId = origin;
    this.changed();
  }

  /** Whether the search being typed matches anything (for the prompt's "no match"). */
  get findMatches(): boolean {
    if (this.overlay.kind !== 'find') return true;
    return this.keyPlace === 'runtime' ? this.runtimeKeys.matches(this.overlay.query) : this.search.matches(this.rows, this.overlay.query);
  }

  // ---- filter ------------------------------------------------------------------------------------------

  /** The filter text changed: it applies at once. */
  editFilter(query: string): void {
    if (this.overlay.kind !== 'filter') return;
    this.overlay = { kind: 'filter', query };
    if (this.keyPlace === 'runtime') return this.runtime.setFilter(query);
    this.sortFilter.text = query;
    this.rearrange();
    this.changed();
  }

  /** ENTER keeps the filter; ESC clears its text (and a service it hid comes back under the cursor). */
  endFilter(keep: boolean): void {
    if (this.overlay.kind !== 'filter') return;
    this.overlay = { kind: 'none' };
    if (this.keyPlace === 'runtime') {
      if (!keep) this.runtime.setFilter('');
      return this.changed();
    }
    if (!keep) this.sortFilter.text = '';
    this.rearrange();
    this.changed();
  }

  private findAgain(direction: 1 | -1): void {
    const found = this.search.again(this.rows, this.selectedId, direction);
    if (found.kind === 'none') return this.setNotice(found.level, found.message);
    this.selectedId = found.id;
    this.changed();
  }

  // ---- server actions ------------------------------------------------------------------------------------

  private serverAction(action: ActionId, viaMenu: boolean): void {
    // The menu closes once a hotkey is chosen; the details view stays, to watch the state change.
    if (this.overlay.kind === 'menu') this.overlay = { kind: 'none' };
    this.hotkeys.start(action, viaMenu);
  }

}
