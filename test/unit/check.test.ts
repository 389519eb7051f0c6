// --check, pure: state lists, each status's words, the verdicts, and the plugin's lines.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_CRITICAL,
  DEFAULT_WARNING,
  STATE_WORDS,
  StateListError,
  judge,
  parseStateList,
  stateWords,
  type CheckRules,
} from '../../src/check-rules';
import { checkOutput, checkReport, unknownSummary, type CheckInput } from '../../src/check';
import { snapshotFrom } from '../../src/stats/model';
import { recordFields } from '../../src/stats/stat';
import { parseState as parseStatus } from '../../src/stats/state';
import type { Service, ServiceKind } from '../../src/stats/types';

const TYPE: Readonly<Record<ServiceKind, string>> = { frontend: '0', backend: '1', server: '2', listener: '3' };

/** One service as buildSnapshot makes it from a `show stat` row. */
function service(kind: ServiceKind, label: string, status: string, extra: Readonly<Record<string, string>> = {}): Service {
  const [proxy = '', name = ''] = label.split('/');
  const fields = { pxname: proxy, svname: name, status, type: TYPE[kind], ...extra };
  const snapshot = snapshotFrom({ columns: Object.keys(fields), rows: [recordFields(fields)] }, new Map(), 0);
  const s = snapshot.services[0];
  assert.ok(s !== undefined);
  return s;
}

const server = (label: string, status: string, extra: Readonly<Record<string, string>> = {}): Service =>
  service('server', label, status, extra);

const DEFAULTS: CheckRules = {
  critical: parseStateList(DEFAULT_CRITICAL, '--crit'),
  warning: parseStateList(DEFAULT_WARNING, '--warn'),
};

function rules(crit: string, warn: string): CheckRules {
  return { critical: parseStateList(crit, '--crit'), warning: parseStateList(warn, '--warn') };
}

function input(services: readonly Service[], missingProxies: readonly string[] = []): CheckInput {
  return { services, proxyCount: new Set(services.map((s) => s.proxy)).size, missingProxies };
}

function listError(text: string): string {
  try {
    parseStateList(text, '--warn');
  } catch (err) {
    assert.ok(err instanceof StateListError, `a StateListError for "${text}"`);
    return err.message;
  }
  assert.fail(`"${text}" was accepted`);
}

describe('state lists', () => {
  test('comma-separated words, any case and spacing; kind-narrowed words', () => {
    assert.deepEqual(parseStateList('down', '--crit'), [{ word: 'down' }]);
    assert.deepEqual(parseStateList(' MAINT ,Drain,nolb', '--warn'), [{ word: 'maint' }, { word: 'drain' }, { word: 'nolb' }]);
    assert.deepEqual(parseStateList('backend:down,Server : MAINT', '--crit'), [
      { word: 'down', kind: 'backend' },
      { word: 'maint', kind: 'server' },
    ]);
  });

  test('"no check" as HAProxy writes it, or nocheck; none is the empty list', () => {
    assert.deepEqual(parseStateList('no check,NOCHECK,no  check', '--warn'), [{ word: 'nocheck' }, { word: 'nocheck' }, { word: 'nocheck' }]);
    assert.deepEqual(parseStateList('none', '--warn'), []);
    assert.deepEqual(parseStateList(' NONE ', '--warn'), []);
  });

  test('every documented word parses, the transitions included', () => {
    assert.deepEqual(parseStateList(STATE_WORDS.join(','), '--warn').map((m) => m.word), [...STATE_WORDS]);
    assert.ok(STATE_WORDS.includes('going-down') && STATE_WORDS.includes('going-up'));
  });

  test('an unknown word or kind, or an empty entry, is an error naming the flag and the choices', () => {
    assert.match(listError('dwon'), /^--warn: unknown state "dwon"; use up, down, .*going-up, or none$/);
    assert.match(listError('up 1/3'), /unknown state "up 1\/3"/);
    assert.match(listError('srv:down'), /^--warn: unknown service kind "srv"; use frontend, backend, server, listener$/);
    assert.match(listError('down,,maint'), /^--warn "down,,maint" has an empty state/);
    assert.match(listError(''), /empty state/);
    assert.match(listError('none,down'), /unknown state "none"/);
  });

  test('the defaults: down is critical; admin states and transitions warn', () => {
    assert.deepEqual(DEFAULTS.critical, [{ word: 'down' }]);
    assert.deepEqual(
      DEFAULTS.warning.map((m) => m.word),
      ['maint', 'drain', 'nolb', 'stop', 'paused', 'full', 'waiting', 'going-down', 'going-up'],
    );
  });
});

