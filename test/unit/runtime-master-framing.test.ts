// PromptFramer on the master CLI's prompt ("master> ", "master[ReloadFailed]> ", "master(xe)> "): the same rules
// as on a worker's "> ", wherever the socket cuts the bytes, whether the answer is taken whole or in pieces.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { PromptFramer } from '../../src/runtime/framing';

fc.configureGlobal({ includeErrorInReport: true });

const master = (): PromptFramer => new PromptFramer({ prompt: 'master' });

/** Feeds `chunks` one by one and collects every response returned. */
function frame(chunks: readonly Buffer[], framer = master()): string[] {
  return chunks.flatMap((c) => framer.push(c));
}

describe('PromptFramer on the master CLI', () => {
  // As a 2.6 master answers after `prompt`: `@1 get weight`, an empty answer, a worker's error, a two-line output
  // whose lines hold "master> " and "> ", the prompt of a master whose last reload failed, flags.
  const stream = Buffer.from(
    '1 (initial 1)\n\nmaster> \nmaster> No such backend.\n\nmaster> a master> \n> b\n\nmaster[ReloadFailed]> caf\u00e9\n\nmaster(xe)> ',
    'utf8',
  );
  const expected = ['1 (initial 1)\n', '', 'No such backend.\n', 'a master> \n> b\n', 'caf\u00e9\n'];

  test('whole stream, and split at every pair of positions', () => {
    assert.deepEqual(frame([stream]), expected);
    for (let i = 0; i <= stream.length; i++) {
      for (let j = i; j <= stream.length; j++) {
        const got = frame([stream.subarray(0, i), stream.subarray(i, j), stream.subarray(j)]);
        assert.deepEqual(got, expected, `split at ${i},${j}`);
      }
    }
  });

  test("a worker's prompt is not an end, nor is a master prompt after a non-empty line", () => {
    const framer = master();
    assert.deepEqual(framer.push(Buffer.from('x\n\n> y\nmaster> z\n')), []);
    assert.deepEqual(framer.push(Buffer.from('\nmaster> ')), ['x\n\n> y\nmaster> z\n']);
  });

  test('"\\nmaster" followed by something else after an empty line is not an end', () => {
    const framer = master();
    assert.deepEqual(framer.push(Buffer.from('a\n\nmasterful\n\nmaster[Reload')), []);
    assert.deepEqual(framer.push(Buffer.from('Failed]> ')), ['a\n\nmasterful\n']);
  });

  test("the worker framer does not take the master's prompt for its own", () => {
    const worker = new PromptFramer();
    assert.deepEqual(worker.push(Buffer.from('2.6.12\n\nmaster> ')), []);
  });

  test('takeText keeps back a prompt that may still be coming', () => {
    const framer = master();
    framer.push(Buffer.from(`${'row,1\n'.repeat(20)}\nmaster[Rel`));
    const piece = framer.takeText() ?? '';
    assert.ok(!piece.includes('\nmaster'), JSON.stringify(piece.slice(-20)));
    assert.deepEqual(framer.push(Buffer.from('oadFailed]> ')), [`${'row,1\n'.repeat(20)}`.slice(piece.length)]);
  });

  test('takeRest gives what came of an answer that ends without a prompt, its final empty line dropped', () => {
    const framer = master();
    assert.deepEqual(framer.push(Buffer.from('Success=1\n--\n[NOTICE] caf\u00e9\n\n')), []);
    assert.equal(framer.takeRest(), 'Success=1\n--\n[NOTICE] caf\u00e9\n');
    assert.equal(framer.pendingBytes, 0);
    framer.push(Buffer.from('no empty line\n'));
    assert.equal(framer.takeRest(), 'no empty line\n');
    framer.push(Buffer.from('\n'));
    assert.equal(framer.takeRest(), '');
    assert.equal(framer.takeRest(), '');
  });
});

// ---- properties ----

const PROMPTS = ['master> ', 'master[ReloadFailed]> ', 'master(e)> ', 'master[ReloadFailed](xed)> '];
const lineUnit = fc.constantFrom('>', ' ', '> ', 'master', 'master> ', '[', ']', '(', ')', 'a', '\u00e9', '\u{1F600}');
/** An output: "" or non-empty lines each ending in LF (HAProxy prints no empty line inside an output). */
const output = fc
  .array(fc.string({ unit: lineUnit, minLength: 1, maxLength: 8 }), { maxLength: 4 })
  .map((lines) => lines.map((l) => `${l}\n`).join(''));
const session = fc.array(fc.tuple(output, fc.constantFrom(...PROMPTS)), { maxLength: 8 });
const serialise = (s: readonly (readonly [string, string])[]): Buffer => Buffer.from(s.map(([o, p]) => `${o}\n${p}`).join(''), 'utf8');

function split(bytes: Buffer, cuts: readonly number[]): Buffer[] {
  const at = cuts.map((c) => c % (bytes.length + 1)).sort((a, b) => a - b);
  return [...at, bytes.length].map((c, k) => bytes.subarray(k === 0 ? 0 : (at[k - 1] ?? 0), c));
}

describe('PromptFramer on the master CLI, under arbitrary splits', () => {
  test('responses come out whole and in order, with nothing pending', () => {
    fc.assert(
      fc.property(session, fc.array(fc.nat(), { maxLength: 30 }), (s, cuts) => {
        const framer = master();
        assert.deepStrictEqual(frame(split(serialise(s), cuts), framer), s.map(([o]) => o));
        assert.equal(framer.pendingBytes, 0);
      }),
      { numRuns: 2000 },
    );
  });

  test('taking pieces as they come gives the same responses', () => {
    fc.assert(
      fc.property(session, fc.array(fc.nat(), { maxLength: 30 }), (s, cuts) => {
        const framer = master();
        const got: string[] = [];
        let parts: string[] = [];
        for (const chunk of split(serialise(s), cuts)) {
          for (const rest of framer.push(chunk)) {
            got.push(parts.join('') + rest);
            parts = [];
          }
          const piece = framer.takeText();
          if (piece !== undefined) parts.push(piece);
        }
        assert.deepStrictEqual(got, s.map(([o]) => o));
      }),
      { numRuns: 2000 },
    );
  });
});
