// Streamed answers (send with onText) against a real HAProxy started here: a `show stat` of ~1 MB arrives in
// pieces whose concatenation is the answer send() gives whole, and the session stays in step afterwards.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { RuntimeClient } from '../../src/runtime/client';
import * as cmd from '../../src/runtime/commands';
import { SnapshotBuilder, buildSnapshot } from '../../src/stats/model';
import { parseShowStat } from '../../src/stats/stat';
import type { Command } from '../../src/runtime/types';
import { HaproxyProcess } from '../support/haproxy-proc';

const BIG = 5000;

/** The answer in pieces, and what the promise resolved with. */
async function streamed(client: RuntimeClient, command: string | Command): Promise<{ pieces: string[]; resolved: string }> {
  const pieces: string[] = [];
  const resolved = await client.send(command, { onText: (piece) => pieces.push(piece) });
  return { pieces, resolved };
}

/** A stat with its clock-driven columns blanked: seconds since the last change tick between two reads. */
function masked(stat: string): string {
  const lines = stat.split('\n');
  const header = (lines[0] ?? '').replace(/^# /, '').split(',');
  const clock = ['lastchg', 'downtime'].map((name) => header.indexOf(name)).filter((i) => i >= 0);
  return lines
    .map((line, k) => {
      if (k === 0) return line;
      const fields = line.split(',');
      for (const i of clock) if (i < fields.length) fields[i] = '';
      return fields.join(',');
    })
    .join('\n');
}

/** What must not differ between two `show stat` read back to back: every row's identity and status. */
function identities(stat: string): string[] {
  const parsed = parseShowStat(stat);
  return parsed.rows.map((r) => ['pxname', 'svname', 'type', 'iid', 'sid', 'status'].map((n) => r.get(n) ?? '').join('|'));
}

describe('RuntimeClient streamed answers against a real HAProxy', () => {
  let hap: HaproxyProcess;
  let client: RuntimeClient;

  before(async () => {
    hap = await HaproxyProcess.create({ bigServers: BIG });
    await hap.start(30_000);
    client = new RuntimeClient({ kind: 'unix', path: hap.adminSock }, { timeoutMs: 10_000 });
    await client.connect();
  });
  after(async () => {
    client?.close();
    await hap?.stop();
  });

  test('a show stat of ~1 MB comes in several pieces that join into the whole answer', async () => {
    const { pieces, resolved } = await streamed(client, cmd.showStat());
    const whole = await client.send(cmd.showStat());
    assert.equal(resolved, '', 'a streamed send resolves with ""');
    assert.ok(whole.length > 500_000, `show stat is only ${whole.length} bytes`);
    assert.ok(pieces.length > 1, `${whole.length} bytes came in ${pieces.length} piece(s)`);
    assert.ok(pieces.every((p) => p !== ''), 'no empty piece is handed out');
    const joined = pieces.join('');
    assert.match(joined, /^# pxname,svname,/);
    assert.ok(joined.endsWith('\n') && !joined.endsWith('\n\n'), 'the prompt and the empty line before it are not part of the answer');
    // Counters of servers nobody uses stay put, but lastchg (seconds) may tick between the two reads.
    if (joined !== whole) {
      assert.deepStrictEqual(identities(joined), identities(whole));
      assert.ok(masked(joined) === masked(whole), 'the two answers differ beyond lastchg/downtime');
    }
    assert.equal(identities(joined).filter((r) => r.startsWith('big|big')).length, BIG);
  });

  test('the client stays usable: show info right after a streamed show stat answers', async () => {
    await streamed(client, cmd.showStat());
    const info = await client.send(cmd.showInfo());
    assert.match(info, /^Name: HAProxy\n/);
    assert.match(info, new RegExp(`\\nPid: ${hap.pid}\\n`));
    assert.equal(await client.send('show cli level'), 'admin\n');
  });

  test('commands queued behind a streamed one get their own answers, none leaks into the pieces', async () => {
    const pieces: string[] = [];
    const [stat, info, level, again] = await Promise.all([
      client.send(cmd.showStat(), { onText: (p) => pieces.push(p) }),
      client.send(cmd.showInfo()),
      client.send('show cli level'),
      streamed(client, cmd.showStat({ iid: -1, type: 4, sid: -1 })),
    ]);
    assert.equal(stat, '');
    assert.match(info, /^Name: HAProxy\n/);
    assert.equal(level, 'admin\n');
    const joined = pieces.join('');
    assert.doesNotMatch(joined, /Name: HAProxy|^admin$/m);
    assert.equal(identities(joined).length, BIG + 7, 'fe FRONTEND; bk s1 s2 BACKEND; bk_static s1 BACKEND; big servers and BACKEND');
    // The filtered one: servers only, still whole.
    const servers = identities(again.pieces.join(''));
    assert.equal(again.resolved, '');
    assert.equal(servers.length, BIG + 3);
    assert.ok(servers.every((r) => r.split('|')[2] === '2'), 'only servers (type 2)');
  });

  test('a streamed answer that is an error text comes through onText whole', async () => {
    const bogus = 'bogus-command-for-streaming';
    const { pieces, resolved } = await streamed(client, bogus);
    const whole = await client.send(bogus);
    assert.equal(resolved, '');
    assert.match(whole, /Unknown command/);
    assert.equal(pieces.join(''), whole);
    assert.equal(await client.send('show cli level'), 'admin\n');
  });

  test('pieces fed to a SnapshotBuilder as they arrive give the snapshot of the whole text', async () => {
    const builder = new SnapshotBuilder(undefined, new Map(), 0);
    const pieces: string[] = [];
    await client.send(cmd.showStat(), {
      onText: (piece) => {
        pieces.push(piece);
        builder.feed(piece, false);
        builder.step(Infinity);
      },
    });
    builder.feed('', true);
    assert.equal(builder.step(Infinity), true);
    const got = builder.result(0);
    const want = buildSnapshot(pieces.join(''), '', 0);
    assert.deepStrictEqual(got.columns, want.columns);
    assert.deepStrictEqual(
      got.services.map((s) => [s.id, s.status, s.fields.entries()]),
      want.services.map((s) => [s.id, s.status, s.fields.entries()]),
    );
    assert.ok(got.services.length > BIG);
  });

  test('the event loop gets a turn between pieces: what was scheduled at the first piece runs before the third', async () => {
    let pieces = 0;
    let seenByThen: number | undefined;
    await client.send(cmd.showStat(), {
      onText: () => {
        pieces++;
        if (pieces === 1) setImmediate(() => (seenByThen = pieces));
      },
    });
    assert.ok(pieces >= 4, `a dump of ${BIG} servers comes in several pieces, got ${pieces}`);
    assert.ok(seenByThen !== undefined && seenByThen <= 2, `the immediate ran after ${seenByThen} of ${pieces} pieces`);
  });
});
