import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'smol-toml';
import { keyLines } from '../../src/toml-lines';

const lines = (...l: string[]): string => l.join('\n') + '\n';

/** The line of each path, after checking that smol-toml accepts the document (the scanner assumes it). */
function placed(text: string, paths: readonly (readonly string[])[]): number[] {
  parse(text);
  const found = keyLines(text);
  return paths.map((p) => found.lineOf(p));
}

describe('keyLines: where each key of a TOML document is set', () => {
  test('top-level keys, table headers and the keys under them', () => {
    const text = lines('# comment', 'mode = 1', '', '[instances.lb1]', 'socket = "/a"', '[groups]', 'prod = ["lb1"]');
    assert.deepEqual(
      placed(text, [['mode'], ['instances'], ['instances', 'lb1'], ['instances', 'lb1', 'socket'], ['groups'], ['groups', 'prod']]),
      [2, 4, 4, 5, 6, 7],
    );
  });

  test('dotted keys place every table they open, at their first mention', () => {
    const text = lines('mode = 1', 'instances.a.socket = "/a.sock"', '', 'instances.b = { tcp = "h:2" }');
    assert.deepEqual(
      placed(text, [['instances'], ['instances', 'a'], ['instances', 'a', 'socket'], ['instances', 'b'], ['instances', 'b', 'tcp']]),
      [2, 2, 2, 4, 4],
    );
  });

  test('inline tables, dotted keys under a header, quoted and spaced headers', () => {
    const text = lines(
      '[instances]', // 1
      'b = { tcp = "h:2", socket = { x.y = 1 } }',
      'c.socket = "/c.sock"',
      '[ instances . "d.1" ]',
      '', // 5
      "socket = '/d.sock'",
      '[instances."e\\u0041"]',
      "'tcp' = \"h:5\"",
    );
    const paths = [['instances', 'b', 'tcp'], ['instances', 'b', 'socket', 'x', 'y'], ['instances', 'c', 'socket'],
      ['instances', 'd.1'], ['instances', 'd.1', 'socket'], ['instances', 'eA'], ['instances', 'eA', 'tcp']];
    assert.deepEqual(placed(text, paths), [2, 2, 3, 4, 6, 7, 8]);
  });

  test('what looks like keys inside strings, arrays and comments is not taken for keys', () => {
    const text = lines(
      'ssh-command = """', // 1
      '[instances.fake]',
      'group = "x" \\""""',
      "filter = '''",
      "mode = 1''''", // 5
      'proxy = [ # a comment with [instances.x]',
      '  "a", "b = c",',
      "  '[groups]', { k = 1 },",
      ']',
      'mode = 4 # width = 3', // 10
      '[instances.real]',
      'socket = "/r.sock" # socket = "no"',
    );
    const paths = [['ssh-command'], ['filter'], ['proxy'], ['mode'], ['instances', 'real', 'socket'], ['group'], ['width'], ['k']];
    assert.deepEqual(placed(text, paths), [1, 4, 6, 10, 12, 1, 1, 1]);
  });

  test('a path not in the document falls back to its nearest table, else line 1', () => {
    const found = keyLines(lines('a = 1', '[t.u]', 'b = 2'));
    assert.deepEqual([found.lineOf(['t', 'u', 'missing']), found.lineOf(['t', 'zz']), found.lineOf(['zz']), found.lineOf([])], [2, 2, 1, 1]);
  });

  test('CRLF line ends count as one line each', () => {
    assert.deepEqual(placed('a = 1\r\n\r\n[t]\r\nb = 2\r\n', [['a'], ['t'], ['t', 'b']]), [1, 3, 4]);
  });

  test('text that is not TOML: no throw, no endless loop', () => {
    for (const junk of ['[', '"', "'''", 'a = [', 'a = {', 'a = """', '= 1', '[a.', 'a."b', '\\', 'a = { = }']) {
      assert.equal(keyLines(junk).lineOf(['a']), 1, JSON.stringify(junk));
    }
  });
});
