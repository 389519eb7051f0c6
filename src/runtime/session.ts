// Opening a runtime API session: connect, then `prompt`, and tell from the answer which CLI it is (a worker's
// stats socket, or the master CLI when it is accepted) or name what answered instead (see connect-error.ts).
import { createConnection, type Socket } from 'node:net';
import { describeConnectError, describeSent, release, SAMPLE_BYTES, seconds, strangerMessage } from './connect-error';
import { RuntimeError, type DirectAddress, type SocketKind } from './types';

/** The whole answer to `prompt` in prompt mode: an empty output, then the prompt. */
const PROMPT_ANSWER = '\n> ';
/** The master CLI's answer to `prompt`: its prompt alone, maybe with a state ("master[ReloadFailed]> ") or flags. */
const MASTER_ANSWER = /^master(?:\[[A-Za-z]{1,20}\])?(?:\([a-z]{0,8}\))?> $/;
/** What the master CLI's answer may hold before it is complete. */
const MASTER_SO_FAR = /^(?:m|ma|mas|mast|maste|master[[\]A-Za-z()]{0,32}>?)$/;
/** After a wrong first byte at connect, how long to wait for the rest of the line, to quote it whole. */
const QUOTE_GRACE_MS = 100;

/** The answer to `prompt` so far: whose prompt it is, not complete yet, or not a prompt we take. */
export function promptAnswer(text: string, acceptMaster: boolean): SocketKind | 'partial' | 'wrong' {
  if (text === PROMPT_ANSWER) return 'worker';
  if (PROMPT_ANSWER.startsWith(text)) return 'partial';
  if (!acceptMaster) return 'wrong';
  if (MASTER_ANSWER.test(text)) return 'master';
  return MASTER_SO_FAR.test(text) ? 'partial' : 'wrong';
}

/** An open session in prompt mode, and which CLI it is with. */
export interface Session {
  readonly socket: Socket;
  readonly kind: SocketKind;
}

/**
 * Connects and switches the session to prompt mode; resolves once HAProxy answered `prompt` with exactly "\n> ",
 * or, when `acceptMaster`, with the master CLI's "master> ". Anything else is named by what it looked like (the
 * master CLI, HTTP, SSH, TLS, text) and refused. `register` receives the way to cancel the attempt while it is
 * under way, then undefined once it has settled.
 */
export function openSession(
  a: DirectAddress,
  label: string,
  timeoutMs: number,
  register: (cancel: ((err: RuntimeError) => void) | undefined) => void,
  acceptMaster = false,
): Promise<Session> {
  return new Promise<Session>((resolve, reject) => {
    const socket = a.kind === 'unix' ? createConnection({ path: a.path }) : createConnection({ host: a.host, port: a.port });
    let received = Buffer.alloc(0);
    let grace: NodeJS.Timeout | undefined;
    let settled = false;
    const finish = (outcome: RuntimeError | SocketKind): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(grace);
      register(undefined);
      if (outcome instanceof RuntimeError) {
        release(socket).destroy();
        reject(outcome);
      } else {
        socket.removeAllListeners();
        resolve({ socket, kind: outcome });
      }
    };
    const fail = (message: string): void => finish(new RuntimeError('connect', message, label));
    const stranger = (): void => finish(new RuntimeError('protocol', strangerMessage(label, 'prompt', describeSent(received)), label));
    const answer = (): SocketKind | 'partial' | 'wrong' => promptAnswer(received.toString('latin1'), acceptMaster);
    const wrong = (): boolean => answer() === 'wrong';
    const timer = setTimeout(() => (wrong() ? stranger() : fail(`no answer from ${label} within ${seconds(timeoutMs)}`)), timeoutMs);
    register(finish);
    socket.once('connect', () => {
      if (a.kind === 'tcp') socket.setNoDelay(true);
      socket.write('prompt\n');
    });
    // Whatever a stranger sent before hanging up says more than the hang-up (an HTTP server's 400, say).
    socket.on('error', (e: NodeJS.ErrnoException) => (wrong() ? stranger() : fail(describeConnectError(a, label, e))));
    socket.on('close', () => (wrong() ? stranger() : fail(`${label} closed the connection before answering "prompt"`)));
    socket.on('data', (chunk: Buffer) => {
      if (received.length < SAMPLE_BYTES) received = Buffer.concat([received, chunk]).subarray(0, SAMPLE_BYTES);
      const kind = answer();
      if (kind === 'worker' || kind === 'master') return finish(kind);
      if (kind === 'partial') return;
      // Not the runtime API. Name it now when the bytes say enough, else give the rest of the line a moment.
      const enough = describeSent(received).kind !== 'text' || /\S[^\n\r]*[\r\n]/.test(received.toString('latin1'));
      if (enough || received.length >= SAMPLE_BYTES) stranger();
      else grace ??= setTimeout(stranger, Math.min(QUOTE_GRACE_MS, timeoutMs));
    });
  });
}
