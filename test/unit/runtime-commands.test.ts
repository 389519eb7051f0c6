import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as c from '../../src/runtime/commands';
import type { Command } from '../../src/runtime/types';

const w = (text: string): Command => ({ text, mutating: true });
const r = (text: string): Command => ({ text, mutating: false });

describe('command builders', () => {
  test('read-only commands', () => {
    assert.deepEqual(c.showStat(), r('show stat'));
    assert.deepEqual(c.showStat({ iid: -1, type: 4, sid: -1 }), r('show stat -1 4 -1'));
    assert.deepEqual(c.showStat({ iid: 3, type: 7, sid: 0 }), r('show stat 3 7 0'));
    assert.deepEqual(c.showInfo(), r('show info'));
    assert.deepEqual(c.getWeight('bk', 's1'), r('get weight bk/s1'));
    assert.deepEqual(c.showServersState(), r('show servers state'));
    assert.deepEqual(c.showServersState('bk'), r('show servers state bk'));
  });

  test('server admin commands', () => {
    assert.deepEqual(c.enableServer('bk', 's1'), w('enable server bk/s1'));
    assert.deepEqual(c.disableServer('bk', 's1'), w('disable server bk/s1'));
    assert.deepEqual(c.setServerState('bk', 's1', 'ready'), w('set server bk/s1 state ready'));
    assert.deepEqual(c.setServerState('bk', 's1', 'drain'), w('set server bk/s1 state drain'));
    assert.deepEqual(c.setServerState('bk', 's1', 'maint'), w('set server bk/s1 state maint'));
    assert.deepEqual(c.setWeight('bk', 's1', 0), w('set weight bk/s1 0'));
    assert.deepEqual(c.setWeight('bk', 's1', 256), w('set weight bk/s1 256'));
    assert.deepEqual(c.setWeightPercent('bk', 's1', 0), w('set weight bk/s1 0%'));
    assert.deepEqual(c.setWeightPercent('bk', 's1', 100), w('set weight bk/s1 100%'));
    assert.deepEqual(c.enableHealth('bk', 's1'), w('enable health bk/s1'));
    assert.deepEqual(c.disableHealth('bk', 's1'), w('disable health bk/s1'));
    assert.deepEqual(c.enableAgent('bk', 's1'), w('enable agent bk/s1'));
    assert.deepEqual(c.disableAgent('bk', 's1'), w('disable agent bk/s1'));
    assert.deepEqual(c.setHealth('bk', 's1', 'up'), w('set server bk/s1 health up'));
    assert.deepEqual(c.setHealth('bk', 's1', 'stopping'), w('set server bk/s1 health stopping'));
    assert.deepEqual(c.setHealth('bk', 's1', 'down'), w('set server bk/s1 health down'));
    assert.deepEqual(c.setAgent('bk', 's1', 'up'), w('set server bk/s1 agent up'));
    assert.deepEqual(c.setAgent('bk', 's1', 'down'), w('set server bk/s1 agent down'));
    assert.deepEqual(c.shutdownSessionsServer('bk', 's1'), w('shutdown sessions server bk/s1'));
    assert.deepEqual(c.enableFrontend('fe'), w('enable frontend fe'));
    assert.deepEqual(c.disableFrontend('fe'), w('disable frontend fe'));
  });

  test('HAProxy-legal names pass unchanged', () => {
    assert.equal(c.disableServer('be_app-1.v2', 'srv:80').text, 'disable server be_app-1.v2/srv:80');
  });

  test('escapes ";" and "\\" in names', () => {
    assert.equal(c.disableServer('a;b', 's').text, 'disable server a\\;b/s');
    assert.equal(c.disableServer('b', 'x\\y').text, 'disable server b/x\\\\y');
    assert.equal(c.enableFrontend('f;quit').text, 'enable frontend f\\;quit');
    assert.equal(c.showServersState('\\;').text, 'show servers state \\\\\\;');
    assert.equal(c.escapeArg('a;b\\c'), 'a\\;b\\\\c');
    // After escaping, the line holds no ";" that HAProxy would take as a command separator.
    assert.equal(c.hasUnescapedSemicolon(c.disableServer('a;b', ';;').text), false);
  });

  test('name validation', () => {
    const sentence = (re: RegExp) => (err: unknown): boolean =>
      err instanceof Error && re.test(err.message) && /^The .*\.$/.test(err.message) && !err.message.includes('\n');
    assert.throws(() => c.enableServer('', 's'), sentence(/backend name is empty/));
    assert.throws(() => c.enableServer('b', ''), sentence(/server name is empty/));
    assert.throws(() => c.enableServer('b k', 's'), sentence(/whitespace/));
    assert.throws(() => c.enableServer('b', 's\t1'), sentence(/whitespace/));
    assert.throws(() => c.enableServer('b', 's\n1'), sentence(/whitespace/));
    assert.throws(() => c.enableServer('b', 's\u00011'), sentence(/control character/));
    assert.throws(() => c.enableServer('b', 's\u007f'), sentence(/control character/));
    assert.throws(() => c.enableServer('b/x', 's'), sentence(/contains "\/"/));
    assert.throws(() => c.disableFrontend(''), sentence(/frontend name is empty/));
    assert.throws(() => c.showServersState('a b'), sentence(/whitespace/));
  });

  test('number validation', () => {
    for (const bad of [-1, 257, 1.5, Number.NaN]) assert.throws(() => c.setWeight('b', 's', bad), /0 to 256/);
    for (const bad of [-1, 101, 50.5]) assert.throws(() => c.setWeightPercent('b', 's', bad), /0 to 100/);
    assert.throws(() => c.showStat({ iid: 1.5, type: 4, sid: -1 }), /proxy id/);
    assert.throws(() => c.showStat({ iid: 1, type: -2, sid: -1 }), /type/);
    assert.throws(() => c.showStat({ iid: 1, type: 4, sid: Number.NaN }), /server id/);
  });

  test('enumerated states are checked at run time too', () => {
    assert.throws(() => c.setServerState('b', 's', 'up' as c.ServerAdminState), /ready, drain, maint/);
    assert.throws(() => c.setHealth('b', 's', 'nolb' as c.HealthState), /up, stopping, down/);
    assert.throws(() => c.setAgent('b', 's', 'stopping' as c.AgentState), /up, down/);
  });
});

