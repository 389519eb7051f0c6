// Property-based fuzzing of the CLI line editor: arbitrary key sequences never throw, keep the cursor and
// history in bounds, and each edit does what its documentation says, checked against independent models.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { editLine, emptyLine, HISTORY_SIZE, submitLine, type LineEdit, type LineState } from '../../src/app/line-editor';

// Show the failed assertion's message in the report (node's reporter does not print an Error's cause).
fc.configureGlobal({ includeErrorInReport: true });

const CONTROL = /[\x00-\x1f\x7f]/;
const KINDS = ['left', 'right', 'home', 'end', 'backspace', 'delete', 'kill-line', 'kill-word', 'history-up', 'history-down'] as const;

// Spaces matter to kill-word, control characters and tabs to insert; the rest is any code point.
const unit = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(' ', ' ', '  ', 'a', 'bk/s1', 'show', '\t', '\r', '\n', '\x1b', '\x7f', '\x00', '\u00e9', '\u{1F600}') },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
);
const typed = fc.string({ unit, maxLength: 8 });
const printableText = fc.string({ unit, maxLength: 8 }).map((t) => t.replace(/[\x00-\x1f\x7f]/g, ''));

type Action = LineEdit | { readonly kind: 'submit' };
const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 10, arbitrary: fc.constantFrom(...KINDS).map((kind): Action => ({ kind })) },
  { weight: 4, arbitrary: typed.map((text): Action => ({ kind: 'insert', text })) },
  { weight: 1, arbitrary: fc.constant<Action>({ kind: 'submit' }) },
);
/** A starting point: some history (printable, as submitted lines are), sometimes just under the bound. */
const start = fc
  .oneof({ weight: 4, arbitrary: fc.array(printableText, { maxLength: 8 }) }, fc.array(printableText, { minLength: HISTORY_SIZE - 5, maxLength: HISTORY_SIZE }))
  .map((history) => emptyLine(history));

/** What insert keeps of a text, written independently of `printable`: tabs as spaces, controls dropped. */
const kept = (text: string): string =>
  [...text]
    .map((c) => (c === '\t' ? ' ' : c))
    .filter((c) => !CONTROL.test(c))
    .join('');

function checkInvariants(s: LineState): void {
  assert.ok(Number.isInteger(s.cursor) && s.cursor >= 0 && s.cursor <= s.text.length, `cursor ${s.cursor} in ${JSON.stringify(s.text)}`);
  assert.ok(!CONTROL.test(s.text), `control character in ${JSON.stringify(s.text)}`);
  assert.ok(s.historyIndex >= 0 && s.historyIndex <= s.history.length, `historyIndex ${s.historyIndex}`);
  assert.ok(s.history.length <= HISTORY_SIZE, `history of ${s.history.length}`);
}

/** The documented effect of one edit on text and cursor, from the state before. */
function expected(s: LineState, edit: LineEdit): { text: string; cursor: number } {
  const { text, cursor } = s;
  const before = text.slice(0, cursor);
  const after = text.slice(cursor);
  switch (edit.kind) {
    case 'insert':
      return { text: before + kept(edit.text) + after, cursor: cursor + kept(edit.text).length };
    case 'left':
      return { text, cursor: Math.max(0, cursor - 1) };
    case 'right':
      return { text, cursor: Math.min(text.length, cursor + 1) };
    case 'home':
      return { text, cursor: 0 };
    case 'end':
      return { text, cursor: text.length };
    case 'backspace':
      return cursor === 0 ? { text, cursor } : { text: before.slice(0, -1) + after, cursor: cursor - 1 };
    case 'delete':
      return { text: before + after.slice(1), cursor };
    case 'kill-line':
      return { text: after, cursor: 0 };
    case 'kill-word': {
      // The word before the cursor and the spaces after it: the longest `[^ ]* *` ending at the cursor.
      const gone = /[^ ]* *$/.exec(before)?.[0] ?? '';
      return { text: before.slice(0, before.length - gone.length) + after, cursor: cursor - gone.length };
    }
    case 'history-up': {
      const entry = s.historyIndex === 0 ? text : (s.history[s.historyIndex - 1] ?? '');
      return { text: entry, cursor: s.historyIndex === 0 ? cursor : entry.length };
    }
    case 'history-down': {
      if (s.historyIndex >= s.history.length) return { text, cursor };
      const entry = s.historyIndex + 1 === s.history.length ? s.draft : (s.history[s.historyIndex + 1] ?? '');
      return { text: entry, cursor: entry.length };
    }
  }
}

