import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { EVERY_BACKEND, MAX_WEIGHT, planEveryBackend, planServerAction, SERVER_ACTIONS, serversNamed, userWeight, type ActionPlan } from '../../src/app/actions';
import type { ActionId } from '../../src/app/keymap';
import type { Snapshot } from '../../src/stats/types';
import { fixtureSnapshot, syntheticSnapshot, sid } from '../support/snapshots';

const snap26 = fixtureSnapshot();

/** The id of the service labelled `label` in `snapshot` (fails when there is none). */
function idOf(snapshot: Snapshot, label: string): string {
  return snapshot.services.find((s) => s.label === label)?.id ?? assert.fail(`no service labelled ${label}`);
}

/** Plans `action` on the service labelled `label`. */
function plan(action: ActionId, snapshot: Snapshot, label: string, base?: number): ActionPlan {
  const result = planServerAction(action, snapshot, idOf(snapshot, label), base);
  if (!result.ok) assert.fail(`${action} on ${label}: refused: ${result.message}`);
  return result.plan;
}

/** The refusal of `action` on the service with this id (which may be absent from the snapshot, or none). */
function refusal(action: ActionId, snapshot: Snapshot, id: string | undefined, typed?: number): string {
  const result = planServerAction(action, snapshot, id, undefined, typed);
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
      assert.deepEqual(p.targets, [sid('be_app/app1')]);
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
      assert.deepEqual(p.targets, ['bk_a/nginx1', 'bk_b/nginx1', 'li_web/nginx1'].map(sid));
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
    const listener = dup.services.find((s) => s.proxy === 'fe_web' && s.name === 'nginx1');
    assert.equal(listener?.kind, 'listener');
    assert.equal(listener?.label, 'fe_web/nginx1 (listener)');
    assert.deepEqual(serversNamed(dup, 'nginx1').map((s) => s.label), ['bk_a/nginx1', 'bk_b/nginx1', 'li_web/nginx1']);
    const p = plan('maint-all', dup, 'bk_a/nginx1');
    assert.ok(!p.targets.includes(listener.id));
    assert.ok(!texts(p).some((t) => t.includes('fe_web')));
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
      assert.deepEqual(p.targets, [sid('web/w1')]);
      assert.equal(p.title, `weight: web/w1 50 -> ${50 + delta}`);
    });
  }

  test(`clamped to 0..${MAX_WEIGHT}`, () => {
    assert.equal(MAX_WEIGHT, 256);
    assert.deepEqual(texts(plan('weight-minus-10', dup, 'li_web/light')), ['set weight li_web/light 0']);
    assert.deepEqual(texts(plan('weight-plus-10', dup, 'bk_b/nginx1')), ['set weight bk_b/nginx1 256']);
    assert.deepEqual(texts(plan('weight-minus-1', dup, 'bk_b/heavy')), ['set weight bk_b/heavy 255']);
    assert.deepEqual(texts(plan('weight-plus-10', snap26, 'be_app/app1', 250)), ['set weight be_app/app1 256']);
  });

  // Once at a limit, a step sends nothing (it used to send `set weight ... 0` again and report `0 -> 0`).
  test('a step that cannot move the weight (at 0 going down, at 256 going up) is refused and sends nothing', () => {
    for (const action of ['weight-minus-1', 'weight-minus-10'] as const) {
      assert.equal(refusal(action, dup, sid('li_web/zero')), 'li_web/zero is already at weight 0: nothing sent.');
    }
    for (const action of ['weight-plus-1', 'weight-plus-10'] as const) {
      assert.equal(refusal(action, dup, sid('bk_b/heavy')), 'bk_b/heavy is already at weight 256: nothing sent.');
    }
    // The other way still moves.
    assert.deepEqual(texts(plan('weight-plus-1', dup, 'li_web/zero')), ['set weight li_web/zero 1']);
    // Quick presses: a pending target at the limit refuses the next step in that direction too.
    const result = planServerAction('weight-minus-1', snap26, sid('be_app/app1'), 0);
    assert.ok(!result.ok && result.message === 'be_app/app1 is already at weight 0: nothing sent.', JSON.stringify(result));
    const up = planServerAction('weight-plus-10', snap26, sid('be_app/app1'), MAX_WEIGHT);
    assert.ok(!up.ok && up.message === 'be_app/app1 is already at weight 256: nothing sent.', JSON.stringify(up));
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
    const drained = dup.byId.get(sid('bk_d/drained'));
    assert.ok(drained !== undefined);
    assert.equal(userWeight(drained), 20);
    assert.deepEqual(texts(plan('weight-plus-1', dup, 'bk_d/drained')), ['set weight bk_d/drained 21']);
  });

  test('a server that reports no weight is refused with a message', () => {
    assert.match(refusal('weight-plus-1', dup, sid('bk_d/noweight')), /bk_d\/noweight reports no weight/);
    // F4 does not need the current weight
    assert.deepEqual(texts(plan('weight-reset', dup, 'bk_d/noweight')), ['set weight bk_d/noweight 100%']);
  });
});

