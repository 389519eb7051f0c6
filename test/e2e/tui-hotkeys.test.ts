// The server hotkeys F1-F11, pressed on the real screen, checked on HAProxy's side. The screen runs with
// `-i 30`, so a new state showing up within 1.5 s proves the re-poll right after the action, not the period.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Lab } from '../support/lab';
import { type Term } from '../support/pty';
import {
  NGINX2,
  openHatop,
  restoreLab,
  select,
  sharedLab,
  statusCell,
  statuses,
  statusLine,
  waitHaproxy,
  waitScreen,
  waitStatusCell,
  waitWeight,
  weightCell,
  weightOf,
} from '../support/tui';

/** Well under the 30 s period: only the immediate re-poll after an action can show the new state this fast. */
const SHOWS_WITHIN_MS = 1500;

let lab!: Lab;
sharedLab((l) => (lab = l), restoreLab);

const open = (): Promise<Term> => openHatop(lab, { interval: 30 });

async function waitNotice(term: Term, text: string | RegExp): Promise<void> {
  await waitScreen(term, (t) => (typeof text === 'string' ? statusLine(t).includes(text) : text.test(statusLine(t))), {
    timeoutMs: 5000,
    what: `the status line to say ${String(text)}`,
  });
}

/** Presses an F1-F3 key and waits for the confirmation listing one `set server ... state` per nginx2. */
async function askAll(term: Term, key: 'f1' | 'f2' | 'f3', state: string): Promise<void> {
  term.press(key);
  await waitScreen(term, 'This sends 3 commands:', { timeoutMs: 3000, what: `the confirmation after ${key}` });
  for (const id of NGINX2) {
    assert.ok(term.find(`set server ${id} state ${state}`), `the confirmation lists ${id}\n${term.text()}`);
  }
}

async function screenAndHaproxy(term: Term, ids: readonly string[], screen: string, haproxy = screen): Promise<void> {
  for (const id of ids) await waitStatusCell(term, id, screen, SHOWS_WITHIN_MS);
  for (const id of ids) await waitHaproxy(lab, id, haproxy);
}

describe('F1-F3: every backend with that server name, after a confirmation', () => {
  test('F2 lists bk_app, bk_api and li_web; n cancels and nothing changes; y puts all three in MAINT', async () => {
    const term = await open();
    await select(term, 'bk_app/nginx2');
    await askAll(term, 'f2', 'maint');
    term.press('n');
    await waitNotice(term, 'Cancelled: maintenance: nginx2 in 3 backends.');
    assert.equal(term.find('This sends 3 commands:'), undefined, 'the confirmation is gone');
    assert.deepEqual(await statuses(lab, NGINX2), { 'bk_app/nginx2': 'UP', 'bk_api/nginx2': 'UP', 'li_web/nginx2': 'UP' });
    for (const id of NGINX2) assert.equal(statusCell(term, id), 'UP');

    await askAll(term, 'f2', 'maint');
    term.press('y');
    await waitNotice(term, 'Done: maintenance: nginx2 in 3 backends.');
    await screenAndHaproxy(term, NGINX2, 'MAINT');
    // Nothing else was touched.
    assert.deepEqual(await statuses(lab, ['bk_app/nginx1', 'bk_api/api1', 'li_web/web1']), {
      'bk_app/nginx1': 'UP',
      'bk_api/api1': 'UP',
      'li_web/web1': 'UP',
    });
  });

  test('F1 asks, then enables nginx2 in all three backends', async () => {
    await lab.rawCommand(NGINX2.map((id) => `set server ${id} state maint`).join('; '));
    const term = await open();
    for (const id of NGINX2) assert.equal(statusCell(term, id), 'MAINT', `${id} starts in MAINT\n${term.text()}`);
    await select(term, 'li_web/nginx2');
    await askAll(term, 'f1', 'ready');
    term.press('n');
    await waitNotice(term, 'Cancelled: ready: nginx2 in 3 backends.');
    assert.deepEqual(await statuses(lab, NGINX2), { 'bk_app/nginx2': 'MAINT', 'bk_api/nginx2': 'MAINT', 'li_web/nginx2': 'MAINT' });

    await askAll(term, 'f1', 'ready');
    term.press('y');
    await waitNotice(term, 'Done: ready: nginx2 in 3 backends.');
    // Out of maintenance the server may show its check transition ("UP 1/2") before UP.
    for (const id of NGINX2) await waitStatusCell(term, id, (s) => s.startsWith('UP'), SHOWS_WITHIN_MS);
    for (const id of NGINX2) await waitHaproxy(lab, id, 'UP');
  });

  test('F3 asks, then really drains nginx2 in all three backends', async () => {
    const term = await open();
    await select(term, 'bk_api/nginx2');
    await askAll(term, 'f3', 'drain');
    term.press('y');
    await waitNotice(term, 'Done: drain: nginx2 in 3 backends.');
    await screenAndHaproxy(term, NGINX2, 'DRAIN');
  });
});

