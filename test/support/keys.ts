// Key names for end-to-end tests and the bytes an xterm sends for them. blessed reads keys from a fixed
// xterm table (not terminfo), so these are what it expects under TERM=xterm-256color.

const NAMED = {
  up: '\x1b[A',
  down: '\x1b[B',
  right: '\x1b[C',
  left: '\x1b[D',
  home: '\x1b[H',
  end: '\x1b[F',
  pageup: '\x1b[5~',
  pagedown: '\x1b[6~',
  enter: '\r',
  tab: '\t',
  backtab: '\x1b[Z',
  escape: '\x1b',
  space: ' ',
  backspace: '\x7f',
  delete: '\x1b[3~',
  f1: '\x1bOP',
  f2: '\x1bOQ',
  f3: '\x1bOR',
  f4: '\x1bOS',
  f5: '\x1b[15~',
  f6: '\x1b[17~',
  f7: '\x1b[18~',
  f8: '\x1b[19~',
  f9: '\x1b[20~',
  f10: '\x1b[21~',
  f11: '\x1b[23~',
  f12: '\x1b[24~',
  'ctrl-a': '\x01',
  'ctrl-c': '\x03',
  'ctrl-d': '\x04',
  'ctrl-e': '\x05',
  'ctrl-l': '\x0c',
  'ctrl-u': '\x15',
  'ctrl-w': '\x17',
  // ESC + key in one write: blessed reports it as M-<key>, which is how Alt-n arrives.
  'alt-1': '\x1b1',
  'alt-2': '\x1b2',
  'alt-3': '\x1b3',
  'alt-4': '\x1b4',
  'alt-5': '\x1b5',
} as const;

export type NamedKey = keyof typeof NAMED;

/** Every printable ASCII character, space to tilde. */
const PRINTABLE = ' !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~';

// Tail-recursive (accumulator) so the compiler does not hit its depth limit on 95 characters.
type CharsOf<S extends string, Acc extends string = never> = S extends `${infer Head}${infer Tail}`
  ? CharsOf<Tail, Acc | Head>
  : Acc;

/** A single printable character, pressed as itself ('q', '1', '/'). A typo such as 'f13' fails to compile. */
export type PrintableChar = CharsOf<typeof PRINTABLE>;

export type KeyName = NamedKey | PrintableChar;

function buildKeys(): Record<KeyName, string> {
  const keys: Record<string, string> = {};
  for (const ch of PRINTABLE) keys[ch] = ch;
  // Named keys win where they overlap (there is none today; 'space' and ' ' both map to ' ').
  Object.assign(keys, NAMED);
  return keys as Record<KeyName, string>;
}

/** The bytes an xterm sends for each key; written to the terminal in one write per key. */
export const KEYS: Readonly<Record<KeyName, string>> = Object.freeze(buildKeys());

/**
 * A mouse report as an xterm sends it in SGR mode (1006): `ESC [ < button ; x ; y M` for a press, `m` for a
 * release, at a 0-based screen cell (the sequence is 1-based). Buttons: 0 left, 64 wheel up, 65 wheel down.
 */
export function sgrMouse(button: number, col: number, row: number, press: boolean): string {
  if (!Number.isInteger(col) || !Number.isInteger(row) || col < 0 || row < 0) throw new RangeError(`bad cell ${col},${row}`);
  return `\x1b[<${button};${col + 1};${row + 1}${press ? 'M' : 'm'}`;
}

/** The sequence for one key; throws for a name that is not a key (e.g. from an untyped caller). */
export function keySequence(key: KeyName): string {
  const seq: string | undefined = (KEYS as Readonly<Record<string, string>>)[key];
  if (seq === undefined) throw new RangeError(`unknown key name ${JSON.stringify(key)}`);
  return seq;
}
