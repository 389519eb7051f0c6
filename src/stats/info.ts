// `show info` -> ordered name/value map. Lines are `Name: value`; names may hold spaces (`Build info`,
// `Unstoppable Jobs`) and values may hold `: `, so only the first `": "` splits. Positions and the set of
// fields change between versions: nothing here is required.

import type { Info } from './types';

/** Parse a `show info` reply. Lines without `": "` are ignored; a repeated name keeps its first value. */
export function parseShowInfo(text: string): Info {
  const info = new Map<string, string>();
  for (const rawLine of text.split('\n')) {
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    const sep = line.indexOf(': ');
    if (sep <= 0) continue;
    const name = line.slice(0, sep);
    if (!info.has(name)) info.set(name, line.slice(sep + 2));
  }
  return info;
}
