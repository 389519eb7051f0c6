import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseOptions, type ParseResult } from '../../src/options';
import { DEFAULT_CRITICAL, DEFAULT_WARNING, parseStateList } from '../../src/check-rules';
import type { Config } from '../../src/config';

const SOCK = ['-s', '/run/haproxy/admin.sock'];

function run(args: string[], defaultWidth?: number): Extract<ParseResult, { kind: 'run' }> {
  const r = parseOptions(args, defaultWidth === undefined ? {} : { defaultWidth });
  assert.equal(r.kind, 'run', `expected a run for ${JSON.stringify(args)}, got ${JSON.stringify(r)}`);
  return r as Extract<ParseResult, { kind: 'run' }>;
}

function config(args: string[]): Config {
  return run(args).config;
}

/** A usage error: exit 1, nothing on stdout, exactly "hatop-ts: <one line>" then the --help hint. */
function usageError(args: string[]): string {
  const r = parseOptions(args);
  assert.equal(r.kind, 'exit', `expected a usage error for ${JSON.stringify(args)}`);
  if (r.kind !== 'exit') throw new Error('unreachable');
  assert.equal(r.code, 1);
  assert.equal(r.stdout, undefined);
  const lines = (r.stderr ?? '').trimEnd().split('\n');
  assert.equal(lines.length, 2, `two lines expected, got: ${r.stderr}`);
  assert.match(lines[0]!, /^hatop-ts: \S/);
  assert.equal(lines[1], 'Try hatop-ts --help.');
  assert.doesNotMatch(r.stderr ?? '', /\bat .*\.js|Error:|error:/);
  return lines[0]!.slice('hatop-ts: '.length);
}

function help(): string {
  const r = parseOptions(['--help']);
  assert.equal(r.kind, 'exit');
  if (r.kind !== 'exit') throw new Error('unreachable');
  assert.equal(r.code, 0);
  assert.equal(r.stderr, undefined);
  return r.stdout ?? '';
}

describe('defaults', () => {
  test('only -s: TUI, interval 2 s, mode 1, read-write, no filters or proxies, 5 s timeout, HAProxy\'s order', () => {
    const r = run(SOCK);
    assert.equal(r.output, 'tui');
    assert.deepEqual(r.config, {
      instances: [{ name: 'admin', address: { kind: 'unix', path: '/run/haproxy/admin.sock' } }],
      intervalSec: 2,
      mode: 1,
      readOnly: false,
      mouse: true,
      filters: [],
      proxies: [],
      timeoutMs: 5000,
      sshCommand: undefined,
      drainTimeoutSec: 300,
      certWarnDays: 14,
      // No home and no XDG_STATE_HOME given to the parser: nowhere to put the default audit log.
      audit: undefined,
      sort: undefined,
    });
  });

  test('--width defaults to the detected terminal width, else 120, clamped to 40..1000', () => {
    assert.equal(run(SOCK).width, 120);
    assert.equal(run(SOCK, 97).width, 97);
    assert.equal(run(SOCK, 10).width, 40);
    assert.equal(run(SOCK, 5000).width, 1000);
    assert.equal(run([...SOCK, '--width', '200'], 97).width, 200);
  });
});