/** Runs the actions from `s`, checking after each step; returns the final state and every line submitted. */
function run(s: LineState, actions: readonly Action[]): { state: LineState; sent: string[] } {
    const sent: string[] = [];
  let state = s;
  for (const a of actions) {
    if (a.kind === 'submit') {
      const { line, next } = submitLine(state);
      assert.equal(line, state.text, 'submit sends the text as it is');
      sent.push(line);
      const grows = line.trim() !== '' && state.history[state.history.length - 1] !== line;
      const history = grows ? [...state.history, line].slice(-HISTORY_SIZE) : state.history;
      assert.ok(next.history.length === history.length && next.history.every((h, i) => h === history[i]), 'history after submit');
      assert.deepStrictEqual([next.text, next.cursor, next.historyIndex, next.draft], ['', 0, history.length, '']);
      state = next;
    } else {
      const next = editLine(state, a);
      const want = expected(state, a);
      if (next.text !== want.text || next.cursor !== want.cursor) {
        // Built only on failure: stringifying a 100-entry history at every step would dominate the run time.
        assert.deepStrictEqual({ text: next.text, cursor: next.cursor }, want, `${a.kind} from ${JSON.stringify(state)}`);
      }
      // Only submit changes the history, only browsing moves in it.
      assert.equal(next.history, state.history);
      if (a.kind !== 'history-up' && a.kind !== 'history-down') assert.equal(next.historyIndex, state.historyIndex);
      // Leaving the line being typed for history saves it as the draft; nothing else touches the draft.
      const leaves = a.kind === 'history-up' && state.historyIndex === state.history.length && state.history.length > 0;
      assert.equal(next.draft, leaves ? state.text : state.draft, 'draft');
      state = next;
    }
    checkInvariants(state);
  }
  return { state, sent };
}

describe('line editor under arbitrary key sequences', () => {
  test('every edit and submit does what it documents; cursor, text and history stay in bounds', () => {
    fc.assert(
      fc.property(start, fc.array(action, { maxLength: 60 }), (s, actions) => void run(s, actions)),
      { numRuns: 3000 },
    );
  });

  test('typing a text in arbitrary pieces, then moving around, submits what was typed (controls dropped)', () => {
    const moves = fc.array(fc.constantFrom<LineEdit>({ kind: 'left' }, { kind: 'right' }, { kind: 'home' }, { kind: 'end' }), { maxLength: 10 });
    fc.assert(
      fc.property(start, fc.array(typed, { maxLength: 10 }), moves, (s, pieces, wander) => {
        const actions: Action[] = [...pieces.map((text): Action => ({ kind: 'insert', text })), ...wander, { kind: 'submit' }];
        assert.deepStrictEqual(run(s, actions).sent, [kept(pieces.join(''))]);
      }),
      { numRuns: 2000 },
    );
  });

  test('browsing history up and down, however long, comes back to the line being typed', () => {
    const browse = fc.array(fc.constantFrom<LineEdit>({ kind: 'history-up' }, { kind: 'history-down' }), { maxLength: 30 });
    fc.assert(
      fc.property(start, typed, browse, (s, draft, walk) => {
        const typing = editLine(s, { kind: 'insert', text: draft });
        let state = run(typing, walk).state;
        for (let i = 0; i <= state.history.length; i++) state = editLine(state, { kind: 'history-down' });
        assert.equal(state.text, typing.text);
        assert.equal(state.cursor, typing.text.length);
        assert.equal(state.historyIndex, state.history.length);
      }),
      { numRuns: 2000 },
    );
  });

  test(`history: the last ${HISTORY_SIZE} non-blank lines with repeats in a row collapsed, newest last`, () => {
    // Few distinct lines so that repeats in a row are frequent; up to 300 so that the bound is reached.
    const lines = fc.array(fc.constantFrom('show info', 'show stat', '', '   ', ' show info', 'x', 'y', 'z', '\u00e9'), { maxLength: 300, size: 'max' });
    fc.assert(
      fc.property(lines, fc.array(fc.nat({ max: 999 }), { minLength: 300, maxLength: 300 }), (base, tags) => {
        // Tagging some lines makes them distinct, so long histories are reached too.
        const sentLines = base.map((l, i) => ((tags[i] ?? 0) % 2 === 0 && l.trim() !== '' ? `${l} ${tags[i]}` : l));
        const { state, sent } = run(emptyLine(), sentLines.flatMap((text): Action[] => [{ kind: 'insert', text }, { kind: 'submit' }]));
        assert.deepStrictEqual(sent, sentLines);
        const collapsed = sentLines.filter((l) => l.trim() !== '').filter((l, i, all) => i === 0 || all[i - 1] !== l);
        assert.deepStrictEqual(state.history, collapsed.slice(-HISTORY_SIZE));
        // Walking all the way up shows the oldest kept entry, and no further.
        let walked = state;
        for (let i = 0; i < state.history.length + 5; i++) walked = editLine(walked, { kind: 'history-up' });
        assert.equal(walked.text, collapsed.length === 0 ? '' : collapsed[Math.max(0, collapsed.length - HISTORY_SIZE)]);
      }),
      { numRuns: 1000 },
    );
  });
});
