// The CLI view, the hotkey menu and the confirmation, as tagged text. Pure.
import type { ActionPlan } from '../app/actions';
import type { Question } from '../app/overlay';
import type { LogLine } from '../app/cli-log';
import type { KeyBinding } from '../app/keymap';
import type { LineState } from '../app/line-editor';
import { safe, paint, type Theme, type Tone } from './theme';
import { sanitize } from '../view/format';
import { wrapWords } from './text';

const LOG_TONES: Record<LogLine['kind'], Tone> = { time: 'muted', command: 'plain', output: 'plain', error: 'bad', info: 'muted' };

/** How the CLI view lays out long replies: wrapped (the default), or cut and scrolled sideways by `left` columns. */
export interface CliLayout {
  readonly wrap: boolean;
  readonly left: number;
}

/** One log line as the screen lines it takes: wrapped with a two-space indent, or the window at `left`. */
function visualLines(text: string, width: number, layout: CliLayout): string[] {
  const room = Math.max(1, width - 1);
  if (!layout.wrap) return [text.slice(layout.left, layout.left + room)];
  if (text.length <= room) return [text];
  const out = [text.slice(0, room)];
  for (let at = room; at < text.length; at += room - 2) out.push(`  ${text.slice(at, at + room - 2)}`);
  return out;
}

/**
 * Output lines for the CLI view. `back` = how many screen lines the view is scrolled up from the newest. Wide
 * replies (`show servers state`) wrap, so no column is lost; unwrapped, they are cut at the window `left`.
 */
export function cliOutputLines(
  log: readonly LogLine[],
  back: number,
  height: number,
  width: number,
  theme: Theme,
  layout: CliLayout = { wrap: true, left: 0 },
): { lines: string[]; back: number } {
  const all: { kind: LogLine['kind']; text: string }[] = [];
  for (const line of log) for (const text of visualLines(sanitize(line.text), width, layout)) all.push({ kind: line.kind, text });
  const maxBack = Math.max(0, all.length - height);
  const clamped = Math.max(0, Math.min(back, maxBack));
  const end = all.length - clamped;
  const lines: string[] = [];
  for (let i = Math.max(0, end - height); i < end; i++) {
    const line = all[i];
    if (line === undefined) continue;
    const text = safe(` ${line.text}`.trimEnd());
    // A line of tags around nothing is dropped by blessed, which would pull every line below it up by one.
    if (text === '') lines.push('');
    else lines.push(line.kind === 'command' ? `{bold}${text}{/bold}` : paint(theme, LOG_TONES[line.kind], text));
  }
  return { lines, back: clamped };
}

/** The input line: `> ` prompt, the text scrolled so the cursor is visible, the cursor as an inverse cell. */
/** The CLI view's input line; `instance` names where the line goes when several instances are watched. */
export function cliInputLine(line: LineState, width: number, instance?: string): string {
  const prompt = ` ${instance ?? ''}> `;
  const room = Math.max(1, width - prompt.length - 1);
  const start = Math.max(0, line.cursor - room + 1);
  const visible = line.text.slice(start, start + room);
  const at = line.cursor - start;
  const before = visible.slice(0, at);
  const under = visible[at] ?? ' ';
  const after = visible.slice(at + 1);
  return `{bold}${safe(prompt)}{/bold}${safe(before)}{inverse}${safe(under)}{/inverse}${safe(after)}`;
}

/**
 * The ENTER menu: one action a line, its F-key, its letter and what it does; the highlighted one in inverse.
 * Windowed around the highlight when the screen is short.
 */
export function menuLines(selection: string | undefined, items: readonly KeyBinding[], index: number, height: number): string[] {
  const head = [` {bold}${safe(sanitize(selection ?? 'no selection'))}{/bold}`];
  const foot = items.some((b) => b.hotkey === true)
    ? [' F1-F3 and A act in every backend (they ask first).', ' UP/DOWN, ENTER or a letter picks; ESC closes.']
    : [' Server hotkeys work on server rows.', ' UP/DOWN, ENTER or a letter picks; ESC closes.'];
  const { top, count } = menuWindow(items.length, index, height);
  const rows = items.slice(top, top + count).map((b, i) => {
    // A menu-only action (no key of its own) shows its letter alone.
    const key = b.hotkey === true && b.keys.length > 0 ? b.display : '';
    const text = ` ${key.padEnd(4)} ${b.menuKey ?? ' '}  ${b.label}`.padEnd(30);
    return top + i === index ? `{inverse}${safe(text)}{/inverse}` : safe(text);
  });
  return [...head, ...rows, ...foot];
}

export const MENU_WIDTH = 60;

/** Which items the menu shows: `first` is the line of menuLines where they start, `top` the first item shown. */
export interface MenuWindow {
  readonly first: number;
  readonly top: number;
  readonly count: number;
}

/** The menu's items in `height` lines (one line of title, two of notes), windowed around the highlight. */
export function menuWindow(length: number, index: number, height: number): MenuWindow {
  const room = Math.max(1, height - 3);
  const top = Math.max(0, Math.min(index - Math.floor(room / 2), length - room));
  return { first: 1, top, count: Math.max(0, Math.min(room, length - top)) };
}

/** The confirmation for an action that reaches beyond the selected backend: it lists every target. */
export function confirmLines(plan: ActionPlan, maxTargets: number): string[] {
  const lines = [` {bold}${safe(sanitize(plan.title))}?{/bold}`, '', ` This sends ${plan.commands.length} command${plan.commands.length === 1 ? '' : 's'}:`];
  const shown = plan.commands.slice(0, Math.max(1, maxTargets));
  for (const command of shown) lines.push(`   ${safe(sanitize(command.instance === undefined ? command.text : `${command.instance}: ${command.text}`))}`);
  if (plan.commands.length > shown.length) lines.push(`   ... and ${plan.commands.length - shown.length} more`);
  for (const note of plan.notes ?? []) lines.push(` {bold}${safe(sanitize(note))}{/bold}`);
  lines.push('', ' {bold}y{/bold}: do it      {bold}n{/bold}, ESC or ENTER: cancel (only y sends)');
  return lines;
}

/** A question with one-letter answers (a safe switch's): the question, each letter and what it does, then ESC. */
export function questionLines(question: Question, width: number): string[] {
  const room = Math.max(20, width - 6);
  const lines = wrapWords(question.title, room).map((l) => ` {bold}${safe(sanitize(l))}{/bold}`);
  lines.push('');
  for (const c of question.choices) lines.push(`   {bold}${safe(c.key)}{/bold}: ${safe(sanitize(c.label))}`);
  const escape = question.choices.find((c) => c.answer.kind === question.escape.kind);
  lines.push('', ` ESC: ${safe(escape === undefined ? 'close' : escape.label)}`);
  return lines;
}
