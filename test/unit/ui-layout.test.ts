// Column widths on screen follow the terminal: NAME takes the spare width, statuses keep their words.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { initialScroll, renderFrame } from '../../src/ui/frame';
import { syntheticSnapshot, untag, viewState, sid } from '../support/snapshots';

const LONG = 'a-rather-long-server-name-for-the-layout-tests-01';
const SHORT_STATUSES: Record<string, string> = {
  web2: 'DOWN 1/2',
  web3: 'UP 2/3',
  web4: 'no check',
  web5: 'DRAIN 1/2',
  web6: 'NOLB 1/2',
  web7: 'MAINT',
};
const snap = syntheticSnapshot([
  {
    name: 'bk_layout',
    iid: 2,
    frontend: true,
    servers: [
      { name: LONG, status: 'UP 1/3', weight: 100 },
      ...Object.entries(SHORT_STATUSES).map(([name, status], i) => ({ name, status, weight: i * 7 })),
      { name: 'web9', status: `MAINT (via bk_other/${LONG})`, weight: 256 },
    ],
    backend: true,
  },
]);

function table(width: number, mode: 1 | 2 | 3 | 4): { header: string; rows: Map<string, string> } {
  const frame = renderFrame(viewState(snap, { mode, selectedId: sid('bk_layout/web4') }), initialScroll, {
    width,
    height: 30,
    now: new Date(0),
    version: 'x',
    address: 'sock',
    theme: { color: true },
  });
  const text = frame.lines.map(untag);
  const at = text.findIndex((l) => l.startsWith(' NAME '));
  const rows = new Map<string, string>();
  for (const line of text.slice(at + 1, at + 13)) {
    const name = line.trim().split(/\s+/)[0] ?? '';
    if (name !== '' && name !== '>>>') rows.set(name, line);
  }
  return { header: text[at] ?? '', rows };
}

const WIDTHS = [80, 120, 200] as const;
const MODES = [1, 2, 3, 4] as const;

