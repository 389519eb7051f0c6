// The CLI view's lines: commands that would break the session are refused before they are sent, the others
// are sent one command at a time.
import { rawCommand } from '../runtime/commands';
import type { Command } from '../runtime/types';
import type { AuditTrail } from './audit';
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

/** A session of its own for commands that change the session they run on; closed once they are done. */
export interface SideSession extends Sender {
  close(): void;
}

/**
 * Commands that change the session itself, for good: on the session hatop-ts polls with, `user` or `operator`
 * would make every later hotkey fail with "Permission denied", `set severity-output` would change how every
 * later answer reads. They run on a separate session that is closed afterwards, with the rest of their line
 * (so `experimental-mode on; add server ...` works as typed).
 */
function changesSession(words: readonly string[]): string | undefined {
  const [first, second] = words;
  if (first === 'user' || first === 'operator') return `\`${first}\` lowers the session's level for good`;
  if (first === 'expert-mode' || first === 'experimental-mode' || first === 'mcli-debug-mode') return `\`${first}\` changes the session's mode`;
  if (first === 'set' && second === 'severity-output') return '`set severity-output` changes how the session answers';
  return undefined;
}

const wordsOf = (command: string): string[] => command.toLowerCase().split(/\s+/).filter((w) => w !== '');

/** Why a line is refused locally, or undefined when it may be sent. */
export function refusedCliCommand(line: string): string | undefined {
  for (const command of splitCommands(line)) {
    const words = wordsOf(command);
    if (words[0] === 'prompt') return 'Refused: `prompt` would switch off the prompt mode this session relies on.';
    if (words[0] === 'quit') return 'Refused: `quit` would close the session; to leave hatop-ts press ESC, then q (or Ctrl-C).';
    if (words[0] === 'set' && words[1] === 'timeout' && words[2] === 'cli') {
      return 'Refused: `set timeout cli` would change this session\'s idle timeout under hatop-ts.';
    }
    if (words.at(-1) === '<<' || /\s<<$/.test(command)) {
      return 'Refused: a `<<` payload is sent on the lines after the command, and this CLI sends one line; give each entry as a command of its own (e.g. `add map <map> <key> <value>`).';
    }
  }
  return undefined;
}

/** Why a line must run on a separate session, or undefined. */
export function sideSessionReason(line: string): string | undefined {
  for (const command of splitCommands(line)) {
    const why = changesSession(wordsOf(command));
    if (why !== undefined) return why;
  }
  return undefined;
}

/**
 * Runs a line typed in the CLI view: an empty line is a time mark; a refused one is logged with the reason;
 * otherwise each command is sent and logged in turn (HAProxy answers `a; b` with one prompt per command, so
 * sending the line whole would put the session out of step). A line with a command that would change the
 * session runs on a session of its own (`openSession`), closed afterwards. True when anything was sent.
 */
export async function runCliLine(
  sender: Sender,
  log: CliLog,
  line: string,
  progress: () => void,
  openSession?: () => SideSession,
  /** The instance it goes to, when several are watched: the log's prompt names it. */
  instance?: string,
  /** Where its commands that can change HAProxy are recorded (side sessions' too). */
  audit?: AuditTrail,
): Promise<boolean> {
  if (line.trim() === '') {
    log.stamp();
    progress();
    return false;
  }
  const refused = refusedCliCommand(line) ?? (sideSessionReason(line) !== undefined && openSession === undefined ? 'Refused: this command would change the session hatop-ts polls with.' : undefined);
  if (refused !== undefined) {
    log.stamp();
    log.add('command', `${instance ?? ''}> ${line}`);
    log.add('error', refused);
    progress();
    return false;
  }
  const why = sideSessionReason(line);
  const side = why !== undefined && openSession !== undefined ? openSession() : undefined;
  if (side !== undefined) log.add('info', `On a separate session, closed afterwards: ${why}.`);
  try {
    for (const text of splitCommands(line)) {
      let command: Command;
      try {
        command = rawCommand(text);
      } catch (error) {
        log.exchange(text, error instanceof Error ? error.message : String(error), true, undefined, instance);
        continue;
      }
      await sendLogged(side ?? sender, log, command, instance, audit);
      progress();
    }
  } finally {
    side?.close();
  }
  return true;
}