describe('F4-F8: weights', () => {
  test('F4 restores the initial weight', async () => {
    await lab.rawCommand('set weight bk_app/nginx2 37');
    const term = await open();
    await select(term, 'bk_app/nginx2');
    assert.equal(weightCell(term, 'bk_app', 'nginx2'), '37', term.text());
    term.press('f4');
    await waitWeight(lab, 'bk_app/nginx2', 1);
    await waitScreen(term, (t) => weightCell(t, 'bk_app', 'nginx2') === '1', { timeoutMs: SHOWS_WITHIN_MS, what: 'W 1 for bk_app/nginx2' });
    assert.deepEqual(await weightOf(lab, 'bk_app/nginx2'), [1, 1]);
  });

  /** Presses a key; HAProxy, the W cell of bk_api/nginx2 and the status line (`from -> to`) must show it. */
  async function step(term: Term, key: 'f5' | 'f6' | 'f7' | 'f8', from: number, to: number): Promise<void> {
    // At a limit already, nothing is sent and the status line says so.
    const notice = from === to ? `bk_api/nginx2 is already at weight ${from}: nothing sent.` : `Done: weight: bk_api/nginx2 ${from} -> ${to}.`;
    assert.ok(!statusLine(term).includes(notice), `each step must leave a new notice, not "${notice}" again`);
    term.press(key);
    await waitWeight(lab, 'bk_api/nginx2', to);
    await waitScreen(term, (t) => weightCell(t, 'bk_api', 'nginx2') === String(to) && statusLine(t).includes(notice), {
      timeoutMs: SHOWS_WITHIN_MS,
      what: `W ${to} for bk_api/nginx2 and "${notice}" after ${key}`,
    });
  }

  test('F5/F6 step the weight down by 10/1 and stop at 0', async () => {
    const term = await open();
    await select(term, 'bk_api/nginx2');
    await step(term, 'f8', 1, 11);
    await step(term, 'f6', 11, 10);
    await step(term, 'f5', 10, 0);
    await step(term, 'f6', 0, 0);
    await step(term, 'f7', 0, 1);
    await step(term, 'f5', 1, 0);
  });

  test('F7/F8 step the weight up by 1/10 and stop at 256', async () => {
    await lab.rawCommand('set weight bk_api/nginx2 250');
    const term = await open();
    await select(term, 'bk_api/nginx2');
    await step(term, 'f7', 250, 251);
    await step(term, 'f8', 251, 256);
    await step(term, 'f7', 256, 256);
    await step(term, 'f6', 256, 255);
    await step(term, 'f8', 255, 256);
    assert.doesNotMatch(statusLine(term), /refused/i);
  });

  test('quick presses add up: F8 F8 F8 is +30, F7 F7 F7 is +3, F6 F6 is -2', async () => {
    const term = await open();
    await select(term, 'bk_api/nginx2');
    const [start] = await weightOf(lab, 'bk_api/nginx2');
    term.press('f8', 'f8', 'f8');
    await waitWeight(lab, 'bk_api/nginx2', start + 30);
    const shows = (weight: number): Promise<void> =>
      waitScreen(term, (t) => weightCell(t, 'bk_api', 'nginx2') === String(weight), { timeoutMs: SHOWS_WITHIN_MS, what: `W ${weight}` });
    await shows(start + 30);
    term.press('f7', 'f7', 'f7');
    await waitWeight(lab, 'bk_api/nginx2', start + 33);
    term.press('f6', 'f6');
    await waitWeight(lab, 'bk_api/nginx2', start + 31);
    await shows(start + 31);
    // The other nginx2 servers kept their weight.
    assert.deepEqual(await weightOf(lab, 'bk_app/nginx2'), [1, 1]);
    assert.deepEqual(await weightOf(lab, 'li_web/nginx2'), [1, 1]);
  });
});

describe('F9-F11: this backend only', () => {
  test('F10 maint, F11 drain, F9 enable touch bk_api/nginx2 and not the other nginx2', async () => {
    const term = await open();
    await select(term, 'bk_api/nginx2');
    const others = ['bk_app/nginx2', 'li_web/nginx2'];

    term.press('f10');
    await waitNotice(term, 'Done: maintenance: bk_api/nginx2.');
    await screenAndHaproxy(term, ['bk_api/nginx2'], 'MAINT');
    assert.deepEqual(await statuses(lab, others), { 'bk_app/nginx2': 'UP', 'li_web/nginx2': 'UP' });
    for (const id of others) assert.equal(statusCell(term, id), 'UP');

    term.press('f11');
    await waitNotice(term, 'Done: drain: bk_api/nginx2.');
    // From MAINT, drain also leaves maintenance: the check may still be settling ("DRAIN 1/2").
    await waitStatusCell(term, 'bk_api/nginx2', (s) => s.startsWith('DRAIN'), SHOWS_WITHIN_MS);
    await waitHaproxy(lab, 'bk_api/nginx2', 'DRAIN');
    assert.deepEqual(await statuses(lab, others), { 'bk_app/nginx2': 'UP', 'li_web/nginx2': 'UP' });

    term.press('f9');
    await waitNotice(term, 'Done: ready: bk_api/nginx2.');
    await waitStatusCell(term, 'bk_api/nginx2', (s) => s.startsWith('UP'), SHOWS_WITHIN_MS);
    await waitHaproxy(lab, 'bk_api/nginx2', 'UP');
    assert.deepEqual(await statuses(lab, others), { 'bk_app/nginx2': 'UP', 'li_web/nginx2': 'UP' });
  });

  test('a hotkey on a BACKEND row is refused on screen and sends nothing', async () => {
    const term = await open();
    await select(term, 'bk_api/BACKEND');
    term.press('f10');
    await waitNotice(term, 'bk_api/BACKEND is a backend');
    const all = await statuses(lab, ['bk_api/BACKEND', 'bk_api/api1', 'bk_api/api2', 'bk_api/nginx2']);
    assert.deepEqual(all, { 'bk_api/BACKEND': 'UP', 'bk_api/api1': 'UP', 'bk_api/api2': 'UP', 'bk_api/nginx2': 'UP' });
  });
});
