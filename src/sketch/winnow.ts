/**
 * Winnowing (Schleimer, Wilkerson, Aiken: "Winnowing: local algorithms for document fingerprinting",
 * SIGMOD 2003). From every window of `w` consecutive shingle hashes keep the minimum, recording it
 * once per run of windows that select it. Ties keep the previous window's pick while it is in the
 * window, else take the rightmost minimum ("robust winnowing"), so repeated text yields few prints.
 *
 * Guarantee: any match of at least t = w + k - 1 tokens shares at least one fingerprint, while the
 * expected density is only 2 / (w + 1) of the shingles.
 */

export interface Fingerprints {
  hash: Uint32Array;
  /** Index of the selected shingle, i.e. of its first token. */
  pos: Uint32Array;
}

export function winnow(hashes: Uint32Array, w: number): Fingerprints {
  const n = hashes.length;
  if (n === 0) return { hash: new Uint32Array(0), pos: new Uint32Array(0) };
  if (n <= w) {
    // One window: its minimum, rightmost on ties.
    let best = 0;
    for (let i = 1; i < n; i++) if ((hashes[i] as number) <= (hashes[best] as number)) best = i;
    return { hash: Uint32Array.of(hashes[best] as number), pos: Uint32Array.of(best) };
  }
  // At most one pick per window: typed arrays of that size, trimmed at the end (no array growth).
  const outHash = new Uint32Array(n - w + 1);
  const outPos = new Uint32Array(n - w + 1);
  let picks = 0;
  // Monotone deque of candidate positions, values increasing from head to tail.
  const dq = new Int32Array(n);
  let head = 0;
  let tail = 0;
  let last = -1;
  for (let i = 0; i < n; i++) {
    const v = hashes[i] as number;
    // Pop larger-or-equal values: on ties the rightmost wins.
    while (tail > head && (hashes[dq[tail - 1] as number] as number) >= v) tail--;
    dq[tail++] = i;
    if ((dq[head] as number) <= i - w) head++;
    if (i >= w - 1) {
      let m = dq[head] as number;
      // Robust winnowing: while the previous pick is still in the window and ties the minimum, keep it.
      if (last > i - w && hashes[last] === hashes[m]) m = last;
      if (m !== last) {
        outHash[picks] = hashes[m] as number;
        outPos[picks++] = m;
        last = m;
      }
    }
  }
  return { hash: outHash.slice(0, picks), pos: outPos.slice(0, picks) };
}
