/**
 * Word shingles: the hash of every run of `k` consecutive tokens. Shingle `i` covers tokens
 * `i .. i+k-1`. A text shorter than `k` tokens has no shingles (it is too short to be reuse). A
 * `seed` gives another family of hashes, so shingles of different token streams never collide.
 */
import { hashRun } from '../text/hash.js';

export function shingles(ids: Uint32Array, count: number, k: number, seed = 0): Uint32Array {
  const n = count - k + 1;
  if (n <= 0) return new Uint32Array(0);
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = hashRun(ids, i, i + k, seed);
  return out;
}
