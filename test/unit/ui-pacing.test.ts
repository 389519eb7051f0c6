// What the screen says when the full dump of a large HAProxy is paced: the top bar names its cost and pace and
// gives way to the server counts on a narrow terminal; the status line says how old the rows off screen are.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { topBar } from '../../src/ui/header';
import { statusLines } from '../../src/ui/status';
import { fixtureSnapshot, untag, viewState } from '../support/snapshots';

const NOW = new Date('2026-11-28T12:00:00Z');
const PACING = { dumpMs: 352.4, fullEveryMs: 176_200, fullAgeMs: 72_000 };
const SOCKET = '/run/haproxy/admin.sock';

const bar = (width: number, pacing = PACING): string =>
  untag(topBar('0.1.0', SOCKET, { kind: 'up' }, NOW, width, fixtureSnapshot(), { color: false }, pacing));

describe('the top bar on a paced HAProxy', () => {
  test('wide: what a full dump takes and how often all rows are read, with the counts', () => {
    const line = bar(160);
    assert.match(line, /\[352 ms per full dump: all rows every 2m56s\] {2}\/run\/haproxy\/admin\.sock/);
    assert.match(line, /\d+ DOWN {2}\d+ MAINT/);
  });

  test('narrower: the pace alone; at 80 columns the counts win and the tag goes', () => {
    assert.match(bar(100), /hatop-ts 0\.1\.0 {2}\[all rows every 2m56s\] {2}\/run/);
    assert.doesNotMatch(bar(100), /ms per full dump/);
    const narrow = bar(80);
    assert.doesNotMatch(narrow, /all rows every/);
    assert.match(narrow, /\d+ DOWN {2}\d+ MAINT {2}\d+ DRAIN {2}\d+ NOLB/);
    for (const width of [80, 100, 160]) assert.equal(bar(width).length, width);
  });

  test('while the whole dump is read every refresh there is no tag', () => {
    assert.doesNotMatch(untag(topBar('0.1.0', SOCKET, { kind: 'up' }, NOW, 160, fixtureSnapshot(), { color: false })), /full dump|all rows/);
  });
});

describe('the status line on a paced HAProxy', () => {
  test('the data\'s age says how old the rows off screen are', () => {
    const state = viewState(fixtureSnapshot(), { lastUpdate: NOW.getTime() - 400, pacing: PACING, config: { readOnly: false, intervalSec: 1 } });
    const [line] = statusLines(state, NOW, 120, { color: false });
    assert.match(untag(line ?? ''), /updated \d\d:\d\d:\d\d, every 1s; off screen 1m12s old$/);
  });
});
