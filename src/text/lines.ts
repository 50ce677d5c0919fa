/**
 * Lines as units of page furniture: "Share", "Advertisement", a newsletter box, a wire sign-off are
 * whole lines that recur across a site's pages. Each line with at least one token gets a hash of its
 * normalized tokens (so spacing and case do not matter) and its token range.
 */
import { hashRun } from './hash.js';
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
  // A line has at least one token: as many lines as tokens at most.
  const hash = new Uint32Array(tokens.count);
  const tokenStart = new Uint32Array(tokens.count);
  const tokenEnd = new Uint32Array(tokens.count);
  let n = 0;
  let t = 0;
  while (t < tokens.count) {
    const nl = text.indexOf('\n', tokens.start[t]);
    const lineEnd = nl < 0 ? text.length : nl;
    const first = t;
    while (t < tokens.count && (tokens.start[t] as number) < lineEnd) t++;
    hash[n] = hashRun(tokens.id, first, t);
    tokenStart[n] = first;
    tokenEnd[n++] = t;
  }
  return { count: n, hash: hash.slice(0, n), tokenStart: tokenStart.slice(0, n), tokenEnd: tokenEnd.slice(0, n) };
}
