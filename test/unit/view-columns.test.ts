import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Service, ServiceKind } from '../../src/stats/types';
import { recordFields } from '../../src/stats/stat';
import {
  columnsFor,
  MODE_COLUMNS,
  STATUS_COLUMN_ID,
  type ColumnDef,
  type ModeId,
} from '../../src/view/columns';
import { VIEWS } from '../../src/views';
import { formatCells, layoutWidths } from '../../src/view/layout';

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
    sid: kind === 'server' ? 1 : 0,
    status,
    state: { kind: 'unknown', raw: status },
    fields: recordFields({ pxname: 'px', svname: name, status, ...fields }),
  };
}

const MODES: readonly ModeId[] = [1, 2, 3, 4];

function col(mode: ModeId, header: string): ColumnDef {
  const found = columnsFor(mode).find((c) => c.header === header);
  assert.ok(found, `mode ${mode} has column ${header}`);
  return found;
}

describe('modes', () => {
  test('view names as hatop shows them, then the runtime views, in key order', () => {
    assert.deepEqual(VIEWS.map((v) => `${v.mode} ${v.name}`), ['1 STATUS', '2 TRAFFIC', '3 HTTP', '4 ERRORS', '5 CLI', '6 SESSIONS', '7 TABLES', '8 MAPS', '9 CERTS', '0 INFO']);
  });

  test("every mode's headers and CSV fields are hatop's, in hatop's order", () => {
    const expected: Record<ModeId, readonly (readonly [string, string])[]> = {
      1: [
        ['NAME', 'svname'], ['W', 'weight'], ['STATUS', 'status'], ['CHECK', 'check_status'], ['ACT', 'act'],
        ['BCK', 'bck'], ['QCUR', 'qcur'], ['QMAX', 'qmax'], ['SCUR', 'scur'], ['SMAX', 'smax'], ['SLIM', 'slim'],
        ['STOT', 'stot'],
      ],
      2: [
        ['NAME', 'svname'], ['W', 'weight'], ['STATUS', 'status'], ['LBTOT', 'lbtot'], ['RATE', 'rate'],
        ['RLIM', 'rate_lim'], ['RMAX', 'rate_max'], ['BIN', 'bin'], ['BOUT', 'bout'],
      ],
      3: [
        ['NAME', 'svname'], ['W', 'weight'], ['STATUS', 'status'], ['RATE', 'req_rate'], ['RMAX', 'req_rate_max'],
        ['RTOT', 'req_tot'], ['1xx', 'hrsp_1xx'], ['2xx', 'hrsp_2xx'], ['3xx', 'hrsp_3xx'], ['4xx', 'hrsp_4xx'],
        ['5xx', 'hrsp_5xx'], ['?xx', 'hrsp_other'],
      ],
      4: [
        ['NAME', 'svname'], ['W', 'weight'], ['STATUS', 'status'], ['CHECK', 'check_status'], ['CF', 'chkfail'],
        ['CD', 'chkdown'], ['CL', 'lastchg'], ['ECONN', 'econ'], ['EREQ', 'ereq'], ['ERSP', 'eresp'],
        ['DREQ', 'dreq'], ['DRSP', 'dresp'], ['DOWN', 'downtime'],
      ],
    };
    for (const mode of MODES) {
      assert.deepEqual(
        columnsFor(mode).map((c) => [c.header, c.field]),
        expected[mode],
        `mode ${mode}`,
      );
      assert.equal(columnsFor(mode), MODE_COLUMNS[mode]);
    }
  });

  test('every numeric cell reads its own field', () => {
    for (const mode of MODES) {
      for (const c of columnsFor(mode)) {
        if (c.align !== 'right' || c.field === undefined) continue;
        // A distinctive value in this column's field only; everything else absent.
        const s = svc('s1', 'server', 'UP', { [c.field]: '7' });
        const out = columnsFor(mode).map((other) => other.cell(s, 10));
        const expected = c.field === 'lastchg' || c.field === 'downtime' ? '7s' : '7';
        assert.equal(out[columnsFor(mode).indexOf(c)], expected, `mode ${mode} ${c.header}`);
        columnsFor(mode).forEach((other, i) => {
          if (other !== c && other.align === 'right') assert.equal(out[i], '', `mode ${mode} ${other.header} blank`);
        });
      }
    }
  });

  test('ids are unique per mode, widths are sane, headers fit their minimum', () => {
    for (const mode of MODES) {
      const cols = columnsFor(mode);
      assert.equal(new Set(cols.map((c) => c.id)).size, cols.length);
      assert.equal(cols.filter((c) => c.grow === true).length, 1);
      assert.equal(cols[0]?.header, 'NAME');
      assert.ok(cols.some((c) => c.id === STATUS_COLUMN_ID));
      for (const c of cols) {
        assert.ok(c.min <= c.ideal, `${c.header} min <= ideal`);
        assert.ok(c.header.length <= c.min, `${c.header} fits its min`);
      }
    }
  });
});

