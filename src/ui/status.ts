// The status line: the latest message on the left, the age of the data on the right, always. Pure.
// Messages expire, so an old refusal never stands in for the present; HAProxy's reasons are long, so a message
// that does not fit takes a second line (when the screen has one to spare) instead of being cut.
import { sanitize } from '../view/format';
import type { ViewState } from './frame';
import { noticeTone, paint, safe, type Theme } from './theme';
import { clockText, fit, uptime } from './text';

/** How long a message stays on the status line (ms): errors long enough to be read after a look away. */
export const NOTICE_MS = { info: 15_000, ok: 15_000, error: 60_000 } as const;

const time = (ms: number): string => clockText(new Date(ms)).slice(11);

/** Words of `text` in lines of `widths[0]`, `widths[1]`..., the last one cut with `...` if it must be. */
function wrap(text: string, widths: readonly number[]): string[] {
  const out: string[] = [];
  let rest = text;
  for (let i = 0; i < widths.length - 1; i++) {
    const width = widths[i] ?? 0;
    if (rest.length <= (widths[i + 1] ?? 0) && i > 0) break;
    const cut = rest.lastIndexOf(' ', width);
    const at = rest.length <= width ? rest.length : cut > width / 2 ? cut : width;
    out.push(rest.slice(0, at));
    rest = rest.slice(at).trimStart();
  }
  const last = widths[widths.length - 1] ?? 0;
  out.push(rest.length > last ? `${rest.slice(0, Math.max(0, last - 3))}...` : rest);
  return out;
}

/** 1 or 2 tagged lines (at most `maxLines`). */
export function statusLines(state: ViewState, now: Date, width: number, theme: Theme, maxLines = 1): string[] {
  const { connection, notice } = state;
  if (state.overlay.kind === 'input') {
    const prompt = safe(fit(` ${sanitize(state.overlay.prompt)}${state.overlay.text}`, width - 1).trimEnd());
    return [`${prompt}{inverse} {/inverse}${paint(theme, 'muted', '  ENTER sends, ESC cancels')}`];
  }
  if (state.overlay.kind === 'text') {
    // The end of a long text stays in sight as it is typed.
    const typed = sanitize(state.overlay.text);
    const prompt = ` ${sanitize(state.overlay.prompt)}`;
    const room = Math.max(1, width - 1 - prompt.length - 1);
    const shown = typed.length > room ? typed.slice(typed.length - room) : typed;
    return [`${safe(fit(`${prompt}${shown}`, width - 1).trimEnd())}{inverse} {/inverse}${paint(theme, 'muted', '  ENTER: then asks, ESC cancels')}`];
  }
  if (state.overlay.kind === 'find') {
    const prompt = safe(fit(` /${sanitize(state.overlay.query)}`, width - 1).trimEnd());
    const hint = state.findMatches === false ? paint(theme, 'bad', '  no service matches') : paint(theme, 'muted', '  ENTER keeps, ESC goes back');
    return [`${prompt}{inverse} {/inverse}${hint}`];
  }
  if (state.overlay.kind === 'filter') {
    const prompt = safe(fit(` filter: ${sanitize(state.overlay.query)}`, width - 1).trimEnd());
    const counts = state.filtered === undefined ? '' : `${state.filtered.shown} of ${state.filtered.total} shown; `;
    const none = state.filtered !== undefined && state.filtered.shown === 0;
    const hint = paint(theme, none ? 'bad' : 'muted', `  ${counts}ENTER keeps, ESC clears`);
    return [`${prompt}{inverse} {/inverse}${hint}`];
  }
  const at = now.getTime();
  const fresh = notice !== undefined && (state.noticeAt === undefined || at - state.noticeAt < NOTICE_MS[notice.level]);
  // While HAProxy is unreachable its state is the news, unless the operator did something since (a hotkey
  // that failed must say so where they look).
  const noticeIsNewer = fresh && state.noticeAt !== undefined && connection.kind === 'down' && state.noticeAt >= connection.since;
  let left = '';
  let tone: 'bad' | 'good' | 'plain' | 'muted' = 'plain';
  if (connection.kind === 'down' && !noticeIsNewer) {
    const what = connection.answers === true ? 'No usable answer from the socket' : 'HAProxy unreachable';
    left = `${what} for ${uptime((at - connection.since) / 1000)}, retrying every second: ${sanitize(connection.message)}`;
    tone = 'bad';
  } else if (fresh && notice !== undefined) {
    left = `${state.noticeAt === undefined ? '' : `${time(state.noticeAt)} `}${sanitize(notice.text)}`;
    tone = noticeTone(notice.level) as typeof tone;
  } else if (connection.kind === 'connecting') {
    left = state.snapshot === undefined ? 'Connecting to HAProxy...' : "Reading the rest of HAProxy's report...";
  }
  const long =
    state.lastUpdate === undefined
      ? ''
      : connection.kind === 'down'
        ? `data from ${time(state.lastUpdate)}`
        : `updated ${time(state.lastUpdate)}, every ${state.config.intervalSec}s${state.pacing === undefined ? '' : `; off screen ${uptime(state.pacing.fullAgeMs / 1000)} old`}`;
  // Beside a message that needs more than one line the age keeps only its time, to leave the words room.
  const oneLine = left.length <= width - 1 - (long === '' ? 0 : long.length + 2);
  const right = oneLine || long === '' ? long : long.replace(/, every .*$/, '');
  const room = width - 1 - (right === '' ? 0 : right.length + 2);
  const parts =
    left.length <= room || maxLines < 2
      ? [left.length <= room ? left : `${left.slice(0, Math.max(0, room - 3))}...`]
      : wrap(left, [...Array<number>(maxLines - 1).fill(width - 1), Math.max(1, room)]);
  const last = parts.length - 1;
  return parts.map((part, i) => {
    const text = paint(theme, tone, safe(` ${part}`));
    if (i !== last || right === '') return text;
    // The age goes on the last line, flush right, when there is room beside the message.
    const gap = width - 1 - part.length - right.length - 1;
    return gap >= 1 ? `${text}${' '.repeat(gap)}${paint(theme, connection.kind === 'down' ? 'bad' : 'muted', safe(right))}` : text;
  });
}
