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
import { entriesOf, STOPWORD, type Lexicon } from '../lexicon/lexicon.js';
import type { Tokens } from '../text/tokenize.js';
import { fmix32 } from '../text/hash.js';
import { atLeast, atLeastInt } from '../text/scratch.js';
import { winnowInto, type Fingerprints } from './winnow.js';

/**
 * The lexicon's STOPWORD entry as this module's own constant: optimised code reads an imported
 * binding from its cell and checks it at every use, here once per token, and folds a local one.
 */
const STOP = STOPWORD;

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
  const out = immutableFingerprintsInto(tokens, lex, k, w);
  return { hash: out.hash.slice(0, out.count), pos: out.pos.slice(0, out.count) };
}

/** Scratch of one call, reused by the next (text/scratch.ts). */
let entriesScratch: Int32Array = new Int32Array(0);
let idsScratch: Uint32Array = new Uint32Array(0);
let atScratch: Uint32Array = new Uint32Array(0);
let beforeScratch: Uint32Array = new Uint32Array(0);
let shScratch: Uint32Array = new Uint32Array(0);
let pickedScratch: Uint32Array = new Uint32Array(0);
let pickedAtScratch: Uint32Array = new Uint32Array(0);
const result: { count: number; hash: Uint32Array; pos: Uint32Array } = { count: 0, hash: new Uint32Array(0), pos: new Uint32Array(0) };

/**
 * `immutableFingerprints` into scratch arrays: `hash[0 .. count)` and `pos[0 .. count)`, valid until
 * the next call.
 */
export function immutableFingerprintsInto(
  tokens: Tokens,
  lex: Lexicon,
  k: number,
  w: number,
): { count: number; hash: Uint32Array; pos: Uint32Array } {
  const n = tokens.count;
  // Locals, not the module's bindings, in the loops: no context load (and hole check) per access.
  const entries = entriesOf(lex, tokens.id, n, (entriesScratch = atLeastInt(entriesScratch, n)));
  const ids = (idsScratch = atLeast(idsScratch, n));
  const at = (atScratch = atLeast(atScratch, n));
  // Content words before each immutable index, to drop shingles of function words only in O(1).
  const before = (beforeScratch = atLeast(beforeScratch, n + 2));
  const tid = tokens.id;
  let m = 0;
  let content = 0;
  before[0] = 0;
  // Branch-free: every token is written at m, and m only moves past an immutable one (mutable words
  // and immutable ones interleave at random, a branch on which mispredicts half the time).
  for (let i = 0; i < n; i++) {
    const e = entries[i] as number;
    ids[m] = tid[i] as number;
    at[m] = i;
    // e !== STOP as arithmetic, (s | -s) >>> 31 for s = e - STOP: a compare in a ternary compiles to a
    // branch, mispredicted as often as function words and content words alternate (Reuters in-process,
    // this loop: 18 → 11 ms).
    const s = e - STOP;
    content += (e >>> 31) & ((s | -s) >>> 31);
    m += e >>> 31; // e < 0: immutable; e >= 0: mutable, a spinner may swap it
    before[m] = content;
  }
  result.count = 0;
  const count = m - k + 1;
  if (count <= 0) return result;
  let top = 1; // ROLL^(k-1)
  for (let j = 1; j < k; j++) top = Math.imul(top, ROLL);
  const sh = (shScratch = atLeast(shScratch, count));
  let h = 0;
  for (let j = 0; j < k; j++) h = (Math.imul(h, ROLL) + (ids[j] as number)) | 0;
  sh[0] = fmix32(h ^ SEED);
  for (let i = 1; i < count; i++) {
    h = (Math.imul(h - Math.imul(ids[i - 1] as number, top), ROLL) + (ids[i + k - 1] as number)) | 0;
    sh[i] = fmix32(h ^ SEED);
  }
  const picked = (pickedScratch = atLeast(pickedScratch, count));
  const pickedAt = (pickedAtScratch = atLeast(pickedAtScratch, count));
  const picks = winnowInto(sh, count, w, picked, pickedAt);
  // Kept picks are written over the picks themselves (out <= i).
  let out = 0;
  for (let i = 0; i < picks; i++) {
    const s = pickedAt[i] as number;
    if ((before[s + k] as number) === (before[s] as number)) continue;
    picked[out] = ((picked[i] as number) | 1) >>> 0;
    pickedAt[out] = at[s] as number;
    out++;
  }
  result.count = out;
  result.hash = picked;
  result.pos = pickedAt;
  return result;
}
