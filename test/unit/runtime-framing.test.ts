import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { PromptFramer } from '../../src/runtime/framing';

/** Feeds `chunks` one by one and collects every response returned. */
function frame(chunks: readonly Buffer[]): string[] {
  const framer = new PromptFramer();
  const out: string[] = [];
  for (const c of chunks) out.push(...framer.push(c));
  return out;
}

describe('PromptFramer', () => {
  // The stream of a real session: answer to `prompt`, show cli level, an admin command, a two-line
  // output whose line ends in "> ", an error, a multi-byte character.
  const stream = Buffer.from(
    '\n> admin\n\n> \n> a > \nb>\n> c\n\n> No such server.\n\n> caf\u00e9 \u20ac\u{1F600}\n\n> ',
    'utf8',
  );
  const expected = ['', 'admin\n', '', 'a > \nb>\n> c\n', 'No such server.\n', 'caf\u00e9 \u20ac\u{1F600}\n'];

  test('whole stream in one chunk', () => {
    assert.deepEqual(frame([stream]), expected);
  });

  test('split at every byte position gives the same responses', () => {
    for (let i = 0; i <= stream.length; i++) {
      assert.deepEqual(frame([stream.subarray(0, i), stream.subarray(i)]), expected, `split at ${i}`);
    }
  });

  test('split into three at every pair of positions', () => {
    for (let i = 0; i <= stream.length; i++) {
      for (let j = i; j <= stream.length; j++) {
        const got = frame([stream.subarray(0, i), stream.subarray(i, j), stream.subarray(j)]);
        assert.deepEqual(got, expected, `split at ${i},${j}`);
      }
    }
  });

  test('one byte at a time', () => {
    const chunks = [...stream].map((b) => Buffer.from([b]));
    assert.deepEqual(frame(chunks), expected);
  });

  test('a chunk ending in "> " inside output is not an end', () => {
    const framer = new PromptFramer();
    assert.deepEqual(framer.push(Buffer.from('line one\nsome a > ')), []);
    assert.deepEqual(framer.push(Buffer.from('\n> quoted\n')), []);
    assert.deepEqual(framer.push(Buffer.from('\n> ')), ['line one\nsome a > \n> quoted\n']);
    assert.equal(framer.pendingBytes, 0);
  });

  test('a chunk ending in "\\n> " right after a non-empty line is not an end', () => {
    const framer = new PromptFramer();
    assert.deepEqual(framer.push(Buffer.from('x\n> ')), []);
    assert.deepEqual(framer.push(Buffer.from('y\n\n> ')), ['x\n> y\n']);
  });

  test('a UTF-8 character split across reads is decoded whole', () => {
    const bytes = Buffer.from('\u20ac\n\n> ', 'utf8'); // € is 3 bytes
    const framer = new PromptFramer();
    assert.deepEqual(framer.push(bytes.subarray(0, 1)), []);
    assert.deepEqual(framer.push(bytes.subarray(1, 2)), []);
    assert.deepEqual(framer.push(bytes.subarray(2)), ['\u20ac\n']);
  });

  test('empty responses, several in one chunk', () => {
    assert.deepEqual(frame([Buffer.from('\n> \n> \n> ')]), ['', '', '']);
  });

  test('keeps the start of the next response', () => {
    const framer = new PromptFramer();
    assert.deepEqual(framer.push(Buffer.from('a\n\n> b')), ['a\n']);
    assert.equal(framer.pendingBytes, 1);
    assert.deepEqual(framer.push(Buffer.from('\n\n> ')), ['b\n']);
  });

  test('a 2 MB response in 64 KiB chunks, then a small one', () => {
    const line = '# pxname,svname,' + 'x'.repeat(180) + ',\n';
    const lines = Math.ceil((2 * 1024 * 1024) / line.length);
    const body = line.repeat(lines);
    const bytes = Buffer.from(`${body}\n> admin\n\n> `);
    const framer = new PromptFramer();
    const out: string[] = [];
    const chunk = 64 * 1024;
    const started = process.hrtime.bigint();
    for (let i = 0; i < bytes.length; i += chunk) out.push(...framer.push(bytes.subarray(i, i + chunk)));
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    assert.equal(out.length, 2);
    assert.equal(out[0]?.length, body.length);
    assert.equal(out[0], body);
    assert.equal(out[1], 'admin\n');
    assert.equal(framer.pendingBytes, 0);
    assert.ok(ms < 500, `framing 2 MB took ${ms} ms`);
  });

  test('a 20 MB response in 16 KiB chunks stays linear', () => {
    const pattern = 'a,b > ,c\n';
    const body = Buffer.alloc(Math.floor((20 * 1024 * 1024) / pattern.length) * pattern.length, pattern);
    const framer = new PromptFramer();
    const chunk = 16 * 1024;
    let got: string[] = [];
    const started = process.hrtime.bigint();
    for (let i = 0; i < body.length; i += chunk) got = got.concat(framer.push(body.subarray(i, i + chunk)));
    got = got.concat(framer.push(Buffer.from('\n> ')));
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    assert.equal(got.length, 1);
    assert.equal(got[0]?.length, body.length);
    // Re-scanning from the start on each chunk would be ~1280 x 10 MB of work: far beyond this bound.
    assert.ok(ms < 700, `framing 20 MB took ${ms} ms`);
  });
});
