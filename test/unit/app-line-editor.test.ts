import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { editLine, emptyLine, HISTORY_SIZE, submitLine, type LineEdit, type LineState } from '../../src/app/line-editor';

const PRINTABLE = ' !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~';

/** A line holding `text` with the cursor at `cursor` (end by default). */
function line(text: string, cursor = text.length, history: readonly string[] = []): LineState {
  return { ...emptyLine(history), text, cursor };
}

const apply = (s: LineState, ...edits: LineEdit[]): LineState => edits.reduce(editLine, s);
const insert = (text: string): LineEdit => ({ kind: 'insert', text });
const show = (s: LineState): string => `${s.text.slice(0, s.cursor)}|${s.text.slice(s.cursor)}`;

/** Submits each line in turn, starting from `s`. */
function submitAll(s: LineState, lines: readonly string[]): LineState {
  let state = s;
  for (const l of lines) state = submitLine(apply(state, insert(l))).next;
  return state;
}

describe('line editor: insert', () => {
  test('every printable ASCII character is inserted as itself, one at a time', () => {
    for (const ch of PRINTABLE) {
      const s = editLine(line('ab', 1), insert(ch));
      assert.equal(s.text, `a${ch}b`, `char ${JSON.stringify(ch)}`);
      assert.equal(s.cursor, 2);
    }
  });

  test('the characters hatop dropped (@ = , " \' { } ; \\) survive a whole line', () => {
    const typed = 'set map @1 "k=v, x" \'{a};b\' \\;';
    let s = emptyLine();
    for (const ch of typed) s = editLine(s, insert(ch));
    assert.equal(s.text, typed);
    assert.equal(s.cursor, typed.length);
  });

  test('the whole printable set typed key by key is kept in order', () => {
    let s = emptyLine();
    for (const ch of PRINTABLE) s = editLine(s, insert(ch));
    assert.equal(s.text, PRINTABLE);
  });

  test('a paste inserts at the cursor; control characters are dropped and tabs become spaces', () => {
    assert.equal(show(editLine(line('show ', 5), insert('stat'))), 'show stat|');
    assert.equal(show(editLine(line('ab', 1), insert('X\x1b[A\x07Y'))), 'aX[AY|b');
    assert.equal(show(editLine(line(''), insert('a\tb\r\n\x7f'))), 'a b|');
  });
});

describe('line editor: cursor and deletion', () => {
  test('left and right move by one and stop at the ends', () => {
    assert.equal(show(editLine(line('abc', 2), { kind: 'left' })), 'a|bc');
    assert.equal(show(editLine(line('abc', 0), { kind: 'left' })), '|abc');
    assert.equal(show(editLine(line('abc', 1), { kind: 'right' })), 'ab|c');
    assert.equal(show(editLine(line('abc', 3), { kind: 'right' })), 'abc|');
  });

  test('home and end', () => {
    assert.equal(show(editLine(line('abc', 2), { kind: 'home' })), '|abc');
    assert.equal(show(editLine(line('abc', 0), { kind: 'end' })), 'abc|');
  });

  test('backspace deletes before the cursor, nothing at the start', () => {
    assert.equal(show(editLine(line('abc', 2), { kind: 'backspace' })), 'a|c');
    assert.equal(show(editLine(line('abc', 0), { kind: 'backspace' })), '|abc');
    assert.equal(show(editLine(line('abc'), { kind: 'backspace' })), 'ab|');
  });

  test('delete removes under the cursor, nothing at the end', () => {
    assert.equal(show(editLine(line('abc', 1), { kind: 'delete' })), 'a|c');
    assert.equal(show(editLine(line('abc', 3), { kind: 'delete' })), 'abc|');
    assert.equal(show(editLine(line('abc', 0), { kind: 'delete' })), '|bc');
  });

  test('Ctrl-U deletes from the start of the line to the cursor', () => {
    assert.equal(show(editLine(line('show stat', 5), { kind: 'kill-line' })), '|stat');
    assert.equal(show(editLine(line('show stat'), { kind: 'kill-line' })), '|');
    assert.equal(show(editLine(line('show stat', 0), { kind: 'kill-line' })), '|show stat');
  });

  test('Ctrl-W deletes the word before the cursor and the spaces after it', () => {
    assert.equal(show(editLine(line('set weight bk/s1'), { kind: 'kill-word' })), 'set weight |');
    assert.equal(show(editLine(line('set weight   '), { kind: 'kill-word' })), 'set |');
    assert.equal(show(editLine(line('set weight bk/s1', 10), { kind: 'kill-word' })), 'set | bk/s1');
    assert.equal(show(editLine(line('abc', 0), { kind: 'kill-word' })), '|abc');
    assert.equal(show(editLine(line('word'), { kind: 'kill-word' })), '|');
  });

  test('edits do not touch the history', () => {
    const s = line('abc', 1, ['one', 'two']);
    for (const kind of ['left', 'right', 'home', 'end', 'backspace', 'delete', 'kill-line', 'kill-word'] as const) {
      const next = editLine(s, { kind });
      assert.deepEqual(next.history, ['one', 'two']);
      assert.equal(next.historyIndex, 2);
    }
  });
});

