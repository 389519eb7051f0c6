// `npm run demo`: a throwaway HAProxy lab with gentle traffic and a couple of slow requests always in flight, and
// hatop-ts attached to its admin socket.
// When hatop-ts exits (or the demo gets SIGINT/SIGTERM/SIGHUP) the lab is torn down and nothing is left behind.
//
//   npm run demo                      hatop-ts on the lab
//   npm run demo -- -m 2              extra arguments go to hatop-ts
//   npm run demo -- --print-socket    no UI: print the admin socket and frontend URL, run until Ctrl-C
//                                     (same as HATOP_DEMO_NO_UI=1)
//   HATOP_DEMO_CMD='some command'     run this (through /bin/sh) instead of hatop-ts; it gets the lab in
//                                     HATOP_DEMO_SOCKET, HATOP_DEMO_TCP and HATOP_DEMO_URL (a hook for testing)
import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { startLab, type Lab } from '../test/support/lab';

interface EnsureHaproxyModule {
  ensureHaproxy(): number;
}
interface EnsureOpensslModule {
  ensureOpenssl(): number;
}

const HANDLED_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
const repoRoot = path.join(__dirname, '../..');

function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + (os.constants.signals[signal] ?? 0);
}

function spawnClient(lab: Lab, args: readonly string[]): ChildProcess {
  const env = {
    ...process.env,
    HATOP_DEMO_SOCKET: lab.adminSocket,
    HATOP_DEMO_TCP: lab.tcpAddress,
    HATOP_DEMO_URL: `http://127.0.0.1:${lab.frontendPort}/`,
  };
  const override = process.env['HATOP_DEMO_CMD'];
  if (override) return spawn('/bin/sh', ['-c', override], { stdio: 'inherit', env });
  const cli = path.join(repoRoot, 'bin/hatop-ts');
  return spawn(process.execPath, [cli, '-s', lab.adminSocket, ...args], { stdio: 'inherit', env });
}

async function main(argv: readonly string[]): Promise<number> {
  // The installer steps live in plain JS outside the compiled tree, shared with `npm test`; the lab makes its
  // TLS certificates with openssl.
  const haproxy = require(path.join(repoRoot, 'scripts/ensure-haproxy.js')) as EnsureHaproxyModule;
  if (haproxy.ensureHaproxy() !== 0) return 1;
  const openssl = require(path.join(repoRoot, 'scripts/ensure-openssl.js')) as EnsureOpensslModule;
  if (openssl.ensureOpenssl() !== 0) return 1;

  const noUi = argv.includes('--print-socket') || process.env['HATOP_DEMO_NO_UI'] === '1';
  const clientArgs = argv.filter((arg) => arg !== '--print-socket');

  // Signals are ours from the start: a Ctrl-C while the lab is still starting must clean up too.
  let stopSignal: NodeJS.Signals | undefined;
  let onStop: (signal: NodeJS.Signals) => void = () => undefined;
  for (const signal of HANDLED_SIGNALS) {
    process.on(signal, () => {
      stopSignal ??= signal;
      onStop(signal);
    });
  }

  let lab: Lab | undefined;
  let holding: Promise<void> | undefined;
  const quit = new AbortController();
  try {
    lab = await startLab({ handleSignals: false });
    if (stopSignal) return signalExitCode(stopSignal);
    // The traffic fills fe_main's stick table as it goes (it tracks every client); two slow requests, renewed
    // as they end, keep sessions in flight for `show sess`.
    lab.startTraffic({ ratePerSec: 5 });
    const held = lab;
    const SLOW_MS = 5000;
    holding = (async () => {
      while (!quit.signal.aborted) {
        const started = Date.now();
        await held.holdSessions(2, SLOW_MS).done;
        // A pair that ended early (fe_main shut down from the CLI view, say) waits out its time: no busy loop.
        const rest = Math.max(0, SLOW_MS - (Date.now() - started));
        await delay(rest, undefined, { signal: quit.signal }).catch(() => undefined);
      }
    })();

    if (noUi) {
      process.stdout.write(
        `admin socket:  ${lab.adminSocket}\n` +
          `TCP socket:    ${lab.tcpAddress}\n` +
          `frontend:      http://127.0.0.1:${lab.frontendPort}/\n` +
          `TLS frontend:  https://127.0.0.1:${lab.tlsPort}/ (self-signed)\n` +
          `try:           node ${path.join(repoRoot, 'bin/hatop-ts')} -s ${lab.adminSocket}\n` +
          'Ctrl-C stops the lab.\n',
      );
      const signal = await new Promise<NodeJS.Signals>((resolve) => {
        if (stopSignal) resolve(stopSignal);
        else onStop = resolve;
      });
      return signal === 'SIGINT' ? 0 : signalExitCode(signal);
    }

    const child = spawnClient(lab, clientArgs);
    return await new Promise<number>((resolve) => {
      let killTimer: NodeJS.Timeout | undefined;
      // In a terminal, Ctrl-C reaches the whole foreground group, the client included; a signal sent to the
      // demo alone is passed on. Either way we wait for the client to exit, and force it after 3 s.
      onStop = (signal) => {
        if (child.exitCode === null && child.signalCode === null) child.kill(signal);
        killTimer ??= setTimeout(() => child.kill('SIGKILL'), 3000);
      };
      if (stopSignal) onStop(stopSignal);
      child.on('error', (err) => {
        process.stderr.write(`hatop-ts demo: cannot start the client: ${err.message}\n`);
        clearTimeout(killTimer);
        resolve(1);
      });
      child.on('exit', (code, signal) => {
        clearTimeout(killTimer);
        resolve(code ?? (signal ? signalExitCode(signal) : 1));
      });
    });
  } finally {
    quit.abort();
    if (lab) {
      await lab.stopTraffic();
      // stop() aborts the slow requests in flight, which ends the loop renewing them.
      await lab.stop();
      await holding;
    }
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`hatop-ts demo: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
