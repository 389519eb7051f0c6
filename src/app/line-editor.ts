// The CLI view's input line: text, cursor and history. Pure: every edit returns a new state.

export interface LineState {
  readonly text: string;
  readonly cursor: number;
  readonly history: readonly string[];
  /** Position while browsing history (history.length = the line being typed). */
  readonly historyIndex: number;
  /** What was being typed before browsing history started, restored when coming back down. */
  readonly draft: string;
}

export const HISTORY_SIZE = 100;

export const emptyLine = (history: readonly string[] = []): LineState => ({
  text: '',
  cursor: 0,
  history,
  historyIndex: history.length,
  draft: '',
});

export type LineEdit =
  | { readonly kind: 'insert'; readonly text: string }
  | {
      readonly kind:
        | 'left'
        | 'right'
        | 'home'
        | 'end'
        | 'backspace'
        | 'delete'
        | 'kill-line'
        | 'kill-word'
        | 'history-up'
        | 'history-down';
    };

const at = (s: LineState, text: string, cursor: number): LineState => ({
  ...s,
  text,
  cursor: Math.max(0, Math.min(cursor, text.length)),
});

/** Control characters would desync the session or the screen: keep printable text only (tabs become spaces). */
export const printable = (text: string): string => text.replace(/\t/g, ' ').replace(/[\x00-\x1f\x7f]/g, '');

export function editLine(s: LineState, edit: LineEdit): LineState {
  const { text, cursor } = s;
  switch (edit.kind) {
    case 'insert': {
      const add = printable(edit.text);
      return at(s, text.slice(0, cursor) + add + text.slice(cursor), cursor + add.length);
    }
    case 'left':
      return at(s, text, cursor - 1);
    case 'right':
      return at(s, text, cursor + 1);
    case 'home':
      return at(s, text, 0);
    case 'end':
      return at(s, text, text.length);
    case 'backspace':
      return cursor === 0 ? s : at(s, text.slice(0, cursor - 1) + text.slice(cursor), cursor - 1);
    case 'delete':
      return at(s, text.slice(0, cursor) + text.slice(cursor + 1), cursor);
    case 'kill-line':
      // Ctrl-U: like readline, delete from the start of the line to the cursor.
      return at(s, text.slice(cursor), 0);
    case 'kill-word': {
      // Ctrl-W: delete the word before the cursor and the spaces after it.
      let start = cursor;
      while (start > 0 && text[start - 1] === ' ') start--;
      while (start > 0 && text[start - 1] !== ' ') start--;
      return at(s, text.slice(0, start) + text.slice(cursor), start);
    }
    case 'history-up': {
      if (s.historyIndex === 0) return s;
      const draft = s.historyIndex === s.history.length ? text : s.draft;
      const entry = s.history[s.historyIndex - 1] ?? '';
      return { ...s, text: entry, cursor: entry.length, historyIndex: s.historyIndex - 1, draft };
    }
    case 'history-down': {
      if (s.historyIndex >= s.history.length) return s;
      const index = s.historyIndex + 1;
      const entry = index === s.history.length ? s.draft : (s.history[index] ?? '');
      return { ...s, text: entry, cursor: entry.length, historyIndex: index };
    }
  }
}

/** The line is submitted: it goes into history (no consecutive duplicates, bounded) and the input is cleared. */
export function submitLine(s: LineState): { line: string; next: LineState } {
  const line = s.text;
  let history = s.history;
  if (line.trim() !== '' && history[history.length - 1] !== line) {
    history = [...history, line].slice(-HISTORY_SIZE);
  }
  return { line, next: emptyLine(history) };
}
