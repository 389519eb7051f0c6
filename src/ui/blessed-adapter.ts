// The one place that touches blessed's loose typings. Everything else sees the small typed surface below.
import type { Widgets } from 'blessed';
import { boxRow, tagCells, type Cell, type Chart, type Placed } from './cells';
import { MOUSE_MODES, mouseReports, osc52, type MouseReport } from './mouse';

export type { MouseReport } from './mouse';

// Only blessed's screen: `require('blessed')` also loads its forty widgets, which we do not use, and that is a
// good part of the start-up time.
const blessedScreen = require('blessed/lib/widgets/screen') as (options: Widgets.IScreenOptions) => Widgets.Screen;

/** blessed-contrib's sparkline box: a title line and a line of ticks for each series. */
interface SparklineBox extends Widgets.BoxElement {
  setData(titles: readonly string[], data: readonly (readonly number[])[]): void;
}
interface SparklineOptions extends Widgets.BoxOptions {
  readonly style?: Widgets.Types.TStyle & { titleFg?: string };
}
/** Loaded when the history is first opened: blessed-contrib's widget loads all of blessed's. */
const sparklineBox = (): ((options: SparklineOptions) => SparklineBox) => require('blessed-contrib/lib/widget/sparkline') as (options: SparklineOptions) => SparklineBox;

const TICKS = /[\u2581-\u2588]/g;
/** The ticks where the terminal has no UTF-8 (blessed would show `?` for each). */
const ASCII_TICKS = '_.,-:=+#';

/** What is used of blessed's program (its typings do not list the buffered `_write`). */
interface BlessedProgram {
  setMode(mode: string): void;
  resetMode(mode: string): void;
  _write(text: string): void;
  on(event: 'data', handler: (data: Buffer | string) => void): void;
}

/** A row of blessed's cell buffer; `dirty` makes blessed send it at the next draw. */
type Row = Cell[] & { dirty?: boolean };

export interface KeyEvent {
  readonly full: string;
  readonly name: string | undefined;
  readonly ch: string | undefined;
  readonly ctrl: boolean;
  readonly meta: boolean;
}

/** A bordered box of tagged lines drawn over the page (menu, confirmation). */
export interface Overlay extends Placed {
  readonly lines: readonly string[];
}

export interface Terminal {
  readonly width: number;
  readonly height: number;
  /** Whether the terminal takes UTF-8 (blessed's guess from the locale): else blessed draws `?` for block characters. */
  readonly unicode?: boolean;
  /**
   * Shows a whole screen of tagged lines, with an optional bordered box over it. Only lines that differ from
   * what is on screen are turned into cells and sent. Charts, if any, are drawn over the lines.
   */
  show(lines: readonly string[], overlay?: Overlay, charts?: readonly Chart[]): void;
  destroy(): void;
  onKey(handler: (event: KeyEvent) => void): void;
  onResize(handler: () => void): void;
  /** Mouse reports; none arrive unless the terminal was opened with `mouse`. */
  onMouse(handler: (report: MouseReport) => void): void;
  /** Sets the terminal's clipboard (OSC 52): written to the terminal, never drawn into the screen's cells. */
  copy(text: string): void;
  /** For in-process tests: blessed's cell buffer, rows of [attribute, character]. */
  debugLines(): readonly (readonly (readonly [number, string])[])[];
}

export interface TerminalOptions {
  readonly input?: NodeJS.ReadableStream;
  readonly output?: NodeJS.WritableStream;
  readonly term?: string;
  /** Ask the terminal for mouse reports (clicks and the wheel); off, the terminal keeps its own selection. */
  readonly mouse?: boolean;
  /** Inside tmux (default: $TMUX is set), for the clipboard sequence. */
  readonly tmux?: boolean;
  /** Coloured chart borders and titles (off with NO_COLOR). */
  readonly color?: boolean;
}

/**
 * blessed cannot parse Debian's ncurses 6 entries for screen*, tmux* and xterm-256color terminfo; its bundled
 * xterm-256color entry works in all of them. Other TERMs (linux, xterm, vt100) are left as they are.
 */
export function terminalName(term: string | undefined): string {
  if (term === undefined || term === '' || term === 'dumb') return 'xterm';
  if (/^(screen|tmux|xterm)/.test(term)) return 'xterm-256color';
  return term;
}

