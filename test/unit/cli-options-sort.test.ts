// --sort on the command line and `sort` in the config file: a column as its header shows it, in any case, with an
// optional order; anything else is a one-line usage error that lists the columns.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfigText } from '../../src/config-file';
import { parseOptions, type ParseResult } from '../../src/options';
import { SORT_HEADERS } from '../../src/view/sort';

const SOCK = ['-s', '/run/haproxy/admin.sock'];
const PATH = '/home/op/.config/hatop-ts/config.toml';

function parse(args: string[], file?: string): ParseResult {
  return parseOptions(args, file === undefined ? {} : { configFile: { defaultPath: PATH, read: (path) => parseConfigText(file, path) } });
}

function sortOf(args: string[], file?: string): unknown {
  const r = parse([...SOCK, ...args], file);
  if (r.kind !== 'run') assert.fail(`expected a run, got ${JSON.stringify(r)}`);
  return r.config.sort;
}

/** The one line of a usage error (exit 1). */
function error(args: string[], file?: string): string {
  const r = parse([...SOCK, ...args], file);
  if (r.kind !== 'exit' || r.code !== 1) assert.fail(`expected a usage error, got ${JSON.stringify(r)}`);
  const lines = (r.stderr ?? '').trimEnd().split('\n');
  assert.equal(lines.length, 2, r.stderr);
  return (lines[0] ?? '').replace(/^hatop-ts: /, '');
}

describe('--sort', () => {
  test('a header of any view, in any case; the order given, else the column\'s first (numbers and STATUS down, text up)', () => {
    assert.equal(sortOf([]), undefined, "none: HAProxy's order");
    assert.deepEqual(sortOf(['--sort', 'scur:desc']), { header: 'SCUR', order: 'desc' });
    assert.deepEqual(sortOf(['--sort', 'SCUR:ASC']), { header: 'SCUR', order: 'asc' });
    assert.deepEqual(sortOf(['--sort', 'NAME']), { header: 'NAME', order: 'asc' });
    assert.deepEqual(sortOf(['--sort', 'scur']), { header: 'SCUR', order: 'desc' });
    assert.deepEqual(sortOf(['--sort', 'status']), { header: 'STATUS', order: 'desc' });
    assert.deepEqual(sortOf(['--sort', '5XX:asc']), { header: '5xx', order: 'asc' });
    assert.deepEqual(sortOf(['--sort', 'bout']), { header: 'BOUT', order: 'desc' }, 'a column of another view than the start one');
    assert.deepEqual(sortOf(['--sort=w:asc']), { header: 'W', order: 'asc' });
  });

  test('an unknown column is a usage error listing the columns; so is an unknown order', () => {
    const unknown = error(['--sort', 'sessions']);
    assert.match(unknown, /^--sort: no column "sessions"; the columns are NAME W STATUS CHECK /);
    for (const header of SORT_HEADERS) assert.ok(unknown.includes(` ${header}`), header);
    assert.match(error(['--sort', 'scur:up']), /^--sort must be COLUMN, COLUMN:asc or COLUMN:desc, not "scur:up"$/);
    assert.match(error(['--sort', '']), /^--sort must be COLUMN/);
    assert.match(error(['--sort', 'scur:desc:asc']), /^--sort must be COLUMN/);
  });

  test('--help lists it', () => {
    const r = parseOptions(['--help']);
    assert.ok(r.kind === 'exit' && /--sort <column\[:asc\|:desc\]>/.test(r.stdout ?? ''), 'in --help');
  });
});

describe('sort in the config file', () => {
  test('a default under the command line', () => {
    assert.deepEqual(sortOf([], 'sort = "scur:desc"\n'), { header: 'SCUR', order: 'desc' });
    assert.deepEqual(sortOf(['--sort', 'name'], 'sort = "scur:desc"\n'), { header: 'NAME', order: 'asc' }, 'the command line wins');
  });

  test('a bad value is reported at its line, with the key', () => {
    assert.match(error([], 'mode = 1\nsort = "bogus"\n'), /config\.toml:2: sort: --sort: no column "bogus"/);
    assert.match(error([], 'sort = 3\n'), /config\.toml:1: .*sort/);
  });
});
