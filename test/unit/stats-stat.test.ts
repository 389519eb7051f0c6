import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseShowStat } from '../../src/stats/stat';
import type { StatFields } from '../../src/stats/types';
import { readFixture } from '../support/fixtures';

/** Every present field of each row, as [name, value] in header order. */
function pairs(rows: readonly StatFields[]): [string, string][][] {
  return rows.map((r) => r.entries());
}

function row(rows: readonly StatFields[], pxname: string, svname: string): StatFields {
  const found = rows.find((r) => r.get('pxname') === pxname && r.get('svname') === svname);
  assert.ok(found, `no row ${pxname}/${svname}`);
  return found;
}

describe('parseShowStat on the recorded 2.6.12 reply', () => {
  const text = readFixture('stat-2.6.csv');
  const { columns, rows } = parseShowStat(text);

  test('columns: header names without "# " or the phantom column after the trailing comma', () => {
    const header = (text.split('\n')[0] ?? '').slice(2).split(',');
    assert.equal(header[header.length - 1], '');
    assert.deepEqual(columns, header.slice(0, -1));
    assert.equal(columns[0], 'pxname');
    assert.ok(!columns.includes(''));
  });

  test('keeps the "-" separator and the module counters after it', () => {
    const dash = columns.indexOf('-');
    assert.ok(dash > 0);
    assert.ok(columns.indexOf('h2_headers_rcvd') > dash);
    assert.ok(columns.indexOf('ssl_sess') > dash);
    assert.equal(row(rows, 'fe_main', 'FRONTEND').get('h2_headers_rcvd'), '0');
    // Every row carries a literal "-" in the separator column; kept as data like any other field.
    assert.equal(row(rows, 'fe_main', 'FRONTEND').get('-'), '-');
  });

  test('one row per object, trailing blank line ignored', () => {
    assert.equal(rows.length, text.split('\n').filter((l) => l !== '').length - 1);
    assert.equal(rows.length, 17);
  });

  test('fields by name; empty fields are absent, not "" or 0', () => {
    const fe = row(rows, 'fe_main', 'FRONTEND');
    assert.equal(fe.get('status'), 'OPEN');
    assert.equal(fe.get('type'), '0');
    assert.equal(fe.get('weight'), undefined);
    assert.equal(fe.entries().some(([name]) => name === 'weight'), false);
    assert.equal(fe.get('slim'), '9982');
    for (const r of rows) for (const [, v] of r.entries()) assert.notEqual(v, '');

    const app4 = row(rows, 'be_app', 'app4');
    assert.equal(app4.get('status'), 'MAINT (via be_app/app3)');
    assert.equal(app4.get('tracked'), 'be_app/app3');
    const app1 = row(rows, 'be_app', 'app1');
    assert.equal(app1.get('status'), 'DOWN');
    assert.equal(app1.get('check_status'), 'L4CON');
    assert.equal(app1.get('last_chk'), 'Connection refused');
    assert.equal(app1.get('addr'), '127.0.0.1:18091');
    assert.equal(row(rows, 'be_app', 'app2').get('bck'), '1');
    assert.equal(row(rows, 'be_app', 'app3').get('status'), 'MAINT');
    assert.equal(row(rows, 'web', 'w1').get('weight'), '50');
    assert.equal(row(rows, 'fe_main', 'main1').get('type'), '3');
  });

  test('a quoted field with a comma and doubled quotes, as HAProxy really sends it', () => {
    const c1 = row(rows, 'be_chk', 'c1');
    assert.equal(c1.get('last_chk'), 'Bad, "really" bad');
    assert.equal(c1.get('check_status'), 'L7STS');
    assert.equal(c1.get('check_code'), '503');
    // The fields after the quoted one are still in their named places.
    assert.equal(c1.get('check_desc'), 'Layer7 wrong status');
    assert.equal(c1.get('addr'), '127.0.0.1:18096');
  });
});

