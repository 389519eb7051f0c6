// Sparklines in text, for the history pane and the top bar: one character a point, its height the value's share
// of the largest shown. Pure. Block characters where the terminal takes UTF-8; an ASCII ramp elsewhere, since a
// terminal without it would show `?` for each block.

/** The history pane needs this much room: seven series, each a labelled sparkline, with the screen's frame. */
export const HISTORY_MIN_COLS = 80;
export const HISTORY_MIN_ROWS = 24;

const BLOCKS = '▁▂▃▄▅▆▇█';
const ASCII = '_.,-:=+#';

/**
 * The last `width` of `values` (oldest first) as characters; a gap (NaN) is a space, so a restart reads as a hole,
 * never as a spike. Scaled from 0 to `max` (default: the largest shown value); values at or below 0 are the lowest
 * step, so a flat line of zeros still shows that something was read.
 */
export function sparkline(values: readonly number[], width: number, unicode: boolean, max?: number): string {
  if (width <= 0) return '';
  const shown = values.slice(Math.max(0, values.length - width));
  const ramp = unicode ? BLOCKS : ASCII;
  const top = max ?? shown.reduce((m, v) => (Number.isFinite(v) && v > m ? v : m), 0);
  let out = '';
  for (const v of shown) {
    if (!Number.isFinite(v)) out += ' ';
    else if (v <= 0 || top <= 0) out += ramp[0];
    else out += ramp[Math.min(ramp.length - 1, Math.max(0, Math.ceil((v / top) * ramp.length) - 1))];
  }
  return out.padStart(width);
}

/** A figure as the pane shows it: integers as they are, small rates with one decimal, large ones with k / M. */
export function figure(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '-';
  const abs = Math.abs(value);
  if (abs >= 1e6) return `${(value / 1e6).toFixed(1)}M`;
  if (abs >= 1e4) return `${(value / 1e3).toFixed(1)}k`;
  if (Number.isInteger(value) || abs >= 100) return String(Math.round(value));
  return value.toFixed(1);
}

/** The last finite value of a series, if any. */
export function lastValue(values: readonly number[]): number | undefined {
  for (let i = values.length - 1; i >= 0; i--) if (Number.isFinite(values[i])) return values[i];
  return undefined;
}
