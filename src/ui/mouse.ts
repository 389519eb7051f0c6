// The terminal's mouse reports, read from the raw input, and the clipboard sequence (OSC 52). Pure.
// blessed parses only the first mouse report of each read, so a press and its release, or three notches of the
// wheel, arriving together would lose all but one: every report of a read is taken here instead.

/** One mouse report, 0-based cell coordinates. */
export interface MouseReport {
  readonly action: 'press' | 'release' | 'wheel-up' | 'wheel-down';
  /** Which button was pressed; 'none' for the wheel and for X10 releases (which do not say). */
  readonly button: 'left' | 'middle' | 'right' | 'none';
  readonly x: number;
  readonly y: number;
}

/** The modes asked of the terminal: button press and release (1000), reported as SGR (1006). No motion. */
export const MOUSE_MODES = ['?1000', '?1006'] as const;

const BUTTONS = ['left', 'middle', 'right'] as const;

/** What a button byte means, or undefined for what is not acted on (motion, horizontal wheel). */
function decode(code: number, released: boolean, x: number, y: number): MouseReport | undefined {
  if (x < 0 || y < 0) return undefined;
  if ((code & 32) !== 0) return undefined; // motion (not asked for; some terminals send it while dragging)
  if ((code & 64) !== 0) {
    const low = code & 3;
    if (low > 1) return undefined; // horizontal wheel
    return { action: low === 0 ? 'wheel-up' : 'wheel-down', button: 'none', x, y };
  }
  if ((code & 128) !== 0) return undefined; // extra buttons 8-11
  const low = code & 3;
  if (low === 3) return { action: 'release', button: 'none', x, y };
  return { action: released ? 'release' : 'press', button: BUTTONS[low] ?? 'left', x, y };
}

// SGR: ESC [ < b ; x ; y M (press) or m (release), 1-based. X10: ESC [ M and three bytes, each value + 32
// (what a terminal without SGR sends; latin1 keeps its bytes above 127 as they are).
const REPORT = /\x1b\[<(\d+);(\d+);(\d+)([Mm])|\x1b\[M([\s\S])([\s\S])([\s\S])/g;

/** Every mouse report in a chunk of input, read as latin1, in order. */
export function mouseReports(input: string): MouseReport[] {
  const reports: MouseReport[] = [];
  for (const m of input.matchAll(REPORT)) {
    const report =
      m[1] !== undefined
        ? decode(Number(m[1]), m[4] === 'm', Number(m[2]) - 1, Number(m[3]) - 1)
        : decode((m[5] ?? ' ').charCodeAt(0) - 32, false, (m[6] ?? ' ').charCodeAt(0) - 33, (m[7] ?? ' ').charCodeAt(0) - 33);
    if (report !== undefined) reports.push(report);
  }
  return reports;
}

/**
 * OSC 52 setting the clipboard to `text`. Inside tmux the sequence goes twice: as it is, which tmux takes with
 * `set-clipboard on` (and passes on to the terminal), and wrapped for tmux's passthrough, which reaches the
 * terminal with `allow-passthrough on` (the default before tmux 3.3).
 */
export function osc52(text: string, tmux: boolean): string {
  const sequence = `\x1b]52;c;${Buffer.from(text, 'utf8').toString('base64')}\x07`;
  if (!tmux) return sequence;
  // Passthrough: DCS tmux; <the sequence, every ESC doubled> ST.
  return `${sequence}\x1bPtmux;${sequence.replace(/\x1b/g, '\x1b\x1b')}\x1b\\`;
}