describe('parseShowStat across versions: same field, same value, whatever its position', () => {
  const versions = ['1.8', '2.0', '2.4', '2.8', '3.0', '3.3'] as const;
  const parsed = new Map(versions.map((v) => [v, parseShowStat(readFixture(`stat-${v}.csv`))]));

  for (const v of versions) {
    const { columns, rows } = parsed.get(v) ?? assert.fail(v);
    test(`${v}`, () => {
      const fe = row(rows, 'www', 'FRONTEND');
      assert.equal(fe.get('status'), 'OPEN');
      assert.equal(fe.get('scur'), '5');
      assert.equal(fe.get('weight'), undefined);
      assert.equal(fe.get('check_status'), undefined);

      const a1 = row(rows, 'app', 'a1');
      assert.deepEqual(
        [a1.get('status'), a1.get('weight'), a1.get('scur'), a1.get('check_status'), a1.get('check_code'), a1.get('sid')],
        ['UP', '10', '3', 'L7OK', '200', '1'],
      );
      const a2 = row(rows, 'app', 'a2');
      assert.deepEqual([a2.get('status'), a2.get('weight'), a2.get('scur'), a2.get('check_status')], ['UP 1/3', '10', '2', 'L4TOUT']);
      assert.equal(a2.get('check_code'), undefined);
      const a3 = row(rows, 'app', 'a3');
      assert.equal(a3.get('status'), 'MAINT (via app/a1)');
      assert.equal(a3.get('tracked'), 'app/a1');
      const a4 = row(rows, 'app', 'a4');
      assert.deepEqual([a4.get('status'), a4.get('check_status'), a4.get('check_code')], ['DOWN', 'L7STS', '503']);
      assert.equal(a4.get('last_chk'), 'Bad, "really" bad');
      assert.equal(a4.get('check_desc'), 'Layer7 wrong status');
      assert.equal(a4.get('addr'), '10.0.0.5:8080');
      assert.equal(row(rows, 'app', 'BACKEND').get('algo'), 'roundrobin');
      assert.equal(row(rows, 'web', 'w1').get('status'), 'no check');

      // Before 3.0 a quoted field may hold a raw LF; 3.0 flattens it to a space.
      const pre30 = v === '1.8' || v === '2.0' || v === '2.4' || v === '2.8';
      assert.equal(a2.get('last_agt'), pre30 ? 'agent says:\nline two' : 'agent says: line two');
      // The raw LF must not have split the record: the fields after it are in place.
      assert.equal(a2.get('addr'), '10.0.0.2:8080');
      assert.equal(a2.get('check_desc'), 'Layer4 timeout');

      const hasDash = v !== '1.8' && v !== '2.0';
      assert.equal(columns.includes('-'), hasDash);
      if (hasDash) {
        assert.ok(columns.indexOf('h2_headers_rcvd') > columns.indexOf('-'));
        assert.equal(a1.get('h2_headers_rcvd'), '0');
        assert.equal(a1.get('ssl_sess'), '0');
        assert.equal(a1.get('-'), '-');
      }
    });
  }

  test('index 100 changed meaning in 2.8: agg_server_status read by name', () => {
    const c24 = parsed.get('2.4')?.columns ?? [];
    const c28 = parsed.get('2.8')?.columns ?? [];
    assert.equal(c24[99], 'uweight');
    assert.equal(c24.includes('agg_server_status'), false);
    assert.equal(c28[100], 'agg_server_status');
    assert.equal(c28[101], 'agg_server_check_status');
    const be = row(parsed.get('2.8')?.rows ?? [], 'app', 'BACKEND');
    assert.equal(be.get('agg_server_status'), '0');
    assert.equal(be.get('uweight'), '20');
  });

  test('3.3 adds reqbin reqbout resbin resbout priv_idle_cur; older versions simply lack them', () => {
    const a1v33 = row(parsed.get('3.3')?.rows ?? [], 'app', 'a1');
    assert.equal(a1v33.get('reqbin'), '12000');
    assert.equal(a1v33.get('priv_idle_cur'), '0');
    const a1v30 = row(parsed.get('3.0')?.rows ?? [], 'app', 'a1');
    assert.equal(a1v30.get('reqbin'), undefined);
  });

  test('listeners (option socket-stats) are rows of type 3', () => {
    const rows = parsed.get('2.8')?.rows ?? [];
    const sock = row(rows, 'www', 'sock-2');
    assert.equal(sock.get('type'), '3');
    assert.equal(sock.get('addr'), '[::1]:8080');
  });
});

