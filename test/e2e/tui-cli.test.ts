// The CLI view (mode 5) on a real HAProxy: commands sent as typed, long answers kept whole and scrollable,
// session-breaking commands refused locally, history, the line editor's keys, SPACE pasting the selection.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Lab } from '../support/lab';
import { type KeyName, type Term } from '../support/pty';
import { columnSpan, footer, openHatop, select, selectedId, sharedLab, waitScreen } from '../support/tui';

let lab!: Lab;
sharedLab((l) => (lab = l));

/** The CLI input line: the row above the status line. */
const inputLine = (term: Term): string => term.lines()[term.lines().length - 3] ?? '';

/** The CLI output area: below the `show info` header block, above the input line. */
function outputLines(term: Term): string[] {
  const lines = term.lines();
  const first = lines.findIndex((l) => l.startsWith(' Conns:')) + 1;
  return lines.slice(first, lines.length - 3);
}

const inOutput = (term: Term, text: string): boolean => outputLines(term).some((l) => l.includes(text));

async function openCli(): Promise<Term> {
  const term = await openHatop(lab);
  term.press('5');
  await waitScreen(term, (t) => footer(t).includes('ENTER=send') && /^ >$/.test(inputLine(t)), { what: 'the CLI view' });
  return term;
}

async function waitInput(term: Term, text: string, what: string): Promise<void> {
  const want = text === '' ? ' >' : ` > ${text}`;
  await waitScreen(term, (t) => inputLine(t) === want, { timeoutMs: 3000, what: `the input line "${want}" ${what}` });
}

/** Types a command, checks it on the input line, sends it, and waits until `answered` holds on the screen. */
async function send(term: Term, command: string, answered: (t: Term) => boolean, what: string): Promise<void> {
  term.type(command);
  await waitInput(term, command, `after typing "${command}"`);
  term.press('enter');
  await waitScreen(term, (t) => /^ >$/.test(inputLine(t)) && answered(t), { what: `${what} after sending "${command}"` });
}

/** The key of the last line of a reply ("Tainted:" for show info): it shows once the whole reply is in. */
async function lastKey(command: string): Promise<string> {
  const last = (await lab.rawCommand(command)).trimEnd().split('\n').pop() ?? '';
  return last.slice(0, Math.min(60, last.includes(':') ? last.indexOf(':') + 1 : last.length));
}

/** PGUP until `text` is in the output (at most 10 pages); returns every output line seen on the way. */
async function scrollUpTo(term: Term, text: string): Promise<Set<string>> {
  const seen = new Set(outputLines(term));
  for (let page = 0; page < 10 && !inOutput(term, text); page++) {
    const before = outputLines(term);
    term.press('pageup');
    // A whole page moved: its first and its last line both changed.
    await waitScreen(
      term,
      (t) => {
        const now = outputLines(t);
        return now[0] !== before[0] && now[now.length - 1] !== before[before.length - 1];
      },
      { timeoutMs: 3000, what: `PGUP to scroll the output towards "${text}"` },
    );
    for (const line of outputLines(term)) seen.add(line);
  }
  assert.ok(inOutput(term, text), `PGUP reaches "${text}"\n${term.text()}`);
  return seen;
}

/** Presses one key and waits until the input line reads `text` with the cursor (inverse cell) at `cursor`. */
async function edit(term: Term, key: KeyName, text: string, cursor: number): Promise<void> {
  term.press(key);
  await waitInput(term, text, `after ${key}`);
  const row = term.lines().length - 3;
  await waitScreen(term, (t) => t.cell(row, 3 + cursor).inverse, { timeoutMs: 3000, what: `the cursor at ${cursor} after ${key}` });
}

describe('sending commands', () => {
  test('show info: the answer is shown under "> show info" (PGUP to its start)', async () => {
    const last = await lastKey('show info');
    const term = await openCli();
    await send(term, 'show info', (t) => inOutput(t, last), `"${last}" (the end of the answer)`);
    await scrollUpTo(term, '> show info');
    assert.ok(inOutput(term, 'Name: HAProxy'), term.text());
    assert.ok(inOutput(term, 'Version: 2.'), term.text());
    const rows = outputLines(term);
    const at = rows.findIndex((l) => l.includes('> show info'));
    assert.ok(rows.findIndex((l) => l.includes('Name: HAProxy')) > at, 'the answer follows its command');
  });

  test('help: the whole long answer is kept, PGUP scrolls back to its start', async () => {
    const reference = (await lab.rawCommand('help')).split('\n').map((l) => l.trimEnd()).filter((l) => l !== '');
    assert.ok(reference.length > 60, `help is long (${reference.length} lines)`);
    const last = (reference[reference.length - 1] ?? '').slice(0, 60);
    const term = await openCli();
    await send(term, 'help', (t) => inOutput(t, last), `the last line of help: ${last}`);
    const seen = await scrollUpTo(term, '> help');
    const shown = [...seen].join('\n');
    // Lines wider than the terminal are cut at its edge: compare what fits.
    const missing = reference.filter((l) => !shown.includes(l.slice(0, 100)));
    assert.deepEqual(missing, [], 'every line of the help answer was shown');
    term.press('pagedown', 'pagedown', 'pagedown', 'pagedown');
    await waitScreen(term, (t) => inOutput(t, last), { what: 'PGDOWN back to the newest output' });
  });

  test('prompt, quit and "set timeout cli 5" are refused locally; the session goes on', async () => {
    const term = await openCli();
    const refusedAfter = (command: string, why: string) => (t: Term): boolean => {
      const rows = outputLines(t);
      const at = rows.lastIndexOf(` > ${command}`);
      return at >= 0 && (rows[at + 1] ?? '').includes(why);
    };
    await send(term, 'prompt', refusedAfter('prompt', 'Refused: `prompt`'), 'the refusal of prompt');
    await send(term, 'quit', refusedAfter('quit', 'Refused: `quit`'), 'the refusal of quit');
    await send(term, 'set timeout cli 5', refusedAfter('set timeout cli 5', 'Refused: `set timeout cli`'), 'the refusal');
    // A line with a refused command in it is refused whole: show info is not sent either.
    await send(term, 'show info; quit', refusedAfter('show info; quit', 'Refused: `quit`'), 'the refusal of the line');
    assert.ok(!inOutput(term, 'Name: HAProxy'));
    await send(term, 'show cli level', (t) => outputLines(t).some((l) => l.trim() === 'admin'), 'the session still answering');
    assert.equal(term.exited, false);
  });

  test('UP recalls the last command, DOWN comes back to the empty line', async () => {
    const term = await openCli();
    await send(term, 'show cli level', (t) => outputLines(t).some((l) => l.trim() === 'admin'), 'the level');
    await send(term, 'show version', (t) => outputLines(t).some((l) => /^ 2\.6\./.test(l)), 'the version');
    await edit(term, 'up', 'show version', 'show version'.length);
    await edit(term, 'up', 'show cli level', 'show cli level'.length);
    await edit(term, 'down', 'show version', 'show version'.length);
    await edit(term, 'down', '', 0);
    await edit(term, 'up', 'show version', 'show version'.length);
    term.press('enter');
    await waitScreen(term, (t) => outputLines(t).filter((l) => l.includes('> show version')).length === 2, {
      what: 'show version sent again',
    });
  });
});

