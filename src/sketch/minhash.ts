/**
 * MinHash signatures by one-permutation hashing with optimal densification (Shrivastava, "Optimal
 * Densification for Fast and Accurate Minwise Hashing", ICML 2017): each shingle is hashed once and
 * dropped into one of `numPerm` bins, keeping each bin's minimum; empty bins borrow from a non-empty
 * bin chosen by a sequence that depends only on the bin, so two documents borrow alike. Cost O(n + k)
 * instead of the classic O(n·k), with the same collision probability: P[sig_a[i] = sig_b[i]] = J(a, b).
 */
import { fmix32 } from '../text/hash.js';

export const EMPTY = 0xffffffff;
const BIN_SEED = 0x3c6ef372;
const VALUE_SEED = 0x5bd1e995;

/** Which bins a shingle fell into (one call's scratch). */
let filledScratch = new Uint8Array(0);

/** The signature of `shingleHashes[0 .. count)`. */
export function minhash(shingleHashes: Uint32Array, numPerm: number, count = shingleHashes.length): Uint32Array {
  return minhashInto(shingleHashes, numPerm, count, new Uint32Array(numPerm));
}

/** `minhash` written to `sig` (numPerm values; whatever it held is overwritten), which it returns. */
export function minhashInto(shingleHashes: Uint32Array, numPerm: number, count: number, sig: Uint32Array): Uint32Array {
  if (numPerm === 128) return minhash128(shingleHashes, count, sig);
  sig.fill(EMPTY, 0, numPerm);
  if (filledScratch.length < numPerm) filledScratch = new Uint8Array(numPerm);
  else filledScratch.fill(0, 0, numPerm);
  const filled = filledScratch; // a local in the loops: no context load per access
  // bin = ⌊h · numPerm / 2^32⌋, which for a power of two is h's top bits: a shift, not float arithmetic.
  const shift = numPerm > 1 && (numPerm & (numPerm - 1)) === 0 ? 32 - Math.log2(numPerm) : 0;
  for (let i = 0; i < count; i++) {
    const s = shingleHashes[i] as number;
    const h = fmix32(s ^ BIN_SEED);
    const bin = shift !== 0 ? h >>> shift : Math.floor((h * numPerm) / 4294967296);
    const v = fmix32(s ^ VALUE_SEED) >>> 1; // 31 bits, so EMPTY never collides with a value
    if (v < (sig[bin] as number)) sig[bin] = v;
    filled[bin] = 1;
  }
  if (count === 0) return sig;
  const probes = probeTable(numPerm);
  for (let i = 0; i < numPerm; i++) {
    if (filled[i]) continue;
    let attempt = 1;
    if (probes !== null) {
      // The tabled tries eight at a time, as a bit mask of which hit: one branch per eight tries,
      // not a mispredicted one per try.
      const p0 = i * PROBES;
      let found = -1;
      for (let a = 0; a < PROBES && found < 0; a += 8) {
        const p = p0 + a;
        const hits =
          (filled[probes[p] as number] as number) |
          ((filled[probes[p + 1] as number] as number) << 1) |
          ((filled[probes[p + 2] as number] as number) << 2) |
          ((filled[probes[p + 3] as number] as number) << 3) |
          ((filled[probes[p + 4] as number] as number) << 4) |
          ((filled[probes[p + 5] as number] as number) << 5) |
          ((filled[probes[p + 6] as number] as number) << 6) |
          ((filled[probes[p + 7] as number] as number) << 7);
        if (hits !== 0) found = probes[p + 31 - Math.clz32(hits & -hits)] as number; // the first hit
      }
      if (found >= 0) {
        sig[i] = sig[found] as number;
        continue;
      }
      attempt = PROBES + 1;
    }
    for (; ; attempt++) {
      const j = probe(i, attempt, numPerm);
      if (filled[j]) {
        sig[i] = sig[j] as number;
        break;
      }
    }
  }
  return sig;
}

/** Which of 128 bins no shingle fell into, a bit each (minhash128's scratch). */
const empty128 = new Int32Array(4);

/**
 * `minhashInto` for 128 bins (options.ts NUM_PERM, every scan's), the same values. The bins no
 * shingle fell into are found after the shingles, as bits (a value's top bit is clear, EMPTY's set),
 * and the densification visits just those, lowest bit first, and reads the bits for its tries: no
 * byte per bin stored per shingle, and no loop over every bin with a mispredicted branch on whether
 * it is empty (Reuters in-process: minhashInto min 40 → 37.5 ms, median 57 → 52).
 */