describe('sockets: -s and -t, repeatable, mixed, optionally named', () => {
  const only = (args: string[]): unknown => {
    const instances = config(args).instances;
    assert.equal(instances.length, 1);
    return instances[0]?.address;
  };
  test('long and short forms', () => {
    assert.deepEqual(only(['--unix-socket', '/tmp/a.sock']), { kind: 'unix', path: '/tmp/a.sock' });
    assert.deepEqual(only(['-t', '127.0.0.1:9999']), { kind: 'tcp', host: '127.0.0.1', port: 9999 });
    assert.deepEqual(only(['--tcp-socket', 'localhost:80']), { kind: 'tcp', host: 'localhost', port: 80 });
  });

  test('IPv6 in brackets works (hatop crashes on it)', () => {
    assert.deepEqual(only(['-t', '[::1]:9999']), { kind: 'tcp', host: '::1', port: 9999 });
  });

  test('none is a usage error', () => {
    assert.match(usageError([]), /no HAProxy socket given/);
    assert.match(usageError(['-i', '3']), /-s PATH .*-t HOST:PORT/);
  });

  test('several, mixed, in command-line order; names given or derived, always unique', () => {
    const instances = config(['-s', 'lb1=/run/haproxy/admin.sock', '-t', 'lb2=10.0.0.2:9999', '-s', '/run/h2/admin.sock', '-t', '10.0.0.3:9999', '-s', '/x/admin.sock']).instances;
    assert.deepEqual(
      instances.map((i) => i.name),
      ['lb1', 'lb2', 'admin', '10.0.0.3', 'admin2'],
    );
    assert.deepEqual(instances[1]?.address, { kind: 'tcp', host: '10.0.0.2', port: 9999 });
    assert.deepEqual(instances[0]?.address, { kind: 'unix', path: '/run/haproxy/admin.sock' });
  });

  test('a name twice, the same socket twice, or a name with separators is refused', () => {
    assert.match(usageError(['-s', 'a=/x.sock', '-s', 'a=/y.sock']), /two instances are named "a"/);
    assert.match(usageError(['-s', '/x.sock', '-s', 'b=/x.sock']), /\/x\.sock is given twice/);
    assert.match(usageError(['-s', 'a:b=/x.sock']), /instance name "a:b"/);
  });

  test('bad TCP addresses are usage errors that say what is wrong', () => {
    assert.match(usageError(['-t', '127.0.0.1']), /missing port/);
    assert.match(usageError(['-t', '::1:9999']), /brackets/);
    assert.match(usageError(['-t', 'host:99999']), /outside 1\.\.65535/);
    assert.match(usageError(['-t', 'host:http']), /not a number/);
    assert.match(usageError(['-t', '[::1]']), /missing port/);
  });

  test('an option value is required', () => {
    assert.match(usageError(['-s']), /argument missing/);
    assert.match(usageError(['-s', '']), /empty/);
  });
});

describe('-i / --update-interval', () => {
  test('0.5 and 300 are accepted, decimals too', () => {
    assert.equal(config([...SOCK, '-i', '0.5']).intervalSec, 0.5);
    assert.equal(config([...SOCK, '-i', '300']).intervalSec, 300);
    assert.equal(config([...SOCK, '--update-interval', '1.5']).intervalSec, 1.5);
    assert.equal(config([...SOCK, '-i', '.75']).intervalSec, 0.75);
  });

  test('0.4, 301 and non-numbers are rejected', () => {
    assert.match(usageError([...SOCK, '-i', '0.4']), /-i\/--update-interval must be in 0\.5\.\.300 seconds, not 0\.4/);
    assert.match(usageError([...SOCK, '-i', '301']), /0\.5\.\.300/);
    assert.match(usageError([...SOCK, '-i', '0']), /0\.5\.\.300/);
    assert.match(usageError([...SOCK, '-i', 'fast']), /not "fast"/);
    assert.match(usageError([...SOCK, '-i', '1e1']), /not "1e1"/);
    assert.match(usageError([...SOCK, '-i', '2s']), /not "2s"/);
    assert.match(usageError([...SOCK, '-i', '-1']), /must be/);
  });
});

describe('-m / --mode', () => {
  test('every view of the registry accepted: 1..9 and 0', () => {
    for (const m of [1, 2, 3, 4, 5, 6, 7, 8, 9, 0] as const) assert.equal(config([...SOCK, '-m', String(m)]).mode, m);
    assert.equal(config([...SOCK, '--mode', '3']).mode, 3);
  });

  test('anything else rejected', () => {
    for (const bad of ['10', '-1', '1.5', 'x', '']) assert.match(usageError([...SOCK, '-m', bad]), /-m\/--mode must be/);
  });
});

describe('-n / --read-only', () => {
  test('sets readOnly', () => {
    assert.equal(config([...SOCK, '-n']).readOnly, true);
    assert.equal(config([...SOCK, '--read-only', '-m', '4']).readOnly, true);
  });

  test('with -m 5 is refused', () => {
    assert.equal(usageError([...SOCK, '-n', '-m', '5']), 'the CLI mode is not available in read-only mode');
  });
});

