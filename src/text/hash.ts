/**
 * 32-bit hashing in plain JS. Measured here, Math.imul mixes beat wasm/native hash packages 3-10x
 * because their per-call overhead dominates on word-sized inputs.
 */

/** MurmurHash3's finalizer: full avalanche of a 32-bit value. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** One MurmurHash3 body round: folds a 32-bit block into a running hash. */
export function mixInto(h: number, k: number): number {
  return mixScrambled(h, scramble(k));
}

/**
 * The half of a body round that depends on the block alone: overlapping runs (shingles, lines) over
 * the same values scramble each value once instead of once per run.
 */
export function scramble(k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  return Math.imul(k, 0x1b873593);
}

/** The other half: `mixInto(h, k) === mixScrambled(h, scramble(k))`. */
export function mixScrambled(h: number, s: number): number {
  h ^= s;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/**
 * mixInto in two halves: `mixInto(h, k) === mixPremixed(h, premix(k))`. A block folded into several
 * hashes (a token in each of its n-grams) is premixed once.
 */
export function premix(k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  return Math.imul(k, 0x1b873593);
}

export function mixPremixed(h: number, k: number): number {
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

export const FNV_OFFSET = 0x811c9dc5;
export const FNV_PRIME = 0x01000193;

/** FNV-1a over UTF-16 code units, then fmix32 (FNV alone has weak low bits). */
export function hashString(s: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < s.length; i++) {
    h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  }
  return fmix32(h);
}

/** Hash of a run of 32-bit values (a shingle, a line). */
export function hashRun(values: ArrayLike<number>, start: number, end: number, seed = 0): number {
  let h = seed;
  for (let i = start; i < end; i++) h = mixInto(h, values[i] as number);
  return fmix32(h ^ (end - start));
}

/** `hashRun` of values given scrambled (`scrambled[i] = scramble(values[i])`): the same hash. */
export function hashScrambledRun(scrambled: Uint32Array, start: number, end: number, seed = 0): number {
  let h = seed;
  for (let i = start; i < end; i++) h = mixScrambled(h, scrambled[i] as number);
  return fmix32(h ^ (end - start));
}

/** `scramble` of each of `values[0 .. n)`, into `out`. */
export function scrambleAll(values: Uint32Array, n: number, out: Uint32Array): Uint32Array {
  for (let i = 0; i < n; i++) out[i] = scramble(values[i] as number);
  return out;
}
