import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseState, serviceKind } from '../../src/stats/state';
import type { ServiceKind, ServiceState } from '../../src/stats/types';

const cases: ReadonlyArray<readonly [string, ServiceKind, ServiceState]> = [
  // Servers: every text stats.c emits.
  ['UP', 'server', { kind: 'up', raw: 'UP' }],
  ['DOWN', 'server', { kind: 'down', raw: 'DOWN' }],
  ['NOLB', 'server', { kind: 'nolb', raw: 'NOLB' }],
  ['DRAIN', 'server', { kind: 'drain', raw: 'DRAIN' }],
  ['MAINT', 'server', { kind: 'maint', raw: 'MAINT' }],
  ['MAINT (via be_app/app3)', 'server', { kind: 'maint', raw: 'MAINT (via be_app/app3)', via: 'be_app/app3' }],
  ['MAINT (resolution)', 'server', { kind: 'maint', raw: 'MAINT (resolution)', resolution: true }],
  ['DOWN (agent)', 'server', { kind: 'down', raw: 'DOWN (agent)', agent: true }],
  ['DRAIN (agent)', 'server', { kind: 'drain', raw: 'DRAIN (agent)', agent: true }],
  ['no check', 'server', { kind: 'nocheck', raw: 'no check' }],
  ['UP 1/3', 'server', { kind: 'up', raw: 'UP 1/3', transition: { step: 1, of: 3 } }],
  ['DOWN 1/2', 'server', { kind: 'down', raw: 'DOWN 1/2', transition: { step: 1, of: 2 } }],
  ['NOLB 1/2', 'server', { kind: 'nolb', raw: 'NOLB 1/2', transition: { step: 1, of: 2 } }],
  ['DRAIN 1/2', 'server', { kind: 'drain', raw: 'DRAIN 1/2', transition: { step: 1, of: 2 } }],
  ['UP 12/30', 'server', { kind: 'up', raw: 'UP 12/30', transition: { step: 12, of: 30 } }],
  // Frontends and listeners.
  ['OPEN', 'frontend', { kind: 'open', raw: 'OPEN' }],
  ['STOP', 'frontend', { kind: 'stop', raw: 'STOP' }],
  ['PAUSED', 'frontend', { kind: 'paused', raw: 'PAUSED' }],
  ['FULL', 'frontend', { kind: 'full', raw: 'FULL' }],
  ['WAITING', 'listener', { kind: 'waiting', raw: 'WAITING' }],
  ['OPEN', 'listener', { kind: 'open', raw: 'OPEN' }],
  ['FULL', 'listener', { kind: 'full', raw: 'FULL' }],
  // Backends, with 3.5's UNPUB and the up/no-maint filters' server count (not a transition).
  ['UP', 'backend', { kind: 'up', raw: 'UP' }],
  ['DOWN', 'backend', { kind: 'down', raw: 'DOWN' }],
  ['UP (UNPUB)', 'backend', { kind: 'up', raw: 'UP (UNPUB)' }],
  ['UP (2/3)', 'backend', { kind: 'up', raw: 'UP (2/3)' }],
  ['DOWN (0/4)', 'backend', { kind: 'down', raw: 'DOWN (0/4)' }],
  // Anything else is unknown, raw kept exactly.
  ['', 'server', { kind: 'unknown', raw: '' }],
  ['up', 'server', { kind: 'unknown', raw: 'up' }],
  ['UP 1/', 'server', { kind: 'unknown', raw: 'UP 1/' }],
  ['MAINT (via)', 'server', { kind: 'unknown', raw: 'MAINT (via)' }],
  ['MAINTENANCE', 'server', { kind: 'unknown', raw: 'MAINTENANCE' }],
  ['SOMETHING NEW', 'backend', { kind: 'unknown', raw: 'SOMETHING NEW' }],
  ['toString', 'server', { kind: 'unknown', raw: 'toString' }],
];

describe('parseState', () => {
  for (const [status, kind, expected] of cases) {
    test(`${kind} ${JSON.stringify(status)} -> ${expected.kind}`, () => {
      assert.deepEqual(parseState(status, kind), expected);
    });
  }

  test('an absent status is unknown with an empty raw', () => {
    assert.deepEqual(parseState(undefined, 'server'), { kind: 'unknown', raw: '' });
  });

  test('raw keeps surrounding whitespace exactly while the words still parse', () => {
    assert.deepEqual(parseState(' UP 1/3 ', 'server'), { kind: 'up', raw: ' UP 1/3 ', transition: { step: 1, of: 3 } });
  });
});

describe('serviceKind', () => {
  test('from the type field', () => {
    assert.equal(serviceKind('0', 'FRONTEND'), 'frontend');
    assert.equal(serviceKind('1', 'BACKEND'), 'backend');
    assert.equal(serviceKind('2', 's1'), 'server');
    assert.equal(serviceKind('3', 'sock-1'), 'listener');
  });

  test('type wins over svname: a server may be named FRONTEND', () => {
    assert.equal(serviceKind('2', 'FRONTEND'), 'server');
  });

  test('without type (1.4-era output) falls back on svname, else server', () => {
    assert.equal(serviceKind(undefined, 'FRONTEND'), 'frontend');
    assert.equal(serviceKind(undefined, 'BACKEND'), 'backend');
    assert.equal(serviceKind(undefined, 'app1'), 'server');
    assert.equal(serviceKind(undefined, undefined), 'server');
    assert.equal(serviceKind('9', 'BACKEND'), 'backend');
  });
});
