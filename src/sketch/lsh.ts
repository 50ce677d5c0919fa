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

/** Intervals of Simpson's rule (composite; the integrands are smooth polynomials in s). */
const STEPS = 64;

const cache = new Map<string, LshParams>();

/**
 * The (bands, rows) of least weighted false-positive plus false-negative area, first on ties.
 * Tried as bands then rows ascending, skipping only pairs one of whose terms alone is already worse
 * than the best so far (the areas are monotone: false negatives grow with rows, false positives
 * with bands), which is most of them.
 *
 * Each (b, r) integrates 1 - (1 - s^r)^b over [0, t] and (1 - s^r)^b over [t, 1]; `1 - s^r` at each
 * sample point depends on r alone, so it is computed once per r and point rather than once per (b, r),
 * and no closure per integral. Every value and every sum is computed as by Simpson's rule written
 * plainly (test/sketch.test.ts holds it to that): the same floating-point results, so the same
 * choice. Cold, as a scan runs it once, this took ~20 ms; now about a tenth of the pairs.
 */
export function lshParams(threshold: number, numPerm: number, fpWeight = 0.5, fnWeight = 0.5): LshParams {
  if (!(threshold > 0 && threshold < 1)) throw new RangeError(`threshold must be in (0, 1), got ${threshold}`);
  const key = `${threshold}/${numPerm}/${fpWeight}/${fnWeight}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const fpQ = new Complements(0, threshold, numPerm);
  const fnQ = new Complements(threshold, 1, numPerm);
  const fpH = threshold / STEPS;
  const fnH = (1 - threshold) / STEPS;
  const P = STEPS + 1;
  let best: LshParams = { bands: 1, rows: 1 };
  let bestErr = Infinity;
  // Rows whose false positives alone already lose, at this many bands and so at any more.
  const lost = new Uint8Array(numPerm + 1);
  for (let b = 1; b <= numPerm; b++) {
    for (let r = 1; r <= Math.floor(numPerm / b); r++) {
      if (lost[r]) continue;
      const at = (r - 1) * P;
      const fp = ((positives(fpQ.row(r), at, b) * fpH) / 3) * fpWeight;
      const fn = ((negatives(fnQ.row(r), at, b) * fnH) / 3) * fnWeight;
      const err = fp + fn;
      if (err < bestErr) {
        bestErr = err;
        best = { bands: b, rows: r };
      }
      // False negatives grow with the rows, false positives with the bands: past where either term
      // alone is worse than the best (by a margin far above rounding), nothing can win.
      const bar = bestErr * (1 + 1e-6) + 1e-9;
      if (fp > bar) lost[r] = 1;
      if (fn > bar) break;
    }
  }
  cache.set(key, best);
  return best;
}

/**
 * Simpson's sum (before the factor h/3) of 1 - q^b over the row of Complements from `at`, in the
 * plain rule's order: both ends, then the inner points left to right.
 */
function positives(q: Float64Array, at: number, b: number): number {
  let sum = 1 - (q[at] as number) ** b + (1 - (q[at + 1] as number) ** b);
  for (let i = 1; i < STEPS; i++) sum += (1 - (q[at + 1 + i] as number) ** b) * (i % 2 ? 4 : 2);
  return sum;
}

/** The same of q^b. */
function negatives(q: Float64Array, at: number, b: number): number {
  let sum = (q[at] as number) ** b + (q[at + 1] as number) ** b;
  for (let i = 1; i < STEPS; i++) sum += (q[at + 1 + i] as number) ** b * (i % 2 ? 4 : 2);
  return sum;
}

/**
 * `1 - s^r` at Simpson's sample points of [a, z] (a, z, then a + i·h for i = 1 .. STEPS - 1, as the
 * plain rule evaluates them), in rows of STEPS + 1 per r = 1 .. numPerm, each filled when first
 * asked for: the search looks at a few rows only.
 */
class Complements {
  private readonly points = new Float64Array(STEPS + 1);
  private readonly values: Float64Array;
  private readonly filled: Uint8Array;

  constructor(a: number, z: number, numPerm: number) {
    const h = (z - a) / STEPS;
    this.points[0] = a;
    this.points[1] = z;
    for (let i = 1; i < STEPS; i++) this.points[1 + i] = a + i * h;
    this.values = new Float64Array(numPerm * (STEPS + 1));
    this.filled = new Uint8Array(numPerm + 1);
  }

  /** All rows, row r (from `(r - 1) * (STEPS + 1)`) filled. */
  row(r: number): Float64Array {
    if (this.filled[r] === 0) {
      this.filled[r] = 1;
      const at = (r - 1) * (STEPS + 1);
      for (let j = 0; j <= STEPS; j++) this.values[at + j] = 1 - (this.points[j] as number) ** r;
    }
    return this.values;
  }
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
