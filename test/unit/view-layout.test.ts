import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Service, ServiceKind } from '../../src/stats/types';
import { recordFields } from '../../src/stats/stat';
import { columnsFor, type ColumnDef, type ModeId } from '../../src/view/columns';
import { formatCells, formatHeader, formatLine, joinCells, layoutWidths } from '../../src/view/layout';

function svc(
  name: string,
  kind: ServiceKind,
  status: string,
  fields: Record<string, string | undefined> = {},
): Service {
  return {
    id: `px/${name}`,
    instance: undefined,
    label: `px/${name}`,
    proxy: 'px',
    name,
    kind,
    iid: 3,
    sid: 1,
    status,
    state: { kind: 'unknown', raw: status },
    fields: recordFields(fields),
  };
}

const MODES: readonly ModeId[] = [1, 2, 3, 4];
const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
const visible = (ws: readonly number[]): number => ws.filter((w) => w > 0).length;
const used = (ws: readonly number[], gap = 1): number => sum(ws) + gap * Math.max(0, visible(ws) - 1);

describe('layoutWidths', () => {
  for (const total of [80, 120, 200]) {
    test(`every mode at ${total} columns: all columns shown, exact fit, NAME gets the spare`, () => {
      for (const mode of MODES) {
        const cols = columnsFor(mode);
        const widths = layoutWidths(cols, total);
        assert.equal(widths.length, cols.length);
        assert.equal(used(widths), total, `mode ${mode}`);
        cols.forEach((c, i) => assert.ok((widths[i] ?? 0) >= c.min, `mode ${mode} ${c.header} >= min`));
        if (total >= 120) {
          // Wide enough: everyone at ideal, NAME above it.
          cols.forEach((c, i) => {
            if (c.grow !== true) assert.equal(widths[i], c.ideal, `mode ${mode} ${c.header} ideal`);
          });
          assert.ok((widths[0] ?? 0) > (cols[0]?.ideal ?? 0));
        }
      }
    });
  }

  test('NAME stays wide at 80 columns: counters and text give way first', () => {
    for (const mode of MODES) {
      const cols = columnsFor(mode);
      const widths = layoutWidths(cols, 80);
      // Mode 4 has 13 columns: even at their minimums NAME gets 14.
      const expected = mode === 4 ? 14 : (cols[0]?.ideal ?? 0);
      assert.equal(widths[0], expected, `mode ${mode} NAME`);
    }
  });

  test('counters shrink before text columns, text before NAME', () => {
    const cols = columnsFor(1);
    const ideal = used(cols.map((c) => c.ideal));
    // Short of 3: only counters give.
    let widths = layoutWidths(cols, ideal - 3);
    assert.equal(used(widths), ideal - 3);
    cols.forEach((c, i) => {
      if (c.align === 'left') assert.equal(widths[i], c.ideal, `${c.header} untouched`);
    });
    // Counters all at min, text columns shrinking, NAME untouched.
    const counterSlack = sum(cols.map((c) => (c.align === 'right' ? c.ideal - c.min : 0)));
    widths = layoutWidths(cols, ideal - counterSlack - 4);
    cols.forEach((c, i) => {
      if (c.align === 'right') assert.equal(widths[i], c.min, `${c.header} at min`);
    });
    assert.equal(widths[0], cols[0]?.ideal);
    const status = cols.findIndex((c) => c.header === 'STATUS');
    const check = cols.findIndex((c) => c.header === 'CHECK');
    assert.equal((widths[status] ?? 0) + (widths[check] ?? 0), 18 + 9 - 4);
    // All mins: NAME shrinks last, down to its min.
    const mins = used(cols.map((c) => c.min));
    widths = layoutWidths(cols, mins);
    assert.deepEqual(widths, cols.map((c) => c.min));
  });

  test('drops trailing columns when even the minimums do not fit', () => {
    for (const mode of MODES) {
      const cols = columnsFor(mode);
      const mins = used(cols.map((c) => c.min));
      for (const total of [mins - 1, 60, 40, 20]) {
        if (total >= mins) continue;
        const widths = layoutWidths(cols, total);
        const kept = visible(widths);
        assert.ok(kept < cols.length, `mode ${mode} at ${total} drops something`);
        // Dropped ones are the trailing ones, kept ones keep at least their minimum.
        widths.forEach((w, i) => {
          if (i < kept) assert.ok(w >= (cols[i]?.min ?? 0), `mode ${mode} at ${total}: col ${i}`);
          else assert.equal(w, 0);
        });
        assert.equal(used(widths), total, `mode ${mode} at ${total} exact`);
      }
    }
  });

  test('terminal narrower than NAME: NAME takes what there is; zero or less -> nothing', () => {
    const cols = columnsFor(1);
    assert.deepEqual(layoutWidths(cols, 5), [5, ...cols.slice(1).map(() => 0)]);
    assert.deepEqual(layoutWidths(cols, 0), cols.map(() => 0));
    assert.deepEqual(layoutWidths(cols, -3), cols.map(() => 0));
    assert.deepEqual(layoutWidths([], 80), []);
  });

  test('without a grow column the spare stays unused; a wider gap is honoured', () => {
    const fixed: ColumnDef[] = [
      { id: 'a', header: 'A', align: 'left', min: 2, ideal: 4, sort: 'text', cell: () => 'a' },
      { id: 'b', header: 'B', align: 'right', min: 2, ideal: 4, sort: 'number', cell: () => 'b' },
    ];
    assert.deepEqual(layoutWidths(fixed, 50), [4, 4]);
    assert.deepEqual(layoutWidths(fixed, 7), [4, 2]);
    const cols = columnsFor(2);
    const widths = layoutWidths(cols, 100, 2);
    assert.equal(used(widths, 2), 100);
  });
});

