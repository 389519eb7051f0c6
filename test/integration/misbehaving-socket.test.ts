// The built CLI's one-shot paths (--json, --once) against a socket that misbehaves the ways a real HAProxy cannot
// be made to: something else answering, garbage, half a reply, a flood, a hang-up, a trickle. Each must end with
// usable data (exit 0) or exactly one line on stderr naming the cause (exit 2), never a stack trace, a hang or a
// control character on the terminal.
import { test, describe, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { runHatop, type Ran } from '../support/run-cli';
import { FakeHaproxy, labAnswer, prompted, reply, type FakeAction, type FakeHandler } from '../support/fake-haproxy';


/** Runs the CLI with piped stdio; a run that does not exit within `limitMs` is a hang, killed and failed. */
const hatop = (args: readonly string[], limitMs = 10_000): Promise<Ran> => runHatop(args, { timeoutMs: limitMs, stdin: 'ignore' });

/** Characters a terminal would act on: C0 (newline aside), DEL, C1 (read as UTF-8, as the CLI writes them). */
const CONTROL = /[\x00-\x09\x0b-\x1f\x7f-\x9f]/;

/** Exit 2, nothing on stdout, one printable line on stderr: "hatop-ts: cannot talk to HAProxy at <socket>: <cause>". */
function assertFails(r: Ran, socket: string, cause: string | RegExp): void {
  assert.equal(r.code, 2, `exit code; stderr: ${r.stderr}`);
  assert.equal(r.stdout, '');
  assert.doesNotMatch(r.stderr, CONTROL, 'no control character on stderr');
  assert.doesNotMatch(r.stderr, /^\s+at /m, 'no stack trace');
  assert.match(r.stderr, /^[^\n]+\n$/, `exactly one line on stderr, got:\n${r.stderr}`);
  const prefix = `hatop-ts: cannot talk to HAProxy at ${socket}: `;
  assert.ok(r.stderr.startsWith(prefix), r.stderr);
  const got = r.stderr.slice(prefix.length, -1);
  if (typeof cause === 'string') assert.equal(got, cause);
  else assert.match(got, cause);
}

/** Healthy except for `command`, answered with `action`. */
const except = (command: string, action: FakeAction): FakeHandler => (cmd) => (cmd === command ? action : labAnswer(cmd));

let fake: FakeHaproxy;
beforeEach(async () => {
  fake = await FakeHaproxy.start();
  fake.handler = labAnswer;
});
afterEach(() => fake.stop());

const json = (...more: string[]): Promise<Ran> => hatop(['-s', fake.path, '--json', ...more]);
const once = (...more: string[]): Promise<Ran> => hatop(['-s', fake.path, '--once', '--width', '120', ...more]);

describe('the fake answers like HAProxy', () => {
  // The baseline every other case departs from: if this fails, the others prove nothing.
  test('--json and --once print the recorded instance', async () => {
    const r = await json();
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    const report = JSON.parse(r.stdout) as { info: Record<string, unknown>; services: { proxy: string; name: string }[] };
    assert.equal(String(report.info['Pid']), '2988');
    assert.ok(report.services.some((s) => s.proxy === 'be_app' && s.name === 'app1'));
    const o = await once();
    assert.equal(o.code, 0, o.stderr);
    assert.match(o.stdout, /app1/);
  });
});

describe('something that is not the runtime API answers at connect', () => {
  const cases: readonly (readonly [string, FakeAction, string])[] = [
    ['an HTTP server', { kind: 'cut', bytes: 'HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n' }, `it is not HAProxy's runtime API: it answered "prompt" with an HTTP reply ("HTTP/1.1 400 Bad Request")`],
    ['binary', { kind: 'raw', bytes: Buffer.from([0, 0x9b, 0x1b, 0x07, 0xff, 0x10]) }, `it is not HAProxy's runtime API: it answered "prompt" with binary data (00 9b 1b 07 ff 10)`],
    ['text with escapes', { kind: 'raw', bytes: '\x1b]0;pwned\x07\x1b[2Jhello\r\n' }, `it is not HAProxy's runtime API: it answered "prompt" with "^[]0;pwned^G^[[2Jhello"`],
  ];
  for (const [name, action, cause] of cases) {
    test(`${name}: exit 2 naming it, at once rather than at the timeout`, async () => {
      fake.handler = except('prompt', action);
      // A long timeout: named at once, it cannot be the timeout (hatop() fails a run past 10 s as a hang).
      const r = await json('--timeout', '30');
      assertFails(r, fake.path, cause);
    });
  }

  test('an SSH server (it speaks first): --once says so too', async () => {
    fake.onAccept = () => ({ kind: 'raw', bytes: 'SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n' });
    fake.handler = except('prompt', { kind: 'stall' });
    assertFails(await once(), fake.path, `it is not HAProxy's runtime API: it answered "prompt" with an SSH server's greeting ("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3")`);
  });
});

describe('garbage as the answer to show stat', () => {
  test('binary and no end: named as binary at the timeout', async () => {
    fake.handler = except('show stat', { kind: 'raw', bytes: Buffer.from([0x16, 0x00, 0xfe, 0x1b, 0x5b, 0x32, 0x4a]) });
    const r = await json('--timeout', '1');
    assertFails(r, fake.path, `it is not HAProxy's runtime API: it answered "show stat" with binary data (16 00 fe 1b 5b 32 4a)`);
    assert.ok(r.ms >= 900, `failed after ${r.ms} ms, before the 1 s timeout`);
  });

  test('an HTTP reply, then a hang-up: named at once', async () => {
    fake.handler = except('show stat', { kind: 'cut', bytes: 'HTTP/1.0 502 Bad Gateway\r\n\r\n' });
    assertFails(await json('--timeout', '30'), fake.path, `it is not HAProxy's runtime API: it answered "show stat" with an HTTP reply ("HTTP/1.0 502 Bad Gateway")`);
  });

  test('text with a proper end that is not CSV: quoted, escapes shown, not obeyed (--json and --once)', async () => {
    fake.handler = except('show stat', reply('<html>\x1b[31mhello\x07</html>\n'));
    const cause = 'unexpected answer to "show stat": <html>^[[31mhello^G</html>';
    assertFails(await json(), fake.path, cause);
    assertFails(await once(), fake.path, cause);
  });
});

describe('half a reply', () => {
  test('then silence: a timeout that says how much came', async () => {
    fake.handler = except('show stat', { kind: 'raw', bytes: '# pxname,svname,status\nfe_main,FRONT' });
    const r = await json('--timeout', '1');
    assertFails(r, fake.path, 'it did not finish answering "show stat" within 1 s (36 bytes came, starting "# pxname,svname,status")');
  });

  test('then a hang-up: closed in the middle of the answer', async () => {
    fake.handler = except('show stat', { kind: 'cut', bytes: '# pxname,svname,status\nfe_main,FRONT' });
    assertFails(await once('--timeout', '5'), fake.path, 'it closed the connection before finishing its answer to "show stat" (36 bytes came, starting "# pxname,svname,status")');
  });
});

describe('a line without end', () => {
  test('50 MB and no prompt: a timeout, quickly, with the size that came', async () => {
    fake.handler = except('show stat', { kind: 'flood', totalBytes: 50 << 20 });
    const r = await json('--timeout', '1');
    assertFails(r, fake.path, /^it did not finish answering "show stat" within 1 s \(\d+(\.\d)? (MiB|KiB) came, starting "x{40}\.\.\."\)$/);
  });
});

describe('a hang-up', () => {
  test('right after accepting: "closed the connection", not EPIPE or ECONNRESET', async () => {
    fake.onAccept = () => ({ kind: 'close' });
    assertFails(await json('--timeout', '5'), fake.path, 'it closed the connection before answering "prompt"');
    assertFails(await once('--timeout', '5'), fake.path, 'it closed the connection before answering "prompt"');
  });

  test('on show stat, before a word', async () => {
    fake.handler = except('show stat', { kind: 'close' });
    assertFails(await json('--timeout', '5'), fake.path, 'it closed the connection before answering "show stat"');
  });
});

describe('one byte every 100 ms', () => {
  const SMALL = '# pxname,svname\nfe,FRONTEND\n';
  const slow = (bytes: string): FakeAction => ({ kind: 'slow', bytes, intervalMs: 100 });

  test('a complete answer within the timeout is used', async () => {
    fake.handler = (cmd, conn) => (cmd === 'prompt' ? slow('\n> ') : except('show stat', slow(prompted(SMALL)))(cmd, conn));
    const r = await json('--timeout', '8');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    const report = JSON.parse(r.stdout) as { services: { proxy: string; name: string }[] };
    assert.deepEqual(report.services.map((s) => `${s.proxy}/${s.name}`), ['fe/FRONTEND']);
    assert.ok(r.ms >= 3000, `took ${r.ms} ms: the answer cannot have been that fast`);
  });

  test('an answer slower than the timeout fails cleanly', async () => {
    fake.handler = except('show stat', slow(prompted(SMALL)));
    const r = await json('--timeout', '1');
    assertFails(r, fake.path, /^it did not finish answering "show stat" within 1 s \(\d+ bytes came, starting "# p[a-z,]*"\)$/);
  });
});
