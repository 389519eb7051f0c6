// The real blessed screen in-process with the mouse on: SGR reports written to its input select rows, switch
// views and move the selection; `y` writes OSC 52 to the output, not into the cells; keys still arrive as keys.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { osc52 } from '../../src/ui/mouse';
import { footer, press, screenRigs, selectedIs, type FakeTerminal, type ScreenRig } from '../support/fake-terminal';
import { sgrMouse } from '../support/keys';
import { flush, statCsv, StubTransport } from '../support/snapshots';

const { open } = screenRigs();
const status = (t: FakeTerminal): string => t.lines().at(-2) ?? '';

const click = (rig: ScreenRig, x: number, y: number): void => {
  rig.term.press(sgrMouse(0, x, y, true));
  rig.term.press(sgrMouse(0, x, y, false));
};

/** The screen row of a service line (`name` at the start of the line) after the `>>> proxy` title. */
function rowOf(t: FakeTerminal, proxy: string, name: string): number {
  const lines = t.lines();
  const title = lines.findIndex((l) => l.trim() === `>>> ${proxy}`);
  const row = lines.findIndex((l, y) => y > title && l.startsWith(` ${name} `));
  assert.ok(title >= 0 && row > title, `${proxy}/${name} on screen\n${t.text()}`);
  return row;
}

/** Two backends and a listen section, all with a server nginx1. */
function stub(): StubTransport {
  const s = new StubTransport();
  s.stat = statCsv([
    { name: 'bk_a', iid: 2, servers: ['nginx1', 'nginx2'], backend: true },
    { name: 'bk_b', iid: 3, servers: ['nginx1'], backend: true },
    { name: 'li_c', iid: 4, frontend: true, servers: ['web1', 'nginx1'], backend: true },
  ]);
  return s;
}

describe('screen: the mouse', () => {
  test('the terminal is asked for button reports in SGR, without motion, and they are switched off at the end', async () => {
    const rig = await open({ stub: stub(), mouse: true });
    const out = rig.term.output.written;
    assert.ok(out.includes('\x1b[?1000h') && out.includes('\x1b[?1006h'));
    assert.ok(!out.includes('\x1b[?1002h') && !out.includes('\x1b[?1003h'));
    rig.close();
    const end = rig.term.output.written;
    assert.ok(end.lastIndexOf('\x1b[?1000l') > end.lastIndexOf('\x1b[?1000h') && end.lastIndexOf('\x1b[?1006l') > end.lastIndexOf('\x1b[?1006h'));
  });

  test('a click selects the service on that line; a click on its title does nothing; keys work as before', async () => {
    const rig = await open({ stub: stub(), mouse: true });
    click(rig, 3, rowOf(rig.term, 'li_c', 'nginx1'));
    await rig.until(selectedIs('li_c/nginx1'), 'li_c/nginx1 selected by the click');
    click(rig, 3, rowOf(rig.term, 'bk_b', 'nginx1') - 1);
    press(rig, 'up');
    await rig.until(selectedIs('li_c/web1'), 'UP after the click on a title');
  });

  test('a click on a footer tab switches views; the wheel moves the selection by three', async () => {
    const rig = await open({ stub: stub(), mouse: true });
    await rig.until(selectedIs('bk_a/nginx1'), 'the first service');
    const bottom = rig.term.lines().length - 1;
    click(rig, footer(rig.term).indexOf('2-TRAFFIC') + 1, bottom);
    await rig.until(() => rig.controller.mode === 2, 'the TRAFFIC view');
    rig.term.press(sgrMouse(65, 10, 10, true));
    await rig.until(selectedIs('bk_b/nginx1'), 'three down: nginx2, BACKEND, bk_b/nginx1');
    // Three notches in one read: all three count.
    rig.term.press(sgrMouse(64, 10, 10, true).repeat(3));
    await rig.until(selectedIs('bk_a/nginx1'), 'nine up, stopped at the first service');
  });

  test('y writes OSC 52 with the selection to the terminal, not into the screen, and says so', async () => {
    const rig = await open({ stub: stub(), mouse: true });
    click(rig, 3, rowOf(rig.term, 'bk_b', 'nginx1'));
    await rig.until(selectedIs('bk_b/nginx1'), 'bk_b/nginx1 selected');
    press(rig, 'y');
    await rig.until((t) => status(t).includes('Copied bk_b/nginx1 to the clipboard (OSC 52).'), 'the message');
    await rig.until(() => rig.term.output.written.includes(osc52('bk_b/nginx1', false)), 'the sequence written');
    assert.ok(!rig.term.text().includes('52;c;'), 'not in the cells');
  });

  test('without the mouse, reports written to the input change nothing and are not read as keys', async () => {
    const rig = await open({ stub: stub() });
    await rig.until(selectedIs('bk_a/nginx1'), 'the first service');
    click(rig, 3, rowOf(rig.term, 'li_c', 'nginx1'));
    rig.term.press(sgrMouse(65, 10, 10, true));
    await flush();
    press(rig, '3');
    await rig.until(() => rig.controller.mode === 3, '3 after the reports');
    assert.equal(rig.controller.selectionLabel, 'bk_a/nginx1');
    assert.deepEqual(rig.keys, ['3'], 'the reports were not keys');
  });
});