describe('the words of a status', () => {
  const words = (status: string): string[] => stateWords(parseStatus(status, 'server'));
  test("HAProxy's words, transitions adding going-down / going-up", () => {
    assert.deepEqual(words('UP'), ['up']);
    assert.deepEqual(words('UP 1/3'), ['up', 'going-down']);
    assert.deepEqual(words('NOLB 2/3'), ['nolb', 'going-down']);
    assert.deepEqual(words('DRAIN 1/2'), ['drain', 'going-down']);
    assert.deepEqual(words('DOWN'), ['down']);
    assert.deepEqual(words('DOWN 1/2'), ['down', 'going-up']);
    assert.deepEqual(words('DOWN (agent)'), ['down']);
    assert.deepEqual(words('DRAIN (agent)'), ['drain']);
    assert.deepEqual(words('MAINT'), ['maint']);
    assert.deepEqual(words('MAINT (via bk/s1)'), ['maint']);
    assert.deepEqual(words('MAINT (resolution)'), ['maint']);
    assert.deepEqual(words('no check'), ['nocheck']);
    for (const w of ['OPEN', 'STOP', 'PAUSED', 'FULL', 'WAITING']) assert.deepEqual(words(w), [w.toLowerCase()]);
    assert.deepEqual(words('SOMETHING NEW'), []);
  });
});

describe('verdicts with the default lists', () => {
  const state = (s: Service, r: CheckRules = DEFAULTS): string => judge(s, r).state;

  test('UP, OPEN and no check are OK', () => {
    assert.equal(state(server('bk/a', 'UP')), 'ok');
    assert.equal(state(server('bk/a', 'no check')), 'ok');
    assert.equal(state(service('frontend', 'fe/FRONTEND', 'OPEN')), 'ok');
    assert.equal(state(service('backend', 'bk/BACKEND', 'UP')), 'ok');
    assert.equal(state(service('listener', 'fe/sock-1', 'OPEN')), 'ok');
  });

  test('DOWN is critical, a server or a backend, going up or not', () => {
    assert.deepEqual(judge(server('bk/a', 'DOWN'), DEFAULTS), { service: server('bk/a', 'DOWN'), state: 'critical', word: 'down' });
    assert.equal(state(server('bk/a', 'DOWN 1/2')), 'critical');
    assert.equal(state(server('bk/a', 'DOWN (agent)')), 'critical');
    assert.equal(state(service('backend', 'bk/BACKEND', 'DOWN')), 'critical');
  });

  test('maintenance, drain, NOLB, stopped frontends, full listeners and transitions warn', () => {
    for (const status of ['MAINT', 'MAINT (via bk/x)', 'DRAIN', 'NOLB', 'UP 1/3', 'NOLB 1/2']) {
      assert.equal(state(server('bk/a', status)), 'warning', status);
    }
    for (const status of ['STOP', 'PAUSED']) assert.equal(state(service('frontend', 'fe/FRONTEND', status)), 'warning', status);
    for (const status of ['FULL', 'WAITING']) assert.equal(state(service('listener', 'fe/l1', status)), 'warning', status);
    assert.equal(judge(server('bk/a', 'UP 1/3'), DEFAULTS).word, 'going-down');
  });

  test('a status nobody knows is UNKNOWN, whatever the lists', () => {
    assert.equal(state(server('bk/a', 'SOMETHING NEW')), 'unknown');
    assert.equal(state(server('bk/a', 'SOMETHING NEW'), rules('none', 'none')), 'unknown');
  });
});

