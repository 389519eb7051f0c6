// The footer (mode tabs, key hints, the selected service) and the help screen, both derived from the keymap.
import { activeBindings, applies, KEYMAP, type KeyBinding } from '../app/keymap';
import type { ModeNumber } from '../config';
import { viewOf, viewsFor } from '../views';
import { safe } from './theme';
import { wrapWords } from './text';

const firstKey = (b: KeyBinding): string => b.display.split(' ')[0] ?? b.display;

/** Where a view's tab is on the footer line: columns [from, to). */
export interface TabSpan {
  readonly mode: ModeNumber;
  readonly from: number;
  readonly to: number;
}

/** The footer as parts: the tabs (whole or shortened), then the hints and the selection on the right. */
interface FooterLayout {
  readonly tabs: readonly { readonly mode: ModeNumber; readonly label: string }[];
  readonly tail: string;
  readonly room: number;
}

/** `selection` is the selected service's label, already sanitized; `filtered`: a filter hides services. */
function footerLayout(mode: ModeNumber, readOnly: boolean, selection: string | undefined, width: number, filtered = false): FooterLayout | undefined {
  const views = viewsFor(readOnly);
  const place = viewOf(mode).kind;
  const hints =
    place === 'cli'
      ? 'ENTER=send C-t=wrap ESC=back Ctrl-C=quit'
      : activeBindings(readOnly)
          .filter((b) => b.hint === true && applies(b.scope, place))
          .map((b) => `${firstKey(b)}=${b.label}`)
          .join(' ');
  const flags = `${readOnly ? 'READ-ONLY ' : ''}${filtered && place === 'stats' ? 'FILTERED ' : ''}`;
  const shown = selection !== undefined && place !== 'cli' ? `[${selection}]` : '';
  const right = `${flags}${shown}`;
  // Narrower terminals: first the hints go (the help has them), then the inactive tabs shrink to their number,
  // then the selection loses the head of its proxy name (the server name at its end is what matters most). In
  // the CLI view, where a digit is typed rather than a view's key, its hints (ESC=back) stay before the names.
  const layouts = [
    { short: false, hinted: true },
    ...(place === 'cli' ? [{ short: true, hinted: true }, { short: false, hinted: false }] : [{ short: false, hinted: false }, { short: true, hinted: true }]),
    { short: true, hinted: false },
  ];
  for (const { short, hinted } of layouts) {
    const tabs = views.map((v) => ({ mode: v.mode, label: short && v.mode !== mode ? ` ${v.mode} ` : ` ${v.mode}-${v.name} ` }));
    const room = width - tabs.reduce((n, t) => n + t.label.length, 0) - 1;
    let tail = hinted ? `${hints}  ${right}`.trim() : right;
    if (tail.length > room && (hinted || !short)) continue;
    if (tail.length > room) tail = room >= 3 && shown !== '' ? `${flags}[~${selection?.slice(-(room - flags.length - 3)) ?? ''}]`.slice(-room) : '';
    return { tabs, tail, room };
  }
  return undefined;
}

export function footerLine(mode: ModeNumber, readOnly: boolean, selection: string | undefined, width: number, filtered = false): string {
  const layout = footerLayout(mode, readOnly, selection, width, filtered);
  if (layout === undefined) return '';
  const tabText = layout.tabs
    .map((t) => (t.mode === mode ? `{/inverse}{bold}${safe(t.label)}{/bold}{inverse}` : safe(t.label)))
    .join('');
  const gap = ' '.repeat(Math.max(0, layout.room - layout.tail.length));
  return `{inverse}${tabText}${gap} ${safe(layout.tail)}{/inverse}`;
}

/** Where each view's tab is on the footer footerLine draws with the same arguments (for mouse clicks). */
export function footerTabs(mode: ModeNumber, readOnly: boolean, selection: string | undefined, width: number, filtered = false): TabSpan[] {
  const spans: TabSpan[] = [];
  let from = 0;
  for (const tab of footerLayout(mode, readOnly, selection, width, filtered)?.tabs ?? []) {
    spans.push({ mode: tab.mode, from, to: from + tab.label.length });
    from += tab.label.length;
  }
  return spans;
}

