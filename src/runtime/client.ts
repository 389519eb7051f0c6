// The runtime API session: one socket in prompt mode, one command in flight at a time, a timeout per
// command, and a transparent reconnect on the next command after the connection was lost (HAProxy's
// idle `stats timeout`, a restart or reload, or a timeout here that left the session out of sync).
import { EventEmitter } from 'node:events';
import { createConnection, type Socket } from 'node:net';
import { formatAddress } from './address';
import { describeConnectError } from './connect-error';
import { hasUnescapedSemicolon } from './commands';
import { PromptFramer } from './framing';
import { classifyReply } from './reply';
import { RuntimeError, type Command, type Reply, type SocketAddress } from './types';

export interface RuntimeClientOptions {
  /** How long one command may take to be answered completely. Default 5000. */
  readonly timeoutMs?: number;
  /** How long connecting (socket plus the answer to `prompt`) may take. Default: timeoutMs. */
  readonly connectTimeoutMs?: number;
}

export interface SendOptions {
  readonly timeoutMs?: number;
}

interface Pending {
  readonly text: string;
  readonly timeoutMs: number;
  readonly resolve: (text: string) => void;
  readonly reject: (err: RuntimeError) => void;
}

/** Builds the error for a command that a dropped connection leaves unanswered; sent = it was in flight. */
type Orphaned = (command: string, sent: boolean) => RuntimeError;

export declare interface RuntimeClient {
  on(event: 'connect', listener: () => void): this;
  /** `error` is undefined when close() was called, a RuntimeError when the connection was lost. */
  on(event: 'close', listener: (error?: RuntimeError) => void): this;
}

export class RuntimeClient extends EventEmitter {
  /** The address as printed in messages. */
  readonly label: string;
  private readonly timeoutMs: number;
  private readonly connectTimeoutMs: number;
  private socket: Socket | undefined;
  private connecting: Promise<void> | undefined;
  private cancelConnect: ((err: RuntimeError) => void) | undefined;
  private readonly queue: Pending[] = [];
  private inFlight: { readonly pending: Pending; readonly timer: NodeJS.Timeout } | undefined;
  /** Set by close(): later sends fail with 'not-connected' instead of reopening, until connect(). */
  private closed = false;
  /** Bumped by close() so that a connect finishing afterwards is discarded. */
  private epoch = 0;

  constructor(
    readonly address: SocketAddress,
    options: RuntimeClientOptions = {},
  ) {
    super();
    this.label = formatAddress(address);
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.connectTimeoutMs = options.connectTimeoutMs ?? this.timeoutMs;
  }

  get connected(): boolean {
    return this.socket !== undefined;
  }

  /** Opens the session (no-op when open; shares an attempt already under way). */
  connect(): Promise<void> {
    this.closed = false;
    if (this.socket) return Promise.resolve();
    if (!this.connecting) {
      const epoch = this.epoch;
      this.connecting = this.open().then(
        (socket) => {
          this.connecting = undefined;
          if (epoch !== this.epoch) {
            socket.destroy();
            throw new RuntimeError('closed', `the connection to ${this.label} was closed while opening`, this.label);
          }
          this.socket = socket;
          this.attach(socket);
          this.emit('connect');
          this.pump();
        },
        (err: RuntimeError) => {
          this.connecting = undefined;
          this.failQueue(() => err);
          throw err;
        },
      );
    }
    return this.connecting;
  }

  /** Sends one command and resolves with its framed output ("" when it printed nothing). */
  send(command: string | Command, opts: SendOptions = {}): Promise<string> {
    const text = typeof command === 'string' ? command : command.text;
    const refused = this.refuse(text);
    if (refused) return Promise.reject(refused);
    return new Promise<string>((resolve, reject) => {
      this.queue.push({ text, timeoutMs: opts.timeoutMs ?? this.timeoutMs, resolve, reject });
      this.pump();
    });
  }

  /** send + classifyReply. */
  async run(command: string | Command, opts: SendOptions = {}): Promise<Reply> {
    return classifyReply(await this.send(command, opts));
  }

  /** Ends the session (`quit`, best effort) and fails whatever is pending with 'closed'. */
  close(): void {
    this.closed = true;
    this.epoch++;
    const orphaned: Orphaned = (cmd) =>
      new RuntimeError('closed', `the connection to ${this.label} was closed before "${cmd}" was answered`, this.label);
    this.cancelConnect?.(new RuntimeError('closed', `connecting to ${this.label} was cancelled`, this.label));
    const socket = this.socket;
    if (socket) {
      this.socket = undefined;
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      // Best effort: HAProxy closes on `quit`; never wait for it, never keep the process alive for it.
      socket.end('quit\n', () => socket.destroy());
      socket.unref();
    }
    this.failInFlight(orphaned);
    this.failQueue(orphaned);
    if (socket) this.emit('close');
  }

  /**
   * Drops the current session but stays usable: the next send opens a new one. For leaving a process that is
   * soft-stopping after a reload (its session would otherwise stay attached to the old process).
   */
  reconnect(): void {
    if (!this.socket) return;
    this.drop(new RuntimeError('closed', `the session with ${this.label} was reset`, this.label), (cmd) =>
      new RuntimeError('closed', `the session with ${this.label} was reset before "${cmd}" was answered`, this.label),
    );
  }

