// What the lab gives the runtime API's views besides `show stat`, against a real HAProxy: fe_main's stick table,
// its map and ACL files, its TLS certificates, sessions held in flight; and that none of it adds a row to
// `show stat` or changes where a request goes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import https from 'node:https';
import path from 'node:path';
import type tls from 'node:tls';
import { rawCommand, startLab, type Lab } from '../support/lab';
import { waitFor } from '../support/wait';

const DAY_MS = 24 * 3600 * 1000;

let lab!: Lab;
before(async () => {
  lab = await startLab();
});
after(async () => {
  await lab.stop();
});

const admin = (cmd: string): Promise<string> => rawCommand(lab.adminSocket, cmd);

/** `notAfter` of `show ssl cert <file>`, e.g. "notAfter: Dec  3 23:11:03 2026 GMT". */
async function notAfter(file: string): Promise<number> {
  const text = await admin(`show ssl cert ${file}`);
  const line = /^notAfter: (.+)$/m.exec(text);
  assert.ok(line?.[1], `no notAfter in:\n${text}`);
  const when = Date.parse(line[1]);
  assert.ok(Number.isFinite(when), `unreadable notAfter: ${line[1]}`);
  return when;
}

interface TlsAnswer {
  readonly status: number;
  readonly server: string | undefined;
  /** The CN of the certificate HAProxy presented. */
  readonly cn: unknown;
}

