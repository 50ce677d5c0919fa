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
import { Runs } from './runs.js';
import type { Slab } from './slab.js';
import { packSorted, sortWithIndex } from './sort.js';

export interface Tile {
  /** Start token in A. */
  a: number;
  /** Start token in B. */
  b: number;
  len: number;
}

/** Cap on how many places one gram is tried at, per side: bounds the work on very repetitive text. */
const MAX_GRAM_POSITIONS = 32;
/** A gram index packs a gram as hash · 2^21 + position in one float64 (53 bits). */
const POS_SPAN = 2 ** 21;

/**
 * Every `m`-gram of a token array as `hash · 2^21 + position`, sorted. Computed once per document and
 * merged against other documents' arrays: a linear merge of two sorted arrays, no hash map per pair.
 * Positions past 2^21 (documents over two million words) are not indexed. This is the form the
 * engine keeps and hands to worker threads; alignment itself merges gram tables (gramTable).
 */
export function gramIndex(ids: Uint32Array, count: number, m: number): Float64Array {
  const n = gramHashes(ids, count, m);
  return packSorted(hashes, n, POS_SPAN);
}

/**
 * The grams of gramIndex as one Uint32Array, `[hashes sorted | position of each]`: integers merge
 * several times faster than packed floats, and one array per document is one object to reach.
 */
export function gramTable(ids: Uint32Array, count: number, m: number, slab?: Slab): Uint32Array {
  const n = gramHashes(ids, count, m);
  return sortWithIndex(hashes, n, slab ? slab.u32(2 * n) : new Uint32Array(2 * n));
}

/** A gram index (gramIndex) as a gram table (gramTable). */
export function tableOf(grams: Float64Array): Uint32Array {
  const n = grams.length;
  const out = new Uint32Array(2 * n);
  for (let k = 0; k < n; k++) {
    const v = grams[k] as number;
    const h = Math.floor(v / POS_SPAN);
    out[k] = h;
    out[n + k] = v - h * POS_SPAN;
  }
  return out;
}

/**
 * Hashes of the grams that are indexed (positions below 2^21), in position order, into `hashes`;
 * returns how many. A gram's hash is hashRun(ids, i, i + m), with each token's share of it computed
 * once rather than in each of its m grams.
 */
function gramHashes(ids: Uint32Array, count: number, m: number): number {
  const n = Math.min(count - m + 1, POS_SPAN);
  if (n <= 0) return 0;
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
  return n;
}

/** gramHashes' scratch: premixed tokens, gram hashes. */
let premixed = new Int32Array(1024);
let hashes = new Uint32Array(1024);

export interface TileOptions {
  /**
   * What alignTexts needs of a passage: a chain of tiles (`maxGap` apart at most) holding `total`
   * tokens and one tile `anchor` long. greedyTiles returns no tiles when no tiling could have such a
   * chain (see `chainable`).
   */
  anchor?: number;
  total?: number;
  maxGap?: number;
  /** Gram tables (gramTable) of a and b, when the caller keeps them: then gramsA, gramsB are not read. */
  tableA?: Uint32Array | undefined;
  tableB?: Uint32Array | undefined;
}

export function greedyTiles(
  a: Uint32Array,
  aCount: number,
  b: Uint32Array,
  bCount: number,
  minTile: number,
  gramsA?: Float64Array,
  gramsB?: Float64Array,
  o: TileOptions = {},
): Tile[] {
  if (aCount < minTile || bCount < minTile) return [];
  const m: Matching = {
    a,
    aCount,
    b,
    bCount,
    minTile,
    tableA: o.tableA ?? (gramsA ? tableOf(gramsA) : gramTable(a, aCount, minTile)),
    tableB: o.tableB ?? (gramsB ? tableOf(gramsB) : gramTable(b, bCount, minTile)),
  };
  // Maximal exact matches from equal grams. Normally a run is taken from its first gram only; if a
  // gram was too frequent to try all its places (repetitive text), that first gram may have been
  // skipped, so the merge runs again recording runs from any of their grams, once per run.
  const r = runs;
  r.clear();
  if (!maximalMatches(m, null)) {
    r.clear();
    maximalMatches(m, new Set());
  }
  if (r.count === 0) return [];
  // Marks of A's tokens then B's, in one buffer kept between calls (cleared before use): no
  // allocation per pair.
  if (marks.length < aCount + bCount) marks = new Uint8Array(2 * (aCount + bCount));
  const mark = marks;
  if (o.anchor !== undefined && o.total !== undefined && !chainable(aCount, bCount, o.anchor, o.total, o.maxGap, mark)) return [];
  r.heapify();
  mark.fill(0, 0, aCount + bCount);
  const tiles: Tile[] = [];
  for (let t = r.pop(); t >= 0; t = r.pop()) {
    const ta = r.a[t] as number;
    const tb = r.b[t] as number;
    const len = r.len[t] as number;
    const offB = aCount + tb;
    let whole = true;
    for (let k = 0; k < len; k++) {
      if (mark[ta + k] || mark[offB + k]) {
        whole = false;
        break;
      }
    }
    if (whole) {
      mark.fill(1, ta, ta + len);
      mark.fill(1, offB, offB + len);
      tiles.push({ a: ta, b: tb, len });
      continue;
    }
    // Split into the unmarked pieces still long enough, and let them compete again.
    let s = -1;
    for (let k = 0; k <= len; k++) {
      const free = k < len && !mark[ta + k] && !mark[offB + k];
      if (free && s < 0) s = k;
      else if (!free && s >= 0) {
        if (k - s >= minTile) r.push(r.add(ta + s, tb + s, k - s));
        s = -1;
      }
    }
  }
  return tiles;
}