describe('cells and lines', () => {
  const cols = columnsFor(1);

  test('each cell is exactly its width, text left, numbers right', () => {
    const widths = layoutWidths(cols, 120);
    const s = svc('app1', 'server', 'UP', { weight: '100', check_status: 'L7OK', scur: '12', stot: '1234' });
    const cells = formatCells(s, cols, widths);
    cells.forEach((c, i) => assert.equal(c.length, widths[i], `cell ${i}`));
    assert.ok(cells[0]?.startsWith('app1 '));
    assert.ok(cells[1]?.endsWith('100'));
    assert.ok(cells[2]?.startsWith('UP '));
    assert.ok(cells[cols.length - 1]?.endsWith('1234'));
    const line = joinCells(cells);
    assert.equal(line.length, 120);
    assert.equal(formatLine(s, cols, widths), line);
  });

  test('header aligned like its cells', () => {
    const widths = layoutWidths(cols, 80);
    const header = formatHeader(cols, widths);
    header.forEach((h, i) => assert.equal(h.length, widths[i]));
    assert.ok(header[0]?.startsWith('NAME'));
    assert.ok(header[cols.length - 1]?.endsWith('STOT'));
    assert.equal(joinCells(header).length, 80);
  });

  test('dropped columns give empty cells and take no room in the line', () => {
    const widths = layoutWidths(cols, 40);
    const cells = formatCells(svc('app1', 'server', 'UP', { stot: '5' }), cols, widths);
    widths.forEach((w, i) => {
      if (w === 0) assert.equal(cells[i], '');
    });
    assert.equal(joinCells(cells).length, 40);
    assert.equal(joinCells(formatHeader(cols, widths)).length, 40);
  });

  test('control characters in HAProxy text never reach the terminal', () => {
    const widths = layoutWidths(cols, 120);
    const s = svc('evil\x1b]0;pwned\x07', 'server', 'UP\r\n', { check_status: 'L7\x00OK' });
    const line = joinCells(formatCells(s, cols, widths));
    assert.match(line, /^[\x20-\x7e]*$/);
    assert.ok(line.startsWith('evil^[]0;pwned^G '), line);
  });

  test('a cell function that overruns its width is cut, not allowed to overflow', () => {
    const bad: ColumnDef[] = [{ id: 'x', header: 'X', align: 'left', min: 3, ideal: 3, sort: 'text', cell: () => 'toolong' }];
    assert.deepEqual(formatCells(svc('a', 'server', 'UP'), bad, [3]), ['to~']);
  });

  test('joinCells with a gap', () => {
    assert.equal(joinCells(['ab', '', 'cd'], 2), 'ab  cd');
    assert.equal(joinCells([]), '');
  });
});
