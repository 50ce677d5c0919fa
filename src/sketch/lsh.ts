/**
 * Locality-sensitive hashing over MinHash signatures: `bands` bands of `rows` rows; two documents are
 * candidates when all rows of any band agree, which happens with probability 1 - (1 - s^r)^b at
 * Jaccard s. Users set the similarity threshold; bands and rows are derived from it by minimising the
 * false-positive plus false-negative areas under that curve, as datasketch's `_optimal_param` does.
 */
import { hashRun } from '../text/hash.js';

export interface LshParams {
  bands: number;
  rows: number;
}

function integrate(f: (s: number) => number, a: number, b: number): number {
  // Composite Simpson's rule; the integrands are smooth polynomials in s.
  const n = 64;
  const h = (b - a) / n;
  let sum = f(a) + f(b);
  for (let i = 1; i < n; i++) sum += f(a + i * h) * (i % 2 ? 4 : 2);
  return (sum * h) / 3;
}

const cache = new Map<string, LshParams>();

export function lshParams(threshold: number, numPerm: number, fpWeight = 0.5, fnWeight = 0.5): LshParams {
  if (!(threshold > 0 && threshold < 1)) throw new RangeError(`threshold must be in (0, 1), got ${threshold}`);
  const key = `${threshold}/${numPerm}/${fpWeight}/${fnWeight}`;
  const hit = cache.get(key);
  if (hit) return hit;
  let best: LshParams = { bands: 1, rows: 1 };
  let bestErr = Infinity;
  for (let b = 1; b <= numPerm; b++) {
    for (let r = 1; r <= Math.floor(numPerm / b); r++) {
      const fp = integrate((s) => 1 - (1 - s ** r) ** b, 0, threshold);
      const fn = integrate((s) => (1 - s ** r) ** b, threshold, 1);
      const err = fp * fpWeight + fn * fnWeight;
      if (err < bestErr) {
        bestErr = err;
        best = { bands: b, rows: r };
      }
    }
  }
  cache.set(key, best);
  return best;
}

/** One bucket key per band. */
export function bandKeys(signature: Uint32Array, p: LshParams): Uint32Array {
  return bandKeysInto(signature, p, new Uint32Array(p.bands), 0);
}

/** bandKeys written into `out` from `at` (no array of its own: a corpus-wide pass calls this per document). */
export function bandKeysInto(signature: Uint32Array, p: LshParams, out: Uint32Array, at: number): Uint32Array {
  for (let i = 0; i < p.bands; i++) out[at + i] = hashRun(signature, i * p.rows, (i + 1) * p.rows, i);
  return out;
}
