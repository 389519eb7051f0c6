// `npm run demo`: a throwaway HAProxy lab with gentle traffic, and hatop-ts attached to its admin socket.
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
import { startLab, type Lab } from '../test/support/lab';

interface EnsureHaproxyModule {
  ensureHaproxy(): number;
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
  // The installer step lives in plain JS outside the compiled tree, shared with `npm test`.
  const ensure = require(path.join(repoRoot, 'scripts/ensure-haproxy.js')) as EnsureHaproxyModule;
  const ensured = ensure.ensureHaproxy();
  if (ensured !== 0) return 1;

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
  try {
    lab = await startLab({ handleSignals: false });
    if (stopSignal) return signalExitCode(stopSignal);
    lab.startTraffic({ ratePerSec: 5 });

    if (noUi) {
      process.stdout.write(
        `admin socket:  ${lab.adminSocket}\n` +
          `TCP socket:    ${lab.tcpAddress}\n` +
          `frontend:      http://127.0.0.1:${lab.frontendPort}/\n` +
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
    if (lab) {
      await lab.stopTraffic();
      await lab.stop();
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
