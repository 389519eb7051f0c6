// Small pieces the runtime views share: columns, refusals, and what a capped read says. Pure.
import { viewRefusal } from '../runtime/view-refusal';
import type { ReadResult, RuntimeColumn, RuntimeTable } from './types';

export const col = (header: string, min: number, ideal: number, align: 'left' | 'right' = 'left', sort: 'number' | 'text' = align === 'right' ? 'number' : 'text', grow = false): RuntimeColumn =>
  grow ? { header, min, ideal, align, sort, grow } : { header, min, ideal, align, sort };

/** A column of file paths: cut from the head, so the file's name stays. */
export const pathCol = (header: string, min: number, ideal: number, grow = false): RuntimeColumn => ({ ...col(header, min, ideal, 'left', 'text', grow), keepEnd: true });

/** A table that says, in one line, why HAProxy shows nothing here. */
export function refused(title: string, refusal: string, columns: readonly RuntimeColumn[] = []): RuntimeTable {
  return { title, columns, rows: [], refusal };
}

/** HAProxy's refusal of `command` as one sentence, or undefined when the reply is data. */
export function refusalOf(command: string, result: ReadResult): string | undefined {
  return viewRefusal(command, result.text === '' ? result.first : result.text);
}

/** "showing the first 2000 of 12345 sessions" when a read was capped. */
export function partNote(shown: number, result: ReadResult, what: string, hint: string): string | undefined {
  if (result.cut === true) return `Showing the first ${shown} ${what}, the rest not read: ${hint}.`;
  if (result.dropped === 0) return undefined;
  return `Showing the first ${shown} of ${shown + result.dropped} ${what}: ${hint}.`;
}

/** A number of seconds as `45s`, `12m`, `3h`, `2d`. */
export function shortDuration(sec: number | undefined): string {
  if (sec === undefined || !Number.isFinite(sec)) return '-';
  if (sec < 60) return `${Math.round(sec)}s`;
  if (sec < 3600) return `${Math.floor(sec / 60)}m`;
  if (sec < 86400) return `${Math.floor(sec / 3600)}h`;
  return `${Math.floor(sec / 86400)}d`;
}