function minhash128(shingleHashes: Uint32Array, count: number, sig: Uint32Array): Uint32Array {
  sig.fill(EMPTY, 0, 128);
  for (let i = 0; i < count; i++) {
    const s = shingleHashes[i] as number;
    const bin = fmix32(s ^ BIN_SEED) >>> 25;
    const v = fmix32(s ^ VALUE_SEED) >>> 1; // 31 bits, so EMPTY never collides with a value
    if (v < (sig[bin] as number)) sig[bin] = v;
  }
  if (count === 0) return sig;
  const empty = empty128;
  for (let w = 0; w < 4; w++) {
    const o = w << 5;
    let bits = 0;
    for (let b = 0; b < 32; b++) bits |= ((sig[o + b] as number) >>> 31) << b;
    empty[w] = bits;
  }
  const probes = probeTable(128) as Uint16Array;
  for (let w = 0; w < 4; w++) {
    for (let e = empty[w] as number; e !== 0; ) {
      const low = e & -e;
      e ^= low;
      const i = (w << 5) + 31 - Math.clz32(low);
      let found = -1;
      // The tabled tries eight at a time, as a bit mask of which missed: one branch per eight tries.
      for (let p = i * PROBES; p < (i + 1) * PROBES && found < 0; p += 8) {
        let q = probes[p] as number;
        let miss = ((empty[q >>> 5] as number) >>> q) & 1;
        q = probes[p + 1] as number;
        miss |= (((empty[q >>> 5] as number) >>> q) & 1) << 1;
        q = probes[p + 2] as number;
        miss |= (((empty[q >>> 5] as number) >>> q) & 1) << 2;
        q = probes[p + 3] as number;
        miss |= (((empty[q >>> 5] as number) >>> q) & 1) << 3;
        q = probes[p + 4] as number;
        miss |= (((empty[q >>> 5] as number) >>> q) & 1) << 4;
        q = probes[p + 5] as number;
        miss |= (((empty[q >>> 5] as number) >>> q) & 1) << 5;
        q = probes[p + 6] as number;
        miss |= (((empty[q >>> 5] as number) >>> q) & 1) << 6;
        q = probes[p + 7] as number;
        miss |= (((empty[q >>> 5] as number) >>> q) & 1) << 7;
        const hits = ~miss & 0xff;
        if (hits !== 0) found = probes[p + 31 - Math.clz32(hits & -hits)] as number; // the first hit
      }
      for (let attempt = PROBES + 1; found < 0; attempt++) {
        const j = probe(i, attempt, 128);
        if ((((empty[j >>> 5] as number) >>> j) & 1) === 0) found = j;
      }
      sig[i] = sig[found] as number;
    }
  }
  return sig;
}

/** The bin an empty bin `i` borrows from at its `attempt`-th try (from 1): the same for every document. */
function probe(i: number, attempt: number, numPerm: number): number {
  return Math.floor((fmix32(Math.imul(i + 1, 0x9e3779b1) ^ Math.imul(attempt, 0x85ebca77)) * numPerm) / 4294967296);
}

/**
 * The first PROBES tries of every bin, computed once per signature size: short documents leave most
 * bins empty, and hashing each try again per document was most of the cost of their signatures.
 */
const PROBES = 32; // a multiple of 8
let probesFor = 0;
let probes: Uint16Array | null = null;

function probeTable(numPerm: number): Uint16Array | null {
  if (numPerm > 4096) return null;
  if (probesFor !== numPerm) {
    const t = new Uint16Array(numPerm * PROBES);
    for (let i = 0; i < numPerm; i++) for (let a = 1; a <= PROBES; a++) t[i * PROBES + a - 1] = probe(i, a, numPerm);
    probes = t;
    probesFor = numPerm;
  }
  return probes;
}

/**
 * The rare paths taken at load, ten times (V8 records what a function meets only from its eighth call
 * or so): a signature of one shingle leaves bins whose 32 tabled tries all miss, which a corpus meets
 * only now and then, and code optimised before that path was taken is thrown away when it is. Into
 * both kinds of memory a signature is written to (analyze's are shared: a typed array of its own kind).
 */
for (let k = 0; k < 10; k++) {
  minhashInto(Uint32Array.of(k), 128, 1, k % 2 ? new Uint32Array(128) : new Uint32Array(new SharedArrayBuffer(512)));
}

/** Estimated Jaccard similarity: the share of equal positions. 0 when either side is empty. */
export function estimateJaccard(a: Uint32Array, b: Uint32Array): number {
  if (a.length !== b.length || a.length === 0 || a[0] === EMPTY || b[0] === EMPTY) return 0;
  let eq = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) eq++;
  return eq / a.length;
}
