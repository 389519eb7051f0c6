// The real blessed screen in-process: hotkeys, confirmations, the CLI view and read-only mode, by key presses.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { footer, press, screenRigs, selectedIs, type FakeTerminal } from '../support/fake-terminal';
import { flush, statCsv, StubTransport } from '../support/snapshots';

const { open } = screenRigs();
const status = (t: FakeTerminal): string => t.lines().at(-2) ?? '';

/** nginx1 in three backends, for the every-backend hotkeys. */
function dupStub(): StubTransport {
  const stub = new StubTransport();
  stub.stat = statCsv([
    { name: 'bk_a', iid: 2, servers: ['nginx1', 'nginx2'], backend: true },
    { name: 'bk_b', iid: 3, servers: ['nginx1'], backend: true },
    { name: 'li_c', iid: 4, frontend: true, servers: ['web1', 'nginx1'], backend: true },
  ]);
  return stub;
}

/** The CLI input line (the row above the status line) and the x of the inverse cursor cell on it. */
function input(t: FakeTerminal): { text: string; cursor: number } {
  const y = t.lines().length - 3;
  const text = t.lines()[y] ?? '';
  let cursor = -1;
  for (let x = 0; x < text.length; x++) if (t.cell(x, y).inverse) cursor = x;
  return { text: text.trimEnd(), cursor };
}

describe('screen: hotkeys and confirmations', () => {
  test('F1 shows a confirmation listing every target; n cancels and sends nothing; y sends them all', async () => {
    const rig = await open({ stub: dupStub(), cols: 100, rows: 30 });
    await rig.until(selectedIs('bk_a/nginx1'), 'bk_a/nginx1 selected (the first service)');
    press(rig, 'f1');
    await rig.until((t) => t.text().includes('ready: nginx1 in 3 backends?'), 'the confirmation');
    for (const id of ['bk_a/nginx1', 'bk_b/nginx1', 'li_c/nginx1']) assert.ok(rig.term.rowOf(`set server ${id} state ready`) > 0, id);
    assert.ok(rig.term.text().includes('y: do it      n, ESC or ENTER: cancel (only y sends)'));
    press(rig, 'n');
    await rig.until((t) => !t.text().includes('in 3 backends?') && status(t).includes('Cancelled: ready: nginx1 in 3 backends.'), 'cancelled');
    await flush();
    assert.deepEqual(rig.stub.commands(), ['show servers state'], 'only the lookup of the backends');
    press(rig, 'f1');
    await rig.until((t) => t.text().includes('in 3 backends?'), 'the confirmation again');
    press(rig, 'y');
    await rig.until((t) => status(t).includes('Done: ready: nginx1 in 3 backends.'), 'done');
    assert.deepEqual(rig.stub.commands(), [
      'show servers state',
      'show servers state',
      'set server bk_a/nginx1 state ready',
      'set server bk_b/nginx1 state ready',
      'set server li_c/nginx1 state ready',
    ]);
  });

  // ENTER used to confirm: an ENTER typed out of habit (ENTER, F3, ENTER) acted on every backend. Now only y does.
  test('ENTER cancels the confirmation: nothing goes out and no menu opens after', async () => {
    const rig = await open({ stub: dupStub() });
    await rig.until(selectedIs('bk_a/nginx1'), 'bk_a/nginx1 selected (the first service)');
    press(rig, 'f3');
    await rig.until((t) => t.text().includes('drain: nginx1 in 3 backends?'), 'the confirmation');
    press(rig, 'enter');
    await rig.until((t) => !t.text().includes('in 3 backends?') && status(t).includes('Cancelled: drain: nginx1 in 3 backends.'), 'cancelled');
    await flush();
    assert.deepEqual(rig.stub.commands(), ['show servers state'], 'only the lookup of the backends');
    assert.equal(rig.controller.overlay.kind, 'none');
    assert.ok(!rig.term.text().includes('ESC closes.'), 'the ENTER that cancelled did not also open the menu');
  });

  test('other keys wait while a confirmation is open', async () => {
    const rig = await open({ stub: dupStub() });
    await rig.until(selectedIs('bk_a/nginx1'), 'bk_a/nginx1 selected (the first service)');
    press(rig, 'f2');
    await rig.until((t) => t.text().includes('maintenance: nginx1 in 3 backends?'), 'the confirmation');
    press(rig, 'down', '2', 'f10', 'h');
    await flush();
    await flush();
    assert.equal(rig.controller.selectionLabel, 'bk_a/nginx1');
    assert.equal(rig.controller.mode, 1);
    assert.deepEqual(rig.stub.commands(), ['show servers state']);
    press(rig, 'escape');
    await rig.until((t) => !t.text().includes('in 3 backends?'), 'ESC cancels');
    assert.deepEqual(rig.stub.commands(), ['show servers state']);
  });

  test('F10 / F9 / F4 / F8 act on the selected server at once, and say so', async () => {
    const rig = await open();
    press(rig, 'down', 'down', 'down', 'down', 'down', 'down', 'down');
    await rig.until(selectedIs('be_app/app2'), 'be_app/app2 selected');
    press(rig, 'f10');
    await rig.until((t) => status(t).includes('Done: maintenance: be_app/app2.'), 'maint done');
    press(rig, 'f9');
    await rig.until((t) => status(t).includes('Done: ready: be_app/app2.'), 'ready done');
    press(rig, 'f4');
    await rig.until((t) => status(t).includes('back to its initial weight'), 'weight reset');
    press(rig, 'f8', 'f8');
    await rig.until(() => rig.stub.commands().length === 5, 'two weight steps');
    assert.deepEqual(rig.stub.commands(), [
      'set server be_app/app2 state maint',
      'set server be_app/app2 state ready',
      'set weight be_app/app2 100%',
      'set weight be_app/app2 11',
      'set weight be_app/app2 21',
    ]);
  });

  test('HAProxy refusing (Permission denied) shows as an error on the status line', async () => {
    const stub = new StubTransport();
    stub.replies.set('set server be_app/app1 state drain', 'Permission denied\n');
    const rig = await open({ stub });
    press(rig, 'down', 'down', 'down', 'down', 'down', 'down');
    await rig.until(selectedIs('be_app/app1'), 'be_app/app1 selected');
    press(rig, 'f11');
    // The whole reason, not cut: too long to share its line with the age, it takes the line above the age's.
    const said = "HAProxy refused drain: be_app/app1: Permission denied: this socket's level does not allow that command.";
    const row = (t: FakeTerminal): number => t.lines().findIndex((l, y) => y >= t.lines().length - 4 && y < t.lines().length - 1 && l.includes(said));
    await rig.until((t) => row(t) >= 0, 'the refusal');
    const y = row(rig.term);
    assert.ok(rig.term.cell(2, y).bold && rig.term.cell(2, y).fg === 1, 'in red');
    assert.match(status(rig.term), /^ +updated \d\d:\d\d:\d\d $/, 'the age, on the last status line');
  });
});

