// Opening a runtime API session: connect, then `prompt`, and tell from the answer that it is HAProxy's runtime
// API, or name what answered instead (see connect-error.ts).
import { createConnection, type Socket } from 'node:net';
import { describeConnectError, describeSent, release, SAMPLE_BYTES, seconds, strangerMessage } from './connect-error';
import { RuntimeError, type SocketAddress } from './types';

/** The whole answer to `prompt` in prompt mode: an empty output, then the prompt. */
const PROMPT_ANSWER = '\n> ';
/** After a wrong first byte at connect, how long to wait for the rest of the line, to quote it whole. */
const QUOTE_GRACE_MS = 100;

/**
 * Connects and switches the session to prompt mode; resolves once HAProxy answered `prompt` with exactly "\n> ".
 * Anything else is named by what it looked like (the master CLI, HTTP, SSH, TLS, text) and refused. `register`
 * receives the way to cancel the attempt while it is under way, then undefined once it has settled.
 */
export function openSession(
  a: SocketAddress,
  label: string,
  timeoutMs: number,
  register: (cancel: ((err: RuntimeError) => void) | undefined) => void,
): Promise<Socket> {
  return new Promise<Socket>((resolve, reject) => {
    const socket = a.kind === 'unix' ? createConnection({ path: a.path }) : createConnection({ host: a.host, port: a.port });
    let received = Buffer.alloc(0);
    let grace: NodeJS.Timeout | undefined;
    let settled = false;
    const finish = (err: RuntimeError | undefined): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(grace);
      register(undefined);
      if (err) {
        release(socket).destroy();
        reject(err);
      } else {
        socket.removeAllListeners();
        resolve(socket);
      }
    };
    const fail = (message: string): void => finish(new RuntimeError('connect', message, label));
    const stranger = (): void => finish(new RuntimeError('protocol', strangerMessage(label, 'prompt', describeSent(received)), label));
    const wrong = (): boolean => !PROMPT_ANSWER.startsWith(received.toString('latin1'));
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
      if (received.length === PROMPT_ANSWER.length && !wrong()) return finish(undefined);
      if (!wrong()) return;
      // Not the runtime API. Name it now when the bytes say enough, else give the rest of the line a moment.
      const enough = describeSent(received).kind !== 'text' || /\S[^\n\r]*[\r\n]/.test(received.toString('latin1'));
      if (enough || received.length >= SAMPLE_BYTES) stranger();
      else grace ??= setTimeout(stranger, Math.min(QUOTE_GRACE_MS, timeoutMs));
    });
  });
}
