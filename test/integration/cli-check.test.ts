// `hatop-ts --check`, the built CLI against a real HAProxy lab: the monitoring plugin's line, -v, exit codes
// 0-3, --crit/--warn, -p/-f. The lab's bk_static/broken is always DOWN, so the whole lab is CRITICAL; the
// other proxies are OK until a test puts a server in maintenance (and puts it back before it ends).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startLab, type Lab } from '../support/lab';
import { FakeHaproxy, labAnswer, reply } from '../support/fake-haproxy';
import { waitFor } from '../support/wait';
import { runHatop, type Ran } from '../support/run-cli';


/** Runs the CLI with piped stdio, as a monitoring server runs a plugin, and collects what it prints. */
const hatop = (...args: string[]): Promise<Ran> => runHatop(args);

/** A check's run: the exit code, and the lines of stdout; a plugin says nothing on stderr. */
async function check(...args: string[]): Promise<{ code: number | null; lines: string[] }> {
  const r = await hatop('-s', lab.adminSocket, '--check', ...args);
  assert.equal(r.stderr, '', `stderr of --check ${args.join(' ')}`);
  assert.ok(r.stdout.endsWith('\n'), `stdout ends with a newline: ${JSON.stringify(r.stdout)}`);
  return { code: r.code, lines: r.stdout.slice(0, -1).split('\n') };
}

const perf = (total: number, ok: number, warning: number, critical: number, unknown = 0): string =>
  ` | total=${total} ok=${ok} warning=${warning} critical=${critical} unknown=${unknown}`;

const BROKEN = 'bk_static/broken DOWN (L4CON: Layer4 connection problem, info: "Connection refused")';

let lab: Lab;
let total: number;

before(async () => {
  lab = await startLab();
  total = (await lab.showStat()).length;
});

after(async () => {
  await lab?.stop();
});

/** Sets servers to a state, runs `body`, and always makes them ready again and waits until they are UP. */
async function withState(state: 'maint' | 'drain', servers: readonly string[], body: () => Promise<void>): Promise<void> {
  try {
    for (const s of servers) assert.equal((await lab.rawCommand(`set server ${s} state ${state}`)).trim(), '');
    const [px, sv] = servers[0]!.split('/') as [string, string];
    await waitFor(async () => (await lab.statusOf(px, sv)) === state.toUpperCase(), { timeoutMs: 5000, what: `${servers[0]} ${state}` });
    await body();
  } finally {
    for (const s of servers) await lab.rawCommand(`set server ${s} state ready`);
    for (const s of servers) {
      const [px, sv] = s.split('/') as [string, string];
      await waitFor(async () => (await lab.statusOf(px, sv)) === 'UP', { timeoutMs: 10_000, what: `${s} UP again` });
    }
  }
}

