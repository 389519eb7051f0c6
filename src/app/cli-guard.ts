// Commands that would break the CLI view's session are refused before they are sent.

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
