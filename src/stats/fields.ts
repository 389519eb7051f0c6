// One `show stat` row's fields, read by header name. A reply can hold 100,000 rows of ~128 fields, of which a
// refresh reads a handful per row and the rest only for the few rows on screen: so the header is read once into
// a column index, a row keeps its line (a slice of the reply), and a field is cut out of it when asked for.

/** One row's fields by header name. An empty CSV field is absent (undefined), never '' or 0. */
export interface StatFields {
  get(name: string): string | undefined;
  /** Every present field, in header order. */
  entries(): [string, string][];
}

/** The header line: which names a reply has, and at which position of a record each one sits. */
export class StatHeader {
  /** Names in HAProxy's order, without the `# ` prefix, empty names and repeats (the first one counts). */
  readonly columns: readonly string[];
  /** Positions in a record, one per column. */
  readonly positions: readonly number[];
  private readonly index = new Map<string, number>();

  constructor(names: readonly string[]) {
    const columns: string[] = [];
    const positions: number[] = [];
    names.forEach((name, position) => {
      if (name === '' || this.index.has(name)) return;
      this.index.set(name, position);
      columns.push(name);
      positions.push(position);
    });
    this.columns = columns;
    this.positions = positions;
  }

  positionOf(name: string): number | undefined {
    return this.index.get(name);
  }
}

/** A row kept as its unquoted line; a field is found by counting commas. */
export class LineFields implements StatFields {
  constructor(
    private readonly header: StatHeader,
    readonly line: string,
  ) {}

  get(name: string): string | undefined {
    const position = this.header.positionOf(name);
    return position === undefined ? undefined : fieldAt(this.line, position);
  }

  entries(): [string, string][] {
    return pairs(this.header, this.line.split(','));
  }
}

/** A row that held quotes, decoded once. */
export class RecordFields implements StatFields {
  constructor(
    private readonly header: StatHeader,
    private readonly values: readonly string[],
  ) {}

  get(name: string): string | undefined {
    const position = this.header.positionOf(name);
    const value = position === undefined ? undefined : this.values[position];
    return value === '' ? undefined : value;
  }

  entries(): [string, string][] {
    return pairs(this.header, this.values);
  }
}

export const NO_HEADER = new StatHeader([]);

/** Fields of a plain object (tests, and rows made by hand); empty strings read as absent like CSV's. */
export function recordFields(record: Readonly<Record<string, string | undefined>>): StatFields {
  const names = Object.keys(record);
  return new RecordFields(new StatHeader(names), names.map((name) => record[name] ?? ''));
}

function pairs(header: StatHeader, values: readonly string[]): [string, string][] {
  const out: [string, string][] = [];
  header.columns.forEach((name, k) => {
    const value = values[header.positions[k] as number];
    if (value !== undefined && value !== '') out.push([name, value]);
  });
  return out;
}

/** Field `position` of an unquoted line (what `line.split(',')[position]` gives), '' as undefined. */
export function fieldAt(line: string, position: number): string | undefined {
  let start = 0;
  for (let k = 0; k < position; k++) {
    const comma = line.indexOf(',', start);
    if (comma === -1) return undefined;
    start = comma + 1;
  }
  let end = line.indexOf(',', start);
  if (end === -1) end = line.length;
  return end > start ? line.slice(start, end) : undefined;
}
