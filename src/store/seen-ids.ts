/**
 * The ids a run has read, as 32-bit hashes in an open-addressing table: "certainly not read before"
 * for almost every id, in one probe of a typed array. indexRecords (engine.ts) asked a Map of the
 * pending ids and then the store for every article read; those lookups of fresh strings in large maps
 * miss the cache and cost ~12 ms of a Reuters scan (measured: 19k articles). Only an id whose hash
 * was seen is looked up exactly: a repeated id, or a rare collision of hashes. 4-8 bytes an id.
 */
import { hashString } from '../text/hash.js';

export class SeenIds {
  /** Hashes, 0 for an empty slot (a hash of 0 is stored as 1). A power of two long, at most half full. */
  private slots = new Uint32Array(1024);
  private count = 0;

  /** Records `id`; false when its hash was recorded already (the id may have been read before). */
  add(id: string): boolean {
    const h = hashString(id) || 1;
    const found = this.probe(this.slots, h);
    if (found < 0) return false;
    this.slots[found] = h;
    if (++this.count * 2 > this.slots.length) this.grow();
    return true;
  }

  /** The slot holding `h` (as ~slot, negative), or the empty slot where it goes. */
  private probe(slots: Uint32Array, h: number): number {
    const mask = slots.length - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const s = slots[i] as number;
      if (s === 0) return i;
      if (s === h) return ~i;
    }
  }

  private grow(): void {
    const old = this.slots;
    const slots = new Uint32Array(old.length * 2);
    for (let i = 0; i < old.length; i++) {
      const h = old[i] as number;
      if (h !== 0) slots[this.probe(slots, h)] = h;
    }
    this.slots = slots;
  }
}
