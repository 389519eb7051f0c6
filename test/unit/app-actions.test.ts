import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_WEIGHT, planServerAction, SERVER_ACTIONS, serversNamed, userWeight, type ActionPlan } from '../../src/app/actions';
import type { ActionId } from '../../src/app/keymap';
import type { Snapshot } from '../../src/stats/types';
import { fixtureSnapshot, syntheticSnapshot } from '../support/snapshots';

const snap26 = fixtureSnapshot();

function plan(action: ActionId, snapshot: Snapshot, id: string | undefined, base?: number): ActionPlan {
  const result = planServerAction(action, snapshot, id, base);
  if (!result.ok) assert.fail(`${action} on ${id}: refused: ${result.message}`);
  return result.plan;
}

function refusal(action: ActionId, snapshot: Snapshot, id: string | undefined): string {
  const result = planServerAction(action, snapshot, id);
  if (result.ok) assert.fail(`${action} on ${id} was planned: ${JSON.stringify(result.plan.commands)}`);
  return result.message;
}

const texts = (p: ActionPlan): string[] => p.commands.map((c) => c.text);

/** nginx1 in two backends and a listen section, plus a listener and a frontend's listener named nginx1. */
const dup = syntheticSnapshot([
  { name: 'fe_web', iid: 2, frontend: true, listeners: ['nginx1'] },
  { name: 'bk_a', iid: 3, servers: ['nginx1', 'nginx2'], backend: true },
  { name: 'bk_b', iid: 4, servers: [{ name: 'nginx1', weight: 250 }, { name: 'heavy', weight: 256 }], backend: true },
  { name: 'bk_c', iid: 5, servers: ['other'], backend: true },
  { name: 'li_web', iid: 6, frontend: true, servers: [{ name: 'light', weight: 3 }, 'nginx1', { name: 'zero', weight: 0 }], backend: true },
  { name: 'bk_d', iid: 7, servers: [{ name: 'drained', status: 'DRAIN', weight: 0, uweight: 20 }, { name: 'noweight', weight: null }], backend: true },
]);

describe('planServerAction: this backend only (F9-F11, F4)', () => {
  const cases: readonly (readonly [ActionId, string])[] = [
    ['enable', 'set server be_app/app1 state ready'],
    ['maint', 'set server be_app/app1 state maint'],
    ['drain', 'set server be_app/app1 state drain'],
    ['weight-reset', 'set weight be_app/app1 100%'],
  ];
  for (const [action, command] of cases) {
    test(`${action} -> "${command}", no confirmation`, () => {
      const p = plan(action, snap26, 'be_app/app1');
      assert.deepEqual(texts(p), [command]);
      assert.deepEqual(p.targets, ['be_app/app1']);
      assert.equal(p.confirm, false);
      assert.equal(p.action, action);
      assert.ok(p.commands.every((c) => c.mutating));
    });
  }

  test('only the selected backend is touched even when other backends have the name', () => {
    assert.deepEqual(texts(plan('maint', dup, 'bk_b/nginx1')), ['set server bk_b/nginx1 state maint']);
    assert.deepEqual(texts(plan('drain', dup, 'li_web/nginx1')), ['set server li_web/nginx1 state drain']);
  });

  test('titles say what happens', () => {
    assert.equal(plan('maint', snap26, 'be_app/app2').title, 'maintenance: be_app/app2');
    assert.equal(plan('enable', snap26, 'be_app/app2').title, 'ready: be_app/app2');
    assert.equal(plan('drain', snap26, 'be_app/app2').title, 'drain: be_app/app2');
  });
});

describe('planServerAction: every backend (F1-F3)', () => {
  const cases: readonly (readonly [ActionId, string])[] = [
    ['enable-all', 'ready'],
    ['maint-all', 'maint'],
    ['drain-all', 'drain'],
  ];
  for (const [action, state] of cases) {
    test(`${action} targets every server named nginx1, in HAProxy's order, and asks first`, () => {
      const p = plan(action, dup, 'bk_b/nginx1');
      assert.deepEqual(p.targets, ['bk_a/nginx1', 'bk_b/nginx1', 'li_web/nginx1']);
      assert.deepEqual(texts(p), [
        `set server bk_a/nginx1 state ${state}`,
        `set server bk_b/nginx1 state ${state}`,
        `set server li_web/nginx1 state ${state}`,
      ]);
      assert.equal(p.confirm, true);
      assert.match(p.title, /nginx1 in 3 backends/);
    });
  }

  test('a listener of the same name is never a target (servers only)', () => {
    assert.ok(dup.byId.get('fe_web/nginx1')?.kind === 'listener');
    assert.deepEqual(serversNamed(dup, 'nginx1').map((s) => s.id), ['bk_a/nginx1', 'bk_b/nginx1', 'li_web/nginx1']);
    assert.ok(!plan('maint-all', dup, 'bk_a/nginx1').targets.includes('fe_web/nginx1'));
  });

  test('a name found once still asks first and targets just that server', () => {
    const p = plan('drain-all', snap26, 'be_app/app3');
    assert.deepEqual(texts(p), ['set server be_app/app3 state drain']);
    assert.equal(p.confirm, true);
    assert.match(p.title, /app3 in 1 backend\b/);
  });
});

