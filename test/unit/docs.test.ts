// The README and the man page against the program: the same keys (KEYMAP, CLI_KEYS), the same options
// (--help), the same columns (MODE_COLUMNS) and the same hotkey commands (the action planner), so the docs
// cannot drift from the code unnoticed.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { KEYMAP, type KeyBinding } from '../../src/app/keymap';
import { planServerAction } from '../../src/app/actions';
import { CLI_KEYS } from '../../src/ui/footer';
import { MODE_COLUMNS, type ModeId } from '../../src/view/columns';
import { VIEWS, viewOf } from '../../src/views';
import { parseOptions } from '../../src/options';
import { buildSnapshot } from '../../src/stats/model';
import { readFixture } from '../support/fixtures';
import { sid } from '../support/snapshots';

const ROOT = path.join(__dirname, '../../..');
const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const MAN = readFileSync(path.join(ROOT, 'man/hatop-ts.1'), 'utf8');
const PACKAGE = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  scripts: Record<string, string>;
};

const HOTKEYS = KEYMAP.filter((b) => b.hotkey === true);
const RUNTIME_KEYS = KEYMAP.filter((b) => b.scope === 'runtime');
const OTHER_KEYS = KEYMAP.filter((b) => b.hotkey !== true && b.scope !== 'runtime');
const CLI_KEY_NAMES = CLI_KEYS.map(([key]) => key);
const readOnlyOk = (b: KeyBinding): boolean => !b.mutating && b.interactive !== true;

// ---- Markdown ----

