/**
 * Fingerprints that survive spinning (Zhang, Wang, Voelker, "DSpin: Detecting Automatically Spun
 * Content on the Web", NDSS 2014): a spinner swaps words it has synonyms for and leaves the rest —
 * names, numbers, function words, words with no synonym — in place and in order. Shingles over that
 * sequence of immutable words alone match a copy however many of its other words were swapped, and
 * even when a swap put two words for one.
 *
 * A shingle of function words only ("of the and to the") is in every English text: it is dropped, so
 * each fingerprint holds at least one name, number or rare word.
 */
import { entryOf, STOPWORD, type Lexicon } from '../lexicon/lexicon.js';
import type { Tokens } from '../text/tokenize.js';
import { fmix32 } from '../text/hash.js';
import { winnow, type Fingerprints } from './winnow.js';

/** Seed of the immutable-shingle hash family. */
const SEED = 0x5bd1e995;

/**
 * Immutable-word fingerprints are odd, word-shingle fingerprints even (analyze.ts), so one index
 * holds both and a fingerprint tells which family it is from.
 */
export function isImmutableFingerprint(h: number): boolean {
  return (h & 1) === 1;
}

/** Multiplier of the rolling shingle hash (odd, so multiplication mod 2^32 is invertible). */
const ROLL = 0x01000193;

/**
 * Winnowed fingerprints of the immutable-word sequence; `pos` is the token index where each
 * fingerprint's shingle starts. Shingles are hashed by a rolling polynomial hash (one multiply per
 * word, not `k`) finished with fmix32: this family is computed for every document and only needs to
 * be well spread, not compatible with the word shingles.
 */
export function immutableFingerprints(tokens: Tokens, lex: Lexicon, k: number, w: number): Fingerprints {
  const n = tokens.count;
  const ids = new Uint32Array(n);
  const at = new Uint32Array(n);
  // Content words before each immutable index, to drop shingles of function words only in O(1).
  const before = new Uint32Array(n + 1);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const id = tokens.id[i] as number;
    const e = entryOf(lex, id);
    if (e >= 0) continue; // mutable: a spinner may swap it
    ids[m] = id;
    at[m] = i;
    before[m + 1] = (before[m] as number) + (e === STOPWORD ? 0 : 1);
    m++;
  }
  const count = m - k + 1;
  if (count <= 0) return { hash: new Uint32Array(0), pos: new Uint32Array(0) };
  let top = 1; // ROLL^(k-1)
  for (let j = 1; j < k; j++) top = Math.imul(top, ROLL);
  const sh = new Uint32Array(count);
  let h = 0;
  for (let j = 0; j < k; j++) h = (Math.imul(h, ROLL) + (ids[j] as number)) | 0;
  sh[0] = fmix32(h ^ SEED);
  for (let i = 1; i < count; i++) {
    h = (Math.imul(h - Math.imul(ids[i - 1] as number, top), ROLL) + (ids[i + k - 1] as number)) | 0;
    sh[i] = fmix32(h ^ SEED);
  }
  const fp = winnow(sh, w);
  const hash = new Uint32Array(fp.hash.length);
  const pos = new Uint32Array(fp.hash.length);
  let out = 0;
  for (let i = 0; i < fp.hash.length; i++) {
    const s = fp.pos[i] as number;
    if ((before[s + k] as number) === (before[s] as number)) continue;
    hash[out] = ((fp.hash[i] as number) | 1) >>> 0;
    pos[out] = at[s] as number;
    out++;
  }
  return { hash: hash.subarray(0, out), pos: pos.subarray(0, out) };
}
