// --once -m N and --json -m N for the runtime views, against a real HAProxy: the stick table with its entry, the
// map with its entries, the certificates by expiry, the process; and two instances, one of them missing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startLab, type Lab } from '../support/lab';
import { runHatop } from '../support/run-cli';
import { waitFor } from '../support/wait';

let lab!: Lab;
before(async () => {
  lab = await startLab();
  await lab.request('/');
  await waitFor(async () => /key=127\.0\.0\.1/.test(await lab.rawCommand('show table fe_main')), { timeoutMs: 5000, what: 'an entry in the stick table' });
});
after(async () => {
  await lab.stop();
});

interface ViewJson {
  view: string;
  instances: { name: string; state: string; error?: string; data?: Record<string, unknown> }[];
}

describe('--once and --json with a runtime view', () => {
  test('-m 7: the stick tables, then each one\'s entries; --json dumps them with their counters as numbers', async () => {
    const once = await runHatop(['-s', lab.adminSocket, '--once', '-m', '7', '--width', '100']);
    assert.equal(once.code, 0, once.stderr);
    const lines = once.stdout.split('\n');
    assert.equal(lines[0], 'TABLES (1 stick tables; ENTER: entries)');
    assert.match(once.stdout, /^fe_main +ip +1048576 +1 +0%$/m);
    assert.match(once.stdout, /^TABLES > fe_main \(type ip, 1 of 1048576 used\)$/m);
    assert.match(once.stdout, /^127\.0\.0\.1 +\d+/m);
    for (const line of lines) assert.ok(line.length <= 100, line);
    const json = await runHatop(['-s', lab.adminSocket, '--json', '-m', '7']);
    assert.equal(json.code, 0, json.stderr);
    const doc = JSON.parse(json.stdout) as ViewJson;
    assert.equal(doc.view, 'TABLES');
    const tables = doc.instances[0]?.data?.['tables'] as { name: string; used: number; entries: { key: string; data: Record<string, number> }[] }[];
    assert.equal(tables[0]?.name, 'fe_main');
    const entry = tables[0]?.entries.find((e) => e.key === '127.0.0.1');
    assert.ok(entry !== undefined, json.stdout);
    assert.equal(typeof entry.data['http_req_cnt'], 'number');
    assert.ok((entry.data['http_req_cnt'] ?? 0) >= 1);
  });

  test('-m 8, -m 9, -m 0 and -m 6: the map\'s entries, the certificates soonest first, the process, the sessions', async () => {
    const maps = await runHatop(['-s', lab.adminSocket, '--once', '-m', '8']);
    assert.equal(maps.code, 0, maps.stderr);
    assert.match(maps.stdout, new RegExp(`^MAPS > map ${lab.mapFile} \\(4 entries\\)$`, 'm'));
    assert.match(maps.stdout, /^api\.example\.test +bk_api$/m);
    const certs = JSON.parse((await runHatop(['-s', lab.adminSocket, '--json', '-m', '9'])).stdout) as ViewJson;
    const list = certs.instances[0]?.data?.['certificates'] as { file: string; daysLeft: number; names: string[] }[];
    assert.deepEqual(list.map((c) => c.file), [lab.certFiles.expiring, lab.certFiles.site]);
    assert.ok((list[0]?.daysLeft ?? 99) <= 5);
    assert.deepEqual(list[1]?.names, ['DNS:site.example.test', 'DNS:www.example.test']);
    const info = await runHatop(['-s', lab.adminSocket, '--once', '-m', '0']);
    assert.match(info.stdout, /^Version +2\.\d/m);
    assert.match(info.stdout, /^>>> Captured errors \(show errors\)$/m);
    const held = lab.holdSessions(2, 20_000);
    try {
      await waitFor(async () => ((await lab.rawCommand('show sess')).match(/srv=nginx2/g) ?? []).length >= 2, { timeoutMs: 5000, what: 'two held sessions' });
      const sess = JSON.parse((await runHatop(['-s', lab.adminSocket, '--json', '-m', '6'])).stdout) as ViewJson;
      const sessions = sess.instances[0]?.data?.['sessions'] as { server: string; frontend: string }[];
      assert.equal(sessions.filter((s) => s.server === 'nginx2' && s.frontend === 'fe_main').length, 2, JSON.stringify(sessions));
    } finally {
      await held.abort();
      await lab.rawCommand('shutdown sessions server bk_app/nginx2');
    }
  });

  test('two instances, one missing: the other is printed, the missing one named; exit 2', async () => {
    const r = await runHatop(['-s', `lb1=${lab.adminSocket}`, '-s', 'lb2=/nonexistent/admin.sock', '--once', '-m', '9']);
    assert.equal(r.code, 2);
    assert.match(r.stdout, /^=== lb1 /m);
    assert.match(r.stdout, /^=== lb2 .*FAILED: lb2: cannot talk to HAProxy at \/nonexistent\/admin\.sock/m);
    assert.match(r.stdout, /CERTS \(2; 1 expired or expiring within 14 days\)/);
    assert.match(r.stderr, /lb2: cannot talk to HAProxy/);
    const json = JSON.parse((await runHatop(['-s', `lb1=${lab.adminSocket}`, '-s', 'lb2=/nonexistent/admin.sock', '--json', '-m', '0'])).stdout) as ViewJson;
    assert.deepEqual(json.instances.map((i) => [i.name, i.state]), [['lb1', 'up'], ['lb2', 'failed']]);
  });
});
