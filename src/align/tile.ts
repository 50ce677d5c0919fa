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
import { gramsMayChain } from './bound.js';
import { GramMap, MAX_GRAM_POSITIONS } from './grams.js';
import { Tiles } from './chain.js';
import { Runs } from './runs.js';

export { gramIndex } from './grams.js';

export interface Tile {
  /** Start token in A. */
  a: number;
  /** Start token in B. */
  b: number;
  len: number;
}

export interface TileOptions {
  /**
   * What alignTexts needs of a passage: a chain of tiles (`maxGap` apart at most) holding `total`
   * tokens and one tile `anchor` long. greedyTiles returns no tiles when its bound tells that no
   * tiling could have such a chain (see bound.ts); otherwise every tile.
   */
  anchor?: number;
  total?: number;
  maxGap?: number;
}

/**
 * Greedy string tiling of a[0 .. aCount) and b[0 .. bCount), runs of `minTile` tokens or more.
 * `gramsA` and `gramsB` (gram indexes) are not read: grams are hashed as the texts are read.
 */
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
  const t = tileInto(a, aCount, b, bCount, minTile, gramsA, gramsB, o, new Tiles());
  return Array.from({ length: t.count }, (_, k) => ({ a: t.a[k] as number, b: t.b[k] as number, len: t.len[k] as number }));
}

/** greedyTiles, its tiles into `out` (emptied first), in the order taken: longest first. */
export function tileInto(
  a: Uint32Array,
  aCount: number,
  b: Uint32Array,
  bCount: number,
  minTile: number,
  gramsA: Float64Array | undefined,
  gramsB: Float64Array | undefined,
  o: TileOptions,
  out: Tiles,
): Tiles {
  out.count = 0;
  if (aCount < minTile || bCount < minTile) return out;
  const held = shareGrams(a, aCount, b, bCount, minTile);
  if (gramMap.hits === 0) return out;
  const bounded = o.anchor !== undefined && o.total !== undefined;
  if (bounded && !passedBound(minTile, o.anchor as number, o.total as number, o.maxGap) && !sharedMayChain(held, aCount, bCount, minTile, o.anchor as number, o.total as number, o.maxGap)) {
    return out;
  }
  // Maximal exact matches from equal grams. Normally a run is taken from its first gram only; if a
  // gram was too frequent to try all its places (repetitive text), that first gram may have been
  // skipped, so the grams are read again recording runs from any of their grams, once per run.
  const r = runs;
  r.clear();
  if (!maximalMatches(a, aCount, b, bCount, minTile, held, null)) {
    r.clear();
    maximalMatches(a, aCount, b, bCount, minTile, held, new Set());
  }
  if (r.count === 0) return out;
  // Marks of A's tokens then B's, in one buffer kept between calls (cleared before use): no
  // allocation per pair.
  if (marks.length < aCount + bCount) marks = new Uint8Array(2 * (aCount + bCount));
  const mark = marks;
  r.heapify();
  mark.fill(0, 0, aCount + bCount);

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
      // Loops, not fill(): a tile is a few words, and a call into the runtime costs more.
      for (let k = 0; k < len; k++) mark[ta + k] = 1;
      for (let k = 0; k < len; k++) mark[offB + k] = 1;
      out.add(ta, tb, len);
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
  return out;
}

/**
 * Whether greedyTiles, given these texts and `anchor`, `total` and `maxGap`, could return any tile:
 * false when it certainly returns none (by the bound on shared grams, bound.ts). Cheap: the texts'
 * grams are hashed and looked up, no match is extended, and that is not done again when greedyTiles
 * is then called on the same texts.
 */
export function mayTile(a: Uint32Array, aCount: number, b: Uint32Array, bCount: number, minTile: number, anchor: number, total: number, maxGap?: number): boolean {
  if (aCount < minTile || bCount < minTile) return false;
  const held = shareGrams(a, aCount, b, bCount, minTile);
  if (gramMap.hits === 0) return false;
  if (!sharedMayChain(held, aCount, bCount, minTile, anchor, total, maxGap)) return false;
  passed.map = gramMap;
  passed.version = gramMap.version;
  passed.minTile = minTile;
  passed.anchor = anchor;
  passed.total = total;
  passed.maxGap = maxGap;
  return true;
}

/**
 * The last pair mayTile let through: the gram map (its state, by version) and the bound's terms.
 * alignTexts tiles that same pair next (with the same terms) and need not work the bound out again
 * (14,936 pairs on Reuters).
 */
