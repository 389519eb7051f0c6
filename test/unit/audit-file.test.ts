// The audit log's file, in a temporary directory: created with its directory on the first line (0700, 0600),
// appended to, never created when nothing is sent (read-only mode); a file that cannot be written is an error
// naming it and why, on the status line of a controller that still sends the command.
import { after, afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AuditFile, defaultAuditPath, writeFailure } from '../../src/audit-file';
import { Controller } from '../../src/app/controller';
import type { AuditRecord } from '../../src/app/audit';
import type { Config } from '../../src/config';
import { flush, ManualClock, selectService, StubTransport, testConfig } from '../support/snapshots';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'hatop-audit-'));
after(() => fs.rmSync(root, { recursive: true, force: true }));

let n = 0;
/** A fresh directory under the temporary root, not created. */
const fresh = (): string => path.join(root, `case${++n}`);

const WHO = { user: 'ops', host: 'bastion1' };
const SENT: AuditRecord = {
  event: 'sent',
  id: 'x-1',
  time: Date.UTC(2026, 2, 1),
  where: { instance: 'admin', socket: '/run/haproxy/admin.sock' },
  from: { kind: 'key', key: 'F10', menu: false },
  command: 'set server bk_app/nginx2 state maint',
};

const mode = (p: string): number => fs.statSync(p).mode & 0o777;
const lines = (p: string): Record<string, unknown>[] =>
  fs.readFileSync(p, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

describe('defaultAuditPath', () => {
  test('$XDG_STATE_HOME/hatop-ts/audit.jsonl when absolute; else ~/.local/state; nothing without either', () => {
    assert.equal(defaultAuditPath({ XDG_STATE_HOME: '/var/state' }, '/home/op'), '/var/state/hatop-ts/audit.jsonl');
    for (const xdg of [undefined, '', 'relative/state']) {
      assert.equal(defaultAuditPath({ XDG_STATE_HOME: xdg }, '/home/op'), '/home/op/.local/state/hatop-ts/audit.jsonl', `XDG_STATE_HOME=${String(xdg)}`);
    }
    assert.equal(defaultAuditPath({}, undefined), undefined);
    assert.equal(defaultAuditPath({ XDG_STATE_HOME: '/s' }, undefined), '/s/hatop-ts/audit.jsonl');
  });
});

describe('AuditFile', () => {
  test('the first line creates the directory (0700) and the file (0600); later lines are appended', () => {
    const file = path.join(fresh(), 'state', 'hatop-ts', 'audit.jsonl');
    const log = new AuditFile(file, WHO);
    assert.equal(fs.existsSync(path.dirname(file)), false, 'nothing is created before a line is written');
    assert.equal(log.append(SENT), undefined);
    assert.equal(log.append({ ...SENT, event: 'result', outcome: { kind: 'ok' }, reply: '' }), undefined);
    assert.equal(mode(path.dirname(file)) & 0o077, 0, 'the directory is the user\'s alone');
    assert.equal(mode(file), 0o600);
    const [sent, result] = lines(file);
    assert.deepEqual([sent?.['event'], sent?.['user'], sent?.['host'], sent?.['instance'], sent?.['command']], ['sent', 'ops', 'bastion1', 'admin', SENT.command]);
    assert.deepEqual([result?.['event'], result?.['outcome']], ['result', 'ok']);
  });

  test('ids are unique per session and tell two sessions on one file apart', () => {
    const a = new AuditFile('/nowhere', WHO);
    const b = new AuditFile('/nowhere', WHO);
    const ids = [a.newId(), a.newId(), b.newId()];
    assert.equal(new Set(ids).size, 3);
    assert.match(ids[0] ?? '', /^[0-9a-f]{8}-1$/);
    assert.match(ids[1] ?? '', /-2$/);
  });

  test('an existing file is appended to, its mode left alone; a removed one is created again', () => {
    const dir = fresh();
    fs.mkdirSync(dir);
    const file = path.join(dir, 'audit.jsonl');
    fs.writeFileSync(file, '{"earlier":true}\n', { mode: 0o640 });
    fs.chmodSync(file, 0o640);
    const log = new AuditFile(file, WHO);
    assert.equal(log.append(SENT), undefined);
    assert.equal(lines(file).length, 2);
    assert.equal(mode(file), 0o640);
    fs.rmSync(file);
    assert.equal(log.append(SENT), undefined);
    assert.equal(lines(file).length, 1);
  });

  test('a directory as the path: the file and why', () => {
    const dir = fresh();
    fs.mkdirSync(dir);
    assert.deepEqual(new AuditFile(dir, WHO).append(SENT), { file: dir, reason: 'it is a directory' });
  });

  test('a directory that cannot be created (a file on its path): the file and why', () => {
    const blocker = fresh();
    fs.writeFileSync(blocker, '');
    const file = path.join(blocker, 'hatop-ts', 'audit.jsonl');
    assert.deepEqual(new AuditFile(file, WHO).append(SENT), { file, reason: 'a part of its directory path is a file' });
  });

  test('a directory it may not write in: permission denied', { skip: process.getuid?.() === 0 ? 'root may write anywhere' : false }, () => {
    const dir = fresh();
    fs.mkdirSync(dir, { mode: 0o500 });
    const file = path.join(dir, 'audit.jsonl');
    assert.deepEqual(new AuditFile(file, WHO).append(SENT), { file, reason: 'permission denied' });
  });

  test('the errors a disk can give, in words', () => {
    const err = (code: string): Error => Object.assign(new Error(`${code}: raw`), { code });
    assert.equal(writeFailure(err('EACCES')), 'permission denied');
    assert.equal(writeFailure(err('EPERM')), 'permission denied');
    assert.equal(writeFailure(err('ENOSPC')), 'no space left on the disk');
    assert.equal(writeFailure(err('EROFS')), 'read-only file system');
    assert.equal(writeFailure(err('EIO')), 'EIO: raw');
  });
});

describe('AuditFile under the controller', () => {
  const running: Controller[] = [];
  afterEach(() => {
    for (const c of running.splice(0)) c.stop();
  });

  async function start(file: string, config: Partial<Config> = {}): Promise<{ c: Controller; stub: StubTransport }> {
    const stub = new StubTransport();
    const c = new Controller(testConfig(config), stub, { clock: new ManualClock(), audit: new AuditFile(file, WHO) });
    running.push(c);
    c.start();
    await flush();
    return { c, stub };
  }

  test('F10 writes the pair of lines', async () => {
    const file = path.join(fresh(), 'audit.jsonl');
    const { c } = await start(file);
    selectService(c, 'be_app/app2');
    c.dispatch('maint');
    await flush();
    const [sent, result] = lines(file);
    assert.equal(sent?.['id'], result?.['id']);
    assert.deepEqual([sent?.['event'], result?.['event'], result?.['outcome'], sent?.['from']], ['sent', 'result', 'ok', { key: 'F10' }]);
  });

  test('a file that cannot be written: the command goes, the status line names the file and why', async () => {
    const dir = fresh();
    fs.mkdirSync(dir);
    const { c, stub } = await start(dir);
    selectService(c, 'be_app/app2');
    c.dispatch('maint');
    await flush();
    assert.deepEqual(stub.commands(), ['set server be_app/app2 state maint']);
    assert.equal(c.notice?.level, 'error');
    assert.equal(c.notice?.text, `Audit log ${dir} cannot be written (it is a directory): the command was sent anyway, unrecorded. Done: maintenance: be_app/app2.`);
  });

  test('permission denied (as root, where only sysfs refuses): the status line says so', { skip: process.getuid?.() !== 0 ? 'the unwritable directory above covers it' : false }, async () => {
    const file = '/sys/hatop-ts-audit-test/audit.jsonl';
    const { c, stub } = await start(file);
    selectService(c, 'be_app/app2');
    c.dispatch('maint');
    await flush();
    assert.deepEqual(stub.commands(), ['set server be_app/app2 state maint']);
    assert.match(c.notice?.text ?? '', new RegExp(`^Audit log ${file} cannot be written \\((permission denied|read-only file system)\\): the command was sent anyway`));
  });

  test('read-only mode (-n): keys pressed, nothing sent, no file and no directory created', async () => {
    const dir = fresh();
    const file = path.join(dir, 'hatop-ts', 'audit.jsonl');
    const { c, stub } = await start(file, { readOnly: true });
    selectService(c, 'be_app/app2');
    for (const action of ['maint', 'maint-all', 'drain', 'weight-plus-10', 'reload', 'mode-5'] as const) c.dispatch(action);
    await flush();
    assert.deepEqual(stub.commands(), []);
    assert.equal(fs.existsSync(dir), false);
  });
});
