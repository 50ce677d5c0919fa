/**
 * Sorts of hashes for alignment's per-document tables (gram indexes, bigrams): a few hundred values
 * each, built document after document. The native typed-array sort costs ~40 ns a value at
 * that size (measured on Reuters-21578); these are linear. Hashes are spread evenly over 32 bits, so
 * one pass that buckets them by their top bits (about as many buckets as values) leaves about one
 * value per bucket, and an insertion sort finishes (a value only ever moves within its bucket). This
 * gives exactly what a comparison sort gives.
 */

/** Above this many values the native sort is used: a count per bucket would cost more than it saves. */
const MAX_BUCKETED = 1 << 16;

/**
 * Values the insertion sort may move, per value, before it gives up for the native sort: values that
 * are not evenly spread (not hashes) crowd into few buckets, and insertion is quadratic there.
 */
const MAX_MOVES = 8;

/** Scratch kept between calls: bucket counts and one array of values. */
let counts = new Uint32Array(1 << 10);
let scratch = new Uint32Array(1 << 10);

/**
 * Buckets by the top bits of the first n hashes: returns the shift that gives a hash's bucket, and
 * leaves in `counts` each bucket's first slot.
 */
function bucketStarts(hashes: Uint32Array, n: number): number {
  let bits = 4;
  while (1 << bits < n) bits++;
  const buckets = 1 << bits;
  if (counts.length <= buckets) counts = new Uint32Array(2 * buckets);
  const c = counts;
  c.fill(0, 0, buckets + 1);
  const shift = 32 - bits;
  for (let i = 0; i < n; i++) {
    const b = ((hashes[i] as number) >>> shift) + 1;
    c[b] = (c[b] as number) + 1;
  }
  for (let b = 1; b <= buckets; b++) c[b] = (c[b] as number) + (c[b - 1] as number);
  return shift;
}

/** Sorts evenly spread 32-bit values (hashes) ascending, in place; returns `a`. */
export function sortHashes(a: Uint32Array): Uint32Array {
  const n = a.length;
  if (n > MAX_BUCKETED) return a.sort();
  if (n < 2) return a;
  const shift = bucketStarts(a, n);
  if (scratch.length < n) scratch = new Uint32Array(2 * n);
  const t = scratch;
  const c = counts;
  for (let i = 0; i < n; i++) {
    const v = a[i] as number;
    const at = c[v >>> shift] as number;
    c[v >>> shift] = at + 1;
    t[at] = v;
  }
  let moves = 0;
  for (let i = 0; i < n; i++) {
    const v = t[i] as number;
    let j = i - 1;
    while (j >= 0 && (a[j] as number) > v) {
      a[j + 1] = a[j] as number;
      j--;
    }
    a[j + 1] = v;
    moves += i - 1 - j;
    if (moves > MAX_MOVES * n) {
      a.set(t.subarray(i + 1, n), i + 1);
      return a.sort();
    }
  }
  return a;
}

/**
 * The first n hashes packed with their index as `hash · span + index`, ascending (by hash, then
 * index): `hash · span` must stay exact in a float64, i.e. span ≤ 2^21.
 */
export function packSorted(hashes: Uint32Array, n: number, span: number): Float64Array {
  const out = new Float64Array(n);
  if (n > MAX_BUCKETED) {
    for (let i = 0; i < n; i++) out[i] = (hashes[i] as number) * span + i;
    return out.sort();
  }
  if (n === 0) return out;
  const shift = bucketStarts(hashes, n);
  const c = counts;
  // In index order into the buckets, so that equal hashes are already in index order...
  for (let i = 0; i < n; i++) {
    const h = hashes[i] as number;
    const at = c[h >>> shift] as number;
    c[h >>> shift] = at + 1;
    out[at] = h * span + i;
  }
  // ...and the insertion sort leaves them so.
  let moves = 0;
  for (let i = 1; i < n; i++) {
    const v = out[i] as number;
    let j = i - 1;
    if ((out[j] as number) < v) continue;
    while (j >= 0 && (out[j] as number) > v) {
      out[j + 1] = out[j] as number;
      j--;
    }
    out[j + 1] = v;
    moves += i - 1 - j;
    if (moves > MAX_MOVES * n) return out.sort();
  }
  return out;
}
