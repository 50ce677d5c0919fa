/**
 * Lines as units of page furniture: "Share", "Advertisement", a newsletter box, a wire sign-off are
 * whole lines that recur across a site's pages. Each line with at least one token gets a hash of its
 * normalized tokens (so spacing and case do not matter) and its token range.
 */
import { hashScrambledRun, scrambleAll } from './hash.js';
import { atLeast, copyInto } from './scratch.js';
import type { Tokens } from './tokenize.js';

export interface Lines {
  count: number;
  hash: Uint32Array;
  /** First token of the line. */
  tokenStart: Uint32Array;
  /** One past the last token of the line. */
  tokenEnd: Uint32Array;
}

export function splitLines(text: string, tokens: Tokens): Lines {
  scrambled = atLeast(scrambled, tokens.count);
  const l = linesInto(text, tokens, scrambleAll(tokens.id, tokens.count, scrambled));
  const n = l.count;
  const all = new Uint32Array(3 * n); // one buffer for the three arrays
  copyInto(all, 0, l.hash, n);
  copyInto(all, n, l.tokenStart, n);
  copyInto(all, 2 * n, l.tokenEnd, n);
  return { count: n, hash: all.subarray(0, n), tokenStart: all.subarray(n, 2 * n), tokenEnd: all.subarray(2 * n) };
}

let scrambled: Uint32Array = new Uint32Array(0);
const scratch: Lines = { count: 0, hash: new Uint32Array(0), tokenStart: new Uint32Array(0), tokenEnd: new Uint32Array(0) };

/**
 * `splitLines` into scratch arrays (valid until the next call), with the token ids given scrambled
 * (hash.ts `scrambleAll`).
 */
export function linesInto(text: string, tokens: Tokens, scrambled: Uint32Array): Lines {
  // A line has at least one token: as many lines as tokens at most.
  const count = tokens.count;
  const hash = (scratch.hash = atLeast(scratch.hash, count));
  const tokenStart = (scratch.tokenStart = atLeast(scratch.tokenStart, count));
  const tokenEnd = (scratch.tokenEnd = atLeast(scratch.tokenEnd, count));
  const start = tokens.start;
  let n = 0;
  let t = 0;
  while (t < count) {
    const nl = text.indexOf('\n', start[t]);
    const lineEnd = nl < 0 ? text.length : nl;
    const first = t;
    while (t < count && (start[t] as number) < lineEnd) t++;
    hash[n] = hashScrambledRun(scrambled, first, t);
    tokenStart[n] = first;
    tokenEnd[n++] = t;
  }
  scratch.count = n;
  return scratch;
}
