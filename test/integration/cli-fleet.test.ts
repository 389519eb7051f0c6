// --json and --once over several real HAProxy instances, one of which cannot be read, and the config file
// naming them (groups, the command line winning, a mistake reported at its line).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLab, type Lab } from '../support/lab';
import { runHatop } from '../support/run-cli';
import { waitFor } from '../support/wait';

interface Report {
  readonly info?: Record<string, unknown>;
  readonly instances: { name: string; socket: string; state: string; error?: string; info?: Record<string, unknown> }[];
  readonly services: { instance: string; proxy: string; name: string; kind: string; status: string }[];
}

let labs: Lab[] = [];
let dir = '';
before(async () => {
  labs = await Promise.all([startLab(), startLab()]);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hatop-fleet-'));
});
after(async () => {
  await Promise.all(labs.map((lab) => lab.stop()));
  fs.rmSync(dir, { recursive: true, force: true });
});

const lab = (i: number): Lab => labs[i] as Lab;
const missing = (): string => path.join(dir, 'no-such.sock');

describe('--json and --once over several instances', () => {
  test('--json: every instance with its state and info, every service with its instance; a failed one named, exit 2', async () => {
    await lab(1).rawCommand('set server bk_app/nginx2 state maint');
    try {
      const r = await runHatop(['-s', `lb1=${lab(0).adminSocket}`, '-t', `lb2=${lab(1).tcpAddress}`, '-s', `lb3=${missing()}`, '--json']);
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stderr, `hatop-ts: lb3: cannot talk to HAProxy at ${missing()}: no such socket\n`);
      const report = JSON.parse(r.stdout) as Report;
      assert.equal(report.info, undefined, 'no single info with several instances');
      assert.deepEqual(
        report.instances.map((i) => [i.name, i.state, i.error]),
        [
          ['lb1', 'up', undefined],
          ['lb2', 'up', undefined],
          ['lb3', 'failed', `lb3: cannot talk to HAProxy at ${missing()}: no such socket`],
        ],
      );
      assert.equal(typeof report.instances[0]?.info?.['Pid'], 'number');
      const nginx2 = report.services.filter((s) => s.proxy === 'bk_app' && s.name === 'nginx2').map((s) => [s.instance, s.status]);
      assert.deepEqual(nginx2, [
        ['lb1', 'UP'],
        ['lb2', 'MAINT'],
      ]);
      assert.ok(!report.services.some((s) => s.instance === 'lb3'));
    } finally {
      await lab(1).rawCommand('set server bk_app/nginx2 state ready');
    }
  });

  test('--json with one instance keeps the top-level info, and names the instance too', async () => {
    const r = await runHatop(['-s', lab(0).adminSocket, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as Report;
    assert.equal(typeof report.info?.['Pid'], 'number');
    assert.deepEqual(report.instances.map((i) => [i.name, i.state]), [['admin', 'up']]);
    assert.ok(report.services.every((s) => s.instance === 'admin'));
  });

  test('--once: a titled table per instance, the failed one said so; exit 2', async () => {
    const r = await runHatop(['-s', `lb1=${lab(0).adminSocket}`, '-s', `lb3=${missing()}`, '-t', `lb2=${lab(1).tcpAddress}`, '--once', '-p', 'bk_app']);
    assert.equal(r.code, 2, r.stderr);
    const titles = r.stdout.split('\n').filter((l) => l.startsWith('=== '));
    assert.deepEqual(titles, [`=== lb1  ${lab(0).adminSocket}`, `=== lb3  ${missing()}  FAILED: lb3: cannot talk to HAProxy at ${missing()}: no such socket`, `=== lb2  ${lab(1).tcpAddress}`]);
    assert.equal(r.stdout.split('\n').filter((l) => l.startsWith('nginx2 ')).length, 2);
  });
});

describe('--rates', () => {
  test('--json reads twice, 1 s apart, and gives each service its sessions, requests and 5xx per second', async () => {
    lab(0).startTraffic({ ratePerSec: 20 });
    try {
      await waitFor(() => lab(0).trafficSoFar().sent >= 10, { timeoutMs: 10_000, what: 'traffic through fe_main' });
      const r = await runHatop(['-s', lab(0).adminSocket, '--json', '--rates', '-p', 'fe_main']);
      assert.equal(r.code, 0, r.stderr);
      const report = JSON.parse(r.stdout) as { services: { name: string; rates?: { sessionsPerSec: number | null; requestsPerSec: number | null; http5xxPerSec: number | null } }[] };
      const fe = report.services.find((s) => s.name === 'FRONTEND');
      assert.ok(fe?.rates !== undefined, r.stdout.slice(0, 500));
      assert.ok((fe.rates.requestsPerSec ?? 0) > 0, `requests per second: ${JSON.stringify(fe.rates)}`);
      assert.ok((fe.rates.sessionsPerSec ?? -1) >= 0);
      assert.equal(fe.rates.http5xxPerSec, 0);
    } finally {
      await lab(0).stopTraffic();
    }
    const plain = JSON.parse((await runHatop(['-s', lab(0).adminSocket, '--json', '-p', 'fe_main'])).stdout) as { services: { rates?: unknown }[] };
    assert.ok(plain.services.every((s) => s.rates === undefined), 'no rates without --rates');
    const misuse = await runHatop(['-s', lab(0).adminSocket, '--rates']);
    assert.equal(misuse.code, 1);
    assert.match(misuse.stderr, /--rates is for --once and --json only/);
  });

  test('--once gains SESS/S, REQ/S and 5XX/S after the name, per instance', async () => {
    lab(0).startTraffic({ ratePerSec: 20 });
    try {
      await waitFor(() => lab(0).trafficSoFar().sent >= 10, { timeoutMs: 10_000, what: 'traffic through fe_main' });
      const r = await runHatop(['-s', `lb1=${lab(0).adminSocket}`, '-t', `lb2=${lab(1).tcpAddress}`, '--once', '--rates', '-p', 'fe_main', '--width', '100']);
      assert.equal(r.code, 0, r.stderr);
      const lines = r.stdout.split('\n');
      assert.match(lines.find((l) => l.startsWith('NAME')) ?? '', /^NAME\s+SESS\/S\s+REQ\/S\s+5XX\/S\s/);
      const fronts = lines.filter((l) => l.startsWith('FRONTEND '));
      assert.equal(fronts.length, 2, r.stdout);
      const [lb1, lb2] = fronts.map((l) => l.trim().split(/\s+/).slice(1, 4));
      assert.ok(Number(lb1?.[1]) > 0, `lb1 has requests per second: ${fronts[0]}`);
      assert.equal(lb1?.[2], '0');
      assert.deepEqual(lb2, ['0', '0', '0'], `lb2 has no traffic: ${fronts[1]}`);
      for (const line of lines) assert.ok(line.length <= 100, line);
    } finally {
      await lab(0).stopTraffic();
    }
  });
});

describe('the config file', () => {
  const write = (name: string, text: string): string => {
    const home = path.join(dir, name);
    fs.mkdirSync(path.join(home, 'hatop-ts'), { recursive: true });
    fs.writeFileSync(path.join(home, 'hatop-ts', 'config.toml'), text);
    return home;
  };
  const fleet = (): string =>
    [
      '# two load balancers and one that is gone',
      'group = "prod"',
      '',
      '[instances.lb1]',
      `socket = "${lab(0).adminSocket}"`,
      '[instances.lb2]',
      `tcp = "${lab(1).tcpAddress}"`,
      '[instances.old]',
      `socket = "${missing()}"`,
      '',
      '[groups]',
      'prod = ["lb1", "lb2"]',
      'all = ["lb1", "lb2", "old"]',
      '',
    ].join('\n');

  test("$XDG_CONFIG_HOME/hatop-ts/config.toml: its default group, --group, and -s on the command line winning", async () => {
    const env = { XDG_CONFIG_HOME: write('valid', fleet()) };
    const prod = JSON.parse((await runHatop(['--json'], { env })).stdout) as Report;
    assert.deepEqual(prod.instances.map((i) => i.name), ['lb1', 'lb2']);
    const all = await runHatop(['--json', '--group', 'all'], { env });
    assert.equal(all.code, 2);
    assert.deepEqual((JSON.parse(all.stdout) as Report).instances.map((i) => [i.name, i.state]), [['lb1', 'up'], ['lb2', 'up'], ['old', 'failed']]);
    const mine = JSON.parse((await runHatop(['--json', '-s', `x=${lab(1).adminSocket}`], { env })).stdout) as Report;
    assert.deepEqual(mine.instances.map((i) => i.name), ['x']);
  });

  test('--config PATH; a mistake is exit 1 with the file, the line and the key', async () => {
    const home = write('invalid', fleet().replace('group = "prod"', 'group = "prod"\nupdate-interval = 0'));
    const file = path.join(home, 'hatop-ts', 'config.toml');
    const r = await runHatop(['--config', file, '--json']);
    assert.equal(r.code, 1);
    assert.equal(r.stderr.split('\n')[0], `hatop-ts: ${file}:3: update-interval: update-interval must be in 0.5..300 seconds, not 0`);
    const gone = await runHatop(['--config', path.join(dir, 'none.toml'), '--json']);
    assert.equal(gone.code, 1);
    assert.match(gone.stderr, /none\.toml: cannot read the config file: no such file/);
  });
});