describe('--no-mouse', () => {
  test('the mouse is on unless --no-mouse', () => {
    assert.equal(config(SOCK).mouse, true);
    assert.equal(config([...SOCK, '--no-mouse']).mouse, false);
    assert.equal(config([...SOCK, '-n', '--no-mouse']).mouse, false);
  });
});

describe('-f / --filter', () => {
  test('three integers, repeatable, all kept in order (two filters on one proxy do not overwrite)', () => {
    assert.deepEqual(config([...SOCK, '-f', '4 -1 -1']).filters, [{ iid: 4, type: -1, sid: -1 }]);
    assert.deepEqual(config([...SOCK, '-f', '4 4 1', '--filter', '4 4 2', '-f', ' 6  2  0 ']).filters, [
      { iid: 4, type: 4, sid: 1 },
      { iid: 4, type: 4, sid: 2 },
      { iid: 6, type: 2, sid: 0 },
    ]);
  });

  test('identical filters are deduplicated', () => {
    assert.deepEqual(config([...SOCK, '-f', '4 -1 -1', '-f', '4  -1 -1', '-f', '5 1 0']).filters, [
      { iid: 4, type: -1, sid: -1 },
      { iid: 5, type: 1, sid: 0 },
    ]);
  });

  test('-1 for everything is allowed, and type covers the whole bitmask 1..15', () => {
    assert.deepEqual(config([...SOCK, '-f', '-1 -1 -1']).filters, [{ iid: -1, type: -1, sid: -1 }]);
    assert.deepEqual(config([...SOCK, '-f', '2 15 3']).filters, [{ iid: 2, type: 15, sid: 3 }]);
  });

  test('malformed filters are rejected, each with the reason', () => {
    assert.match(usageError([...SOCK, '-f', '4 -1']), /bad filter "4 -1": not three integers/);
    assert.match(usageError([...SOCK, '-f', '4 -1 -1 7']), /not three integers/);
    assert.match(usageError([...SOCK, '-f', 'bk_app -1 -1']), /not three integers/);
    assert.match(usageError([...SOCK, '-f', '4 1.5 1']), /not three integers/);
    assert.match(usageError([...SOCK, '-f', '4 16 -1']), /type must be a bitmask 1\.\.15 or -1/);
    assert.match(usageError([...SOCK, '-f', '4 0 -1']), /type must be/);
    assert.match(usageError([...SOCK, '-f', '0 -1 -1']), /iid must be/);
    assert.match(usageError([...SOCK, '-f', '4 -1 -2']), /sid must be/);
    // One bad filter among good ones still fails.
    assert.match(usageError([...SOCK, '-f', '4 -1 -1', '-f', 'x']), /bad filter "x"/);
  });
});

describe('-p / --proxy', () => {
  test('repeatable, duplicates dropped, order kept', () => {
    assert.deepEqual(config([...SOCK, '-p', 'bk_app', '--proxy', 'fe_main', '-p', 'bk_app']).proxies, [
      'bk_app',
      'fe_main',
    ]);
  });

  test('an empty name is rejected', () => {
    assert.match(usageError([...SOCK, '-p', ' ']), /-p\/--proxy needs a proxy name/);
  });
});

describe('--timeout', () => {
  test('seconds to milliseconds, decimals allowed', () => {
    assert.equal(config([...SOCK, '--timeout', '1.5']).timeoutMs, 1500);
    assert.equal(config([...SOCK, '--timeout', '0.1']).timeoutMs, 100);
    assert.equal(config([...SOCK, '--timeout', '300']).timeoutMs, 300_000);
  });

  test('out of range rejected', () => {
    assert.match(usageError([...SOCK, '--timeout', '0']), /--timeout must be in 0\.1\.\.300/);
    assert.match(usageError([...SOCK, '--timeout', '301']), /--timeout/);
  });
});

