// Recorded HAProxy replies live in the source tree (test/fixtures), not in dist/: resolve from here.

import { readFileSync } from 'node:fs';
import path from 'node:path';

/** test/fixtures/ in the source tree, from dist/test/support/ (compiled) or test/support/ (source). */
export const FIXTURES_DIR = path.resolve(
  __dirname,
  path.basename(path.resolve(__dirname, '../..')) === 'dist' ? '../../../test/fixtures' : '../fixtures',
);

export function fixturePath(name: string): string {
  return path.join(FIXTURES_DIR, name);
}

/** A fixture's text, as recorded (UTF-8). */
export function readFixture(name: string): string {
  return readFileSync(fixturePath(name), 'utf8');
}

/** One reply of a fixture that records several, each after a `### <header>` line (refusals-2.6.txt). */
export function readFixtureSection(name: string, header: string): string {
  const block = readFixture(name)
    .split(/^### /m)
    .find((b) => b.startsWith(`${header}\n`));
  if (block === undefined) throw new Error(`${name} has no "### ${header}" section`);
  return block.slice(header.length + 1);
}