describe('--check against the lab', () => {
  test('OK (exit 0): proxies with every server UP or "no check"', async () => {
    assert.equal(await lab.statusOf('li_web', 'web2'), 'no check');
    const r = await check('-p', 'bk_app', '-p', 'li_web');
    assert.equal(r.code, 0);
    assert.deepEqual(r.lines, [`OK: 8 services in 2 proxies, all OK${perf(8, 8, 0, 0)}`]);
    // Nothing is not OK, so -v adds nothing.
    assert.deepEqual((await check('-p', 'bk_app', '-p', 'li_web', '-v')).lines, r.lines);
  });

  test('CRITICAL (exit 2): the whole lab, bk_static/broken DOWN; -v gives its check', async () => {
    const r = await check();
    assert.equal(r.code, 2);
    assert.deepEqual(r.lines, [`CRITICAL: 1 DOWN (bk_static/broken)${perf(total, total - 1, 0, 1)}`]);
    const v = await check('-v');
    assert.equal(v.code, 2);
    assert.deepEqual(v.lines, [r.lines[0], BROKEN]);
  });

  test('WARNING (exit 1): a server in MAINT; CRITICAL elsewhere names only the critical one', async () => {
    await withState('maint', ['bk_app/nginx1'], async () => {
      const r = await check('-p', 'bk_app', '-v');
      assert.equal(r.code, 1);
      assert.deepEqual(r.lines, [`WARNING: 1 MAINT (bk_app/nginx1)${perf(3, 2, 1, 0)}`, 'bk_app/nginx1 MAINT']);

      const all = await check('-v');
      assert.equal(all.code, 2);
      assert.deepEqual(all.lines, [`CRITICAL: 1 DOWN (bk_static/broken); 1 MAINT${perf(total, total - 2, 1, 1)}`, BROKEN, 'bk_app/nginx1 MAINT']);

      // --crit and --warn move MAINT up or out.
      const crit = await check('-p', 'bk_app', '--crit', 'maint');
      assert.equal(crit.code, 2);
      assert.deepEqual(crit.lines, [`CRITICAL: 1 MAINT (bk_app/nginx1)${perf(3, 2, 0, 1)}`]);
      const ignored = await check('-p', 'bk_app', '--warn', 'drain');
      assert.equal(ignored.code, 0);
      assert.match(ignored.lines[0]!, /^OK: 3 services in 1 proxy, all OK \|/);
    });
  });

  test('DRAIN warns, with the check still shown', async () => {
    await withState('drain', ['bk_api/api1'], async () => {
      const r = await check('-p', 'bk_api', '-v');
      assert.equal(r.code, 1);
      assert.equal(r.lines[0], `WARNING: 1 DRAIN (bk_api/api1)${perf(4, 3, 1, 0)}`);
      assert.match(r.lines[1] ?? '', /^bk_api\/api1 DRAIN \(L4OK: Layer4 check passed\)$/);
    });
  });

  test('--crit none --warn down, and --crit backend:down --warn down: a lone DOWN server only warns', async () => {
    for (const args of [['--crit', 'none', '--warn', 'down'], ['--crit', 'backend:down', '--warn', 'DOWN,maint']]) {
      const r = await check(...args, '-v');
      assert.equal(r.code, 1, args.join(' '));
      assert.deepEqual(r.lines, [`WARNING: 1 DOWN (bk_static/broken)${perf(total, total - 1, 1, 0)}`, BROKEN]);
    }
  });

  test('a backend with no server left is CRITICAL under backend:down', async () => {
    await withState('maint', ['bk_static/static1', 'bk_static/nginx1'], async () => {
      await waitFor(async () => (await lab.statusOf('bk_static', 'BACKEND')) === 'DOWN', { timeoutMs: 5000, what: 'bk_static DOWN' });
      const byDefault = await check('-p', 'bk_static');
      assert.equal(byDefault.code, 2);
      assert.equal(byDefault.lines[0], `CRITICAL: 2 DOWN (bk_static/broken, bk_static/BACKEND); 2 MAINT${perf(4, 0, 2, 2)}`);
      const r = await check('-p', 'bk_static', '--crit', 'backend:down', '--warn', 'down,maint', '-v');
      assert.equal(r.code, 2);
      // Warnings in the order HAProxy lists them: the two in MAINT come before broken.
      assert.deepEqual(r.lines, [
        `CRITICAL: 1 DOWN (bk_static/BACKEND); 2 MAINT; 1 DOWN${perf(4, 0, 3, 1)}`,
        'bk_static/BACKEND DOWN',
        'bk_static/static1 MAINT',
        'bk_static/nginx1 MAINT',
        BROKEN,
      ]);
    });
  });

  test('-f chooses the rows as for --once: bk_static is CRITICAL, bk_app OK, server rows only', async () => {
    const rows = await lab.showStat();
    const iid = (px: string): string => rows.find((r) => r['pxname'] === px)?.['iid'] ?? 'missing';
    const app = await check('-f', `${iid('bk_app')} -1 -1`);
    assert.equal(app.code, 0);
    assert.match(app.lines[0]!, /^OK: 3 services in 1 proxy, all OK \|/);
    const stat = await check('-f', `${iid('bk_static')} 4 -1`);
    assert.equal(stat.code, 2);
    assert.deepEqual(stat.lines, [`CRITICAL: 1 DOWN (bk_static/broken)${perf(3, 2, 0, 1)}`]);
  });

  test('UNKNOWN (exit 3): a -p name that matches nothing, a -f that selects nothing', async () => {
    const nope = await check('-p', 'bk_nope');
    assert.equal(nope.code, 3);
    assert.deepEqual(nope.lines, [`UNKNOWN: no proxy named "bk_nope"${perf(0, 0, 0, 0)}`]);
    const partly = await check('-p', 'bk_nope', '-p', 'bk_app');
    assert.equal(partly.code, 3);
    assert.deepEqual(partly.lines, [`UNKNOWN: no proxy named "bk_nope"${perf(3, 3, 0, 0)}`]);
    const empty = await check('-f', '9999 -1 -1');
    assert.equal(empty.code, 3);
    assert.deepEqual(empty.lines, [`UNKNOWN: no service to check${perf(0, 0, 0, 0)}`]);
  });

  test('a bad state word is UNKNOWN (exit 3), said on stdout', async () => {
    const r = await check('--crit', 'dwon');
    assert.equal(r.code, 3);
    assert.equal(r.lines.length, 1);
    assert.match(r.lines[0]!, /^UNKNOWN: --crit: unknown state "dwon"; use up, down, .* \(see hatop-ts --help\)$/);
  });

  test('over TCP too', async () => {
    const r = await hatop('-t', lab.tcpAddress, '--check', '-p', 'bk_static');
    assert.equal(r.code, 2);
    assert.equal(r.stdout, `CRITICAL: 1 DOWN (bk_static/broken)${perf(4, 3, 0, 1)}\n`);
  });
});

