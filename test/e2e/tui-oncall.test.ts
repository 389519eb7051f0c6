// The on-call screen against a real HAProxy, at the on-call terminal sizes 80x24 and 120x35: nothing cut off
// (HAProxy's reasons, the details, `show servers state`), nothing stale that looks fresh (the data's age always
// shown, rows gone gray while HAProxy is away, messages that expire), nothing confirmed by habit (only y confirms;
// the ENTER menu is a menu). Every test here fails on the screen as it was before (commit 027b115).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Lab } from '../support/lab';
import { spawnHatop, type Term } from '../support/pty';
import { cellText, columnSpan, findRow, footer, restoreLab, select, selectedId, sharedLab, waitHaproxy, waitScreen, waitWeight, weightOf } from '../support/tui';

let lab!: Lab;
// Tests stop HAProxy: each test after such a one needs it running, then the lab as restoreLab() leaves it.
sharedLab(
  (l) => (lab = l),
  async (l) => {
    if (l.haproxyPid() === undefined) await l.startHaproxy();
    await restoreLab(l);
  },
);

interface Size {
  readonly cols: number;
  readonly rows: number;
  /** Lines the status may take: 2 from 20 rows, 3 from 30. */
  readonly statusRows: number;
}
const SIZES: readonly Size[] = [
  { cols: 80, rows: 24, statusRows: 2 },
  { cols: 120, rows: 35, statusRows: 3 },
];

// xterm's palette: what blessed's colour names become.
const RED = 1;
const GREEN = 2;
const MAGENTA = 5;
const CYAN = 6;
const GRAY = 8;
const DEFAULT = -1;

const CTRL_T = '\x14';
const CTRL_F = '\x06';

const STATIC_LB = "Backend is using a static LB algorithm and only accepts weights '0%' and '100%'.";

/** The built CLI at this size on the lab's admin socket, refreshing every second, once the table shows. */
async function openAt(size: Size, env: Record<string, string> = {}): Promise<Term> {
  const term = spawnHatop(['-s', lab.adminSocket, '-i', '1'], { cols: size.cols, rows: size.rows, env });
  await waitScreen(term, (t) => findRow(t, 'bk_app', 'nginx2') !== undefined && selectedId(t) !== undefined, {
    timeoutMs: 15_000,
    what: `the table at ${size.cols}x${size.rows}`,
  });
  return term;
}

/** HOME, then DOWN until the footer names `id` (rows below the screen are reached by scrolling). */
async function selectFromTop(term: Term, id: string): Promise<void> {
  term.press('home');
  await waitScreen(term, (t) => selectedId(t) === 'fe_main/FRONTEND', { timeoutMs: 3000, what: 'HOME' });
  await select(term, id);
}

/** The rows the status may take, just above the footer. */
const statusRows = (term: Term, size: Size): string[] => term.lines().slice(size.rows - 1 - size.statusRows, size.rows - 1);
/** The status message's words: from the row where `start` appears to the footer, the age on the right left out. */
function statusWords(term: Term, size: Size, start: string): string {
  const rows = statusRows(term, size);
  const first = rows.findIndex((l) => l.includes(start));
  if (first < 0) return '';
  return rows
    .slice(first)
    .map((l) => l.replace(/ +(updated|data from) \d\d:\d\d:\d\d(, every 1s)?$/, '').trim())
    .filter((l) => l !== '')
    .join(' ');
}
const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The highlighted action of the ENTER menu: the inverse run just inside the box ('' when none, or several). */
function menuHighlight(term: Term): string {
  const found: string[] = [];
  term.lines().forEach((line, row) => {
    const left = line.indexOf('│');
    if (left < 0 || !term.cell(row, left + 1).inverse) return;
    let col = left + 1;
    while (col < line.length && line[col] !== '│' && term.cell(row, col).inverse) col++;
    found.push(line.slice(left + 1, col).trim());
  });
  return found.length === 1 ? (found[0] ?? '') : '';
}

/** Every non-blank cell of `row` (from column 1) has this foreground colour. */
function rowColour(term: Term, row: number, fg: number): boolean {
  const line = term.lines()[row] ?? '';
  for (let col = 1; col < line.length; col++) if (line[col] !== ' ' && term.cell(row, col).fg !== fg) return false;
  return line.trim() !== '';
}

