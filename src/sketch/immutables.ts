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
import { shingles } from './shingle.js';
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

/** Token indexes of the immutable words, and whether each is a content word (not a function word). */
export function immutables(tokens: Tokens, lex: Lexicon): { pos: Uint32Array; content: Uint8Array; count: number } {
  const pos = new Uint32Array(tokens.count);
  const content = new Uint8Array(tokens.count);
  let n = 0;
  for (let i = 0; i < tokens.count; i++) {
    const e = entryOf(lex, tokens.id[i] as number);
    if (e >= 0) continue; // mutable: a spinner may swap it
    pos[n] = i;
    content[n] = e === STOPWORD ? 0 : 1;
    n++;
  }
  return { pos, content, count: n };
}

/**
 * Winnowed fingerprints of the immutable-word sequence; `pos` is the token index where each
 * fingerprint's shingle starts.
 */
export function immutableFingerprints(tokens: Tokens, lex: Lexicon, k: number, w: number): Fingerprints {
  const im = immutables(tokens, lex);
  const ids = new Uint32Array(im.count);
  for (let i = 0; i < im.count; i++) ids[i] = tokens.id[im.pos[i] as number] as number;
  const fp = winnow(shingles(ids, im.count, k, SEED), w);
  // Content words before each skeleton index, to drop shingles of function words only in O(1).
  const before = new Uint32Array(im.count + 1);
  for (let i = 0; i < im.count; i++) before[i + 1] = (before[i] as number) + (im.content[i] as number);
  const hash = new Uint32Array(fp.hash.length);
  const pos = new Uint32Array(fp.hash.length);
  let n = 0;
  for (let i = 0; i < fp.hash.length; i++) {
    const s = fp.pos[i] as number;
    if ((before[s + k] as number) === (before[s] as number)) continue;
    hash[n] = ((fp.hash[i] as number) | 1) >>> 0;
    pos[n] = im.pos[s] as number;
    n++;
  }
  return { hash: hash.slice(0, n), pos: pos.slice(0, n) };
}
