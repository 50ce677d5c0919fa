/**
 * Bounds that tell, before or instead of greedy tiling (tile.ts), that no tiling of a pair could hold
 * what alignTexts needs of a passage: a chain of tiles holding `total` tokens, one of them `anchor`
 * long, consecutive tiles at most `maxGap` tokens apart (undefined: any distance). Each reads
 * something that covers every token a tile could cover, so a pair they drop could have had no such
 * chain: dropping it changes nothing.
 *
 * Every tile is a piece of one maximal exact match of at least `minTile` (m) tokens, and tiles are
 * disjoint. So the tiles of a chain lie within one cluster of the positions the matches cover
 * (covered positions with at most maxGap uncovered ones between them), in A and in B alike, and hold
 * at most that cluster's covered positions; its anchor tile lies in a match `anchor` long or more.
 */
import type { Runs } from './runs.js';

/**
 * The cheaper bound, from the grams the two sides share alone (grams.ts), before any match is
 * extended. `shared` has a bit set for each position of one side (`count` tokens) whose gram's hash
 * the other side has too. A match of `len` tokens at position p of this side has its grams at
 * p .. p + len - m equal to grams of the other side, so their hashes are shared: the shared
 * positions, each covering its m tokens, cover every match, and a run of consecutive shared positions
 * covers a stretch at least as long as any match within it. Those stretches (at least `anchor` long:
 * anchored) are read as the matches: every cluster of the true matches lies in a cluster of them, with
 * at most as many positions covered, and anchored only if it is. Requires every gram of the side to
 * have been looked up (a document under 2^21 words).
 */
export function gramsMayChain(shared: Uint32Array, count: number, m: number, anchor: number, total: number, maxGap: number): boolean {
  const words = (count + 31) >>> 5;
  // Runs [from, to) of consecutive shared positions, in order: each covers [from, to - 1 + m).
  let from = -1;
  let to = -1;
  // Within the current cluster: positions covered, whether one stretch is anchored, where the last ends.
  let covered = 0;
  let anchored = false;
  let end = 0;
  for (let w = 0; w <= words; w++) {
    // The shared positions, lowest first; then one more, past the last word, that closes the last run.
    const past = w === words;
    let v = past ? 1 : (shared[w] as number);
    while (v !== 0) {
      const p = past ? -2 : (w << 5) | (31 - Math.clz32(v & -v));
      v &= v - 1;
      if (p === to) {
        to++;
        continue;
      }
      if (from >= 0) {
        const s = from;
        const e = to - 1 + m;
        if (s - end > maxGap) {
          covered = 0;
          anchored = false;
        }
        covered += e - (s > end ? s : end);
        end = e;
        if (e - s >= anchor) anchored = true;
        if (anchored && covered >= total) return true;
      }
      from = p;
      to = p + 1;
    }
  }
  return false;
}

/**
 * The exact bound, from the maximal matches themselves (in `runs`): the longest tile is at most the
 * longest match, all tiles together hold at most the matches' summed lengths, and a chain lies in
 * one cluster of the matches' positions (see above). `mark` (aCount + bCount long) is scratch.
 */
export function chainable(
  runs: Runs,
  aCount: number,
  bCount: number,
  anchor: number,
  total: number,
  maxGap: number | undefined,
  mark: Uint8Array,
): boolean {
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
