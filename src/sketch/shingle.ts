/**
 * Word shingles: the hash of every run of `k` consecutive tokens. Shingle `i` covers tokens
 * `i .. i+k-1`. A text shorter than `k` tokens has no shingles (it is too short to be reuse). A
 * `seed` gives another family of hashes, so shingles of different token streams never collide.
 */
import { hashScrambledRun, scrambleAll } from '../text/hash.js';
import { atLeast } from '../text/scratch.js';

let scrambled: Uint32Array = new Uint32Array(0);

export function shingles(ids: Uint32Array, count: number, k: number, seed = 0): Uint32Array {
  const n = count - k + 1;
  if (n <= 0) return new Uint32Array(0);
  scrambled = atLeast(scrambled, count);
  scrambleAll(ids, count, scrambled);
  const out = new Uint32Array(n);
  shinglesInto(scrambled, count, k, seed, out);
  return out;
}

/**
 * `shingles` of token ids given scrambled (text/hash.ts `scrambleAll`), into `out`; returns how many.
 * Each token is scrambled once, not once per shingle it is in.
 */
export function shinglesInto(scrambled: Uint32Array, count: number, k: number, seed: number, out: Uint32Array): number {
  const n = count - k + 1;
  for (let i = 0; i < n; i++) out[i] = hashScrambledRun(scrambled, i, i + k, seed);
  return Math.max(0, n);
}
