// A runtime view on the real blessed screen, in-process, on a stub HAProxy: the MAPS list, ENTER into a map, the
// wheel and the arrows over its entries, `a` typed on the status line then confirmed, ESC back; read-only mode.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { press, screenRigs, type FakeTerminal } from '../support/fake-terminal';
import { sgrMouse } from '../support/keys';
import { StubTransport } from '../support/snapshots';

const { open } = screenRigs();
const status = (t: FakeTerminal): string => t.lines().at(-2) ?? '';

function stub(): StubTransport {
  const s = new StubTransport();
  s.replies.set('show cli level', 'admin\n');
  s.replies.set('show map', '# id (file) description\n4 (/etc/haproxy/hosts.map) pattern loaded from file \'/etc/haproxy/hosts.map\' used by map at file \'/etc/haproxy/haproxy.cfg\' line 22. curr_ver=0 next_ver=0 entry_cnt=3\n');
  s.replies.set('show acl', '# id (file) description\n');
  s.replies.set('show map /etc/haproxy/hosts.map', '0x01 a.example.test bk_app\n0x02 b.example.test bk_api\n0x03 c.example.test bk_static\n');
  return s;
}

/** The screen row holding `text`, and whether it is drawn inverse (the selection). */
const selected = (t: FakeTerminal, text: string): boolean => {
  const row = t.lines().findIndex((l) => l.includes(text));
  return row >= 0 && t.rowInverse(row, 1, 10);
};

describe('a runtime view on the screen', () => {
  test('MAPS: ENTER opens the map; the wheel, UP and a click move by entry; a, typed, asks first, then y sends it; ESC back', async () => {
    const s = stub();
    const rig = await open({ stub: s, mouse: true, ready: '', config: { mode: 8 } });
    await rig.until((t) => t.text().includes('MAPS (1 maps, 0 ACLs') && selected(t, '/etc/haproxy/hosts.map'), 'the map listed and selected');
    press(rig, 'enter');
    await rig.until((t) => t.text().includes('MAPS > map /etc/haproxy/hosts.map (3 entries)') && selected(t, 'a.example.test'), 'its entries');
    rig.term.press(sgrMouse(65, 10, 12, true));
    await rig.until((t) => selected(t, 'c.example.test'), 'the wheel: three entries down, stopped at the last');
    press(rig, 'up');
    await rig.until((t) => selected(t, 'b.example.test'), 'UP: the entry before');
    const row = rig.term.lines().findIndex((l) => l.includes('a.example.test'));
    rig.term.press(sgrMouse(0, 5, row, true));
    rig.term.press(sgrMouse(0, 5, row, false));
    await rig.until((t) => selected(t, 'a.example.test'), 'a click on a row selects it');
    press(rig, 'down', 'down');
    await rig.until((t) => selected(t, 'c.example.test'), 'DOWN twice: the last entry');
    press(rig, 'a');
    await rig.until((t) => status(t).includes('Add to map /etc/haproxy/hosts.map (KEY VALUE):'), 'the prompt');
    rig.term.type('d.example.test bk_web');
    await rig.until((t) => status(t).includes('(KEY VALUE): d.example.test bk_web'), 'the text typed, on the status line');
    press(rig, 'enter');
    await rig.until((t) => t.text().includes('add map /etc/haproxy/hosts.map d.example.test bk_web') && t.text().includes('y: do it'), 'the confirmation with the command');
    assert.ok(!s.commands().some((c) => c.startsWith('add map')), 'nothing sent before y');
    press(rig, 'y');
    await rig.until(() => s.commands().includes('add map /etc/haproxy/hosts.map d.example.test bk_web'), 'y sends it');
    press(rig, 'escape');
    await rig.until((t) => t.text().includes('MAPS (1 maps'), 'ESC: back to the list');
    press(rig, '2');
    await rig.until(() => rig.controller.mode === 2, 'the TRAFFIC view');
    press(rig, '8');
    await rig.until((t) => t.text().includes('MAPS (1 maps'), 'MAPS again, at its list');
    press(rig, 'escape');
    await rig.until(() => rig.controller.mode === 2, 'ESC at the list: the view before');
  });

  test('read-only mode: the entries show; d is off and says so; nothing is sent', async () => {
    const s = stub();
    const rig = await open({ stub: s, ready: '', config: { mode: 8, readOnly: true } });
    await rig.until((t) => selected(t, '/etc/haproxy/hosts.map'), 'the map listed');
    press(rig, 'enter');
    await rig.until((t) => selected(t, 'a.example.test'), 'its entries');
    press(rig, 'd');
    await rig.until((t) => status(t).includes('Read-only mode (-n): d DEL is off.'), 'd refused');
    assert.ok(!s.commands().some((c) => /^(del|add|set) /.test(c)));
  });
});
