import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  ConfigFileError,
  defaultConfigPath,
  parseConfigText,
  readConfigFile,
  type FileConfig,
} from '../../src/config-file';

const ROOT = path.join(__dirname, '../../..');
const FILE = '/home/x/.config/hatop-ts/config.toml';

const parse = (text: string): FileConfig => parseConfigText(text, FILE);

/** The one-line message parsing `text` fails with; it must be a ConfigFileError at `line`. */
function failure(text: string, line: number): string {
  try {
    parse(text);
  } catch (err) {
    assert.ok(err instanceof ConfigFileError, `a ConfigFileError, got ${String(err)}`);
    assert.equal(err.line, line, err.message);
    assert.equal(err.file, FILE);
    assert.doesNotMatch(err.message, /\n/);
    assert.ok(err.message.startsWith(`${FILE}:${line}: `), err.message);
    return err.message.slice(`${FILE}:${line}: `.length);
  }
  assert.fail(`no error for ${JSON.stringify(text)}`);
}

const lines = (...l: string[]): string => l.join('\n') + '\n';

const FLEET = lines(
  '[instances.lb1]', // 1
  'socket = "/run/haproxy/admin.sock"',
  '[instances.lb2]',
  'tcp = "10.0.0.2:9999"',
  '[instances.lb3]', // 5
  'socket = "ssh://ops@lb3.example.com/run/haproxy/admin.sock"',
);

describe('a valid file', () => {
  const text = lines(
    '# every option that may be a default', // 1
    'update-interval = 2.5',
    'mode = 3',
    'read-only = true',
    'timeout = 10', // 5
    'filter = ["-1 4 -1", "1 2 -1"]',
    'proxy = "bk_app"',
    'width = 200',
    "ssh-command = 'ssh -J bastion'",
    'warn = "maint"', // 10
    'crit = ["down", "backend:down"]',
    'verbose = false',
    'group = "prod"',
    '',
    '[instances.lb1]', // 15
    'socket = "/run/haproxy/admin.sock"',
    '',
    '[instances.lb2]',
    '# a comment first',
    'tcp = "10.0.0.2:9999"', // 20
    '[instances.lb3]',
    'socket = "ssh://ops@lb3.example.com/run/haproxy/admin.sock"',
    '',
    '[groups]',
    'prod = ["lb1", "lb2"]', // 25
    'staging = "lb3"',
    'all = ["lb3", "lb1", "lb2"]',
  );
  const config = parse(text);

  test('defaults: commander camelCase keys, numbers as their decimal text, flags, lists', () => {
    assert.deepEqual(config.defaults, {
      updateInterval: '2.5',
      mode: '3',
      readOnly: true,
      timeout: '10',
      filter: ['-1 4 -1', '1 2 -1'],
      proxy: ['bk_app'],
      width: '200',
      sshCommand: 'ssh -J bastion',
      warn: ['maint'],
      crit: ['down', 'backend:down'],
      verbose: false,
      group: 'prod',
    });
  });

  test('the line of every default', () => {
    assert.deepEqual(
      [...config.lines],
      [['updateInterval', 2], ['mode', 3], ['readOnly', 4], ['timeout', 5], ['filter', 6], ['proxy', 7], ['width', 8],
        ['sshCommand', 9], ['warn', 10], ['crit', 11], ['verbose', 12], ['group', 13]],
    );
  });

  test('instances in file order, as -s/-t values, with the line of their socket or tcp', () => {
    assert.equal(config.path, FILE);
    assert.deepEqual(config.instances, [
      { name: 'lb1', flag: '-s', value: '/run/haproxy/admin.sock', line: 16 },
      { name: 'lb2', flag: '-t', value: '10.0.0.2:9999', line: 20 },
      { name: 'lb3', flag: '-s', value: 'ssh://ops@lb3.example.com/run/haproxy/admin.sock', line: 22 },
    ]);
  });

  test('groups in file order, members as listed; one string is a group of one', () => {
    assert.deepEqual([...config.groups], [['prod', ['lb1', 'lb2']], ['staging', ['lb3']], ['all', ['lb3', 'lb1', 'lb2']]]);
  });

  test('an empty file: nothing declared, no defaults', () => {
    const empty = parse('');
    assert.deepEqual([empty.instances, [...empty.groups], empty.defaults, [...empty.lines]], [[], [], {}, []]);
  });

  test('quoted and bare numbers alike become text; the option parser checks them', () => {
    const c = parse(lines('update-interval = "0.5"', 'mode = 2', 'timeout = 0.25', 'width = 0x50'));
    assert.deepEqual(c.defaults, { updateInterval: '0.5', mode: '2', timeout: '0.25', width: '80' });
  });

  test('repeatable options: one string or an array, an empty array is none', () => {
    const c = parse(lines('proxy = []', 'filter = "-1 4 -1"', 'warn = ["maint", "drain"]', 'crit = "down"'));
    assert.deepEqual(c.defaults, { proxy: [], filter: ['-1 4 -1'], warn: ['maint', 'drain'], crit: ['down'] });
  });

  test('instance names that look like numbers keep their file order', () => {
    const c = parse(lines('[instances.b]', 'tcp = "h:1"', '[instances.10]', 'tcp = "h:2"', '[instances.2]', 'tcp = "h:3"'));
    assert.deepEqual(c.instances.map((i) => i.name), ['b', '10', '2']);
  });

  test('the shipped example parses: three instances, groups prod and staging', () => {
    const example = readConfigFile(path.join(ROOT, 'docs/config.example.toml'), true);
    assert.deepEqual(example?.instances.map((i) => `${i.name} ${i.flag} ${i.value}`), [
      'lb1 -s /run/haproxy/admin.sock',
      'lb2 -t 10.0.0.2:9999',
      'lb3 -s ssh://ops@lb3.example.com/run/haproxy/admin.sock',
    ]);
    assert.deepEqual([...(example?.groups ?? [])], [['prod', ['lb1', 'lb2']], ['staging', ['lb3']]]);
    assert.deepEqual(example?.defaults, { group: 'prod' });
  });
});

