// The built CLI (`node bin/hatop-ts`) against a real HAProxy: one-shot output, options, errors, exit codes.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { jsonReport } from '../../src/json-report';
import { buildSnapshot } from '../../src/stats/model';
import { readFixture } from '../support/fixtures';
import { startLab, type Lab, type StatRow } from '../support/lab';
import { killAll, spawnHatop } from '../support/pty';
import { BIN, REPO_ROOT, runHatop, runNode, type Ran } from '../support/run-cli';


const hatop = (...args: string[]): Promise<Ran> => runHatop(args);

interface JsonOut {
  info: Record<string, string | number>;
  services: { proxy: string; name: string; kind: string; status: string; stats: Record<string, string | number> }[];
}

async function json(...args: string[]): Promise<JsonOut> {
  const r = await hatop(...args, '--json');
  assert.equal(r.code, 0, `exit ${r.code}, stderr: ${r.stderr}`);
  assert.equal(r.stderr, '');
  return JSON.parse(r.stdout) as JsonOut;
}

const ids = (rows: readonly { proxy?: string; name?: string }[]): string[] => rows.map((r) => `${r.proxy}/${r.name}`);
const rowIds = (rows: readonly StatRow[]): string[] => rows.map((r) => `${r['pxname']}/${r['svname']}`);

/** A failure must be exactly one line on stderr, with no stack trace. */
function assertOneLine(r: Ran, pattern: RegExp): void {
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `one stderr line expected, got:\n${r.stderr}`);
  assert.match(lines[0]!, pattern);
  assert.doesNotMatch(r.stderr, /^ {4}at /m);
  assert.equal(r.stdout, '');
}

let lab: Lab;
let tmp: string;

before(async () => {
  lab = await startLab();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hatop-cli-'));
});

