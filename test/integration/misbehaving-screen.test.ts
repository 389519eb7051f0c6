// The interactive screen (built CLI under a pty) against a socket that misbehaves: a probe that fails keeps the
// screen closed (exit 2, one line); a failure after start is a sentence on the status line while the program keeps
// running; q always quits with exit 0 and the terminal restored.
import { test, describe, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { FakeHaproxy, labAnswer, prompted, type FakeAction, type FakeHandler } from '../support/fake-haproxy';
import { killAll, spawnHatop, type Term } from '../support/pty';
import { waitScreen } from '../support/tui';

// Wide enough for the status line to hold a whole message with the socket's path.
const COLS = 220;
const ROWS = 40;

const except = (command: string, action: FakeAction): FakeHandler => (cmd) => (cmd === command ? action : labAnswer(cmd));
const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

let fake: FakeHaproxy;
beforeEach(async () => {
  fake = await FakeHaproxy.start();
  fake.handler = labAnswer;
});
afterEach(async () => {
  await killAll();
  await fake.stop();
});

function open(timeoutSec = 1): Term {
  return spawnHatop(['-s', fake.path, '-i', '0.5', '--timeout', String(timeoutSec)], { cols: COLS, rows: ROWS });
}

/** Whether a proxy's group (">>> proxy") is on screen with a row for `name` right under it somewhere. */
function shows(term: Term, proxy: string, name: string): boolean {
  const lines = term.lines();
  const group = lines.findIndex((l) => new RegExp(`^\\s*>>> ${escapeRe(proxy)}(\\s|$)`).test(l));
  if (group < 0) return false;
  const rest = lines.slice(group + 1);
  const end = rest.findIndex((l) => l.trim() === '');
  return (end < 0 ? rest : rest.slice(0, end)).some((l) => l.trim().split(/\s+/)[0] === name);
}

/** The answer is on screen (`proxy` with `name`), and nothing says HAProxy is unreachable. */
async function waitTable(term: Term, proxy = 'be_app', name = 'app4'): Promise<void> {
  await waitScreen(term, (t) => shows(t, proxy, name) && t.find(/unreachable|connecting/i) === undefined, {
    timeoutMs: 10_000,
    what: `${proxy}/${name} on screen, HAProxy reachable`,
  });
}

/**
 * "HAProxy unreachable for Ns, retrying every second: <message>" on the screen (or "No usable answer from the
 * socket ..." when something answers that is not the runtime API), the program still running.
 */
async function waitDown(term: Term, message: string | RegExp): Promise<void> {
  const tail = typeof message === 'string' ? escapeRe(message) : message.source;
  // The whole message, then the end of the line or the line's right-hand part (two spaces or more away).
  const answers = /not HAProxy's runtime API|master CLI socket|without finishing it/.test(tail);
  const head = answers ? 'No usable answer from the socket' : 'HAProxy unreachable';
  const line = new RegExp(`^\\s*${head} for \\S+, retrying every second: ${tail}(\\s{2}|$)`);
  // Any row: how the bottom lines are laid out (one status row or two) is not this test's business.
  await waitScreen(term, (t) => t.find(line) !== undefined, { timeoutMs: 10_000, what: `a row saying ${line}` });
  assert.match(term.lines()[0] ?? '', answers ? /\[no usable answer since/ : /\[HAProxy unreachable since/);
  assert.equal(term.exited, false);
}

/** q exits 0; the alternate screen was left and the cursor shown again, with nothing drawn after. */
async function quit(term: Term): Promise<void> {
  term.press('q');
  assert.deepEqual(await term.waitForExit(5000), { exitCode: 0 });
  const out = term.output();
  const leave = out.lastIndexOf('\x1b[?1049l');
  assert.ok(leave > out.lastIndexOf('\x1b[?1049h') && out.includes('\x1b[?1049h'), 'the alternate screen was left');
  assert.ok(out.lastIndexOf('\x1b[?25h') > out.lastIndexOf('\x1b[?25l'), 'the cursor is shown again');
  assert.match(out.slice(leave + '\x1b[?1049l'.length), /^(\x1b\[[0-9;?]*[a-zA-Z]|\r|\n)*$/, 'no output after leaving');
}

describe('the probe fails: exit 2 with one line, the screen never opened', () => {
  const cases: readonly (readonly [string, () => void, string])[] = [
    ['a hang-up right after accepting', () => (fake.onAccept = () => ({ kind: 'close' })), 'it closed the connection before answering "prompt"'],
    ['a TLS server answers', () => (fake.handler = except('prompt', { kind: 'cut', bytes: Buffer.from([0x15, 3, 3, 0, 2, 2, 0x46]) })), `it is not HAProxy's runtime API: it answered "prompt" with TLS bytes (15 03 03 00 02 02 46), as a TLS server sends`],
  ];
  for (const [name, arrange, cause] of cases) {
    test(name, async () => {
      arrange();
      const term = open();
      assert.deepEqual(await term.waitForExit(10_000), { exitCode: 2 });
      const shown = term.lines().filter((l) => l.trim() !== '');
      assert.deepEqual(shown, [`hatop-ts: cannot talk to HAProxy at ${fake.path}: ${cause}`]);
      assert.ok(!term.output().includes('\x1b[?1049h'), 'the screen was never taken over');
    });
  }
});

describe('a failure after start is a sentence on the status line; q quits cleanly', () => {
  const SHOW_STAT_BINARY: FakeAction = { kind: 'raw', bytes: Buffer.from([0x16, 0x00, 0xfe, 0x1b, 0x5b, 0x32, 0x4a]) };
  const cases: readonly (readonly [string, () => void, (socket: string) => string | RegExp])[] = [
    ['garbage as the answer to show stat', () => (fake.handler = except('show stat', SHOW_STAT_BINARY)), (s) => `${s} is not HAProxy's runtime API: it answered "show stat" with binary data (16 00 fe 1b 5b 32 4a)`],
    [
      'half a reply, then silence',
      () => (fake.handler = except('show stat', { kind: 'raw', bytes: '# pxname,svname,status\nfe_main,FRONT' })),
      (s) => `${s} did not finish answering "show stat" within 1 s (36 bytes came, starting "# pxname,svname,status")`,
    ],
    [
      'a 50 MB line without end',
      () => (fake.handler = except('show stat', { kind: 'flood', totalBytes: 50 << 20 })),
      (s) => new RegExp(`${escapeRe(s)} did not finish answering "show stat" within 1 s \\(\\d+(\\.\\d)? (MiB|KiB) came, starting "x{40}\\.\\.\\."\\)`),
    ],
    [
      'a hang-up right after accepting',
      () => {
        fake.onAccept = () => ({ kind: 'close' });
        fake.closeClients();
      },
      (s) => `${s} closed the connection before answering "prompt"`,
    ],
    ['a hang-up on show stat', () => (fake.handler = except('show stat', { kind: 'close' })), (s) => `${s} closed the connection before answering "show stat"`],
  ];
  for (const [name, misbehave, message] of cases) {
    test(name, async () => {
      const term = open();
      await waitTable(term);
      misbehave();
      await waitDown(term, message(fake.path));
      await quit(term);
    });
  }
});

describe('one byte every 100 ms', () => {
  const SMALL = '# pxname,svname\nfe,FRONTEND\n';
  const slowStat = except('show stat', { kind: 'slow', bytes: prompted(SMALL), intervalMs: 100 });

  test('a complete answer within the timeout is shown', async () => {
    fake.handler = slowStat;
    const term = open(5);
    await waitTable(term, 'fe', 'FRONTEND');
    await quit(term);
  });

  test('an answer slower than the timeout is a sentence on the status line', async () => {
    fake.handler = slowStat;
    const term = open(1);
    await waitDown(term, new RegExp(`${escapeRe(fake.path)} did not finish answering "show stat" within 1 s \\(\\d+ bytes came, starting "# p[a-z,]*"\\)`));
    assert.equal(shows(term, 'fe', 'FRONTEND'), false);
    await quit(term);
  });
});
