import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { boxRow, DEFAULT_ATTR, tagCells, type Cell } from '../../src/ui/cells';
import { LineCache } from '../../src/ui/table';
import { openScreen, type ScreenRig } from '../support/fake-terminal';
import { KEYS } from '../support/keys';

const selectedId = (rig: ScreenRig): string | undefined => rig.controller.selectedId;

const text = (cells: readonly Cell[]): string => cells.map((c) => c[1]).join('');
const flags = (attr: number): number => attr >> 18;
const fg = (attr: number): number => (attr >> 9) & 0x1ff;
const BOLD = 1;
const UNDERLINE = 2;
const INVERSE = 8;

describe('tagCells', () => {
  test('plain text is cut or padded to the width, in the terminal colours', () => {
    assert.equal(text(tagCells('hello', 8)), 'hello   ');
    assert.equal(text(tagCells('hello world', 5)), 'hello');
    assert.ok(tagCells('hi', 4).every((c) => c[0] === DEFAULT_ATTR));
    assert.equal(tagCells('', 0).length, 0);
  });

  test('tags set attributes and take no cells; closing restores what was in force', () => {
    const cells = tagCells('a{bold}b{red-fg}c{/red-fg}d{/bold}e', 5);
    assert.equal(text(cells), 'abcde');
    const [a, b, c, d, e] = cells.map((x) => x[0]);
    assert.deepEqual([a, e].map(flags), [0, 0]);
    assert.deepEqual([b, c, d].map(flags), [BOLD, BOLD, BOLD]);
    assert.equal(fg(c ?? 0), 1);
    assert.deepEqual([b, d].map((x) => fg(x ?? 0)), [0x1ff, 0x1ff]);
  });

  test('nesting is counted: a bold word inside an inverse line leaves the rest inverse but not bold', () => {
    const cells = tagCells('{inverse}x{red-fg}{bold}DOWN{/bold}{/red-fg}y{/inverse}z', 7);
    assert.equal(text(cells), 'xDOWNyz');
    assert.equal(flags(cells[0]?.[0] ?? 0), INVERSE);
    assert.equal(flags(cells[1]?.[0] ?? 0), INVERSE | BOLD);
    assert.equal(flags(cells[5]?.[0] ?? 0), INVERSE, 'bold ends with its word');
    assert.equal(fg(cells[5]?.[0] ?? 0), 0x1ff);
    assert.equal(cells[6]?.[0], DEFAULT_ATTR);
  });

  test('{/} resets everything; gray, cyan and underline as the theme uses them', () => {
    const cells = tagCells('{cyan-fg}{underline}m{/}n{gray-fg}g', 3);
    assert.equal(flags(cells[0]?.[0] ?? 0), UNDERLINE);
    assert.equal(fg(cells[0]?.[0] ?? 0), 6);
    assert.equal(cells[1]?.[0], DEFAULT_ATTR);
    assert.equal(fg(cells[2]?.[0] ?? 0), 8);
  });

  test('{open} and {close} are braces; unknown tags and lone braces stay text', () => {
    assert.equal(text(tagCells('{open}x{close}', 3)), '{x}');
    assert.equal(text(tagCells('{nope}{', 7)), '{nope}{');
    assert.equal(text(tagCells('{}a', 3)), '{}a');
  });

  test('control characters never reach the terminal', () => {
    assert.equal(text(tagCells('a\x1b[2Jb\x07\x9bc', 9)), 'a?[2Jb??c');
  });
});

describe('boxRow', () => {
  const box = { top: 0, left: 0, width: 6, height: 4 };
  test('a line border around content cut to the inner width', () => {
    const lines = ['menu', 'longer than four'];
    assert.equal(text(boxRow(lines, box, 0)), '\u250c\u2500\u2500\u2500\u2500\u2510');
    assert.equal(text(boxRow(lines, box, 1)), '\u2502menu\u2502');
    assert.equal(text(boxRow(lines, box, 2)), '\u2502long\u2502');
    assert.equal(text(boxRow(lines, box, 3)), '\u2514\u2500\u2500\u2500\u2500\u2518');
  });
});

describe('LineCache', () => {
  test('a line painted in the last frame is reused; one not drawn in the last frame is painted again', () => {
    const cache = new LineCache();
    let painted = 0;
    const paint = (s: string) => () => {
      painted++;
      return s;
    };
    cache.frame();
    assert.equal(cache.take('a', paint('A')), 'A');
    cache.frame();
    assert.equal(cache.take('a', paint('not again')), 'A');
    assert.equal(painted, 1);
    cache.frame();
    cache.frame();
    assert.equal(cache.take('a', paint('A2')), 'A2', 'dropped after a frame without it');
    assert.equal(painted, 2);
  });
});

describe('the screen sends only the lines that changed', () => {
  test('a redraw with nothing new sends nothing; moving the selection sends about two rows', async () => {
    const rig = await openScreen({ cols: 120, rows: 30 });
    try {
      // blessed buffers what it writes and flushes it on the next turn of the event loop.
      const flushed = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
      rig.screen.draw();
      await flushed();
      const before = rig.term.output.bytes;
      rig.screen.draw();
      await flushed();
      assert.equal(rig.term.output.bytes, before, 'an identical frame writes nothing');
      const selected = selectedId(rig);
      rig.term.press(KEYS.down);
      await rig.until(() => selectedId(rig) !== selected && rig.term.output.bytes > before, 'the moved selection to be sent');
      const sent = rig.term.output.bytes - before;
      // Two table rows and the footer, with their colour codes: well under a third of a 120x30 screen.
      assert.ok(sent < (120 * 30) / 3, `sent ${sent} bytes for a selection move`);
    } finally {
      rig.close();
    }
  });
});