describe('cells', () => {
  test('NAME shows svname; FRONTEND and BACKEND rows by those names; long names keep their head', () => {
    const name = col(1, 'NAME');
    assert.equal(name.cell(svc('FRONTEND', 'frontend', 'OPEN'), 20), 'FRONTEND');
    assert.equal(name.cell(svc('BACKEND', 'backend', 'UP'), 20), 'BACKEND');
    assert.equal(name.cell(svc('very_long_server_name_01', 'server', 'UP'), 15), 'very_long_serv~');
  });

  test('W is the weight, blank when absent (frontends)', () => {
    const w = col(1, 'W');
    assert.equal(w.cell(svc('s1', 'server', 'UP', { weight: '100' }), 3), '100');
    assert.equal(w.cell(svc('s1', 'server', 'UP', { weight: '0' }), 3), '0');
    assert.equal(w.cell(svc('FRONTEND', 'frontend', 'OPEN'), 3), '');
  });

  test('CHECK: check_status (running marker kept), none for servers without checks, blank for FE/BE', () => {
    for (const mode of [1, 4] as const) {
      const check = col(mode, 'CHECK');
      assert.equal(check.cell(svc('s1', 'server', 'UP', { check_status: 'L7OK' }), 9), 'L7OK');
      assert.equal(check.cell(svc('s1', 'server', 'UP', { check_status: '* L4CON' }), 9), '* L4CON');
      assert.equal(check.cell(svc('s1', 'server', 'no check'), 9), 'none');
      assert.equal(check.cell(svc('FRONTEND', 'frontend', 'OPEN'), 9), '');
      assert.equal(check.cell(svc('BACKEND', 'backend', 'UP', { check_status: 'L7OK' }), 9), '');
      assert.equal(check.cell(svc('l1', 'listener', 'WAITING'), 9), '');
    }
  });

  test('STATUS keeps its word and transition', () => {
    const status = col(1, 'STATUS');
    assert.equal(status.cell(svc('s1', 'server', 'DOWN 1/2'), status.min), 'DOWN 1/2');
    assert.equal(status.cell(svc('s1', 'server', 'DRAIN 1/2'), status.min), 'DRAIN 1/2');
    assert.equal(status.cell(svc('s1', 'server', 'MAINT (via bk_x/srv9)'), 11), 'MAINT (via~');
    assert.equal(status.cell(svc('s1', 'server', 'MAINT (via bk_x/srv9)'), status.min), 'MAINT');
    for (const word of ['DOWN 1/2', 'MAINT', 'no check', 'WAITING']) {
      assert.ok(word.length <= status.min, `${word} fits the STATUS minimum`);
    }
  });

  test('CL and DOWN are durations; BIN and BOUT are bytes; counters shorten', () => {
    const s = svc('s1', 'server', 'UP', {
      lastchg: String(3 * 86400 + 7),
      downtime: String(12 * 60),
      bin: String(5 * 1024 ** 3),
      bout: '512',
      stot: '123456789',
    });
    assert.equal(col(4, 'CL').cell(s, 5), '3d');
    assert.equal(col(4, 'DOWN').cell(s, 5), '12m');
    assert.equal(col(2, 'BIN').cell(s, 4), '5.0G');
    assert.equal(col(2, 'BOUT').cell(s, 4), '512');
    assert.equal(col(1, 'STOT').cell(s, 4), '123M');
    assert.equal(col(1, 'STOT').cell(s, 9), '123456789');
  });

  test('absent counters stay blank, zero stays 0', () => {
    const s = svc('FRONTEND', 'frontend', 'OPEN', { scur: '0', qcur: undefined });
    assert.equal(col(1, 'SCUR').cell(s, 5), '0');
    assert.equal(col(1, 'QCUR').cell(s, 5), '');
  });
});

describe('STATUS is never cut at 80..200 columns', () => {
  const statuses = [
    'DOWN 1/2', 'UP 1/3', 'NOLB 1/2', 'DRAIN 1/2', 'MAINT', 'no check', 'WAITING', 'OPEN', 'PAUSED',
    'MAINT (via bk_x/srv9)', 'MAINT (resolution)', 'DOWN (agent)', 'DRAIN (agent)',
  ];
  // The part that must always be shown whole: the word plus any transition.
  const essential = (st: string): string => /^(no check|\S+)( \d+\/\d+)?/.exec(st)?.[0] ?? st;
  for (const mode of MODES) {
    test(`mode ${mode}`, () => {
      const cols = columnsFor(mode);
      const at = cols.findIndex((c) => c.id === STATUS_COLUMN_ID);
      for (let total = 80; total <= 200; total++) {
        const widths = layoutWidths(cols, total);
        for (const st of statuses) {
          const cell = formatCells(svc('s1', 'server', st), cols, widths)[at] ?? '';
          assert.ok(cell.startsWith(essential(st)), `${total} cols: '${st}' shown as '${cell}'`);
          assert.ok(!cell.trimEnd().endsWith('~') || cell.startsWith(`${essential(st)} (`), `${total}: '${cell}'`);
        }
      }
      const at80 = formatCells(svc('s1', 'server', 'DOWN 1/2'), cols, layoutWidths(cols, 80))[at];
      assert.equal(at80?.trimEnd(), 'DOWN 1/2');
    });
  }
});
