import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCsv } from '../../src/stats/csv';
import { readFixture } from '../support/fixtures';

describe('parseCsv', () => {
  test('splits plain lines and keeps the empty field after a trailing comma', () => {
    assert.deepEqual(parseCsv('a,b,c,\nd,,f,\n'), [
      ['a', 'b', 'c', ''],
      ['d', '', 'f', ''],
    ]);
  });

  test('skips empty lines, including the blank line that ends every dump', () => {
    assert.deepEqual(parseCsv('\na,b\n\n\nc,d\n\n'), [
      ['a', 'b'],
      ['c', 'd'],
    ]);
    assert.deepEqual(parseCsv(''), []);
    assert.deepEqual(parseCsv('\n\n'), []);
  });

  test('reads a last line without LF', () => {
    assert.deepEqual(parseCsv('a,b\nc,d'), [
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });

  test('unquotes a field holding a comma and doubled quotes', () => {
    assert.deepEqual(parseCsv('x,"Bad, ""really"" bad",y,\n'), [['x', 'Bad, "really" bad', 'y', '']]);
  });

  test('an empty quoted field and a field that is only a doubled quote', () => {
    assert.deepEqual(parseCsv('"",""""\n'), [['', '"']]);
  });

  test('a quoted field may hold a raw LF (pre-3.0): the record spans two lines', () => {
    assert.deepEqual(parseCsv('a,"line one\nline two",c,\nnext,row,\n'), [
      ['a', 'line one\nline two', 'c', ''],
      ['next', 'row', ''],
    ]);
  });

  test('quoted fields at the start and end of a record, and a quoted comma-only field', () => {
    assert.deepEqual(parseCsv('"a,b",x,","\n"q"\n'), [['a,b', 'x', ','], ['q']]);
  });

  test('lines before and after a quoted line still take the fast path correctly', () => {
    const text = 'p,q\n1,"2,3",4\nr,s\n"t""u",v\nw,x\n';
    assert.deepEqual(parseCsv(text), [['p', 'q'], ['1', '2,3', '4'], ['r', 's'], ['t"u', 'v'], ['w', 'x']]);
  });

  test('CRLF line endings drop the CR, a CR inside quotes is data', () => {
    assert.deepEqual(parseCsv('a,b\r\nc,"d\r"\r\n"e",f\r\n'), [
      ['a', 'b'],
      ['c', 'd\r'],
      ['e', 'f'],
    ]);
  });

  test('malformed input is read leniently, not thrown on', () => {
    // Text after a closing quote is kept; an unterminated quote takes the rest of the text.
    assert.deepEqual(parseCsv('"ab"cd,e\n'), [['abcd', 'e']]);
    assert.deepEqual(parseCsv('x,"open\nstill open'), [['x', 'open\nstill open']]);
  });

  test('the recorded 2.6.12 reply has one record per line and one quoted field', () => {
    const text = readFixture('stat-2.6.csv');
    const records = parseCsv(text);
    const lines = text.split('\n').filter((l) => l !== '');
    assert.equal(records.length, lines.length);
    const headerWidth = (records[0] as string[]).length;
    for (const r of records) assert.equal(r.length, headerWidth);
    const quoted = records.filter((r) => r.includes('Bad, "really" bad'));
    assert.equal(quoted.length, 1);
    assert.equal(quoted[0]?.[1], 'c1');
  });
});