/** The text of a `##` (or `###`) section: from its heading to the next heading of the same or higher level. */
function mdSection(text: string, heading: string): string {
  const level = heading.match(/^#+/)?.[0].length ?? 0;
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.trim() === heading);
  assert.ok(start >= 0, `README has no "${heading}" heading`);
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((l) => {
    const m = l.match(/^(#+) /);
    return m !== null && (m[1]?.length ?? 0) <= level;
  });
  return (end < 0 ? rest : rest.slice(0, end)).join('\n');
}

/** Body rows of every Markdown table in `text` (the header and the |---| line left out), as trimmed cells. */
function tableRows(text: string): string[][] {
  const rows: string[][] = [];
  let inTable = false;
  let headerSeen = false;
  for (const line of text.split('\n')) {
    if (!line.startsWith('|')) {
      inTable = false;
      continue;
    }
    if (!inTable) {
      inTable = true;
      headerSeen = false;
    }
    if (!headerSeen) {
      headerSeen = true;
      continue;
    }
    if (/^\|[\s|:-]+\|$/.test(line)) continue;
    rows.push(line.slice(1, -1).split('|').map((c) => c.trim()));
  }
  return rows;
}

const firstCells = (text: string): string[] => tableRows(text).map((r) => r[0] ?? '');

function duplicates(list: readonly string[]): string[] {
  return list.filter((item, i) => list.indexOf(item) !== i);
}

// ---- roff ----

/** Plain text of a roff fragment: font escapes dropped, `\-` -> `-`, quotes of macro arguments removed. */
function roffText(line: string): string {
  return line
    .replace(/^\.(B|I|BR|RB|BI|IB|IR|RI)\s+/, '')
    .replace(/\\f[BIRP]/g, '')
    .replace(/\\-/g, '-')
    .replace(/\\\(dq/g, '"')
    .replace(/\\&/g, '')
    .replace(/\\ /g, ' ')
    .replace(/"/g, '')
    .trim();
}

/** The text of a `.SH` section, up to the next `.SH`. */
function manSection(name: string): string {
  const lines = MAN.split('\n');
  const start = lines.findIndex((l) => l === `.SH ${name}` || l === `.SH "${name}"`);
  assert.ok(start >= 0, `the man page has no .SH ${name}`);
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((l) => l.startsWith('.SH '));
  return (end < 0 ? rest : rest.slice(0, end)).join('\n');
}

/** The tags of the `.TP` entries of a section (the line after each `.TP`). */
function tpTags(section: string): string[] {
  const lines = section.split('\n');
  const tags: string[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '.TP' && lines[i + 1] !== undefined) tags.push(roffText(lines[i + 1] ?? ''));
  });
  return tags;
}

const MAN_PLAIN = MAN.split('\n').map(roffText).join('\n');

describe('README: the first lines', () => {
  test('a title, one sentence, then the two commands in one code block at the very top', () => {
    const lines = README.split('\n');
    assert.equal(lines[0], '# hatop-ts');
    const fence = lines.findIndex((l) => l.startsWith('```'));
    const firstHeading = lines.findIndex((l, i) => i > 0 && l.startsWith('#'));
    assert.ok(fence > 0 && fence < firstHeading, 'the first code block comes before any other heading');
    // Link targets hold dots that end no sentence.
    const intro = lines.slice(1, fence).join(' ').replace(/\]\([^)]*\)/g, ']').trim();
    assert.match(intro, /^[^.]+\.$/, `one sentence between the title and the commands: ${intro}`);
    const close = lines.findIndex((l, i) => i > fence && l.startsWith('```'));
    const commands = lines.slice(fence + 1, close).map((l) => l.replace(/#.*$/, '').trim());
    assert.deepEqual(commands, ['npm ci && npm run demo', 'npm ci && npm test']);
    assert.ok(PACKAGE.scripts['demo'] && PACKAGE.scripts['test'], 'package.json has the demo and test scripts');
  });

  test('the screenshot it shows is in the repository', () => {
    assert.match(README, /!\[[^\]]*\]\(docs\/screen\.png\)/);
    const png = readFileSync(path.join(ROOT, 'docs/screen.png'));
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
  });
});

describe('README: the key tables are the keymap', () => {
  const keys = mdSection(README, '## Keys');
  const views = mdSection(keys, '### Views and moving');
  const hot = mdSection(keys, '### Server hotkeys');
  const cli = mdSection(keys, '### CLI view (mode 5)');
  const runtime = mdSection(keys, '### Runtime views (6-9, 0)');

  test('every key written in a table is one the program binds', () => {
    const known = new Set([...KEYMAP.map((b) => b.display), ...CLI_KEY_NAMES]);
    const unknown = firstCells(keys).filter((k) => !known.has(k));
    assert.deepEqual(unknown, [], 'keys in the README that the program does not have');
  });

  test('views and moving: exactly the non-hotkey bindings, once each, with the read-only column right', () => {
    const rows = tableRows(views);
    assert.deepEqual(duplicates(rows.map((r) => r[0] ?? '')), []);
    assert.deepEqual(new Set(rows.map((r) => r[0])), new Set(OTHER_KEYS.map((b) => b.display)));
    for (const b of OTHER_KEYS) {
      const row = rows.find((r) => r[0] === b.display);
      assert.equal(row?.[2], readOnlyOk(b) ? 'yes' : 'no', `"with -n" of ${b.display}`);
    }
  });

  test('server hotkeys: exactly the hotkeys, each with the command the program sends', () => {
    const rows = tableRows(hot);
    assert.deepEqual(rows.map((r) => r[0]), HOTKEYS.map((b) => b.display));
    const snapshot = buildSnapshot(readFixture('stat-2.6.csv'), readFixture('info-2.6.txt'), 0);
    for (const b of HOTKEYS) {
      const row = b.rows === 'frontend' ? 'fe_main/FRONTEND' : 'be_app/app1';
      const result = planServerAction(b.action, snapshot, sid(row));
      assert.ok(result.ok, `${b.display} plans on ${row}`);
      const text = result.plan.commands[0]?.text ?? '';
      const expected = text
        .replace('be_app/app1', '<px>/<sv>')
        .replace(/(set weight \S+) \d+$/, '$1 <n>')
        .replace(/(set maxconn server \S+) \d+$/, '$1 <n>')
        .replace(/(able frontend) fe_main$/, '$1 <fe>');
      const cell = (rows.find((r) => r[0] === b.display)?.[2] ?? '').replace(/`/g, '');
      assert.ok(cell.startsWith(expected), `${b.display}: README says "${cell}", the program sends "${text}"`);
      const asks = cell.includes('each backend') || (rows.find((r) => r[0] === b.display)?.[1] ?? '').includes('(asks first)');
      assert.equal(asks, result.plan.confirm, `${b.display}: every backend or "(asks first)" <=> asks first`);
      assert.equal(rows.find((r) => r[0] === b.display)?.[3], 'no', `${b.display} is off with -n`);
      assert.equal(rows.find((r) => r[0] === b.display)?.[4], `\`${b.menuKey ?? ''}\``, `${b.display}: its letter in the ENTER menu`);
    }
  });

  test('CLI view: exactly the line editor keys', () => {
    assert.deepEqual(firstCells(cli), CLI_KEY_NAMES);
  });

  test('runtime views: exactly their keys, with the read-only column right', () => {
    const rows = tableRows(runtime);
    assert.deepEqual(rows.map((r) => r[0]), RUNTIME_KEYS.map((b) => b.display));
    for (const b of RUNTIME_KEYS) assert.equal(rows.find((r) => r[0] === b.display)?.[2], readOnlyOk(b) ? 'yes' : 'no', `"with -n" of ${b.display}`);
  });
});

describe('man page: KEYS, HOTKEYS and CLI MODE are the keymap', () => {
  test('KEYS lists every non-hotkey binding and nothing else', () => {
    assert.deepEqual(tpTags(manSection('KEYS')), OTHER_KEYS.map((b) => b.display));
  });

  test('RUNTIME VIEWS lists the runtime views\' keys', () => {
    assert.deepEqual(tpTags(manSection('RUNTIME VIEWS')), RUNTIME_KEYS.map((b) => b.display));
  });

  test('HOTKEYS lists every hotkey and nothing else', () => {
    assert.deepEqual(tpTags(manSection('HOTKEYS')), HOTKEYS.map((b) => b.display));
  });

  test('CLI MODE lists the line editor keys', () => {
    assert.deepEqual(tpTags(manSection('CLI MODE')), CLI_KEY_NAMES);
  });

  test('it names the package version and has the sections of a man page', () => {
    assert.match(MAN, new RegExp(`^\\.TH HATOP-TS 1 \\S+ "hatop-ts ${PACKAGE.version.replace(/\./g, '\\.')}"`, 'm'));
    const sections = MAN.split('\n').filter((l) => l.startsWith('.SH ')).map((l) => l.slice(4).replace(/"/g, ''));
    for (const name of ['NAME', 'SYNOPSIS', 'DESCRIPTION', 'OPTIONS', 'MODES', 'KEYS', 'HOTKEYS', 'CLI MODE', 'EXIT STATUS', 'ENVIRONMENT', 'EXAMPLES', 'SEE ALSO']) {
      assert.ok(sections.includes(name), `.SH ${name}`);
    }
    assert.match(manSection('ENVIRONMENT'), /NO_COLOR/);
    assert.match(manSection('SEE ALSO'), /haproxy \(1\)/);
  });
});

describe('options: every long option of --help is documented', () => {
  const help = parseOptions(['--help']);
  const helpText = help.kind === 'exit' ? (help.stdout ?? '') : '';
  const optionsPart = helpText.slice(helpText.indexOf('Options:'), helpText.indexOf('\n\n', helpText.indexOf('Options:')));
  const longOptions = [...new Set(optionsPart.match(/--[a-z][a-z-]+/g) ?? [])];

  test('--help lists the options', () => {
    assert.equal(help.kind, 'exit');
    assert.ok(longOptions.length >= 12, `found ${longOptions.join(' ')}`);
  });

  test('in the README options table', () => {
    const documented = tableRows(mdSection(README, '## Options')).map((r) => r[0] ?? '');
    for (const option of longOptions) {
      assert.ok(documented.some((cell) => cell.includes(`\`${option}\``)), `${option} in the README's options table`);
    }
  });

  test('in the man page OPTIONS section', () => {
    const tags = tpTags(manSection('OPTIONS'));
    for (const option of longOptions) {
      assert.ok(tags.some((tag) => tag.split(/[\s,]+/).includes(option)), `${option} in the man page's OPTIONS`);
    }
  });

  test('the --help examples appear in the README and the man page', () => {
    for (const example of ['-s /run/haproxy/admin.sock', '-t 127.0.0.1:9999', '--once -m 2', '--json |']) {
      assert.ok(helpText.includes(`hatop-ts ${example}`) || helpText.includes(example), `--help has ${example}`);
      assert.ok(README.includes(example), `README has ${example}`);
      assert.ok(MAN_PLAIN.includes(example), `man page has ${example}`);
    }
  });
});

describe('modes and columns: README and man page list each mode\'s header -> CSV field', () => {
  const expected = (mode: ModeId): string => MODE_COLUMNS[mode].map((c) => `${c.header}: ${c.field ?? c.id}`).join(', ');
  const modes: ModeId[] = [1, 2, 3, 4];

  test('README table', () => {
    const rows = tableRows(mdSection(README, '## Modes and columns'));
    for (const mode of modes) {
      const row = rows.find((r) => r[0] === `${mode} ${viewOf(mode).name}`);
      assert.equal(row?.[1], expected(mode), `README mode ${mode}`);
    }
  });

  test('man page MODES', () => {
    const section = manSection('MODES').split('\n');
    for (const mode of modes) {
      const at = section.findIndex((l) => roffText(l) === `${mode} ${viewOf(mode).name}`);
      assert.ok(at > 0, `man page mode ${mode}`);
      const body: string[] = [];
      for (const line of section.slice(at + 1)) {
        if (line.startsWith('.')) break;
        body.push(line);
      }
      assert.equal(body.join(' ').replace(/\s+/g, ' ').trim(), expected(mode), `man page mode ${mode}`);
    }
  });
});

describe('the view registry: every view is documented', () => {
  test('README: a row in the modes table, its key in the keys table; man page: a MODES entry', () => {
    const rows = tableRows(mdSection(README, '## Modes and columns'));
    const man = manSection('MODES').split('\n').map(roffText);
    for (const view of VIEWS) {
      assert.ok(rows.some((r) => r[0] === `${view.mode} ${view.name}`), `README modes table: ${view.mode} ${view.name}`);
      assert.ok(man.includes(`${view.mode} ${view.name}`), `man page MODES: ${view.mode} ${view.name}`);
    }
    assert.equal(rows.length, VIEWS.length, 'no view in the README that the program does not have');
  });
});
