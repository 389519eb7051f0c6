// The audit log as the controller writes it, into an in-memory log: which commands are recorded (those that can
// change HAProxy, from the keys, the menu and the CLI view), the sent/result pairs, the lines' JSON shape, and a
// log that cannot be written (the status line says so, the command still goes).
import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Controller } from '../../src/app/controller';
import { auditLine, REPLY_LIMIT, type AuditFailure, type AuditLog, type AuditRecord } from '../../src/app/audit';
import { GATHER_MS } from '../../src/app/fleet';
import { RELOAD_WAIT_MS } from '../../src/app/reload';
import type { Config, InstanceSpec } from '../../src/config';
import { RuntimeError } from '../../src/runtime/types';
import { flush, ManualClock, selectService, StubTransport, testConfig } from '../support/snapshots';

/** 2026-03-01T12:00:00.000Z */
const WALL = Date.UTC(2026, 2, 1, 12, 0, 0);

/** Keeps the records as they come; `failure`, when set, is what every append returns instead. */
class MemoryAudit implements AuditLog {
  readonly records: AuditRecord[] = [];
  failure: AuditFailure | undefined;
  private count = 0;

  newId(): string {
    this.count++;
    return `a${this.count}`;
  }

  append(record: AuditRecord): AuditFailure | undefined {
    if (this.failure !== undefined) return this.failure;
    this.records.push(record);
    return undefined;
  }

  /** Each record as [event, id, command], for short assertions. */
  brief(): [string, string, string][] {
    return this.records.map((r) => [r.event, r.id, r.command]);
  }
}

const running: Controller[] = [];
afterEach(() => {
  for (const c of running.splice(0)) c.stop();
});

async function start(config: Partial<Config> = {}, stubs: StubTransport[] = [new StubTransport()], audit = new MemoryAudit()) {
  const clock = new ManualClock();
  const controller = new Controller(testConfig(config), stubs, { clock, wallClock: () => WALL, audit });
  running.push(controller);
  controller.start();
  await flush();
  if (stubs.length > 1) await clock.advance(GATHER_MS);
  return { c: controller, stub: stubs[0] as StubTransport, stubs, audit, clock };
}

const typeLine = (c: Controller, text: string): void => c.editCli({ kind: 'insert', text });

const WHERE = { instance: 'test', socket: '/run/haproxy/test.sock' };

