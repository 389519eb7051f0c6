// The program's version, read from package.json at run time so that it can never drift from the package.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

function readVersion(): string {
  // Compiled to dist/src/version.js: the package root is two levels up.
  const file = join(__dirname, '..', '..', 'package.json');
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (typeof parsed === 'object' && parsed !== null && 'version' in parsed) {
      const version = (parsed as { version: unknown }).version;
      if (typeof version === 'string' && version !== '') return version;
    }
  } catch {
    // A broken or missing package.json must not stop the program: the version is informative only.
  }
  return 'unknown';
}

export const VERSION: string = readVersion();
