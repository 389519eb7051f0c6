// Which view is on screen (1-4 tables, 5 the CLI), the one ESC goes back to, and TAB's cycle. The CLI view does
// not exist in read-only mode.
import type { ModeNumber } from '../config';

export class Views {
  mode: ModeNumber;
  private previous: ModeNumber;

  constructor(private readonly readOnly: boolean, start: ModeNumber) {
    this.mode = readOnly && start === 5 ? 1 : start;
    this.previous = this.mode === 5 ? 1 : this.mode;
  }

  /** Switches to `mode`; the sentence to show when it cannot be had, else undefined. */
  show(mode: ModeNumber): string | undefined {
    if (mode === 5 && this.readOnly) return 'The CLI view is not available in read-only mode.';
    if (mode !== this.mode) {
      this.previous = this.mode;
      this.mode = mode;
    }
    return undefined;
  }

  /** TAB / Shift-TAB. */
  cycle(step: 1 | -1): string | undefined {
    const modes: ModeNumber[] = this.readOnly ? [1, 2, 3, 4] : [1, 2, 3, 4, 5];
    const index = modes.indexOf(this.mode);
    const next = modes[(index + step + modes.length) % modes.length];
    return next === undefined ? undefined : this.show(next);
  }

  /** ESC with nothing open: the view before this one. */
  back(): void {
    this.show(this.previous);
  }
}
