// A hand-written stand-in for HAProxy's runtime API socket, ONLY for what a real HAProxy cannot do on
// demand: stall, cut a reply mid-way, send garbage or a flood, trickle bytes, close at a chosen moment (per
// connection, so that the probe's connection can be served well and the next ones badly). Everything else is tested
// against the real HAProxy (test/integration/runtime-haproxy.test.ts).
//
// It speaks prompt mode like HAProxy 2.6: `prompt` answers "\n> ", every answer is the output followed
// by "\n> " (so output "admin\n" goes out as "admin\n\n> "), `quit` closes.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFixture } from './fixtures';

export type FakeAction =
  /** Answer with this output (HAProxy style: "" for nothing, else lines each ending in "\n"). */
  | { readonly kind: 'reply'; readonly output: string }
  /** Send these bytes exactly as given: garbage, a partial reply, two replies at once... */
  | { readonly kind: 'raw'; readonly bytes: Buffer | string }
  /** Send these bytes, then close the connection (a reply cut mid-way). */
  | { readonly kind: 'cut'; readonly bytes: Buffer | string }
  /** Send these bytes one at a time, `intervalMs` apart (a slow link or a stuck peer); stop if it goes away. */
  | { readonly kind: 'slow'; readonly bytes: Buffer | string; readonly intervalMs: number }
  /** Send `totalBytes` copies of `fill` (default "x") as fast as the client reads them, and no end. */
  | { readonly kind: 'flood'; readonly totalBytes: number; readonly fill?: string }
  /** Never answer. */
  | { readonly kind: 'stall' }
  /** Close the connection without a word. */
  | { readonly kind: 'close' };

/** One accepted connection, for handlers that treat connections differently (e.g. the probe's, the first). */
export interface FakeConnection {
  /** 1 for the first connection accepted, 2 for the next... */
  readonly index: number;
}

export type FakeHandler = (command: string, conn: FakeConnection) => FakeAction | Promise<FakeAction>;
/** What to do as soon as a connection is accepted, before any command: undefined = nothing (wait for commands). */
export type FakeGreeter = (conn: FakeConnection) => FakeAction | undefined;

export const reply = (output: string): FakeAction => ({ kind: 'reply', output });
/** The bytes HAProxy sends in prompt mode for this output (for 'raw' and 'slow'). */
export const prompted = (output: string): string => `${output}\n> `;

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

/** A recorded reply as HAProxy prints its output: lines ending in "\n", without the blank line that ends it. */
const recorded = (name: string): string => readFixture(name).replace(/\n+$/, '\n');

/** A healthy HAProxy 2.6 for what hatop-ts polls (`show info`, `show stat` from test/fixtures), else defaultAnswer. */
export function labAnswer(command: string): FakeAction {
  if (command === 'show info') return reply(recorded('info-2.6.txt'));
  if (command === 'show stat') return reply(recorded('stat-2.6.csv'));
  return defaultAnswer(command);
}

export class FakeHaproxy {
  /** Every line received, in order, over all connections. */
  readonly received: string[] = [];
  /** Connections accepted so far. */
  connections = 0;
  /** Most commands seen at once without an answer yet, on one connection: a serial client keeps it at 1. */
  maxOutstanding = 0;
  handler: FakeHandler = defaultAnswer;
  onAccept: FakeGreeter = () => undefined;
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
    const conn: FakeConnection = { index: this.connections };
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    const greeting = this.onAccept(conn);
    if (greeting !== undefined) perform(socket, greeting, false, undefined);
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
          const action = await this.handler(command, conn);
          if (command === 'prompt') prompt = !prompt;
          if (socket.destroyed) return;
          outstanding--;
          perform(socket, action, prompt, command);
        });
      }
    });
  }
}

/** Carries out one action on a socket; `prompt` is the session's mode, `command` what is answered (if any). */
function perform(socket: Socket, action: FakeAction, prompt: boolean, command: string | undefined): void {
  switch (action.kind) {
    case 'reply':
      // Prompt mode: output, empty line, prompt. Otherwise: output, empty line, close.
      if (prompt) socket.write(prompted(action.output));
      else if (command === 'prompt') socket.write(`${action.output}\n`);
      else socket.end(`${action.output}\n`);
      break;
    case 'raw':
      socket.write(action.bytes);
      break;
    case 'cut':
      socket.end(action.bytes);
      break;
    case 'slow':
      trickle(socket, Buffer.from(action.bytes), action.intervalMs);
      break;
    case 'flood':
      flood(socket, action.totalBytes, action.fill ?? 'x');
      break;
    case 'stall':
      break;
    case 'close':
      socket.destroy();
      break;
  }
}

function trickle(socket: Socket, bytes: Buffer, intervalMs: number): void {
  let i = 0;
  const next = (): void => {
    if (socket.destroyed || i >= bytes.length) return;
    socket.write(bytes.subarray(i, i + 1));
    i++;
    // Unref'd: a trickle must not keep a test process alive after its client went away.
    setTimeout(next, intervalMs).unref();
  };
  next();
}

/** Writes in 64 KiB chunks, each when the last is flushed, so a flood costs the fake no memory. */
function flood(socket: Socket, totalBytes: number, fill: string): void {
  const chunk = Buffer.from(fill.repeat(Math.ceil(65536 / fill.length)).slice(0, 65536));
  let left = totalBytes;
  const next = (): void => {
    while (left > 0 && !socket.destroyed) {
      const part = left >= chunk.length ? chunk : chunk.subarray(0, left);
      left -= part.length;
      if (!socket.write(part)) {
        socket.once('drain', next);
        return;
      }
    }
  };
  next();
}

/** Waits until `cond()` holds, polling on the event loop; fails after `timeoutMs`. */
export async function waitFor(cond: () => boolean, what: string, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
