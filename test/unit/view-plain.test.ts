import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Proxy, Service, ServiceKind, Snapshot } from '../../src/stats/types';
import { recordFields } from '../../src/stats/stat';
import { columnsFor, type ModeId } from '../../src/view/columns';
import { PLAIN_DEFAULT_WIDTH, renderPlain } from '../../src/view/plain';

// A small stand-in for the stats model's parsing and grouping (not imported on purpose: the view must not
// depend on it); only the field container, recordFields, is the model's.
function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

const KINDS: Record<string, ServiceKind> = { '0': 'frontend', '1': 'backend', '2': 'server', '3': 'listener' };

function snapshotFromCsv(text: string): Snapshot {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const header = splitCsvLine((lines[0] ?? '').replace(/^# /, ''));
  const services: Service[] = lines.slice(1).map((line) => {
    const values = splitCsvLine(line);
    const fields: Record<string, string | undefined> = {};
    header.forEach((h, i) => {
      const v = values[i];
      if (h !== '' && v !== undefined && v !== '') fields[h] = v;
    });
    const status = fields['status'] ?? '';
    return {
      id: `${fields['pxname']}/${fields['svname']}`,
      instance: undefined,
      label: `${fields['pxname']}/${fields['svname']}`,
      proxy: fields['pxname'] ?? '',
      name: fields['svname'] ?? '',
      kind: KINDS[fields['type'] ?? ''] ?? 'server',
      iid: Number(fields['iid']),
      sid: Number(fields['sid']),
      status,
      state: { kind: 'unknown', raw: status },
      fields: recordFields(fields),
    };
  });
  // Proxies by iid, each with its parts and `services` made of them in display order, as Proxy documents.
  const proxies: Proxy[] = [...new Set(services.map((s) => s.iid))].map((iid) => {
    const own = services.filter((s) => Object.is(s.iid, iid));
    const frontend = own.find((s) => s.kind === 'frontend');
    const listeners = own.filter((s) => s.kind === 'listener');
    const servers = own.filter((s) => s.kind === 'server').sort((a, b) => (a.sid ?? 0) - (b.sid ?? 0));
    const backend = own.find((s) => s.kind === 'backend');
    const all = [...(frontend ? [frontend] : []), ...listeners, ...servers, ...(backend ? [backend] : [])];
    return { name: own[0]?.proxy ?? '', iid, frontend, listeners, servers, backend, services: all };
  });
  return {
    at: 0,
    info: new Map(),
    proxies,
    services: proxies.flatMap((p) => p.services),
    byId: new Map(services.map((s) => [s.id, s])),
    columns: header,
  };
}

const fixture = path.join(__dirname, '../../../test/fixtures/stat-2.6.csv');
const snapshot = snapshotFromCsv(readFileSync(fixture, 'utf8'));
const MODES: readonly ModeId[] = [1, 2, 3, 4];

function lineOf(out: string, name: string): string {
  const line = out.split('\n').find((l) => l.startsWith(`${name} `) || l === name);
  assert.ok(line !== undefined, `a line for ${name} in:\n${out}`);
  return line;
}

describe('renderPlain', () => {
  test('header, then per proxy a >>> line, its rows and a blank line', () => {
    const out = renderPlain(snapshot, 1, PLAIN_DEFAULT_WIDTH);
    const lines = out.split('\n');
    assert.deepEqual(
      lines[0]?.split(/ +/),
      columnsFor(1).map((c) => c.header),
    );
    assert.deepEqual(lines.slice(1, 6), [
      '>>> fe_main',
      lines[2],
      lines[3],
      lines[4],
      '',
    ]);
    assert.match(lines[2] ?? '', /^FRONTEND +OPEN/);
    assert.match(lines[3] ?? '', /^main1 +OPEN/);
    assert.equal(lines.filter((l) => l.startsWith('>>> ')).length, 7);
    // A blank line between proxies; the last one's is the final newline (no empty line at the end).
    assert.equal(lines.filter((l) => l === '').length, 6 + 1);
    assert.ok(out.endsWith('\n'));
    assert.ok(!out.endsWith('\n\n'));
    assert.match(lines[lines.length - 2] ?? '', /^BACKEND +0 DOWN/);
  });

  test('every mode, at 80, 120 and 200 columns: no line wider than the terminal, no trailing spaces', () => {
    for (const mode of MODES) {
      for (const width of [80, 120, 200]) {
        const out = renderPlain(snapshot, mode, width);
        for (const line of out.split('\n')) {
          assert.ok(line.length <= width, `mode ${mode} width ${width}: ${line}`);
          assert.equal(line, line.trimEnd());
          assert.match(line, /^[\x20-\x7e]*$/);
        }
        assert.ok(out.split('\n')[0]?.startsWith('NAME'));
      }
    }
  });

  test('STATUS mode cells: weight, status words, check', () => {
    const out = renderPlain(snapshot, 1, PLAIN_DEFAULT_WIDTH);
    // FRONTEND: no weight, no check.
    assert.match(lineOf(out, 'FRONTEND'), /^FRONTEND +OPEN +0 /);
    assert.match(lineOf(out, 's1'), /^s1 +1 no check +none +1 +0 /);
    assert.match(lineOf(out, 'app1'), /^app1 +1 DOWN +L4CON +1 +0 /);
    assert.match(lineOf(out, 'app2'), /^app2 +1 DOWN +L4CON +0 +1 /);
    assert.match(lineOf(out, 'app3'), /^app3 +1 MAINT +none /);
    assert.match(lineOf(out, 'app4'), /^app4 +1 MAINT \(via be_app~ +none /);
    assert.match(lineOf(out, 'c1'), /^c1 +1 DOWN +L7STS /);
    const wide = renderPlain(snapshot, 1, 80);
    assert.match(lineOf(wide, 'app1'), /^app1 +1 DOWN +L4CON/);
  });

  test('ERRORS mode shows durations for CL', () => {
    const out = renderPlain(snapshot, 4, PLAIN_DEFAULT_WIDTH);
    // c1: chkfail 1, chkdown 1, lastchg 6 s.
    assert.match(lineOf(out, 'c1'), /^c1 +1 DOWN +L7STS +1 +1 +6s /);
  });

  test('the proxy filter shows both proxies named web', () => {
    const out = renderPlain(snapshot, 1, 100, { proxies: ['web'] });
    const lines = out.split('\n');
    assert.deepEqual(
      lines.filter((l) => l.startsWith('>>>')),
      ['>>> web', '>>> web'],
    );
    assert.match(lines[2] ?? '', /^FRONTEND +OPEN/);
    assert.match(lines[5] ?? '', /^w1 +50 no check/);
    assert.match(lines[6] ?? '', /^BACKEND +50 UP/);
  });

  test('big counters are shortened and bytes use binary units', () => {
    const s: Service = {
      id: 'be/big',
      instance: undefined,
      label: 'be/big',
      proxy: 'be',
      name: 'big',
      kind: 'server',
      iid: 1,
      sid: 1,
      status: 'UP',
      state: { kind: 'up', raw: 'UP' },
      fields: recordFields({ weight: '1', lbtot: '123456789', bin: String(3 * 1024 ** 4), bout: String(1536 * 1024) }),
    };
    const p: Proxy = { name: 'be', iid: 1, frontend: undefined, listeners: [], servers: [s], backend: undefined, services: [s] };
    const snap: Snapshot = { at: 0, info: new Map(), proxies: [p], services: [s], byId: new Map([[s.id, s]]), columns: [] };
    const out = renderPlain(snap, 2, 80);
    assert.match(lineOf(out, 'big'), /^big +1 UP +123\.5M +.* 3\.0T +1\.5M$/);
    assert.equal(renderPlain({ ...snap, proxies: [] }, 2, 80).split('\n').length, 2);
  });

  test('an empty snapshot gives the header line alone', () => {
    const empty: Snapshot = { at: 0, info: new Map(), proxies: [], services: [], byId: new Map(), columns: [] };
    assert.equal(renderPlain(empty, 3, 80), `${renderPlain(empty, 3, 80).split('\n')[0]}\n`);
    assert.match(renderPlain(empty, 3, 80), /^NAME +W +STATUS +RATE +RMAX +RTOT +1xx +2xx +3xx +4xx +5xx +\?xx\n$/);
  });
});