describe('line editor: history', () => {
  test('submit returns the line, clears the input and records it', () => {
    const { line: sent, next } = submitLine(line('show info'));
    assert.equal(sent, 'show info');
    assert.equal(next.text, '');
    assert.equal(next.cursor, 0);
    assert.deepEqual(next.history, ['show info']);
    assert.equal(next.historyIndex, 1);
  });

  test('up walks back through history, down walks forward and restores the draft', () => {
    let s = submitAll(emptyLine(), ['show info', 'show stat', 'show errors']);
    s = apply(s, insert('half typed'));
    s = editLine(s, { kind: 'history-up' });
    assert.equal(show(s), 'show errors|');
    s = editLine(s, { kind: 'history-up' });
    assert.equal(s.text, 'show stat');
    s = apply(s, { kind: 'history-up' }, { kind: 'history-up' });
    assert.equal(s.text, 'show info', 'stops at the oldest entry');
    s = editLine(s, { kind: 'history-down' });
    assert.equal(s.text, 'show stat');
    s = apply(s, { kind: 'history-down' }, { kind: 'history-down' });
    assert.equal(show(s), 'half typed|', 'the draft comes back below the newest entry');
    s = editLine(s, { kind: 'history-down' });
    assert.equal(s.text, 'half typed', 'down at the draft changes nothing');
  });

  test('up with no history changes nothing', () => {
    const s = line('abc', 1);
    assert.deepEqual(editLine(s, { kind: 'history-up' }), s);
    assert.deepEqual(editLine(s, { kind: 'history-down' }), s);
  });

  test('a recalled entry can be edited and sent; history keeps the original too', () => {
    let s = submitAll(emptyLine(), ['set weight bk/s1 10']);
    s = apply(s, { kind: 'history-up' }, { kind: 'backspace' }, { kind: 'backspace' }, insert('20'));
    const { line: sent, next } = submitLine(s);
    assert.equal(sent, 'set weight bk/s1 20');
    assert.deepEqual(next.history, ['set weight bk/s1 10', 'set weight bk/s1 20']);
    assert.equal(next.historyIndex, 2);
  });

  test(`history keeps the last ${HISTORY_SIZE} entries`, () => {
    assert.equal(HISTORY_SIZE, 100);
    const lines = Array.from({ length: 150 }, (_, i) => `cmd ${i}`);
    const s = submitAll(emptyLine(), lines);
    assert.equal(s.history.length, 100);
    assert.equal(s.history[0], 'cmd 50');
    assert.equal(s.history[99], 'cmd 149');
    let walked = s;
    for (let i = 0; i < 120; i++) walked = editLine(walked, { kind: 'history-up' });
    assert.equal(walked.text, 'cmd 50');
  });

  test('no consecutive duplicates; a repeat after another command is kept; blank lines are not kept', () => {
    const s = submitAll(emptyLine(), ['show info', 'show info', 'show stat', 'show info', '   ', '']);
    assert.deepEqual(s.history, ['show info', 'show stat', 'show info']);
  });
});
