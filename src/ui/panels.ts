// The CLI view, the hotkey menu and the confirmation, as tagged text. Pure.
import type { ActionPlan } from '../app/actions';
import type { LogLine } from '../app/cli-log';
import { hotkeys } from '../app/keymap';
import type { LineState } from '../app/line-editor';
import { safe, paint, type Theme, type Tone } from './theme';
import { fit } from './text';
import { sanitize } from '../view/format';

const LOG_TONES: Record<LogLine['kind'], Tone> = { time: 'muted', command: 'plain', output: 'plain', error: 'bad', info: 'muted' };

/** Output lines for the CLI view. `back` = how many lines the view is scrolled up from the newest. */
export function cliOutputLines(log: readonly LogLine[], back: number, height: number, width: number, theme: Theme): { lines: string[]; back: number } {
  const maxBack = Math.max(0, log.length - height);
  const clamped = Math.max(0, Math.min(back, maxBack));
  const end = log.length - clamped;
  const start = Math.max(0, end - height);
  const lines: string[] = [];
  for (let i = start; i < end; i++) {
    const line = log[i];
    if (line === undefined) continue;
    const text = safe(fit(` ${sanitize(line.text)}`, width).trimEnd());
    lines.push(line.kind === 'command' ? `{bold}${text}{/bold}` : paint(theme, LOG_TONES[line.kind], text));
  }
  return { lines, back: clamped };
}

/** The input line: `> ` prompt, the text scrolled so the cursor is visible, the cursor as an inverse cell. */
export function cliInputLine(line: LineState, width: number): string {
  const prompt = ' > ';
  const room = Math.max(1, width - prompt.length - 1);
  const start = Math.max(0, line.cursor - room + 1);
  const visible = line.text.slice(start, start + room);
  const at = line.cursor - start;
  const before = visible.slice(0, at);
  const under = visible[at] ?? ' ';
  const after = visible.slice(at + 1);
  return `{bold}${prompt}{/bold}${safe(before)}{inverse}${safe(under)}{/inverse}${safe(after)}`;
}

/** The ENTER menu: the hotkeys for the selected server, two to a line so it fits 80 columns. */
export function menuLines(selection: string | undefined, readOnly: boolean): string[] {
  const keys = hotkeys(readOnly);
  const cells = keys.map((b) => `${b.display.padEnd(4)} ${b.label}`.padEnd(17));
  const lines = [` {bold}${safe(sanitize(selection ?? 'no selection'))}{/bold}`, ''];
  for (let i = 0; i < cells.length; i += 3) lines.push(` ${safe(cells.slice(i, i + 3).join(' ').trimEnd())}`);
  lines.push('', ' F1-F3 act in every backend with this server name (asks first).', ' ESC or ENTER closes.');
  return lines;
}

export const MENU_WIDTH = 60;

/** The confirmation for an action that reaches beyond the selected backend: it lists every target. */
export function confirmLines(plan: ActionPlan, maxTargets: number): string[] {
  const lines = [` {bold}${safe(sanitize(plan.title))}?{/bold}`, '', ` This sends ${plan.commands.length} command${plan.commands.length === 1 ? '' : 's'}:`];
  const shown = plan.commands.slice(0, Math.max(1, maxTargets));
  for (const command of shown) lines.push(`   ${safe(sanitize(command.text))}`);
  if (plan.commands.length > shown.length) lines.push(`   ... and ${plan.commands.length - shown.length} more`);
  lines.push('', ' {bold}y{/bold} / ENTER: do it      {bold}n{/bold} / ESC: cancel');
  return lines;
}