describe('screen: CLI view', () => {
  test('typing shows the line with the cursor; editing keys move and delete; ENTER sends and shows the reply', async () => {
    const stub = new StubTransport();
    stub.replies.set('show errors', 'Total events captured on [02/Jan/2026:03:04:05.000] : 0\n');
    const rig = await open({ stub });
    press(rig, '5');
    await rig.until((t) => input(t).text === ' >', 'the empty input line');
    assert.equal(input(rig.term).cursor, 3);
    assert.ok(!rig.term.text().includes(' NAME '), 'no table in the CLI view');
    rig.term.type('show errorz');
    await rig.until((t) => input(t).text === ' > show errorz' && input(t).cursor === 14, 'the typed line');
    press(rig, 'backspace');
    rig.term.type('s');
    press(rig, 'left', 'left', 'left', 'left', 'left', 'left');
    await rig.until((t) => input(t).cursor === 8, 'cursor on the e');
    assert.equal(rig.term.cell(8, rig.term.lines().length - 3).ch, 'e');
    press(rig, 'home');
    await rig.until((t) => input(t).cursor === 3, 'HOME');
    press(rig, 'end');
    await rig.until((t) => input(t).cursor === 14, 'END');
    press(rig, 'enter');
    await rig.until((t) => t.rowOf(' > show errors') >= 0 && t.text().includes('Total events captured on [02/Jan/2026:03:04:05.000] : 0'), 'the reply');
    assert.equal(input(rig.term).text, ' >');
    assert.deepEqual(rig.stub.commands(), ['show errors']);
    press(rig, 'up');
    await rig.until((t) => input(t).text === ' > show errors', 'history recalls the line');
    press(rig, 'ctrl-w');
    await rig.until((t) => input(t).text === ' > show', 'Ctrl-W');
    press(rig, 'ctrl-u');
    await rig.until((t) => input(t).text === ' >', 'Ctrl-U');
  });

  test('keys that are commands elsewhere are text here; every character hatop dropped is kept', async () => {
    const rig = await open({ config: { mode: 5 }, ready: ' > ' });
    const typed = `q h ? 1 2 j k @ = , " ' { } ; \\ ~`;
    rig.term.type(typed);
    await rig.until((t) => input(t).text === ` > ${typed}`, 'the whole line');
    assert.equal(rig.controller.mode, 5);
    assert.equal(rig.quits, 0);
    assert.equal(rig.controller.overlay.kind, 'none');
  });

  test('refused commands are not sent and the refusal is shown', async () => {
    const rig = await open({ config: { mode: 5 }, ready: ' > ' });
    rig.term.type('show info; quit');
    press(rig, 'enter');
    await rig.until((t) => t.text().includes('Refused: `quit`') && t.text().includes('press ESC, then q'), 'the refusal, saying how to leave');
    await flush();
    assert.deepEqual(rig.stub.commands(), []);
  });

  test('SPACE pastes the selected id into the CLI line; ESC goes back to the table', async () => {
    const rig = await open();
    press(rig, 'down', 'down', 'down', 'down', 'down', 'down');
    await rig.until(selectedIs('be_app/app1'), 'be_app/app1 selected');
    press(rig, 'space');
    await rig.until((t) => input(t).text === ' > be_app/app1', 'the pasted id');
    press(rig, 'escape');
    await rig.until((t) => t.text().includes('>>> be_app') && selectedIs('be_app/app1')(t), 'back to the table, same selection');
    press(rig, 'alt-5');
    await rig.until((t) => input(t).text === ' > be_app/app1', 'Alt-5: the line was kept');
  });
});

