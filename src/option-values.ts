// Option values checked one by one: shared by the command line and the config file's defaults. Pure.
import { parseStateList, type StateMatch } from './check-rules';
import type { ModeNumber } from './config';
import { isModeNumber, MODES } from './views';
import { parseFilter } from './filter';
import type { SortSpec } from './view/sort';

/** Thrown by the checks below; turned into the one-line usage error. */
export class UsageError extends Error {}

/** Limits, shared by the checks and the help text so that they cannot disagree. */
export const LIMITS = {
  interval: { min: 0.5, max: 300, default: 2 },
  timeout: { min: 0.1, max: 300, default: 5 },
  drainTimeout: { min: 1, max: 86400, default: 300 },
  certWarnDays: { min: 0, max: 3650, default: 14 },
  width: { min: 40, max: 1000, default: 120 },
} as const;

/** Every --crit (or --warn) given, merged; the default when none is. */
export function stateList(opts: Record<string, unknown>, key: 'crit' | 'warn', fallback: string): StateMatch[] {
  const given = stringList(opts, key);
  return (given.length === 0 ? [fallback] : given).flatMap((text) => parseStateList(text, `--${key}`));
}

/** One option's own check, for a value that came from the config file (see withConfigFile). */
export function checkOption(prop: string, opts: Record<string, unknown>): void {
  switch (prop) {
    case 'updateInterval':
      decimalInRange(opts, prop, 'update-interval', LIMITS.interval);
      break;
    case 'timeout':
      decimalInRange(opts, prop, 'timeout', LIMITS.timeout);
      break;
    case 'drainTimeout':
      decimalInRange(opts, prop, 'drain-timeout', LIMITS.drainTimeout);
      break;
    case 'certWarnDays':
      decimalInRange(opts, prop, 'cert-warn-days', LIMITS.certWarnDays, 'days');
      break;
    case 'mode':
      parseMode(optionalString(opts, prop));
      break;
    case 'width': {
      const text = optionalString(opts, prop);
      if (text !== undefined) parseWidth(text);
      break;
    }
    case 'filter':
      stringList(opts, prop).forEach((f) => parseFilter(f));
      break;
    case 'proxy':
      stringList(opts, prop).forEach(parseProxyName);
      break;
    case 'crit':
    case 'warn':
      stateList(opts, prop, '');
      break;
    case 'auditLog':
      auditLogPath(opts, 'audit-log');
      break;
    case 'sort': {
      const text = optionalString(opts, prop);
      if (text !== undefined) parseSort(text);
      break;
    }
  }
}

/** The audit log's path as given, if given; an empty one is a mistake, not "no log" (that is --no-audit-log). */
export function auditLogPath(opts: Record<string, unknown>, flag: string): string | undefined {
  const text = optionalString(opts, 'auditLog');
  if (text !== undefined && text.trim() === '') throw new UsageError(`${flag} needs a file path (to keep no audit log, use --no-audit-log)`);
  return text;
}

export function optionalString(opts: Record<string, unknown>, key: string): string | undefined {
  const value = opts[key];
  return typeof value === 'string' ? value : undefined;
}

export function stringList(opts: Record<string, unknown>, key: string): string[] {
  const value = opts[key];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function decimalInRange(
  opts: Record<string, unknown>,
  key: string,
  flag: string,
  limits: { readonly min: number; readonly max: number; readonly default: number },
  unit = 'seconds',
): number {
  const text = optionalString(opts, key);
  if (text === undefined) return limits.default;
  const range = `${limits.min}..${limits.max}`;
  // Plain decimals only: "1e1", "0x10", "2s" and " " are mistakes, not numbers.
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(text.trim())) {
    throw new UsageError(`${flag} must be a number of ${unit} in ${range}, not "${text}"`);
  }
  const value = Number(text);
  if (value < limits.min || value > limits.max) {
    throw new UsageError(`${flag} must be in ${range} ${unit}, not ${text}`);
  }
  return value;
}

/** -m: a view's number, as the registry has them (1-9, 0). */
export function parseMode(text: string | undefined): ModeNumber {
  if (text === undefined) return 1;
  const n = Number(text.trim());
  if (/^\d$/.test(text.trim()) && isModeNumber(n)) return n;
  throw new UsageError(`-m/--mode must be a view's number, ${MODES.join(', ')}, not "${text}"`);
}

export function parseWidth(text: string): number {
  const { min, max } = LIMITS.width;
  if (!/^\d+$/.test(text.trim())) throw new UsageError(`--width must be a whole number of columns, not "${text}"`);
  const value = Number(text);
  if (value < min || value > max) throw new UsageError(`--width must be in ${min}..${max}, not ${text}`);
  return value;
}

/** The detected terminal width is a hint: keep it inside the range --width accepts. */
export function clampWidth(detected: number | undefined): number {
  const { min, max } = LIMITS.width;
  if (detected === undefined || !Number.isFinite(detected) || detected <= 0) return LIMITS.width.default;
  return Math.min(max, Math.max(min, Math.floor(detected)));
}

export function parseProxyName(text: string): string {
  const name = text.trim();
  if (name === '') throw new UsageError('-p/--proxy needs a proxy name');
  return name;
}

/** `--sort COLUMN[:asc|:desc]`: a header of any table view, in any case; without an order, the column's first one. */
export function parseSort(text: string): SortSpec {
  const match = /^\s*([^:\s]+)\s*(?::\s*(\w*)\s*)?$/.exec(text);
  const order = match?.[2]?.toLowerCase();
  if (match === null || (order !== undefined && order !== 'asc' && order !== 'desc')) {
    throw new UsageError(`--sort must be COLUMN, COLUMN:asc or COLUMN:desc, not "${text}"`);
  }
  // Loaded only when asked for: --version and --help start without the view.
  const { columnNamed, firstOrder, SORT_HEADERS } = require('./view/sort') as typeof import('./view/sort');
  const name = match[1] ?? '';
  const column = ([1, 2, 3, 4] as const).map((mode) => columnNamed(mode, name)).find((c) => c !== undefined);
  if (column === undefined) throw new UsageError(`--sort: no column "${name}"; the columns are ${SORT_HEADERS.join(' ')}`);
  return { header: column.header, order: order ?? firstOrder(column.sort) };
}