export function openTerminal(options: TerminalOptions = {}): Terminal {
  const screen = blessedScreen({
    smartCSR: true,
    fullUnicode: false,
    autoPadding: false,
    warnings: false,
    terminal: terminalName(options.term ?? process.env['TERM']),
    // blessed's typings swap these two stream types; they are plain node streams.
    input: options.input as unknown as Widgets.IScreenOptions['input'],
    output: options.output as unknown as Widgets.IScreenOptions['output'],
    resizeTimeout: 50,
    title: 'hatop-ts',
  });
  // blessed's program: the mouse modes and the clipboard go to the terminal through it, in order with the frames.
  const program = (screen as unknown as { program: BlessedProgram }).program;
  const mouse = options.mouse === true;
  // Its own mouse handling would switch on motion reports too (a report for every cell the pointer crosses).
  if (mouse) for (const mode of MOUSE_MODES) program.setMode(mode);
  const tmux = options.tmux ?? (process.env['TMUX'] ?? '') !== '';
  // What each row shows now, as the tagged text it was drawn from: a row whose text is unchanged is skipped.
  let drawn: string[] = [];
  let drawnInto: unknown;
  const unicode = (): boolean => {
    const tput = (screen as unknown as { tput: { unicode?: boolean; numbers: { U8?: number } } }).tput;
    return tput.unicode === true || tput.numbers.U8 === 1;
  };
  // The chart widgets on screen, and what they were last given.
  const widgets: { box: SparklineBox; place: string; label: string }[] = [];
  let chartsShown = '';
  /** Before the lines are written: a box that comes, goes or moves clears the cells it covered, so every line is drawn again. */
  const showCharts = (charts: readonly Chart[]): void => {
    const key = JSON.stringify(charts);
    if (key === chartsShown) return;
    chartsShown = key;
    if (widgets.length > charts.length) drawn = [];
    for (const gone of widgets.splice(charts.length)) gone.box.destroy();
    const color = options.color !== false;
    charts.forEach((chart, i) => {
      const place = `${chart.top},${chart.left},${chart.width},${chart.height}`;
      let widget = widgets[i];
      if (widget === undefined) {
        const box = sparklineBox()({ tags: true, border: { type: 'line' }, style: color ? { border: { fg: 'cyan' }, titleFg: 'white' } : { titleFg: 'default' } });
        screen.append(box);
        widget = { box, place: '', label: '' };
        widgets.push(widget);
      }
      if (widget.place !== place) {
        // blessed clears where a box was (a new one: the whole screen) as it moves.
        drawn = [];
        Object.assign(widget.box, { top: chart.top, left: chart.left, width: chart.width, height: chart.height });
        widget.place = place;
      }
      if (widget.label !== chart.label) widget.box.setLabel(chart.label);
      widget.label = chart.label;
      widget.box.setData(chart.titles, chart.data);
      if (!unicode()) widget.box.setContent(widget.box.content.replace(TICKS, (tick) => ASCII_TICKS[tick.charCodeAt(0) - 0x2581] ?? '_'));
    });
  };
  return {
    get width() {
      return Number(screen.width);
    },
    get height() {
      return Number(screen.height);
    },
    get unicode() {
      return unicode();
    },
    show(lines, overlay, charts = []) {
      showCharts(charts);
      const rows = (screen as unknown as { lines: Row[] }).lines;
      // blessed reallocates its buffer on a resize: everything must be drawn again.
      if (rows !== drawnInto) drawn = [];
      drawnInto = rows;
      const width = Number(screen.width);
      for (let y = 0; y < rows.length; y++) {
        const line = lines[y] ?? '';
        const row = overlay !== undefined && y >= overlay.top && y < overlay.top + overlay.height ? y - overlay.top : undefined;
        const key = row === undefined ? line : `${line}\u0000${overlay?.left}/${overlay?.width}/${overlay?.height}\u0000${overlay?.lines[row - 1] ?? ''}${row}`;
        if (drawn[y] === key) continue;
        drawn[y] = key;
        const cells = tagCells(line, width);
        if (overlay !== undefined && row !== undefined) cells.splice(overlay.left, overlay.width, ...boxRow(overlay.lines, overlay, row));
        const target = rows[y];
        if (target === undefined) continue;
        for (let x = 0; x < target.length; x++) {
          const cell = target[x];
          const next = cells[x];
          if (cell === undefined || next === undefined) continue;
          cell[0] = next[0];
          cell[1] = next[1];
        }
        target.dirty = true;
      }
      screen.render();
    },
    destroy() {
      // blessed switches off only the mouse modes it switched on itself.
      if (mouse) for (const mode of MOUSE_MODES) program.resetMode(mode);
      screen.destroy();
    },
    onKey(handler) {
      screen.on('keypress', (ch: string | undefined, key: Widgets.Events.IKeyEventArg | undefined) => {
        // blessed reports one `\r` twice, as `enter` and then as `return`: keep only `enter` (and Ctrl-J's
        // `linefeed` is an ENTER too), or every ENTER would act twice.
        if (key?.name === 'return') return;
        const full = key?.full === 'linefeed' ? 'enter' : key?.full;
        handler({
          full: full ?? ch ?? '',
          name: key?.name,
          ch,
          ctrl: key?.ctrl ?? false,
          meta: key?.meta ?? false,
        });
      });
    },
    onResize(handler) {
      screen.on('resize', handler);
    },
    onMouse(handler) {
      if (!mouse) return;
      program.on('data', (data: Buffer | string) => {
        for (const report of mouseReports(typeof data === 'string' ? data : data.toString('latin1'))) handler(report);
      });
    },
    copy(text) {
      program._write(osc52(text, tmux));
    },
    debugLines: () => (screen as unknown as { lines: Row[] }).lines,
  };
}