describe('audit: what is recorded', () => {
  test('F10: a sent record before the command, then its result, paired by id, with the instance and the key', async () => {
    const { c, stub, audit } = await start();
    selectService(c, 'be_app/app2');
    let sentWhenWritten: string[] | undefined;
    const append = audit.append.bind(audit);
    audit.append = (record) => {
      if (record.event === 'sent') sentWhenWritten = stub.commands();
      return append(record);
    };
    c.dispatch('maint');
    await flush();
    assert.deepEqual(sentWhenWritten, [], 'the sent line is written before the command goes');
    const command = 'set server be_app/app2 state maint';
    assert.deepEqual(audit.records, [
      { event: 'sent', id: 'a1', time: WALL, where: WHERE, from: { kind: 'key', key: 'F10', menu: false }, command },
      { event: 'result', id: 'a1', time: WALL, where: WHERE, from: { kind: 'key', key: 'F10', menu: false }, command, outcome: { kind: 'ok' }, reply: '' },
    ]);
    assert.deepEqual(c.notice, { level: 'ok', text: 'Done: maintenance: be_app/app2.' });
  });

  test('F2 confirmed: one pair per backend, the lookup (show servers state) not recorded; cancelled: nothing', async () => {
    const { c, audit } = await start();
    selectService(c, 'be_app/app1');
    c.dispatch('maint-all');
    await flush();
    c.confirm(false);
    await flush();
    assert.equal(audit.records.length, 0, 'a cancelled action sends nothing and records nothing');
    c.dispatch('maint-all');
    await flush();
    c.confirm(true);
    await flush();
    assert.deepEqual(audit.brief(), [
      ['sent', 'a1', 'set server be_app/app1 state maint'],
      ['result', 'a1', 'set server be_app/app1 state maint'],
    ]);
    assert.deepEqual(audit.records[0]?.from, { kind: 'key', key: 'F2', menu: false });
  });

  test('an action picked in the ENTER menu says so', async () => {
    const { c, audit } = await start();
    selectService(c, 'be_app/app2');
    c.dispatch('menu');
    c.pickMenu('d');
    await flush();
    assert.deepEqual(audit.records.map((r) => r.from), [
      { kind: 'key', key: 'F11', menu: true },
      { kind: 'key', key: 'F11', menu: true },
    ]);
    assert.equal(audit.records[0]?.command, 'set server be_app/app2 state drain');
  });

  test('refused by HAProxy and failed on the way: the outcome and its message', async () => {
    const { c, stub, audit } = await start();
    selectService(c, 'be_app/app1');
    stub.replies.set('set server be_app/app1 state drain', 'Permission denied\n');
    c.dispatch('drain');
    await flush();
    const refused = audit.records[1];
    assert.equal(refused?.event === 'result' ? refused.outcome.kind : undefined, 'refused');
    assert.equal(refused?.event === 'result' ? refused.reply : undefined, 'Permission denied\n');
    stub.failWith = new RuntimeError('timeout', 'HAProxy did not answer within 1000 ms');
    c.dispatch('maint');
    await flush();
    assert.deepEqual(audit.records.slice(2).map((r) => (r.event === 'result' ? [r.event, r.outcome, r.reply] : [r.event])), [
      ['sent'],
      ['result', { kind: 'failed', message: 'HAProxy did not answer within 1000 ms' }, undefined],
    ]);
  });

  test('the CLI view: a mutating line is recorded, `show`, `get` and `help` are not, nor a line refused before sending', async () => {
    const { c, audit } = await start({ mode: 5 });
    for (const line of ['show info', 'get weight be_app/app1', 'help', 'quit', 'set weight be_app/app1 50; show stat', '']) {
      typeLine(c, line);
      await c.submitCli();
    }
    assert.deepEqual(audit.brief(), [
      ['sent', 'a1', 'set weight be_app/app1 50'],
      ['result', 'a1', 'set weight be_app/app1 50'],
    ]);
    assert.deepEqual(audit.records[0]?.from, { kind: 'cli' });
    assert.deepEqual(audit.records[0]?.where, WHERE);
  });

  test('a command run on a separate session (`experimental-mode on; ...`) is recorded too', async () => {
    const clock = new ManualClock();
    const audit = new MemoryAudit();
    const side = new StubTransport();
    const c = new Controller(testConfig({ mode: 5 }), new StubTransport(), { clock, audit, wallClock: () => WALL, openSession: () => ({ send: (cmd) => side.send(cmd), close: () => undefined }) });
    running.push(c);
    c.start();
    await flush();
    typeLine(c, 'experimental-mode on; del server be_app/app3');
    await c.submitCli();
    assert.deepEqual(side.commands(), ['experimental-mode on', 'del server be_app/app3']);
    assert.deepEqual(audit.brief().filter(([event]) => event === 'sent').map(([, , command]) => command), ['experimental-mode on', 'del server be_app/app3']);
  });

  test('R on a master socket: `reload` is recorded, the show proc around it is not', async () => {
    const stub = Object.assign(new StubTransport(), { master: true });
    const { c, audit, clock } = await start({}, [stub]);
    selectService(c, 'be_app/app1');
    c.dispatch('reload');
    assert.equal(c.overlay.kind, 'confirm');
    c.confirm(true);
    await flush();
    assert.deepEqual(audit.brief(), [
      ['sent', 'a1', 'reload'],
      ['result', 'a1', 'reload'],
    ]);
    assert.deepEqual(audit.records[0]?.from, { kind: 'key', key: 'R', menu: false });
    await clock.advance(RELOAD_WAIT_MS + 1000); // lets the wait for a new worker end
  });

  test('read-only mode records nothing: nothing is sent', async () => {
    const { c, audit } = await start({ readOnly: true });
    selectService(c, 'be_app/app1');
    for (const action of ['maint', 'maint-all', 'weight-plus-1', 'reload'] as const) c.dispatch(action);
    await flush();
    assert.deepEqual(audit.records, []);
  });

  test('several instances: each record names its own instance and socket', async () => {
    const specs: InstanceSpec[] = ['lb1', 'lb2'].map((name) => ({ name, address: { kind: 'tcp', host: `10.0.0.${name.slice(2)}`, port: 9999 } }));
    const { c, audit } = await start({ instances: specs }, [new StubTransport(), new StubTransport()]);
    c.dispatch('home');
    for (let i = 0; i < c.rows.length && c.selectionLabel !== 'lb2:be_app/app1'; i++) c.dispatch('down');
    c.dispatch('enable');
    await flush();
    assert.deepEqual(audit.records.map((r) => r.where), [
      { instance: 'lb2', socket: '10.0.0.2:9999' },
      { instance: 'lb2', socket: '10.0.0.2:9999' },
    ]);
  });
});

