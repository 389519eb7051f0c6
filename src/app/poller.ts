// A periodic task whose period does not drift: ticks are anchored to the start time, a tick that would overlap a
// run still in progress is skipped (never queued up), and `now()` runs an extra one without moving the schedule.

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export class Poller {
  private timer: unknown;
  private anchor = 0;
  private ticks = 0;
  private running = false;
  private again = false;
  private stopped = true;

  constructor(
    private readonly task: () => Promise<void>,
    private periodMs: number,
    private readonly clock: Clock = systemClock,
  ) {}

  start(): void {
    this.stopped = false;
    this.anchor = this.clock.now();
    this.ticks = 0;
    this.fire();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Changes the period (e.g. 1 s retries while HAProxy is unreachable); the schedule restarts from now. */
  setPeriod(ms: number): void {
    if (ms === this.periodMs) return;
    this.periodMs = ms;
    if (this.stopped) return;
    this.anchor = this.clock.now();
    this.ticks = 0;
    this.arm();
  }

  get period(): number {
    return this.periodMs;
  }

  /** Runs the task as soon as possible (right after the one in flight, if any). */
  now(): void {
    if (this.stopped) return;
    if (this.running) this.again = true;
    else void this.run();
  }

  private fire(): void {
    if (!this.running) void this.run(); // a tick during a slow run is skipped, not queued

    this.arm();
  }

  private arm(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    const now = this.clock.now();
    this.ticks = Math.max(this.ticks + 1, Math.floor((now - this.anchor) / this.periodMs) + 1);
    const due = this.anchor + this.ticks * this.periodMs;
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      if (!this.stopped) this.fire();
    }, Math.max(0, due - now));
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      await this.task();
    } catch {
      // The task reports its own failures; a throw must not become an unhandled rejection that ends the program.
    } finally {
      this.running = false;
      if (this.again && !this.stopped) {
        this.again = false;
        void this.run();
      }
    }
  }
}