describe('planServerAction: refusals', () => {
  test('every server action refuses FRONTEND, BACKEND and listener rows, naming the row; the frontend ones all but FRONTEND rows', () => {
    const rows: readonly (readonly [string, string])[] = [
      ['fe_main/FRONTEND', 'frontend'],
      ['fe_main/main1 (listener)', 'listener'],
      ['be_app/BACKEND', 'backend'],
      ['stats_listen/BACKEND', 'backend'],
      ['be_app/app1', 'server'],
    ];
    for (const action of SERVER_ACTIONS) {
      // Every action works on one kind of row: FRONTEND rows for the frontend ones, server rows for the rest.
      const works = action === 'frontend-disable' || action === 'frontend-enable' ? 'frontend' : 'server';
      for (const [label, kind] of rows) {
        if (kind === works) continue;
        const message = refusal(action, snap26, idOf(snap26, label));
        assert.ok(message.includes(label) && message.includes(kind), `${action} on ${label}: ${message}`);
      }
    }
  });

  test('no selection, or a selection that is gone, is refused', () => {
    assert.match(refusal('maint', snap26, undefined), /No service is selected/);
    assert.match(refusal('maint', snap26, sid('be_app/gone')), /No service is selected/);
    // The old `proxy/name` form is no id: it names nothing.
    assert.match(refusal('maint', snap26, 'be_app/app1'), /No service is selected/);
  });

  test('a non-server action is refused', () => {
    assert.match(refusal('help', snap26, sid('be_app/app1')), /not a server action/);
  });

  test('SERVER_ACTIONS is exactly the F1-F12 actions and the menu-only switches', () => {
    assert.deepEqual([...SERVER_ACTIONS].sort(), [
      'agent-down', 'agent-up', 'drain', 'drain-all', 'enable', 'enable-all', 'frontend-disable', 'frontend-enable', 'health-down', 'health-nolb', 'health-up',
      'kill-sessions', 'maint', 'maint-all', 'maxconn-set', 'ready-wait', 'safe-maint', 'safe-maint-all', 'weight-minus-1', 'weight-minus-10', 'weight-plus-1',
      'weight-plus-10', 'weight-reset', 'weight-set',
    ]);
  });

  test("the stats page's admin form: forced check results, killing sessions (asks first), typed weight and maxconn, frontends (ask first)", () => {
    const plan = (action: Parameters<typeof planServerAction>[0], label: string, typed?: number): { texts: string[]; confirm: boolean } => {
      const r = planServerAction(action, snap26, idOf(snap26, label), undefined, typed);
      if (!r.ok) assert.fail(r.message);
      return { texts: r.plan.commands.map((c) => c.text), confirm: r.plan.confirm };
    };
    assert.deepEqual(plan('health-up', 'be_app/app1'), { texts: ['set server be_app/app1 health up'], confirm: false });
    assert.deepEqual(plan('health-nolb', 'be_app/app1'), { texts: ['set server be_app/app1 health stopping'], confirm: false });
    assert.deepEqual(plan('health-down', 'be_app/app1'), { texts: ['set server be_app/app1 health down'], confirm: false });
    assert.deepEqual(plan('agent-up', 'be_app/app1'), { texts: ['set server be_app/app1 agent up'], confirm: false });
    assert.deepEqual(plan('agent-down', 'be_app/app1'), { texts: ['set server be_app/app1 agent down'], confirm: false });
    assert.deepEqual(plan('kill-sessions', 'be_app/app1'), { texts: ['shutdown sessions server be_app/app1'], confirm: true });
    assert.deepEqual(plan('weight-set', 'be_app/app1', 42), { texts: ['set weight be_app/app1 42'], confirm: false });
    assert.deepEqual(plan('maxconn-set', 'be_app/app1', 500), { texts: ['set maxconn server be_app/app1 500'], confirm: false });
    assert.deepEqual(plan('frontend-disable', 'fe_main/FRONTEND'), { texts: ['disable frontend fe_main'], confirm: true });
    assert.deepEqual(plan('frontend-enable', 'fe_main/FRONTEND'), { texts: ['enable frontend fe_main'], confirm: true });
    assert.match(refusal('weight-set', snap26, idOf(snap26, 'be_app/app1'), 257), /from 0 to 256, not 257/);
  });

  test('F12 starts with drain on the selected server only; ready-then-UP with ready; the menu one drains every backend', () => {
    const f12 = planServerAction('safe-maint', snap26, sid('be_app/app1'));
    assert.ok(f12.ok);
    assert.deepEqual(f12.plan.commands.map((c) => c.text), ['set server be_app/app1 state drain']);
    assert.equal(f12.plan.confirm, false);
    assert.equal(f12.plan.title, 'safe maintenance (drain, then MAINT once idle): be_app/app1');
    const up = planServerAction('ready-wait', snap26, sid('be_app/app1'));
    assert.ok(up.ok);
    assert.deepEqual(up.plan.commands.map((c) => c.text), ['set server be_app/app1 state ready']);
    const all = planEveryBackend('safe-maint-all', 'app1', [{ instance: undefined, backends: ['be_app', 'be_x'] }]);
    assert.ok(all.ok);
    assert.deepEqual(all.plan.commands.map((c) => c.text), ['set server be_app/app1 state drain', 'set server be_x/app1 state drain']);
    assert.equal(all.plan.confirm, true);
  });
});