  /** Why a command cannot be sent as is (it would desync the session), or undefined. */
  private refuse(text: string): RuntimeError | undefined {
    const why = (s: string): RuntimeError => new RuntimeError('protocol', s, this.label);
    if (text.trim() === '') return why('refusing to send an empty command');
    if (/[\r\n]/.test(text)) return why(`refusing to send ${JSON.stringify(text)}: it contains a line break`);
    if (hasUnescapedSemicolon(text)) return why(`refusing to send "${text}": its unescaped ";" would start a second command`);
    if (this.closed) return new RuntimeError('not-connected', `the connection to ${this.label} is closed`, this.label);
    return undefined;
  }

  /** Puts the next queued command in flight, connecting first when needed. */
  private pump(): void {
    if (this.inFlight || this.queue.length === 0) return;
    if (!this.socket) {
      // A failed connect fails the queue itself (see connect()); nothing else to do with the rejection.
      this.connect().catch(() => undefined);
      return;
    }
    const pending = this.queue.shift() as Pending;
    const timer = setTimeout(() => this.onTimeout(pending), pending.timeoutMs);
    this.inFlight = { pending, timer };
    this.socket.write(`${pending.text}\n`);
  }

  private onResponse(text: string): void {
    const flight = this.inFlight;
    if (!flight) {
      const err = new RuntimeError('protocol', `${this.label} sent an answer to no command`, this.label);
      this.drop(err, (cmd) => new RuntimeError('closed', `the session with ${this.label} went out of sync before "${cmd}" was sent`, this.label));
      return;
    }
    clearTimeout(flight.timer);
    this.inFlight = undefined;
    flight.pending.resolve(text);
  }

  private onTimeout(pending: Pending): void {
    if (this.inFlight?.pending !== pending) return;
    const err = new RuntimeError(
      'timeout',
      `${this.label} did not answer "${pending.text}" within ${seconds(pending.timeoutMs)}`,
      this.label,
    );
    // A late answer would be taken for the next command's: the session cannot be trusted any more.
    this.drop(err, (cmd, sent) =>
      sent ? err : new RuntimeError('closed', `the connection to ${this.label} was reset after a timeout before "${cmd}" was sent`, this.label),
    );
  }

  /** Wires a ready socket: responses, and loss of the connection. */
  private attach(socket: Socket): void {
    const framer = new PromptFramer();
    socket.on('data', (chunk: Buffer) => {
      for (const text of framer.push(chunk)) {
        if (this.socket !== socket) return;
        this.onResponse(text);
      }
      if (this.socket === socket) this.pump();
    });
    const lost = (cause: string): void => {
      if (this.socket !== socket) return;
      this.drop(new RuntimeError('closed', `${this.label} ${cause}`, this.label), (cmd, sent) =>
        sent
          ? new RuntimeError('closed', `${this.label} ${cause} before answering "${cmd}"`, this.label)
          : new RuntimeError('closed', `${this.label} ${cause} before "${cmd}" was sent`, this.label),
      );
    };
    socket.on('error', (e: NodeJS.ErrnoException) => lost(`lost the connection (${e.code ?? e.message})`));
    socket.on('close', () => lost('closed the connection'));
  }

  /** Tears the connection down after a failure: fails everything pending, emits 'close'. */
  private drop(err: RuntimeError, orphaned: Orphaned): void {
    const socket = this.socket;
    this.socket = undefined;
    if (socket) {
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      socket.destroy();
    }
    this.failInFlight(orphaned);
    this.failQueue(orphaned);
    this.emit('close', err);
  }

  private failInFlight(orphaned: Orphaned): void {
    const flight = this.inFlight;
    if (!flight) return;
    this.inFlight = undefined;
    clearTimeout(flight.timer);
    flight.pending.reject(orphaned(flight.pending.text, true));
  }

  private failQueue(orphaned: Orphaned): void {
    for (const pending of this.queue.splice(0)) pending.reject(orphaned(pending.text, false));
  }

  /** Connects and switches the session to prompt mode; resolves once HAProxy answered `prompt`. */
  private open(): Promise<Socket> {
    return new Promise<Socket>((resolve, reject) => {
      const a = this.address;
      const socket = a.kind === 'unix' ? createConnection({ path: a.path }) : createConnection({ host: a.host, port: a.port });
      const framer = new PromptFramer();
      let settled = false;
      const finish = (err: RuntimeError | undefined): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.cancelConnect = undefined;
        socket.removeAllListeners();
        if (err) {
          socket.on('error', () => undefined);
          socket.destroy();
          reject(err);
        } else {
          resolve(socket);
        }
      };
      const fail = (message: string): void => finish(new RuntimeError('connect', message, this.label));
      const timer = setTimeout(() => fail(`no answer from ${this.label} within ${seconds(this.connectTimeoutMs)}`), this.connectTimeoutMs);
      this.cancelConnect = finish;
      socket.once('connect', () => {
        if (a.kind === 'tcp') socket.setNoDelay(true);
        socket.write('prompt\n');
      });
      socket.on('error', (e: NodeJS.ErrnoException) => fail(describeConnectError(a, this.label, e)));
      socket.on('close', () => fail(`${this.label} closed the connection before answering`));
      socket.on('data', (chunk: Buffer) => {
        const answers = framer.push(chunk);
        if (answers.length === 0) return;
        // `prompt` prints nothing; anything else means this is not a runtime API socket in a state we know.
        if (answers.length > 1 || answers[0] !== '' || framer.pendingBytes > 0) {
          fail(`${this.label} did not answer "prompt" like HAProxy's runtime API`);
        } else {
          finish(undefined);
        }
      });
    });
  }
}

/** 5000 -> "5 s", 250 -> "0.25 s". */
function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}
