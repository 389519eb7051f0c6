// The runtime API session: one socket in prompt mode, one command in flight at a time, a timeout per
// command, and a transparent reconnect on the next command after the connection was lost (HAProxy's
// idle `stats timeout`, a restart or reload, or a timeout here that left the session out of sync). One answer may
// hold at most maxReplyBytes, so that a peer that never sends the prompt cannot eat the memory. With acceptMaster,
// the socket may also be the master CLI (socketKind 'master'), whose `reload` ends the session instead of a prompt.
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { formatAddress } from './address';
import { lostCause, lostError, release, timeoutError, tooLargeError } from './connect-error';
import { openSession, type Session } from './session';
import { endsMasterSession, unsafeCommand, unsafeMasterCommand } from './commands';
import { DEFAULT_MAX_RESPONSE_BYTES, PromptFramer, ResponseTooLarge } from './framing';
import { classifyReply } from './reply';
import { SshTunnel } from './ssh';
import { RuntimeError, type Command, type Reply, type RuntimeClientOptions, type SendOptions, type SocketAddress, type SocketKind } from './types';

export type { RuntimeClientOptions, SendOptions } from './types';

interface Pending {
  readonly text: string;
  readonly timeoutMs: number;
  readonly onText: ((piece: string) => void) | undefined;
  readonly resolve: (text: string) => void;
  readonly reject: (err: RuntimeError) => void;
}

/** Builds the error for a command that a dropped connection leaves unanswered; sent = it was in flight. */
type Orphaned = (command: string, sent: boolean) => RuntimeError;

export declare interface RuntimeClient {
  /** A session was opened; `kind` says which CLI answered (also in socketKind). */
  on(event: 'connect', listener: (kind: SocketKind) => void): this;
  /** `error` is undefined when close() was called, a RuntimeError when the connection was lost. */
  on(event: 'close', listener: (error?: RuntimeError) => void): this;
}