const passed: { map: GramMap | null; version: number; minTile: number; anchor: number; total: number; maxGap: number | undefined } = {
  map: null,
  version: 0,
  minTile: 0,
  anchor: 0,
  total: 0,
  maxGap: undefined,
};

/** Whether mayTile let the pair the gram map now holds through, with these terms. */
function passedBound(minTile: number, anchor: number, total: number, maxGap: number | undefined): boolean {
  return (
    passed.map === gramMap &&
    passed.version === gramMap.version &&
    passed.minTile === minTile &&
    passed.anchor === anchor &&
    passed.total === total &&
    passed.maxGap === maxGap
  );
}

/**
 * The grams both texts have (no run without one), in a gram map (now `gramMap`). Of two maps, one
 * that holds either side's grams already is used: consecutive pairs mostly share their later
 * document, and a pair aligned through synonyms, between two of them, has a rewritten side of its
 * own; else the one used less recently is made to hold B's. The other side is looked up, unless it
 * was just now. Returns which side the map holds: 1 for B, 0 for A.
 */
function shareGrams(a: Uint32Array, aCount: number, b: Uint32Array, bCount: number, m: number): 0 | 1 {
  let map = otherMap;
  let held: 0 | 1 = 1;
  if (gramMap.holds(b, bCount, m)) map = gramMap;
  else if (otherMap.holds(b, bCount, m)) map = otherMap;
  else if (gramMap.holds(a, aCount, m) || otherMap.holds(a, aCount, m)) {
    held = 0;
    map = gramMap.holds(a, aCount, m) ? gramMap : otherMap;
  }
  if (map !== gramMap) {
    otherMap = gramMap;
    gramMap = map;
  }
  if (held === 1) {
    map.hold(b, bCount, m);
    map.probe(a, aCount);
  } else {
    map.hold(a, aCount, m);
    map.probe(b, bCount);
  }
  return held;
}

/**
 * The bound on shared grams (bound.ts gramsMayChain) on both sides, the held side first: its places
 * are in the cache. Most candidate pairs share only scattered phrases: dropped here, before any
 * match is extended.
 */
function sharedMayChain(held: 0 | 1, aCount: number, bCount: number, minTile: number, anchor: number, total: number, maxGap?: number): boolean {
  const gap = maxGap ?? Infinity;
  const heldCount = held === 1 ? bCount : aCount;
  const probedCount = held === 1 ? aCount : bCount;
  gramMap.markHeld(bitsFor(heldCount));
  if (!gramsMayChain(bits, heldCount, minTile, anchor, total, gap)) return false;
  gramMap.markProbed(bitsFor(probedCount));
  return gramsMayChain(bits, probedCount, minTile, anchor, total, gap);
}

/** greedyTiles' gram map, runs, token marks and bit set of positions, reused from call to call. */
let gramMap = new GramMap();
let otherMap = new GramMap();
const runs = new Runs();
let marks = new Uint8Array(4096);
let bits = new Uint32Array(64);

/** `bits`, zeroed, with room for `count` positions. */
function bitsFor(count: number): Uint32Array {
  const words = (count + 31) >>> 5;
  if (bits.length < words) bits = new Uint32Array(2 * words);
  // A loop, not fill(): a call into the runtime costs more than a few words.
  const set = bits;
  for (let w = 0; w < words; w++) set[w] = 0;
  return set;
}

/**
 * Adds to `runs` the maximal exact matches of length ≥ minTile found from the grams the last probe of
 * the gram map found (`held`: 1 if the map holds B's grams, 0 if A's). Without `starts`, a pair that
 * continues a run to its left is skipped (its run was found from its start); returns false if any
 * gram had more places than were tried, as that start may then be missing. With `starts` (runs
 * already recorded, by their start), every pair extends back to its run's start and each run is
 * recorded once. The order runs are found in does not matter: tiling takes them in its own order.
 */
function maximalMatches(
  a: Uint32Array,
  aCount: number,
  b: Uint32Array,
  bCount: number,
  minTile: number,
  held: 0 | 1,
  starts: Set<number> | null,
): boolean {
  const map = gramMap;
  const { hitAt, hitSlot, hitRank, next } = map;
  for (let k = 0; k < map.hits; k++) {
    if ((hitRank[k] as number) >= MAX_GRAM_POSITIONS) continue;
    const p = hitAt[k] as number;
    let tried = 0;
    for (let q = map.first(hitSlot[k] as number); q >= 0 && tried < MAX_GRAM_POSITIONS; q = next[q] as number, tried++) {
      let i = held === 1 ? p : q;
      let j = held === 1 ? q : p;
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
  return map.complete || starts !== null;
}
