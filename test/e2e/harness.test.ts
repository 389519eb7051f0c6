// Proves the end-to-end harness (test/support/pty.ts) on small programs written here, independent of
// hatop-ts's own screen: keys arrive byte for byte, the screen, colours, resizes, exits, timeouts and the
// alternate screen are read the way a real xterm shows them.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { KEYS, type KeyName, type NamedKey, keySequence } from '../support/keys';
import { REPO_ROOT, type Term, killAll, spawnTerm } from '../support/pty';

after(killAll);

/** Runs a JavaScript program under the pty. */
function spawnNode(script: string, opts: { cols?: number; rows?: number } = {}): Term {
  return spawnTerm(process.execPath, ['-e', script], opts);
}

// Raw mode; prints "READY <cols>x<rows>", then "KEY <n> <hex>" for every read and "SIZE <cols>x<rows>" on
// every resize; exits 0 on a lone 'q' (hex 71).
const KEY_ECHO = `
let n = 0;
process.stdin.setRawMode(true);
process.stdin.on('data', (b) => {
  const hex = b.toString('hex');
  process.stdout.write('KEY ' + (++n) + ' ' + hex + '\\r\\n');
  if (hex === '71') process.exit(0);
});
process.stdout.on('resize', () => {
  process.stdout.write('SIZE ' + process.stdout.columns + 'x' + process.stdout.rows + '\\r\\n');
});
process.stdout.write('READY ' + process.stdout.columns + 'x' + process.stdout.rows + '\\r\\n');
`;

const hex = (s: string): string => Buffer.from(s, 'utf8').toString('hex');

/** Presses one key and waits until the echo program reports read number `n`; returns the bytes it read. */
async function pressAndRead(t: Term, key: KeyName, n: number): Promise<string> {
  t.press(key);
  const re = new RegExp(`^KEY ${n} ([0-9a-f]+)$`);
  await t.waitFor(re, { what: `read #${n} after pressing ${key}`, timeoutMs: 5000 });
  const at = t.find(re);
  assert.ok(at);
  const match = re.exec(t.lines()[at.row] ?? '');
  assert.ok(match?.[1]);
  return match[1];
}

describe('keys', () => {
  test('the key table holds the xterm sequences blessed expects', () => {
    // Written out independently of keys.ts, from xterm's and blessed's tables.
    const expected: Partial<Record<NamedKey, string>> = {
      up: '1b5b41',
      down: '1b5b42',
      right: '1b5b43',
      left: '1b5b44',
      home: '1b5b48',
      end: '1b5b46',
      pageup: '1b5b357e',
      pagedown: '1b5b367e',
      enter: '0d',
      tab: '09',
      backtab: '1b5b5a',
      escape: '1b',
      space: '20',
      backspace: '7f',
      delete: '1b5b337e',
      f1: '1b4f50',
      f4: '1b4f53',
      f5: '1b5b31357e',
      f6: '1b5b31377e',
      f9: '1b5b32307e',
      f10: '1b5b32317e',
      f11: '1b5b32337e',
      f12: '1b5b32347e',
      'ctrl-c': '03',
      'ctrl-u': '15',
      'ctrl-w': '17',
      'alt-1': '1b31',
      'alt-5': '1b35',
    };
    for (const [name, bytes] of Object.entries(expected)) {
      assert.equal(hex(KEYS[name as NamedKey]), bytes, name);
    }
    assert.equal(keySequence('q'), 'q');
    assert.equal(keySequence('1'), '1');
    assert.equal(keySequence('~'), '~');
    assert.throws(() => keySequence('f13' as KeyName), /unknown key name "f13"/);
  });

  test('every named key reaches the program byte for byte, one read per press', async () => {
    const t = spawnNode(KEY_ECHO);
    await t.waitFor('READY', { what: 'the echo program to start' });
    const named = Object.keys(KEYS).filter((k) => k.length > 1) as NamedKey[];
    assert.ok(named.length >= 35, `only ${named.length} named keys`);
    let n = 0;
    for (const key of named) {
      assert.equal(await pressAndRead(t, key, ++n), hex(KEYS[key]), key);
    }
    assert.equal(await pressAndRead(t, 'f10', ++n), '1b5b32317e');
    t.type('hello');
    await t.waitFor(`KEY ${++n} ${hex('hello')}`, { what: 'the typed text' });
    t.press('q');
    assert.deepEqual(await t.waitForExit(), { exitCode: 0 });
  });

  test('the terminal answers a cursor-position query, as a real xterm does', async () => {
    const t = spawnNode(`${KEY_ECHO}; process.stdout.write('AB\\x1b[6n');`);
    // Row 2 (after READY), column 3 (after "AB"), 1-based: ESC [ 2 ; 3 R.
    await t.waitFor(`KEY 1 ${hex('\x1b[2;3R')}`, { what: 'the cursor position report' });
    t.kill('SIGKILL');
    await t.waitForExit();
  });
});

