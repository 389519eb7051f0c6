// Three real HAProxy instances in one screen: a hotkey acts on the selected instance only, F2 on every instance
// after a confirmation that lists each command per instance, and a killed instance shows as down while the
// others keep refreshing, then comes back when restarted.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startLab, type Lab } from '../support/lab';
import { killAll, spawnHatop, type Term } from '../support/pty';
import { COLS, selectedId, statusLine, waitScreen } from '../support/tui';

const NAMES = ['lb1', 'lb2', 'lb3'] as const;
let labs: Lab[] = [];

before(async () => {
  labs = await Promise.all(NAMES.map(() => startLab()));
});
after(async () => {
  await killAll();
  await Promise.all(labs.map((lab) => lab.stop()));
});

const lab = (i: number): Lab => labs[i] as Lab;

/** lb1 and lb2 on their unix sockets, lb3 over TCP: both kinds of transport side by side. */
function open(): Term {
  return spawnHatop(['-s', `lb1=${lab(0).adminSocket}`, '-s', `lb2=${lab(1).adminSocket}`, '-t', `lb3=${lab(2).tcpAddress}`, '-i', '1'], { cols: COLS, rows: 40 });
}

/** The header line of an instance: ` lb2  UP    pid ...` or ` lb2  DOWN  since ...`. */
const headerOf = (term: Term, name: string): string => term.lines().slice(1, 5).find((l) => l.startsWith(` ${name} `)) ?? '';

/** The STATUS word of `proxy/name` under the instance's title line, if on screen. */
function statusIn(term: Term, instance: string, proxy: string, name: string): string | undefined {
  const lines = term.lines();
  const title = lines.findIndex((l) => l.startsWith(` === ${instance} `));
  if (title < 0) return undefined;
  const group = lines.findIndex((l, i) => i > title && l.startsWith(` >>> ${proxy}`) && l.trim() === `>>> ${proxy}`);
  if (group < 0 || lines.slice(title + 1, group).some((l) => l.startsWith(' === '))) return undefined;
  for (let row = group + 1; row < lines.length && (lines[row] ?? '').trim() !== ''; row++) {
    const words = (lines[row] ?? '').trim().split(/\s+/);
    if (words[0] === name) return words[2];
  }
  return undefined;
}

async function find(term: Term, query: string, want: string): Promise<void> {
  term.press('/');
  term.type(query);
  term.press('enter');
  await waitScreen(term, (t) => selectedId(t) === want, { timeoutMs: 5000, what: `the footer to name ${want}` });
}

describe('three instances in one screen', () => {
  test('the header lists each one; F10 acts on the selected instance only', async () => {
    const term = open();
    await waitScreen(term, (t) => NAMES.every((n) => /^ lb\d\s+UP\s+pid \d+/.test(headerOf(t, n))), { timeoutMs: 10_000, what: 'lb1, lb2 and lb3 up in the header' });
    await waitScreen(term, (t) => t.find(' === lb1 ') !== undefined, { timeoutMs: 5000, what: "lb1's title line" });
    assert.match(term.lines()[0] ?? '', /3 instances/);

    await find(term, 'lb2:bk_app/nginx2', 'lb2:bk_app/nginx2');
    term.press('f10');
    await waitScreen(term, (t) => statusIn(t, 'lb2', 'bk_app', 'nginx2') === 'MAINT', { timeoutMs: 5000, what: 'lb2:bk_app/nginx2 in MAINT on screen' });
    assert.match(statusLine(term), /Done: maintenance: lb2:bk_app\/nginx2\./);
    assert.equal(await lab(1).statusOf('bk_app', 'nginx2'), 'MAINT');
    assert.equal(await lab(0).statusOf('bk_app', 'nginx2'), 'UP', 'lb1 untouched');
    assert.equal(await lab(2).statusOf('bk_app', 'nginx2'), 'UP', 'lb3 untouched');
    term.press('f9');
    await waitScreen(term, (t) => statusIn(t, 'lb2', 'bk_app', 'nginx2') === 'UP', { timeoutMs: 5000, what: 'lb2:bk_app/nginx2 back UP' });
  });

  test('F2 lists every command per instance before sending; y puts nginx2 in MAINT in 9 backends on 3 instances', async () => {
    const term = open();
    await waitScreen(term, (t) => t.find(' === lb1 ') !== undefined, { timeoutMs: 10_000, what: "lb1's title line" });
    await find(term, 'lb3:bk_api/nginx2', 'lb3:bk_api/nginx2');
    term.press('f2');
    await waitScreen(term, 'This sends 9 commands:', { timeoutMs: 5000, what: 'the confirmation' });
    for (const name of NAMES) {
      for (const proxy of ['bk_app', 'bk_api', 'li_web']) {
        assert.ok(term.find(`${name}: set server ${proxy}/nginx2 state maint`), `the confirmation lists ${name}'s ${proxy}\n${term.text()}`);
      }
    }
    for (const l of labs) assert.equal(await l.statusOf('bk_app', 'nginx2'), 'UP', 'nothing sent before y');
    term.press('y');
    await waitScreen(term, (t) => statusLine(t).includes('Done: maintenance: nginx2 in 9 backends on 3 instances.'), { timeoutMs: 5000, what: 'the summary' });
    for (const l of labs) for (const proxy of ['bk_app', 'bk_api', 'li_web']) assert.equal(await l.statusOf(proxy, 'nginx2'), 'MAINT');
    term.press('f1');
    await waitScreen(term, 'This sends 9 commands:', { timeoutMs: 5000, what: 'the confirmation of F1' });
    term.press('y');
    await waitScreen(term, (t) => statusLine(t).includes('Done: ready: nginx2 in 9 backends on 3 instances.'), { timeoutMs: 5000, what: 'the summary of F1' });
  });

  test('one instance killed: it shows as down, the others keep refreshing; restarted, it comes back', async () => {
    const term = open();
    await waitScreen(term, (t) => statusIn(t, 'lb1', 'bk_app', 'nginx1') === 'UP', { timeoutMs: 10_000, what: "lb1's bk_app/nginx1 on screen" });
    await lab(1).stopHaproxy();
    await waitScreen(term, (t) => /^ lb2\s+DOWN\s+since \d\d:\d\d:\d\d: /.test(headerOf(t, 'lb2')), { timeoutMs: 5000, what: 'lb2 down in the header' });
    assert.match(headerOf(term, 'lb1'), /UP/);
    // lb1 is still read: a change there shows while lb2 is down.
    await lab(0).rawCommand('set server bk_app/nginx1 state drain');
    await waitScreen(term, (t) => statusIn(t, 'lb1', 'bk_app', 'nginx1') === 'DRAIN', { timeoutMs: 5000, what: "lb1's change on screen while lb2 is down" });
    await lab(0).rawCommand('set server bk_app/nginx1 state ready');
    await lab(1).startHaproxy();
    await waitScreen(term, (t) => /^ lb2\s+UP\s+pid \d+/.test(headerOf(t, 'lb2')), { timeoutMs: 10_000, what: 'lb2 up again in the header' });
  });
});
