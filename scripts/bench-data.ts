// Synthetic `show stat` replies for the benchmark: HAProxy 2.6's real header and row shapes (taken from the
// recorded fixture), one frontend, then backends of 100 servers each, with realistic, varied values and a few
// quoted fields (check output holding a comma) so that the CSV parser's slow path is exercised as in real life.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { prng } from '../test/support/prng';

const FIXTURES = path.join(__dirname, '../../test/fixtures');
const SERVERS_PER_BACKEND = 100;


/** HAProxy's csv_enc: quote only when the value holds `,` `"` CR or LF; double inner quotes. */
function csv(value: string): string {
  return /[,"\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function showInfoText(): string {
  return readFileSync(path.join(FIXTURES, 'info-2.6.txt'), 'utf8');
}

/** A `show stat` reply with exactly `services` rows (a frontend, backends, servers), 2.6 header. */
export function showStatText(services: number, seed = 1): string {
  const lines = readFileSync(path.join(FIXTURES, 'stat-2.6.csv'), 'utf8').split('\n');
  const headerLine = lines[0] as string;
  const header = headerLine.slice(2).split(',');
  const col = new Map(header.map((name, i) => [name, i]));
  const template = (pxname: string, svname: string): string[] => {
    const line = lines.find((l) => l.startsWith(`${pxname},${svname},`));
    if (line === undefined) throw new Error(`fixture row ${pxname}/${svname} missing`);
    return line.split(',');
  };
  const feT = template('fe_main', 'FRONTEND');
  const srvT = template('be_app', 'app1');
  const beT = template('be_app', 'BACKEND');
  const rnd = prng(seed);
  const int = (max: number): string => String(Math.floor(rnd() * max));

  const row = (t: readonly string[], set: Record<string, string>): string => {
    const cells = [...t];
    for (const [name, value] of Object.entries(set)) {
      const i = col.get(name);
      if (i === undefined) throw new Error(`no column ${name}`);
      cells[i] = csv(value);
    }
    return cells.join(',');
  };
  const counters = (scale: number): Record<string, string> => {
    const stot = Math.floor(rnd() * scale);
    const two = Math.floor(stot * 0.9);
    return {
      scur: int(50), smax: int(500), stot: String(stot), bin: String(stot * 700 + Math.floor(rnd() * 1e4)),
      bout: String(stot * 24_000 + Math.floor(rnd() * 1e6)), econ: int(20), eresp: int(10), dresp: '0',
      rate: int(300), rate_max: int(900), req_rate_max: int(900), req_tot: String(stot),
      hrsp_1xx: '0', hrsp_2xx: String(two), hrsp_3xx: String(Math.floor(stot * 0.05)),
      hrsp_4xx: String(Math.floor(stot * 0.04)), hrsp_5xx: int(100), hrsp_other: '0', cli_abrt: int(50),
      srv_abrt: int(10), qtime: int(3), ctime: int(5), rtime: int(120), ttime: int(400),
    };
  };

  const out: string[] = [headerLine];
  out.push(row(feT, { pxname: 'fe_main', svname: 'FRONTEND', iid: '2', ...counters(1e8), req_rate: int(5000) }));
  let made = 1;
  let iid = 3;
  while (made < services) {
    const pxname = `bk_app_${String(iid - 2).padStart(3, '0')}`;
    const count = Math.min(SERVERS_PER_BACKEND, services - made - 1);
    for (let sid = 1; sid <= count; sid++) {
      const r = rnd();
      const [status, check, code, desc, last] =
        r < 0.85 ? ['UP', 'L7OK', '200', 'Layer7 check passed', '200 OK']
        : r < 0.88 ? ['UP 1/3', 'L7STS', '503', 'Layer7 wrong status', 'Service Unavailable, retry later']
        : r < 0.93 ? ['DOWN', 'L4CON', '', 'Layer4 connection problem', 'Connection refused']
        : r < 0.95 ? ['DOWN 1/2', 'L7OK', '200', 'Layer7 check passed', '200 OK']
        : r < 0.98 ? ['MAINT', '', '', '', '']
        : ['DRAIN', 'L7OK', '200', 'Layer7 check passed', '200 OK'];
      const down = status.startsWith('DOWN');
      out.push(
        row(srvT, {
          pxname, svname: `app-${iid}-${String(sid).padStart(4, '0')}`, status, iid: String(iid), sid: String(sid),
          weight: String(1 + Math.floor(rnd() * 100)), act: '1', bck: '0', chkfail: int(30), chkdown: int(5),
          lastchg: int(900_000), downtime: down ? int(90_000) : '0', lbtot: int(1e7), check_status: check,
          check_code: code, check_duration: int(40), last_chk: last, check_desc: desc,
          addr: `10.${iid % 256}.${sid >> 8}.${sid & 255}:8080`, ...counters(1e7),
        }),
      );
      made++;
    }
    out.push(row(beT, { pxname, svname: 'BACKEND', iid: String(iid), status: 'UP', weight: String(count * 50), act: String(count), ...counters(1e9) }));
    made++;
    iid++;
  }
  // Flat, like the text the runtime client decodes from its receive buffer (a concatenation would be a rope).
  return Buffer.from(`${out.join('\n')}\n\n`, 'utf8').toString('utf8');
}
