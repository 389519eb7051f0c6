// The stats page's admin form in the ENTER menu, pressed on the real screen and checked on HAProxy's side: a
// typed weight and maxconn, forced health, killing a server's sessions (asks first), and disabling then enabling
// a frontend (asks first).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Lab } from '../support/lab';
import type { Term } from '../support/pty';
import { openHatop, restoreLab, select, sharedLab, statusLine, waitScreen, waitStatusCell } from '../support/tui';
import { waitFor } from '../support/wait';

let lab!: Lab;
sharedLab((l) => (lab = l), restoreLab);

/** One field of a service as HAProxy reports it now. */
async function field(proxy: string, name: string, column: string): Promise<string | undefined> {
  return (await lab.showStat()).find((r) => r['pxname'] === proxy && r['svname'] === name)?.[column];
}

/** ENTER, then the action's letter in the menu. */
async function menu(term: Term, letter: 'w' | 'c' | 'x' | 'u' | 'K' | 'o' | 'O'): Promise<void> {
  term.press('enter');
  await waitScreen(term, 'UP/DOWN, ENTER or a letter picks; ESC closes.', { timeoutMs: 3000, what: 'the ENTER menu' });
  term.press(letter);
}

async function typeValue(term: Term, value: string): Promise<void> {
  await waitScreen(term, (t) => statusLine(t).includes('ENTER sends, ESC cancels'), { timeoutMs: 3000, what: 'the value prompt' });
  term.press('backspace', 'backspace', 'backspace', 'backspace');
  term.type(value);
  await waitScreen(term, (t) => statusLine(t).includes(`-> ${value}`), { timeoutMs: 3000, what: `${value} typed` });
  term.press('enter');
}

describe("the admin form's actions in the ENTER menu", () => {
  test('w sets a typed weight, c a typed maxconn; ESC on the prompt sends nothing', async () => {
    const term = await openHatop(lab, { interval: 30 });
    await select(term, 'bk_api/api1');
    await menu(term, 'w');
    await typeValue(term, '7');
    await waitFor(async () => (await field('bk_api', 'api1', 'weight')) === '7', { timeoutMs: 5000, what: 'weight 7 on HAProxy' });
    await menu(term, 'c');
    await typeValue(term, '50');
    await waitFor(async () => (await field('bk_api', 'api1', 'slim')) === '50', { timeoutMs: 5000, what: 'maxconn 50 on HAProxy' });
    await menu(term, 'w');
    await waitScreen(term, (t) => statusLine(t).includes('ENTER sends, ESC cancels'), { timeoutMs: 3000, what: 'the value prompt' });
    term.press('escape');
    await waitScreen(term, (t) => statusLine(t).includes('Cancelled: nothing sent.'), { timeoutMs: 3000, what: 'the cancellation' });
    assert.equal(await field('bk_api', 'api1', 'weight'), '7');
  });

  test('x forces the health check result to DOWN; u back to UP', async () => {
    const term = await openHatop(lab, { interval: 30 });
    await select(term, 'bk_static/static1');
    await menu(term, 'x');
    await waitScreen(term, (t) => statusLine(t).includes('Done: health DOWN: bk_static/static1.'), { timeoutMs: 5000, what: 'health DOWN done' });
    await waitStatusCell(term, 'bk_static/static1', (s) => s.startsWith('DOWN'));
    await menu(term, 'u');
    await waitScreen(term, (t) => statusLine(t).includes('Done: health UP: bk_static/static1.'), { timeoutMs: 5000, what: 'health UP done' });
  });

  test('K asks first, then kills the sessions of the server', async () => {
    const term = await openHatop(lab, { interval: 30 });
    await select(term, 'bk_app/nginx2');
    await menu(term, 'K');
    await waitScreen(term, 'kill the current sessions of bk_app/nginx2?', { timeoutMs: 3000, what: 'the confirmation' });
    assert.ok(term.find('shutdown sessions server bk_app/nginx2'), term.text());
    term.press('y');
    await waitScreen(term, (t) => statusLine(t).includes('Done: kill the current sessions of bk_app/nginx2.'), { timeoutMs: 5000, what: 'done' });
  });

  test('on a FRONTEND row, o asks first and disables it (PAUSED), O enables it again (OPEN)', async () => {
    const term = await openHatop(lab, { interval: 30 });
    await select(term, 'fe_main/FRONTEND');
    await menu(term, 'o');
    await waitScreen(term, 'disable frontend fe_main?', { timeoutMs: 3000, what: 'the confirmation' });
    term.press('y');
    await waitFor(async () => (await field('fe_main', 'FRONTEND', 'status')) === 'PAUSED', { timeoutMs: 5000, what: 'fe_main paused' });
    await waitStatusCell(term, 'fe_main/FRONTEND', 'PAUSED');
    await menu(term, 'O');
    await waitScreen(term, 'enable frontend fe_main?', { timeoutMs: 3000, what: 'the confirmation' });
    term.press('y');
    await waitFor(async () => (await field('fe_main', 'FRONTEND', 'status')) === 'OPEN', { timeoutMs: 5000, what: 'fe_main open again' });
  });
});
