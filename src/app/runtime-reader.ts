// Reads one command's reply for a runtime view as it comes: lines are kept up to a cap (and only those a view
// wants), so a dump of a million stick-table entries never sits in memory whole. Given `stop`, a reply is cut
// at the cap (the session is closed, and HAProxy stops writing); without it, the rest is read and counted.
import type { ReadOptions, ReadResult, Reader } from '../views';
import type { SideSession } from './cli-line';
import type { Transport } from './instance';

export async function readCapped(transport: Pick<Transport, 'send'>, command: string, options: ReadOptions = {}, stop?: () => void): Promise<ReadResult> {
  const cap = options.cap ?? Number.POSITIVE_INFINITY;
  const keep = options.keep;
  const kept: string[] = [];
  let dropped = 0;
  let cut = false;
  let first = '';
  let partial = '';
  const take = (line: string): void => {
    if (cut) return;
    const clean = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (first === '' && clean.trim() !== '') first = clean;
    if (keep !== undefined && !keep(clean)) return;
    if (kept.length < cap) kept.push(clean);
    else if (stop === undefined) dropped++;
    else {
      cut = true;
      stop();
    }
  };
  const feed = (piece: string): void => {
    const lines = (partial + piece).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) take(line);
  };
  try {
    // A transport that does not stream answers whole: read it the same way.
    const whole = await transport.send(command, { onText: feed });
    if (whole !== '') feed(whole);
  } catch (error) {
    // The session closed at the cap fails the command: what was kept is the answer.
    if (!cut) throw error;
  }
  if (partial !== '' && !cut) take(partial);
  return cut ? { text: kept.join('\n'), dropped, first, cut } : { text: kept.join('\n'), dropped, first };
}

type ViewSession = SideSession & Pick<Transport, 'send'>;

/**
 * Each instance's session for the runtime views, apart from the polling one so that a long dump can be cut at its
 * cap (the session is closed and HAProxy stops writing; the next read opens another). Without sessions to open
 * (tests), the views read on the polling session, whole.
 */
export class ViewSessions {
  private readonly open = new Map<number, ViewSession>();

  constructor(
    private readonly polling: (index: number) => Pick<Transport, 'send'>,
    private readonly openSession: ((index: number) => ViewSession) | undefined,
  ) {}

  reader(index: number): Reader {
    const openSession = this.openSession;
    if (openSession === undefined) {
      const transport = this.polling(index);
      return (command, options) => readCapped(transport, command, options);
    }
    return (command, options) => {
      let session = this.open.get(index);
      if (session === undefined) {
        session = openSession(index);
        this.open.set(index, session);
      }
      const mine = session;
      return readCapped(mine, command, options, () => {
        mine.close();
        if (this.open.get(index) === mine) this.open.delete(index);
      });
    };
  }

  close(): void {
    for (const session of this.open.values()) session.close();
    this.open.clear();
  }
}