describe('screen', () => {
  test('lines() holds one trimmed string per row, text() joins them, find() locates text', async () => {
    const t = spawnNode(`${KEY_ECHO}; process.stdout.write('\\x1b[5;11Hmiddle of row 5   ');`, { cols: 60, rows: 12 });
    await t.waitFor('middle of row 5', { what: 'the positioned text' });
    const lines = t.lines();
    assert.equal(lines.length, 12);
    assert.equal(lines[0], 'READY 60x12');
    assert.equal(lines[4], '          middle of row 5');
    assert.equal(lines[11], '');
    assert.equal(t.text(), lines.join('\n'));
    assert.deepEqual(t.find('middle'), { row: 4, col: 10 });
    const g = /row \d/g;
    assert.deepEqual(t.find(g), { row: 4, col: 20 });
    assert.deepEqual(t.find(g), { row: 4, col: 20 }, 'a /g regex gives the same answer twice');
    assert.equal(t.find('absent'), undefined);
    t.press('q');
    await t.waitForExit();
  });

  test('cell() reads colours, bold and inverse', async () => {
    const t = spawnNode(
      `process.stdout.write('\\x1b[31mRED\\x1b[0m plain \\x1b[1;7;38;5;208mBIG\\x1b[0m \\x1b[44mBG\\x1b[0m \\x1b[38;2;1;2;3mTC\\x1b[0m END');` +
        'setInterval(() => {}, 1000);',
    );
    await t.waitFor('END', { what: 'the coloured line' });
    assert.equal(t.lines()[0], 'RED plain BIG BG TC END');
    assert.deepEqual(t.cell(0, 0), { char: 'R', fg: 1, bg: -1, bold: false, inverse: false });
    assert.deepEqual(t.cell(0, 4), { char: 'p', fg: -1, bg: -1, bold: false, inverse: false });
    assert.deepEqual(t.cell(0, 10), { char: 'B', fg: 208, bg: -1, bold: true, inverse: true });
    assert.deepEqual(t.cell(0, 14), { char: 'B', fg: -1, bg: 4, bold: false, inverse: false });
    assert.equal(t.cell(0, 17).fg, 0x010203);
    assert.equal(t.cell(0, 30).char, ' ');
    assert.throws(() => t.cell(35, 0), RangeError);
    assert.throws(() => t.cell(0, 120), RangeError);
    t.kill('SIGKILL');
    await t.waitForExit();
  });

  test('resize() resizes the xterm and the pty: the program sees the new size', async () => {
    const t = spawnNode(KEY_ECHO);
    await t.waitFor('READY 120x35', { what: 'the initial size' });
    t.resize(100, 30);
    await t.waitFor('SIZE 100x30', { what: 'the program to see the new size' });
    assert.equal(t.lines().length, 30);
    t.resize(70, 40);
    await t.waitFor('SIZE 70x40', { what: 'the second resize' });
    assert.equal(t.lines().length, 40);
    t.press('q');
    await t.waitForExit();
  });

  test('the alternate screen is entered and left like in xterm', async () => {
    const script = `
      process.stdin.setRawMode(true);
      process.stdout.write('on the main screen\\r\\n');
      setTimeout(() => process.stdout.write('\\x1b[?1049h\\x1b[H\\x1b[2Jon the alternate screen'), 50);
      process.stdin.once('data', () => {
        process.stdout.write('\\x1b[?1049l');
        process.stdout.write('back\\r\\n', () => process.exit(0));
      });
    `;
    const t = spawnNode(script);
    await t.waitFor('on the alternate screen', { what: 'the alternate screen' });
    assert.equal(t.find('on the main screen'), undefined, 'the main screen is hidden');
    t.press('space');
    assert.deepEqual(await t.waitForExit(), { exitCode: 0 });
    assert.equal(t.lines()[0], 'on the main screen');
    assert.equal(t.lines()[1], 'back');
    assert.equal(t.find('alternate'), undefined, 'the alternate screen is gone');
    assert.ok(t.output().includes('\x1b[?1049l'), 'raw output shows the alternate screen was left');
  });
});

