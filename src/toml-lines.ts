// Where each key of a TOML document is set. smol-toml's result carries no positions, so errors about a value
// would have no line: this scanner walks the structure of a document smol-toml has already accepted (headers,
// dotted keys, inline tables, strings of every kind, arrays over several lines) and notes the line of each
// key path. It never throws: on anything it does not expect it skips to the end of the line.

/** The lines of a document's keys. */
export interface KeyLines {
  /** The line (1-based) where `path` is set, else where its nearest enclosing table is, else 1. */
  lineOf(path: readonly string[]): number;
}

export function keyLines(text: string): KeyLines {
  const found = new Map<string, number>();
  new Scanner(text, found).document();
  return {
    lineOf(path) {
      for (let n = path.length; n > 0; n--) {
        const line = found.get(pathKey(path.slice(0, n)));
        if (line !== undefined) return line;
      }
      return 1;
    },
  };
}

const pathKey = (path: readonly string[]): string => JSON.stringify(path);

const BARE_KEY = /[A-Za-z0-9_-]/;
const ESCAPES: Readonly<Record<string, string>> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', e: '\x1b', '"': '"', '\\': '\\' };

class Scanner {
  private pos = 0;
  private readonly newlines: number[] = [];

  constructor(
    private readonly text: string,
    private readonly found: Map<string, number>,
  ) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.newlines.push(i);
  }

  document(): void {
    let table: string[] = [];
    while (this.pos < this.text.length) {
      this.skipSpace();
      const c = this.text[this.pos];
      const start = this.pos;
      if (c === '\n' || c === '\r') this.pos++;
      else if (c === '#') this.skipLine();
      else if (c === '[') {
        this.pos += this.text[this.pos + 1] === '[' ? 2 : 1;
        table = this.key();
        this.record(table, start);
        this.skipLine();
      } else {
        const key = this.key();
        if (key.length === 0 || !this.take('=')) this.skipLine();
        else {
          this.record([...table, ...key], start);
          this.value([...table, ...key]);
        }
      }
      if (this.pos === start) this.pos++;
    }
  }

  /** A dotted key: bare, "basic" and 'literal' parts. Empty when there is no key here. */
  private key(): string[] {
    const parts: string[] = [];
    for (;;) {
      this.skipSpace();
      const c = this.text[this.pos];
      if (c === '"') parts.push(this.basicString());
      else if (c === "'") parts.push(this.literalString());
      else {
        const start = this.pos;
        while (this.pos < this.text.length && BARE_KEY.test(this.text[this.pos] ?? '')) this.pos++;
        if (this.pos === start) return parts;
        parts.push(this.text.slice(start, this.pos));
      }
      this.skipSpace();
      if (!this.take('.')) return parts;
    }
  }

  /**
   * Skips a value. Keys inside an inline table are recorded under `path`; inside arrays nothing is recorded
   * (an element's position is never reported), so `path` is then undefined.
   */
  private value(path: readonly string[] | undefined): void {
    this.skipSpace();
    const c = this.text[this.pos];
    if (c === '"' || c === "'") {
      if (this.text.startsWith(c.repeat(3), this.pos)) this.multilineString(c);
      else if (c === '"') this.basicString();
      else this.literalString();
    } else if (c === '[') {
      this.pos++;
      while (this.pos < this.text.length && !this.take(']')) {
        const start = this.pos;
        this.skipVoid();
        if (this.take(']')) return;
        this.value(undefined);
        this.skipVoid();
        this.take(',');
        if (this.pos === start) this.pos++;
      }
    } else if (c === '{') {
      this.pos++;
      while (this.pos < this.text.length) {
        this.skipVoid();
        if (this.take('}')) return;
        const start = this.pos;
        const key = this.key();
        if (key.length === 0 || !this.take('=')) return this.skipLine();
        if (path !== undefined) this.record([...path, ...key], start);
        this.value(path === undefined ? undefined : [...path, ...key]);
        this.skipVoid();
        this.take(',');
      }
    } else {
      // Numbers, booleans, dates (which may hold a space): up to what ends a value.
      while (this.pos < this.text.length && !',]}#\r\n'.includes(this.text[this.pos] ?? '')) this.pos++;
    }
  }

  private basicString(): string {
    let out = '';
    this.pos++;
    while (this.pos < this.text.length) {
      const c = this.text[this.pos++] ?? '';
      if (c === '"' || c === '\n') return out;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = this.text[this.pos++] ?? '';
      const width = e === 'u' ? 4 : e === 'U' ? 8 : e === 'x' ? 2 : 0;
      if (width > 0) {
        out += String.fromCodePoint(parseInt(this.text.slice(this.pos, this.pos + width), 16) || 0xfffd);
        this.pos += width;
      } else out += ESCAPES[e] ?? e;
    }
    return out;
  }

  private literalString(): string {
    const end = this.text.indexOf("'", this.pos + 1);
    const stop = end < 0 ? this.text.length : end;
    const out = this.text.slice(this.pos + 1, stop);
    this.pos = stop + 1;
    return out;
  }

  /** `"""..."""` or `'''...'''`; up to two more quotes right before the end belong to the string. */
  private multilineString(quote: string): void {
    this.pos += 3;
    while (this.pos < this.text.length) {
      if (quote === '"' && this.text[this.pos] === '\\') this.pos += 2;
      else if (this.text.startsWith(quote.repeat(3), this.pos)) {
        this.pos += 3;
        for (let extra = 0; extra < 2 && this.text[this.pos] === quote; extra++) this.pos++;
        return;
      } else this.pos++;
    }
  }

  private record(path: readonly string[], at: number): void {
    const line = this.lineAt(at);
    // Every prefix too, so that `a.b.c = 1` also places the tables a and a.b; the first mention wins.
    for (let n = 1; n <= path.length; n++) {
      const key = pathKey(path.slice(0, n));
      if (!this.found.has(key)) this.found.set(key, line);
    }
  }

  private lineAt(at: number): number {
    let lo = 0;
    let hi = this.newlines.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.newlines[mid] ?? Infinity) < at) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  }

  private take(c: string): boolean {
    this.skipSpace();
    if (this.text[this.pos] !== c) return false;
    this.pos++;
    return true;
  }

  private skipSpace(): void {
    while (this.text[this.pos] === ' ' || this.text[this.pos] === '\t') this.pos++;
  }

  /** Spaces, newlines and comments, as between the elements of an array. */
  private skipVoid(): void {
    for (;;) {
      this.skipSpace();
      const c = this.text[this.pos];
      if (c === '\n' || c === '\r') this.pos++;
      else if (c === '#') this.skipLine();
      else return;
    }
  }

  private skipLine(): void {
    const end = this.text.indexOf('\n', this.pos);
    this.pos = end < 0 ? this.text.length : end;
  }
}
