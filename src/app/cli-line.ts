// The CLI view's lines: commands that would break the session are refused before they are sent, the others
// are sent one command at a time.
import { rawCommand } from '../runtime/commands';
import type { Command } from '../runtime/types';
import type { CliLog } from './cli-log';
import { sendLogged, type Sender } from './exchange';

/** Splits a CLI line into commands the way HAProxy does: an unescaped `;` ends a command. */
export function splitCommands(line: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '\\' && i + 1 < line.length) {
      current += c + line[i + 1];
      i++;
    } else if (c === ';') {
      parts.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

/** Why a line is refused locally, or undefined when it may be sent. */
export function refusedCliCommand(line: string): string | undefined {
  for (const command of splitCommands(line)) {
    const words = command.toLowerCase().split(/\s+/);
    if (words[0] === 'prompt') return 'Refused: `prompt` would switch off the prompt mode this session relies on.';
    if (words[0] === 'quit') return 'Refused: `quit` would close the session; press q or Ctrl-C to leave hatop-ts.';
    if (words[0] === 'set' && words[1] === 'timeout' && words[2] === 'cli') {
      return 'Refused: `set timeout cli` would change this session\'s idle timeout under hatop-ts.';
    }
  }
  return undefined;
}

/**
 * Runs a line typed in the CLI view: an empty line is a time mark; a refused one is logged with the reason;
 * otherwise each command is sent and logged in turn (HAProxy answers `a; b` with one prompt per command, so
 * sending the line whole would put the session out of step). True when anything was sent.
 */
export async function runCliLine(sender: Sender, log: CliLog, line: string, progress: () => void): Promise<boolean> {
  if (line.trim() === '') {
    log.stamp();
    progress();
    return false;
  }
  const refused = refusedCliCommand(line);
  if (refused !== undefined) {
    log.stamp();
    log.add('command', `> ${line}`);
    log.add('error', refused);
    progress();
    return false;
  }
  for (const text of splitCommands(line)) {
    let command: Command;
    try {
      command = rawCommand(text);
    } catch (error) {
      log.exchange(text, error instanceof Error ? error.message : String(error), true);
      continue;
    }
    await sendLogged(sender, log, command);
    progress();
  }
  return true;
}
