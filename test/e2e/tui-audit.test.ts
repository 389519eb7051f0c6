// The audit log of the real program on a real HAProxy: F10, an action picked in the ENTER menu and a command typed
// in the CLI view each leave their sent/result pair in the file, `show info` leaves nothing, -n creates nothing,
// and a file that cannot be written is said on the status line while the command still goes.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Lab } from '../support/lab';
import type { Term } from '../support/pty';
import { footer, openHatop, restoreLab, select, sharedLab, statusLine, waitHaproxy, waitScreen, waitWeight } from '../support/tui';

let lab!: Lab;
sharedLab((l) => (lab = l), restoreLab);

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'hatop-audit-e2e-'));
after(() => fs.rmSync(root, { recursive: true, force: true }));
let n = 0;
/** A fresh directory path under the temporary root, not created. */
const fresh = (): string => path.join(root, `case${++n}`);

async function waitNotice(term: Term, text: string | RegExp): Promise<void> {
  await waitScreen(term, (t) => (typeof text === 'string' ? statusLine(t).includes(text) : text.test(statusLine(t))), {
    timeoutMs: 5000,
    what: `the status line to say ${String(text)}`,
  });
}

/** The CLI input line: the row above the status line. */
const inputLine = (term: Term): string => term.lines()[term.lines().length - 3] ?? '';

/** Types a CLI command, sends it, and waits until the line is empty again and `answered` holds. */
async function sendCli(term: Term, command: string, answered: (t: Term) => boolean, what: string): Promise<void> {
  term.type(command);
  await waitScreen(term, (t) => inputLine(t) === ` > ${command}`, { timeoutMs: 3000, what: `"${command}" on the input line` });
  term.press('enter');
  await waitScreen(term, (t) => /^ >$/.test(inputLine(t)) && answered(t), { what });
}

type Line = Record<string, unknown>;
const readLines = (file: string): Line[] => fs.readFileSync(file, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Line);

describe('the audit log', () => {
  test('F10, the menu and a CLI command are recorded as sent/result pairs; show info is not', async () => {
    const state = fresh();
    const file = path.join(state, 'hatop-ts', 'audit.jsonl');
    const term = await openHatop(lab, { interval: 30, env: { XDG_STATE_HOME: state } });
    assert.equal(fs.existsSync(state), false, 'nothing is created before a command is sent');

    await select(term, 'bk_app/nginx2');
    term.press('f10');
    await waitNotice(term, 'Done: maintenance: bk_app/nginx2.');
    await waitHaproxy(lab, 'bk_app/nginx2', 'MAINT');

    await select(term, 'bk_api/nginx2');
    term.press('enter');
    await waitScreen(term, 'F11  d  drain', { timeoutMs: 3000, what: 'the ENTER menu' });
    term.press('d');
    await waitNotice(term, 'Done: drain: bk_api/nginx2.');

    term.press('5');
    await waitScreen(term, (t) => footer(t).includes('ENTER=send') && /^ >$/.test(inputLine(t)), { what: 'the CLI view' });
    await sendCli(term, 'set weight bk_app/nginx1 50', (t) => t.find('> set weight bk_app/nginx1 50') !== undefined, 'the weight command in the log');
    await waitWeight(lab, 'bk_app/nginx1', 50);
    const lastOfInfo = ((await lab.rawCommand('show info')).trimEnd().split('\n').pop() ?? '').split(':')[0] ?? '';
    await sendCli(term, 'show info', (t) => t.find(`${lastOfInfo}:`) !== undefined, 'the end of the show info answer');

    const lines = readLines(file);
    const brief = lines.map((l) => [l['event'], l['command'], JSON.stringify(l['from']), l['outcome']]);
    assert.deepEqual(brief, [
      ['sent', 'set server bk_app/nginx2 state maint', '{"key":"F10"}', undefined],
      ['result', 'set server bk_app/nginx2 state maint', '{"key":"F10"}', 'ok'],
      ['sent', 'set server bk_api/nginx2 state drain', '{"key":"F11","menu":true}', undefined],
      ['result', 'set server bk_api/nginx2 state drain', '{"key":"F11","menu":true}', 'ok'],
      ['sent', 'set weight bk_app/nginx1 50', '{"view":"cli"}', undefined],
      ['result', 'set weight bk_app/nginx1 50', '{"view":"cli"}', 'ok'],
    ]);
    for (let i = 0; i < lines.length; i += 2) assert.equal(lines[i]?.['id'], lines[i + 1]?.['id'], `pair ${i / 2} shares its id`);
    assert.equal(new Set(lines.map((l) => l['id'])).size, 3, 'one id per pair');
    for (const l of lines) {
      assert.equal(l['instance'], 'admin', 'the name derived from admin.sock');
      assert.equal(l['socket'], lab.adminSocket);
      assert.equal(l['user'], os.userInfo().username);
      assert.equal(l['host'], os.hostname());
      assert.match(String(l['time']), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    }
    assert.equal(fs.statSync(path.dirname(file)).mode & 0o777, 0o700);
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
  });

  test('-n: the keys are refused, nothing is sent and no file is created', async () => {
    const state = fresh();
    const term = await openHatop(lab, { args: ['-n'], env: { XDG_STATE_HOME: state } });
    await select(term, 'bk_app/nginx2');
    // Unbound under -n: F10, the ENTER menu and the CLI view do nothing; the move after them shows they were read.
    term.press('f10');
    term.press('enter');
    term.press('5');
    term.press('down');
    await waitScreen(term, (t) => footer(t).includes('[bk_app/nginx1]'), { timeoutMs: 3000, what: 'the selection moved past the unbound keys' });
    assert.doesNotMatch(statusLine(term), /Done|maintenance/);
    assert.equal(await lab.statusOf('bk_app', 'nginx2'), 'UP');
    assert.equal(fs.existsSync(state), false, `${state} must not exist`);
  });

  test('a path that cannot be written: the command still goes, the status line names the file and why', async () => {
    const dir = fresh();
    fs.mkdirSync(dir);
    const term = await openHatop(lab, { interval: 30, args: ['--audit-log', dir] });
    await select(term, 'bk_app/nginx2');
    term.press('f10');
    await waitNotice(term, `Audit log ${dir} cannot be written (it is a directory): the command was sent anyway, unrecorded. Done: maintenance: bk_app/nginx2.`);
    await waitHaproxy(lab, 'bk_app/nginx2', 'MAINT');
  });
});
