// The runtime views (SESSIONS, TABLES, MAPS, CERTS, INFO) on replies recorded from HAProxy 2.6: what each read
// shows, what it says when HAProxy refuses, what a capped read says, and the exact commands of each write.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readCapped } from '../../src/app/runtime-reader';
import { levelNote, levelOf, levelRefusal } from '../../src/app/runtime-level';
import { CERTS } from '../../src/views/certs';
import { INFO } from '../../src/views/info';
import { MAPS } from '../../src/views/maps';
import { SESSIONS } from '../../src/views/sessions';
import { dataFilter, TABLES } from '../../src/views/tables';
import type { Reader, ViewContext } from '../../src/views';
import { readFixture, readFixtureSection } from '../support/fixtures';

/** A reader answering each command with a recorded reply, in pieces as a socket would; it notes what was asked. */
function reader(replies: Record<string, string>, asked: string[] = []): Reader {
  return (command, options) => {
    asked.push(command);
    const reply = replies[command] ?? 'Unknown command, but maybe one of the following ones is a better match:\n  help\n';
    const transport = {
      send: async (_: unknown, opts?: { onText?: (piece: string) => void }): Promise<string> => {
        for (let i = 0; i < reply.length; i += 37) opts?.onText?.(reply.slice(i, i + 37));
        return '';
      },
    };
    return readCapped(transport, command, options);
  };
}

const ctx = (over: Partial<ViewContext> = {}): ViewContext => ({ place: {}, filter: '', now: new Date('2026-11-28T23:10:00Z'), certWarnDays: 14, memo: new Map(), ...over });
const fixture = (name: string): string => readFixture(name).replace(/DIR/g, '/lab');

describe('SESSIONS', () => {
  test('every session but our own CLI one; scoped to a server, a backend or a frontend', async () => {
    const replies = { 'show sess show-uri': fixture('show-sess-2.6.txt') };
    const all = await SESSIONS.load(reader(replies), ctx());
    assert.ok(all.rows.length >= 3);
    assert.ok(all.rows.every((r) => r.cells[3] !== 'GLOBAL'), 'no CLI session');
    assert.match(all.title, /^SESSIONS of all \(\d+\)$/);
    const first = all.rows[0];
    assert.deepEqual(first?.cells.slice(0, 6), ['0x5583ff24e240', '1m', '127.0.0.1:44938', 'app', 'bk_app', 'slowsrv']);
    const server = await SESSIONS.load(reader(replies), ctx({ scope: { proxy: 'bk_app', name: 'slowsrv', kind: 'server' } }));
    assert.equal(server.rows.length, all.rows.length);
    assert.match(server.title, /^SESSIONS of bk_app\/slowsrv/);
    assert.equal((await SESSIONS.load(reader(replies), ctx({ scope: { proxy: 'bk_api', name: 'x', kind: 'server' } }))).rows.length, 0);
    assert.equal((await SESSIONS.load(reader(replies), ctx({ scope: { proxy: 'app', name: 'FRONTEND', kind: 'frontend' } }))).rows.length, all.rows.length);
  });

  test('a big dump keeps only the first 2000 and says how many there were', async () => {
    const line = (i: number): string => `0x${(0x1000 + i).toString(16)}: proto=tcpv4 src=10.0.${i >> 8}.${i & 255}:4000 fe=app be=bk_app srv=s1 ts=00 epoch=0 age=5s calls=2 rate=0 cpu=0 lat=0 rq[f=0h,i=0] rp[f=0h,i=0]`;
    const text = Array.from({ length: 2500 }, (_, i) => line(i)).join('\n');
    const table = await SESSIONS.load(reader({ 'show sess show-uri': text }), ctx());
    assert.equal(table.rows.length, 2000);
    assert.match(table.title, /\(2500\)$/);
    assert.match(table.note ?? '', /Showing the first 2000 of 2500 sessions/);
  });

  test('show-uri gives the URI column where HAProxy has it; a version refusing the word is asked without it, once', async () => {
    const uri = await SESSIONS.load(reader({ 'show sess show-uri': fixture('show-sess-uri-3.2.txt') }), ctx());
    assert.ok(uri.rows.some((r) => (r.cells[7] ?? '').startsWith('/')), JSON.stringify(uri.rows.map((r) => r.cells[7])));
    const asked: string[] = [];
    const memo = new Map<string, unknown>();
    const replies = { 'show sess show-uri': 'Invalid argument: show-uri\n', 'show sess': fixture('show-sess-2.6.txt') };
    const first = await SESSIONS.load(reader(replies, asked), ctx({ memo }));
    assert.ok(first.rows.length >= 3, first.refusal);
    await SESSIONS.load(reader(replies, asked), ctx({ memo }));
    assert.deepEqual(asked, ['show sess show-uri', 'show sess', 'show sess']);
  });

  test('refused at the user level: one sentence, no rows; d plans `shutdown session`', async () => {
    const refused = await SESSIONS.load(reader({ 'show sess show-uri': readFixtureSection('refusals-2.6.txt', 'user show sess'), 'show sess': readFixtureSection('refusals-2.6.txt', 'user show sess') }), ctx());
    assert.equal(refused.rows.length, 0);
    assert.match(refused.refusal ?? '', /\S/);
    const all = await SESSIONS.load(reader({ 'show sess show-uri': fixture('show-sess-2.6.txt') }), ctx());
    const row = all.rows[0];
    assert.ok(row !== undefined);
    const plan = SESSIONS.actions.remove?.plan(row, {});
    assert.deepEqual(plan !== undefined && 'commands' in plan ? plan.commands : plan, ['shutdown session 0x5583ff24e240']);
  });
});