describe('planEveryBackend: F1-F3 from the backends HAProxy lists (show servers state)', () => {
  const cases: readonly (readonly [ActionId, string, string])[] = [
    ['enable-all', 'ready', 'ready'],
    ['maint-all', 'maint', 'maintenance'],
    ['drain-all', 'drain', 'drain'],
  ];
  for (const [action, state, word] of cases) {
    test(`${action}: one "state ${state}" per backend given, in that order, asking first`, () => {
      const result = planEveryBackend(action, 'nginx1', [{ instance: undefined, backends: ['bk_a', 'hidden_by_f', 'li_web'] }]);
      if (!result.ok) assert.fail(result.message);
      const p = result.plan;
      assert.deepEqual(texts(p), ['bk_a', 'hidden_by_f', 'li_web'].map((b) => `set server ${b}/nginx1 state ${state}`));
      assert.deepEqual(p.targets, ['bk_a/nginx1', 'hidden_by_f/nginx1', 'li_web/nginx1'].map(sid));
      assert.equal(p.confirm, true);
      assert.equal(p.action, action);
      assert.equal(p.title, `${word}: nginx1 in 3 backends`);
      assert.ok(p.commands.every((c) => c.mutating));
    });
  }

  test('one backend still asks first; "1 backend", singular', () => {
    const result = planEveryBackend('drain-all', 'app3', [{ instance: undefined, backends: ['be_app'] }]);
    if (!result.ok) assert.fail(result.message);
    assert.deepEqual(texts(result.plan), ['set server be_app/app3 state drain']);
    assert.equal(result.plan.confirm, true);
    assert.match(result.plan.title, /app3 in 1 backend$/);
  });

  test('no backend, or an action that is not F1-F3, is refused', () => {
    const none = planEveryBackend('maint-all', 'ghost', [{ instance: undefined, backends: [] }]);
    assert.ok(!none.ok && /no backend with a server named ghost/.test(none.message));
    for (const action of ['maint', 'weight-plus-1', 'help'] as const) {
      const result = planEveryBackend(action, 'nginx1', [{ instance: undefined, backends: ['bk_a'] }]);
      assert.ok(!result.ok, `${action} was planned`);
    }
    assert.deepEqual(Object.keys(EVERY_BACKEND).sort(), ['drain-all', 'enable-all', 'maint-all', 'safe-maint-all']);
  });
});

describe('planServerAction: names that could mean another row', () => {
  /** A server literally named BACKEND, next to the backend row of the same proxy. */
  const odd = syntheticSnapshot([{ name: 'bk', iid: 2, servers: ['BACKEND', 's1'], backend: true }]);

  test('a server named BACKEND is its own service, planned as a server, labelled (server)', () => {
    const server = odd.services.find((s) => s.kind === 'server' && s.name === 'BACKEND') ?? assert.fail();
    const backend = odd.services.find((s) => s.kind === 'backend') ?? assert.fail();
    assert.notEqual(server.id, backend.id);
    assert.equal(server.label, 'bk/BACKEND (server)');
    assert.equal(backend.label, 'bk/BACKEND');
    const p = plan('maint', odd, 'bk/BACKEND (server)');
    assert.deepEqual(texts(p), ['set server bk/BACKEND state maint']);
    assert.deepEqual(p.targets, [server.id]);
    assert.equal(p.title, 'maintenance: bk/BACKEND (server)');
    assert.match(refusal('maint', odd, backend.id), /bk\/BACKEND is a backend/);
  });
});
