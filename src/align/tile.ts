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
import { fmix32, mixPremixed, premix } from '../text/hash.js';
import { packSorted } from './sort.js';

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
 * Positions past 2^21 (documents over two million words) are not indexed. The hash is
 * hashRun(ids, i, i + m), with each token's share of it computed once rather than in each of its m
 * grams, and the sort is linear (sort.ts).
 */
export function gramIndex(ids: Uint32Array, count: number, m: number): Float64Array {
  const n = Math.min(count - m + 1, POS_SPAN);
  if (n <= 0) return new Float64Array(0);
  const width = n + m - 1;
  if (premixed.length < width) {
    premixed = new Int32Array(2 * width);
    hashes = new Uint32Array(2 * width);
  }
  const k = premixed;
  for (let i = 0; i < width; i++) k[i] = premix(ids[i] as number);
  for (let i = 0; i < n; i++) {
    let h = 0;
    for (let j = i; j < i + m; j++) h = mixPremixed(h, k[j] as number);
    hashes[i] = fmix32(h ^ m);
  }
  return packSorted(hashes, n, POS_SPAN);
}

/** gramIndex's scratch: premixed tokens, gram hashes. */
let premixed = new Int32Array(1024);
let hashes = new Uint32Array(1024);

/**
 * The hashes of a gram index alone, in its order: the merge of two indexes compares them as integers,
 * which is much faster than telling a hash from its packed float.
 */
export function gramHashes(grams: Float64Array): Uint32Array {
  const out = new Uint32Array(grams.length);
  for (let i = 0; i < grams.length; i++) out[i] = Math.floor((grams[i] as number) / POS_SPAN);
  return out;
}

export interface TileOptions {
  /**
   * What alignTexts needs of a passage: one tile `anchor` long, `total` tiled tokens. greedyTiles
   * returns no tiles when no tiling could reach them: every tile is a piece of one maximal match and
   * the tiles are disjoint, so the longest tile is at most the longest match and all tiles together
   * at most the matches' summed lengths.
   */
  anchor?: number;
  total?: number;
  /** gramHashes of the two gram indexes, when the caller keeps them. */
  hashesA?: Uint32Array | undefined;
  hashesB?: Uint32Array | undefined;
}

export function greedyTiles(
  a: Uint32Array,
  aCount: number,
  b: Uint32Array,
  bCount: number,
  minTile: number,
  gramsA: Float64Array = gramIndex(a, aCount, minTile),
  gramsB: Float64Array = gramIndex(b, bCount, minTile),
  o: TileOptions = {},
): Tile[] {
  if (aCount < minTile || bCount < minTile) return [];
  const m: Matching = {
    a,
    aCount,
    b,
    bCount,
    minTile,
    gramsA,
    gramsB,
    hashesA: o.hashesA ?? gramHashes(gramsA),
    hashesB: o.hashesB ?? gramHashes(gramsB),
  };
  let found: Tile[] = [];
  // Maximal exact matches from equal grams. Normally a run is taken from its first gram only; if a
  // gram was too frequent to try all its places (repetitive text), that first gram may have been
  // skipped, so the merge runs again recording runs from any of their grams, once per run.
  if (!maximalMatches(m, found, null)) maximalMatches(m, (found = []), new Set());
  const anchor = o.anchor ?? 0;
  const total = o.total ?? 0;
  if (found.length === 0) return [];
  if (anchor > 0 || total > 0) {
    let longest = 0;
    let sum = 0;
    for (const t of found) {
      if (t.len > longest) longest = t.len;
      sum += t.len;
    }
    if (longest < anchor || sum < total) return [];
  }
  const heap = new TileHeap(found);
  // Marks of A's tokens then B's, in one buffer kept between calls (cleared here): no allocation per pair.
  if (marks.length < aCount + bCount) marks = new Uint8Array(2 * (aCount + bCount));
  const mark = marks;
  mark.fill(0, 0, aCount + bCount);
  const tiles: Tile[] = [];
  for (let t = heap.pop(); t !== undefined; t = heap.pop()) {
    const offB = aCount + t.b;
    let whole = true;
    for (let k = 0; k < t.len; k++) {
      if (mark[t.a + k] || mark[offB + k]) {
        whole = false;
        break;
      }
    }
    if (whole) {
      mark.fill(1, t.a, t.a + t.len);
      mark.fill(1, offB, offB + t.len);
      tiles.push(t);
      continue;
    }
    // Split into the unmarked pieces still long enough, and let them compete again.
    let s = -1;
    for (let k = 0; k <= t.len; k++) {
      const free = k < t.len && !mark[t.a + k] && !mark[offB + k];
      if (free && s < 0) s = k;
      else if (!free && s >= 0) {
        if (k - s >= minTile) heap.push({ a: t.a + s, b: t.b + s, len: k - s });
        s = -1;
      }
    }
  }
  return tiles;
}

/** greedyTiles' token marks, reused from call to call. */
let marks = new Uint8Array(4096);

/** The two texts and their gram indexes, as maximalMatches reads them. */
interface Matching {
  a: Uint32Array;
  aCount: number;
  b: Uint32Array;
  bCount: number;
  minTile: number;
  gramsA: Float64Array;
  gramsB: Float64Array;
  hashesA: Uint32Array;
  hashesB: Uint32Array;
}

/**
 * Collects the maximal exact matches of length ≥ minTile found from equal grams. Without `starts`,
 * a pair that continues a run to its left is skipped (its run was found from its start); returns
 * false if any gram had more places than were tried, as that start may then be missing. With
 * `starts` (runs already recorded, by their start), every pair extends back to its run's start and
 * each run is recorded once.
 */
function maximalMatches(m: Matching, out: Tile[], starts: Set<number> | null): boolean {
  const { a, aCount, b, bCount, minTile, gramsA, gramsB, hashesA, hashesB } = m;
  let complete = true;
  const nA = hashesA.length;
  const nB = hashesB.length;
  let x = 0;
  let y = 0;
  while (x < nA && y < nB) {
    const ha = hashesA[x] as number;
    const hb = hashesB[y] as number;
    if (ha !== hb) {
      // Most steps: advance the smaller side, without a branch to mispredict.
      x += +(ha < hb);
      y += +(hb < ha);
      continue;
    }
    let xe = x + 1;
    while (xe < nA && hashesA[xe] === ha) xe++;
    let ye = y + 1;
    while (ye < nB && hashesB[ye] === hb) ye++;
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
        if (len >= minTile) out.push({ a: i, b: j, len });
      }
    }
    x = xe;
    y = ye;
  }
  return complete || starts !== null;
}

/** Binary heap of tiles: longest first, then leftmost in A, then leftmost in B. */
class TileHeap {
  /** Takes `items` over and orders them in place (Floyd's bottom-up build: linear, not n log n). */
  private readonly items: Tile[];

  constructor(items: Tile[]) {
    this.items = items;
    for (let i = (items.length >> 1) - 1; i >= 0; i--) this.down(i, items[i] as Tile);
  }

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
    this.down(0, last);
    return top;
  }

  /** Puts `t` at slot i, or below it where it belongs. */
  private down(i: number, t: Tile): void {
    const items = this.items;
    const n = items.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let c = l;
      if (r < n && TileHeap.before(items[r] as Tile, items[l] as Tile)) c = r;
      if (!TileHeap.before(items[c] as Tile, t)) break;
      items[i] = items[c] as Tile;
      i = c;
    }
    items[i] = t;
  }
}
