// The command line's entry point: options first, then one-shot output or the interactive screen.
// Heavy modules are required lazily so that --help and --version load almost nothing, and only the
// interactive path ever loads blessed (through ./ui/run).
import os from 'node:os';
import type { AuditLog } from './app/audit';
import { AuditFile } from './audit-file';
import { CHECK_EXIT } from './check-rules';
import { defaultConfigPath, readConfigFile } from './config-file';
import { EXIT, type Config } from './config';
import { parseOptions, PROGRAM } from './options';

type OnceModule = typeof import('./once');

/** --rates: how far apart the two reads are. */
const RATE_INTERVAL_MS = 1000;
type TuiModule = typeof import('./ui/run');

/** Runs hatop-ts with `argv` as in process.argv (node, script, arguments...). Sets process.exitCode. */
export async function main(argv: readonly string[]): Promise<void> {
  quietOnClosedPipe();
  let config: Config | undefined;
  let check = false;
  try {
    const parsed = parseOptions(argv.slice(2), {
      defaultWidth: process.stdout.isTTY ? process.stdout.columns : undefined,
      configFile: { defaultPath: defaultConfigPath(process.env, os.homedir()), read: readConfigFile },
      env: process.env,
      home: os.homedir(),
    });
    if (parsed.kind === 'exit') {
      if (parsed.stdout !== undefined) process.stdout.write(parsed.stdout);
      if (parsed.stderr !== undefined) process.stderr.write(parsed.stderr);
      process.exitCode = parsed.code;
      return;
    }
    config = parsed.config;
    if (parsed.output === 'check') {
      check = true;
      const once = require('./once') as OnceModule;
      process.exitCode = await once.runCheck(config, parsed.check, (text) => process.stdout.write(text));
      return;
    }
    if (parsed.output !== 'tui') {
      const once = require('./once') as OnceModule;
      process.exitCode = await once.runOnce(config, parsed.output, parsed.width, (text) => process.stdout.write(text), undefined, parsed.rates === true ? RATE_INTERVAL_MS : undefined);
      return;
    }
    process.exitCode = await interactive(config);
  } catch (err) {
    process.exitCode = check ? reportUnexpectedInCheck(err) : reportUnexpected(config, err);
  }
}

async function interactive(config: Config): Promise<number> {
  const notTerminal = !process.stdout.isTTY ? 'standard output' : !process.stdin.isTTY ? 'standard input' : undefined;
  // The socket first: a wrong path is exit 2 whatever the terminal, and it fails before taking over the screen.
  const once = require('./once') as OnceModule;
  const { RuntimeClient } = require('./runtime/client') as typeof import('./runtime/client');
  const { StatsRoute } = require('./runtime/master') as typeof import('./runtime/master');
  // A worker's stats socket or a master CLI socket (then read through the current worker), whichever answers.
  const open = (index: number): InstanceType<typeof StatsRoute> => {
    const spec = config.instances[index] ?? config.instances[0]!;
    const client = new RuntimeClient(spec.address, { timeoutMs: config.timeoutMs, sshCommand: config.sshCommand, acceptMaster: true });
    // A dropped session is the controller's business (it shows it and retries): no unhandled 'error' events.
    client.on('close', () => undefined);
    return new StatsRoute(client);
  };
  const clients = config.instances.map((_, i) => open(i));
  const probes = await Promise.all(config.instances.map((spec, i) => once.probe(spec, clients[i]!, config.instances.length > 1)));
  // One instance that cannot be read is an error before the screen; among several, it is shown down on the
  // screen beside the others, unless none can be read.
  const failed = probes.every((p) => p.kind === 'failed');
  if (failed || notTerminal !== undefined) {
    for (const client of clients) client.close();
    if (failed) for (const p of probes) process.stderr.write(p.kind === 'failed' ? p.line : '');
    else process.stderr.write(`${PROGRAM}: ${notTerminal} is not a terminal; use --once or --json for plain output\n`);
    return failed ? EXIT.haproxy : EXIT.usage;
  }
  // The first polls are under way (HAProxy writing, the reply parsed as it comes) while blessed loads.
  const { Controller } = require('./app/controller') as typeof import('./app/controller');
  const controller = new Controller(config, clients, { openSession: open, audit: auditLog(config) });
  controller.start(probes.map((p) => (p.kind === 'answered' ? p.info : undefined)));
  const { runTui } = require('./ui/run') as TuiModule;
  const code = await runTui(config, controller, () => {
    for (const client of clients) client.close();
  });
  // The screen is gone and the terminal restored: a handle blessed left open must not keep us alive.
  setTimeout(() => process.exit(code), 500).unref();
  return code;
}

/**
 * The audit log's file, when there is one. Built even in read-only mode: it creates nothing until a line is
 * written, and a command that somehow went out there would still be recorded.
 */
function auditLog(config: Config): AuditLog | undefined {
  if (config.audit === undefined) return undefined;
  return new AuditFile(config.audit.path, { user: userName(), host: os.hostname() });
}

/** The login name; os.userInfo() throws for a uid with no passwd entry (a container's), then $USER or the uid. */
function userName(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env['USER'] ?? process.env['LOGNAME'] ?? String(process.getuid?.() ?? '?');
  }
}

/** HAProxy talk failures that escaped are exit 2; anything else is a bug, reported in one line, exit 1. */
function reportUnexpected(config: Config | undefined, err: unknown): number {
  // Which instance failed is in the error's own message; the first is named when it is the only one.
  const spec = config?.instances.length === 1 ? config.instances[0] : undefined;
  if (spec !== undefined) {
    const line = (require('./once') as OnceModule).talkFailureLine(spec, err);
    if (line !== undefined) {
      process.stderr.write(line);
      return EXIT.haproxy;
    }
  }
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`${PROGRAM}: internal error: ${message.split('\n')[0] ?? ''}\n`);
  return EXIT.usage;
}

/** A plugin that fails is UNKNOWN, on stdout where the monitoring server looks; exit 1 would read as WARNING. */
function reportUnexpectedInCheck(err: unknown): number {
  const message = (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
  // One printable line with no `|`, which would start performance data.
  process.stdout.write(`UNKNOWN: ${PROGRAM} internal error: ${message.replace(/[^\x20-\x7b\x7d\x7e]/g, '?')}\n`);
  return CHECK_EXIT.unknown;
}

/** `hatop-ts --json | head` closes our stdout early: that is the reader's choice, not an error to print. */
function quietOnClosedPipe(): void {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.ok);
    process.stderr.write(`${PROGRAM}: cannot write to standard output: ${err.message}\n`);
    process.exit(EXIT.usage);
  });
}
