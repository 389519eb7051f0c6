import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { actionFor, activeBindings, hotkeys, KEYMAP, type ActionId, type KeyBinding } from '../../src/app/keymap';

/** hatop's keys, as blessed names them, and what each must do in the stats views. */
const HATOP_KEYS: readonly (readonly [string, ActionId])[] = [
  ['h', 'help'],
  ['S-h', 'help'],
  ['?', 'help'],
  ['q', 'quit'],
  ['S-q', 'quit'],
  ['C-c', 'quit'],
  ['1', 'mode-1'],
  ['2', 'mode-2'],
  ['3', 'mode-3'],
  ['4', 'mode-4'],
  ['5', 'mode-5'],
  ['tab', 'next-mode'],
  ['S-tab', 'prev-mode'],
  ['M-1', 'mode-1'],
  ['M-2', 'mode-2'],
  ['M-3', 'mode-3'],
  ['M-4', 'mode-4'],
  ['M-5', 'mode-5'],
  ['escape', 'back'],
  ['M-escape', 'back'],
  ['up', 'up'],
  ['down', 'down'],
  ['pageup', 'page-up'],
  ['pagedown', 'page-down'],
  ['home', 'home'],
  ['end', 'end'],
  ['enter', 'menu'],
  ['space', 'paste'],
  ['f1', 'enable-all'],
  ['f2', 'maint-all'],
  ['f3', 'drain-all'],
  ['f4', 'weight-reset'],
  ['f5', 'weight-minus-10'],
  ['f6', 'weight-minus-1'],
  ['f7', 'weight-plus-1'],
  ['f8', 'weight-plus-10'],
  ['f9', 'enable'],
  ['f10', 'maint'],
  ['f11', 'drain'],
];

/** Keys that change HAProxy or open the CLI: gone in read-only mode. */
const NOT_READ_ONLY = ['5', 'M-5', 'enter', 'space', 'f1', 'f2', 'f3', 'f4', 'f5', 'f6', 'f7', 'f8', 'f9', 'f10', 'f11'];