describe('verdicts with --crit / --warn', () => {
  const state = (s: Service, r: CheckRules): string => judge(s, r).state;

  test('a given list replaces the default; a state in neither is OK', () => {
    const r = rules('maint', 'none');
    assert.equal(state(server('bk/a', 'MAINT'), r), 'critical');
    assert.equal(state(server('bk/a', 'DOWN'), r), 'ok');
    assert.equal(state(server('bk/a', 'DRAIN'), r), 'ok');
  });

  test('a state in both lists is critical', () => {
    assert.equal(state(server('bk/a', 'DRAIN'), rules('drain', 'drain')), 'critical');
  });

  test('kind-narrowed words: backend:down critical, a server DOWN only a warning', () => {
    const r = rules('backend:down', 'down');
    assert.equal(state(service('backend', 'bk/BACKEND', 'DOWN'), r), 'critical');
    assert.equal(state(server('bk/a', 'DOWN'), r), 'warning');
  });

  test('a transition answers to both its words: DOWN 1/2 is down and going-up', () => {
    assert.equal(state(server('bk/a', 'DOWN 1/2'), rules('backend:down', 'going-up')), 'warning');
    assert.equal(state(server('bk/a', 'DOWN'), rules('backend:down', 'going-up')), 'ok');
    assert.equal(state(server('bk/a', 'UP 1/3'), rules('going-down', 'none')), 'critical');
    assert.equal(state(server('bk/a', 'UP'), rules('going-down', 'none')), 'ok');
  });

  test('nocheck can be asked for: every server must be checked', () => {
    assert.equal(state(server('li/web2', 'no check'), rules('down', 'nocheck')), 'warning');
  });
});