describe('screen: read-only mode', () => {
  test('READ-ONLY in the footer; 5, ENTER, SPACE and the F-keys do nothing', async () => {
    const rig = await open({ config: { readOnly: true } });
    const foot = footer(rig.term);
    assert.match(foot, /READ-ONLY \[fe_main\/FRONTEND\]$/);
    assert.ok(!foot.includes('5-CLI') && !foot.includes('ENTER=menu'));
    press(rig, 'down', 'down', 'down', 'down', 'down', 'down');
    await rig.until(selectedIs('be_app/app1'), 'be_app/app1 selected');
    press(rig, '5', 'alt-5', 'enter', 'space', 'f1', 'f4', 'f8', 'f10', 'f11');
    await rig.until(() => rig.keys.filter((k) => k === 'f11').length === 1, 'all keys read');
    await flush();
    assert.equal(rig.controller.mode, 1);
    assert.equal(rig.controller.overlay.kind, 'none');
    assert.deepEqual(rig.stub.commands(), []);
    assert.ok(rig.term.text().includes('>>> be_app'));
    await rig.until((t) => status(t).includes('Read-only mode (-n): F11 is off.'), 'the last key said to be off');
    press(rig, 'alt-5');
    await rig.until((t) => status(t).includes('Read-only mode (-n): Alt-5 / ESC 5 is off.'), 'Alt-5 named as in the help');
  });
});

describe('find with /', () => {
  test('/ jumps as you type, ENTER keeps the match, n and N go on, ESC goes back to where it started', async () => {
    const rig = await open({ stub: dupStub() });
    await rig.until(selectedIs('bk_a/nginx1'), 'the first service');
    press(rig, '/');
    await rig.until((t) => status(t).startsWith(' /') && status(t).includes('ENTER keeps'), 'the search prompt');
    rig.term.type('WEB');
    await rig.until((t) => selectedIs('li_c/web1')(t) && status(t).includes('/WEB'), 'li_c/web1 found as typed');
    press(rig, 'backspace', 'backspace', 'backspace');
    rig.term.type('nginx1');
    await rig.until(selectedIs('bk_a/nginx1'), 'the first nginx1, from where the search started');
    press(rig, 'enter');
    await rig.until((t) => !status(t).startsWith(' /'), 'the prompt closed');
    press(rig, 'n');
    await rig.until(selectedIs('bk_b/nginx1'), 'n: the next nginx1');
    press(rig, 'n');
    await rig.until(selectedIs('li_c/nginx1'), 'n: the one after');
    press(rig, 'N');
    await rig.until(selectedIs('bk_b/nginx1'), 'N: back one');
    press(rig, '/');
    rig.term.type('zzz');
    await rig.until((t) => status(t).includes('no service matches') && selectedIs('bk_b/nginx1')(t), 'no match: the selection stays');
    press(rig, 'backspace', 'backspace', 'backspace');
    rig.term.type('web1');
    await rig.until(selectedIs('li_c/web1'), 'web1');
    press(rig, 'escape');
    await rig.until((t) => selectedIs('bk_b/nginx1')(t) && !status(t).startsWith(' /'), 'ESC: back where the search started');
  });

  test('an F-key during a search keeps the match and acts on it', async () => {
    const stub = dupStub();
    const rig = await open({ stub });
    await rig.until(selectedIs('bk_a/nginx1'), 'the first service');
    press(rig, '/');
    rig.term.type('nginx2');
    await rig.until(selectedIs('bk_a/nginx2'), 'nginx2 found');
    press(rig, 'f10');
    await rig.until(() => stub.sent.includes('set server bk_a/nginx2 state maint'), 'F10 sent for the match');
  });
});

describe('details with i', () => {
  test('i shows every field of the selection, follows UP/DOWN, keeps showing through an F-key, ESC closes', async () => {
    const stub = dupStub();
    const rig = await open({ stub });
    await rig.until(selectedIs('bk_a/nginx1'), 'the first service');
    press(rig, 'i');
    await rig.until((t) => t.text().includes('bk_a/nginx1 (server)') && /status +UP/.test(t.text()), 'the details of bk_a/nginx1');
    press(rig, 'down');
    await rig.until((t) => t.text().includes('bk_a/nginx2 (server)'), 'the details follow the selection');
    press(rig, 'f10');
    await rig.until(() => stub.sent.includes('set server bk_a/nginx2 state maint'), 'F10 sent');
    assert.ok(rig.term.text().includes('bk_a/nginx2 (server)'), 'the details stay open');
    press(rig, 'escape');
    await rig.until((t) => t.text().includes('>>> bk_a') && !t.text().includes('(server)'), 'ESC: the table again');
  });
});
