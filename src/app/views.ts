// Which view is on screen, the one ESC goes back to, and TAB's cycle, in the registry's order. The CLI view does
// not exist in read-only mode.
import { viewOf, viewsFor, type ModeNumber, type ViewDef } from '../views';

export class Views {
  mode: ModeNumber;
  private previous: ModeNumber;

  constructor(private readonly readOnly: boolean, start: ModeNumber) {
    this.mode = readOnly && start === 5 ? 1 : start;
    this.previous = this.mode === 5 ? 1 : this.mode;
  }

  get view(): ViewDef {
    return viewOf(this.mode);
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
    const modes = viewsFor(this.readOnly).map((v) => v.mode);
    const index = modes.indexOf(this.mode);
    const next = modes[(index + step + modes.length) % modes.length];
    return next === undefined ? undefined : this.show(next);
  }

  /** ESC with nothing open: the view before this one. */
  back(): string | undefined {
    return this.show(this.previous);
  }
}
