// Property-based fuzzing of PromptFramer: however the socket cuts the byte stream (inside "\n> ", inside
// a multi-byte character, into empty chunks), the responses come out whole, in order, and as soon as
// their prompt is in; nothing is held back or lost.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { PromptFramer } from '../../src/runtime/framing';

// Show the failed assertion's message in the report (node's reporter does not print an Error's cause).
fc.configureGlobal({ includeErrorInReport: true });

/** One output line (without its LF): never empty, may hold or end with "> ", may hold multi-byte characters. */
const lineUnit = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom('>', ' ', '> ', 'a', '\r', '\u00e9', '\u20ac', '\u{1F600}', '#') },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter((c) => c !== '\n') },
);
const line = fc
  .tuple(fc.string({ unit: lineUnit, minLength: 1, maxLength: 12 }), fc.boolean())
  .map(([text, prompt]) => (prompt ? `${text}> ` : text));
/** HAProxy's rule: an output is "" or non-empty lines each ending in LF (no empty line inside). */
const output = fc.array(line, { maxLength: 5 }).map((lines) => lines.map((l) => `${l}\n`).join(''));
const session = fc.array(output, { maxLength: 12 });

/** Prompt-mode bytes: each output followed by the empty line and the prompt. */
const serialise = (outputs: readonly string[]): Buffer => Buffer.from(outputs.map((o) => `${o}\n> `).join(''), 'utf8');

/** Byte offsets where each response's prompt is complete. */
function ends(outputs: readonly string[]): number[] {
  let at = 0;
  return outputs.map((o) => (at += Buffer.byteLength(`${o}\n> `, 'utf8')));
}

/** Cuts `bytes` at arbitrary positions (sorted; repeats give empty chunks). */
function split(bytes: Buffer, cuts: readonly number[]): Buffer[] {
  const at = cuts.map((c) => c % (bytes.length + 1)).sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const c of at) {
    chunks.push(bytes.subarray(from, c));
    from = c;
  }
  chunks.push(bytes.subarray(from));
  return chunks;
}

const cuts = fc.array(fc.nat(), { maxLength: 40 });

/**
 * Feeds the chunks and checks, after each, that exactly the responses whose prompt is complete have come
 * out and that every byte not returned yet is pending.
 */
function feed(outputs: readonly string[], chunks: readonly Buffer[], framer = new PromptFramer()): void {
  const endAt = ends(outputs);
  const got: string[] = [];
  let fed = 0;
  for (const chunk of chunks) {
    got.push(...framer.push(chunk));
    fed += chunk.length;
    const done = endAt.filter((e) => e <= fed).length;
    assert.equal(got.length, done, `responses out after ${fed} bytes`);
    assert.equal(framer.pendingBytes, fed - (done === 0 ? 0 : (endAt[done - 1] ?? 0)), `pending after ${fed} bytes`);
  }
  assertSameTexts(got, outputs);
  assert.equal(framer.pendingBytes, 0);
}

/** Like deepStrictEqual, without diffing megabyte strings on failure (which takes minutes while shrinking). */
function assertSameTexts(got: readonly string[], want: readonly string[]): void {
  assert.equal(got.length, want.length, 'response count');
  got.forEach((text, i) => {
    const other = want[i] ?? '';
    if (text === other) return;
    let at = 0;
    while (text[at] === other[at]) at++;
    const show = (t: string): string => JSON.stringify(t.slice(Math.max(0, at - 20), at + 20));
    assert.fail(`response ${i}: ${text.length} chars, expected ${other.length}; first difference at ${at}: ${show(text)} vs ${show(other)}`);
  });
}

describe('PromptFramer under arbitrary splits', () => {
  test('well-formed sessions cut at random bytes come out whole, in order, with nothing pending', () => {
    fc.assert(
      fc.property(session, cuts, (outputs, at) => feed(outputs, split(serialise(outputs), at))),
      { numRuns: 3000 },
    );
  });

  test('one byte at a time', () => {
    fc.assert(
      fc.property(session, (outputs) => feed(outputs, [...serialise(outputs)].map((b) => Buffer.from([b])))),
      { numRuns: 1000 },
    );
  });

  test('one framer across sessions: what a previous session left does not leak into the next', () => {
    fc.assert(
      fc.property(session, session, cuts, (first, second, at) => {
        const framer = new PromptFramer();
        feed(first, split(serialise(first), at), framer);
        feed(second, split(serialise(second), at), framer);
      }),
      { numRuns: 1000 },
    );
  });

  test('reset drops an unfinished response: the next session frames as on a fresh framer', () => {
    const garbage = fc.uint8Array({ maxLength: 30 }).map((b) => Buffer.from(b));
    fc.assert(
      fc.property(garbage, session, cuts, (junk, outputs, at) => {
        const framer = new PromptFramer();
        framer.push(junk);
        framer.reset();
        assert.equal(framer.pendingBytes, 0);
        feed(outputs, split(serialise(outputs), at), framer);
      }),
      { numRuns: 1000 },
    );
  });

  test('arbitrary bytes (invalid UTF-8, stray prompts): never throws, and the split never changes the result', () => {
    const byte = fc.constantFrom(0x0a, 0x0a, 0x3e, 0x20, 0x20, 0x61, 0xe2, 0x82, 0xac, 0xf0, 0xff, 0x0d);
    const bytes = fc.array(byte, { maxLength: 200, size: 'medium' }).map((b) => Buffer.from(b));
    fc.assert(
      fc.property(bytes, cuts, (stream, at) => {
        const whole = new PromptFramer();
        const want = whole.push(stream);
        const framer = new PromptFramer();
        const got = split(stream, at).flatMap((chunk) => framer.push(chunk));
        assertSameTexts(got, want);
        assert.equal(framer.pendingBytes, whole.pendingBytes);
        assert.ok(whole.pendingBytes <= stream.length);
      }),
      { numRuns: 3000 },
    );
  });

  test('a response past 1 MB (buffer grown, then shrunk) among small ones, cut at random', () => {
    // Few runs: each frames over a megabyte. Covers growth by doubling and the shrink after a big reply.
    // The big body is built inside the property so that a counterexample prints (and shrinks) small.
    const big = fc.tuple(fc.nat({ max: 1000 }), line);
    // Cuts anywhere, and cuts just around the big reply's end: the shrink must keep the bytes that follow it.
    const near = fc.array(fc.integer({ min: -4, max: 300 }), { maxLength: 4 });
    fc.assert(
      fc.property(session, big, fc.array(output, { minLength: 1, maxLength: 12 }), cuts, near, (before, [extra, l], after, at, around) => {
        const body = `${l}\n`.repeat(Math.ceil(1_100_000 / Buffer.byteLength(`${l}\n`)) + extra);
        const outputs = [...before, body, ...after];
        const bigEnd = ends(outputs)[before.length] ?? 0;
        const bytes = serialise(outputs);
        feed(outputs, split(bytes, [...at, ...around.map((d) => Math.min(bytes.length, Math.max(0, bigEnd + d)))]));
      }),
      { numRuns: 20 },
    );
  });
});