after(async () => {
  await killAll();
  await lab?.stop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('--json', () => {
  test('lists every service show stat lists, in order, with the same status', async () => {
    const before = await lab.showStat();
    const out = await json('-s', lab.adminSocket);
    const afterRows = await lab.showStat();
    assert.deepEqual(ids(out.services), rowIds(before));
    assert.ok(out.services.length >= 16, `expected the whole lab, got ${out.services.length}`);
    // Health checks run every 500 ms: a status may legitimately change between two reads.
    out.services.forEach((s, i) => {
      const seen = [before[i]?.['status'], afterRows[i]?.['status']];
      assert.ok(seen.includes(s.status), `${s.proxy}/${s.name}: ${s.status} not in ${seen.join(' | ')}`);
      assert.equal(s.stats['status'], s.status);
    });
    const broken = out.services.find((s) => s.proxy === 'bk_static' && s.name === 'broken');
    assert.equal(broken?.status, 'DOWN');
    assert.equal(out.services.find((s) => s.proxy === 'li_web' && s.name === 'web2')?.status, 'no check');
  });

  test('kinds, numbers as numbers, empty fields absent, keys in header order', async () => {
    const out = await json('-s', lab.adminSocket);
    const header = (await lab.rawCommand('show stat')).split('\n')[0]!.slice(2).split(',');
    const fe = out.services.find((s) => s.proxy === 'fe_main' && s.name === 'FRONTEND');
    const nginx2 = out.services.find((s) => s.proxy === 'bk_app' && s.name === 'nginx2');
    const be = out.services.find((s) => s.proxy === 'bk_app' && s.name === 'BACKEND');
    assert.equal(fe?.kind, 'frontend');
    assert.equal(nginx2?.kind, 'server');
    assert.equal(be?.kind, 'backend');
    assert.equal(fe?.stats['weight'], undefined, 'a frontend has no weight: absent, not 0');
    assert.equal(nginx2?.stats['weight'], 1);
    assert.equal(nginx2?.stats['type'], 2);
    assert.equal(typeof nginx2?.stats['sid'], 'number');
    assert.equal(nginx2?.stats['mode'], 'http');
    assert.match(String(nginx2?.stats['addr']), /^127\.0\.0\.1:\d+$/);
    for (const s of out.services) {
      const keys = Object.keys(s.stats);
      assert.ok(!keys.includes('pxname') && !keys.includes('svname') && !keys.includes('-'));
      const positions = keys.map((k) => header.indexOf(k));
      assert.ok(positions.every((p) => p >= 0), `unknown keys in ${keys.join(',')}`);
      assert.deepEqual(positions, [...positions].sort((a, b) => a - b), `${s.proxy}/${s.name} keys out of order`);
      for (const v of Object.values(s.stats)) assert.notEqual(v, '');
    }
  });

  test('info is show info, name -> value, numbers as numbers', async () => {
    const out = await json('-s', lab.adminSocket);
    assert.equal(out.info['Name'], 'HAProxy');
    assert.equal(out.info['Pid'], lab.haproxyPid());
    assert.match(String(out.info['Version']), /^2\.\d+/);
    assert.ok(Object.keys(out.info).length > 20);
    for (const name of ['Uptime_sec', 'Maxconn', 'CurrConns', 'CumConns', 'Idle_pct', 'Nbthread', 'Start_time_sec']) {
      assert.equal(typeof out.info[name], 'number', `${name}: ${JSON.stringify(out.info[name])}`);
    }
    // Every field against HAProxy's own text: a plain decimal is that number, the rest (and words) the text.
    const words = new Set(['Name', 'Version', 'Release_date', 'Uptime', 'node', 'description', 'Build info']);
    const raw = (await lab.rawCommand('show info')).split('\n').filter((l) => l.includes(': '));
    const volatile = new Set(['Uptime', 'Uptime_sec', 'CurrConns', 'CumConns', 'CumReq', 'Tasks', 'Run_queue', 'Idle_pct']);
    for (const line of raw) {
      const name = line.slice(0, line.indexOf(': '));
      const text = line.slice(line.indexOf(': ') + 2);
      const value = out.info[name];
      const numeric = /^-?(0|[1-9]\d*)(\.\d+)?$/.test(text) && Number.isSafeInteger(Math.trunc(Number(text)));
      assert.equal(typeof value, numeric && !words.has(name) ? 'number' : 'string', `${name}: ${text} -> ${JSON.stringify(value)}`);
      if (!volatile.has(name) && !/Rate|Bytes|_MB|_bytes|Jobs|Conns|Pipes/.test(name)) assert.equal(String(value), text, name);
    }
  });

  test('over TCP (-t), and over the operator-level socket, the same services', async () => {
    const expected = rowIds(await lab.showStat());
    assert.deepEqual(ids((await json('-t', lab.tcpAddress)).services), expected);
    assert.deepEqual(ids((await json('-s', lab.operatorSocket)).services), expected);
  });

  test('-p keeps only the proxies of that name', async () => {
    const out = await json('-s', lab.adminSocket, '-p', 'bk_app', '-p', 'li_web');
    assert.deepEqual(new Set(out.services.map((s) => s.proxy)), new Set(['bk_app', 'li_web']));
    assert.deepEqual(
      ids(out.services.filter((s) => s.proxy === 'bk_app')),
      ['bk_app/nginx2', 'bk_app/nginx1', 'bk_app/BACKEND'],
    );
  });

  test('-f polls each filter; two filters on one proxy are both kept (hatop fault 9)', async () => {
    const rows = await lab.showStat();
    const iid = rows.find((r) => r['pxname'] === 'bk_app')?.['iid'];
    assert.ok(iid !== undefined);
    const sidOf = (sv: string): string | undefined =>
      rows.find((r) => r['pxname'] === 'bk_app' && r['svname'] === sv)?.['sid'];

    const whole = await json('-s', lab.adminSocket, '-f', `${iid} -1 -1`);
    assert.deepEqual(ids(whole.services), ['bk_app/nginx2', 'bk_app/nginx1', 'bk_app/BACKEND']);

    const two = await json('-s', lab.adminSocket, '-f', `${iid} 4 ${sidOf('nginx2')}`, '-f', `${iid} 4 ${sidOf('nginx1')}`);
    assert.deepEqual(ids(two.services), ['bk_app/nginx2', 'bk_app/nginx1']);
    assert.ok(Object.keys(two.info).length > 0, 'show info is still read with filters');
  });
});

describe('--json values, in-process', () => {
  test('info: plain decimals are numbers; words, leading zeros and integers past 2^53 stay text', () => {
    const info = [
      'Name: HAProxy',
      'Version: 3.0',
      'node: 42',
      'description: 7',
      'Uptime_sec: 3723',
      'Idle_pct: 97',
      'Tainted: 0x0',
      'Zero: 0',
      'Ratio: 0.25',
      'Padded: 007',
      'Huge: 18446744073709551615',
      'Negative: -3',
    ].join('\n');
    const report = jsonReport([{ spec: { name: 'test', address: { kind: 'unix', path: '/run/test.sock' } }, snapshot: buildSnapshot(readFixture('stat-2.6.csv'), info, 0) }]);
    assert.deepEqual(report.info, {
      Name: 'HAProxy',
      Version: '3.0',
      node: '42',
      description: '7',
      Uptime_sec: 3723,
      Idle_pct: 97,
      Tainted: '0x0',
      Zero: 0,
      Ratio: 0.25,
      Padded: '007',
      Huge: '18446744073709551615',
      Negative: -3,
    });
  });
});

describe("the README's jq examples give what they say", () => {
  const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const usage = readme.slice(readme.indexOf('## Usage'), readme.indexOf('\n## ', readme.indexOf('## Usage') + 1));
  const block = usage.slice(usage.indexOf('```sh\n') + 6, usage.indexOf('\n```', usage.indexOf('```sh\n')));
  // One command per line; a line ending in `|` (its comment aside) goes on with the next.
  const commands = block
    .split('\n')
    .map((l) => l.replace(/\s+# .*$/, ''))
    .reduce<string[]>((acc, line) => {
      const last = acc[acc.length - 1];
      if (last !== undefined && last.endsWith('|')) acc[acc.length - 1] = `${last} ${line.trim()}`;
      else acc.push(line.trim());
      return acc;
    }, [])
    .filter((c) => c.includes('| jq'));
  const hasJq = spawnSync('jq', ['--version']).status === 0;

  /** What each example gives on the lab; a new example must be added here, so that someone has run it. */
  const expected: Record<string, (out: string) => void> = {
    "jq '.services[0]'": (out) => {
      const first = JSON.parse(out) as JsonOut['services'][number];
      assert.deepEqual([first.proxy, first.name, first.kind, first.status], ['fe_main', 'FRONTEND', 'frontend', 'OPEN']);
      assert.equal(first.stats['iid'], 2);
    },
    "jq '.info | {Pid, Uptime_sec, CurrConns, Maxconn}'": (out) => {
      const info = JSON.parse(out) as Record<string, unknown>;
      assert.deepEqual(Object.keys(info), ['Pid', 'Uptime_sec', 'CurrConns', 'Maxconn']);
      assert.equal(info['Pid'], lab.haproxyPid());
      for (const v of Object.values(info)) assert.equal(typeof v, 'number');
    },
    // The lab's problem servers: broken (DOWN); web2 is "no check", which is no problem.
    'jq -r \'.services[] | select(.kind == "server" and .status != "UP" and .status != "no check") | .proxy + "/" + .name\'': (out) => {
      assert.equal(out, 'bk_static/broken\n');
    },
  };

  test('the Usage section has jq examples, each one known here', () => {
    assert.ok(commands.length >= 3, commands.join('\n'));
    for (const c of commands) {
      const jq = c.slice(c.indexOf('jq '));
      assert.ok(c.startsWith('hatop-ts -s /run/haproxy/admin.sock --json | jq '), c);
      assert.ok(Object.hasOwn(expected, jq), `no expectation for the README example: ${jq}`);
    }
  });

  test('each one, run on the lab', { skip: hasJq ? false : 'jq is not installed' }, async () => {
    assert.ok(commands.length >= 3);
    for (const c of commands) {
      const jq = c.slice(c.indexOf('jq '));
      const line = c.replace('hatop-ts -s /run/haproxy/admin.sock', `"${process.execPath}" "${BIN}" -s "${lab.adminSocket}"`);
      const r = await runNode(['-e', `process.exit(require('node:child_process').spawnSync('bash', ['-o', 'pipefail', '-c', ${JSON.stringify(line)}], { stdio: 'inherit' }).status ?? 1)`]);
      assert.equal(r.code, 0, `${c}\n${r.stderr}`);
      assert.equal(r.stderr, '', c);
      expected[jq]?.(r.stdout);
    }
  });
});

describe('--once', () => {
  const headers: Record<string, RegExp> = {
    '1': /^NAME +W STATUS +CHECK +ACT +BCK +QCUR +QMAX +SCUR +SMAX +SLIM +STOT$/m,
    '2': /^NAME +W STATUS +LBTOT +RATE +RLIM +RMAX +BIN +BOUT$/m,
    '3': /^NAME +W STATUS +RATE +RMAX +RTOT +1xx +2xx +3xx +4xx +5xx +\?xx$/m,
    '4': /^NAME +W STATUS +CHECK +CF +CD +CL +ECONN +EREQ +ERSP +DREQ +DRSP +DOWN$/m,
  };
  for (const mode of ['1', '2', '3', '4']) {
    test(`-m ${mode} prints that mode's header and every proxy group`, async () => {
      const r = await hatop('-s', lab.adminSocket, '--once', '-m', mode, '--width', '150');
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stderr, '');
      assert.match(r.stdout, headers[mode]!);
      for (const px of ['fe_main', 'bk_app', 'bk_api', 'bk_static', 'li_web']) {
        assert.match(r.stdout, new RegExp(`^>>> ${px}$`, 'm'));
      }
      assert.match(r.stdout, /^broken +1 DOWN\b/m);
      for (const line of r.stdout.split('\n')) assert.ok(line.length <= 150, `wider than 150: ${line}`);
    });
  }

  test('default mode is 1 and the width defaults to 120 when stdout is a pipe', async () => {
    const r = await hatop('-s', lab.adminSocket, '--once');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, headers['1']!);
    const widest = Math.max(...r.stdout.split('\n').map((l) => l.length));
    assert.ok(widest > 100 && widest <= 120, `widest line ${widest}`);
  });

  test('-p bk_app shows only bk_app', async () => {
    const r = await hatop('-s', lab.adminSocket, '--once', '-p', 'bk_app');
    assert.equal(r.code, 0, r.stderr);
    const groups = r.stdout.split('\n').filter((l) => l.startsWith('>>> '));
    assert.deepEqual(groups, ['>>> bk_app']);
    assert.match(r.stdout, /^nginx2 /m);
    assert.match(r.stdout, /^nginx1 /m);
    assert.doesNotMatch(r.stdout, /^(api1|broken|web1) /m);
  });

  test('-p with a name that matches nothing warns on stderr and still exits 0', async () => {
    const r = await hatop('-s', lab.adminSocket, '--once', '-p', 'nope');
    assert.equal(r.code, 0);
    assert.equal(r.stderr, 'hatop-ts: warning: no proxy named "nope"\n');
    assert.doesNotMatch(r.stdout, /^>>> /m);
  });

  test('-f filter over TCP', async () => {
    const rows = await lab.showStat();
    const iid = rows.find((r) => r['pxname'] === 'bk_static')?.['iid'];
    const r = await hatop('-t', lab.tcpAddress, '--once', '-m', '4', '-f', `${iid} -1 -1`);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.stdout.split('\n').filter((l) => l.startsWith('>>> ')), ['>>> bk_static']);
    assert.match(r.stdout, /^broken +1 DOWN +L4CON\b/m);
  });

  test('under a terminal, the table takes the terminal width', async () => {
    const term = spawnHatop(['-s', lab.adminSocket, '--once'], { cols: 90, rows: 40, cwd: REPO_ROOT });
    const exit = await term.waitForExit();
    assert.equal(exit.exitCode, 0, term.output());
    const lines = term.output().replace(/\r/g, '').split('\n');
    assert.ok(lines.some((l) => /^NAME +W STATUS/.test(l)), term.output());
    const widest = Math.max(...lines.map((l) => l.length));
    assert.ok(widest > 80 && widest <= 90, `widest line ${widest}`);
  });

  test('-m 5 is refused before connecting: exit 1, even with a missing socket', async () => {
    const r = await hatop('-s', path.join(tmp, 'missing.sock'), '--once', '-m', '5');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^hatop-ts: --once shows the views other than 5/);
  });
});

