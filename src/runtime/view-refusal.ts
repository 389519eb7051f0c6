// Tells HAProxy refusing a view's `show ...` from the data it shows, and says why in one sentence. Pure.
//
// The refusals of these commands are HAProxy's own texts (2.0 to 3.x), several of which classifyReply takes
// for data because they match none of its generic beginnings:
//   Permission denied                                       show sess, show errors below level operator
//   Can't allocate memory!                                  show ssl cert below level operator (HAProxy's text)
//   # contents not dumped due to insufficient privileges    show table NAME at level user, after the header
//   Unknown command...                                      e.g. show ssl cert before 2.2 or built without SSL
//   No such table                                           show table NAME
//   Unknown map identifier. Please use #<id> or <file>.     show map REF (ids change at each reload)
//   Unknown ACL identifier. Please use #<id> or <file>.     show acl REF
//   Can't display the certificate: Not found or the certificate is a bundle!
//   Can't show!\nOperations on certificates are currently locked!
//   Session not found.                                      show sess ID
//   Filter entry #1: Unknown data type                      show table NAME data.X op V
//   Unsupported option 'x', try 'help' for more info.       show sess (3.1+)
//   No such proxy.                                          show errors PROXY
import { classifyReply } from './reply';

/** The commands of the views, longest first so that `show ssl cert` is found before a shorter one. */
const VIEW_COMMANDS: readonly string[] = [
  'show servers state',
  'show ssl cert',
  'show activity',
  'show errors',
  'show pools',
  'show table',
  'show sess',
  'show map',
  'show acl',
];

/** What a command needs HAProxy to have, for the "has no such command" sentence. */
const NEEDS: Readonly<Record<string, string>> = {
  'show ssl cert': ' (it needs HAProxy 2.2 or later, built with SSL)',
};

const SEVERITY = /^\[\d\]: ?/;
const HIDDEN_CONTENTS = '# contents not dumped due to insufficient privileges';

/** When a reply to a `show ...` of these views is HAProxy refusing rather than data, one sentence saying why; else undefined. */
export function viewRefusal(command: string, reply: string): string | undefined {
  const { name, args } = parseCommand(command);
  const shown = `\`${name}\``;
  const arg = args[0];
  const what = (noun: string): string => (arg === undefined ? `such ${noun}` : `${noun} ${arg}`);
  const r = classifyReply(reply);
  const line = firstLine(reply);
  switch (r.kind) {
    case 'ok':
      return undefined;
    case 'permission-denied':
      return `This socket's level does not allow ${shown}: it needs a socket at level operator or admin.`;
    case 'unknown-command':
      return `This HAProxy (or its build) has no ${shown}${NEEDS[name] ?? ''}.`;
    case 'no-such-backend':
      return `There is no backend ${args[1] ?? ''}`.trimEnd() + '.';
    case 'no-such-server':
      return `There is no server ${args[1] ?? ''}`.trimEnd() + '.';
    case 'error':
    case 'data':
      break;
  }

  if (line.startsWith('No such table')) return `There is no ${what('stick table')}.`;
  if (line.startsWith('Unknown map identifier')) return `There is no ${what('map')} (ids change when HAProxy reloads).`;
  if (line.startsWith('Unknown ACL identifier')) return `There is no ${what('ACL')} (ids change when HAProxy reloads).`;
  if (line.startsWith("Can't display the certificate")) {
    return `HAProxy holds no ${what('certificate')} (or it is a multi-certificate bundle).`;
  }
  if (line.startsWith("Can't show!")) return 'Another command is updating the certificates right now: try again.';
  if (line === "Can't allocate memory!" && name === 'show ssl cert') {
    // HAProxy's answer to a socket below level operator, whatever the memory.
    return `This socket's level does not allow ${shown} (HAProxy says "Can't allocate memory!"): it needs a socket at level operator or admin.`;
  }
  if (line === "Can't allocate memory!") return `HAProxy ran out of memory answering ${shown}.`;
  if (line === 'Session not found.') return 'That session is gone (it has ended, or the id is wrong).';
  if (line === 'No such proxy.') return `There is no ${what('proxy')}.`;
  const filter = /^Filter entry #\d+: (.*?)\.?$/.exec(line) ?? /^(Detected extra data in filter.*?)\.?$/.exec(line);
  if (filter) return `HAProxy refused the filter of ${shown}: ${filter[1] ?? ''}.`;
  const option = /^Unsupported option '([^']*)'/.exec(line);
  if (option) return `This HAProxy's ${shown} has no option '${option[1] ?? ''}'.`;
  if (name === 'show table' && reply.split('\n').some((l) => l.replace(/\r$/, '').trimEnd() === HIDDEN_CONTENTS)) {
    return "This socket's level shows the table but not its entries: they need a socket at level operator or admin.";
  }
  if (r.kind === 'error') return `HAProxy refused \`${command.trim()}\`: ${line.replace(/[.!]?$/, '')}.`;
  return undefined;
}

/** The view command a line runs (without a master CLI `@...` prefix) and its arguments, unescaped. */
function parseCommand(command: string): { name: string; args: string[] } {
  const words = splitWords(command.trim().replace(/^@\S*\s+/, ''));
  for (const candidate of VIEW_COMMANDS) {
    const parts = candidate.split(' ');
    if (parts.every((p, i) => words[i] === p)) return { name: candidate, args: words.slice(parts.length) };
  }
  return { name: words.slice(0, 2).join(' '), args: words.slice(2) };
}

/** Words as HAProxy's CLI cuts them: at spaces, a backslash making the next character literal. */
function splitWords(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let escaped = false;
  for (const c of text) {
    if (escaped) {
      word += c;
      escaped = false;
    } else if (c === '\\') escaped = true;
    else if (c === ' ' || c === '\t') {
      if (word !== '') words.push(word);
      word = '';
    } else word += c;
  }
  if (word !== '') words.push(word);
  return words;
}

function firstLine(text: string): string {
  const first = text.split('\n').find((l) => l.trim() !== '') ?? '';
  return first.replace(/\r$/, '').replace(SEVERITY, '').trim();
}
