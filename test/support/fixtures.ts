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
