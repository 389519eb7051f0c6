// `show servers state` -> the servers HAProxy has, in every backend: what F1-F3 plan from, whatever the view
// shows (-f and -p narrow what is polled and drawn, never what "every backend" means). Pure.
//
// The reply is a format version line (`1`), a `# be_id be_name srv_id srv_name ...` header, then one line per
// server, fields separated by single spaces (names cannot hold spaces in HAProxy's configuration).

export interface ServerEntry {
  readonly backend: string;
  readonly server: string;
}

/** The servers of a `show servers state` reply, in HAProxy's order. Throws when the reply is not one. */
export function parseServersState(text: string): ServerEntry[] {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  const headerAt = lines.findIndex((line) => line.startsWith('# '));
  if (headerAt < 0) throw new Error(`not a "show servers state" reply: ${JSON.stringify((lines[0] ?? '').slice(0, 80))}`);
  const names = (lines[headerAt] ?? '').slice(2).trim().split(/\s+/);
  const be = names.indexOf('be_name');
  const srv = names.indexOf('srv_name');
  if (be < 0 || srv < 0) throw new Error('the "show servers state" header names no be_name or srv_name');
  const out: ServerEntry[] = [];
  for (const line of lines.slice(headerAt + 1)) {
    if (line.startsWith('#')) continue;
    const fields = line.split(' ');
    const backend = fields[be];
    const server = fields[srv];
    if (backend !== undefined && server !== undefined && backend !== '' && server !== '') out.push({ backend, server });
  }
  return out;
}

/** Every backend (and `listen` section) that has a server called `name`, in HAProxy's order. */
export function backendsWithServer(entries: readonly ServerEntry[], name: string): string[] {
  const out: string[] = [];
  for (const entry of entries) if (entry.server === name && !out.includes(entry.backend)) out.push(entry.backend);
  return out;
}
