/**
 * Greedy String Tiling (Wise, "Running Karp-Rabin Matching and Greedy String Tiling", 1993; the
 * matcher behind JPlag): repeatedly take the longest common run of still-unmarked tokens, longest
 * first, and mark it in both texts. Unlike a longest-common-subsequence alignment it finds moved and
 * reordered blocks, which is how reprints reshuffle paragraphs.
 *
 * Implementation: enumerate maximal exact matches (diagonal runs) from a hash of `minTile`-grams,
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

/** Cap on how many places in A one gram is tried at: bounds the work on very repetitive text. */
const MAX_GRAM_POSITIONS = 32;

export function greedyTiles(
  a: Uint32Array,
  aCount: number,
  b: Uint32Array,
  bCount: number,
  minTile: number,
): Tile[] {
  if (aCount < minTile || bCount < minTile) return [];
  // Index A's grams.
  const grams = new Map<number, number[]>();
  for (let i = 0; i + minTile <= aCount; i++) {
    const h = hashRun(a, i, i + minTile);
    const list = grams.get(h);
    if (list === undefined) grams.set(h, [i]);
    else if (list.length < MAX_GRAM_POSITIONS) list.push(i);
  }
  // Maximal exact matches: runs that cannot be extended to the left.
  const heap = new TileHeap();
  for (let j = 0; j + minTile <= bCount; j++) {
    const list = grams.get(hashRun(b, j, j + minTile));
    if (list === undefined) continue;
    for (const i of list) {
      if (i > 0 && j > 0 && a[i - 1] === b[j - 1]) continue; // continues a run found earlier
      let len = 0;
      while (i + len < aCount && j + len < bCount && a[i + len] === b[j + len]) len++;
      if (len >= minTile) heap.push({ a: i, b: j, len });
    }
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
