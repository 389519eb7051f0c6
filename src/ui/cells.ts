// Tagged lines to terminal cells. Pure. The frame is built from a handful of blessed-style tags ({bold},
// {inverse}, {underline}, {red-fg}, {/red-fg}, {/}, {open}, {close}); turning them into cells here, one line at a
// time, lets the screen redraw only the lines that changed instead of having blessed re-parse the whole page.
// A cell is [attribute, character] with the attribute packed as blessed packs it: flags << 18 | fg << 9 | bg.

export type Cell = [attr: number, ch: string];

const BOLD = 1;
const UNDERLINE = 2;
const BLINK = 4;
const INVERSE = 8;
const DEFAULT_COLOR = 0x1ff;

/** The terminal's own colours, no flags. */
export const DEFAULT_ATTR = (DEFAULT_COLOR << 9) | DEFAULT_COLOR;

const FLAGS: Readonly<Record<string, number>> = { bold: BOLD, underline: UNDERLINE, ul: UNDERLINE, blink: BLINK, inverse: INVERSE, reverse: INVERSE };

const COLORS: Readonly<Record<string, number>> = {
  black: 0,
  red: 1,
  green: 2,
  yellow: 3,
  blue: 4,
  magenta: 5,
  cyan: 6,
  white: 7,
  gray: 8,
  grey: 8,
  'light-red': 9,
  'light-green': 10,
  'light-yellow': 11,
  'light-blue': 12,
  'light-magenta': 13,
  'light-cyan': 14,
  'light-white': 15,
  default: DEFAULT_COLOR,
};

/** The attributes in force at one point of a line: counted flags (nesting) and a stack per colour plane. */
class Pen {
  private readonly flags = new Map<number, number>();
  private readonly fg: number[] = [];
  private readonly bg: number[] = [];
  attr = DEFAULT_ATTR;

  /** Applies one tag's name (`bold`, `/red-fg`, `/`); false when it is no tag we know (then it is text). */
  apply(name: string): boolean {
    const closing = name.startsWith('/');
    const what = closing ? name.slice(1) : name;
    if (closing && what === '') {
      this.flags.clear();
      this.fg.length = 0;
      this.bg.length = 0;
    } else if (FLAGS[what] !== undefined) {
      const flag = FLAGS[what];
      const n = (this.flags.get(flag) ?? 0) + (closing ? -1 : 1);
      if (n > 0) this.flags.set(flag, n);
      else this.flags.delete(flag);
    } else {
      const plane = what.endsWith('-fg') ? this.fg : what.endsWith('-bg') ? this.bg : undefined;
      const color = COLORS[what.slice(0, -3)];
      if (plane === undefined || color === undefined) return false;
      if (closing) plane.pop();
      else plane.push(color);
    }
    this.attr = this.pack();
    return true;
  }

  private pack(): number {
    let flags = 0;
    for (const flag of this.flags.keys()) flags |= flag;
    const fg = this.fg[this.fg.length - 1] ?? DEFAULT_COLOR;
    const bg = this.bg[this.bg.length - 1] ?? DEFAULT_COLOR;
    return (flags << 18) | (fg << 9) | bg;
  }
}

const TAG = /\{(\/?[a-z-]*)\}/y;

/** A printable cell for any character: control characters never reach the terminal (shown as `?`). */
const printable = (ch: string): string => (ch < ' ' || (ch >= '\x7f' && ch <= '\x9f') ? '?' : ch);

/**
 * One tagged line as exactly `width` cells: cut at the width, padded with blank cells in the terminal's own
 * colours (as a line that ends early is shown). Unknown tags stay as text.
 */
export function tagCells(line: string, width: number): Cell[] {
  const cells: Cell[] = [];
  const pen = new Pen();
  let i = 0;
  while (i < line.length && cells.length < width) {
    const ch = line.charAt(i);
    if (ch === '{') {
      TAG.lastIndex = i;
      const tag = TAG.exec(line);
      const name = tag?.[1];
      if (tag !== null && name !== undefined) {
        if (name === 'open' || name === 'close') {
          cells.push([pen.attr, name === 'open' ? '{' : '}']);
          i += tag[0].length;
          continue;
        }
        if (name !== '' && pen.apply(name)) {
          i += tag[0].length;
          continue;
        }
      }
    }
    cells.push([pen.attr, printable(ch)]);
    i++;
  }
  while (cells.length < width) cells.push([DEFAULT_ATTR, ' ']);
  return cells;
}

/** Where a box is drawn over the page, border included. */
export interface Placed {
  readonly top: number;
  readonly left: number;
  readonly width: number;
  readonly height: number;
}

/** A box of sparklines (the history pane): its place, its border label, and a title and the points of each line. */
export interface Chart extends Placed {
  readonly label: string;
  readonly titles: readonly string[];
  readonly data: readonly (readonly number[])[];
}

const BORDER_ATTR = (7 << 9) | DEFAULT_COLOR;

/**
 * Row `row` (0 = the top border) of a bordered box of tagged `lines`, as cells: a line border in white, the
 * content inside it cut to the inner width.
 */
export function boxRow(lines: readonly string[], box: Placed, row: number): Cell[] {
  const inner = Math.max(0, box.width - 2);
  if (row === 0 || row === box.height - 1) {
    const [l, r] = row === 0 ? ['\u250c', '\u2510'] : ['\u2514', '\u2518'];
    return [[BORDER_ATTR, l], ...Array.from({ length: inner }, (): Cell => [BORDER_ATTR, '\u2500']), [BORDER_ATTR, r]];
  }
  return [[BORDER_ATTR, '\u2502'], ...tagCells(lines[row - 1] ?? '', inner), [BORDER_ATTR, '\u2502']];
}
