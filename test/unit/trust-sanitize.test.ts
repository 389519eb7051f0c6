// Nothing the socket sends reaches the terminal raw: arbitrary strings (every control byte, escape sequences,
// blessed tags) put in every place HAProxy text is shown must come out visible and inert, on every path:
// header, table, footer, menu, confirmation, details, CLI log, notices, the unreachable line, --once, --json.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CliLog } from '../../src/app/cli-log';
import type { ActionPlan } from '../../src/app/actions';
import { setServerState } from '../../src/runtime/commands';
import { buildSnapshot } from '../../src/stats/model';
import type { Snapshot } from '../../src/stats/types';
import { initialScroll, renderFrame, type FrameOptions, type ViewState } from '../../src/ui/frame';
import { jsonText, jsonReport } from '../../src/json-report';
import { sanitize } from '../../src/view/format';
import { renderPlain } from '../../src/view/plain';
import { buildRows } from '../../src/view/rows';
import { emptyLine } from '../../src/app/line-editor';
import { menuItems } from '../../src/app/keymap';

/** What a hostile or broken peer might send: control bytes, C1, escape sequences, tags, unicode. */
const PIECES = ['\x1b[41m', '\x1b]0;pwned\x07', '\x1b[2J', '\x9b31m', '\x07', '\r', '\n', '\t', '\x00', '\x7f', '{red-bg}', '{bold}', '{/bold}', '{', '}', '{open}', 'é', '\u{1f600}', ',', '"', 'x'];
const hostile = fc.array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ unit: 'binary', maxLength: 6 })), { minLength: 1, maxLength: 8 }).map((parts) => parts.join(''));

/**
 * The same shown length in harmless letters (a control character shows as two, `^[`; line breaks are kept: the
 * CLI log shows a reply line by line), what the frame would hold had the peer been well behaved.
 */
const benign = (text: string): string => text.replace(/[^\n]/gu, (c) => 'x'.repeat(sanitize(c).length));

const csvField = (v: string): string => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** A `show stat` reply with one backend whose proxy, server name and check text are `px`, `sv`, `desc`. */
function statText(px: string, sv: string, desc: string): string {
  const header = '# pxname,svname,qcur,scur,weight,status,type,iid,sid,check_desc,addr,';
  const rows = [
    [px, sv, '0', '1', '1', 'UP', '2', '3', '1', desc, desc],
    [px, 'BACKEND', '0', '1', '1', 'UP', '1', '3', '0', '', ''],
  ];
  return `${header}\n${rows.map((r) => `${r.map(csvField).join(',')},`).join('\n')}\n`;
}

const infoText = (text: string): string => `Name: HAProxy\nVersion: ${text}\nPid: 42\nnode: ${text}\ndescription: ${text}\n`;

interface Strings {
  readonly px: string;
  readonly sv: string;
  readonly other: string;
}

function snapshotOf(s: Strings): Snapshot {
  // Info values are one line each (split on LF by the parser): keep that shape.
  return buildSnapshot(statText(s.px, s.sv, s.other), infoText(s.other.replace(/[\r\n]/g, ' ')), 0);
}

const OPTIONS: FrameOptions = { width: 120, height: 30, now: new Date(2026, 0, 2, 3, 4, 5), version: '0.1.0', address: '/run/haproxy/admin.sock', theme: { color: true } };

/** Every state that shows HAProxy text somewhere, for one set of strings. */
function states(s: Strings): ViewState[] {
  const snapshot = snapshotOf(s);
  const rows = buildRows(snapshot);
  const server = snapshot.services.find((x) => x.kind === 'server');
  const log = new CliLog();
  log.exchange(`show errors ${s.other}`, `${s.other}\n${s.px}`, false);
  const plan: ActionPlan = {
    action: 'maint-all',
    title: `maintenance: ${s.sv} in 1 backend`,
    targets: [server?.id ?? ''],
    commands: [setServerState('bk', 'srv', 'maint')].map((c) => ({ ...c, text: `set server ${s.px}/${s.sv} state maint` })),
    confirm: true,
  };
  const base: ViewState = {
    mode: 1,
    overlay: { kind: 'none' },
    snapshot,
    rows,
    selectedId: server?.id,
    connection: { kind: 'up' },
    notice: { level: 'error', text: `HAProxy refused: ${s.other}` },
    noticeAt: OPTIONS.now.getTime(),
    log,
    line: emptyLine(),
    lastUpdate: OPTIONS.now.getTime(),
    config: { readOnly: false, intervalSec: 2 },
  };
  return [
    base,
    { ...base, overlay: { kind: 'menu', index: 0 }, menu: menuItems('server', false) },
    { ...base, overlay: { kind: 'confirm', plan } },
    { ...base, overlay: { kind: 'details' } },
    { ...base, mode: 5 },
    { ...base, selectionLabel: `gone: ${s.px}/${s.sv}` },
    { ...base, notice: undefined, connection: { kind: 'down', message: `closed: ${s.other}`, since: OPTIONS.now.getTime() - 5000 } },
  ];
}