describe('table layout across terminal widths', () => {
  test('the header is as wide as the terminal in every view; the most crowded view fills it (one column of margin each side)', () => {
    for (const width of WIDTHS) {
      const used = MODES.map((mode) => {
        const { header } = table(width, mode);
        assert.equal(header.length, width);
        assert.ok(header.trimEnd().length <= width - 1, `mode ${mode} at ${width}: ${JSON.stringify(header)}`);
        return header.trimEnd().length;
      });
      assert.equal(Math.max(...used), width - 1, `at ${width}, the view with the narrowest NAME reaches the margin: ${used.join(', ')}`);
    }
  });

  // NAME is as wide in every view as in the most crowded one, so changing views never moves W or STATUS.
  test('NAME, W and STATUS keep their columns across views 1-4, at every width', () => {
    for (const width of [60, ...WIDTHS]) {
      const at = MODES.map((mode) => {
        const { header, rows } = table(width, mode);
        const line = rows.get('web4') ?? '';
        return { w: header.indexOf(' W ') + 1, status: header.indexOf('STATUS'), wCell: line.slice(0, header.indexOf(' W ') + 2).trimEnd().length, statusCell: line.indexOf('no check') };
      });
      for (const [i, mode] of MODES.entries()) {
        assert.deepEqual(at[i], at[0], `at ${width}: view ${mode} ${JSON.stringify(at[i])} vs view 1 ${JSON.stringify(at[0])}`);
      }
      assert.ok((at[0]?.statusCell ?? -1) === at[0]?.status, `the STATUS cell starts under its title at ${width}`);
    }
  });

  test('NAME takes the spare width: STATUS moves right as the terminal grows', () => {
    for (const mode of MODES) {
      const x = WIDTHS.map((w) => table(w, mode).header.indexOf('STATUS'));
      assert.ok(x[0]! < x[1]! && x[1]! < x[2]!, `mode ${mode}: STATUS at ${x.join(', ')}`);
      // everything right of STATUS keeps its width: the growth is NAME's (and STATUS's, up to its longest text)
      const next = { 1: 'CHECK', 2: 'LBTOT', 3: 'RATE', 4: 'CHECK' }[mode];
      const tail = WIDTHS.map((w) => table(w, mode).header.trimEnd().length - table(w, mode).header.indexOf(next));
      assert.equal(tail[1], tail[2], `mode ${mode}: columns after STATUS are at their ideal width from 120 on`);
    }
  });

  test('STATUS widens to show a long status whole when there is room (MAINT (via px/srv))', () => {
    const header = table(200, 1).header;
    const width = header.indexOf('CHECK') - header.indexOf('STATUS') - 1;
    assert.equal(width, `MAINT (via bk_other/${LONG})`.length, header);
    assert.ok(table(200, 1).rows.has(LONG), 'NAME got its longest name first');
    const narrow = table(80, 1).header;
    assert.ok(narrow.indexOf('CHECK') - narrow.indexOf('STATUS') - 1 < width, narrow);
  });

  test('a long name is whole when there is room and cut with ~ when not', () => {
    for (const mode of MODES) {
      const wide = table(200, mode).rows;
      assert.ok(wide.has(LONG), `mode ${mode} at 200: ${[...wide.keys()].join(' ')}`);
      const narrow = [...table(80, mode).rows.keys()].find((n) => n.startsWith('a-rather'));
      assert.ok(narrow !== undefined && narrow.endsWith('~') && LONG.startsWith(narrow.slice(0, -1)), `mode ${mode} at 80: ${narrow}`);
    }
  });

  test('DOWN 1/2-style statuses are never cut, at any width, in any view', () => {
    for (const width of [60, ...WIDTHS]) {
      for (const mode of MODES) {
        const { header, rows } = table(width, mode);
        const x = header.indexOf('STATUS');
        for (const [name, status] of Object.entries(SHORT_STATUSES)) {
          const line = rows.get(name) ?? '';
          const cell = line.slice(x).split(/ {2,}/)[0]?.replace(/ \d+$/, '').trim() ?? '';
          assert.ok(line.slice(x).startsWith(status), `${name} at ${width} mode ${mode}: STATUS cell ${JSON.stringify(cell)}`);
        }
        const long = [...rows].find(([n]) => n.startsWith('a-rathe'))?.[1] ?? '';
        assert.ok(long.slice(x).startsWith('UP 1/3'), `UP 1/3 at ${width}: ${long}`);
      }
    }
  });

  test('a long MAINT (via ...) keeps its word and marks the cut', () => {
    for (const width of [60, ...WIDTHS]) {
      const { header, rows } = table(width, 1);
      const x = header.indexOf('STATUS');
      const cell = rows.get('web9')?.slice(x) ?? '';
      assert.match(cell, /^MAINT( \(via[^ ]*~)? /, `at ${width}: ${JSON.stringify(cell)}`);
    }
  });

  test('values line up under their titles (W right-aligned, STATUS left-aligned)', () => {
    for (const width of WIDTHS) {
      for (const mode of MODES) {
        const { header, rows } = table(width, mode);
        const wEnd = header.indexOf(' W ') + 1;
        const sx = header.indexOf('STATUS');
        for (const [name, line] of rows) {
          if (name === 'FRONTEND') {
            assert.equal(line[wEnd], ' ', 'a frontend has no weight: blank, not 0');
            continue;
          }
          assert.match(line[wEnd] ?? '', /\d/, `${name}: W at ${wEnd} in ${JSON.stringify(line)}`);
          assert.equal(line[wEnd + 1], ' ');
          assert.notEqual(line[sx], ' ', `${name}: STATUS starts at ${sx}`);
          assert.equal(line[sx - 1], ' ');
        }
      }
    }
  });

  test('mode 1 counters: STOT right-aligned under its title, the last column; what NAME leaves is blank after it', () => {
    for (const width of WIDTHS) {
      const { header, rows } = table(width, 1);
      const end = header.indexOf('STOT') + 3;
      assert.equal(header.trimEnd().length, end + 1, `STOT is the last title at ${width}`);
      assert.ok(end <= width - 2, `within the margin at ${width}`);
      for (const [name, line] of rows) {
        assert.equal(line.slice(end - 1, end + 1), '42', `${name} at ${width}`);
        assert.equal(line.slice(end + 1).trim(), '', `${name} at ${width}: nothing after STOT`);
      }
    }
  });
});