describe('waiting and exits', () => {
  test('waitFor times out with what it waited for and the whole screen in the message', async () => {
    const t = spawnNode(KEY_ECHO, { cols: 40, rows: 5 });
    await t.waitFor(/^READY/, { what: 'the echo program' });
    const started = Date.now();
    await assert.rejects(t.waitFor('NEVER', { timeoutMs: 300, what: 'the word NEVER' }), (err: Error) => {
      assert.match(err.message, /timed out after 300 ms waiting for the word NEVER/);
      assert.match(err.message, /40x5 normal screen/);
      assert.match(err.message, / 0\|READY 40x5\n 1\|\n 2\|\n 3\|\n 4\|\n--- end of screen ---/);
      return true;
    });
    const took = Date.now() - started;
    assert.ok(took >= 290 && took < 3000, `took ${took} ms`);
    // A function predicate that throws is "not yet"; its last error is quoted.
    await assert.rejects(
      t.waitFor(
        (term) => {
          throw new Error(`row 0 is ${term.lines()[0]}`);
        },
        { timeoutMs: 150 },
      ),
      /waiting for a screen condition \(last error: row 0 is READY 40x5\)/,
    );
    t.press('q');
    await t.waitForExit();
  });

  test('waitFor with a function predicate resolves as soon as the screen matches', async () => {
    const t = spawnNode(KEY_ECHO);
    await t.waitFor((term) => term.lines()[0]?.startsWith('READY') === true);
    const pending = t.waitFor((term) => term.find(/^KEY 1 78$/) !== undefined, { what: 'the x key' });
    t.press('x');
    await pending;
    t.press('q');
    await t.waitForExit();
  });

  test('waitForExit returns the exit code with the final output on screen; waitFor fails at once after exit', async () => {
    const t = spawnNode(`process.stdout.write('goodbye'); process.exitCode = 3;`);
    assert.deepEqual(await t.waitForExit(), { exitCode: 3 });
    assert.equal(t.exited, true);
    assert.equal(t.lines()[0], 'goodbye');
    const started = Date.now();
    await assert.rejects(t.waitFor('never there'), /program exited \(exit code 3\) waiting for never there[^]*goodbye/);
    assert.ok(Date.now() - started < 1000, 'did not wait for the 10 s deadline');
    assert.throws(() => t.press('q'), /has exited/);
  });

  test('kill() sends a signal that waitForExit reports', async () => {
    const t = spawnNode(KEY_ECHO);
    await t.waitFor('READY');
    assert.equal(t.exited, false);
    t.kill('SIGTERM');
    const exit = await t.waitForExit();
    assert.equal(exit.signal, 15);
    t.kill('SIGTERM'); // after the exit: nothing happens
  });

  test('waitForExit times out with the screen when the program keeps running', async () => {
    const t = spawnNode(KEY_ECHO);
    await t.waitFor('READY');
    await assert.rejects(t.waitForExit(200), /timed out after 200 ms waiting for pid \d+ to exit[^]*READY 120x35/);
    t.press('q');
    await t.waitForExit();
  });

  test('a real shell: bash runs a command and exits with its code', async () => {
    const t = spawnTerm('bash', ['--norc', '--noprofile', '-i'], { env: { PS1: 'prompt$ ' } });
    await t.waitFor('prompt$', { what: 'the bash prompt' });
    t.type('echo $((6 * 7))');
    t.press('enter');
    await t.waitFor(/^42$/, { what: 'the result of the arithmetic' });
    t.type('exit 5');
    t.press('enter');
    assert.deepEqual(await t.waitForExit(), { exitCode: 5 });
  });

  test('killAll() SIGKILLs every program still running', async () => {
    const a = spawnNode('setInterval(() => {}, 1000)');
    const b = spawnNode(KEY_ECHO);
    await b.waitFor('READY');
    await killAll();
    assert.equal(a.exited, true);
    assert.equal(b.exited, true);
    assert.equal((await b.waitForExit()).signal, 9);
  });

  test('the repo root holds the hatop-ts launcher spawnHatop runs', () => {
    assert.ok(existsSync(path.join(REPO_ROOT, 'bin', 'hatop-ts')), REPO_ROOT);
    assert.ok(existsSync(path.join(REPO_ROOT, 'package.json')), REPO_ROOT);
  });
});
