// Prompt-mode framing: splits the byte stream of a runtime API session into whole responses.
//
// In prompt mode every response is the command's output, an empty line, then the prompt "> ":
// "admin\n\n> ". A command printing nothing answers exactly "\n> ". HAProxy never emits an empty
// line inside output, so a response ends at the first "\n> " that starts a line right after an
// empty line (or that starts the response). A line of output that merely ends with "> " ("a > ")
// is not an end, wherever the read happens to be cut.
//
// The master CLI frames the same way with its own prompt, "master> ", which may carry a state in brackets
// ("master[ReloadFailed]> ") and mode flags in parentheses ("master(e)> "): "show version" answers
// "2.6.12\n\nmaster> ", a command printing nothing "\nmaster> ".
//
// Convention for the returned text: the output with its final "\n" kept ("admin\n"), and "" for
// a response with no output.
//
// A peer that never sends the prompt (not HAProxy, or a runaway reply) must not eat all memory: one
// response may hold at most `maxResponseBytes`, after which push() throws ResponseTooLarge (and the
// framer, like the session it frames, is beyond repair: make a new one).

import { isAscii } from 'node:buffer';
import { StringDecoder } from 'node:string_decoder';
import type { SocketKind } from './types';

const LF = 0x0a;
/** The prompt line: LF, '>', ' '. */
const PROMPT = Buffer.from('\n> ', 'latin1');
/** Where the master CLI's prompt line starts; a state and flags may follow before "> ". */
const MASTER_LEAD = Buffer.from('\nmaster', 'latin1');
/** After "master": "[ReloadFailed]" (2.0+), flags such as "(xed)" (2.6+), then "> ". */
const MASTER_TAIL = /^(?:\[[A-Za-z]{1,20}\])?(?:\([a-z]{0,8}\))?> /;
/** Longest MASTER_TAIL: "[" + 20 + "]", "(" + 8 + ")", "> ". */
const MASTER_TAIL_MAX = 22 + 10 + 2;
/** What an unfinished MASTER_TAIL may hold so far. */
const MASTER_TAIL_SO_FAR = /^[[\]A-Za-z()>]*$/;
/** Keep a grown buffer only while it is in use; a 10 MB `show stat` should not pin 10 MB forever. */
const SHRINK_ABOVE = 1 << 20;
/** How much of a response taken in pieces head() can still show. */
const SAMPLE = 4096;
const INITIAL_CAPACITY = 16 * 1024;
/** 100,000 servers make a `show stat` of about 25 MB: ten times that still fits, a peer that never ends does not. */
export const DEFAULT_MAX_RESPONSE_BYTES = 256 * 1024 * 1024;

/** Thrown by push() once one response (finished or not) has grown past the limit. */
export class ResponseTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`a response grew past ${limit} bytes without an end`);
    this.name = 'ResponseTooLarge';
  }
}

export interface FramerOptions {
  /** Most bytes one response may hold, prompt excluded. Default DEFAULT_MAX_RESPONSE_BYTES. */
  readonly maxResponseBytes?: number;
  /** Whose prompt ends a response: a worker's "> " (default) or the master CLI's "master> ". */
  readonly prompt?: SocketKind;
}

/** How to recognise the prompt line that ends a response. */
interface PromptLine {
  /** The bytes every prompt line starts with (its LF included): what is searched for. */
  readonly lead: Buffer;
  /** The longest prompt line, in bytes. */
  readonly maxLength: number;
  /** The length of the prompt line at `i` (which holds `lead`); 'partial' while the bytes so far cannot decide. */
  length(view: Buffer, i: number): number | 'partial' | undefined;
}

const WORKER_PROMPT: PromptLine = { lead: PROMPT, maxLength: PROMPT.length, length: () => PROMPT.length };

const MASTER_PROMPT: PromptLine = {
  lead: MASTER_LEAD,
  maxLength: MASTER_LEAD.length + MASTER_TAIL_MAX,
  length(view, i) {
    const from = i + MASTER_LEAD.length;
    const tail = view.toString('latin1', from, Math.min(view.length, from + MASTER_TAIL_MAX));
    const m = MASTER_TAIL.exec(tail);
    if (m) return MASTER_LEAD.length + m[0].length;
    // Cut by the end of what came so far: more bytes will tell (a prompt line is short, output lines are not).
    const cut = from + tail.length === view.length && tail.length < MASTER_TAIL_MAX;
    return cut && MASTER_TAIL_SO_FAR.test(tail) ? 'partial' : undefined;
  },
};

export class PromptFramer {
  /** Bytes received and not yet returned live in buf[0, len); the current response starts at 0. */
  private buf: Buffer = Buffer.allocUnsafe(INITIAL_CAPACITY);
  private len = 0;
  /** Every prompt line starting before this index has been checked already. */
  private scanFrom = 0;
  private readonly limit: number;
  private readonly prompt: PromptLine;
  /** What takeText() leaves in the buffer: enough for a prompt line and the empty line before it. */
  private readonly keep: number;
  /** Bytes of the unfinished response already handed out by takeText(), and the decoder they went through. */
  private taken = 0;
  private decoder: StringDecoder | undefined;
  /** The first bytes of a response taken in pieces, for head(). */
  private sample: Buffer | undefined;

  constructor(options: FramerOptions = {}) {
    this.limit = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.prompt = options.prompt === 'master' ? MASTER_PROMPT : WORKER_PROMPT;
    this.keep = this.prompt.maxLength + 1;
  }