describe('line ends', () => {
  test('CRLF line ends and a byte order mark', () => {
    const c = parse('\uFEFFmode = 2\r\n\r\n[instances.lb1]\r\ntcp = "h:1"\r\n');
    assert.deepEqual([c.defaults, [...c.lines], c.instances[0]?.line], [{ mode: '2' }, [['mode', 1]], 4]);
  });
});

describe('errors: one line, <path>:<line>: <what>', () => {
  test('TOML syntax, with the line and column smol-toml found', () => {
    assert.equal(failure(lines('mode = 1', 'update-interval = '), 2), 'invalid TOML at column 19: invalid value');
    assert.match(failure(lines('mode = 1', '', 'mode = 2'), 3), /^invalid TOML at column 1: .*redefine/);
    assert.match(failure(lines('[instances.a]', 'tcp = "h:1"', '[instances.a]'), 3), /^invalid TOML at column \d+: /);
  });

  test('unknown keys, with a suggestion when one is close', () => {
    assert.equal(failure(lines('mode = 1', 'intervall = 2'), 2), 'unknown key "intervall" (did you mean "update-interval"?)');
    assert.equal(failure(lines('readOnly = true'), 1), 'unknown key "readOnly" (did you mean "read-only"?)');
    assert.equal(failure(lines('', 'proxies = ["a"]'), 2), 'unknown key "proxies" (did you mean "proxy"?)');
    assert.equal(failure(lines('timout = 3'), 1), 'unknown key "timout" (did you mean "timeout"?)');
    assert.equal(failure(lines('i = 3'), 1), 'unknown key "i" (did you mean "update-interval"?)');
    assert.equal(failure(lines('[instance.lb1]', 'tcp = "h:1"'), 1), 'unknown key "instance" (did you mean "instances"?)');
    assert.equal(failure(lines('colour = "red"'), 1), 'unknown key "colour"');
  });

  test('options that are no default, and sockets outside [instances]', () => {
    assert.equal(
      failure(lines('mode = 1', 'once = true'), 2),
      '"once" cannot be set in the config file: it is a choice for one run, give --once on the command line',
    );
    for (const key of ['json', 'check', 'help', 'version', 'config']) assert.match(failure(`${key} = true`, 1), /^"\w+" cannot be set/);
    assert.equal(
      failure(lines('unix-socket = "/x"'), 1),
      '"unix-socket" cannot be set in the config file: declare each HAProxy as [instances.NAME] with socket = "PATH"',
    );
    assert.equal(
      failure(lines('tcp = "h:1"'), 1),
      'unknown key "tcp" (declare each HAProxy as [instances.NAME] with tcp = "HOST:PORT")',
    );
  });

  test('values of the wrong TOML type', () => {
    assert.equal(failure(lines('', '', 'mode = [1]'), 3), '"mode" must be a number or a string, not an array');
    assert.equal(failure(lines('update-interval = true'), 1), '"update-interval" must be a number or a string, not a boolean');
    assert.equal(failure(lines('timeout = 1979-05-27'), 1), '"timeout" must be a number or a string, not a date');
    assert.equal(failure(lines('read-only = "yes"'), 1), '"read-only" must be true or false, not a string');
    assert.equal(failure(lines('verbose = 1'), 1), '"verbose" must be true or false, not a number');
    assert.equal(failure(lines('proxy = 1'), 1), '"proxy" must be a string or an array of strings, not a number');
    assert.equal(
      failure(lines('filter = [', '"-1 4 -1",', '2]'), 1),
      '"filter" must be a string or an array of strings, not an array holding a number',
    );
    assert.equal(failure(lines('ssh-command = ["ssh"]'), 1), '"ssh-command" must be a string, not an array');
    assert.equal(failure(lines('[group]', 'prod = ["lb1"]'), 1), '"group" must be a string, not a table (groups go under [groups])');
  });

  test('"group" must name a group', () => {
    const qa = lines('mode = 1', 'group = "qa"') + FLEET + lines('[groups]', 'prod = ["lb1"]');
    assert.equal(failure(qa, 2), '"group" names "qa", which is not a group in [groups]');
    assert.equal(failure(lines('group = "prod"'), 1), '"group" names "prod", which is not a group in [groups]');
  });

  test('instances: exactly one of socket and tcp, as a non-empty string', () => {
    const both = FLEET + lines('', '[instances.lb4]', 'socket = "/a"', 'tcp = "h:1"');
    assert.equal(failure(both, 8), 'instance "lb4" has both socket and tcp');
    assert.equal(failure(FLEET + lines('[instances.lb4]', '# nothing'), 7), 'instance "lb4" needs socket = "PATH" or tcp = "HOST:PORT"');
    assert.equal(failure(lines('[instances]', 'lb1 = { socket = 1 }'), 2), 'instance "lb1": "socket" must be a string, not a number');
    assert.equal(failure(lines('[instances.lb1]', '', 'tcp = " "'), 3), 'instance "lb1": "tcp" is empty');
    assert.equal(
      failure(lines('[instances]', 'lb1 = "/run/haproxy/admin.sock"'), 2),
      'instance "lb1" must be a table with socket = "PATH" or tcp = "HOST:PORT", not a string',
    );
  });

  test('instances: unknown keys and bad names', () => {
    assert.equal(failure(FLEET + lines('[instances.lb4]', 'sockett = "/a"'), 8), 'unknown key "sockett" in instance "lb4" (did you mean "socket"?)');
    assert.equal(failure(lines('[instances.a]', 'tcp-socket = "h:1"'), 2), 'unknown key "tcp-socket" in instance "a" (did you mean "tcp"?)');
    assert.equal(failure(lines('[instances.a]', 'weight = 1'), 2), 'unknown key "weight" in instance "a" (an instance has socket or tcp)');
    assert.equal(
      failure(lines('mode = 1', '[instances."lb 1"]', 'tcp = "h:1"'), 2),
      'instance name "lb 1" must be 1 to 32 letters, digits, "_", "." or "-"',
    );
    assert.match(failure(lines(`[instances.${'a'.repeat(33)}]`, 'tcp = "h:1"'), 1), /^instance name "a{33}" must be 1 to 32/);
    assert.equal(failure(lines('instances = "lb1"'), 1), '"instances" must be a table of [instances.NAME] tables, not a string');
    assert.equal(
      failure(lines('[[instances]]', 'tcp = "h:1"'), 1),
      '"instances" must be a table of [instances.NAME] tables, not an array',
    );
  });

  test('groups: arrays of known instance names, once each', () => {
    const g = (...l: string[]): string => FLEET + lines('[groups]', ...l); // the groups start on line 8
    assert.equal(failure(g('prod = ["lb1", "lb2"]', '', 'qa = ["lb1", "lb9"]'), 10), 'group "qa" names "lb9", which is not an instance');
    assert.equal(failure(g('prod = ["lb1"]', 'all = ["prod"]'), 9), 'group "all" names "prod", which is not an instance, it is a group');
    assert.equal(failure(g('prod = ["lb1", "lb2", "lb1"]'), 8), 'group "prod" names "lb1" twice');
    assert.equal(failure(g('prod = []'), 8), 'group "prod" is empty');
    assert.equal(failure(g('prod = 1'), 8), 'group "prod" must be an array of instance names, not a number');
    assert.equal(failure(g('prod = ["lb1", 2]'), 8), 'group "prod" must list instance names as strings, not a number');
    assert.equal(failure(g('"pr od" = ["lb1"]'), 8), 'group name "pr od" must be 1 to 32 letters, digits, "_", "." or "-"');
    assert.equal(failure(lines('groups = ["lb1"]'), 1), '"groups" must be a table of NAME = ["instance", ...], not an array');
    assert.equal(failure(lines('[groups]', 'prod = ["lb1"]'), 2), 'group "prod" names "lb1", which is not an instance');
  });

  test('ConfigFileError carries the file, the line and the reason apart', () => {
    try {
      parse('mode = [1]');
      assert.fail('no error');
    } catch (err) {
      assert.ok(err instanceof ConfigFileError && err instanceof Error);
      assert.deepEqual([err.name, err.file, err.line, err.reason], ['ConfigFileError', FILE, 1, '"mode" must be a number or a string, not an array']);
    }
  });
});