export class RuntimeClient extends EventEmitter {
  /** The address as printed in messages. */
  readonly label: string;
  /** Whether the master CLI socket is taken (see RuntimeClientOptions.acceptMaster). */
  readonly acceptMaster: boolean;
  private readonly timeoutMs: number;
  private readonly connectTimeoutMs: number;
  private readonly maxReplyBytes: number;
  private readonly sshCommand: string | undefined;
  /** The way to an ssh:// address, made at the first connect; kept between sessions, ended by close(). */
  private tunnel: SshTunnel | undefined;
  private socket: Socket | undefined;
  private kind: SocketKind | undefined;
  /** The framer of `socket`: holds the unfinished answer, to say what came when it never ends. */
  private framer: PromptFramer | undefined;
  private connecting: Promise<SocketKind> | undefined;
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
    this.maxReplyBytes = options.maxReplyBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.sshCommand = options.sshCommand;
    this.acceptMaster = options.acceptMaster ?? false;
  }

  get connected(): boolean {
    return this.socket !== undefined;
  }

  /** Which CLI answered the last session opened: undefined before the first connect. */
  get socketKind(): SocketKind | undefined {
    return this.kind;
  }

  /** Opens the session (no-op when open; shares an attempt already under way); resolves with socketKind. */
  /** Whether close() was called (and no connect() since): sends fail rather than reopen. */
  get isClosed(): boolean {
    return this.closed;
  }

  connect(): Promise<SocketKind> {
    this.closed = false;
    if (this.socket && this.kind) return Promise.resolve(this.kind);
    if (!this.connecting) {
      const epoch = this.epoch;
      this.connecting = this.open().then(
        ({ socket, kind }) => {
          this.connecting = undefined;
          if (epoch !== this.epoch) {
            socket.destroy();
            throw new RuntimeError('closed', `the connection to ${this.label} was closed while opening`, this.label);
          }
          this.socket = socket;
          this.kind = kind;
          this.attach(socket, kind);
          this.emit('connect', kind);
          this.pump();
          return kind;
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
      this.queue.push({ text, timeoutMs: opts.timeoutMs ?? this.timeoutMs, onText: opts.onText, resolve, reject });
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
    this.framer = undefined;
    if (socket) {
      this.socket = undefined;
      release(socket);
      // Best effort: HAProxy closes on `quit`; never wait for it, never keep the process alive for it.
      socket.end('quit\n', () => socket.destroy());
      socket.unref();
    }
    this.tunnel?.close();
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
    const unsafe = unsafeCommand(text);
    if (unsafe !== undefined) return new RuntimeError('protocol', unsafe, this.label);
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
    const refused = this.kind === 'master' ? unsafeMasterCommand(pending.text) : undefined;
    if (refused !== undefined) {
      pending.reject(new RuntimeError('protocol', refused, this.label));
      return this.pump();
    }
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
    if (flight.pending.onText === undefined) return flight.pending.resolve(text);
    if (text !== '') flight.pending.onText(text);
    flight.pending.resolve('');
  }

  private onTimeout(pending: Pending): void {
    if (this.inFlight?.pending !== pending) return;
    const err = timeoutError(this.label, this.framer, pending.text, pending.timeoutMs);
    // A late answer would be taken for the next command's: the session cannot be trusted any more.
    this.drop(err, (cmd, sent) =>
      sent ? err : new RuntimeError('closed', `the connection to ${this.label} was reset after a timeout before "${cmd}" was sent`, this.label),
    );
  }

  /** Wires a ready socket: responses, and loss of the connection. */
  private attach(socket: Socket, kind: SocketKind): void {
    const framer = new PromptFramer({ maxResponseBytes: this.maxReplyBytes, prompt: kind });
    this.framer = framer;
    socket.on('data', (chunk: Buffer) => {
      let texts: string[];
      try {
        texts = framer.push(chunk);
      } catch (e) {
        if (!(e instanceof ResponseTooLarge)) throw e;
        this.tooLarge();
        return;
      }
      for (const text of texts) {
        if (this.socket !== socket) return;
        this.onResponse(text);
      }
      const onText = this.inFlight?.pending.onText;
      if (onText !== undefined && this.socket === socket) {
        const piece = framer.takeText();
        if (piece !== undefined && piece !== '') onText(piece);
        // Node reads up to 32 chunks in a row while a large answer keeps coming: pausing after each piece lets
        // what waits for the next turn of the event loop (a frame of the first rows, a key) go first.
        socket.pause();
        setImmediate(() => socket.resume());
      }
      if (this.socket === socket) this.pump();
    });
    const lost = (e?: NodeJS.ErrnoException): void => {
      if (this.socket !== socket) return;
      const flight = this.inFlight?.pending.text;
      if (kind === 'master' && flight !== undefined && endsMasterSession(flight)) {
        // The master CLI ends the session on `reload` (2.6 without a word, 2.7+ after its status): that is the answer.
        this.onResponse(framer.takeRest());
        const ended = `${this.label} closed the session after "${flight}", as the master CLI does`;
        return this.drop(new RuntimeError('closed', ended, this.label), (cmd) => new RuntimeError('closed', `${ended}, before "${cmd}" was sent`, this.label));
      }
      const err = lostError(this.label, this.framer, flight, e);
      this.drop(err, (cmd, sent) => (sent ? err : new RuntimeError('closed', `${this.label} ${lostCause(e)} before "${cmd}" was sent`, this.label)));
    };
    socket.on('error', (e: NodeJS.ErrnoException) => lost(e));
    socket.on('close', () => lost());
  }

  /** One answer passed maxReplyBytes: a runaway peer. Fail it before it eats the memory, start afresh next time. */
  private tooLarge(): void {
    const err = tooLargeError(this.label, this.maxReplyBytes, this.inFlight?.pending.text);
    this.drop(err, (cmd, sent) =>
      sent ? err : new RuntimeError('closed', `the session with ${this.label} was reset before "${cmd}" was sent`, this.label),
    );
  }

  /** Tears the connection down after a failure: fails everything pending, emits 'close'. */
  private drop(err: RuntimeError, orphaned: Orphaned): void {
    const socket = this.socket;
    this.socket = undefined;
    this.framer = undefined;
    if (socket) release(socket).destroy();
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

  /** Connects and switches the session to prompt mode (see openSession); close() may cancel it meanwhile. */
  private open(): Promise<Session> {
    const register = (cancel: ((err: RuntimeError) => void) | undefined): void => void (this.cancelConnect = cancel);
    if (this.address.kind !== 'ssh') return openSession(this.address, this.label, this.connectTimeoutMs, register, this.acceptMaster);
    this.tunnel ??= new SshTunnel(this.address, this.sshCommand);
    return this.tunnel.open(this.label, this.connectTimeoutMs, register, this.acceptMaster);
  }
}
