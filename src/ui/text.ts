// Small pure helpers for laying out plain text before it gets tags.

/** Pads or cuts plain text to exactly `width` characters. */
export function fit(text: string, width: number): string {
  if (width <= 0) return '';
  return text.length > width ? text.slice(0, width) : text.padEnd(width);
}

/** A bar like hatop's `[|||||     ]` for used/max; `inner` is the number of cells between the brackets. */
export function bar(used: number | undefined, max: number | undefined, inner: number): string {
  const cells = Math.max(1, inner);
  const ratio = used !== undefined && max !== undefined && max > 0 ? Math.min(1, Math.max(0, used / max)) : 0;
  const filled = used !== undefined && used > 0 ? Math.max(1, Math.round(ratio * cells)) : 0;
  return `[${'|'.repeat(filled)}${' '.repeat(cells - filled)}]`;
}

/** Seconds as `1d 2h03m`, `2h03m04s`, `3m04s`, `5s` (uptime, "down for"). */
export function uptime(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  const two = (n: number): string => String(n).padStart(2, '0');
  if (d > 0) return `${d}d ${h}h${two(m)}m`;
  if (h > 0) return `${h}h${two(m)}m${two(r)}s`;
  if (m > 0) return `${m}m${two(r)}s`;
  return `${r}s`;
}

/** Local date and time as `2026-11-24 06:40:12`. */
export function clockText(date: Date): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
}

/** Words of `text` in lines of at most `width` characters. */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  lines.push(line);
  return lines;
}
