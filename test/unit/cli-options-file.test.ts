// The config file as the option parser uses it: its instances and groups when -s/-t name none, its defaults
// under the command line, and its mistakes reported at their line.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfigText } from '../../src/config-file';
import { parseOptions, type ParseResult } from '../../src/options';
import type { Config } from '../../src/config';

const PATH = '/home/op/.config/hatop-ts/config.toml';

const FILE = `# three load balancers
update-interval = 3
mode = 2
group = "prod"

[instances.lb1]
socket = "/run/haproxy/admin.sock"

[instances.lb2]
tcp = "10.0.0.2:9999"

[instances.lb3]
socket = "/run/lb3/admin.sock"

[groups]
prod = ["lb1", "lb2"]
staging = ["lb3"]
`;

function parse(args: string[], text = FILE): ParseResult {
  return parseOptions(args, { configFile: { defaultPath: PATH, read: (path) => parseConfigText(text, path) } });
}

function config(args: string[], text = FILE): Config {
  const r = parse(args, text);
  if (r.kind !== 'run') assert.fail(`expected a run, got ${JSON.stringify(r)}`);
  return r.config;
}

function error(args: string[], text = FILE): string {
  const r = parse(args, text);
  if (r.kind !== 'exit' || r.code !== 1) assert.fail(`expected a usage error, got ${JSON.stringify(r)}`);
  return (r.stderr ?? '').split('\n')[0] ?? '';
}

const names = (c: Config): string[] => c.instances.map((i) => i.name);

describe('the config file in the option parser', () => {
  test("no -s/-t: the file's default group; --group picks another; without a group, every instance in file order", () => {
    assert.deepEqual(names(config([])), ['lb1', 'lb2']);
    assert.deepEqual(names(config(['--group', 'staging'])), ['lb3']);
    assert.deepEqual(names(config([], FILE.replace('group = "prod"\n', ''))), ['lb1', 'lb2', 'lb3']);
    assert.deepEqual(config([]).instances[1]?.address, { kind: 'tcp', host: '10.0.0.2', port: 9999 });
  });

  test('-s/-t on the command line win over the instances of the file; with --group they are refused', () => {
    assert.deepEqual(names(config(['-s', 'x=/tmp/x.sock'])), ['x']);
    assert.match(error(['-s', '/tmp/x.sock', '--group', 'prod']), /-s\/-t or --group, not both/);
  });

  test('the defaults apply under the command line', () => {
    assert.equal(config([]).intervalSec, 3);
    assert.equal(config([]).mode, 2);
    assert.equal(config(['-i', '1', '-m', '3']).intervalSec, 1);
    assert.equal(config(['-i', '1', '-m', '3']).mode, 3);
  });

  test('a value the options refuse is reported at its line in the file, as a usage error', () => {
    assert.equal(error([], FILE.replace('update-interval = 3', 'update-interval = 9000')), `hatop-ts: ${PATH}:2: update-interval: update-interval must be in 0.5..300 seconds, not 9000`);
    assert.match(error([], FILE.replace('tcp = "10.0.0.2:9999"', 'tcp = "10.0.0.2"')), new RegExp(`^hatop-ts: ${PATH}:10: instance "lb2": .*missing port`));
    assert.match(error([], FILE.replace('mode = 2', 'mode = [2]')), new RegExp(`^hatop-ts: ${PATH}:3: `));
  });

  test('no-mouse = true turns the mouse off (--no-mouse cannot be undone from the command line, as -n cannot)', () => {
    assert.equal(config([]).mouse, true);
    assert.equal(config([], `no-mouse = true\n${FILE}`).mouse, false);
    assert.equal(config([], `no-mouse = false\n${FILE}`).mouse, true);
    assert.equal(config(['--no-mouse'], `no-mouse = false\n${FILE}`).mouse, false);
    assert.equal(error([], `no-mouse = "yes"\n${FILE}`), `hatop-ts: ${PATH}:1: "no-mouse" must be true or false, not a string`);
    assert.equal(error([], `mouse = false\n${FILE}`), `hatop-ts: ${PATH}:1: unknown key "mouse" (did you mean "no-mouse"?)`);
  });

  test('an unknown group is named with the groups there are', () => {
    assert.match(error(['--group', 'qa']), /no group "qa" in .*config\.toml \(groups: prod, staging\)/);
  });

  test('--check-only defaults (verbose, crit, warn) do not break a run without --check', () => {
    const c = parse([], `verbose = true\ncrit = "down,maint"\n${FILE}`);
    assert.equal(c.kind, 'run');
  });

  test('no file: -s/-t are needed, and --group says there is no file', () => {
    const none = { configFile: { defaultPath: PATH, read: () => undefined } };
    const r = parseOptions([], none);
    assert.ok(r.kind === 'exit' && /no HAProxy socket given/.test(r.stderr ?? ''));
    const g = parseOptions(['--group', 'prod'], none);
    assert.ok(g.kind === 'exit' && /--group prod: there is no config file/.test(g.stderr ?? ''), JSON.stringify(g));
  });
});
