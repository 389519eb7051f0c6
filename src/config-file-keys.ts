// The keys the config file accepts, what each holds, and "did you mean" for the ones it does not.

/** How a top-level key's value is read: `value` as a valued option, `flag` a switch, `list` repeatable. */
export type KeyKind = 'value' | 'string' | 'flag' | 'list';

export interface OptionKey {
  /** The name in the file: the long option's name. */
  readonly key: string;
  /** The name in commander's opts(). */
  readonly prop: string;
  readonly kind: KeyKind;
}

/**
 * Every option that makes sense as a default. Numbers (`value`) may be written bare or quoted; they are handed
 * on as text so that the option parser checks them as it checks the command line.
 */
export const OPTION_KEYS: readonly OptionKey[] = [
  { key: 'update-interval', prop: 'updateInterval', kind: 'value' },
  { key: 'mode', prop: 'mode', kind: 'value' },
  { key: 'read-only', prop: 'readOnly', kind: 'flag' },
  // Not `mouse`: commander gives --no-mouse's `mouse` a default, which would always hide the file's.
  { key: 'no-mouse', prop: 'noMouse', kind: 'flag' },
  { key: 'timeout', prop: 'timeout', kind: 'value' },
  { key: 'drain-timeout', prop: 'drainTimeout', kind: 'value' },
  { key: 'cert-warn-days', prop: 'certWarnDays', kind: 'value' },
  { key: 'filter', prop: 'filter', kind: 'list' },
  { key: 'proxy', prop: 'proxy', kind: 'list' },
  { key: 'width', prop: 'width', kind: 'value' },
  { key: 'sort', prop: 'sort', kind: 'string' },
  { key: 'ssh-command', prop: 'sshCommand', kind: 'string' },
  { key: 'warn', prop: 'warn', kind: 'list' },
  { key: 'crit', prop: 'crit', kind: 'list' },
  { key: 'verbose', prop: 'verbose', kind: 'flag' },
  { key: 'group', prop: 'group', kind: 'string' },
  { key: 'audit-log', prop: 'auditLog', kind: 'string' },
  { key: 'no-audit-log', prop: 'noAuditLog', kind: 'flag' },
];

/** The tables beside the options. */
export const TABLE_KEYS = ['instances', 'groups'] as const;

export const INSTANCE_KEYS = ['socket', 'tcp'] as const;

/** Options that exist but are no default: why, as the end of the sentence `"<key>" cannot be set here: ...`. */
export const REFUSED_KEYS: ReadonlyMap<string, string> = new Map([
  ...['once', 'json', 'check', 'help', 'version', 'config'].map(
    (key): [string, string] => [key, `it is a choice for one run, give --${key} on the command line`],
  ),
  ['unix-socket', 'declare each HAProxy as [instances.NAME] with socket = "PATH"'],
  ['tcp-socket', 'declare each HAProxy as [instances.NAME] with tcp = "HOST:PORT"'],
]);

/** Short option letters and other likely spellings, which a fuzzy match would not find. */
const TOP_ALIASES: ReadonlyMap<string, string> = new Map([
  ['i', 'update-interval'],
  ['interval', 'update-interval'],
  ['m', 'mode'],
  ['n', 'read-only'],
  ['f', 'filter'],
  ['p', 'proxy'],
  ['v', 'verbose'],
  ['warning', 'warn'],
  ['critical', 'crit'],
  ['ssh', 'ssh-command'],
  ['audit', 'audit-log'],
  ['instance', 'instances'],
  ['s', 'unix-socket'],
  ['socket', 'unix-socket'],
  ['t', 'tcp-socket'],
  ['tcp', 'tcp-socket'],
]);

const INSTANCE_ALIASES: ReadonlyMap<string, string> = new Map([
  ['s', 'socket'],
  ['unix-socket', 'socket'],
  ['unix', 'socket'],
  ['path', 'socket'],
  ['t', 'tcp'],
  ['tcp-socket', 'tcp'],
  ['address', 'tcp'],
]);

/** The top-level key `word` was probably meant to be, if any. */
export function suggestTopKey(word: string): string | undefined {
  // The one-shot options are left out: "did you mean --once?" would only lead to the next refusal.
  return suggest(word, [...OPTION_KEYS.map((o) => o.key), ...TABLE_KEYS, 'unix-socket', 'tcp-socket'], TOP_ALIASES);
}

/** The key of an [instances.NAME] table `word` was probably meant to be, if any. */
export function suggestInstanceKey(word: string): string | undefined {
  return suggest(word, INSTANCE_KEYS, INSTANCE_ALIASES);
}

/**
 * The closest candidate: by alias, by spelling with case, "-" and "_" ignored (readOnly, read_only), then by
 * edit distance to the candidate or to one of its words ("intervall" -> update-interval).
 */
function suggest(word: string, candidates: readonly string[], aliases: ReadonlyMap<string, string>): string | undefined {
  const norm = (s: string): string => s.toLowerCase().replace(/[-_\s]/g, '');
  const lower = word.toLowerCase();
  const alias = aliases.get(lower) ?? aliases.get(lower.replace(/_/g, '-'));
  if (alias !== undefined) return alias;
  // Plurals too: proxies, filters.
  const words = [norm(word), norm(word).replace(/ies$/, 'y'), norm(word).replace(/s$/, '')];
  const exact = candidates.find((c) => words.includes(norm(c)));
  if (exact !== undefined) return exact;
  // One typo in a short word, two in a longer one; a single letter is a guess too far.
  const allowed = word.length <= 2 ? 0 : word.length <= 5 ? 1 : 2;
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const forms = [norm(candidate), ...candidate.split('-').filter((w) => w.length > 2)];
    const distance = Math.min(...forms.flatMap((form) => words.map((w) => editDistance(w, form))));
    if (distance <= allowed && (best === undefined || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
export function editDistance(a: string, b: string): number {
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, (before[j - 2] ?? 0) + 1);
      current.push(d);
    }
    before = previous;
    previous = current;
  }
  return previous[b.length] ?? 0;
}