describe('--once, --json, --width', () => {
  test('select the output', () => {
    assert.equal(run([...SOCK, '--once']).output, 'once');
    assert.equal(run([...SOCK, '--once', '-m', '4']).config.mode, 4);
    assert.equal(run([...SOCK, '--json']).output, 'json');
    // --json lists every service whatever the mode.
    assert.equal(run([...SOCK, '--json', '-m', '5']).output, 'json');
  });

  test('--once with mode 5 and --once with --json are refused', () => {
    assert.match(usageError([...SOCK, '--once', '-m', '5']), /^--once shows the views other than 5/);
    assert.equal(run([...SOCK, '--json', '-m', '5']).kind, 'run', '--json ignores the CLI mode a config file may set');
    assert.match(usageError([...SOCK, '--cert-warn-days', 'x']), /--cert-warn-days must be a number of days/);
    assert.equal(config([...SOCK, '--cert-warn-days', '30']).certWarnDays, 30);
    assert.match(usageError([...SOCK, '--once', '--json']), /--once and --json cannot be used together/);
  });

  test('--width bounds', () => {
    assert.equal(run([...SOCK, '--once', '--width', '40']).width, 40);
    assert.equal(run([...SOCK, '--once', '--width', '1000']).width, 1000);
    assert.match(usageError([...SOCK, '--once', '--width', '39']), /--width must be in 40\.\.1000/);
    assert.match(usageError([...SOCK, '--once', '--width', 'wide']), /whole number/);
  });
});

describe('--check, --crit, --warn, -v', () => {
  type CheckRun = Extract<ParseResult, { output: 'check' }>;
  function check(args: string[]): CheckRun {
    const r = run([...SOCK, '--check', ...args]);
    assert.equal(r.output, 'check');
    return r as CheckRun;
  }

  /** Under --check a usage error is the plugin's UNKNOWN: exit 3, one line on stdout, nothing on stderr. */
  function checkUsageError(args: string[]): string {
    const r = parseOptions(args);
    assert.equal(r.kind, 'exit', `expected a usage error for ${JSON.stringify(args)}`);
    if (r.kind !== 'exit') throw new Error('unreachable');
    assert.equal(r.code, 3);
    assert.equal(r.stderr, undefined);
    const lines = (r.stdout ?? '').split('\n');
    assert.deepEqual(lines.slice(1), [''], `one line expected, got: ${r.stdout}`);
    assert.match(lines[0]!, /^UNKNOWN: \S.* \(see hatop-ts --help\)$/);
    return lines[0]!.slice('UNKNOWN: '.length, -' (see hatop-ts --help)'.length);
  }

  test('defaults: --crit down, --warn the admin states and transitions, not verbose', () => {
    const r = check([]);
    assert.deepEqual(r.check, {
      critical: parseStateList(DEFAULT_CRITICAL, '--crit'),
      warning: parseStateList(DEFAULT_WARNING, '--warn'),
      verbose: false,
    });
    assert.deepEqual(r.check.critical, [{ word: 'down' }]);
    assert.equal(check(['-v']).check.verbose, true);
    assert.equal(check(['--verbose']).check.verbose, true);
  });

  test('a list given replaces its default; repeated lists are merged; none is empty', () => {
    const r = check(['--crit', 'backend:down', '--warn', 'DOWN,maint', '--warn', 'no check']);
    assert.deepEqual(r.check.critical, [{ word: 'down', kind: 'backend' }]);
    assert.deepEqual(r.check.warning, [{ word: 'down' }, { word: 'maint' }, { word: 'nocheck' }]);
    assert.deepEqual(check(['--warn', 'none']).check.warning, []);
    assert.deepEqual(check(['--warn', 'none']).check.critical, [{ word: 'down' }]);
  });

  test('-p, -f and --timeout apply as for --once', () => {
    const r = check(['-p', 'bk_app', '-f', '4 -1 -1', '--timeout', '2']);
    assert.deepEqual(r.config.proxies, ['bk_app']);
    assert.deepEqual(r.config.filters, [{ iid: 4, type: -1, sid: -1 }]);
    assert.equal(r.config.timeoutMs, 2000);
  });

  test('usage errors under --check are UNKNOWN (exit 3) on stdout', () => {
    assert.match(checkUsageError([...SOCK, '--check', '--crit', 'dwon']), /^--crit: unknown state "dwon"; use up, down/);
    assert.match(checkUsageError([...SOCK, '--check', '--warn', 'srv:maint']), /unknown service kind "srv"/);
    assert.match(checkUsageError([...SOCK, '--check', '--once']), /^--check cannot be used with --once$/);
    assert.match(checkUsageError([...SOCK, '--check', '--json']), /^--check cannot be used with --json$/);
    assert.match(checkUsageError(['--check']), /no HAProxy socket given/);
    assert.match(checkUsageError([...SOCK, '--check', '--bogus']), /^unknown option '--bogus'/);
    assert.match(checkUsageError([...SOCK, '--check', '-i', '0']), /0\.5\.\.300/);
  });

  test('-v, --crit and --warn without --check are ordinary usage errors (exit 1)', () => {
    assert.equal(usageError([...SOCK, '-v']), '-v/--verbose is for --check only');
    assert.equal(usageError([...SOCK, '--once', '--verbose']), '-v/--verbose is for --check only');
    assert.equal(usageError([...SOCK, '--crit', 'down']), '--crit is for --check only');
    assert.equal(usageError([...SOCK, '--json', '--warn', 'maint']), '--warn is for --check only');
  });

  test('--help with --check is still the help, exit 0', () => {
    const r = parseOptions([...SOCK, '--check', '--help']);
    assert.equal(r.kind, 'exit');
    assert.equal(r.kind === 'exit' ? r.code : -1, 0);
  });
});

