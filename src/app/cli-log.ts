// The CLI view's output: what was sent, what HAProxy answered, and the log of every hotkey action.
// Bounded, but never silently: when old lines go, a marker says how many.

export type LogKind = 'time' | 'command' | 'output' | 'error' | 'info';

export interface LogLine {
  readonly kind: LogKind;
  readonly text: string;
}

export const LOG_LIMIT = 10_000;

const clock = (date: Date): string => date.toTimeString().slice(0, 8);

export class CliLog {
  private lines: LogLine[] = [];
  private dropped = 0;
  /** Bumped on every change, so a view can tell cheaply whether to redraw. */
  version = 0;

  constructor(private readonly limit = LOG_LIMIT) {}

  all(): readonly LogLine[] {
    return this.dropped === 0
      ? this.lines
      : [{ kind: 'info', text: `[${this.dropped} older lines dropped from this view]` }, ...this.lines];
  }

  get length(): number {
    return this.lines.length + (this.dropped === 0 ? 0 : 1);
  }

  add(kind: LogKind, text: string): void {
    for (const line of text.split('\n')) this.lines.push({ kind, text: line });
    const over = this.lines.length - this.limit;
    if (over > 0) {
      this.lines.splice(0, over);
      this.dropped += over;
    }
    this.version++;
  }

  /** hatop's `* <time>` marker before each exchange. */
  stamp(date = new Date()): void {
    this.add('time', `* ${clock(date)}`);
  }

  /** One exchange: the command and HAProxy's answer (trailing newline of the reply dropped); `instance` names where. */
  exchange(command: string, reply: string, failed: boolean, date = new Date(), instance?: string): void {
    this.stamp(date);
    this.add('command', `${instance ?? ''}> ${command}`);
    const body = reply.replace(/\n+$/, '');
    if (body !== '') this.add(failed ? 'error' : 'output', body);
  }
}
