// The runtime API client's public shapes.

export type SocketAddress =
  | { readonly kind: 'unix'; readonly path: string }
  | { readonly kind: 'tcp'; readonly host: string; readonly port: number }
  /** A unix socket on another host, reached through the system's ssh client (see ssh.ts). */
  | SshAddress;

export interface SshAddress {
  readonly kind: 'ssh';
  readonly user?: string;
  readonly host: string;
  readonly port?: number;
  /** The socket's absolute path on `host`. */
  readonly path: string;
}

/** An address this process connects to itself: ssh:// ones go through a local end of a tunnel. */
export type DirectAddress = Exclude<SocketAddress, SshAddress>;

/**
 * Which CLI answered `prompt`: a worker's stats socket (the runtime API proper, prompt "> ") or the master CLI of a
 * master-worker HAProxy (`-W -S`, prompt "master> "), which routes commands to workers with an `@` prefix.
 */
export type SocketKind = 'worker' | 'master';

/** HAProxy's answer to one command, classified. `text` is the whole reply without the trailing blank line. */
export type Reply =
  | { readonly kind: 'ok'; readonly text: '' }
  | { readonly kind: 'data'; readonly text: string }
  | { readonly kind: 'permission-denied'; readonly text: string }
  | { readonly kind: 'no-such-backend'; readonly text: string }
  | { readonly kind: 'no-such-server'; readonly text: string }
  | { readonly kind: 'unknown-command'; readonly text: string }
  | { readonly kind: 'error'; readonly text: string };

/** A command ready to send, built by the typed builders in commands.ts (or from the CLI line). */
export interface Command {
  /** The exact line sent to HAProxy (no trailing newline). */
  readonly text: string;
  /** True when the command changes HAProxy's state: read-only mode refuses it before sending. */
  readonly mutating: boolean;
}

/** Why a command failed at the transport level (as opposed to HAProxy refusing it, which is a Reply). */
export type TransportFailure = 'connect' | 'timeout' | 'closed' | 'not-connected' | 'protocol';

export class RuntimeError extends Error {
  constructor(
    readonly failure: TransportFailure,
    message: string,
    readonly address?: string,
  ) {
    super(message);
    this.name = 'RuntimeError';
  }
}

/** How a RuntimeClient talks to its socket. */
export interface RuntimeClientOptions {
  /** How long one command may take to be answered completely. Default 5000. */
  readonly timeoutMs?: number;
  /** How long connecting (socket plus the answer to `prompt`) may take. Default: timeoutMs. */
  readonly connectTimeoutMs?: number;
  /** Most bytes one answer may hold before the command fails and the session is reset. Default 256 MiB. */
  readonly maxReplyBytes?: number;
  /** For ssh:// addresses: the ssh program and its options, run through sh like GIT_SSH_COMMAND. Default `ssh`. */
  readonly sshCommand?: string | undefined;
  /**
   * Take HAProxy's master CLI socket too (socketKind 'master'), instead of refusing it as the wrong socket. Its
   * commands are master-level (`show proc`, `reload`) or routed to a worker with a prefix (see WorkerRoute).
   */
  readonly acceptMaster?: boolean;
}

export interface SendOptions {
  readonly timeoutMs?: number;
  /**
   * Takes the answer in pieces as it arrives, and the promise then resolves with '': for answers of tens of
   * megabytes, which are then never held whole (see PromptFramer.takeText).
   */
  readonly onText?: (piece: string) => void;
}
