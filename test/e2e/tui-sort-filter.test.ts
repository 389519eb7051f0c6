// Sort and filter on the real screen against the real lab: `>` to W, weights changed behind hatop-ts's back reorder
// bk_api, `I` reverses; `f` + nginx and ESC; `!` shows the DOWN server alone; the selection keeps its service; --once --sort.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Lab } from '../support/lab';
import type { Term } from '../support/pty';
import { runHatop } from '../support/run-cli';
import { footer, openHatop, restoreLab, select, selectedId, sharedLab, waitScreen } from '../support/tui';

let lab!: Lab;
sharedLab((l) => (lab = l), restoreLab);

const topBar = (term: Term): string => term.lines()[0] ?? '';
const tableHeader = (term: Term): string => term.lines().find((l) => /^ NAME\s/.test(l)) ?? '';

/** The names of the rows under ` >>> proxy`, in screen order, up to its blank line. */
function namesUnder(term: Term, proxy: string): string[] {
  const lines = term.lines();
  const at = lines.findIndex((l) => l.trim() === `>>> ${proxy}`);
  const names: string[] = [];
  for (let i = at + 1; at >= 0 && i < lines.length && (lines[i] ?? '').trim() !== ''; i++) names.push((lines[i] ?? '').trim().split(/\s+/)[0] ?? '');
  return names;
}

/** The `>>> proxy` lines on screen. */
const groups = (term: Term): string[] => term.lines().flatMap((l) => (l.startsWith(' >>> ') ? [l.trim().slice(4)] : []));

async function waitOrder(term: Term, proxy: string, names: readonly string[], what: string): Promise<void> {
  await waitScreen(term, (t) => namesUnder(t, proxy).join(' ') === names.join(' '), { timeoutMs: 5000, what: `${proxy} in the order ${names.join(', ')} (${what})` });
}

describe('sort', () => {
  test('> until W is marked; weights set on HAProxy reorder bk_api at the next refresh; I reverses; the selection stays on bk_api/api2', async () => {
    const term = await open();
    await select(term, 'bk_api/api2');
    for (let i = 0; i < 10 && !/ W v /.test(tableHeader(term)); i++) {
      const before = tableHeader(term);
      term.press('>');
      await waitScreen(term, (t) => tableHeader(t) !== before, { timeoutMs: 3000, what: 'the header to mark the next column' });
    }
    assert.match(tableHeader(term), / W v STATUS/);
    await waitOrder(term, 'bk_api', ['api1', 'api2', 'nginx2', 'BACKEND'], 'equal weights keep HAProxy order');

    await lab.rawCommand('set weight bk_api/nginx2 5');
    await waitOrder(term, 'bk_api', ['nginx2', 'api1', 'api2', 'BACKEND'], 'nginx2 at 5');
    await lab.rawCommand('set weight bk_api/api1 7');
    await waitOrder(term, 'bk_api', ['api1', 'nginx2', 'api2', 'BACKEND'], 'api1 at 7');
    assert.equal(selectedId(term), 'bk_api/api2');

    term.press('I');
    await waitScreen(term, (t) => / W \^ STATUS/.test(tableHeader(t)), { timeoutMs: 3000, what: 'W ^ in the header' });
    await waitOrder(term, 'bk_api', ['api2', 'nginx2', 'api1', 'BACKEND'], 'inverted');
    assert.equal(selectedId(term), 'bk_api/api2', 'the selection is still its service');
    assert.deepEqual(namesUnder(term, 'bk_app'), ['nginx2', 'nginx1', 'BACKEND'], 'other proxies sort within themselves');
  });
});

describe('filter', () => {
  test('f + nginx shows only nginx rows and the count; the hidden selection moves, then ESC brings all back and it', async () => {
    const term = await open();
    await select(term, 'bk_api/api2');
    term.press('f');
    await waitScreen(term, (t) => (t.lines().at(-2) ?? '').startsWith(' filter: '), { timeoutMs: 3000, what: 'the filter prompt' });
    term.type('nginx');
    await waitScreen(term, (t) => topBar(t).includes('[filter "nginx": 10 of 17]'), { timeoutMs: 3000, what: 'the count in the top bar' });
    assert.deepEqual(groups(term), ['bk_app', 'bk_api', 'bk_static', 'li_web']);
    assert.deepEqual(namesUnder(term, 'bk_api'), ['nginx2', 'BACKEND']);
    assert.deepEqual(namesUnder(term, 'li_web'), ['FRONTEND', 'nginx2', 'BACKEND']);
    assert.equal(selectedId(term), 'bk_api/nginx2', 'the nearest service shown');
    assert.doesNotMatch(footer(term), /gone:/);
    assert.match(footer(term), /FILTERED \[bk_api\/nginx2\]/);

    term.press('escape');
    await waitScreen(term, (t) => !topBar(t).includes('[filter') && groups(t).includes('fe_main'), { timeoutMs: 3000, what: 'ESC clears the filter' });
    assert.equal(selectedId(term), 'bk_api/api2', 'the selection is back where it was');
    assert.deepEqual(namesUnder(term, 'bk_api'), ['api1', 'api2', 'nginx2', 'BACKEND']);
  });

  test('! shows only bk_static/broken (DOWN) and its proxy; ! again shows all', async () => {
    const term = await open();
    term.press('!');
    await waitScreen(term, (t) => topBar(t).includes('[problems: 2 of 17]'), { timeoutMs: 3000, what: 'problems only in the top bar' });
    assert.deepEqual(groups(term), ['bk_static']);
    assert.deepEqual(namesUnder(term, 'bk_static'), ['broken', 'BACKEND']);
    assert.equal(selectedId(term), 'bk_static/broken');
    term.press('!');
    await waitScreen(term, (t) => !topBar(t).includes('[problems') && groups(t).length === 5, { timeoutMs: 3000, what: 'every proxy again' });
  });
});

describe('--once', () => {
  test('--sort name:desc prints each proxy\'s servers Z to A under the marked header', async () => {
    const r = await runHatop(['-s', lab.adminSocket, '--once', '--sort', 'name:desc']);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.split('\n');
    assert.match(lines[0] ?? '', /^NAME v\s/);
    const at = lines.indexOf('>>> bk_api');
    assert.deepEqual(lines.slice(at + 1, at + 5).map((l) => l.split(/\s+/)[0]), ['nginx2', 'api2', 'api1', 'BACKEND']);
  });
});

function open(): Promise<Term> {
  return openHatop(lab);
}
