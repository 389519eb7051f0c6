// A HAProxy large enough that its full dump is paced (3,000 servers over 300 backends): the screen says what the
// dump costs and how old the rows off screen are, a change far off screen still shows at once (through the
// backends' summary rows), the find reaches every service, an action shows on the next refresh, and the
// selection stays on its service when the full dump is read again.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { RuntimeClient } from '../../src/runtime/client';
import { HaproxyProcess } from '../support/haproxy-proc';
import { killAll, spawnHatop, type Term } from '../support/pty';
import { cellText, footer, statusLine } from '../support/tui';

let haproxy!: HaproxyProcess;
let admin!: RuntimeClient;
let term!: Term;

before(async () => {
  haproxy = await HaproxyProcess.create({ many: { backends: 300, servers: 10 } });
  await haproxy.start(30_000);
  admin = new RuntimeClient({ kind: 'unix', path: haproxy.adminSock }, { timeoutMs: 10_000 });
  term = spawnHatop(['-s', haproxy.adminSock, '-i', '1'], { cols: 120, rows: 35 });
  await term.waitFor(/many_000/, { timeoutMs: 30_000, what: 'the first backends on screen' });
});

after(async () => {
  await killAll();
  admin?.close();
  await haproxy?.stop();
});

const topBar = (): string => term.lines()[0] ?? '';

/** The STATUS cell of a server of many_250 on screen, or undefined when its row is not shown. */
const rowStatus = (name: string): string | undefined => cellText(term, 'many_250', name);

test('the top bar says what a full dump costs HAProxy and how often it is read; the status line, how old', async () => {
  await term.waitFor(() => /\[\d+ ms per full dump: all rows every \d/.test(topBar()), { what: 'the pacing in the top bar' });
  await term.waitFor(() => /off screen \d+s old/.test(statusLine(term)), { what: 'the age of the rows off screen' });
});

test('a server put in maintenance far off screen counts in the top bar at once, and the find reaches it', async () => {
  assert.equal(term.find('many_250'), undefined, 'many_250 is off screen');
  await admin.send('disable server many_250/m250_7');
  await term.waitFor(() => topBar().includes('1 MAINT'), { what: 'the MAINT count', timeoutMs: 10_000 });
  term.press('/');
  term.type('m250_7');
  term.press('enter');
  await term.waitFor(() => footer(term).includes('[many_250/m250_7]'), { what: 'the find selecting many_250/m250_7' });
  await term.waitFor(() => rowStatus('m250_7') === 'MAINT', { what: 'm250_7 shown in MAINT' });
});

test('F9 and F10 on a server show on screen without waiting for the full dump', async () => {
  term.press('f9');
  await term.waitFor(() => rowStatus('m250_7') === 'no check' && topBar().includes('0 MAINT'), { what: 'm250_7 ready again' });
  term.press('down');
  await term.waitFor(() => footer(term).includes('[many_250/m250_8]'), { what: 'the selection on m250_8' });
  term.press('f10');
  await term.waitFor(() => rowStatus('m250_8') === 'MAINT', { what: 'm250_8 in MAINT on screen' });
  const stat = await admin.send('show stat');
  assert.match(stat, /many_250,m250_8,(?:[^,]*,){15}MAINT,/, 'HAProxy has it in MAINT');
  term.press('f9');
  await term.waitFor(() => rowStatus('m250_8') === 'no check', { what: 'm250_8 ready again' });
});

test('the selection stays on its service when the full dump is read again, within the pace the top bar states', async () => {
  const age = (): number | undefined => {
    const m = /off screen (?:(\d+)m)?(\d+)s old/.exec(statusLine(term));
    return m === null ? undefined : Number(m[1] ?? 0) * 60 + Number(m[2]);
  };
  const pace = /all rows every (?:(\d+)m)?(\d+)s/.exec(topBar());
  assert.ok(pace !== null, topBar());
  const paceMs = (Number(pace[1] ?? 0) * 60 + Number(pace[2])) * 1000;
  await term.waitFor(() => (age() ?? 0) >= 2, { what: 'rows off screen at least 2 s old', timeoutMs: paceMs + 10_000 });
  const oldest = age() ?? 0;
  // The next full dump is due within the stated pace (plus a refresh, and slack for a loaded machine).
  await term.waitFor(() => (age() ?? oldest) < oldest, { what: 'a new full dump (the age going down)', timeoutMs: paceMs + 10_000 });
  assert.ok(footer(term).includes('[many_250/m250_8]'), footer(term));
  assert.equal(rowStatus('m250_8'), 'no check');
});
