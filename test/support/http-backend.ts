// A stand-in web server for the lab: answers every request 200 with its own name, and counts requests.
// `/slow?ms=N` answers after N ms (default 1500): a request in flight, for tests that stop a server under load.
import http from 'node:http';
import type net from 'node:net';

export interface HttpBackend {
  readonly name: string;
  readonly port: number;
  /** Requests answered so far (HAProxy's health checks included). */
  readonly requests: number;
  /** Stops listening and destroys open keep-alive sockets, so it never hangs. Idempotent. */
  close(): Promise<void>;
}

export async function startHttpBackend(name: string, port = 0): Promise<HttpBackend> {
  let requests = 0;
  const sockets = new Set<net.Socket>();
  const body = `${name}\n`;
  const server = http.createServer((req, res) => {
    requests++;
    req.resume();
    const answer = (): void => {
      res.writeHead(200, {
        'Content-Type': 'text/plain',
        'Content-Length': Buffer.byteLength(body),
        'X-Server': name,
      });
      res.end(body);
    };
    const slow = /^\/slow(?:\?ms=(\d+))?$/.exec(req.url ?? '');
    if (slow === null) answer();
    else {
      const timer = setTimeout(answer, Number(slow[1] ?? 1500));
      // A connection gone before its answer (the client left, close() cut it) needs none: the timer goes too,
      // so a long slow request does not keep the process alive after its lab stopped.
      res.on('close', () => clearTimeout(timer));
    }
  });
  // Idle keep-alive longer than HAProxy's own idle-connection lifetime: HAProxy then always closes first, so it
  // never reuses a connection that Node is closing at that very moment (which would show as a spurious 502).
  server.keepAliveTimeout = 120_000;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error(`backend ${name} has no TCP address`);

  let closing: Promise<void> | undefined;
  return {
    name,
    port: address.port,
    get requests() {
      return requests;
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}