describe('parseShowStat edge cases', () => {
  test('unknown columns are kept under their header name', () => {
    const { columns, rows } = parseShowStat('# pxname,svname,status,zz_future,-,quic_x,\nb,s,UP,7,,3,\n\n');
    assert.deepEqual(columns, ['pxname', 'svname', 'status', 'zz_future', '-', 'quic_x']);
    assert.deepEqual(pairs(rows), [[['pxname', 'b'], ['svname', 's'], ['status', 'UP'], ['zz_future', '7'], ['quic_x', '3']]]);
    assert.equal(rows[0]?.get('zz_future'), '7');
    assert.equal(rows[0]?.get('-'), undefined);
  });

  test('a header-only reply (a filter that matched nothing) has no rows', () => {
    assert.deepEqual(parseShowStat('# pxname,svname,status,\n\n').rows, []);
  });

  test('short rows lack the missing fields; values past the header are dropped', () => {
    const { rows } = parseShowStat('# pxname,svname,status,\nb,s\nb,t,UP,extra,more\n');
    assert.deepEqual(pairs(rows), [
      [['pxname', 'b'], ['svname', 's']],
      [['pxname', 'b'], ['svname', 't'], ['status', 'UP']],
    ]);
    assert.equal(rows[0]?.get('status'), undefined);
    assert.equal(rows[1]?.get('status'), 'UP');
  });

  test('a repeated header name keeps its first column', () => {
    const { columns, rows } = parseShowStat('# pxname,svname,x,x,\nb,s,1,2,\n');
    assert.deepEqual(columns, ['pxname', 'svname', 'x']);
    assert.equal(rows[0]?.get('x'), '1');
    assert.deepEqual(rows[0]?.entries(), [['pxname', 'b'], ['svname', 's'], ['x', '1']]);
  });

  test('a "__proto__" column is data like any other; names of Object.prototype are not fields', () => {
    const { rows } = parseShowStat('# pxname,svname,__proto__,\nb,s,p,\n');
    const r = rows[0] ?? assert.fail('no row');
    assert.equal(r.get('__proto__'), 'p');
    assert.deepEqual(r.entries(), [['pxname', 'b'], ['svname', 's'], ['__proto__', 'p']]);
    for (const name of ['constructor', 'toString', 'hasOwnProperty', 'valueOf']) assert.equal(r.get(name), undefined, name);
  });

  test('CRLF line endings are tolerated', () => {
    const { columns, rows } = parseShowStat('# pxname,svname,status,\r\nb,s,UP,\r\n\r\n');
    assert.deepEqual(columns, ['pxname', 'svname', 'status']);
    assert.deepEqual(pairs(rows), [[['pxname', 'b'], ['svname', 's'], ['status', 'UP']]]);
    assert.equal(rows[0]?.get('status'), 'UP');
  });

  const garbage: ReadonlyArray<readonly [string, string]> = [
    ['an unknown-command reply', "Unknown command: 'show stats'. Please enter one of the following commands only:\n  help\n"],
    ['permission denied', 'Permission denied\n\n'],
    ['empty text', ''],
    ['a CSV without the "# " header', 'pxname,svname,status,\nb,s,UP,\n'],
    ['a "#" line that is not the stat header', '# hello,world\n'],
    ['show info text', 'Name: HAProxy\nVersion: 2.6.12\n'],
  ];
  for (const [what, text] of garbage) {
    test(`throws a clear error on ${what}`, () => {
      assert.throws(() => parseShowStat(text), (err: unknown) => {
        assert.ok(err instanceof Error);
        assert.match(err.message, /^unexpected show stat output: /);
        const first = text.split('\n')[0] ?? '';
        assert.ok(err.message.includes(JSON.stringify(first.slice(0, 80)).slice(1, -1)), err.message);
        return true;
      });
    });
  }

  test('the quoted first line is truncated', () => {
    const long = 'x'.repeat(500);
    assert.throws(() => parseShowStat(long), (err: unknown) => {
      assert.ok(err instanceof Error);
      assert.ok(err.message.length < 120, err.message);
      assert.ok(err.message.includes('x'.repeat(80) + '...'));
      return true;
    });
  });
});

describe('parseShowStat at scale', () => {
  test('a 10,000-server reply parses every row, quoted fields included', () => {
    const header = '# pxname,svname,qcur,scur,status,weight,iid,sid,type,check_status,last_chk,addr,-,h2_x,';
    const lines = [header, 'big,FRONTEND,,12,OPEN,,2,0,0,,,,,0,'];
    for (let i = 1; i <= 10_000; i++) {
      const lastChk = i % 100 === 0 ? `"err, ""${i}""\nsecond line"` : 'OK';
      lines.push(`big_be,s${i},0,${i % 7},UP,${i % 256},3,${i},2,L7OK,${lastChk},10.1.${i >> 8}.${i & 255}:80,,${i},`);
    }
    lines.push('big_be,BACKEND,0,42,UP,9999,3,0,1,,,,,0,');
    const { columns, rows } = parseShowStat(lines.join('\n') + '\n\n');
    assert.equal(columns.length, 14);
    assert.equal(rows.length, 10_002);
    const s100 = rows[100] ?? assert.fail('no row 100');
    assert.equal(s100.get('svname'), 's100');
    assert.equal(s100.get('last_chk'), 'err, "100"\nsecond line');
    assert.equal(s100.get('addr'), '10.1.0.100:80');
    assert.equal(s100.get('h2_x'), '100');
    const last = rows[10_000] ?? assert.fail('no last server');
    assert.equal(last.get('svname'), 's10000');
    assert.equal(last.get('last_chk'), 'err, "10000"\nsecond line');
    assert.equal(last.get('sid'), '10000');
    assert.equal(rows[10_001]?.get('svname'), 'BACKEND');
  });
});
