// The runtime views on the real screen against a real HAProxy: sessions held in flight (6, killing one), the
// stick table traffic fills (7, a filter sent to HAProxy, clearing), the map and the ACL file of the lab (8, add,
// change, delete, each confirmed), its two certificates (9, the one expiring soon first and marked), the process
// (0); read-only mode and an operator-level socket refusing a write.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Lab } from '../support/lab';
import type { Term } from '../support/pty';
import { openHatop, select, sharedLab, statusLine, waitScreen } from '../support/tui';
import { waitFor } from '../support/wait';

let lab!: Lab;
sharedLab(
  (l) => (lab = l),
  async (l) => {
    await l.stopTraffic();
    // Held requests a test let go of still wait on the slow backend, and hold their stick-table entry.
    await l.rawCommand('shutdown sessions server bk_app/nginx2');
  },
);

const YELLOW = 3;

/** The screen row holding `text`, or -1. */
const rowOf = (term: Term, text: string): number => term.lines().findIndex((l) => l.includes(text));

/** Selects the row holding `text` as an operator would: `/`, the text, ENTER. */
async function selectRow(term: Term, text: string): Promise<void> {
  await waitScreen(term, (t) => rowOf(t, text) >= 0, { timeoutMs: 5000, what: `${text} on screen` });
  term.press('/');
  term.type(text);
  term.press('enter');
  await waitScreen(term, (t) => rowOf(t, text) >= 0 && t.cell(rowOf(t, text), 2).inverse, { timeoutMs: 3000, what: `the row of ${text} selected` });
}

/** HAProxy clears only the entries no connection uses: waits until the lab's traffic has let go of its entry. */
async function unused(): Promise<void> {
  await waitFor(async () => /key=127\.0\.0\.1 use=0 /.test(await lab.rawCommand('show table fe_main')), { timeoutMs: 10_000, what: 'the entry of 127.0.0.1 unused' });
}

/** `y` on the confirmation that shows `command`. */
async function confirm(term: Term, command: string): Promise<void> {
  await waitScreen(term, (t) => t.text().includes(command) && t.text().includes('y: do it'), { timeoutMs: 3000, what: `the confirmation of ${command}` });
  term.press('y');
}