/** greedyTiles' runs and token marks, reused from call to call. */
const runs = new Runs();
let marks = new Uint8Array(4096);

/**
 * Whether the tiling of the maximal matches in `runs` could have a chain of `total` tokens with a
 * tile `anchor` long, tiles at most `maxGap` apart (undefined: any distance). Every tile is a piece
 * of one match, and tiles are disjoint. So the longest tile is at most the longest match, and all
 * tiles together hold at most the matches' summed lengths. Further, consecutive tiles of a chain have
 * at most maxGap tokens between them: a chain lies within one cluster of the positions the matches
 * cover (covered positions with at most maxGap uncovered ones between them), in A and in B alike, and
 * holds at most that cluster's covered positions; its anchor tile lies in a match `anchor` long or
 * more. `mark` (aCount + bCount long) is scratch.
 */
function chainable(aCount: number, bCount: number, anchor: number, total: number, maxGap: number | undefined, mark: Uint8Array): boolean {
  const { a, b, len, count } = runs;
  let longest = 0;
  let sum = 0;
  for (let i = 0; i < count; i++) {
    const l = len[i] as number;
    if (l > longest) longest = l;
    sum += l;
  }
  if (longest < anchor || sum < total) return false;
  if (maxGap === undefined) return true;
  // 1: covered by a match; 2: covered by a match long enough to hold the anchor tile. Only the span
  // the matches cover is marked and read.
  let fromA = aCount;
  let toA = 0;
  let fromB = bCount;
  let toB = 0;
  for (let i = 0; i < count; i++) {
    const ta = a[i] as number;
    const tb = b[i] as number;
    const l = len[i] as number;
    if (ta < fromA) fromA = ta;
    if (ta + l > toA) toA = ta + l;
    if (tb < fromB) fromB = tb;
    if (tb + l > toB) toB = tb + l;
  }
  mark.fill(0, fromA, toA);
  mark.fill(0, aCount + fromB, aCount + toB);
  for (let i = 0; i < count; i++) {
    const ta = a[i] as number;
    const tb = aCount + (b[i] as number);
    const l = len[i] as number;
    const v = l >= anchor ? 2 : 1;
    for (let k = 0; k < l; k++) {
      if ((mark[ta + k] as number) < v) mark[ta + k] = v;
      if ((mark[tb + k] as number) < v) mark[tb + k] = v;
    }
  }
  return clusterHolds(mark, fromA, toA, total, maxGap) && clusterHolds(mark, aCount + fromB, aCount + toB, total, maxGap);
}

/** Whether a cluster of marked positions in mark[from .. to) holds `total` of them and one marked 2. */
function clusterHolds(mark: Uint8Array, from: number, to: number, total: number, maxGap: number): boolean {
  let covered = 0;
  let anchored = false;
  let gap = 0;
  for (let i = from; i < to; i++) {
    const m = mark[i] as number;
    if (m === 0) {
      if (++gap > maxGap) {
        covered = 0;
        anchored = false;
      }
      continue;
    }
    gap = 0;
    covered++;
    if (m === 2) anchored = true;
    if (anchored && covered >= total) return true;
  }
  return false;
}

/** The two texts and their gram indexes, as maximalMatches reads them. */
interface Matching {
  a: Uint32Array;
  aCount: number;
  b: Uint32Array;
  bCount: number;
  minTile: number;
  tableA: Uint32Array;
  tableB: Uint32Array;
}

/**
 * Adds to `runs` the maximal exact matches of length ≥ minTile found from equal grams. Without
 * `starts`, a pair that continues a run to its left is skipped (its run was found from its start);
 * returns false if any gram had more places than were tried, as that start may then be missing.
 * With `starts` (runs already recorded, by their start), every pair extends back to its run's start
 * and each run is recorded once.
 */
function maximalMatches(m: Matching, starts: Set<number> | null): boolean {
  const { a, aCount, b, bCount, minTile, tableA, tableB } = m;
  let complete = true;
  // Hashes in [0, n), the position of each n further on.
  const nA = tableA.length >>> 1;
  const nB = tableB.length >>> 1;
  let x = 0;
  let y = 0;
  while (x < nA && y < nB) {
    const ha = tableA[x] as number;
    const hb = tableB[y] as number;
    if (ha !== hb) {
      // Most steps: advance the smaller side, without a branch to mispredict.
      x += +(ha < hb);
      y += +(hb < ha);
      continue;
    }
    let xe = x + 1;
    while (xe < nA && tableA[xe] === ha) xe++;
    let ye = y + 1;
    while (ye < nB && tableB[ye] === hb) ye++;
    if (xe - x > MAX_GRAM_POSITIONS || ye - y > MAX_GRAM_POSITIONS) complete = false;
    for (let p = x; p < Math.min(xe, x + MAX_GRAM_POSITIONS); p++) {
      const pi = tableA[nA + p] as number;
      for (let q = y; q < Math.min(ye, y + MAX_GRAM_POSITIONS); q++) {
        const pj = tableB[nB + q] as number;
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
        if (len >= minTile) runs.add(i, j, len);
      }
    }
    x = xe;
    y = ye;
  }
  return complete || starts !== null;
}