describe('keymap', () => {
  test('every hatop key is bound to the right action in the stats views', () => {
    for (const [key, action] of HATOP_KEYS) assert.equal(actionFor(key, 'stats', false), action, `key ${key}`);
  });

  test('the CLI view keeps Ctrl-C, Alt-1..5, TAB, Shift-TAB and ESC; plain keys are text there', () => {
    const inCli: Record<string, ActionId | undefined> = {
      'C-c': 'quit',
      'M-1': 'mode-1',
      'M-2': 'mode-2',
      'M-3': 'mode-3',
      'M-4': 'mode-4',
      'M-5': 'mode-5',
      tab: 'next-mode',
      'S-tab': 'prev-mode',
      escape: 'back',
    };
    for (const [key, action] of Object.entries(inCli)) assert.equal(actionFor(key, 'cli', false), action, `key ${key}`);
    for (const key of ['h', 'S-h', '?', 'q', 'S-q', '1', '2', '5', 'space', 'enter', 'up', 'down', 'home', 'end', 'f1', 'f10']) {
      assert.equal(actionFor(key, 'cli', false), undefined, `${key} must reach the line editor in the CLI view`);
    }
  });

  test('unbound keys give no action', () => {
    for (const key of ['x', 'f13', 'C-x', 'M-x', 'S-f1', '']) assert.equal(actionFor(key, 'stats', false), undefined, key);
  });

  test('no key is bound twice where two scopes meet', () => {
    const overlaps = (a: KeyBinding, b: KeyBinding): boolean => a.scope === 'any' || b.scope === 'any' || a.scope === b.scope;
    for (let i = 0; i < KEYMAP.length; i++) {
      const a = KEYMAP[i] as KeyBinding;
      assert.equal(new Set(a.keys).size, a.keys.length, `${a.action} lists a key twice`);
      for (let j = i + 1; j < KEYMAP.length; j++) {
        const b = KEYMAP[j] as KeyBinding;
        if (!overlaps(a, b)) continue;
        const shared = a.keys.filter((k) => b.keys.includes(k));
        assert.deepEqual(shared, [], `${a.action} and ${b.action} share ${shared.join(', ')}`);
      }
    }
  });

  test('every binding has a display, a label and a one-line description', () => {
    for (const b of KEYMAP) {
      // A binding with no key is reached through the ENTER menu only, by its letter, and says so.
      assert.ok(b.keys.length > 0 || (b.menuKey !== undefined && b.display === `menu ${b.menuKey}`), b.action);
      assert.ok(b.display.trim() !== '' && b.label.trim() !== '', b.action);
      assert.ok(b.description.length > 5 && !b.description.includes('\n'), b.action);
    }
  });

  test('read-only mode drops every mutating and interactive binding', () => {
    for (const key of NOT_READ_ONLY) {
      assert.equal(actionFor(key, 'stats', true), undefined, `${key} must be off in read-only mode`);
      assert.equal(actionFor(key, 'cli', true), undefined, `${key} must be off in read-only mode (CLI scope)`);
    }
    const ro = activeBindings(true);
    assert.ok(ro.every((b) => !b.mutating && b.interactive !== true));
    assert.deepEqual(
      KEYMAP.filter((b) => !ro.includes(b)).map((b) => b.action).sort(),
      ['drain', 'drain-all', 'enable', 'enable-all', 'maint', 'maint-all', 'menu', 'mode-5', 'mode-5', 'paste', 'ready-wait', 'reload', 'safe-maint', 'safe-maint-all', 'health-up', 'health-nolb', 'health-down', 'agent-up', 'agent-down', 'kill-sessions', 'weight-set', 'maxconn-set', 'frontend-disable', 'frontend-enable', 'weight-minus-1', 'weight-minus-10', 'weight-plus-1', 'weight-plus-10', 'weight-reset', 'row-delete', 'row-delete-matching', 'row-add', 'row-change'].sort(),
    );
    for (const key of ['d', 'delete', 'S-d', 'a', 'e']) assert.equal(actionFor(key, 'runtime', true), undefined, `${key} must be off in read-only mode (runtime views)`);
  });

  test('the runtime views: their keys there only; the digits and moving keys in every view but the CLI', () => {
    assert.deepEqual(['enter', 'd', 'delete', 'S-d', 'a', 'e', 's'].map((k) => actionFor(k, 'runtime', false)), ['row-open', 'row-delete', 'row-delete', 'row-delete-matching', 'row-add', 'row-change', 'sessions-scope']);
    assert.equal(actionFor('enter', 'stats', false), 'menu');
    assert.equal(actionFor('d', 'stats', false), undefined);
    for (const key of ['0', '6', '9', 'up', 'pagedown', '/', 'f', '>', 'S-i', 'h', 'q']) assert.notEqual(actionFor(key, 'runtime', false), undefined, key);
    assert.equal(actionFor('0', 'cli', false), undefined, 'a digit is typed in the CLI view');
    assert.equal(actionFor('M-0', 'cli', false), 'mode-0');
    assert.equal(actionFor('i', 'runtime', false), undefined, 'i is about services');
  });

  test('read-only mode keeps viewing: help, quit, modes 1-4, moving', () => {
    for (const [key, action] of HATOP_KEYS) {
      if (NOT_READ_ONLY.includes(key)) continue;
      assert.equal(actionFor(key, 'stats', true), action, `key ${key} in read-only mode`);
    }
  });

  test('the server hotkeys are F1..F12 in order, then the menu-only ones, all mutating, none left in read-only mode', () => {
    const keys = hotkeys(false).map((b) => b.keys.join(' ') || b.display);
    assert.deepEqual(keys, ['f1', 'f2', 'f3', 'f4', 'f5', 'f6', 'f7', 'f8', 'f9', 'f10', 'f11', 'f12', 'menu A', 'menu w', 'menu c', 'menu u', 'menu n', 'menu x', 'menu a', 'menu z', 'menu K', 'menu o', 'menu O', 'menu U']);
    assert.ok(hotkeys(false).every((b) => b.mutating && b.scope === 'stats'));
    assert.deepEqual(hotkeys(true), []);
  });

  test('F1-F3 (every backend) say they ask first', () => {
    for (const key of ['f1', 'f2', 'f3']) {
      const b = KEYMAP.find((k) => k.keys.includes(key));
      assert.match(b?.description ?? '', /asks first/);
    }
  });
});
