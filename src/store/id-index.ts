/**
 * Document ids → seqs, by 32-bit hash in an open-addressing table (linear probing) of two typed arrays;
 * the id of a seq is asked of the store (`idOf`) only when hashes are equal. A Map of a million string
 * keys is tens of megabytes on the collected heap, and its insertions miss the cache (~15 ms of a
 * Reuters scan's indexing, measured, of which this takes ~2). 8-16 bytes an id, off the heap.
 */
import { hashString } from '../text/hash.js';

export class IdIndex {
  /** Hashes (0: an empty slot; a hash of 0 is stored as 1), a power of two long, at most half full. */
  private hashes = new Uint32Array(1024);
  private seqs = new Uint32Array(1024);
  private count = 0;

  constructor(
    /** The id of a document this index holds. */
    private readonly idOf: (seq: number) => string,
    private readonly hash: (id: string) => number = hashString,
  ) {}

  /** The seq of `id`, or -1. */
  get(id: string): number {
    const h = this.hash(id) >>> 0 || 1;
    const { hashes, seqs } = this;
    const mask = hashes.length - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const s = hashes[i] as number;
      if (s === 0) return -1;
      if (s === h && this.idOf(seqs[i] as number) === id) return seqs[i] as number;
    }
  }

  /** Makes room for `n` more ids, so that `add` does not move slots (which `undo` needs). */
  reserve(n: number): void {
    while ((this.count + n) * 2 > this.hashes.length) this.grow();
  }

  /**
   * Adds `id` → `seq` when `id` is not held yet (`reserve` first): the slot it took, or -1 (held).
   * `idOf(seq)` must tell `id` from now on.
   */
  add(id: string, seq: number): number {
    const h = this.hash(id) >>> 0 || 1;
    const { hashes, seqs } = this;
    const mask = hashes.length - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const s = hashes[i] as number;
      if (s === 0) {
        hashes[i] = h;
        seqs[i] = seq;
        this.count++;
        return i;
      }
      if (s === h && this.idOf(seqs[i] as number) === id) return -1;
    }
  }

  /**
   * Takes back an `add`, given its slot. Exact only for the latest adds, most recent first, and with no
   * growth since: a slot emptied in linear probing must not be one a later id probed past.
   */
  undo(slot: number): void {
    this.hashes[slot] = 0;
    this.count--;
  }

  private grow(): void {
    const { hashes: oldHashes, seqs: oldSeqs } = this;
    const size = oldHashes.length * 2;
    const hashes = new Uint32Array(size);
    const seqs = new Uint32Array(size);
    const mask = size - 1;
    for (let k = 0; k < oldHashes.length; k++) {
      const h = oldHashes[k] as number;
      if (h === 0) continue;
      let i = h & mask;
      while (hashes[i] !== 0) i = (i + 1) & mask;
      hashes[i] = h;
      seqs[i] = oldSeqs[k] as number;
    }
    this.hashes = hashes;
    this.seqs = seqs;
  }
}
