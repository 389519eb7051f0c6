// A hand-written stand-in for HAProxy's runtime API socket, ONLY for what a real HAProxy cannot do on
// demand: stall, cut a reply mid-way, send garbage, close at a chosen moment. Everything else is tested
// against the real HAProxy (test/integration/runtime-haproxy.test.ts).
//
// It speaks prompt mode like HAProxy 2.6: `prompt` answers "\n> ", every answer is the output followed
// by "\n> " (so output "admin\n" goes out as "admin\n\n> "), `quit` closes.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type FakeAction =
  /** Answer with this output (HAProxy style: "" for nothing, else lines each ending in "\n"). */
  | { readonly kind: 'reply'; readonly output: string }
  /** Send these bytes exactly as given: garbage, a partial reply, two replies at once... */
  | { readonly kind: 'raw'; readonly bytes: Buffer | string }
  /** Send these bytes, then close the connection (a reply cut mid-way). */
  | { readonly kind: 'cut'; readonly bytes: Buffer | string }
  /** Never answer. */
  | { readonly kind: 'stall' }
  /** Close the connection without a word. */
  | { readonly kind: 'close' };

export type FakeHandler = (command: string) => FakeAction | Promise<FakeAction>;

export const reply = (output: string): FakeAction => ({ kind: 'reply', output });

/** What the fake answers unless a test says otherwise. */
export function defaultAnswer(command: string): FakeAction {
  switch (command) {
    case 'prompt':
      return reply('');
    case 'show cli level':
      return reply('admin\n');
    case 'show info':
      return reply('Name: HAProxy\nVersion: 2.6.12-fake\n');
    case 'set server bk/s1 state ready':
      return reply('');
    default:
      return reply('Unknown command. Please enter one of the following commands only:\n  help : list commands\n');
  }
}

export class FakeHaproxy {
  /** Every line received, in order, over all connections. */
  readonly received: string[] = [];
  /** Connections accepted so far. */
  connections = 0;
  /** Most commands seen at once without an answer yet, on one connection: a serial client keeps it at 1. */
  maxOutstanding = 0;
  handler: FakeHandler = defaultAnswer;
  private readonly sockets = new Set<Socket>();

  private constructor(
    readonly dir: string,
    readonly path: string,
    private readonly server: Server,
  ) {}

  static async start(): Promise<FakeHaproxy> {
    const dir = mkdtempSync(join(tmpdir(), 'hatop-fake-'));
    const path = join(dir, 'admin.sock');
    const server = createServer();
    const fake = new FakeHaproxy(dir, path, server);
    server.on('connection', (socket) => fake.serve(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(path, () => resolve());
    });
    return fake;
  }

  /** Closes every open connection, like HAProxy's idle `stats timeout`. */
  closeClients(): void {
    for (const s of this.sockets) s.destroy();
  }

  get openConnections(): number {
    return this.sockets.size;
  }

  async stop(): Promise<void> {
    this.closeClients();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    rmSync(this.dir, { recursive: true, force: true });
  }

  private serve(socket: Socket): void {
    this.connections++;
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    let prompt = false;
    let line = '';
    let outstanding = 0;
    let chain = Promise.resolve();
    socket.on('data', (chunk: Buffer) => {
      line += chunk.toString('utf8');
      let lf: number;
      while ((lf = line.indexOf('\n')) >= 0) {
        const command = line.slice(0, lf);
        line = line.slice(lf + 1);
        this.received.push(command);
        outstanding++;
        this.maxOutstanding = Math.max(this.maxOutstanding, outstanding);
        // Lines are answered strictly in order, even when a handler answers later.
        chain = chain.then(async () => {
          if (command === 'quit') {
            socket.end();
            return;
          }
          const action = await this.handler(command);
          if (command === 'prompt') prompt = !prompt;
          if (socket.destroyed) return;
          outstanding--;
          switch (action.kind) {
            case 'reply':
              // Prompt mode: output, empty line, prompt. Otherwise: output, empty line, close.
              if (prompt) socket.write(`${action.output}\n> `);
              else if (command === 'prompt') socket.write(`${action.output}\n`);
              else socket.end(`${action.output}\n`);
              break;
            case 'raw':
              socket.write(action.bytes);
              break;
            case 'cut':
              socket.end(action.bytes);
              break;
            case 'stall':
              break;
            case 'close':
              socket.destroy();
              break;
          }
        });
      }
    });
  }
}

/** Waits until `cond()` holds, polling on the event loop; fails after `timeoutMs`. */
export async function waitFor(cond: () => boolean, what: string, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