describe('defaultConfigPath: the XDG base directory spec', () => {
  test('$XDG_CONFIG_HOME/hatop-ts/config.toml when it is set to an absolute path', () => {
    assert.equal(defaultConfigPath({ XDG_CONFIG_HOME: '/xdg/conf' }, '/home/x'), '/xdg/conf/hatop-ts/config.toml');
    assert.equal(defaultConfigPath({ XDG_CONFIG_HOME: '/xdg/conf/' }, '/home/x'), '/xdg/conf/hatop-ts/config.toml');
  });

  test('~/.config/hatop-ts/config.toml when it is unset, empty or relative', () => {
    for (const env of [{}, { XDG_CONFIG_HOME: '' }, { XDG_CONFIG_HOME: 'conf' }, { XDG_CONFIG_HOME: undefined }]) {
      assert.equal(defaultConfigPath(env, '/home/x'), '/home/x/.config/hatop-ts/config.toml', JSON.stringify(env));
    }
  });
});

describe('readConfigFile', () => {
  let dir = '';
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hatop-config-'));
  });
  after(() => {
    if (dir !== '') fs.rmSync(dir, { recursive: true, force: true });
  });

  test('reads and parses a file, naming it in the result', () => {
    const file = path.join(dir, 'ok.toml');
    fs.writeFileSync(file, '\uFEFFmode = 2\n' + FLEET);
    const c = readConfigFile(file, false);
    assert.deepEqual([c?.path, c?.instances.length, c?.defaults], [file, 3, { mode: '2' }]);
  });

  test('a missing file is no config, unless it was asked for', () => {
    const missing = path.join(dir, 'nope', 'config.toml');
    assert.equal(readConfigFile(missing, false), undefined);
    assert.throws(() => readConfigFile(missing, true), { name: 'ConfigFileError', message: `${missing}: cannot read the config file: no such file` });
  });

  test('a path through a file is missing too, unless asked for', () => {
    const file = path.join(dir, 'plain');
    fs.writeFileSync(file, '');
    assert.equal(readConfigFile(path.join(file, 'config.toml'), false), undefined);
    assert.throws(() => readConfigFile(path.join(file, 'config.toml'), true), /: cannot read the config file: a directory on its path is a file$/);
  });

  test('a directory cannot be read, asked for or not', () => {
    for (const required of [false, true]) {
      assert.throws(() => readConfigFile(dir, required), { name: 'ConfigFileError', message: `${dir}: cannot read the config file: it is a directory` });
    }
  });

  test('a file that is not UTF-8 is refused', () => {
    const file = path.join(dir, 'latin1.toml');
    fs.writeFileSync(file, Buffer.from('proxy = "caf\xe9"\n', 'latin1'));
    assert.throws(() => readConfigFile(file, false), { message: `${file}: the config file is not UTF-8 text` });
  });

  test('errors inside the file name it with the line', () => {
    const file = path.join(dir, 'bad.toml');
    fs.writeFileSync(file, 'mode = 1\nintervall = 2\n');
    assert.throws(() => readConfigFile(file, false), { message: `${file}:2: unknown key "intervall" (did you mean "update-interval"?)` });
  });
});
