// Waiting on a condition with a deadline: the only way tests wait (never fixed sleeps).

export interface WaitOptions {
  readonly timeoutMs: number;
  /** Delay between probes; 50 ms unless told. */
  readonly intervalMs?: number;
  /** What we wait for, in words, for the timeout message. */
  readonly what: string;
}

type Probed<T> = T | undefined | false | null;

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `probe` until it returns a truthy value and resolves with it. A probe that throws counts as "not yet";
 * the last error is quoted in the timeout message, which is usually what explains the failure.
 */
export async function waitFor<T>(probe: () => Probed<T> | Promise<Probed<T>>, opts: WaitOptions): Promise<T> {
  const interval = opts.intervalMs ?? 50;
  const deadline = Date.now() + opts.timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (err) {
      lastError = err;
    }
    const left = deadline - Date.now();
    if (left <= 0) break;
    await delay(Math.min(interval, left));
  }
  const because = lastError === undefined ? '' : ` (last error: ${describe(lastError)})`;
  throw new Error(`timed out after ${opts.timeoutMs} ms waiting for ${opts.what}${because}`);
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