describe('TABLES', () => {
  const replies = { 'show table': fixture('show-table-2.6.txt'), 'show table app': fixture('show-table-entries-2.6.txt'), 'show table app data.http_req_cnt gt 1': fixture('show-table-entries-filtered-2.6.txt') };

  test('the list: each table with its use; ENTER opens its entries with every counter as a column', async () => {
    const list = await TABLES.load(reader(replies), ctx());
    assert.deepEqual(list.rows.map((r) => r.key), ['st_bin', 'st_ipv6', 'st_int', 'st_str', 'app']);
    assert.deepEqual(list.rows.at(-1)?.cells, ['app', 'ip', '1024', '2', '0%']);
    assert.deepEqual(list.rows.at(-1)?.open, { inside: 'app', label: 'app' });
    const entries = await TABLES.load(reader(replies), ctx({ place: { inside: 'app' } }));
    assert.deepEqual(entries.columns.map((c) => c.header), ['KEY', 'GPC0', 'CONN_CUR', 'HTTP_REQ_CNT', 'HTTP_REQ_RATE(10000)', 'EXP', 'USE']);
    assert.deepEqual(entries.rows[0]?.cells, ['127.0.0.1', '0', '3', '7', '0', '241s', '3']);
    assert.match(entries.title, /TABLES > app \(type ip, 2 of 1024 used\)/);
  });

  test('a filter typed as COUNTER OP VALUE goes to HAProxy; other text stays on screen', async () => {
    assert.equal(dataFilter('gpc0 gt 0'), 'data.gpc0 gt 0');
    assert.equal(dataFilter('data.http_req_rate >= 10'), 'data.http_req_rate ge 10');
    assert.equal(dataFilter('http_req_rate(10000) > 5'), 'data.http_req_rate gt 5');
    assert.equal(dataFilter('127.0.0'), undefined);
    assert.equal(dataFilter('gpc0 gt x'), undefined);
    const asked: string[] = [];
    const filtered = await TABLES.load(reader(replies, asked), ctx({ place: { inside: 'app' }, filter: 'http_req_cnt > 1' }));
    assert.deepEqual(asked, ['show table app data.http_req_cnt gt 1']);
    assert.equal(filtered.filteredByHaproxy, true);
    assert.deepEqual(filtered.rows.map((r) => r.key), ['127.0.0.1']);
    assert.match(filtered.title, /data\.http_req_cnt gt 1/);
  });

  test('d clears one entry, D what the HAProxy-side filter selects; both need a table opened', () => {
    const row = { key: '192.0.2.7', cells: [] };
    const one = TABLES.actions.remove?.plan(row, { inside: 'app' });
    assert.deepEqual(one !== undefined && 'commands' in one ? one.commands : one, ['clear table app key 192.0.2.7']);
    assert.ok(TABLES.actions.remove?.plan(row, {}) !== undefined && 'refused' in (TABLES.actions.remove.plan(row, {}) as object));
    const set = TABLES.actions.removeMatching?.plan({ inside: 'app' }, 'gpc0 gt 0');
    assert.deepEqual(set !== undefined && 'commands' in set ? set.commands : set, ['clear table app data.gpc0 gt 0']);
    const text = TABLES.actions.removeMatching?.plan({ inside: 'app' }, '127.0');
    assert.match(text !== undefined && 'refused' in text ? text.refused : '', /filter on HAProxy's side/);
  });

  test('a user-level socket does not show entries: said so; an unknown table too', async () => {
    const user = await TABLES.load(reader({ 'show table app': readFixtureSection('refusals-2.6.txt', 'user show table app') }), ctx({ place: { inside: 'app' } }));
    assert.match(user.refusal ?? '', /level .*operator or admin/);
    const gone = await TABLES.load(reader({ 'show table nosuch': 'No such table\n' }), ctx({ place: { inside: 'nosuch' } }));
    assert.match(gone.refusal ?? '', /\S/);
  });
});

describe('MAPS', () => {
  const replies = { 'show map': fixture('show-map-2.6.txt'), 'show acl': fixture('show-acl-2.6.txt'), 'show map /lab/hosts.map': fixture('show-map-entries-2.6.txt') };

  test('maps and ACLs listed; ENTER on a map shows keys and values (values with spaces kept)', async () => {
    const list = await MAPS.load(reader(replies), ctx());
    const map = list.rows.find((r) => r.cells[0] === 'map');
    assert.deepEqual(map?.cells, ['map', '4', '/lab/hosts.map', '3']);
    assert.ok(list.rows.some((r) => r.cells[0] === 'acl'));
    const entries = await MAPS.load(reader(replies), ctx({ place: map?.open ?? {} }));
    assert.deepEqual(entries.rows.map((r) => r.cells), [['site.example.test', 'bk_app'], ['www.site.example.test', 'bk_app with spaces in value'], ['api.example.test', 'bk_api']]);
    assert.equal(entries.rows[0]?.key, '0x5583ff167bb0');
  });

  test('a, e and d plan add/set/del map with the file and the entry reference; bad input refused', () => {
    const place = { inside: '/lab/hosts.map', label: '/lab/hosts.map', kind: 'map' };
    const commands = (p: unknown): unknown => (p !== null && typeof p === 'object' && 'commands' in p ? (p as { commands: unknown }).commands : p);
    assert.deepEqual(commands(MAPS.actions.add?.plan('new.example.test bk_api', place)), ['add map /lab/hosts.map new.example.test bk_api']);
    assert.match(JSON.stringify(MAPS.actions.add?.plan('lonely', place)), /not KEY VALUE/);
    const row = { key: '0x5583ff167bb0', cells: ['site.example.test', 'bk_app'] };
    assert.equal(MAPS.actions.change?.initial(row), 'bk_app');
    assert.deepEqual(commands(MAPS.actions.change?.plan(row, 'bk_static', place)), ['set map /lab/hosts.map #0x5583ff167bb0 bk_static']);
    assert.deepEqual(commands(MAPS.actions.remove?.plan(row, place)), ['del map /lab/hosts.map #0x5583ff167bb0']);
    const acl = { inside: '/lab/blocked.acl', label: '/lab/blocked.acl', kind: 'acl' };
    assert.deepEqual(commands(MAPS.actions.add?.plan('198.51.100.7', acl)), ['add acl /lab/blocked.acl 198.51.100.7']);
    assert.match(JSON.stringify(MAPS.actions.change?.prompt(row, acl)), /no value/);
    assert.match(JSON.stringify(MAPS.actions.add?.prompt({})), /ENTER opens a map/);
  });
});

describe('CERTS', () => {
  test('the soonest to expire first; within the threshold marked warn; details read once a minute', async () => {
    const replies = {
      'show ssl cert': fixture('show-ssl-cert-2.6.txt'),
      'show ssl cert /lab/site.pem': fixture('show-ssl-cert-detail-2.6.txt'),
      'show ssl cert /lab/expiring.pem': fixture('show-ssl-cert-detail-expiring-2.6.txt'),
    };
    const asked: string[] = [];
    const memo = new Map<string, unknown>();
    const table = await CERTS.load(reader(replies, asked), ctx({ memo }));
    assert.deepEqual(table.rows.map((r) => [r.cells[0], r.cells[1], r.cells[4], r.tone]), [
      ['4', '2026-12-03', '/lab/expiring.pem', 'warn'],
      ['364', '2027-11-28', '/lab/site.pem', undefined],
    ]);
    assert.equal(table.rows[1]?.cells[3], 'DNS:site.example.test DNS:www.site.example.test');
    assert.match(table.title, /1 expired or expiring within 14 days/);
    await CERTS.load(reader(replies, asked), ctx({ memo }));
    assert.equal(asked.filter((c) => c.startsWith('show ssl cert /')).length, 2, 'details not read again within a minute');
    const expired = await CERTS.load(reader(replies), ctx({ now: new Date('2026-12-10T00:00:00Z') }));
    assert.equal(expired.rows[0]?.tone, 'bad');
  });

  test('a version without show ssl cert says so in one line', async () => {
    const table = await CERTS.load(reader({}), ctx());
    assert.equal(table.rows.length, 0);
    assert.match(table.refusal ?? '', /ssl cert/);
  });
});

describe('INFO', () => {
  test('sections for show info, errors, activity and pools; one the version lacks says so on its line', async () => {
    const replies = { 'show info': readFixture('info-2.6.txt'), 'show errors': fixture('show-errors-2.6.txt'), 'show activity': fixture('show-activity-2.6.txt'), 'show pools': fixture('show-pools-2.6.txt') };
    const table = await INFO.load(reader(replies), ctx());
    const sections = table.rows.filter((r) => r.section === true).map((r) => r.cells[0]);
    assert.deepEqual(sections.map((s) => s?.replace(/ \(.*$/, '')), ['Process', 'Captured errors', 'Activity', 'Memory pools, the 15 largest']);
    assert.deepEqual(table.rows[1]?.cells, ['Name', 'HAProxy']);
    assert.match(table.title, /^INFO 2\.6\.12/);
    assert.ok(table.rows.some((r) => r.cells[0] === 'total' && Number(r.cells[1]) > 0 && r.tone === 'warn'), 'captured errors counted');
    const partial = await INFO.load(reader({ 'show info': readFixture('info-2.6.txt') }), ctx());
    assert.ok(partial.rows.some((r) => r.cells[0] === 'show pools' && r.tone === 'warn'));
  });
});

describe('reading a runtime view', () => {
  test('with a way to stop, a reply past the cap is cut: the session is closed and the view says the rest was not read', async () => {
    let closed = 0;
    let rejectSend: ((error: Error) => void) | undefined;
    const transport = {
      send: (_: unknown, opts?: { onText?: (piece: string) => void }): Promise<string> =>
        new Promise<string>((_resolve, reject) => {
          rejectSend = reject;
          for (let i = 0; i < 10; i++) opts?.onText?.(`line ${i}\n`);
        }),
    };
    const read = readCapped(transport, 'show table t', { cap: 3 }, () => {
      closed++;
      rejectSend?.(new Error('the connection was closed before "show table t" was answered'));
    });
    const result = await read;
    assert.equal(closed, 1, 'stopped once, at the cap');
    assert.deepEqual(result, { text: 'line 0\nline 1\nline 2', dropped: 0, first: 'line 0', cut: true });
    const table = await SESSIONS.load(async () => ({ ...result, text: fixture('show-sess-2.6.txt'), cut: true }), ctx());
    assert.match(table.note ?? '', /the rest not read/);
    assert.match(table.title, /\+\)$/);
  });

  test('a failure before the cap is the failure', async () => {
    const transport = { send: (): Promise<string> => Promise.reject(new Error('no such socket')) };
    await assert.rejects(readCapped(transport, 'show sess', { cap: 3 }, () => undefined), /no such socket/);
  });
});

describe('the socket level', () => {
  test('show cli level read; a write the level does not allow is refused before sending, and the view says which', () => {
    assert.equal(levelOf('operator'), 'operator');
    assert.equal(levelOf('Unknown command'), undefined);
    assert.match(levelRefusal(SESSIONS.actions, 'remove', 'operator') ?? '', /level operator: kill a session needs a socket at level admin/);
    assert.equal(levelRefusal(SESSIONS.actions, 'remove', 'admin'), undefined);
    assert.equal(levelRefusal(SESSIONS.actions, 'remove', undefined), undefined, 'not known: HAProxy decides');
    assert.equal(levelRefusal(MAPS.actions, 'add', 'operator'), undefined);
    assert.match(levelRefusal(MAPS.actions, 'add', 'user') ?? '', /add an entry needs a socket at level operator/);
    assert.equal(levelNote(MAPS.actions, 'user'), 'This socket is at level user: HAProxy does not let it delete an entry, add an entry, change a value.');
    assert.equal(levelNote(TABLES.actions, 'operator'), undefined);
    assert.equal(levelNote(CERTS.actions, 'user'), undefined);
  });
});

describe('SESSIONS: one session whole', () => {
  test('ENTER opens show sess ID, a line a row; d there kills that session; an ended one says so', async () => {
    const list = await SESSIONS.load(reader({ 'show sess show-uri': fixture('show-sess-2.6.txt') }), ctx());
    const open = list.rows[0]?.open;
    assert.deepEqual(open, { inside: '0x5583ff24e240', label: '127.0.0.1:44938 to bk_app/slowsrv' });
    const whole = await SESSIONS.load(reader({ 'show sess 0x5583ff24e240': fixture('show-sess-one-2.6.txt') }), ctx({ place: open ?? {} }));
    assert.match(whole.title, /^SESSIONS > 0x5583ff24e240 \(127\.0\.0\.1:44938 to bk_app\/slowsrv\)$/);
    assert.ok(whole.rows.some((r) => (r.cells[0] ?? '').includes('server=slowsrv (id=1)')), JSON.stringify(whole.rows.slice(0, 5)));
    const line = whole.rows[3];
    assert.ok(line !== undefined);
    const plan = SESSIONS.actions.remove?.plan(line, open ?? {});
    assert.deepEqual(plan !== undefined && 'commands' in plan ? plan.commands : plan, ['shutdown session 0x5583ff24e240']);
    const ended = await SESSIONS.load(reader({ 'show sess 0x5583ff24e240': 'Session not found.\n' }), ctx({ place: open ?? {} }));
    assert.match(ended.refusal ?? '', /has ended/);
  });
});
