// The master CLI of a master-worker HAProxy (`haproxy -W -S`, systemd's default) as a way to a worker's stats:
// each worker command goes out prefixed with `@1`, which the master hands to the current worker on a connection
// of its own and answers with the worker's reply. `@1` is always the current worker, so a reload is followed
// without reconnecting. Master-level commands (`show proc`, `reload`) and anything already addressed (`@...`)
// go out as they are.
import type { RuntimeClient, SendOptions } from './client';
import { reload } from './commands';
import { RuntimeError, type Command } from './types';

/** The current worker, relative to the master: the newest one. */
export const CURRENT_WORKER = '@1';

/** What the master CLI answers itself rather than pass to a worker (first words of the command). */
const MASTER_COMMANDS: readonly (readonly string[])[] = [['show', 'proc'], ['reload'], ['hard-reload']];

/** True when `text` is for the master itself or already says where it goes (`@1 ...`, `@!1234 ...`, `@master ...`). */
export function isMasterCommand(text: string): boolean {
  const words = text.trim().split(/[ \t]+/);
  if ((words[0] ?? '').startsWith('@')) return true;
  return MASTER_COMMANDS.some((cmd) => cmd.every((word, i) => words[i] === word));
}

/** The line to send on the master CLI for a worker's command: `show info` -> `@1 show info`. */
export function routeCommand(text: string, target: string = CURRENT_WORKER): string {
  return isMasterCommand(text) ? text : `${target} ${text}`;
}

export interface WorkerRouteOptions {
  /** Where worker commands go: `@1` (the current worker, default), `@!<pid>` for one process. */
  readonly target?: string;
}

/**
 * A worker's runtime API through the master CLI: the same send/reconnect as a client on the worker's own stats
 * socket, for a client connected to a master socket (RuntimeClient with acceptMaster).
 */
export class WorkerRoute {
  private readonly target: string;

  constructor(
    readonly client: RuntimeClient,
    options: WorkerRouteOptions = {},
  ) {
    if (!client.acceptMaster) throw new Error('A WorkerRoute needs a RuntimeClient made with acceptMaster: true.');
    const target = options.target ?? CURRENT_WORKER;
    if (!/^@(?:\d+|!\d+)$/.test(target)) throw new Error(`The worker to route to must be "@<n>" or "@!<pid>", got "${target}".`);
    this.target = target;
  }

  /** Sends `command` to the worker (or, for master commands, to the master) and resolves with its reply. */
  async send(command: Command | string, options: SendOptions = {}): Promise<string> {
    const text = typeof command === 'string' ? command : command.text;
    await requireMaster(this.client, 'not the master CLI socket that routes commands to workers');
    return this.client.send(routeCommand(text, this.target), options);
  }

  /** Drops the master session; the next send opens a new one. */
  reconnect(): void {
    this.client.reconnect();
  }
}

/**
 * Fails when the socket is known to be a worker's (a `@1` prefix there is an unknown command, `reload` too);
 * connects first when it is not known yet. Once known, a session dropped meanwhile is left to send() to reopen,
 * so that a client closed on purpose stays closed.
 */
async function requireMaster(client: RuntimeClient, why: string): Promise<void> {
  const kind = client.socketKind ?? (await client.connect());
  if (kind !== 'master') throw new RuntimeError('protocol', `${client.label} is a worker's stats socket, ${why}`, client.label);
}

export interface ReloadOptions {
  /** How long the reload may take: 2.7+ answers only once the new worker is up. Default 30000. */
  readonly timeoutMs?: number;
}

/**
 * Reloads HAProxy through its master CLI and resolves with the answer: '' from 2.0-2.6 (the master closes the
 * session without a word), "Success=1\n--\n<startup logs>" or "Success=0..." from 2.7 on (see parseReloadStatus).
 * The master re-executes itself meanwhile: its socket may refuse connections for a moment afterwards.
 */
export async function reloadMaster(client: RuntimeClient, options: ReloadOptions = {}): Promise<string> {
  await requireMaster(client, 'and only the master CLI socket can reload HAProxy');
  return client.send(reload(), { timeoutMs: options.timeoutMs ?? 30_000 });
}

/**
 * The stats of whatever answers on a socket: a worker's stats socket directly, or, on a master CLI socket, the
 * current worker through `@1` (master commands as they are). Which one it is is learnt at the first connect, so
 * an instance that is down when hatop-ts starts is read the right way once it answers.
 */
export class StatsRoute {
  constructor(readonly client: RuntimeClient) {
    if (!client.acceptMaster) throw new Error('A StatsRoute needs a RuntimeClient made with acceptMaster: true.');
  }

  /** Whether the socket is a master CLI (known once connected). */
  get master(): boolean {
    return this.client.socketKind === 'master';
  }

  async send(command: Command | string, options: SendOptions = {}): Promise<string> {
    // A closed client is not reopened to learn its kind: its send says it is closed.
    const kind = this.client.socketKind ?? (this.client.isClosed ? undefined : await this.client.connect());
    if (kind !== 'master') return this.client.send(command, options);
    return this.client.send(routeCommand(typeof command === 'string' ? command : command.text), options);
  }

  reconnect(): void {
    this.client.reconnect();
  }

  close(): void {
    this.client.close();
  }
}