function getTls(port: number, servername?: string): Promise<TlsAnswer> {
  return new Promise((resolve, reject) => {
    const opts: https.RequestOptions = { host: '127.0.0.1', port, path: '/', agent: false, rejectUnauthorized: false };
    const req = https.get(servername === undefined ? opts : { ...opts, servername }, (res) => {
      const cn = (res.socket as tls.TLSSocket).getPeerCertificate().subject?.CN;
      res.resume();
      res.on('end', () => {
        const server = res.headers['x-server'];
        resolve({ status: res.statusCode ?? 0, server: Array.isArray(server) ? server[0] : server, cn });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(5000, () => req.destroy(new Error('TLS GET timed out')));
  });
}

describe('lab views, against a real HAProxy', () => {
  test('show stat has exactly the lab rows it always had: no new proxy, no row for the TLS bind', async () => {
    const rows = (await lab.showStat()).map((r) => `${r['pxname']}/${r['svname']}`);
    assert.deepEqual(rows.sort(), [
      'bk_api/BACKEND', 'bk_api/api1', 'bk_api/api2', 'bk_api/nginx2',
      'bk_app/BACKEND', 'bk_app/nginx1', 'bk_app/nginx2',
      'bk_static/BACKEND', 'bk_static/broken', 'bk_static/nginx1', 'bk_static/static1',
      'fe_main/FRONTEND',
      'li_web/BACKEND', 'li_web/FRONTEND', 'li_web/nginx2', 'li_web/web1', 'li_web/web2',
    ]);
  });

  test('the stick table fe_main is listed, and a request puts 127.0.0.1 in it', async () => {
    assert.match(await admin('show table'), /^# table: fe_main, type: ip, size:1048576, used:\d+$/m);
    assert.equal((await lab.request('/')).server, 'nginx2', 'tracking changes no routing');
    const entries = await admin('show table fe_main');
    const entry = /^0x[0-9a-f]+: key=127\.0\.0\.1 .*$/m.exec(entries)?.[0];
    assert.ok(entry, `no entry for 127.0.0.1 in:\n${entries}`);
    for (const counter of ['gpc0', 'conn_cur', 'conn_rate(10000)', 'http_req_cnt', 'http_req_rate(10000)']) {
      assert.ok(entry.includes(` ${counter}=`), `${counter} missing from: ${entry}`);
    }
    assert.ok(Number(/http_req_cnt=(\d+)/.exec(entry)?.[1]) >= 1, entry);
  });

  test('show map lists the map file with its entries', async () => {
    assert.equal(path.dirname(lab.mapFile), lab.dir);
    const maps = await admin('show map');
    assert.ok(maps.includes(`(${lab.mapFile})`), `map file not listed:\n${maps}`);
    const entries = (await admin(`show map ${lab.mapFile}`)).split('\n').map((l) => l.replace(/^0x[0-9a-f]+ /, ''));
    for (const entry of ['app.example.test bk_app', 'api.example.test bk_api']) assert.ok(entries.includes(entry), entry);
  });

  test('show acl lists the ACL file of TEST-NET sources, which denies none of the lab requests', async () => {
    assert.equal(path.dirname(lab.aclFile), lab.dir);
    const acls = await admin('show acl');
    assert.ok(acls.includes(`(${lab.aclFile})`), `ACL file not listed:\n${acls}`);
    const entries = (await admin(`show acl ${lab.aclFile}`)).split('\n').map((l) => l.replace(/^0x[0-9a-f]+ /, ''));
    assert.ok(entries.includes('192.0.2.1') && entries.includes('198.51.100.0/24'), entries.join('\n'));
    assert.equal((await lab.request('/api/x')).status, 200);
  });

  test('show ssl cert lists both certificates; expiring.pem ends within 6 days, site.pem in about a year', async () => {
    const { site, expiring } = lab.certFiles;
    const listed = (await admin('show ssl cert')).split('\n');
    assert.ok(listed.includes(site) && listed.includes(expiring), listed.join('\n'));
    const soon = (await notAfter(expiring)) - Date.now();
    assert.ok(soon > 0 && soon < 6 * DAY_MS, `expiring.pem ends in ${soon / DAY_MS} days`);
    assert.ok((await notAfter(site)) - Date.now() > 300 * DAY_MS, 'site.pem lasts a year');
  });

  test('a TLS request to tlsPort gets site.pem by default, expiring.pem by SNI, and the same routing', async () => {
    assert.deepEqual(await getTls(lab.tlsPort), { status: 200, server: 'nginx2', cn: 'site.example.test' });
    assert.equal((await getTls(lab.tlsPort, 'expiring.example.test')).cn, 'expiring.example.test');
  });

  test('held sessions show in show sess with their server, and abort() cuts them', async () => {
    const held = lab.holdSessions(3, 20_000);
    const mine = /^0x[0-9a-f]+: proto=tcpv4 src=127\.0\.0\.1:\d+ fe=fe_main be=bk_app srv=nginx2 /gm;
    await waitFor(async () => ((await admin('show sess')).match(mine)?.length ?? 0) >= 3, {
      timeoutMs: 3000,
      what: 'three sessions fe_main -> bk_app/nginx2 in show sess',
    });
    assert.deepEqual(await held.abort(), { answered: 0, aborted: 3, failures: [] });
  });

  test('held sessions end on their own once their time is up', async () => {
    assert.deepEqual(await lab.holdSessions(2, 200).done, { answered: 2, aborted: 0, failures: [] });
  });
});

describe('lab without openssl', () => {
  test('startLab fails with one sentence saying what to install', () => {
    // A process of its own: the certificates are made once per process, and this one has them already.
    const labModule = path.join(__dirname, '../support/lab.js');
    const script = `require(${JSON.stringify(labModule)}).startLab().then(
      (lab) => lab.stop().then(() => { console.log('started'); process.exitCode = 2; }),
      (err) => { process.stdout.write(err.message); });`;
    const env = { ...process.env, PATH: '/nonexistent' };
    const run = spawnSync(process.execPath, ['-e', script], { env, encoding: 'utf8', timeout: 20_000 });
    assert.equal(run.status, 0, `stdout: ${run.stdout}\nstderr: ${run.stderr}`);
    assert.match(run.stdout, /^The lab needs the openssl command .*apt-get install -y openssl.*\.$/);
    assert.ok(!run.stdout.includes('\n'), `one line: ${run.stdout}`);
  });
});