describe('the runtime views', () => {
  test('6 SESSIONS: the selected server\'s sessions; s shows all; d kills one once confirmed', async () => {
    const held = lab.holdSessions(3, 30_000);
    try {
      const term = await openHatop(lab);
      await select(term, 'bk_api/api1');
      term.press('6');
      await waitScreen(term, (t) => t.text().includes('SESSIONS of bk_api/api1 (0)'), { timeoutMs: 5000, what: "api1's sessions: none" });
      term.press('1');
      await waitScreen(term, (t) => t.text().includes('>>> bk_app'), { timeoutMs: 3000, what: 'back to the table' });
      await select(term, 'bk_app/nginx2');
      term.press('6');
      await waitScreen(term, (t) => /SESSIONS of bk_app\/nginx2 \(3\)/.test(t.text()), { timeoutMs: 8000, what: 'the three held sessions on nginx2' });
      assert.equal(term.lines().filter((l) => /^ 0x[0-9a-f]+ .* fe_main +bk_app +nginx2 /.test(l)).length, 3, term.text());
      term.press('s');
      await waitScreen(term, (t) => t.text().includes('SESSIONS of all'), { timeoutMs: 3000, what: 's: all sessions' });
      term.press('s');
      await waitScreen(term, (t) => t.text().includes('SESSIONS of bk_app/nginx2'), { timeoutMs: 3000, what: 's again: the selection' });
      const id = /^ (0x[0-9a-f]+) /.exec(term.lines().find((l) => /^ 0x[0-9a-f]+ /.test(l)) ?? '')?.[1] ?? '';
      term.press('enter');
      await waitScreen(term, (t) => t.text().includes(`SESSIONS > ${id} (`) && /server=nginx2 \(id=\d+\)/.test(t.text()), { timeoutMs: 5000, what: 'ENTER: the session whole' });
      term.press('escape');
      await waitScreen(term, (t) => /SESSIONS of bk_app\/nginx2 \(3\)/.test(t.text()), { timeoutMs: 3000, what: 'ESC: back to the sessions' });
      term.press('d');
      await confirm(term, `shutdown session ${id}`);
      await waitScreen(term, (t) => statusLine(t).includes(`Done: Kill session ${id}`) && /SESSIONS of bk_app\/nginx2 \(2\)/.test(t.text()), { timeoutMs: 5000, what: 'the session killed' });
      // (HAProxy may give the address to a new session, the CLI's own that reads this: only nginx2's count.)
      const left = (await lab.rawCommand('show sess')).split('\n').filter((l) => l.startsWith(`${id}:`) && l.includes('srv=nginx2'));
      assert.deepEqual(left, [], 'HAProxy has no such session on nginx2 any more');
    } finally {
      await held.abort();
    }
  });

  test('7 TABLES: the table traffic fills; ENTER shows its entries; a filter goes to HAProxy; d and D clear', async () => {
    lab.startTraffic({ ratePerSec: 10 });
    await waitFor(async () => /key=127\.0\.0\.1/.test(await lab.rawCommand('show table fe_main')), { timeoutMs: 10_000, what: 'an entry in the stick table' });
    const term = await openHatop(lab, { args: ['-m', '7'], table: false });
    await waitScreen(term, (t) => /TABLES \(1 stick tables/.test(t.text()) && / fe_main +ip +1048576 +\d+ /.test(t.text()), { timeoutMs: 10_000, what: 'the stick table listed' });
    term.press('enter');
    await waitScreen(term, (t) => t.text().includes('TABLES > fe_main (type ip') && / 127\.0\.0\.1 +\d/.test(t.text()), { timeoutMs: 10_000, what: 'its entries' });
    assert.match(term.text(), /KEY +GPC0 +CONN_RATE\(10000\) +CONN_CUR +HTTP_REQ_CNT +HTTP_REQ_RATE\(10000\) +EXP +USE/);
    term.press('f');
    term.type('http_req_cnt gt 100000000');
    term.press('enter');
    await waitScreen(term, (t) => t.text().includes('data.http_req_cnt gt 100000000') && t.text().includes('No row passes the filter'), { timeoutMs: 10_000, what: 'no entry above the filter' });
    term.press('f');
    term.press('ctrl-u');
    term.type('http_req_cnt gt 0');
    term.press('enter');
    await waitScreen(term, (t) => t.text().includes('data.http_req_cnt gt 0') && / 127\.0\.0\.1 +\d/.test(t.text()), { timeoutMs: 10_000, what: 'the entry above 0' });
    await lab.stopTraffic();
    await unused();
    term.press('D');
    await confirm(term, 'clear table fe_main data.http_req_cnt gt 0');
    await waitFor(async () => !/key=127\.0\.0\.1/.test(await lab.rawCommand('show table fe_main')), { timeoutMs: 10_000, what: 'D cleared the entries on HAProxy' });
    await lab.request('/');
    term.press('f');
    term.press('ctrl-u');
    term.press('enter');
    await waitScreen(term, (t) => / 127\.0\.0\.1 +\d/.test(t.text()), { timeoutMs: 10_000, what: 'the entry back after a request' });
    await unused();
    term.press('d');
    await confirm(term, 'clear table fe_main key 127.0.0.1');
    await waitFor(async () => !/key=127\.0\.0\.1/.test(await lab.rawCommand('show table fe_main')), { timeoutMs: 10_000, what: 'd cleared the entry on HAProxy' });
    term.press('escape');
    await waitScreen(term, (t) => /TABLES \(1 stick tables/.test(t.text()), { timeoutMs: 3000, what: 'ESC: back to the list' });
  });

  test('8 MAPS: the map and the ACL file; a adds, e changes, d deletes, each confirmed and seen on HAProxy', async () => {
    const term = await openHatop(lab, { args: ['-m', '8'], table: false });
    await waitScreen(term, (t) => t.text().includes(lab.mapFile) && t.text().includes(lab.aclFile), { timeoutMs: 5000, what: 'the map and the ACL listed' });
    await selectRow(term, lab.mapFile);
    term.press('enter');
    await waitScreen(term, (t) => t.text().includes(`MAPS > map ${lab.mapFile}`) && /api\.example\.test +bk_api/.test(t.text()), { timeoutMs: 5000, what: 'the map entries' });
    term.press('a');
    await waitScreen(term, (t) => statusLine(t).includes('(KEY VALUE):'), { timeoutMs: 3000, what: 'the prompt' });
    term.type('new.example.test bk_api');
    term.press('enter');
    await confirm(term, `add map ${lab.mapFile} new.example.test bk_api`);
    await waitScreen(term, (t) => statusLine(t).includes('Done: Add new.example.test -> bk_api') && / new\.example\.test +bk_api/.test(t.text()), { timeoutMs: 5000, what: 'the new entry' });
    assert.match(await lab.rawCommand(`show map ${lab.mapFile}`), /new\.example\.test bk_api/);
    await selectRow(term, 'new.example.test');
    term.press('e');
    await waitScreen(term, (t) => statusLine(t).includes('New value for new.example.test: bk_api'), { timeoutMs: 3000, what: 'the value prompt, with the value' });
    term.press('ctrl-u');
    term.type('bk_static');
    term.press('enter');
    await confirm(term, `set map ${lab.mapFile} #0x`);
    await waitFor(async () => /new\.example\.test bk_static/.test(await lab.rawCommand(`show map ${lab.mapFile}`)), { timeoutMs: 5000, what: 'the value changed on HAProxy' });
    term.press('d');
    await waitScreen(term, (t) => t.text().includes('Delete new.example.test'), { timeoutMs: 3000, what: 'the delete confirmation' });
    term.press('n');
    await waitScreen(term, (t) => statusLine(t).includes('Cancelled'), { timeoutMs: 3000, what: 'n cancels' });
    assert.match(await lab.rawCommand(`show map ${lab.mapFile}`), /new\.example\.test/);
    term.press('d');
    await confirm(term, `del map ${lab.mapFile} #0x`);
    await waitFor(async () => !/new\.example\.test/.test(await lab.rawCommand(`show map ${lab.mapFile}`)), { timeoutMs: 5000, what: 'the entry deleted on HAProxy' });
    term.press('escape');
    await waitScreen(term, (t) => /MAPS \(1 maps/.test(t.text()), { timeoutMs: 3000, what: 'ESC: back to the list' });
    await selectRow(term, lab.aclFile);
    term.press('enter');
    await waitScreen(term, (t) => t.text().includes(`MAPS > acl ${lab.aclFile}`) && t.text().includes('192.0.2.1'), { timeoutMs: 5000, what: 'the ACL entries' });
    term.press('a');
    term.type('203.0.113.9');
    term.press('enter');
    await confirm(term, `add acl ${lab.aclFile} 203.0.113.9`);
    await waitFor(async () => /203\.0\.113\.9/.test(await lab.rawCommand(`show acl ${lab.aclFile}`)), { timeoutMs: 5000, what: 'the pattern added on HAProxy' });
    await selectRow(term, '203.0.113.9');
    term.press('d');
    await confirm(term, `del acl ${lab.aclFile} #0x`);
    await waitFor(async () => !/203\.0\.113\.9/.test(await lab.rawCommand(`show acl ${lab.aclFile}`)), { timeoutMs: 5000, what: 'the pattern deleted on HAProxy' });
  });

  test('7 TABLES with 3,000 entries: the first 1,000 shown, the rest not read, and the view says so', async () => {
    const keys = Array.from({ length: 3000 }, (_, i) => `set table fe_main key 10.9.${i >> 8}.${i & 255} data.gpc0 1`);
    for (let i = 0; i < keys.length; i += 500) await lab.rawCommand(keys.slice(i, i + 500).join('; '));
    assert.match(await lab.rawCommand('show table'), /used:300\d/);
    const term = await openHatop(lab, { args: ['-m', '7'], table: false });
    await waitScreen(term, (t) => / fe_main +ip +1048576 +300\d /.test(t.text()), { timeoutMs: 5000, what: 'the table and its use' });
    term.press('enter');
    await waitScreen(term, (t) => t.text().includes('Showing the first 1000 entries, the rest not read'), { timeoutMs: 8000, what: 'the part shown, said' });
    term.press('end');
    await waitScreen(term, (t) => t.lines().some((l, i) => l.includes('10.9.') && t.cell(i, 2).inverse), { timeoutMs: 3000, what: 'END on the last entry read' });
    assert.equal(term.exited, false);
    await lab.rawCommand('clear table fe_main');
  });

  test('9 CERTS: both certificates, the one expiring in 5 days first and yellow; 0 INFO: the process', async () => {
    const term = await openHatop(lab, { args: ['-m', '9'], table: false });
    await waitScreen(term, (t) => /CERTS \(2; 1 expired or expiring within 14 days\)/.test(t.text()), { timeoutMs: 5000, what: 'the certificates' });
    const rows = term.lines().filter((l) => /^ +\d+ \d{4}-/.test(l));
    assert.match(rows[0] ?? '', /^ +[45] \d{4}-\d\d-\d\d \/CN=expiring\.example\.te.*\/expiring\.pem /, term.text());
    assert.match(rows[1] ?? '', /^ +36[45] .*site\.example\.test/, term.text());
    const row = rowOf(term, 'expiring.example.test');
    assert.equal(term.cell(row, (term.lines()[row] ?? '').indexOf('/CN')).fg, YELLOW, 'expiring soon: yellow');
    term.press('0');
    await waitScreen(term, (t) => /INFO 2\.\d/.test(t.text()) && t.text().includes('Process (show info)') && /Version +2\.\d/.test(t.text()), { timeoutMs: 5000, what: 'the process view' });
  });

  test('read-only mode: the views show, the writes are off; an operator-level socket: what HAProxy would refuse is said, and not sent', async () => {
    const ro = await openHatop(lab, { args: ['-n', '-m', '8'], table: false });
    await waitScreen(ro, (t) => t.text().includes(lab.mapFile), { timeoutMs: 5000, what: 'MAPS in read-only mode' });
    ro.press('d');
    await waitScreen(ro, (t) => statusLine(t).includes('Read-only mode (-n): d DEL is off.'), { timeoutMs: 3000, what: 'd refused in read-only mode' });
    const held = lab.holdSessions(1, 30_000);
    try {
      const op = await openHatop(lab, { socket: lab.operatorSocket, args: ['-m', '6'], table: false });
      await waitScreen(op, (t) => /SESSIONS of all \([1-9]/.test(t.text()), { timeoutMs: 8000, what: 'sessions on the operator socket' });
      assert.match(op.text(), /This socket is at level operator: HAProxy does not let it kill a session\./);
      op.press('d');
      await waitScreen(op, (t) => statusLine(t).includes('This socket is at level operator: kill a session needs a socket at level admin. Nothing sent.'), { timeoutMs: 5000, what: 'the refusal, before sending' });
      assert.ok(!op.text().includes('y: do it'), 'no confirmation for what HAProxy would refuse');
    } finally {
      await held.abort();
    }
  });
});