const SECTIONS: readonly { title: string; pick: (b: KeyBinding) => boolean }[] = [
  { title: 'Views', pick: (b) => b.action.includes('mode') || ['help', 'quit', 'back'].includes(b.action) },
  { title: 'Moving (the selection is a service: it stays on it across refreshes)', pick: (b) => ['up', 'down', 'page-up', 'page-down', 'home', 'end', 'find', 'find-next', 'find-prev', 'details', 'history', 'menu', 'paste', 'copy'].includes(b.action) },
  { title: 'Sort and filter (views 1-4; servers sort within their proxy)', pick: (b) => ['filter', 'problems', 'sort-next', 'sort-prev', 'sort-invert'].includes(b.action) },
  { title: 'Server hotkeys (views 1-4, on a server row)', pick: (b) => b.hotkey === true },
  { title: 'Runtime views (6-9, 0: sessions, stick tables, maps and ACLs, certificates, the process)', pick: (b) => b.scope === 'runtime' },
  { title: 'HAProxy itself (on its master CLI socket)', pick: (b) => b.action === 'reload' },
];

/** One help entry: the keys, then the description wrapped under itself. */
function entry(keys: string, description: string, width: number): string[] {
  const indent = 3 + 16 + 1;
  return wrapWords(description, Math.max(20, width - indent - 1)).map(
    (part, i) => `${i === 0 ? `   ${safe(keys.padEnd(16))} ` : ' '.repeat(indent)}${safe(part)}`,
  );
}

/** The help screen, from the keymap, wrapped to the terminal's width. */
export function helpLines(readOnly: boolean, width = 80): string[] {
  const bindings = activeBindings(readOnly);
  const text = (t: string): string[] => wrapWords(t, width - 2).map((l) => ` ${safe(l)}`);
  const title = (t: string): string[] => wrapWords(t, width - 2).map((l) => ` {bold}${safe(l)}{/bold}`);
  const lines: string[] = [...title('hatop-ts keys'), ...text('ESC, h or ? closes this help; UP/DOWN/PGUP/PGDOWN scroll it.'), ''];
  if (readOnly) lines.push(...text('READ-ONLY mode: no CLI view, no hotkey menu, no SPACE, no hotkeys.'), '');
  for (const section of SECTIONS) {
    const items = bindings.filter(section.pick);
    if (items.length === 0) continue;
    lines.push(...title(section.title));
    for (const b of items) lines.push(...entry(b.display, b.description, width));
    lines.push('');
  }
  if (!readOnly) {
    lines.push(...title('CLI view (5)'));
    for (const [keys, what] of CLI_KEYS) lines.push(...entry(keys, what, width));
    lines.push('');
  }
  // The mouse has no keymap row: it is said here in one sentence, as in the README and the man page.
  lines.push(...title('Mouse (off with --no-mouse)'));
  lines.push(...text("A click selects a service (or a runtime view's row), or a view by its name in the footer. The wheel moves the selection three services or rows, or scrolls the help, the details and the CLI output. In the ENTER menu a click only highlights; a confirmation takes keys only."), '');
  const colours =
    'Colours: UP green, DOWN red, NOLB and transitions (UP 1/3) yellow, DRAIN magenta, MAINT cyan underlined, ' +
    'no check grey. NO_COLOR=1 gives a monochrome screen (bold and underline marks).';
  lines.push(...text(colours));
  return lines;
}

/** The CLI view's editing keys (handled by the line editor, listed here for the help screen and the docs). */
export const CLI_KEYS: readonly (readonly [string, string])[] = [
  ['ENTER', 'Send the line to HAProxy (empty: a time mark)'],
  ['UP / DOWN', 'Browse the command history (100 entries)'],
  ['LEFT / RIGHT', 'Move the cursor'],
  ['HOME / Ctrl-A', 'Start of line'],
  ['END / Ctrl-E', 'End of line'],
  ['BACKSPACE / DEL', 'Delete before / under the cursor'],
  ['Ctrl-U / Ctrl-W', 'Delete to the start of line / the word before the cursor'],
  ['PGUP / PGDOWN', 'Scroll the output'],
  ['Ctrl-T', 'Wrap long replies (the default) or cut them, for tables that read better unwrapped'],
  ['Ctrl-F / Ctrl-B', 'Unwrapped: scroll the output right / left'],
  ['ESC / Alt-0..9', 'Back to the previous view / to a view'],
];

/** Every key the program binds, for the docs check: the keymap plus the CLI editing keys. */
export const ALL_KEY_DISPLAYS = (): string[] => [...KEYMAP.map((b) => b.display), ...CLI_KEYS.map(([k]) => k)];
