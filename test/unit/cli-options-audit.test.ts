// --audit-log and --no-audit-log: the default file from XDG_STATE_HOME or the home directory, the two options
// refused together, and the config file's audit-log / no-audit-log under the command line.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfigText } from '../../src/config-file';
import { parseOptions, type ParseContext, type ParseResult } from '../../src/options';

const SOCK = ['-s', '/run/haproxy/admin.sock'];
const HOME = '/home/op';
const FILE_PATH = '/home/op/.config/hatop-ts/config.toml';

function parse(args: string[], context: ParseContext = {}): ParseResult {
  return parseOptions([...SOCK, ...args], { home: HOME, ...context });
}

function auditOf(args: string[], context: ParseContext = {}): string | undefined {
  const r = parse(args, context);
  if (r.kind !== 'run') assert.fail(`expected a run, got ${JSON.stringify(r)}`);
  return r.config.audit?.path;
}

function usage(args: string[], context: ParseContext = {}): string {
  const r = parse(args, context);
  if (r.kind !== 'exit' || r.code !== 1) assert.fail(`expected a usage error, got ${JSON.stringify(r)}`);
  return (r.stderr ?? '').split('\n')[0] ?? '';
}

/** A context whose config file has `text`. */
const withFile = (text: string): ParseContext => ({ configFile: { defaultPath: FILE_PATH, read: (p) => parseConfigText(text, p) } });

describe('the default audit log', () => {
  test('~/.local/state/hatop-ts/audit.jsonl when XDG_STATE_HOME is unset, empty or relative', () => {
    for (const env of [{}, { XDG_STATE_HOME: '' }, { XDG_STATE_HOME: 'state' }]) {
      assert.equal(auditOf([], { env }), '/home/op/.local/state/hatop-ts/audit.jsonl', JSON.stringify(env));
    }
  });

  test('$XDG_STATE_HOME/hatop-ts/audit.jsonl when it is absolute', () => {
    assert.equal(auditOf([], { env: { XDG_STATE_HOME: '/var/lib/ops/state' } }), '/var/lib/ops/state/hatop-ts/audit.jsonl');
  });

  test('the same whatever the run: read-only, --once, --check (they send nothing, so write nothing)', () => {
    for (const args of [['-n'], ['--once'], ['--check']]) assert.equal(auditOf(args), '/home/op/.local/state/hatop-ts/audit.jsonl', args.join(' '));
  });
});

describe('--audit-log and --no-audit-log', () => {
  test('--audit-log PATH replaces the default; --no-audit-log keeps none', () => {
    assert.equal(auditOf(['--audit-log', '/var/log/hatop/audit.jsonl']), '/var/log/hatop/audit.jsonl');
    assert.equal(auditOf(['--audit-log=rel/audit.jsonl']), 'rel/audit.jsonl');
    assert.equal(auditOf(['--no-audit-log']), undefined);
  });

  test('both together are a usage error, in either order', () => {
    const message = '--audit-log and --no-audit-log cannot be used together';
    assert.equal(usage(['--audit-log', '/tmp/a', '--no-audit-log']), `hatop-ts: ${message}`);
    assert.equal(usage(['--no-audit-log', '--audit-log', '/tmp/a']), `hatop-ts: ${message}`);
  });

  test('an empty path is a usage error that points to --no-audit-log', () => {
    assert.match(usage(['--audit-log', '']), /--audit-log needs a file path \(to keep no audit log, use --no-audit-log\)/);
  });

  test('under --check a usage error is UNKNOWN on stdout, as every other', () => {
    const r = parse(['--check', '--audit-log', '/a', '--no-audit-log']);
    assert.ok(r.kind === 'exit' && r.code === 3 && /^UNKNOWN: --audit-log and --no-audit-log/.test(r.stdout ?? ''), JSON.stringify(r));
  });

  test('--help lists both', () => {
    const r = parseOptions(['--help']);
    const text = r.kind === 'exit' ? (r.stdout ?? '') : '';
    assert.match(text, /--audit-log <path> +append every command that can change/);
    assert.match(text, /--no-audit-log +keep no audit log/);
  });
});

describe('the config file: audit-log and no-audit-log', () => {
  test('audit-log = "PATH" and no-audit-log = true are defaults; false is the default log', () => {
    assert.equal(auditOf([], withFile('audit-log = "/srv/audit/hatop.jsonl"\n')), '/srv/audit/hatop.jsonl');
    assert.equal(auditOf([], withFile('no-audit-log = true\n')), undefined);
    assert.equal(auditOf([], withFile('no-audit-log = false\n')), '/home/op/.local/state/hatop-ts/audit.jsonl');
  });

  test('either option on the command line replaces the file\'s choice, whichever it was', () => {
    assert.equal(auditOf(['--audit-log', '/tmp/cli.jsonl'], withFile('no-audit-log = true\n')), '/tmp/cli.jsonl');
    assert.equal(auditOf(['--no-audit-log'], withFile('audit-log = "/srv/a.jsonl"\n')), undefined);
    assert.equal(auditOf(['--audit-log', '/tmp/cli.jsonl'], withFile('audit-log = "/srv/a.jsonl"\n')), '/tmp/cli.jsonl');
  });

  test('the file setting both, an empty path, or a wrong type: an error at its line', () => {
    assert.equal(
      usage([], withFile('audit-log = "/srv/a.jsonl"\nno-audit-log = true\n')),
      `hatop-ts: ${FILE_PATH}:2: "audit-log" and "no-audit-log" cannot both be set`,
    );
    assert.equal(auditOf([], withFile('audit-log = "/srv/a.jsonl"\nno-audit-log = false\n')), '/srv/a.jsonl');
    assert.match(usage([], withFile('update-interval = 2\naudit-log = ""\n')), new RegExp(`^hatop-ts: ${FILE_PATH}:2: audit-log: audit-log needs a file path`));
    assert.match(usage([], withFile('no-audit-log = "yes"\n')), new RegExp(`^hatop-ts: ${FILE_PATH}:1: "no-audit-log" must be true or false, not a string`));
    assert.match(usage([], withFile('audit = "/a"\n')), /unknown key "audit" \(did you mean "audit-log"\?\)/);
  });
});