describe('errors and exit codes', () => {
  test('a missing socket: exit 2, one line naming the socket, no stack trace', async () => {
    const sock = path.join(tmp, 'nope.sock');
    for (const output of ['--once', '--json']) {
      const r = await hatop('-s', sock, output);
      assert.equal(r.code, 2);
      assertOneLine(r, new RegExp(`^hatop-ts: cannot talk to HAProxy at ${sock.replace(/\./g, '\\.')}: no such socket$`));
    }
  });

  test('a regular file as the socket: exit 2, one line', async () => {
    const file = path.join(tmp, 'regular.sock');
    fs.writeFileSync(file, 'not a socket\n');
    const r = await hatop('-s', file, '--json');
    assert.equal(r.code, 2);
    assertOneLine(r, /^hatop-ts: cannot talk to HAProxy at .*regular\.sock: .*not a socket$/);
  });

  test('a TCP port nobody listens on: exit 2, one line', async () => {
    const r = await hatop('-t', '127.0.0.1:1', '--once');
    assert.equal(r.code, 2);
    assertOneLine(r, /^hatop-ts: cannot talk to HAProxy at 127\.0\.0\.1:1: connection refused/);
  });

  test('bad options: exit 1, the reason on one line then the --help hint', async () => {
    for (const args of [['-s', lab.adminSocket, '--bogus'], ['-s', lab.adminSocket, '-i', '0.4'], ['-t', '::1:9999'], []]) {
      const r = await hatop(...args);
      assert.equal(r.code, 1, `${args.join(' ')}: ${r.stderr}`);
      assert.equal(r.stdout, '');
      const lines = r.stderr.trimEnd().split('\n');
      assert.equal(lines.length, 2, r.stderr);
      assert.match(lines[0]!, /^hatop-ts: \S/);
      assert.equal(lines[1], 'Try hatop-ts --help.');
    }
  });

  test('--help and --version print on stdout and exit 0', async () => {
    const help = await hatop('--help');
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: hatop-ts/);
    assert.match(help.stdout, /Exit codes:/);
    const version = await hatop('-V');
    assert.equal(version.code, 0);
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    assert.equal(version.stdout, `hatop-ts ${pkg.version}\n`);
  });

  test('the interactive screen with stdout not a terminal: exit 1 with the --once/--json hint', async () => {
    const r = await hatop('-s', lab.adminSocket);
    assert.equal(r.code, 1);
    assertOneLine(r, /^hatop-ts: standard output is not a terminal; use --once or --json for plain output$/);
  });

  test('the interactive screen with a missing socket, in a terminal: exit 2, one line, screen untouched', async () => {
    const sock = path.join(tmp, 'gone.sock');
    const term = spawnHatop(['-s', sock], { cwd: REPO_ROOT });
    const exit = await term.waitForExit();
    assert.equal(exit.exitCode, 2, term.output());
    const text = term.output().replace(/\r/g, '').trimEnd();
    assert.equal(text, `hatop-ts: cannot talk to HAProxy at ${sock}: no such socket`);
    // No alternate screen was entered: blessed never started.
    assert.doesNotMatch(term.output(), /\x1b\[\?1049h/);
  });

  test('--json and --once never load blessed; --version loads neither blessed nor the view', async () => {
    const script = (args: string[]): string =>
      `require('./dist/src/cli.js').main(${JSON.stringify(['node', 'hatop-ts', ...args])}).then(() => {` +
      `const keys = Object.keys(require.cache);` +
      `process.stderr.write(JSON.stringify({ blessed: keys.filter((k) => k.includes('blessed')).length,` +
      ` view: keys.filter((k) => k.includes('/dist/src/view/')).length }));` +
      `});`;
    for (const args of [['-s', lab.adminSocket, '--json'], ['-s', lab.adminSocket, '--once', '-m', '3']]) {
      const r = await runNode(['-e', script(args)]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal((JSON.parse(r.stderr) as { blessed: number }).blessed, 0, args.join(' '));
    }
    const r = await runNode(['-e', script(['--version'])]);
    assert.deepEqual(JSON.parse(r.stderr), { blessed: 0, view: 0 });
  });
});