describe('--check when HAProxy cannot be read: UNKNOWN (exit 3), never 2, the reason on stdout', () => {
  test('a missing socket', async () => {
    const sock = path.join(lab.dir, 'missing.sock');
    const r = await hatop('-s', sock, '--check', '-v');
    assert.equal(r.code, 3);
    assert.equal(r.stdout, `UNKNOWN: cannot talk to HAProxy at ${sock}: no such socket\n`);
    assert.equal(r.stderr, '');
  });

  test('a refused TCP connection', async () => {
    const r = await hatop('-t', '127.0.0.1:1', '--check');
    assert.equal(r.code, 3);
    assert.match(r.stdout, /^UNKNOWN: cannot talk to HAProxy at 127\.0\.0\.1:1: connection refused.*\n$/);
    assert.equal(r.stderr, '');
  });

  test('a peer that never answers (--timeout), and one that answers something else', async () => {
    const fake = await FakeHaproxy.start();
    try {
      fake.handler = (command) => (command === 'show stat' ? { kind: 'stall' } : labAnswer(command));
      const slow = await hatop('-s', fake.path, '--check', '--timeout', '0.3');
      assert.equal(slow.code, 3);
      assert.match(slow.stdout, /^UNKNOWN: cannot talk to HAProxy at .*admin\.sock: .*\n$/);
      assert.equal(slow.stdout.split('\n').length, 2);
      assert.equal(slow.stderr, '');

      fake.handler = (command) => (command === 'show stat' ? reply('Unknown command. | not CSV\n') : labAnswer(command));
      const garbage = await hatop('-s', fake.path, '--check');
      assert.equal(garbage.code, 3);
      assert.match(garbage.stdout, /^UNKNOWN: cannot talk to HAProxy at .*: unexpected answer to "show stat": Unknown command\. \? not CSV\n$/);
      assert.equal(garbage.stderr, '');
    } finally {
      await fake.stop();
    }
  });
});