/** The service rows of the table on screen (not `>>>` groups, not blank, not the selected inverse row). */
function serviceRows(term: Term, size: Size): number[] {
  const lines = term.lines();
  const header = lines.findIndex((l) => /^ NAME\s/.test(l));
  const out: number[] = [];
  for (let row = header + 1; row < size.rows - 1 - size.statusRows; row++) {
    const line = lines[row] ?? '';
    if (line.trim() === '' || line.startsWith(' >>> ') || term.cell(row, 1).inverse) continue;
    out.push(row);
  }
  return out;
}

for (const size of SIZES) {
  const at = `${size.cols}x${size.rows}`;

  describe(`on-call screen at ${at}`, () => {
    test(`${at}: the top bar counts DOWN/MAINT/DRAIN/NOLB servers in their colours; the data's age stays beside a message`, async () => {
      const term = await openAt(size);
      await waitScreen(term, (t) => /  1 DOWN  0 MAINT  0 DRAIN  0 NOLB  /.test(t.lines()[0] ?? ''), { what: 'the counts (bk_static/broken is DOWN)' });
      const top = (): string => term.lines()[0] ?? '';
      if (size.cols >= 120) assert.match(top(), / \d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/, 'the date when there is room');
      else assert.match(top(), /  0 NOLB  \d\d:\d\d:\d\d$/, 'narrow: the time only');
      const down = top().indexOf('1 DOWN');
      assert.equal(term.cell(0, down).fg, RED, 'DOWN red');
      assert.equal(term.cell(0, down).inverse, false, 'outside the inverse bar');
      assert.equal(term.cell(0, 1).inverse, true, 'the bar itself is inverse');
      assert.equal(term.cell(0, top().indexOf('0 MAINT')).fg, DEFAULT, 'a zero count is plain');

      await selectFromTop(term, 'bk_api/nginx2');
      term.press('f10');
      await waitScreen(term, (t) => /^ \d\d:\d\d:\d\d Done: maintenance: bk_api\/nginx2\. +updated \d\d:\d\d:\d\d, every 1s$/.test(t.lines()[size.rows - 2] ?? ''), {
        what: 'the notice on the left, the age on the right, one line',
      });
      await waitHaproxy(lab, 'bk_api/nginx2', 'MAINT');
      await waitScreen(term, (t) => /  1 DOWN  1 MAINT  0 DRAIN  0 NOLB  /.test(t.lines()[0] ?? ''), { what: '1 MAINT counted' });
      assert.equal(term.cell(0, top().indexOf('1 MAINT')).fg, CYAN, 'MAINT cyan');
      // The age moves on with every refresh while the message stays.
      const age = (t: Term): string => /updated (\d\d:\d\d:\d\d)/.exec(t.lines()[size.rows - 2] ?? '')?.[1] ?? '';
      const first = age(term);
      await waitScreen(term, (t) => age(t) !== '' && age(t) !== first && (t.lines()[size.rows - 2] ?? '').includes('Done: maintenance'), { what: 'a later "updated" beside the same message' });
    });

    test(`${at}: F8 on bk_static/static1 (balance source): HAProxy's whole reason is readable`, async () => {
      const term = await openAt(size);
      await selectFromTop(term, 'bk_static/static1');
      term.press('f8');
      const want = `HAProxy refused weight: bk_static/static1 1 -> 11: ${STATIC_LB}`;
      await waitScreen(term, (t) => new RegExp(`^\\d\\d:\\d\\d:\\d\\d ${escapeRe(want)}$`).test(statusWords(t, size, 'HAProxy refused')), {
        what: `the whole refusal in the status rows`,
      });
      const rows = statusRows(term, size);
      assert.ok(!rows.join('\n').includes('...'), rows.join('\n'));
      assert.match(rows.at(-1) ?? '', /updated \d\d:\d\d:\d\d(, every 1s)?$/, 'the age on the last status row');
      const row = size.rows - 1 - size.statusRows + rows.findIndex((l) => l.includes('HAProxy refused'));
      assert.equal(term.cell(row, (term.lines()[row] ?? '').indexOf('HAProxy')).fg, RED, 'in red');
      assert.match(footer(term), /^ 1-STATUS/, 'the footer keeps the last row');
      assert.deepEqual(await weightOf(lab, 'bk_static/static1'), [1, 1]);
    });

    test(`${at}: CHECK L4CON and error counters in red; NAME, W and STATUS keep their columns across views 1-4`, async () => {
      const term = await openAt(size);
      await selectFromTop(term, 'bk_static/broken');
      const brokenRow = (): number => findRow(term, 'bk_static', 'broken') ?? -1;
      await waitScreen(term, () => cellText(term, 'bk_static', 'broken', 'CHECK') === 'L4CON', { what: 'broken: L4CON' });
      // The selected row is inverse: move off it to see its colours.
      term.press('up');
      await waitScreen(term, (t) => selectedId(t) === 'bk_static/nginx1', { what: 'the row above selected' });
      const check = columnSpan(term, 'CHECK').start;
      assert.equal(term.cell(brokenRow(), check).fg, RED, 'L4CON red');
      assert.equal(term.cell(brokenRow(), columnSpan(term, 'STATUS').start).fg, RED, 'DOWN red');
      const okRow = findRow(term, 'bk_static', 'static1') ?? -1;
      assert.equal(cellText(term, 'bk_static', 'static1', 'CHECK'), 'L4OK');
      assert.equal(term.cell(okRow, check).fg, DEFAULT, 'a passing check is plain');

      const places: Record<string, number[]> = {};
      for (const view of ['1', '2', '3', '4'] as const) {
        term.press(view);
        const title = { 1: 'QCUR', 2: 'LBTOT', 3: '1xx', 4: 'ECONN' }[view];
        await waitScreen(term, (t) => (t.lines().find((l) => /^ NAME\s/.test(l)) ?? '').includes(title), { what: `view ${view}` });
        const header = term.lines().find((l) => /^ NAME\s/.test(l)) ?? '';
        const static1 = term.lines()[findRow(term, 'bk_static', 'static1') ?? -1] ?? '';
        places[view] = [header.indexOf(' W ') + 1, header.indexOf('STATUS'), static1.indexOf(' UP ') + 1, static1.slice(0, header.indexOf(' W ') + 2).trimEnd().length];
      }
      for (const view of ['2', '3', '4']) assert.deepEqual(places[view], places['1'], `view ${view} vs view 1: [W, STATUS, a STATUS cell, a W cell]`);

      // View 4: broken's CF (checks failed) and CD (times it went DOWN) are above 0, in red; static1's are 0, plain.
      /** A right-aligned number: it ends where its column's title ends. */
      const number = (row: number, title: string): { text: string; col: number } => {
        const line = term.lines()[row] ?? '';
        const end = columnSpan(term, title).start + title.length;
        let start = end;
        while (start > 0 && line[start - 1] !== ' ') start--;
        return { text: line.slice(start, end), col: start };
      };
      for (const title of ['CF', 'CD']) {
        const bad = number(brokenRow(), title);
        assert.ok(/^\d+$/.test(bad.text) && Number(bad.text) > 0, `broken's ${title}: ${bad.text}`);
        assert.equal(term.cell(brokenRow(), bad.col).fg, RED, `broken's ${title} ${bad.text} in red`);
        const good = number(okRow, title);
        assert.equal(good.text, '0', `static1's ${title}`);
        assert.equal(term.cell(okRow, good.col).fg, DEFAULT, 'a 0 counter is plain');
      }
    });

    test(`${at}: UP at weight 0 shows "UP (weight 0)" in magenta; F6 there sends nothing and says so`, async () => {
      await lab.rawCommand('set weight bk_api/nginx2 0');
      const term = await openAt(size);
      await selectFromTop(term, 'bk_api/nginx2');
      term.press('up');
      await waitScreen(term, (t) => selectedId(t) === 'bk_api/api2', { what: 'off the row, to see its colours' });
      const status = (): string => cellText(term, 'bk_api', 'nginx2') ?? '';
      await waitScreen(term, () => status().startsWith('UP ('), { what: 'UP (weight 0)' });
      if (size.cols >= 120) assert.equal(status(), 'UP (weight 0)');
      else assert.ok('UP (weight 0)'.startsWith(status().replace(/~$/, '')), `cut, not changed: ${status()}`);
      const row = findRow(term, 'bk_api', 'nginx2') ?? -1;
      const x = columnSpan(term, 'STATUS').start;
      assert.equal(term.cell(row, x).fg, MAGENTA, 'the DRAIN colour, not green');
      assert.equal(term.cell(findRow(term, 'bk_api', 'api1') ?? -1, x).fg, GREEN, 'a serving UP stays green');
      assert.equal(await lab.statusOf('bk_api', 'nginx2'), 'UP', 'HAProxy calls it UP');

      term.press('down');
      await waitScreen(term, (t) => selectedId(t) === 'bk_api/nginx2', { what: 'nginx2 selected' });
      term.press('f6');
      await waitScreen(term, (t) => /^\d\d:\d\d:\d\d bk_api\/nginx2 is already at weight 0: nothing sent\.$/.test(statusWords(t, size, 'bk_api/nginx2')), { what: 'F6 refused at 0' });
      assert.deepEqual(await weightOf(lab, 'bk_api/nginx2'), [0, 1]);
      // The CLI view logs every command a hotkey sends: none for F6, one for F7.
      term.press('f7');
      await waitWeight(lab, 'bk_api/nginx2', 1);
      term.press('5');
      await waitScreen(term, (t) => t.find('> set weight bk_api/nginx2 1') !== undefined, { what: "F7's command in the CLI log" });
      assert.equal(term.find('> set weight bk_api/nginx2 0'), undefined, `F6 sent nothing\n${term.text()}`);
    });

    test(`${at}: the confirmation takes y only: other keys wait, ENTER, ESC, q and n cancel, y sends`, async () => {
      const term = await openAt(size);
      await selectFromTop(term, 'bk_app/nginx2');
      const asking = (t: Term): boolean => t.find('maintenance: nginx2 in 3 backends?') !== undefined;
      for (const key of ['enter', 'escape', 'q', 'n'] as const) {
        term.press('f2');
        await waitScreen(term, asking, { what: `the confirmation (to be answered with ${key})` });
        // Keys that mean something elsewhere: none may act. Keys are read in order, so once the answer shows,
        // these have been handled.
        term.press('x');
        term.press('f10');
        term.press('down');
        term.press('h');
        term.press(key);
        await waitScreen(term, (t) => !asking(t) && statusWords(t, size, 'Cancelled').endsWith('Cancelled: maintenance: nginx2 in 3 backends.'), { what: `${key} cancels` });
        assert.equal(term.exited, false, `${key} did not quit`);
        assert.equal(term.find('hatop-ts keys'), undefined, 'h did not open the help');
        assert.equal(selectedId(term), 'bk_app/nginx2', 'DOWN did not move the selection');
        assert.deepEqual(
          [await lab.statusOf('bk_app', 'nginx2'), await lab.statusOf('bk_api', 'nginx2'), await lab.statusOf('li_web', 'nginx2')],
          ['UP', 'UP', 'UP'],
          `${key}: nothing sent`,
        );
      }
      term.press('f2');
      await waitScreen(term, asking, { what: 'the confirmation, to be answered with y' });
      assert.ok(term.find('y: do it      n, ESC or ENTER: cancel (only y sends)'), `the dialog says so\n${term.text()}`);
      term.press('y');
      await waitScreen(term, (t) => statusWords(t, size, 'Done').endsWith('Done: maintenance: nginx2 in 3 backends.'), { what: 'y sends' });
      for (const id of ['bk_app/nginx2', 'bk_api/nginx2', 'li_web/nginx2']) await waitHaproxy(lab, id, 'MAINT');
    });

    test(`${at}: the ENTER menu: one action a line, UP/DOWN move the highlight, ENTER or a letter runs it, ESC closes`, async () => {
      const term = await openAt(size);
      await selectFromTop(term, 'bk_api/nginx2');
      term.press('enter');
      await waitScreen(term, (t) => menuHighlight(t) === 'F1   E  enable all', { what: 'the menu, F1 highlighted' });
      // The menu is longer than a small screen: it shows a window of it around the highlight.
      for (const item of ['F2   M  maint all', 'F8   >  weight +10']) assert.ok(term.find(item), `${item}\n${term.text()}`);
      term.press('up');
      await waitScreen(term, (t) => menuHighlight(t) === 'i  info', { what: 'UP wraps to the last' });
      term.press('down');
      await waitScreen(term, (t) => menuHighlight(t) === 'F1   E  enable all', { what: 'DOWN wraps to the first' });
      const order = ['F2   M  maint all', 'F3   D  drain all', 'F4   =  weight 100%', 'F5   <  weight -10', 'F6   -  weight -1', 'F7   +  weight +1', 'F8   >  weight +10', 'F9   e  enable', 'F10  m  maint'];
      for (const item of order) {
        term.press('down');
        await waitScreen(term, (t) => menuHighlight(t) === item, { timeoutMs: 3000, what: `the highlight on ${item}` });
      }
      assert.equal(await lab.statusOf('bk_api', 'nginx2'), 'UP', 'moving does nothing');
      term.press('enter');
      await waitHaproxy(lab, 'bk_api/nginx2', 'MAINT');
      await waitScreen(term, (t) => menuHighlight(t) === '' && t.find('ESC closes.') === undefined, { what: 'the menu closed' });
      assert.deepEqual([await lab.statusOf('bk_app', 'nginx2'), await lab.statusOf('li_web', 'nginx2')], ['UP', 'UP'], 'this backend only');
      // A letter: e (F9, enable).
      term.press('enter');
      await waitScreen(term, (t) => menuHighlight(t) === 'F1   E  enable all', { what: 'the menu again, from the top' });
      term.press('e');
      await waitHaproxy(lab, 'bk_api/nginx2', (s) => s.startsWith('UP'));
      // ESC closes and sends nothing.
      // The menu that e closed must be off the screen before ENTER opens it again, or the wait below could see it.
      await waitScreen(term, (t) => !t.text().includes('┌'), { what: 'the menu closed by e' });
      term.press('enter');
      await waitScreen(term, (t) => menuHighlight(t) !== '', { what: 'the menu, to close with ESC' });
      term.press('escape');
      // The menu itself gone, not only its hint (a late notice can replace the hint while the menu is still open):
      // no highlight, no hint, and no box left on screen.
      await waitScreen(term, (t) => menuHighlight(t) === '' && t.find('ESC closes.') === undefined && !t.text().includes('┌'), { what: 'ESC closed it' });
    });

    test(`${at}: on a BACKEND row the ENTER menu is the details and paste, and says where the server hotkeys work`, async () => {
      const term = await openAt(size);
      await selectFromTop(term, 'bk_api/BACKEND');
      term.press('enter');
      await waitScreen(term, (t) => menuHighlight(t) === 'i  info' && t.find('Server hotkeys work on server rows.') !== undefined, { what: 'the BACKEND menu' });
      assert.ok(term.find('p  sel'));
      assert.equal(term.find('enable all'), undefined, 'no server hotkey on a BACKEND');
      term.press('p');
      await waitScreen(term, (t) => (t.lines()[size.rows - 3] ?? '') === ' > bk_api/BACKEND', { what: 'p pasted the name into the CLI line' });
      assert.equal(await lab.statusOf('bk_api', 'BACKEND'), 'UP');
    });

    test(`${at}: details of bk_static/broken: the check's words whole; PGDOWN / PGUP scroll and say what is hidden`, async () => {
      const term = await openAt(size);
      await selectFromTop(term, 'bk_static/broken');
      term.press('i');
      await waitScreen(term, 'bk_static/broken (server)', { what: 'the details' });
      await waitScreen(term, /Layer4 connection problem/, { what: "the check's words" });
      assert.ok(term.find(/ check says +Layer4 connection problem( |$)/), term.text());
      assert.ok(term.find(/ last check +Connection refused( |$)/), term.text());
      const below = (t: Term): number | undefined => {
        const m = /\.\.\. (\d+) more lines below \(PGDOWN\)/.exec(t.text());
        return m === null ? undefined : Number(m[1]);
      };
      const hidden = below(term);
      assert.ok(hidden !== undefined && hidden > 0, `says how much is below\n${term.text()}`);
      term.press('pagedown');
      await waitScreen(term, (t) => /\.\.\. \d+ lines above \(PGUP\)/.test(t.text()), { what: 'PGDOWN: lines above' });
      assert.equal(term.find('Layer4 connection problem'), undefined, 'the first page scrolled away');
      for (let i = 0; i < 6 && below(term) !== undefined; i++) {
        const before = below(term);
        term.press('pagedown');
        await waitScreen(term, (t) => below(t) !== before, { timeoutMs: 3000, what: 'the next page' });
      }
      assert.equal(below(term), undefined, 'the bottom reached');
      assert.ok(term.find(/\.\.\. \d+ lines above \(PGUP\)/));
      for (let i = 0; i < 8 && term.find('lines above') !== undefined; i++) {
        term.press('pageup');
        await waitScreen(term, (t) => below(t) !== undefined, { timeoutMs: 3000, what: 'PGUP' });
      }
      await waitScreen(term, (t) => t.find('lines above') === undefined && t.find('Layer4 connection problem') !== undefined, { what: 'back at the top' });
    });

    test(`${at}: CLI view: \`show servers state\` wraps, every column kept`, async () => {
      const term = await openAt(size);
      term.press('5');
      await waitScreen(term, (t) => (t.lines()[size.rows - 3] ?? '') === ' >', { what: 'the CLI view' });
      term.type('show servers state bk_static');
      term.press('enter');
      await waitScreen(term, (t) => t.find(/ bk_static \d+ broken /) !== undefined && (t.lines()[size.rows - 3] ?? '') === ' >', { what: 'the reply' });
      const reply = (await lab.rawCommand('show servers state bk_static')).split('\n').filter((l) => l !== '');
      const header = reply[1] ?? '';
      assert.ok(header.length > size.cols, 'the header is wider than the terminal');
      // Logical lines from the screen: a line and the lines under it that start with the two-space indent.
      const lines = term.lines().slice(5, size.rows - 3);
      const logical: string[] = [];
      for (let i = 0; i < lines.length; i++) {
        const line = lines[i] ?? '';
        if (line.startsWith('   ') && logical.length > 0) continue;
        let text = line.slice(1);
        let j = i + 1;
        while ((lines[j] ?? '').startsWith('   ')) {
          text = text.padEnd(size.cols - 1) + (lines[j] ?? '').slice(3);
          j++;
        }
        // A wrapped line fills its rows: what the screen trimmed at their ends were spaces.
        logical.push(text);
      }
      assert.ok(logical.includes(header), `the header, whole:\n${term.text()}`);
      const servers = logical.filter((l) => /^\d+ \S+ \d+ \S+ /.test(l));
      assert.equal(servers.length, reply.length - 2, 'one logical line per server');
      for (const l of servers) assert.equal(l.split(' ').length, header.split(' ').length - 1, `every field of ${l}`);
      assert.ok(servers.some((l) => /^\d+ bk_static \d+ broken /.test(l)));
    });

    test(`${at}: CLI view: Ctrl-T cuts the long lines, Ctrl-F scrolls them by half the width, the screen keeps its shape`, async () => {
      const term = await openAt(size);
      term.press('5');
      await waitScreen(term, (t) => (t.lines()[size.rows - 3] ?? '') === ' >', { what: 'the CLI view' });
      term.type('show servers state bk_static');
      term.press('enter');
      await waitScreen(term, (t) => t.find(/ bk_static \d+ broken /) !== undefined && (t.lines()[size.rows - 3] ?? '') === ' >', { what: 'the reply' });
      const header = (await lab.rawCommand('show servers state bk_static')).split('\n')[1] ?? '';
      const window = (left: number): string => ` ${header.slice(left, left + size.cols - 1)}`.trimEnd();
      term.write(CTRL_T);
      await waitScreen(term, (t) => t.lines().includes(window(0)) && !t.lines().some((l) => l.startsWith('   ') && l.includes('srv_')), { what: 'unwrapped, cut' });
      const half = Math.max(10, Math.floor(size.cols / 2));
      term.write(CTRL_F);
      await waitScreen(term, (t) => t.lines().includes(window(half)), { what: `Ctrl-F: ${half} columns to the right` });
      // Suspected bug: the time and command lines scrolled past have nothing left but their colour tags, which
      // blessed drops, so the input line, the status and the footer move up and leave the last rows blank.
      assert.match(footer(term), /^ 1(-STATUS)?  2/, `the footer on the last row\n${term.text()}`);
      assert.equal(term.lines()[size.rows - 3], ' >', 'the input line where it was');
    });

    test(`${at}: HAProxy unreachable: the rows go gray (no colour at all with NO_COLOR), the age reads "data from"`, async () => {
      const term = await openAt(size);
      const mono = await openAt(size, { NO_COLOR: '1' });
      const statusX = columnSpan(term, 'STATUS').start;
      await waitScreen(term, (t) => (findRow(t, 'bk_app', 'nginx2') ?? -1) > 0, { what: 'bk_app/nginx2 on screen' });
      const nginx2 = (): number => findRow(term, 'bk_app', 'nginx2') ?? -1;
      assert.equal(term.cell(nginx2(), statusX).fg, GREEN, 'UP green while live');
      await lab.stopHaproxy();
      for (const t of [term, mono]) {
        await waitScreen(t, (x) => statusWords(x, size, 'HAProxy unreachable').startsWith('HAProxy unreachable for'), { what: 'the outage on the status line' });
      }
      await waitScreen(term, (t) => /data from \d\d:\d\d:\d\d$/.test(t.lines()[size.rows - 2] ?? ''), { what: '"data from" on the right' });
      assert.doesNotMatch(statusRows(term, size).join('\n'), /updated/);
      const rows = serviceRows(term, size);
      const enough = size.rows >= 30 ? 12 : 6;
      assert.ok(rows.length >= enough, `${rows.length} rows`);
      for (const row of rows) assert.ok(rowColour(term, row, GRAY), `row ${row} all gray: ${term.lines()[row]}`);
      assert.equal(term.cell(nginx2(), statusX).fg, GRAY, 'UP no longer green');
      const monoRows = serviceRows(mono, size);
      assert.ok(monoRows.length >= enough, `${monoRows.length} NO_COLOR rows`);
      for (const row of monoRows) assert.ok(rowColour(mono, row, DEFAULT), `NO_COLOR row ${row}: no colour: ${mono.lines()[row]}`);
      if (size.cols >= 120) assert.match(term.lines()[0] ?? '', /\[HAProxy unreachable since \d\d:\d\d:\d\d\]/);

      await lab.startHaproxy();
      await waitScreen(term, (t) => statusWords(t, size, 'Connected').includes('Connected to HAProxy again'), { timeoutMs: 15_000, what: 'reconnected' });
      await waitScreen(term, (t) => t.cell(nginx2(), statusX).fg === GREEN && /updated \d\d:\d\d:\d\d, every 1s$/.test(t.lines()[size.rows - 2] ?? ''), { what: 'colours and "updated" back' });
    });

    // Suspected bug at 80 columns: the bar keeps the counts by cutting its left part, and with it the news.
    test(`${at}: HAProxy unreachable: the top bar names the outage and its start, whole`, async () => {
      const term = await openAt(size);
      await lab.stopHaproxy();
      await waitScreen(term, (t) => (t.lines()[0] ?? '').includes('[HAProxy unreachab'), { what: 'the outage in the top bar' });
      assert.match(term.lines()[0] ?? '', /\[HAProxy unreachable since \d\d:\d\d:\d\d\]/, `the top bar: ${term.lines()[0]}`);
    });
  });
}

test('80x24: a message expires (15 s for an ok one); the age of the data stays', async () => {
  const size = SIZES[0] as Size;
  const term = await openAt(size);
  await selectFromTop(term, 'bk_api/nginx2');
  term.press('f10');
  const row = (): string => term.lines()[size.rows - 2] ?? '';
  await waitScreen(term, () => row().includes('Done: maintenance: bk_api/nginx2.'), { what: 'the notice' });
  const shownAt = Date.now();
  await waitScreen(term, () => !row().includes('Done') && /^ +updated \d\d:\d\d:\d\d, every 1s$/.test(row()), { timeoutMs: 25_000, what: 'the notice to expire' });
  const after = Date.now() - shownAt;
  assert.ok(after >= 13_000, `gone after ${after} ms: not before about 15 s`);
});