  /** Appends a chunk and returns every response it completes (possibly none, possibly several). */
  push(chunk: Buffer): string[] {
    this.append(chunk);
    const out: string[] = [];
    let start = 0;
    for (;;) {
      const end = this.findEnd(start);
      if (end === undefined) break;
      if (end.outputEnd - start + this.taken > this.limit) throw new ResponseTooLarge(this.limit);
      const bytes = this.buf.subarray(start, end.outputEnd);
      // The rest of a response read in pieces goes through the same decoder (a character may span two pieces).
      out.push(this.decoder !== undefined ? this.decoder.end(bytes) : decode(bytes));
      this.decoder = undefined;
      this.sample = undefined;
      this.taken = 0;
      start = end.next;
      this.scanFrom = start;
    }
    if (start > 0) this.discard(start);
    // However it ends, its output is at least len - 2 bytes (the last two may be the prompt's "\n>"): past the limit.
    if (this.taken + this.len - (this.prompt.maxLength - 1) > this.limit) throw new ResponseTooLarge(this.limit);
    return out;
  }

  /**
   * The part of the unfinished response that cannot be the prompt, as text, removed from the buffer (undefined
   * when there is none yet). A caller that takes an answer of tens of megabytes in pieces never holds it whole:
   * the buffer stays small, and so does each piece of work. push() then returns only the rest of it.
   */
  takeText(): string | undefined {
    if (this.len <= this.keep) return undefined;
    const n = this.len - this.keep;
    this.decoder ??= new StringDecoder('utf8');
    if (this.taken === 0) this.sample = Buffer.from(this.buf.subarray(0, Math.min(this.len, SAMPLE)));
    const text = this.decoder.write(this.buf.subarray(0, n));
    this.discard(n);
    this.taken += n;
    return text;
  }

  /**
   * The unfinished response as text, and forgets it: for a session that ends without a prompt (the master CLI
   * closes it after `reload`). Its final empty line is dropped, as push() drops it before a prompt. After
   * takeText(), only what it had not handed out yet (it never hands out the last bytes, where that line is).
   */
  takeRest(): string {
    const end = this.len > 0 && this.buf[this.len - 1] === LF && (this.len === 1 || this.buf[this.len - 2] === LF) ? this.len - 1 : this.len;
    const bytes = this.buf.subarray(0, end);
    const text = this.decoder !== undefined ? this.decoder.end(bytes) : decode(bytes);
    this.reset();
    return text;
  }

  /** A copy of the first `max` bytes held for the unfinished response: to say what the peer sent. */
  head(max: number): Buffer {
    const first = this.taken > 0 && this.sample !== undefined ? this.sample : this.buf.subarray(0, this.len);
    return Buffer.from(first.subarray(0, Math.min(first.length, max)));
  }

  /** Bytes of the response not complete yet, held or already taken (for tests and diagnostics). */
  get pendingBytes(): number {
    return this.taken + this.len;
  }

  /** Forgets everything, e.g. when the connection is replaced. */
  reset(): void {
    this.buf = Buffer.allocUnsafe(INITIAL_CAPACITY);
    this.len = 0;
    this.scanFrom = 0;
    this.taken = 0;
    this.decoder = undefined;
    this.sample = undefined;
  }

  /** Finds the end of the response starting at `start`: where its output stops, where the next begins. */
  private findEnd(start: number): { outputEnd: number; next: number } | undefined {
    const view = this.buf.subarray(0, this.len);
    const lead = this.prompt.lead;
    let i = view.indexOf(lead, Math.max(this.scanFrom, start));
    while (i >= 0) {
      // A prompt at the response start is an empty response; elsewhere it must follow an empty line.
      if ((i === start && (start > 0 || this.taken === 0)) || view[i - 1] === LF) {
        const length = this.prompt.length(view, i);
        if (length === 'partial') {
          this.scanFrom = i;
          return undefined;
        }
        if (length !== undefined) return { outputEnd: i, next: i + length };
      }
      i = view.indexOf(lead, i + 1);
    }
    // A prompt may still start in the last bytes once more arrives; everything before is settled.
    this.scanFrom = Math.max(start, this.len - (lead.length - 1));
    return undefined;
  }

  /** Grows by doubling so that a multi-megabyte reply costs amortised O(size), not O(size^2). */
  private append(chunk: Buffer): void {
    const need = this.len + chunk.length;
    if (need > this.buf.length) {
      let capacity = this.buf.length * 2;
      while (capacity < need) capacity *= 2;
      // Doubling near the limit would allocate up to twice it for bytes that are about to be refused.
      capacity = Math.max(need, Math.min(capacity, this.limit + this.prompt.maxLength + INITIAL_CAPACITY));
      const grown = Buffer.allocUnsafe(capacity);
      this.buf.copy(grown, 0, 0, this.len);
      this.buf = grown;
    }
    chunk.copy(this.buf, this.len);
    this.len = need;
  }

  /** Drops the first `n` bytes (returned responses), moving the unfinished rest to the front. */
  private discard(n: number): void {
    const rest = this.len - n;
    if (this.buf.length > SHRINK_ABOVE && rest < INITIAL_CAPACITY) {
      const small = Buffer.allocUnsafe(INITIAL_CAPACITY);
      this.buf.copy(small, 0, n, this.len);
      this.buf = small;
    } else {
      this.buf.copyWithin(0, n, this.len);
    }
    this.len = rest;
    this.scanFrom = Math.max(0, this.scanFrom - n);
  }
}

/** UTF-8 text; plain ASCII (nearly every reply) is decoded as Latin-1, the same characters at a fraction of the cost. */
function decode(bytes: Buffer): string {
  return isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
}
