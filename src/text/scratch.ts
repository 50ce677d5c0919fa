/**
 * Growable scratch arrays for per-document analysis. Analysis is synchronous, so one set of buffers
 * per module serves every document: no temporary arrays per document for the garbage collector. A
 * scratch array's contents are valid only until the next call of the function that owns it.
 */

/**
 * Values beyond which a scratch array is not kept for a much smaller document: one huge document
 * (up to 10 MB) must not pin megabytes in every module for the rest of the run.
 */
const KEEP = 1 << 16;

/** `a` when it holds `n` values (and is not far too large), else a fresh array (contents not kept). */
export function atLeast(a: Uint32Array, n: number): Uint32Array {
  return fits(a.length, n) ? a : new Uint32Array(capacity(n));
}

/** `atLeast` for Int32Array. */
export function atLeastInt(a: Int32Array, n: number): Int32Array {
  return fits(a.length, n) ? a : new Int32Array(capacity(n));
}

/** `a` when it holds `n` values, else a larger array with `a`'s contents. */
export function grownTo(a: Uint32Array, n: number): Uint32Array {
  if (a.length >= n) return a;
  const b = new Uint32Array(capacity(Math.max(n, 2 * a.length)));
  b.set(a);
  return b;
}

function fits(have: number, n: number): boolean {
  return have >= n && (have <= KEEP || have <= 4 * n);
}

/** A power of two: a run of growing documents costs O(log) allocations. */
function capacity(n: number): number {
  let cap = 256;
  while (cap < n) cap *= 2;
  return cap;
}

/**
 * Copies `src[0 .. n)` to `dst[at ..]`: out of scratch into a fresh array. A loop, not `set` of a
 * `subarray`, which would allocate a view per copy (most copies here are a few hundred values).
 */
export function copyInto(dst: Uint32Array, at: number, src: Uint32Array, n: number): void {
  for (let i = 0; i < n; i++) dst[at + i] = src[i] as number;
}
