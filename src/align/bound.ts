/**
 * A bound that tells, before greedy tiling (tile.ts), that no tiling of a pair could hold what
 * alignTexts needs of a passage: a chain of tiles holding `total` tokens, one of them `anchor` long,
 * consecutive tiles at most `maxGap` tokens apart (undefined: any distance). It reads something that
 * covers every token a tile could cover, so a pair it drops could have had no such chain: dropping it
 * changes nothing.
 *
 * Every tile is a piece of one maximal exact match of at least `minTile` (m) tokens, and tiles are
 * disjoint. So the tiles of a chain lie within one cluster of the positions the matches cover
 * (covered positions with at most maxGap uncovered ones between them), in A and in B alike, and hold
 * at most that cluster's covered positions; its anchor tile lies in a match `anchor` long or more.
 *
 * The same bound read from the maximal matches themselves, once they were found, was dropped: after
 * this one it dropped 30 of the 17,038 pairs it was asked about on Reuters, and cost more than tiling
 * those 30 (exact alignment of the 14,936 pairs mayTile lets through: CPU time 96 → 86 ms).
 */

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
