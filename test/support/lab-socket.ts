// The lab's side of the runtime API: one command over a stats socket, and `show stat` parsed well enough for the
// lab's own rows. lab.ts re-exports both; the program's real client and parser live in src/.
import net from 'node:net';

/** One `show stat` row keyed by the CSV header's names. */
export type StatRow = Readonly<Record<string, string>>;

/**
 * One non-interactive exchange over a unix socket path or a "host:port": write the line (several commands with
 * `;`), read until HAProxy closes the connection.
 */
export function rawCommand(socket: string, cmd: string, timeoutMs = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    const tcp = /^(\d{1,3}(?:\.\d{1,3}){3}):(\d+)$/.exec(socket);
    const conn = tcp ? net.createConnection({ host: tcp[1], port: Number(tcp[2]) }) : net.createConnection(socket);
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      conn.destroy();
      reject(new Error(`no complete answer to "${cmd}" on ${socket} within ${timeoutMs} ms`));
    }, timeoutMs);
    conn.on('connect', () => conn.end(`${cmd}\n`));
    conn.on('data', (chunk: Buffer) => chunks.push(chunk));
    conn.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    conn.on('close', (hadError) => {
      clearTimeout(timer);
      if (!hadError) resolve(Buffer.concat(chunks).toString('utf8'));
    });
  });
}

/** Good enough for the lab's own rows (no field here holds a comma); the real parser lives in src/stats. */
export function parseShowStat(text: string): StatRow[] {
  const lines = text.split('\n').filter((line) => line !== '');
  const header = lines.shift();
  if (header === undefined || !header.startsWith('# ')) throw new Error(`not a show stat answer: ${text.slice(0, 200)}`);
  const names = header.slice(2).split(',');
  return lines.map((line) => {
    const fields = line.split(',');
    const row: Record<string, string> = {};
    names.forEach((name, i) => {
      if (name !== '') row[name] = fields[i] ?? '';
    });
    return row;
  });
}
