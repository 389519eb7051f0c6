// Gentle background traffic for the lab: a bounded stream of requests, counted by route and answering server,
// so tests can say that not one request failed while a server went into maintenance.
import http from 'node:http';

export interface TrafficReport {
  /** Requests completed (answered or failed), in-flight ones at stop included. */
  readonly sent: number;
  /** Non-2xx answers, socket errors and timeouts. */
  readonly failed: number;
  /** Answers per `X-Server` header (a shared name like nginx2 adds up over its backends). */
  readonly byServer: Record<string, number>;
  /** Answers per route then server: byRoute['fe_main /']['nginx1'] counts what bk_app's backup served. */
  readonly byRoute: Record<string, Record<string, number>>;
  /** The first few failures in words, for assertion messages. */
  readonly failures: readonly string[];
}

// ---- gentle background traffic ----

export interface TrafficTarget {
  /** 'fe_main /', 'fe_main /api', 'fe_main /static', 'li_web /'. */
  readonly route: string;
  readonly port: number;
  readonly path: string;
}

export interface Traffic {
  report(): TrafficReport;
  stop(): Promise<TrafficReport>;
}

export const noTraffic = (): TrafficReport => ({ sent: 0, failed: 0, byServer: {}, byRoute: {}, failures: [] });

/** A bounded stream: one request per tick, round-robin over the targets, never more than 32 in flight. */
export function runTraffic(targets: readonly TrafficTarget[], ratePerSec: number): Traffic {
  // Keep-alive like a browser would; fifo spreads requests over the pooled sockets so none idles for long.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8, scheduling: 'fifo' });
  const inFlight = new Set<Promise<void>>();
  const byServer: Record<string, number> = {};
  const byRoute: Record<string, Record<string, number>> = {};
  const failures: string[] = [];
  let sent = 0;
  let failed = 0;
  let next = 0;

  const fail = (what: string): void => {
    failed++;
    if (failures.length < 10) failures.push(what);
  };

  const send = (target: TrafficTarget): Promise<void> =>
    new Promise((resolve) => {
      const label = `GET ${target.route}`;
      const req = http.get({ host: '127.0.0.1', port: target.port, path: target.path, agent }, (res) => {
        res.resume();
        res.on('end', () => {
          sent++;
          const server = res.headers['x-server'];
          if (typeof server === 'string') {
            byServer[server] = (byServer[server] ?? 0) + 1;
            const route = (byRoute[target.route] ??= {});
            route[server] = (route[server] ?? 0) + 1;
          }
          const status = res.statusCode ?? 0;
          if (status < 200 || status > 299) fail(`${label}: HTTP ${status}`);
          resolve();
        });
        res.on('error', (err) => {
          sent++;
          fail(`${label}: ${err.message}`);
          resolve();
        });
      });
      req.setTimeout(5000, () => req.destroy(new Error('timed out after 5000 ms')));
      req.on('error', (err) => {
        sent++;
        fail(`${label}: ${err.message}`);
        resolve();
      });
    });

  const timer = setInterval(
    () => {
      if (inFlight.size >= 32 || targets.length === 0) return;
      const target = targets[next++ % targets.length];
      if (!target) return;
      const pending: Promise<void> = send(target).finally(() => inFlight.delete(pending));
      inFlight.add(pending);
    },
    Math.max(1, Math.round(1000 / Math.max(ratePerSec, 0.1))),
  );

  const report = (): TrafficReport => ({
    sent,
    failed,
    byServer: { ...byServer },
    byRoute: Object.fromEntries(Object.entries(byRoute).map(([route, counts]) => [route, { ...counts }])),
    failures: [...failures],
  });
  let stopping: Promise<TrafficReport> | undefined;
  return {
    report,
    stop() {
      stopping ??= (async () => {
        clearInterval(timer);
        // Let in-flight requests finish: stopping is not a failure.
        await Promise.all([...inFlight]);
        agent.destroy();
        return report();
      })();
      return stopping;
    },
  };
}