describe('--version', () => {
  const pkg = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as { version: string };
  for (const flag of ['--version', '-V']) {
    test(`${flag} prints the package version and exits 0, even without a socket`, () => {
      const r = parseOptions([flag]);
      assert.deepEqual(r, { kind: 'exit', code: 0, stdout: `hatop-ts ${pkg.version}\n` });
    });
  }
});

describe('--help', () => {
  test('-h and --help print the same text on stdout and exit 0, even without a socket', () => {
    const r = parseOptions(['-h']);
    assert.equal(r.kind, 'exit');
    assert.equal(r.kind === 'exit' ? r.stdout : '', help());
    assert.equal(help(), (parseOptions([...SOCK, '--help']) as { stdout: string }).stdout);
  });

  test('lists every option, with defaults and ranges', () => {
    const text = help();
    for (const flag of [
      '-s, --unix-socket <[name=]path>',
      '-t, --tcp-socket <[name=]host:port>',
      '-i, --update-interval <seconds>',
      '-m, --mode <view>',
      '--cert-warn-days <days>',
      '-n, --read-only',
      '--no-mouse',
      '-f, --filter',
      '-p, --proxy <name>',
      '--timeout <seconds>',
      '--once',
      '--json',
      '--width <columns>',
      '--check',
      '--crit <states>',
      '--warn <states>',
      '-v, --verbose',
      '-V, --version',
      '-h, --help',
    ]) {
      assert.ok(text.includes(flag), `help lacks ${flag}`);
    }
    const flat = text.replace(/\s+/g, ' ');
    assert.match(flat, /0\.5\.\.300, decimals allowed \(default: 2\)/);
    assert.match(flat, /1 STATUS, 2 TRAFFIC, 3 HTTP, 4 ERRORS, 5 CLI, 6 SESSIONS, 7 TABLES, 8 MAPS, 9 CERTS, 0 INFO \(default: 1\)/);
    assert.match(flat, /0\.1\.\.300 \(default: 5\)/);
    assert.doesNotMatch(flat, /\[\]/);
    assert.match(flat, /40\.\.1000 \(default: the terminal's width, or 120\)/);
    assert.match(flat, /bitmask 1 frontends \+ 2 backends \+ 4 servers \+ 8 listeners/);
  });

  test('documents the exit codes', () => {
    const text = help();
    assert.match(text, /Exit codes:/);
    assert.match(text, /^ {2}0 {2}success$/m);
    assert.match(text, /^ {2}1 {2}bad usage/m);
    assert.match(text, /^ {2}2 {2}cannot talk to HAProxy/m);
    const check = text.slice(text.indexOf('With --check, the monitoring plugin codes instead:'));
    assert.ok(check.length > 0, 'the --check codes are given apart');
    assert.match(check, /^ {2}0 {2}OK\n {2}1 {2}WARNING\n {2}2 {2}CRITICAL\n {2}3 {2}UNKNOWN \(HAProxy cannot be read, or bad usage\)$/m);
  });

  test('documents --check: the state words, the defaults, what is UNKNOWN', () => {
    const flat = help().replace(/\s+/g, ' ');
    assert.match(flat, /up down nolb drain maint nocheck open stop paused full waiting going-down \(UP, NOLB or DRAIN with failing checks: UP 1\/3\) going-up \(DOWN with passing checks: DOWN 1\/2\)/);
    assert.match(flat, /states that are CRITICAL; repeatable \(default: down\)/);
    assert.match(flat, /states that are WARNING; repeatable \(default: maint, drain, nolb, stop, paused, full, waiting, going-down, going-up\)/);
    assert.match(flat, /a -p or -f that selects nothing/);
  });

  test('gives the examples', () => {
    const text = help();
    for (const example of [
      'hatop-ts -s /run/haproxy/admin.sock\n',
      'hatop-ts -t 127.0.0.1:9999\n',
      'hatop-ts -s /run/haproxy/admin.sock --once -m 2\n',
      "hatop-ts -s /run/haproxy/admin.sock --json | jq '.services[0]'\n",
      'hatop-ts -s /run/haproxy/admin.sock --check -v -p bk_app\n',
    ]) {
      assert.ok(text.includes(example), `help lacks the example ${example}`);
    }
  });

  test('fits in 80 columns and starts with the usage line', () => {
    const text = help();
    assert.match(text, /^Usage: hatop-ts \(-s \[NAME=\]PATH \| -t \[NAME=\]HOST:PORT\)\.\.\. \[options\]\n/);
    for (const line of text.split('\n')) assert.ok(line.length <= 80, `too wide (${line.length}): ${line}`);
  });
});

describe('commander errors become one line', () => {
  test('unknown option', () => {
    assert.match(usageError([...SOCK, '--bogus']), /^unknown option '--bogus'/);
  });

  test('a near-miss keeps its suggestion on the same line', () => {
    assert.match(usageError([...SOCK, '--onc']), /^unknown option '--onc' \(Did you mean --once\?\)$/);
  });

  test('stray arguments', () => {
    assert.match(usageError([...SOCK, 'extra']), /too many arguments/);
  });
});

describe('ssh:// sockets and the ssh command', () => {
  const SSH = ['-s', 'ssh://ops@lb1:2222/run/haproxy/admin.sock'];
  const withEnv = (args: string[], env: Record<string, string | undefined>): Config => {
    const r = parseOptions(args, { env });
    assert.equal(r.kind, 'run', JSON.stringify(r));
    return (r as Extract<ParseResult, { kind: 'run' }>).config;
  };

  test('-s takes an ssh:// address', () => {
    assert.deepEqual(config(SSH).instances, [{ name: 'lb1', address: { kind: 'ssh', user: 'ops', host: 'lb1', port: 2222, path: '/run/haproxy/admin.sock' } }]);
  });

  test('a malformed one is a usage error of one line', () => {
    assert.match(usageError(['-s', 'ssh://lb1']), /^invalid SSH address "ssh:\/\/lb1": give the socket's absolute path/);
    assert.match(usageError(['-s', 'ssh://lb1:x/a.sock']), /port "x" is not a number/);
  });

  test('--ssh-command wins over HATOP_TS_SSH_COMMAND, which wins over the default (undefined: ssh)', () => {
    assert.equal(config(SSH).sshCommand, undefined);
    assert.equal(withEnv(SSH, { HATOP_TS_SSH_COMMAND: 'ssh -J bastion' }).sshCommand, 'ssh -J bastion');
    assert.equal(withEnv([...SSH, '--ssh-command', "ssh -i '/k ey'"], { HATOP_TS_SSH_COMMAND: 'ssh -J bastion' }).sshCommand, "ssh -i '/k ey'");
    assert.equal(withEnv(SSH, { HATOP_TS_SSH_COMMAND: '' }).sshCommand, undefined);
  });

  test('an empty --ssh-command is a usage error', () => {
    assert.match(usageError([...SSH, '--ssh-command', ' ']), /^--ssh-command is empty$/);
  });
});
