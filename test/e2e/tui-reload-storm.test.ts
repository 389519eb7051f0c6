// A reload storm under an open screen: 50 systemd-style reloads of a master-worker HAProxy in a row, under
// traffic, without waiting for the screen in between. Afterwards the screen must be on the newest worker with
// the same selection, and hatop-ts must not have kept anything of the old workers: no sockets (fd count), no
// memory to speak of, no session that keeps an old worker soft-stopping.
import fs from 'node:fs';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startLab, type Lab } from '../support/lab';
import { killAll } from '../support/pty';
import {
  findRow,
  footer,
  openHatop,
  select,
  selectedId,
  statusLine,
  waitHaproxy,
  waitScreen,
  waitStatusCell,
  shownPid,
} from '../support/tui';
import { waitFor } from '../support/wait';

const RELOADS = 50;
/** Sockets are closed asynchronously; a few fds may also be opened lazily by Node itself. */
const FD_MARGIN = 3;
const RSS_MARGIN_KB = 50 * 1024;

let lab!: Lab;
before(async () => {
  lab = await startLab({ masterWorker: true });
});
after(async () => {
  await killAll();
  await lab?.stop();
});


/** Open file descriptors of a process. */
const fdCount = (pid: number): number => fs.readdirSync(`/proc/${pid}/fd`).length;

/** Resident memory of a process, in kB. */
function rssKb(pid: number): number {
  const kb = /^VmRSS:\s+(\d+) kB$/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  assert.ok(kb !== undefined, `no VmRSS for pid ${pid}`);
  return Number(kb);
}

/** What the fds of a process point to, summed by kind ("socket", "pipe", "anon_inode:[eventpoll]", a path...). */
function fdKinds(pid: number): string {
  const kinds = new Map<string, number>();
  for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
    let target: string;
    try {
      target = fs.readlinkSync(`/proc/${pid}/fd/${fd}`).replace(/:\[\d+\]$/, '');
    } catch {
      continue; // closed meanwhile
    }
    kinds.set(target, (kinds.get(target) ?? 0) + 1);
  }
  return [...kinds].map(([kind, n]) => `${kind} x${n}`).join(', ');
}

/** What keeps each old worker alive: its sessions, asked through the master CLI (`@!<pid> show sess`). */
async function oldSessions(pids: readonly number[]): Promise<string> {
  const parts: string[] = [];
  for (const pid of pids) {
    const sessions = await lab.rawCommand(`@!${pid} show sess`, lab.masterSocket ?? lab.adminSocket).catch((e: unknown) => String(e));
    parts.push(`sessions of old worker ${pid}:\n${sessions}`);
  }
  return parts.join('\n');
}

test(`${RELOADS} reloads in a row under traffic: same selection, newest worker, nothing kept of the old ones`, async (t) => {
  lab.startTraffic({ ratePerSec: 20 });
  const term = await openHatop(lab, { interval: 0.5 });
  await select(term, 'bk_app/nginx2');
  const firstWorker = await lab.workerPid();
  await waitScreen(term, (s) => shownPid(s) === String(firstWorker), { what: `PID: ${firstWorker} in the header` });

  // term.pid is the node process running bin/hatop-ts: the pty runs it directly, no shell in between.
  assert.match(fs.readFileSync(`/proc/${term.pid}/cmdline`, 'utf8'), /bin\/hatop-ts\0/);
  const fdsBefore = fdCount(term.pid);
  const fdKindsBefore = fdKinds(term.pid);
  const rssBefore = rssKb(term.pid);

  const started = Date.now();
  const workers = [firstWorker];
  for (let i = 0; i < RELOADS; i++) workers.push(await lab.reload());
  const stormMs = Date.now() - started;
  const latest = workers[workers.length - 1] ?? firstWorker;
  assert.equal(new Set(workers).size, RELOADS + 1, `every reload started a new worker: ${workers.join(' ')}`);

  // Healthy on the newest worker: its PID in the header, connected, the whole table and a selection.
  await waitScreen(
    term,
    (s) =>
      shownPid(s) === String(latest) &&
      !/unreachable|connecting/.test(s.lines()[0] ?? '') &&
      findRow(s, 'li_web', 'nginx2') !== undefined &&
      selectedId(s) !== undefined,
    { timeoutMs: 10_000, what: `the screen to settle on the newest worker (PID: ${latest})` },
  );
  const settledMs = Date.now() - started - stormMs;
  assert.equal(term.exited, false, 'hatop-ts is still running');
  assert.equal(selectedId(term), 'bk_app/nginx2', `the selection survived the storm\n${term.text()}`);
  assert.ok(footer(term).includes('[bk_app/nginx2]'), footer(term));

  // Every session to an old worker has been closed: the fd count is back where it was.
  let fdsAfter = fdCount(term.pid);
  try {
    await waitFor(() => (fdsAfter = fdCount(term.pid)) <= fdsBefore + FD_MARGIN, {
      timeoutMs: 5000,
      what: `hatop-ts to be back to at most ${fdsBefore} + ${FD_MARGIN} open fds`,
    });
  } catch (err) {
    assert.fail(
      `${err instanceof Error ? err.message : String(err)}: ${fdsAfter} open\n` +
        `before: ${fdKindsBefore}\nafter:  ${fdKinds(term.pid)}\nstatus line: ${statusLine(term)}`,
    );
  }
  const rssAfter = rssKb(term.pid);
  assert.ok(rssAfter - rssBefore <= RSS_MARGIN_KB, `RSS grew from ${rssBefore} kB to ${rssAfter} kB`);

  // The traffic only had to flow during the storm. Stopped now, its keep-alive connections cannot be what keeps
  // an old worker alive below.
  const traffic = await lab.stopTraffic();
  assert.ok(traffic.sent > 0, 'traffic went through');

  // No old worker is kept soft-stopping: `stats timeout 10s` would close an abandoned idle session by itself,
  // so the deadline stays below that, and only a session hatop-ts keeps using could hold a worker this long.
  let procs = await lab.showProc();
  try {
    await waitFor(async () => (procs = await lab.showProc()).oldWorkers.length === 0, {
      timeoutMs: 8000,
      what: 'every old HAProxy worker to exit',
    });
  } catch (err) {
    assert.fail(`${err instanceof Error ? err.message : String(err)}\n${procs.text}\n${await oldSessions(procs.oldWorkers)}\n${term.text()}`);
  }
  assert.deepEqual(procs.workers, [latest], `one worker left, the newest\n${procs.text}`);
  const drainedMs = Date.now() - started - stormMs - settledMs;

  // The screen acts on the new worker.
  term.press('f10');
  await waitHaproxy(lab, 'bk_app/nginx2', 'MAINT');
  await waitStatusCell(term, 'bk_app/nginx2', 'MAINT');
  await lab.rawCommand('set server bk_app/nginx2 state ready');
  await waitHaproxy(lab, 'bk_app/nginx2', 'UP');
  assert.equal(term.exited, false);

  t.diagnostic(
    `${RELOADS} reloads in ${stormMs} ms; screen settled ${settledMs} ms later, old workers gone ${drainedMs} ms after that; ` +
      `fds ${fdsBefore} -> ${fdsAfter}; RSS ${rssBefore} -> ${rssAfter} kB; ` +
      `traffic ${traffic.sent} sent, ${traffic.failed} failed${traffic.failures.length ? ` (${traffic.failures.slice(0, 3).join('; ')})` : ''}`,
  );
});
