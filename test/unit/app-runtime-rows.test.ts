import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { arrangeRows, findRow, stepRow } from '../../src/app/runtime-rows';
import { renderRuntimePlain, runtimeWidths } from '../../src/view/runtime-layout';
import { col, pathCol } from '../../src/views/common';
import type { RuntimeTable } from '../../src/views';

const table: RuntimeTable = {
  title: 'T',
  columns: [col('KEY', 6, 12, 'left', 'text', true), col('RATE', 4, 6, 'right')],
  rows: [
    { key: 'a', cells: ['10.0.0.1', '5'] },
    { key: 'b', cells: ['10.0.0.2', '12'] },
    { key: 'c', cells: ['192.0.2.9', '-'] },
    { key: 's', cells: ['Second part', ''], section: true },
    { key: 'd', cells: ['10.0.0.3', '7'] },
  ],
};

describe('runtime view rows', () => {
  test('sorted within their section, numbers as numbers and rows without one last; sections stay', () => {
    assert.deepEqual(arrangeRows(table, '', { column: 1, desc: true }).map((r) => r.key), ['b', 'a', 'c', 's', 'd']);
    assert.deepEqual(arrangeRows(table, '', { column: 1, desc: false }).map((r) => r.key), ['a', 'b', 'c', 's', 'd']);
    assert.deepEqual(arrangeRows(table, '', { column: 0, desc: true }).map((r) => r.key), ['c', 'b', 'a', 's', 'd']);
  });

  test('filtered as text, any case; a section shows only with a row of its own passing', () => {
    assert.deepEqual(arrangeRows(table, '10.0.0', undefined).map((r) => r.key), ['a', 'b', 's', 'd']);
    assert.deepEqual(arrangeRows(table, '192', undefined).map((r) => r.key), ['c']);
    assert.deepEqual(arrangeRows(table, 'SECOND', undefined).map((r) => r.key), []);
  });

  test('moving skips section lines and stops at the ends; find wraps around', () => {
    const rows = arrangeRows(table, '', undefined);
    assert.equal(stepRow(rows, 'c', 'down', 10), 'd');
    assert.equal(stepRow(rows, 'd', 'down', 10), 'd');
    assert.equal(stepRow(rows, 'd', 'home', 10), 'a');
    assert.equal(stepRow(rows, 'gone', 'down', 10), 'b');
    assert.equal(stepRow([], undefined, 'down', 10), undefined);
    assert.equal(findRow(rows, '10.0.0', 'b', 1, true), 'd');
    assert.equal(findRow(rows, '10.0.0', 'd', 1, true), 'a');
    assert.equal(findRow(rows, '10.0.0', 'a', -1, true), 'd');
    assert.equal(findRow(rows, 'nothing', 'a', 1), undefined);
  });
});

describe('runtime view layout', () => {
  test('ideal widths with the spare to the growing column; shrunk, then dropped from the right when narrow', () => {
    assert.deepEqual(runtimeWidths(table.columns, 30), [23, 6]);
    assert.deepEqual(runtimeWidths(table.columns, 12), [6, 5]);
    assert.deepEqual(runtimeWidths(table.columns, 8), [8, 0]);
  });

  test('--once text: title, header, rows, sections marked; a refusal instead of rows', () => {
    assert.equal(renderRuntimePlain(table, 30), ['T', 'KEY                       RATE', '10.0.0.1                     5', '10.0.0.2                    12', '192.0.2.9                    -', '>>> Second part', '10.0.0.3                     7', ''].join('\n'));
    assert.equal(renderRuntimePlain({ ...table, refusal: 'This HAProxy has no show ssl cert.' }, 40), 'T\nThis HAProxy has no show ssl cert.\n');
  });
});

describe('a path column', () => {
  test('too long, it keeps the file name and loses the head of the path', () => {
    const paths: RuntimeTable = { title: 'P', columns: [pathCol('FILE', 8, 40)], rows: [{ key: 'a', cells: ['/etc/haproxy/certs/www.example.com.pem'] }] };
    assert.equal(renderRuntimePlain(paths, 20).split('\n')[2], '~www.example.com.pem');
  });
});