describe('audit: a log that cannot be written', () => {
  const failure: AuditFailure = { file: '/var/log/x/audit.jsonl', reason: 'permission denied' };

  test('a hotkey: the command still goes, and the status line says first that it was not recorded', async () => {
    const audit = new MemoryAudit();
    audit.failure = failure;
    const { c, stub } = await start({}, undefined, audit);
    selectService(c, 'be_app/app2');
    c.dispatch('maint');
    await flush();
    assert.deepEqual(stub.commands(), ['set server be_app/app2 state maint']);
    assert.deepEqual(c.notice, {
      level: 'error',
      text: 'Audit log /var/log/x/audit.jsonl cannot be written (permission denied): the command was sent anyway, unrecorded. Done: maintenance: be_app/app2.',
    });
  });

  test('only the result line failing: its outcome is not recorded', async () => {
    const { c, audit } = await start();
    selectService(c, 'be_app/app2');
    const append = audit.append.bind(audit);
    audit.append = (record) => (record.event === 'result' ? failure : append(record));
    c.dispatch('maint');
    await flush();
    assert.equal(c.notice?.level, 'error');
    assert.match(c.notice?.text ?? '', /^Audit log \/var\/log\/x\/audit\.jsonl cannot be written \(permission denied\): its outcome is not recorded\. Done/);
  });

  test('the CLI view: the command still goes, and the status line says it went unrecorded', async () => {
    const audit = new MemoryAudit();
    audit.failure = failure;
    const { c, stub } = await start({ mode: 5 }, undefined, audit);
    typeLine(c, 'set weight be_app/app1 50');
    await c.submitCli();
    assert.deepEqual(stub.commands(), ['set weight be_app/app1 50']);
    assert.deepEqual(c.notice, {
      level: 'error',
      text: 'Audit log /var/log/x/audit.jsonl cannot be written (permission denied): the command was sent anyway, unrecorded.',
    });
  });

  test('the sent line lost, the result written (room again): the result is in the log, the trouble said once', async () => {
    const { c, audit } = await start({ mode: 5 });
    const append = audit.append.bind(audit);
    audit.append = (record) => (record.event === 'sent' ? failure : append(record));
    typeLine(c, 'set weight be_app/app1 50');
    await c.submitCli();
    assert.deepEqual(audit.brief(), [['result', 'a1', 'set weight be_app/app1 50']]);
    assert.match(c.notice?.text ?? '', /the command was sent anyway, unrecorded\.$/);
  });
});

describe('audit: one record, one line of JSON', () => {
  const who = { user: 'ops', host: 'bastion1' };
  const base = { id: 'c0ffee-3', time: WALL, where: WHERE, command: 'set server bk_app/nginx2 state maint' };

  test('sent, from a key', () => {
    const line = auditLine({ ...base, event: 'sent', from: { kind: 'key', key: 'F10', menu: false } }, who);
    assert.equal(
      line,
      '{"time":"2026-03-01T12:00:00.000Z","id":"c0ffee-3","event":"sent","user":"ops","host":"bastion1","instance":"test","socket":"/run/haproxy/test.sock","from":{"key":"F10"},"command":"set server bk_app/nginx2 state maint"}',
    );
  });

  test('results: ok with the reply, refused with its message, failed with no reply; from the menu and the CLI view', () => {
    const ok = JSON.parse(auditLine({ ...base, event: 'result', from: { kind: 'key', key: 'F10', menu: true }, outcome: { kind: 'ok' }, reply: '\n' }, who)) as Record<string, unknown>;
    assert.deepEqual([ok['event'], ok['from'], ok['outcome'], ok['message'], ok['reply']], ['result', { key: 'F10', menu: true }, 'ok', undefined, '']);
    const refused = JSON.parse(auditLine({ ...base, event: 'result', from: { kind: 'cli' }, outcome: { kind: 'refused', message: 'No such server.' }, reply: 'No such server.\n' }, who)) as Record<string, unknown>;
    assert.deepEqual([refused['from'], refused['outcome'], refused['message'], refused['reply']], [{ view: 'cli' }, 'refused', 'No such server.', 'No such server.']);
    const failed = JSON.parse(auditLine({ ...base, event: 'result', from: { kind: 'cli' }, outcome: { kind: 'failed', message: 'connection closed' }, reply: undefined }, who)) as Record<string, unknown>;
    assert.deepEqual([failed['outcome'], failed['message'], 'reply' in failed], ['failed', 'connection closed', false]);
  });

  test('a long reply is cut, with its length; control characters stay escaped on one line', () => {
    const reply = `\x1b[31m${'x'.repeat(REPLY_LIMIT * 2)}`;
    const line = auditLine({ ...base, event: 'result', from: { kind: 'cli' }, outcome: { kind: 'ok' }, reply }, who);
    assert.doesNotMatch(line, /[\x00-\x1f]/);
    const parsed = JSON.parse(line) as Record<string, unknown>;
    assert.equal((parsed['reply'] as string).length, REPLY_LIMIT);
    assert.equal(parsed['replyLength'], reply.length);
  });
});