describe('the plugin output', () => {
  const broken = server('bk_static/broken', 'DOWN', {
    check_status: 'L4CON',
    check_desc: 'Layer4 connection problem',
    last_chk: 'Connection refused',
  });
  const nginx1 = server('bk_app/nginx1', 'MAINT');
  const up = (n: number): Service[] => Array.from({ length: n }, (_, i) => server(`bk_app/s${i + 1}`, 'UP'));

  test('OK: how many services and proxies, and the performance data', () => {
    const report = checkReport(input([...up(2), service('backend', 'bk_app/BACKEND', 'UP'), server('li/web2', 'no check')]), DEFAULTS);
    assert.equal(report.state, 'ok');
    assert.equal(report.summary, 'OK: 4 services in 2 proxies, all OK | total=4 ok=4 warning=0 critical=0 unknown=0');
    assert.deepEqual(report.details, []);
    assert.equal(checkReport(input([server('bk/a', 'UP')]), DEFAULTS).summary.split(' | ')[0], 'OK: 1 service in 1 proxy, all OK');
  });

  test('CRITICAL names the critical services and counts the warnings', () => {
    const report = checkReport(input([...up(1), broken, nginx1]), DEFAULTS);
    assert.equal(report.state, 'critical');
    assert.equal(report.summary, 'CRITICAL: 1 DOWN (bk_static/broken); 1 MAINT | total=3 ok=1 warning=1 critical=1 unknown=0');
  });

  test('WARNING names the warning services', () => {
    const report = checkReport(input([...up(1), nginx1, server('bk_app/s9', 'UP 1/3')]), DEFAULTS);
    assert.equal(report.state, 'warning');
    assert.equal(report.summary, 'WARNING: 1 MAINT (bk_app/nginx1); 1 going down (bk_app/s9) | total=3 ok=1 warning=2 critical=0 unknown=0');
  });

  test('the first three of a group are named, then how many more; groups in order of first appearance', () => {
    const down = Array.from({ length: 5 }, (_, i) => server(`bk/s${i + 1}`, 'DOWN'));
    const stop = service('frontend', 'fe/FRONTEND', 'STOP');
    const report = checkReport(input([nginx1, ...down, stop, service('backend', 'bk/BACKEND', 'DOWN')]), rules('down,stop', 'maint'));
    assert.equal(
      report.summary.split(' | ')[0],
      'CRITICAL: 6 DOWN (bk/s1, bk/s2, bk/s3 and 3 more); 1 STOP (fe/FRONTEND); 1 MAINT',
    );
  });

  test('-v: one line per service that is not OK, worst first, with the check as HAProxy logs it', () => {
    const drain = server('bk_app/s2', 'DRAIN', { check_status: '* L7OK', check_desc: 'Layer7 check passed', check_code: '200' });
    const odd = server('bk/x', 'SOMETHING NEW', { check_status: 'L4OK' });
    const report = checkReport(input([nginx1, drain, odd, ...up(1), broken]), DEFAULTS);
    assert.deepEqual(report.details, [
      'bk_static/broken DOWN (L4CON: Layer4 connection problem, info: "Connection refused")',
      'bk_app/nginx1 MAINT',
      'bk_app/s2 DRAIN (L7OK: Layer7 check passed, code: 200)',
      'bk/x SOMETHING NEW (L4OK)',
    ]);
    assert.equal(checkOutput(report, false), `${report.summary}\n`);
    assert.equal(checkOutput(report, true), `${[report.summary, ...report.details].join('\n')}\n`);
  });

  test('UNKNOWN statuses rank below WARNING; alone they make the check UNKNOWN, quoted', () => {
    const odd = server('bk/x', 'SOMETHING NEW');
    assert.equal(checkReport(input([odd, nginx1]), DEFAULTS).summary.split(' | ')[0], 'WARNING: 1 MAINT (bk_app/nginx1); 1 unknown status');
    const alone = checkReport(input([odd, ...up(1)]), DEFAULTS);
    assert.equal(alone.state, 'unknown');
    assert.equal(alone.summary, 'UNKNOWN: 1 unknown status (bk/x: SOMETHING NEW) | total=2 ok=1 warning=0 critical=0 unknown=1');
  });

  test('a -p name that matches nothing is UNKNOWN, unless worse is found; nothing to check is UNKNOWN', () => {
    const missing = checkReport(input(up(1), ['bk_typo']), DEFAULTS);
    assert.equal(missing.state, 'unknown');
    assert.equal(missing.summary.split(' | ')[0], 'UNKNOWN: no proxy named "bk_typo"');
    const worse = checkReport(input([broken], ['bk_typo']), DEFAULTS);
    assert.equal(worse.state, 'critical');
    assert.equal(worse.summary.split(' | ')[0], 'CRITICAL: 1 DOWN (bk_static/broken); no proxy named "bk_typo"');
    const nothing = checkReport(input([]), DEFAULTS);
    assert.equal(nothing.state, 'unknown');
    assert.equal(nothing.summary, 'UNKNOWN: no service to check | total=0 ok=0 warning=0 critical=0 unknown=0');
  });

  test('text from HAProxy stays on its line and never starts performance data', () => {
    const evil = server('bk|x/a\nb', 'DOWN', { check_status: 'L7STS', check_desc: 'bad | worse\x1b[2J' });
    const report = checkReport(input([evil]), DEFAULTS);
    const text = checkOutput(report, true);
    assert.equal(text.split('\n').length, 3, text);
    assert.equal(text.split('|').length, 2, `one | only, before the performance data: ${text}`);
    assert.doesNotMatch(text, /[\x00-\x09\x0b-\x1f\x7f]/);
    assert.equal(unknownSummary('cannot talk | to\nHAProxy'), 'UNKNOWN: cannot talk ? to^JHAProxy');
  });
});