/** Every line a state puts on the screen: the page and the popup. */
function frameLines(state: ViewState): string[] {
  const frame = renderFrame(state, initialScroll, OPTIONS);
  return [...frame.lines, ...(frame.popup?.lines ?? [])];
}

/** The blessed tags of a line in order, `{open}`/`{close}` (escaped braces) left out. */
const tagsOf = (line: string): string[] => (line.match(/\{\/?[a-z-]+\}/g) ?? []).filter((t) => t !== '{open}' && t !== '{close}');

describe('no text from the socket reaches the terminal raw', () => {
  test('sanitize: printable ASCII out, control characters in caret notation, idempotent', () => {
    assert.equal(sanitize('a\x1b[31mb\x07\x7f'), 'a^[[31mb^G^?');
    assert.equal(sanitize('\x9b\u00e9\u{1f600}'), '???');
    fc.assert(
      fc.property(hostile, (text) => {
        const out = sanitize(text);
        assert.match(out, /^[\x20-\x7e]*$/);
        assert.equal(sanitize(out), out);
      }),
      { numRuns: 2000 },
    );
  });

  test('every screen path: only printable ASCII, and the peer\'s text changes no tag', () => {
    fc.assert(
      fc.property(hostile, hostile, hostile, (px, sv, other) => {
        const evil = states({ px, sv, other });
        const good = states({ px: benign(px), sv: benign(sv), other: benign(other) });
        evil.forEach((state, i) => {
          const lines = frameLines(state);
          const expected = frameLines(good[i] as ViewState);
          for (const line of lines) assert.match(line, /^[\x20-\x7e]*$/, `path ${i}: ${JSON.stringify(line)}`);
          // Styling is the program's, never the peer's: the same tags, in the same order, as with plain text.
          assert.deepEqual(lines.map(tagsOf), expected.map(tagsOf), `path ${i}`);
        });
      }),
      { numRuns: 300 },
    );
  });

  test('the escape sequences of the reported attack are shown as text in the header', () => {
    const description = '\x1b[41mDESC\x1b]0;pwned\x07 \x1b[2J';
    const snapshot = buildSnapshot(statText('bk', 's1', ''), `Name: HAProxy\nVersion: 2.6\ndescription: ${description}\n`, 0);
    const lines = frameLines({ ...states({ px: 'bk', sv: 's1', other: '' })[0] as ViewState, snapshot });
    assert.ok(lines.some((l) => l.includes('^[[41mDESC^[]0;pwned^G ^[[2J')), lines.join('\n'));
  });

  test('--once and --json: no control character but the line breaks, and --json is still the same JSON', () => {
    fc.assert(
      fc.property(hostile, hostile, hostile, (px, sv, other) => {
        const snapshot = snapshotOf({ px, sv, other });
        for (const mode of [1, 2, 3, 4] as const) assert.match(renderPlain(snapshot, mode, 120), /^[\x20-\x7e\n]*$/);
        const report = jsonReport([{ spec: { name: 'test', address: { kind: 'unix', path: '/run/test.sock' } }, snapshot: snapshot }]);
        const text = jsonText(report);
        assert.doesNotMatch(text, /[\x00-\x09\x0b-\x1f\x7f-\x9f]/);
        assert.deepEqual(JSON.parse(text), JSON.parse(JSON.stringify(report)));
      }),
      { numRuns: 500 },
    );
  });
});
