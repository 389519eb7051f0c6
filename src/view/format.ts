// Number, duration and text shortening for table cells. Pure: data in, strings out.
// Every function returns at most `width` characters so a cell can never push its neighbours.

import type { Service } from '../stats/types';

const DECIMAL_UNITS = ['k', 'M', 'G', 'T', 'P', 'E'] as const;
const BINARY_UNITS = ['K', 'M', 'G', 'T'] as const;

/** Shown when a value cannot be written in the width at all: visibly "does not fit", never a wrong number. */
export function overflow(width: number): string {
  return width > 0 ? '#'.repeat(width) : '';
}

/**
 * A numeric field of a service, read from its raw CSV text. Undefined when absent or not a plain number,
 * so a frontend's missing weight stays blank instead of becoming 0.
 * (The view keeps its own reader so it does not depend on the stats model's helpers.)
 */
export function fieldNumber(s: Service, field: string): number | undefined {
  const raw = s.fields.get(field);
  if (raw === undefined) return undefined;
  const text = raw.trim();
  if (!/^-?\d+(\.\d+)?$/.test(text)) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * Shortens `n` with unit steps of `base` until it fits `width`. Tries the smallest unit first (most
 * precise), with one decimal when that fits, else whole. A unit is only used while the scaled value stays
 * below `base`, so 999999 becomes `1.0M`, not `1000k`; the last unit takes any size.
 */
function scaled(n: number, width: number, base: number, units: readonly string[]): string {
  const sign = n < 0 ? '-' : '';
  const abs = Math.abs(n);
  for (let i = 0; i < units.length; i++) {
    const v = abs / base ** (i + 1);
    // Below 1 of this unit every larger unit would read `0M`: a wrong number, so give up instead.
    if (Number(v.toFixed(1)) < 1) break;
    const last = i === units.length - 1;
    const oneDecimal = v.toFixed(1);
    if (last || Number(oneDecimal) < base) {
      const text = `${sign}${oneDecimal}${units[i]}`;
      if (text.length <= width) return text;
    }
    const whole = Math.round(v);
    if (last || whole < base) {
      const text = `${sign}${whole}${units[i]}`;
      if (text.length <= width) return text;
    }
  }
  return overflow(width);
}

function plain(n: number): string {
  return String(Math.round(n));
}

/**
 * A counter: the plain integer when it fits in `width`, otherwise shortened with decimal units
 * (k, M, G, T, 1000 steps), one decimal when it fits: 12345 in 4 -> `12k`, 1234567 in 4 -> `1.2M`.
 * Undefined (field absent) -> '' : absent stays blank, never 0.
 */
export function formatCount(n: number | undefined, width: number): string {
  if (n === undefined || !Number.isFinite(n) || width <= 0) return '';
  const text = plain(n);
  if (text.length <= width) return text;
  return scaled(n, width, 1000, DECIMAL_UNITS);
}

/**
 * A byte count: the plain number of bytes when it fits, otherwise binary units K, M, G, T (1024 steps):
 * 1536 in 3 -> `2K`, 1572864 in 4 -> `1.5M`. Undefined -> ''.
 */
export function formatBytes(n: number | undefined, width: number): string {
  if (n === undefined || !Number.isFinite(n) || width <= 0) return '';
  const text = plain(n);
  if (text.length <= width) return text;
  return scaled(n, width, 1024, BINARY_UNITS);
}

/**
 * Seconds as the largest whole unit: `3d`, `2h`, `12m`, `30s` (hatop's way for CL and DOWN).
 * Undefined, negative or non-numeric -> '' (HAProxy uses negative values for "never").
 */
export function formatDuration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '';
  const s = Math.floor(seconds);
  if (s >= 86400) return `${Math.floor(s / 86400)}d`;
  if (s >= 3600) return `${Math.floor(s / 3600)}h`;
  if (s >= 60) return `${Math.floor(s / 60)}m`;
  return `${s}s`;
}

/**
 * Makes text from the socket safe for any terminal, and visible: control characters (C0 and DEL) in caret
 * notation as `cat -v` and `less` show them (ESC -> `^[`, BEL -> `^G`, DEL -> `^?`), so an escape sequence
 * prints as text instead of acting; everything else outside printable ASCII (C1 controls, which some
 * terminals obey too, and non-ASCII, which may be double width or missing from the font) as `?`, one per
 * code point. The result is printable ASCII, so sanitizing twice changes nothing.
 */
export function sanitize(text: string): string {
  return text.replace(/[^\x20-\x7e]/gu, (c) => {
    const code = c.charCodeAt(0);
    if (code < 0x20) return `^${String.fromCharCode(code + 64)}`;
    return code === 0x7f ? '^?' : '?';
  });
}

/** Keeps the head of a name and marks the cut with `~`: `very_long_serv~`. */
export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  if (text.length <= width) return text;
  return `${text.slice(0, width - 1)}~`;
}

/** A fitted number or duration: whole if it fits, else the overflow mark (cutting digits would lie). */
export function fitValue(text: string, width: number): string {
  if (width <= 0) return '';
  return text.length <= width ? text : overflow(width);
}

// `no check` is HAProxy's only two-word status; a transition is `<step>/<of>` after the word.
const STATUS_RE = /^(no check|\S+)( \d+\/\d+)?( .*)?$/;
/** How much of a parenthesised cause must survive a cut to be worth showing: `(via~`. */
const MIN_CAUSE_CHARS = 3;

/**
 * A status text shortened without ever cutting its word: `MAINT (via bk_x/srv9)` -> `MAINT (via~` ->
 * `MAINT`; a transition stays whole (`DOWN 1/2`) or goes with what follows it, never half of it.
 * Only a word longer than the whole width (an unknown status on a tiny column) is cut, marked with `~`.
 */
export function fitStatus(raw: string, width: number): string {
  if (width <= 0) return '';
  const text = sanitize(raw);
  if (text.length <= width) return text;
  const m = STATUS_RE.exec(text);
  if (m === null) return truncate(text, width);
  const word = m[1] ?? '';
  const base = word + (m[2] ?? '');
  const tail = m[3] ?? '';
  if (tail.startsWith(' (')) {
    // ` (` + kept cause characters + `~`
    const keep = width - base.length - 3;
    if (keep >= MIN_CAUSE_CHARS) return `${base} (${tail.slice(2, 2 + keep)}~`;
  }
  if (base.length <= width) return base;
  if (word.length <= width) return word;
  return truncate(word, width);
}

/**
 * A check status (`L7OK`, `* L4CON` while running). Keeps the word: drops the space of the running
 * marker, then the marker, before cutting anything.
 */
export function fitCheck(raw: string, width: number): string {
  if (width <= 0) return '';
  const text = sanitize(raw);
  if (text.length <= width) return text;
  if (text.startsWith('* ')) {
    const word = text.slice(2);
    if (word.length + 1 <= width) return `*${word}`;
    if (word.length <= width) return word;
    return truncate(word, width);
  }
  return truncate(text, width);
}
