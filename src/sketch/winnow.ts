/**
 * Winnowing (Schleimer, Wilkerson, Aiken: "Winnowing: local algorithms for document fingerprinting",
 * SIGMOD 2003). From every window of `w` consecutive shingle hashes keep the minimum, recording it
 * once per run of windows that select it. Ties keep the previous window's pick while it is in the
 * window, else take the rightmost minimum ("robust winnowing"), so repeated text yields few prints.
 *
 * Guarantee: any match of at least t = w + k - 1 tokens shares at least one fingerprint, while the
 * expected density is only 2 / (w + 1) of the shingles.
 */
import { atLeast } from '../text/scratch.js';

export interface Fingerprints {
  hash: Uint32Array;
  /** Index of the selected shingle, i.e. of its first token. */
  pos: Uint32Array;
}

let scratchHash: Uint32Array = new Uint32Array(0);
let scratchPos: Uint32Array = new Uint32Array(0);

export function winnow(hashes: Uint32Array, w: number): Fingerprints {
  const n = hashes.length;
  const cap = Math.max(1, n - w + 1); // at most one pick per window
  scratchHash = atLeast(scratchHash, cap);
  scratchPos = atLeast(scratchPos, cap);
  const picks = winnowInto(hashes, n, w, scratchHash, scratchPos);
  return { hash: scratchHash.slice(0, picks), pos: scratchPos.slice(0, picks) };
}

/**
 * `winnow` of `hashes[0 .. n)`, the picks written to `outHash`/`outPos` (room for max(1, n - w + 1)
 * each); returns how many.
 *
 * The pick is always its window's minimum, so when the next window still holds it, that window's
 * minimum is the pick or the new hash: one comparison. Only when the pick leaves is the window
 * rescanned (every ~(w + 1) / 2 hashes for random ones): cheaper than a monotone deque for the small
 * windows used here, and no deque to allocate.
 */
export function winnowInto(hashes: Uint32Array, n: number, w: number, outHash: Uint32Array, outPos: Uint32Array): number {
  if (n === 0) return 0;
  // The first window (the only one when n <= w): its minimum, rightmost on ties.
  const first = Math.min(n, w);
  let m = 0;
  let mv = hashes[0] as number;
  for (let i = 1; i < first; i++) {
    const v = hashes[i] as number;
    if (v <= mv) {
      m = i;
      mv = v;
    }
  }
  outHash[0] = mv;
  outPos[0] = m;
  let picks = 1;
  for (let i = w; i < n; i++) {
    const v = hashes[i] as number;
    if (m > i - w) {
      // The pick is still in the window: robust winnowing keeps it unless the new hash is smaller.
      if (v >= mv) continue;
      m = i;
      mv = v;
    } else {
      // The pick left: the new window's rightmost minimum.
      m = i - w + 1;
      mv = hashes[m] as number;
      for (let j = m + 1; j <= i; j++) {
        const x = hashes[j] as number;
        if (x <= mv) {
          m = j;
          mv = x;
        }
      }
    }
    outHash[picks] = mv;
    outPos[picks++] = m;
  }
  return picks;
}
