/**
 * Greedy String Tiling (Wise, "Running Karp-Rabin Matching and Greedy String Tiling", 1993; the
 * matcher behind JPlag): repeatedly take the longest common run of still-unmarked tokens, longest
 * first, and mark it in both texts. Unlike a longest-common-subsequence alignment it finds moved and
 * reordered blocks, which is how reprints reshuffle paragraphs.
 *
 * Implementation: enumerate maximal exact matches (diagonal runs) from equal `minTile`-grams,
 * keep them in a heap ordered by (length desc, a asc, b asc), and when a popped run has been partly
 * covered by an earlier tile, split it into its unmarked pieces and push those back. This gives
 * exactly the tiles of the textbook algorithm with that tie order (test/align.test.ts checks it
 * against a brute-force implementation).
 */
import { hashRun } from '../text/hash.js';

export interface Tile {
  /** Start token in A. */
  a: number;
  /** Start token in B. */
  b: number;
  len: number;
}

/** Cap on how many places one gram is tried at, per side: bounds the work on very repetitive text. */
const MAX_GRAM_POSITIONS = 32;
/** Grams are packed as hash · 2^21 + position in one float64 (53 bits), so one native sort orders them. */
const POS_SPAN = 2 ** 21;

/**
 * Every `m`-gram of a token array as `hash · 2^21 + position`, sorted. Computed once per document and
 * merged against other documents' arrays: a linear merge of two sorted arrays, no hash map per pair.
 * Positions past 2^21 (documents over two million words) are not indexed.
 */
export function gramIndex(ids: Uint32Array, count: number, m: number): Float64Array {
  const n = Math.min(count - m + 1, POS_SPAN);
  if (n <= 0) return new Float64Array(0);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = hashRun(ids, i, i + m) * POS_SPAN + i;
  return out.sort();
}

export function greedyTiles(
  a: Uint32Array,
  aCount: number,
  b: Uint32Array,
  bCount: number,
  minTile: number,
  gramsA: Float64Array = gramIndex(a, aCount, minTile),
  gramsB: Float64Array = gramIndex(b, bCount, minTile),
): Tile[] {
  if (aCount < minTile || bCount < minTile) return [];
  let heap = new TileHeap();
  // Maximal exact matches from equal grams. Normally a run is taken from its first gram only; if a
  // gram was too frequent to try all its places (repetitive text), that first gram may have been
  // skipped, so the merge runs again recording runs from any of their grams, once per run.
  if (!maximalMatches(a, aCount, b, bCount, minTile, gramsA, gramsB, heap, null)) {
    maximalMatches(a, aCount, b, bCount, minTile, gramsA, gramsB, (heap = new TileHeap()), new Set());
  }
  const markA = new Uint8Array(aCount);
  const markB = new Uint8Array(bCount);
  const tiles: Tile[] = [];
  for (let t = heap.pop(); t !== undefined; t = heap.pop()) {
    let whole = true;
    for (let k = 0; k < t.len; k++) {
      if (markA[t.a + k] || markB[t.b + k]) {
        whole = false;
        break;
      }
    }
    if (whole) {
      markA.fill(1, t.a, t.a + t.len);
      markB.fill(1, t.b, t.b + t.len);
      tiles.push(t);
      continue;
    }
    // Split into the unmarked pieces still long enough, and let them compete again.
    let s = -1;
    for (let k = 0; k <= t.len; k++) {
      const free = k < t.len && !markA[t.a + k] && !markB[t.b + k];
      if (free && s < 0) s = k;
      else if (!free && s >= 0) {
        if (k - s >= minTile) heap.push({ a: t.a + s, b: t.b + s, len: k - s });
        s = -1;
      }
    }
  }
  return tiles;
}

/**
 * Pushes the maximal exact matches of length ≥ minTile found from equal grams. Without `covered`,
 * a pair that continues a run to its left is skipped (its run was found from its start); returns
 * false if any gram had more places than were tried, as that start may then be missing. With
 * `starts` (runs already recorded, by their start), every pair extends back to its run's start and
 * each run is recorded once.
 */
function maximalMatches(
  a: Uint32Array,
  aCount: number,
  b: Uint32Array,
  bCount: number,
  minTile: number,
  gramsA: Float64Array,
  gramsB: Float64Array,
  heap: TileHeap,
  starts: Set<number> | null,
): boolean {
  let complete = true;
  let x = 0;
  let y = 0;
  while (x < gramsA.length && y < gramsB.length) {
    const ha = Math.floor((gramsA[x] as number) / POS_SPAN);
    const hb = Math.floor((gramsB[y] as number) / POS_SPAN);
    if (ha < hb) {
      x++;
      continue;
    }
    if (ha > hb) {
      y++;
      continue;
    }
    let xe = x;
    while (xe < gramsA.length && Math.floor((gramsA[xe] as number) / POS_SPAN) === ha) xe++;
    let ye = y;
    while (ye < gramsB.length && Math.floor((gramsB[ye] as number) / POS_SPAN) === hb) ye++;
    if (xe - x > MAX_GRAM_POSITIONS || ye - y > MAX_GRAM_POSITIONS) complete = false;
    for (let p = x; p < Math.min(xe, x + MAX_GRAM_POSITIONS); p++) {
      const pi = (gramsA[p] as number) - ha * POS_SPAN;
      for (let q = y; q < Math.min(ye, y + MAX_GRAM_POSITIONS); q++) {
        const pj = (gramsB[q] as number) - hb * POS_SPAN;
        let i = pi;
        let j = pj;
        if (starts === null) {
          if (i > 0 && j > 0 && a[i - 1] === b[j - 1]) continue; // found from its start
        } else {
          while (i > 0 && j > 0 && a[i - 1] === b[j - 1]) {
            i--;
            j--;
          }
          const key = i * (bCount + 1) + j;
          if (starts.has(key)) continue;
          starts.add(key);
        }
        let len = 0;
        while (i + len < aCount && j + len < bCount && a[i + len] === b[j + len]) len++;
        if (len >= minTile) heap.push({ a: i, b: j, len });
      }
    }
    x = xe;
    y = ye;
  }
  return complete || starts !== null;
}

/** Binary heap of tiles: longest first, then leftmost in A, then leftmost in B. */
class TileHeap {
  private items: Tile[] = [];

  private static before(x: Tile, y: Tile): boolean {
    if (x.len !== y.len) return x.len > y.len;
    if (x.a !== y.a) return x.a < y.a;
    return x.b < y.b;
  }

  push(t: Tile): void {
    const items = this.items;
    items.push(t);
    let i = items.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = items[p] as Tile;
      if (!TileHeap.before(t, parent)) break;
      items[i] = parent;
      i = p;
    }
    items[i] = t;
  }

  pop(): Tile | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined || items.length === 0) return top;
    let i = 0;
    const n = items.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let c = l;
      if (r < n && TileHeap.before(items[r] as Tile, items[l] as Tile)) c = r;
      if (!TileHeap.before(items[c] as Tile, last)) break;
      items[i] = items[c] as Tile;
      i = c;
    }
    items[i] = last;
    return top;
  }
}
