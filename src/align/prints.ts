/**
 * Documents' immutable-word fingerprints as alignment reads them (reuse.ts `unexplained`), kept for
 * every document aligned. All documents' entries are in one array, each found by its offset: no
 * object per document. A typed-array view each (as they were) was ~19,000 objects on Reuters, each
 * made for its document (~0.1-0.3 µs) and then copied by the young-generation collections that met it.
 *
 * An entry is `[words, n, Bloom filter (words), prints in document order (n), the position of each
 * (n)]`. The filter, of one hash function and eight bits a print, rules out most prints of another
 * document: pairs share about one print in fifty, and a document has a few dozen, so the few that
 * pass are looked for one by one (no sort). The prints in order are also what `unexplained` reads of
 * the other document of a pair: a third of its fingerprints, without the others to skip.
 */
import type { IndexedDoc } from '../model/types.js';
import { isImmutableFingerprint } from '../sketch/immutables.js';

export class PrintTable {
  /** The entries, one after another; offset 0 is none. */
  pool: Uint32Array = new Uint32Array(1 << 14);
  private used = 1;
  /** Where each document's entry is, by seq (absent: not made yet). */
  private at: number[] = [];

  /** Where document `seq`'s entry is in `pool` (made now if it was not: `pool` may be another array after the call). */
  of(seq: number, doc: IndexedDoc): number {
    const x = this.at[seq];
    if (x !== undefined) return x;
    const fp = doc.fingerprints;
    let n = 0;
    for (let i = 0; i < fp.length; i++) if (isImmutableFingerprint(fp[i] as number)) n++;
    let words = 1;
    while (words * 32 < 8 * n) words *= 2;
    const size = 2 + words + 2 * n;
    if (this.used + size > this.pool.length) {
      const bigger = new Uint32Array(Math.max(2 * this.pool.length, this.used + size));
      bigger.set(this.pool.subarray(0, this.used));
      this.pool = bigger;
    }
    const out = this.pool;
    const at = this.used;
    this.used += size;
    out[at] = words;
    out[at + 1] = n;
    const filter = at + 2;
    const prints = filter + words;
    for (let i = 0, k = 0; i < fp.length; i++) {
      const h = fp[i] as number;
      if (!isImmutableFingerprint(h)) continue;
      out[prints + k] = h;
      out[prints + n + k] = doc.fingerprintPos[i] as number;
      k++;
      const bit = bloomBit(h, words);
      out[filter + (bit >>> 5)] = (out[filter + (bit >>> 5)] as number) | (1 << (bit & 31));
    }
    this.at[seq] = at;
    return at;
  }

  /** Where document `seq`'s entry is, or 0 if it was not made. */
  made(seq: number): number {
    return this.at[seq] ?? 0;
  }
}

/** How many prints the entry at `at` holds. */
export function printsIn(pool: Uint32Array, at: number): number {
  return pool[at + 1] as number;
}

/** Where the entry at `at` has its prints (then, n further on, their positions). */
export function printsAt(pool: Uint32Array, at: number): number {
  return at + 2 + (pool[at] as number);
}

/** Bloom filter bit of an immutable print (odd: its lowest bit says nothing). */
function bloomBit(h: number, words: number): number {
  return (h >>> 1) & (words * 32 - 1);
}

/** Whether the entry at `at` holds print h. */
export function holds(pool: Uint32Array, at: number, h: number): boolean {
  const words = pool[at] as number;
  const bit = bloomBit(h, words);
  if ((((pool[at + 2 + (bit >>> 5)] as number) >>> (bit & 31)) & 1) === 0) return false;
  const from = at + 2 + words;
  const end = from + (pool[at + 1] as number);
  for (let k = from; k < end; k++) if (pool[k] === h) return true;
  return false;
}
