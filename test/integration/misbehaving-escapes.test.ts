// A peer whose every `show info` and `show stat` field holds escape sequences (colours, a window title, a screen
// clear, C1 controls) and blessed tags. The data is usable, so everything works (exit 0, the table on screen), and
// none of it may act on the terminal: shown as text (`^[[41m` or `?[41m`), never obeyed.
import { test, describe, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { FakeHaproxy, defaultAnswer, reply } from '../support/fake-haproxy';
import { readFixture } from '../support/fixtures';
import { killAll, spawnHatop, type Term } from '../support/pty';
import { waitScreen } from '../support/tui';

const BIN = path.join(__dirname, '../../../bin/hatop-ts');

/** What a terminal would obey: C0 controls but newline (ESC, BEL...), DEL, C1 controls (CSI as U+009B...). */
const CONTROL = /[\x00-\x09\x0b-\x1f\x7f-\x9f]/;

const DESCRIPTION = '\x1b[41mDESC\x1b]0;pwned\x07 \x1b[2J';
/** Appended to the other fields in turn. No comma, quote or line break: the CSV and the info lines stay well formed. */
const EVIL = ['{red-bg}', '\x1b[31m', '\x9b41m', '{/}{bold}', '\x1b]2;pwned2\x1b\\', '\x07', '\x1b[?1049l'] as const;
const evil = (i: number): string => EVIL[i % EVIL.length] ?? '';

/** `show info` with every value poisoned, and a description and node of its own. */
function poisonedInfo(): Map<string, string> {
  const info = new Map<string, string>();
  readFixture('info-2.6.txt')
    .split('\n')
    .filter((l) => l.includes(': '))
    .forEach((line, i) => {
      const at = line.indexOf(': ');
      info.set(line.slice(0, at), `${line.slice(at + 2)}${evil(i)}`);
    });
  info.set('node', '{red-bg}node\x1b[31m');
  info.set('description', DESCRIPTION);
  return info;
}

/** `show stat` with every field poisoned; names as "{red-bg}name\x1b[31m". */
function poisonedStat(): { text: string; rows: Record<string, string>[] } {
  const [header = '', ...lines] = readFixture('stat-2.6.csv').split('\n').filter((l) => l !== '');
  const columns = header.slice(2).split(',');
  const rows = lines.map((line, r) => {
    const row: Record<string, string> = {};
    line.split(',').forEach((value, c) => {
      const name = columns[c];
      if (name === undefined || name === '') return;
      row[name] = name === 'pxname' || name === 'svname' ? `{red-bg}${value}\x1b[31m` : `${value}${evil(r + c)}`;
    });
    return row;
  });
  const text = [header, ...rows.map((row) => `${columns.map((c) => (c === '' ? '' : row[c] ?? '')).join(',')}`)].join('\n');
  return { text: `${text}\n`, rows };
}

const INFO = poisonedInfo();
const STAT = poisonedStat();

let fake: FakeHaproxy;
before(async () => {
  fake = await FakeHaproxy.start();
  fake.handler = (cmd) => {
    if (cmd === 'show info') return reply([...INFO].map(([k, v]) => `${k}: ${v}\n`).join(''));
    if (cmd === 'show stat') return reply(STAT.text);
    return defaultAnswer(cmd);
  };
});
afterEach(() => killAll());
after(async () => {
  await killAll();
  await fake.stop();
});

function run(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, '-s', fake.path, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('one-shot output', () => {
  test('--json: exit 0, no control character in the bytes, the original strings in the document', async () => {
    const r = await run(['--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.doesNotMatch(r.stdout, CONTROL, 'a raw control character on stdout');
    const report = JSON.parse(r.stdout) as { info: Record<string, string>; services: { proxy: string; name: string; stats: Record<string, unknown> }[] };
    assert.deepEqual(report.info, Object.fromEntries(INFO));
    assert.deepEqual(
      report.services.map((s) => [s.proxy, s.name]),
      STAT.rows.map((row) => [row['pxname'], row['svname']]),
    );
    const first = report.services[0];
    assert.equal(first?.stats['status'], STAT.rows[0]?.['status']);
  });

  test('--once: exit 0, the names shown with their escapes as text, nothing a terminal would obey', async () => {
    const r = await run(['--once', '--width', '200']);
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stdout + r.stderr, CONTROL, 'a raw control character on stdout or stderr');
    assert.match(r.stdout, /\{red-bg\}fe_main(\^\[|\?)\[31m/);
  });
});

/** Every cell with a red background (palette 1 or 9, as "\x1b[41m" or {red-bg} would give). */
function redCells(term: Term): string[] {
  const found: string[] = [];
  term.lines().forEach((_, row) => {
    for (let col = 0; col < 200; col++) {
      const bg = term.cell(row, col).bg;
      if (bg === 1 || bg === 9) found.push(`${row}:${col}`);
    }
  });
  return found;
}

describe('the interactive screen', () => {
  test('shows the escapes as text; no red background, no new window title, no bell; q quits cleanly', async () => {
    const term = spawnHatop(['-s', fake.path, '-i', '0.5', '--timeout', '2'], { cols: 200, rows: 40 });
    // The description (in the header) and a proxy name, both visibly escaped.
    await waitScreen(term, (t) => t.find(/(\^\[|\?)\[41mDESC/) !== undefined && t.find('{red-bg}be_app') !== undefined, {
      what: 'the description and the proxy names shown as text',
    });
    // A second refresh of the same data: whatever one frame let through, the next would show too.
    const frames = term.output().length;
    await waitScreen(term, (t) => t.output().length > frames, { what: 'another frame' });
    assert.deepEqual(redCells(term), [], 'cells with a red background');
    assert.ok(term.titles().every((t) => t === 'hatop-ts'), `the window title was changed: ${JSON.stringify(term.titles())}`);
    assert.equal(term.bells(), 0, 'the bell rang');
    for (const raw of ['\x1b]0;pwned', '\x1b]2;pwned2', '\x1b[41m', '\x9b']) {
      assert.ok(!term.output().includes(raw), `${JSON.stringify(raw)} reached the terminal`);
    }
    assert.ok(term.find('HAProxy Version') !== undefined, 'the screen was not cleared under the header');
    term.press('q');
    assert.deepEqual(await term.waitForExit(5000), { exitCode: 0 });
    assert.ok(term.output().lastIndexOf('\x1b[?1049l') > term.output().lastIndexOf('\x1b[?1049h'), 'the alternate screen was left');
  });
});
