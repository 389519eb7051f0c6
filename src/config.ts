// What the command line resolves to. Built by cli.ts, read by app/ and ui/.
import type { SocketAddress } from './runtime/types';
import type { SortSpec } from './view/sort';

export type { ModeNumber } from './views/types';
import type { ModeNumber } from './views/types';

/** A `-f "<iid> <type> <sid>"` filter: polls `show stat <iid> <type> <sid>`. */
export interface StatFilter {
  readonly iid: number;
  readonly type: number;
  readonly sid: number;
}

/** One HAProxy to watch: `-s [NAME=]PATH` or `-t [NAME=]HOST:PORT`. */
export interface InstanceSpec {
  /**
   * How the operator names it (header, footer, ids, messages, --json): given as `NAME=` or derived from the address.
   * Letters, digits, `_`, `.` and `-` only, so that `lb2:bk_app/nginx2` and ids built from it read one way.
   */
  readonly name: string;
  readonly address: SocketAddress;
}

export interface Config {
  /** At least one; with several, every service is known by its instance too (`lb2:bk_app/nginx2`). */
  readonly instances: readonly InstanceSpec[];
  /** Seconds between refreshes (0.5 .. 300). */
  readonly intervalSec: number;
  readonly mode: ModeNumber;
  readonly readOnly: boolean;
  /** The screen asks the terminal for clicks and the wheel (off with --no-mouse: the terminal's own selection). */
  readonly mouse: boolean;
  readonly filters: readonly StatFilter[];
  /** `-p NAME`: show only proxies of these names (every proxy of that name). Empty = all. */
  readonly proxies: readonly string[];
  /** Per-command timeout for the runtime API, ms. */
  readonly timeoutMs: number;
  /** F12: how long a server may drain before hatop-ts asks what to do (seconds). */
  readonly drainTimeoutSec: number;
  /** View 9 (CERTS): certificates expiring within this many days are marked. */
  readonly certWarnDays: number;
  /** For ssh:// sockets: --ssh-command, else $HATOP_TS_SSH_COMMAND; undefined runs `ssh`. */
  readonly sshCommand: string | undefined;
  /**
   * The audit log of the commands that can change HAProxy: --audit-log, else the default file under
   * $XDG_STATE_HOME; undefined with --no-audit-log (or when there is no home to put it in).
   */
  readonly audit: AuditConfig | undefined;
  /** `--sort COLUMN[:asc|:desc]`: the table's order at start; undefined is HAProxy's order. */
  readonly sort: SortSpec | undefined;
}

export interface AuditConfig {
  /** The JSON-lines file appended to; created, with its directory, when the first line is written. */
  readonly path: string;
}

/** Documented exit codes (README, --help, man page). */
export const EXIT = { ok: 0, usage: 1, haproxy: 2 } as const;
