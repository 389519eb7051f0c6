// `-f "<iid> <type> <sid>"`: the filters of `show stat`, checked as HAProxy would take them. Pure.
import type { StatFilter } from './config';

/** Thrown for a filter the user got wrong; the message is the one-line usage error. */
export class FilterError extends Error {}

/** The largest proxy or server id HAProxy gives (a signed 32-bit integer). */
const MAX_ID = 2 ** 31 - 1;

/** `"<iid> <type> <sid>"`: three integers, as HAProxy's `show stat` takes them. */
export function parseFilter(text: string): StatFilter {
  const words = text.trim().split(/\s+/);
  const bad = (why: string): FilterError =>
    new FilterError(`bad filter "${text}": ${why}; expected "<iid> <type> <sid>", like "4 -1 -1"`);
  if (words.length !== 3 || !words.every((w) => /^-?\d+$/.test(w))) throw bad('not three integers');
  const [iid, type, sid] = words.map(Number) as [number, number, number];
  // HAProxy's ids are 32-bit integers: a bigger one can match nothing, and would silently show nothing.
  if (words.some((w) => !Number.isSafeInteger(Number(w)) || Math.abs(Number(w)) > MAX_ID)) throw bad(`ids are at most ${MAX_ID}`);
  if (iid !== -1 && iid < 1) throw bad('iid must be a proxy id (1 or more) or -1');
  if (type !== -1 && (type < 1 || type > 15)) throw bad('type must be a bitmask 1..15 or -1');
  if (sid !== -1 && sid < 0) throw bad('sid must be a server id (0 or more) or -1');
  return { iid, type, sid };
}

/** Identical filters would poll the same rows twice; different ones on one proxy are all kept. */
export function dedupeFilters(filters: readonly StatFilter[]): StatFilter[] {
  const seen = new Set<string>();
  const kept: StatFilter[] = [];
  for (const f of filters) {
    const key = `${f.iid} ${f.type} ${f.sid}`;
    if (seen.has(key)) continue;
    seen.add(key);
    kept.push(f);
  }
  return kept;
}