describe('planServerAction: weight steps (F5-F8)', () => {
  const steps: readonly (readonly [ActionId, number])[] = [
    ['weight-minus-10', -10],
    ['weight-minus-1', -1],
    ['weight-plus-1', 1],
    ['weight-plus-10', 10],
  ];
  for (const [action, delta] of steps) {
    test(`${action} on web/w1 (weight 50) -> set weight web/w1 ${50 + delta}`, () => {
      const p = plan(action, snap26, 'web/w1');
      assert.deepEqual(texts(p), [`set weight web/w1 ${50 + delta}`]);
      assert.equal(p.weightTarget, 50 + delta);
      assert.equal(p.confirm, false);
      assert.deepEqual(p.targets, ['web/w1']);
      assert.equal(p.title, `weight: web/w1 50 -> ${50 + delta}`);
    });
  }

  test(`clamped to 0..${MAX_WEIGHT}`, () => {
    assert.equal(MAX_WEIGHT, 256);
    assert.deepEqual(texts(plan('weight-minus-10', dup, 'li_web/light')), ['set weight li_web/light 0']);
    assert.deepEqual(texts(plan('weight-minus-1', dup, 'li_web/zero')), ['set weight li_web/zero 0']);
    assert.deepEqual(texts(plan('weight-plus-10', dup, 'bk_b/nginx1')), ['set weight bk_b/nginx1 256']);
    assert.deepEqual(texts(plan('weight-plus-1', dup, 'bk_b/heavy')), ['set weight bk_b/heavy 256']);
    assert.deepEqual(texts(plan('weight-minus-1', dup, 'bk_b/heavy')), ['set weight bk_b/heavy 255']);
  });

  test('weightBase (the last target sent) is where the next step starts, so quick presses add up', () => {
    const first = plan('weight-plus-10', snap26, 'be_app/app1');
    assert.equal(first.weightTarget, 11);
    const second = plan('weight-plus-10', snap26, 'be_app/app1', first.weightTarget);
    assert.deepEqual(texts(second), ['set weight be_app/app1 21']);
    const third = plan('weight-minus-1', snap26, 'be_app/app1', second.weightTarget);
    assert.deepEqual(texts(third), ['set weight be_app/app1 20']);
    assert.deepEqual(texts(plan('weight-plus-10', snap26, 'be_app/app1', 250)), ['set weight be_app/app1 256']);
  });

  test('steps start from the operator weight (uweight), not the 0 a drained server reports', () => {
    const drained = dup.byId.get('bk_d/drained');
    assert.ok(drained !== undefined);
    assert.equal(userWeight(drained), 20);
    assert.deepEqual(texts(plan('weight-plus-1', dup, 'bk_d/drained')), ['set weight bk_d/drained 21']);
  });

  test('a server that reports no weight is refused with a message', () => {
    assert.match(refusal('weight-plus-1', dup, 'bk_d/noweight'), /bk_d\/noweight reports no weight/);
    // F4 does not need the current weight
    assert.deepEqual(texts(plan('weight-reset', dup, 'bk_d/noweight')), ['set weight bk_d/noweight 100%']);
  });
});

describe('planServerAction: refusals', () => {
  test('every server action refuses FRONTEND, BACKEND and listener rows, naming the row', () => {
    const rows: readonly (readonly [string, string])[] = [
      ['fe_main/FRONTEND', 'frontend'],
      ['fe_main/main1', 'listener'],
      ['be_app/BACKEND', 'backend'],
      ['stats_listen/BACKEND', 'backend'],
    ];
    for (const action of SERVER_ACTIONS) {
      for (const [id, kind] of rows) {
        const message = refusal(action, snap26, id);
        assert.ok(message.includes(id) && message.includes(kind), `${action} on ${id}: ${message}`);
      }
    }
  });

  test('no selection, or a selection that is gone, is refused', () => {
    assert.match(refusal('maint', snap26, undefined), /No service is selected/);
    assert.match(refusal('maint', snap26, 'be_app/gone'), /No service is selected/);
  });

  test('a non-server action is refused', () => {
    assert.match(refusal('help', snap26, 'be_app/app1'), /not a server action/);
  });

  test('SERVER_ACTIONS is exactly the F1-F11 actions', () => {
    assert.deepEqual([...SERVER_ACTIONS].sort(), ['drain', 'drain-all', 'enable', 'enable-all', 'maint', 'maint-all', 'weight-minus-1', 'weight-minus-10', 'weight-plus-1', 'weight-plus-10', 'weight-reset']);
  });
});