describe('rawCommand', () => {
  test('mutating guess', () => {
    assert.deepEqual(c.rawCommand('show stat'), r('show stat'));
    assert.deepEqual(c.rawCommand('  get weight bk/s1  '), r('get weight bk/s1'));
    assert.deepEqual(c.rawCommand('help'), r('help'));
    assert.deepEqual(c.rawCommand('help set'), r('help set'));
    assert.deepEqual(c.rawCommand('set weight bk/s1 3'), w('set weight bk/s1 3'));
    assert.deepEqual(c.rawCommand('showx'), w('showx'));
    assert.deepEqual(c.rawCommand('clear counters'), w('clear counters'));
    assert.deepEqual(c.rawCommand('get\tweight bk/s1'), r('get\tweight bk/s1'));
  });

  test('refuses lines that would break the session', () => {
    assert.throws(() => c.rawCommand(''), /empty/);
    assert.throws(() => c.rawCommand('   '), /empty/);
    assert.throws(() => c.rawCommand('show info\nshow stat'), /one line/);
    assert.throws(() => c.rawCommand('show info; show stat'), /one command at a time/);
    assert.throws(() => c.rawCommand('prompt'), /prompt mode/);
    assert.throws(() => c.rawCommand('quit'), /close the session/);
    // An escaped ";" is a literal, fine.
    assert.equal(c.rawCommand('get weight bk/a\\;b').text, 'get weight bk/a\\;b');
  });
});

describe('parseGetWeight', () => {
  test('parses', () => {
    assert.deepEqual(c.parseGetWeight('1 (initial 1)\n'), { current: 1, initial: 1 });
    assert.deepEqual(c.parseGetWeight('50 (initial 100)'), { current: 50, initial: 100 });
  });
  test('refuses anything else', () => {
    assert.equal(c.parseGetWeight('No such server.\n'), undefined);
    assert.equal(c.parseGetWeight(''), undefined);
    assert.equal(c.parseGetWeight('1 (initial x)'), undefined);
  });
});

describe('hasUnescapedSemicolon', () => {
  test('cases', () => {
    assert.equal(c.hasUnescapedSemicolon('a;b'), true);
    assert.equal(c.hasUnescapedSemicolon('a\\;b'), false);
    assert.equal(c.hasUnescapedSemicolon('a\\\\;b'), true);
    assert.equal(c.hasUnescapedSemicolon('plain'), false);
  });
});