test('editing keys: ctrl-u, ctrl-a, ctrl-e, backspace, left, delete, ctrl-w give the expected line, and it is sent', async () => {
  const term = await openCli();
  term.type('junk');
  await waitInput(term, 'junk', 'after typing');
  await edit(term, 'ctrl-u', '', 0);
  term.type('how cli levelx');
  await waitInput(term, 'how cli levelx', 'after typing');
  await edit(term, 'ctrl-a', 'how cli levelx', 0);
  await edit(term, 's', 'show cli levelx', 1);
  await edit(term, 'ctrl-e', 'show cli levelx', 15);
  await edit(term, 'backspace', 'show cli level', 14);
  for (const cursor of [13, 12, 11, 10, 9]) await edit(term, 'left', 'show cli level', cursor);
  await edit(term, 'delete', 'show cli evel', 9);
  await edit(term, 'l', 'show cli level', 10);
  await edit(term, 'ctrl-e', 'show cli level', 14);
  // Ctrl-W deletes the word before the cursor; the space before it stays (trailing spaces are not drawn).
  await edit(term, 'ctrl-w', 'show cli', 9);
  await edit(term, 'l', 'show cli l', 10);
  // Ctrl-U deletes from the start of the line to the cursor.
  await edit(term, 'left', 'show cli l', 9);
  await edit(term, 'ctrl-u', 'l', 0);
  await edit(term, 'ctrl-e', 'l', 1);
  await edit(term, 'backspace', '', 0);
  term.type('show cli lev');
  await waitInput(term, 'show cli lev', 'after typing');
  await edit(term, 'left', 'show cli lev', 11);
  await edit(term, 'e', 'show cli leev', 12);
  await edit(term, 'backspace', 'show cli lev', 11);
  await edit(term, 'ctrl-e', 'show cli lev', 12);
  term.type('el');
  await waitInput(term, 'show cli level', 'after typing');
  // What is sent is what the line shows.
  term.press('enter');
  await waitScreen(term, (t) => inOutput(t, '> show cli level') && outputLines(t).some((l) => l.trim() === 'admin'), {
    what: 'the answer',
  });
});

test('SPACE on a row pastes pxname/svname into the CLI input; Alt-1 (ESC 1) goes back to the table', async () => {
  const term = await openHatop(lab);
  await select(term, 'bk_api/nginx2');
  term.press('space');
  await waitScreen(term, (t) => footer(t).includes('ENTER=send'), { what: 'the CLI view after SPACE' });
  await waitInput(term, 'bk_api/nginx2', 'after SPACE');
  await edit(term, 'ctrl-a', 'bk_api/nginx2', 0);
  term.type('get weight ');
  await waitInput(term, 'get weight bk_api/nginx2', 'after typing before the pasted name');
  term.press('enter');
  await waitScreen(term, (t) => inOutput(t, '> get weight bk_api/nginx2') && inOutput(t, '1 (initial 1)'), { what: 'the weight answer' });

  term.press('alt-1');
  await waitScreen(term, (t) => t.find(/^ NAME\s/) !== undefined && !footer(t).includes('ENTER=send'), {
    what: 'the STATUS table after Alt-1',
  });
  assert.ok(columnSpan(term, 'SCUR'), 'the STATUS view');
  assert.equal(selectedId(term), 'bk_api/nginx2', 'the selection is kept');
  // ESC from the CLI goes back to the view it came from.
  term.press('2');
  await waitScreen(term, (t) => /\sLBTOT(\s|$)/.test(t.lines().find((l) => /^ NAME\s/.test(l)) ?? ''), { what: 'the TRAFFIC view' });
  term.press('5');
  await waitScreen(term, (t) => footer(t).includes('ENTER=send'), { what: 'the CLI view' });
  term.press('escape');
  await waitScreen(term, (t) => /\sLBTOT(\s|$)/.test(t.lines().find((l) => /^ NAME\s/.test(l)) ?? ''), { what: 'ESC back to TRAFFIC' });
});
