// Entry point of the interactive screen. Loaded lazily by cli.ts, after the options are parsed,
// so that --help, --version, --once and --json never pay for blessed.
import type { Config } from '../config';
import type { Controller } from '../app/controller';
import { formatAddress } from '../runtime/address';
import { VERSION } from '../version';
import { openTerminal } from './blessed-adapter';
import { Screen } from './screen';
import { themeFromEnv } from './theme';

/**
 * Runs the interactive screen over a started controller until the user quits; resolves with the process exit
 * code. `close` ends the sessions with HAProxy (which the entry point opened).
 */
export function runTui(config: Config, controller: Controller, close: () => void): Promise<number> {
  const terminal = openTerminal({ mouse: config.mouse, color: themeFromEnv(process.env).color });
  const screen = new Screen(terminal, controller, {
    version: VERSION,
    address: config.instances.length === 1 ? formatAddress(config.instances[0]!.address) : `${config.instances.length} instances`,
    theme: { ...themeFromEnv(process.env), unicode: terminal.unicode },
  });

  return new Promise<number>((resolve) => {
    let done = false;
    const finish = (code: number, message?: string): void => {
      if (done) return;
      done = true;
      controller.stop();
      screen.dispose();
      close();
      // Restores the normal screen, the cursor and cooked mode before anything is printed.
      terminal.destroy();
      if (message !== undefined) process.stderr.write(`${message}\n`);
      for (const signal of SIGNALS) process.removeListener(signal, onSignal);
      process.removeListener('uncaughtException', onCrash);
      process.removeListener('unhandledRejection', onCrash);
      resolve(code);
    };
    const onSignal = (signal: NodeJS.Signals): void => finish(signal === 'SIGINT' ? 0 : 128 + (SIGNAL_NUMBERS[signal] ?? 1));
    const onCrash = (error: unknown): void =>
      finish(1, `hatop-ts: internal error: ${error instanceof Error ? error.message : String(error)}`);
    for (const signal of SIGNALS) process.on(signal, onSignal);
    process.on('uncaughtException', onCrash);
    process.on('unhandledRejection', onCrash);
    controller.on('quit', () => finish(0));
    screen.draw();
  });
}

const SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGHUP', 'SIGINT'];
const SIGNAL_NUMBERS: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };
