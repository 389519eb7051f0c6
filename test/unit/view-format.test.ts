import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Service } from '../../src/stats/types';
import { recordFields } from '../../src/stats/stat';
import {
  fieldNumber,
  fitCheck,
  fitStatus,
  fitValue,
  formatBytes,
  formatCount,
  formatDuration,
  sanitize,
  truncate,
} from '../../src/view/format';

function svc(fields: Record<string, string | undefined>): Service {
  return {
    id: 'px/s1',
    instance: undefined,
    label: 'px/s1',
    proxy: 'px',
    name: 's1',
    kind: 'server',
    iid: 2,
    sid: 1,
    status: 'UP',
    state: { kind: 'up', raw: 'UP' },
    fields: recordFields(fields),
  };
}

describe('formatCount', () => {
  test('plain integer when it fits', () => {
    assert.equal(formatCount(0, 4), '0');
    assert.equal(formatCount(9999, 4), '9999');
    assert.equal(formatCount(12345, 5), '12345');
  });
  test('undefined stays blank, never 0', () => {
    assert.equal(formatCount(undefined, 6), '');
  });
  test('decimal units, smallest unit first, one decimal when it fits', () => {
    assert.equal(formatCount(12345, 4), '12k');
    assert.equal(formatCount(12345, 3), '12k');
    assert.equal(formatCount(1234567, 4), '1.2M');
    assert.equal(formatCount(1234567, 5), '1.2M');
    assert.equal(formatCount(1234567, 3), '1M');
    assert.equal(formatCount(98765432, 4), '99M');
    assert.equal(formatCount(1_500_000_000, 4), '1.5G');
    assert.equal(formatCount(2_500_000_000_000, 4), '2.5T');
  });
  test('never shows 1000k: moves to the next unit instead', () => {
    assert.equal(formatCount(999_999, 4), '1.0M');
    assert.equal(formatCount(999_999, 5), '1.0M');
    assert.equal(formatCount(99_999, 4), '100k');
  });
  test('result never wider than the width; # when nothing fits', () => {
    for (const n of [0, 7, 99, 1000, 12345, 999_999, 1e7, 123_456_789_012, 9.9e15]) {
      for (let w = 1; w <= 8; w++) assert.ok(formatCount(n, w).length <= w, `${n} in ${w}`);
    }
    assert.equal(formatCount(12345, 2), '##');
    assert.equal(formatCount(12_345_678, 2), '##');
    assert.equal(formatCount(5, 0), '');
  });
  test('negative numbers keep their sign', () => {
    assert.equal(formatCount(-1, 3), '-1');
    assert.equal(formatCount(-12345, 4), '-12k');
  });
});

describe('formatBytes', () => {
  test('plain bytes when they fit', () => {
    assert.equal(formatBytes(0, 4), '0');
    assert.equal(formatBytes(1023, 4), '1023');
    assert.equal(formatBytes(1048576, 7), '1048576');
  });
  test('binary units in 1024 steps up to T', () => {
    assert.equal(formatBytes(1536, 3), '2K');
    assert.equal(formatBytes(15360, 4), '15K');
    assert.equal(formatBytes(15360, 3), '15K');
    assert.equal(formatBytes(1572864, 4), '1.5M');
    assert.equal(formatBytes(1048576, 4), '1.0M');
    assert.equal(formatBytes(5 * 1024 ** 3, 4), '5.0G');
    assert.equal(formatBytes(3 * 1024 ** 4, 4), '3.0T');
    assert.equal(formatBytes(3 * 1024 ** 4, 2), '3T');
  });
  test('T is the last unit: larger values stay in T', () => {
    assert.equal(formatBytes(2048 * 1024 ** 4, 5), '2048T');
    assert.equal(formatBytes(2048 * 1024 ** 4, 4), '####');
  });
  test('undefined stays blank', () => {
    assert.equal(formatBytes(undefined, 7), '');
  });
});

describe('formatDuration', () => {
  test('largest whole unit', () => {
    assert.equal(formatDuration(0), '0s');
    assert.equal(formatDuration(30), '30s');
    assert.equal(formatDuration(59), '59s');
    assert.equal(formatDuration(60), '1m');
    assert.equal(formatDuration(12 * 60 + 59), '12m');
    assert.equal(formatDuration(2 * 3600 + 3599), '2h');
    assert.equal(formatDuration(3 * 86400 + 5), '3d');
    assert.equal(formatDuration(400 * 86400), '400d');
  });
  test('absent or negative -> blank', () => {
    assert.equal(formatDuration(undefined), '');
    assert.equal(formatDuration(-1), '');
  });
  test('fitValue: whole or overflow mark, never cut digits', () => {
    assert.equal(fitValue('12m', 4), '12m');
    assert.equal(fitValue('1234d', 4), '####');
    assert.equal(fitValue('x', 0), '');
  });
});

describe('truncate and sanitize', () => {
  test('keeps the head of a name and marks the cut with ~', () => {
    assert.equal(truncate('very_long_server_name', 15), 'very_long_serv~');
    assert.equal(truncate('short', 15), 'short');
    assert.equal(truncate('exact', 5), 'exact');
    assert.equal(truncate('abc', 1), '~');
    assert.equal(truncate('abc', 0), '');
  });
  test('control characters show in caret notation; other non-ASCII becomes ?', () => {
    assert.equal(sanitize('a\x1b[31mb'), 'a^[[31mb');
    assert.equal(sanitize('x\ty\nz\x7f'), 'x^Iy^Jz^?');
    assert.equal(sanitize('\x00\x07\r\x1f'), '^@^G^M^_');
    assert.equal(sanitize('caf\u00e9 \u{1f600}'), 'caf? ?', 'one ? per code point, even outside the BMP');
    assert.equal(sanitize('c1 \x9b31m'), 'c1 ?31m', 'C1 controls are not caret-noted: ?');
    assert.equal(sanitize('plain ascii ~!'), 'plain ascii ~!');
    const mixed = 'a\x1b]0;x\x07\u00e9\x7f\t';
    assert.match(sanitize(mixed), /^[\x20-\x7e]*$/);
    assert.equal(sanitize(sanitize(mixed)), sanitize(mixed), 'sanitizing twice changes nothing');
  });
});

describe('fitStatus', () => {
  test('whole when it fits', () => {
    assert.equal(fitStatus('DOWN 1/2', 8), 'DOWN 1/2');
    assert.equal(fitStatus('no check', 8), 'no check');
    assert.equal(fitStatus('MAINT (via bk_x/srv9)', 30), 'MAINT (via bk_x/srv9)');
  });
  test('cuts the parenthesised cause, then drops it, never the word', () => {
    assert.equal(fitStatus('MAINT (via bk_x/srv9)', 11), 'MAINT (via~');
    assert.equal(fitStatus('MAINT (via bk_x/srv9)', 14), 'MAINT (via bk~');
    assert.equal(fitStatus('MAINT (via bk_x/srv9)', 10), 'MAINT');
    assert.equal(fitStatus('MAINT (via bk_x/srv9)', 5), 'MAINT');
    assert.equal(fitStatus('MAINT (resolution)', 9), 'MAINT');
    assert.equal(fitStatus('DOWN (agent)', 9), 'DOWN');
  });
  test('a transition stays whole or goes entirely', () => {
    assert.equal(fitStatus('DRAIN 1/2', 9), 'DRAIN 1/2');
    assert.equal(fitStatus('DRAIN 1/2', 8), 'DRAIN');
    assert.equal(fitStatus('DOWN 1/2 (agent)', 12), 'DOWN 1/2');
    assert.equal(fitStatus('DOWN 10/10', 9), 'DOWN');
  });
  test('only a word wider than the column is cut, visibly', () => {
    assert.equal(fitStatus('WAITING', 5), 'WAIT~');
    assert.equal(fitStatus('no check', 4), 'no ~');
    assert.equal(fitStatus('UP', 0), '');
  });
  test('control characters in HAProxy text show as text (caret notation)', () => {
    assert.equal(fitStatus('UP\x1b', 8), 'UP^[');
    assert.match(fitStatus('DOWN\x1b[2J\u00e9', 8), /^[\x20-\x7e]*$/);
  });
});

describe('fitCheck', () => {
  test('keeps the running marker when it fits, then compacts it, then drops it', () => {
    assert.equal(fitCheck('* L7OK', 7), '* L7OK');
    assert.equal(fitCheck('* L7TOUT', 7), '*L7TOUT');
    assert.equal(fitCheck('* L7TOUT', 6), 'L7TOUT');
    assert.equal(fitCheck('SOCKERR', 7), 'SOCKERR');
    assert.equal(fitCheck('PROCTOUT', 7), 'PROCTO~');
  });
});

describe('fieldNumber', () => {
  test('reads numbers, absent and non-numeric are undefined', () => {
    const s = svc({ weight: '10', scur: '0', slim: undefined, status: 'UP', bin: '123456789012', rate: ' 7 ' });
    assert.equal(fieldNumber(s, 'weight'), 10);
    assert.equal(fieldNumber(s, 'scur'), 0);
    assert.equal(fieldNumber(s, 'slim'), undefined);
    assert.equal(fieldNumber(s, 'missing'), undefined);
    assert.equal(fieldNumber(s, 'status'), undefined);
    assert.equal(fieldNumber(s, 'bin'), 123456789012);
    assert.equal(fieldNumber(s, 'rate'), 7);
  });
});
