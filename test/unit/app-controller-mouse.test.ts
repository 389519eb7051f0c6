// The controller's part of the mouse and the clipboard: a click selects by id, the wheel moves the selection, a
// click highlights a menu item without running it, and `y` hands the selection's name to the screen.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Controller } from '../../src/app/controller';
import { GATHER_MS } from '../../src/app/fleet';
import type { InstanceSpec } from '../../src/config';
import { serviceId } from '../../src/stats/model';
import { controllers, flush, ManualClock, selectService, sid, statCsv, StubTransport, testConfig } from '../support/snapshots';

const { start } = controllers();

/** Every `copy` the controller emits. */
function copies(c: Controller): string[] {
  const seen: string[] = [];
  c.on('copy', (text: string) => seen.push(text));
  return seen;
}

describe('controller: y copies the selection', () => {
  test('the label as the footer shows it, and the status line says so', async () => {
    const { controller: c } = await start();
    const seen = copies(c);
    selectService(c, 'be_app/app3');
    c.dispatch('copy');
    assert.deepEqual(seen, ['be_app/app3']);
    assert.deepEqual(c.notice, { level: 'info', text: 'Copied be_app/app3 to the clipboard (OSC 52).' });
  });

  test('in read-only mode too: it changes nothing on HAProxy', async () => {
    const { controller: c, stub } = await start({ readOnly: true });
    const seen = copies(c);
    c.dispatch('copy');
    assert.deepEqual(seen, ['fe_main/FRONTEND']);
    await flush();
    assert.deepEqual(stub.commands(), []);
  });

  test('with several instances the name carries the instance', async () => {
    const specs: InstanceSpec[] = ['lb1', 'lb2'].map((name) => ({ name, address: { kind: 'unix', path: `/run/${name}.sock` } }));
    const clock = new ManualClock();
    const c = new Controller(testConfig({ instances: specs }), specs.map(() => new StubTransport()), clock);
    try {
      c.start();
      await flush();
      await clock.advance(GATHER_MS);
      const seen = copies(c);
      c.select(serviceId('server', 'be_app', 'app1', 'lb2'));
      c.dispatch('copy');
      assert.deepEqual(seen, ['lb2:be_app/app1']);
      assert.equal(c.notice?.text, 'Copied lb2:be_app/app1 to the clipboard (OSC 52).');
    } finally {
      c.stop();
    }
  });

  test('a lost selection is not copied in place of the service that vanished', async () => {
    const stub = new StubTransport();
    stub.stat = statCsv([{ name: 'bk', iid: 2, servers: ['s1', 's2', 's3'], backend: true }]);
    const { controller: c, clock } = await start({}, stub);
    const seen = copies(c);
    selectService(c, 'bk/s2');
    stub.stat = statCsv([{ name: 'bk', iid: 2, servers: ['s1', 's3'], backend: true }]);
    await clock.advance(2000);
    c.dispatch('copy');
    assert.deepEqual(seen, []);
    assert.match(c.notice?.text ?? '', /bk\/s2 is no longer reported by HAProxy/);
  });
});

describe('controller: clicks and the wheel', () => {
  test('select: a shown service becomes the selection; an id HAProxy no longer reports changes nothing', async () => {
    const { controller: c } = await start();
    c.select(sid('web/w1'));
    assert.equal(c.selectionLabel, 'web/w1');
    c.select(sid('web/nope'));
    assert.equal(c.selectionLabel, 'web/w1');
  });

  test('a click also picks a service again after the selected one vanished', async () => {
    const stub = new StubTransport();
    stub.stat = statCsv([{ name: 'bk', iid: 2, servers: ['s1', 's2', 's3'], backend: true }]);
    const { controller: c, clock } = await start({}, stub);
    selectService(c, 'bk/s2');
    stub.stat = statCsv([{ name: 'bk', iid: 2, servers: ['s1', 's3'], backend: true }]);
    await clock.advance(2000);
    assert.equal(c.selectionLabel, 'gone: bk/s2');
    c.select(sid('bk/s1'));
    assert.equal(c.selectionLabel, 'bk/s1');
    assert.equal(c.selection.refusal(), undefined);
  });

  test('moveBy: over service rows only, clamped at the ends', async () => {
    const { controller: c } = await start();
    c.moveBy(3);
    assert.equal(c.selectionLabel, 'stats_listen/FRONTEND', 'fe_main/FRONTEND, main1, main2, then the next proxy');
    c.moveBy(-3);
    c.moveBy(-3);
    assert.equal(c.selectionLabel, 'fe_main/FRONTEND');
    c.moveBy(300);
    assert.equal(c.selectionLabel, 'be_chk/BACKEND');
  });

  test('under a confirmation neither a click nor the wheel moves the selection', async () => {
    const stub = new StubTransport();
    stub.stat = statCsv([
      { name: 'bk_a', iid: 2, servers: ['nginx1'], backend: true },
      { name: 'bk_b', iid: 3, servers: ['nginx1'], backend: true },
    ]);
    stub.replies.set('show servers state', '1\n# be_id be_name srv_id srv_name\n2 bk_a 1 nginx1\n3 bk_b 1 nginx1\n');
    const { controller: c } = await start({}, stub);
    selectService(c, 'bk_a/nginx1');
    c.dispatch('maint-all');
    await flush();
    assert.equal(c.overlay.kind, 'confirm');
    c.select(sid('bk_b/nginx1'));
    c.moveBy(3);
    assert.equal(c.selectionLabel, 'bk_a/nginx1');
    assert.equal(c.overlay.kind, 'confirm');
  });

  test('highlightMenu: only an item of the open menu; nothing runs', async () => {
    const { controller: c, stub } = await start();
    selectService(c, 'be_app/app1');
    c.highlightMenu(2);
    assert.equal(c.overlay.kind, 'none', 'no menu, nothing to highlight');
    c.dispatch('menu');
    const maint = c.menu.findIndex((b) => b.action === 'maint');
    c.highlightMenu(maint);
    assert.deepEqual(c.overlay, { kind: 'menu', index: maint });
    c.highlightMenu(c.menu.length);
    assert.deepEqual(c.overlay, { kind: 'menu', index: maint }, 'past the end: unchanged');
    await flush();
    assert.deepEqual(stub.commands(), [], 'highlighted, not run');
  });
});
