// The lab's HTTP clients: one GET on a fresh connection, and slow requests held in flight so that `show sess`
// has sessions with a server to show. Gentle background traffic is traffic.ts's.
import http from 'node:http';

export interface LabResponse {
  readonly status: number;
  /** The `X-Server` header: which backend answered. */
  readonly server: string | undefined;
  readonly body: string;
}

/** A GET on a fresh connection (no pooling, so a restarted HAProxy never sees a stale socket). */
export function getOnce(port: number, urlPath: string): Promise<LabResponse> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: urlPath, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const header = res.headers['x-server'];
        resolve({
          status: res.statusCode ?? 0,
          server: Array.isArray(header) ? header[0] : header,
          body: Buffer.concat(chunks).toString('utf8'),
        });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(5000, () => req.destroy(new Error(`GET ${urlPath} timed out`)));
  });
}

export interface HeldReport {
  /** Answered 200 once their time was up. */
  readonly answered: number;
  /** Cut by abort() before their answer. */
  readonly aborted: number;
  /** Anything else, in words: another status, a socket error, a timeout. */
  readonly failures: readonly string[];
}

export interface HeldSessions {
  /** Resolves once every request is answered, failed or aborted; never rejects. */
  readonly done: Promise<HeldReport>;
  /** Cuts the requests still in flight (the client closes their connections); resolves with `done`. */
  abort(): Promise<HeldReport>;
}

/**
 * `n` GETs of `/slow?ms=<ms>` on `port`, each on a connection of its own, all sent at once: the backend answers
 * each after `ms`, so until then HAProxy holds `n` sessions bound to a server.
 */
export function holdSessions(port: number, n: number, ms: number): HeldSessions {
  const requests: http.ClientRequest[] = [];
  const failures: string[] = [];
  let answered = 0;
  let aborted = 0;
  let aborting = false;
  const one = (): Promise<void> =>
    new Promise((resolve) => {
      let settled = false;
      let answering = false;
      // Each request counts once, at its first outcome; one cut by abort() counts as aborted, not failed.
      const settle = (failure: string | undefined): void => {
        if (settled) return;
        settled = true;
        if (failure === undefined) answered++;
        else if (aborting) aborted++;
        else failures.push(failure);
        resolve();
      };
      const req = http.get({ host: '127.0.0.1', port, path: `/slow?ms=${ms}`, agent: false }, (res) => {
        answering = true;
        res.resume();
        res.on('end', () => settle(res.statusCode === 200 ? undefined : `HTTP ${res.statusCode ?? '?'}`));
        res.on('error', (err) => settle(err.message));
        res.on('close', () => settle('the connection closed before the end of the answer'));
      });
      requests.push(req);
      req.setTimeout(ms + 10_000, () => req.destroy(new Error(`no answer within ${ms + 10_000} ms`)));
      req.on('error', (err) => settle(err.message));
      req.on('close', () => {
        if (!answering) settle('the connection closed before an answer');
      });
    });
  const done = Promise.all(Array.from({ length: n }, one)).then(
    (): HeldReport => ({ answered, aborted, failures: [...failures] }),
  );
  return {
    done,
    abort() {
      aborting = true;
      for (const req of requests) req.destroy();
      return done;
    },
  };
}
