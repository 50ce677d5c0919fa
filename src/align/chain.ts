/**
 * Chaining tiles into the passages they may form (align.ts): tiles that follow each other in both
 * texts, with small gaps between them. Tiles are visited in A order; each joins the open chain it
 * continues with the smallest gap, else starts a new chain.
 *
 * Tiles come in parallel typed arrays (Tiles), and chains are linked lists over one array of them,
 * all reused from call to call: a pair has a few tiles, most chains are one short tile dropped at
 * once, and an object or array each would be most of the work.
 */
import type { Tile } from './tile.js';

/** Tiles: tile k starts at a[k] in A and b[k] in B and is len[k] tokens long. Reused from call to call. */
export class Tiles {
  a: Int32Array = new Int32Array(64);
  b: Int32Array = new Int32Array(64);
  len: Int32Array = new Int32Array(64);
  count = 0;

  add(a: number, b: number, len: number): void {
    if (this.count === this.a.length) {
      const n = 2 * this.count;
      const bigger = (x: Int32Array): Int32Array => {
        const y = new Int32Array(n);
        y.set(x);
        return y;
      };
      this.a = bigger(this.a);
      this.b = bigger(this.b);
      this.len = bigger(this.len);
    }
    this.a[this.count] = a;
    this.b[this.count] = b;
    this.len[this.count] = len;
    this.count++;
  }
}

/**
 * Tiles chained: `order` lists the tiles in A order (then B order); chain k is order[heads[k]],
 * order[next[heads[k]]], ... up to -1 (next is by place in `order`), chains in the order they start.
 * Reused from call to call.
 */
export class Chains {
  order: Int32Array = new Int32Array(64);
  next: Int32Array = new Int32Array(64);
  heads: Int32Array = new Int32Array(64);
  count = 0;
  /** The open chains, by the place in `order` of their last tile. */
  open: Int32Array = new Int32Array(64);
}

/**
 * Chains `tiles` into `out` (see Chains): a tile continues a chain whose last tile ends at most
 * `maxGap` tokens before it in A and in B (and not after it), and that `bridges` (when given: by
 * index in `tiles`) lets it join.
 */
export function chainInto(tiles: Tiles, maxGap: number, bridges: ((from: number, to: number) => boolean) | null, out: Chains): Chains {
  const n = tiles.count;
  if (out.order.length < n) {
    out.order = new Int32Array(2 * n);
    out.next = new Int32Array(2 * n);
    out.heads = new Int32Array(2 * n);
    out.open = new Int32Array(2 * n);
  }
  const { a, b, len } = tiles;
  const { order, next, heads, open } = out;
  // By (a, b): few tiles, mostly in order already, sort by insertion; many, natively.
  if (n <= 32) {
    for (let i = 0; i < n; i++) {
      const ta = a[i] as number;
      const tb = b[i] as number;
      let j = i - 1;
      for (; j >= 0; j--) {
        const u = order[j] as number;
        const ua = a[u] as number;
        if (ua < ta || (ua === ta && (b[u] as number) <= tb)) break;
        order[j + 1] = u;
      }
      order[j + 1] = i;
    }
  } else if (!sortByStart(tiles, order)) {
    const sorted = Array.from({ length: n }, (_, i) => i).sort((x, y) => (a[x] as number) - (a[y] as number) || (b[x] as number) - (b[y] as number));
    for (let i = 0; i < n; i++) order[i] = sorted[i] as number;
  }
  let chains = 0;
  let opened = 0;
  for (let k = 0; k < n; k++) {
    const t = order[k] as number;
    const ta = a[t] as number;
    const tb = b[t] as number;
    next[k] = -1;
    let best = -1;
    let bestGap = Infinity;
    let still = 0;
    for (let o = 0; o < opened; o++) {
      const l = open[o] as number;
      const last = order[l] as number;
      const gapA = ta - ((a[last] as number) + (len[last] as number));
      if (gapA > maxGap) continue; // no later tile can join it either: tiles come in A order
      open[still++] = l;
      const gapB = tb - ((b[last] as number) + (len[last] as number));
      if (gapA >= 0 && gapB >= 0 && gapB <= maxGap && gapA + gapB < bestGap && (bridges === null || bridges(last, t))) {
        best = still - 1;
        bestGap = gapA + gapB;
      }
    }
    opened = still;
    if (best >= 0) {
      next[open[best] as number] = k;
      open[best] = k;
    } else {
      heads[chains++] = k;
      open[opened++] = k;
    }
  }
  out.count = chains;
  return out;
}

/**
 * Tile indices into `order` by start in A, by a native sort of `a · 2^16 + index` keys (exact in a
 * float64 below 2^53): the tiles of one tiling are disjoint, so no two start at one place of A and
 * that is their (a, b) order. Returns false, having sorted nothing, when the keys would not fit or
 * two tiles do start at one place.
 */
function sortByStart(tiles: Tiles, order: Int32Array): boolean {
  const n = tiles.count;
  if (n >= 1 << 16) return false;
  if (keys.length < n) keys = new Float64Array(2 * n);
  const k = keys.subarray(0, n);
  for (let i = 0; i < n; i++) {
    const a = tiles.a[i] as number;
    if (a >= 2 ** 36) return false;
    k[i] = a * 65536 + i;
  }
  k.sort();
  for (let i = 0; i < n; i++) {
    const v = k[i] as number;
    const a = Math.floor(v / 65536);
    if (i > 0 && a === Math.floor((k[i - 1] as number) / 65536)) return false;
    order[i] = v - a * 65536;
  }
  return true;
}

/** sortByStart's keys, reused from call to call. */
let keys = new Float64Array(64);

/** Tiles chained (chainTiles): chain k is tiles[heads[k]], tiles[next[heads[k]]], ... up to -1. */
export interface ChainList {
  /** The tiles in A order. */
  tiles: Tile[];
  /** Each chain's first tile, in the order the chains start. */
  heads: number[];
  /** The next tile of each tile's chain, or -1. */
  next: number[];
}

/** chainInto over tiles as objects. */
export function chainTiles(tiles: readonly Tile[], maxGap: number, bridges: (from: Tile, to: Tile) => boolean = () => true): ChainList {
  const list = new Tiles();
  for (const t of tiles) list.add(t.a, t.b, t.len);
  const c = chainInto(list, maxGap, (x, y) => bridges(tiles[x] as Tile, tiles[y] as Tile), new Chains());
  return {
    tiles: Array.from(c.order.subarray(0, tiles.length), (t) => tiles[t] as Tile),
    heads: Array.from(c.heads.subarray(0, c.count)),
    next: Array.from(c.next.subarray(0, tiles.length)),
  };
}
