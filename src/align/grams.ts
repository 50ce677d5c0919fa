/**
 * A document's `m`-grams, as greedy tiling (tile.ts) reads them, and the grams two documents share.
 *
 * A document's gram table is the hash of each of its grams, in position order: one Uint32Array,
 * built once and read for every pair the document is in. The grams two documents share are found by
 * putting one side's grams in a hash map (GramMap) and looking up each gram of the other. Candidate
 * pairs come in runs that share their later document (a document against each of its sources): that
 * side's map is built once for the run, and each pair reads the other side's table once, front to
 * back. The other side is mostly a document last read long before, out of the cache: a linear read of
 * its hashes costs far less than a merge of both sides' sorted tables, then reads of its positions
 * and tokens wherever grams matched.
 */
import { fmix32, mixPremixed, premix } from '../text/hash.js';
import type { Slab } from './slab.js';
import { packSorted } from './sort.js';

/** A gram index packs a gram as hash · 2^21 + position in one float64 (53 bits). */
export const POS_SPAN = 2 ** 21;

/**
 * Every `m`-gram of a token array as `hash · 2^21 + position`, sorted. Positions past 2^21
 * (documents over two million words) are not indexed. This is the form the engine keeps and hands
 * to worker threads; alignment itself reads gram tables (gramTable).
 */
export function gramIndex(ids: Uint32Array, count: number, m: number): Float64Array {
  const n = gramCount(count, m);
  if (hashes.length < n) hashes = new Uint32Array(2 * n);
  gramHashes(ids, n, m, hashes);
  return packSorted(hashes, n, POS_SPAN);
}

/**
 * The hash of each `m`-gram of a token array, by position (hashRun(ids, i, i + m) at i), up to
 * position 2^21 as gramIndex; carved from `slab` when one is given.
 */
export function gramTable(ids: Uint32Array, count: number, m: number, slab?: Slab): Uint32Array {
  const n = gramCount(count, m);
  const out = slab ? slab.u32(n) : new Uint32Array(n);
  gramHashes(ids, n, m, out);
  return out;
}

/**
 * The gram table of `ids`, given the table of `original` (gramTable(original, count, m), every gram
 * of it): the same where no token of a gram changed, the others hashed again. A text read toward
 * another (synonyms.ts) changes a few words in a hundred.
 */
export function regram(table: Uint32Array, original: Uint32Array, ids: Uint32Array, count: number, m: number): Uint32Array {
  const n = gramCount(count, m);
  if (table.length !== n || n !== count - m + 1) return gramTable(ids, count, m);
  const out = table.slice();
  // The grams from `from` on have been hashed again.
  let from = 0;
  for (let j = 0; j < count; j++) {
    if (ids[j] === original[j]) continue;
    for (let g = Math.max(from, j - m + 1); g <= Math.min(j, n - 1); g++) {
      let h = 0;
      for (let t = g; t < g + m; t++) h = mixPremixed(h, premix(ids[t] as number));
      out[g] = fmix32(h ^ m);
    }
    from = Math.min(j, n - 1) + 1;
  }
  return out;
}

/** A gram index (gramIndex) as a gram table (gramTable). */
export function tableOf(grams: Float64Array): Uint32Array {
  const n = grams.length;
  const out = new Uint32Array(n);
  for (let k = 0; k < n; k++) {
    const v = grams[k] as number;
    const h = Math.floor(v / POS_SPAN);
    out[v - h * POS_SPAN] = h;
  }
  return out;
}

/** How many grams are indexed: positions below 2^21. */
function gramCount(count: number, m: number): number {
  return Math.max(0, Math.min(count - m + 1, POS_SPAN));
}

/**
 * Hashes of the first n grams, in position order, into `out`. A gram's hash is hashRun(ids, i,
 * i + m), with each token's share of it computed once rather than in each of its m grams.
 */
function gramHashes(ids: Uint32Array, n: number, m: number, out: Uint32Array): void {
  if (n === 0) return;
  const width = n + m - 1;
  if (premixed.length < width) premixed = new Int32Array(2 * width);
  const k = premixed;
  for (let i = 0; i < width; i++) k[i] = premix(ids[i] as number);
  for (let i = 0; i < n; i++) {
    let h = 0;
    for (let j = i; j < i + m; j++) h = mixPremixed(h, k[j] as number);
    out[i] = fmix32(h ^ m);
  }
}

/** Scratch: premixed tokens (gramHashes), gram hashes (gramIndex). */
let premixed = new Int32Array(1024);
let hashes = new Uint32Array(1024);

/** Cap on how many places one gram is tried at, per side: bounds the work on very repetitive text. */
export const MAX_GRAM_POSITIONS = 32;

/**
 * One side's grams by hash (a bit filter, then open addressing with linear probing), kept for as long as consecutive pairs
 * share that side, and what the other side shares with it. After `probe`: `hits` places of the other
 * side hold a gram of this one: place `hitAt[k]`, its gram at `hitSlot[k]`, and `hitRank[k]` places
 * of the other side before it hold the same gram; `slots` slots were hit, listed in `hitSlots`. A
 * slot's places here are `first(slot)`, `next[first]`, ... ascending, -1 after the last.
 */
export class GramMap {
  /** The table the map holds (compared by identity: tables do not change once built). */
  source: Uint32Array | null = null;
  /** The table it was last probed with, since it last changed. */
  probed: Uint32Array | null = null;
  /** Per slot: the hash, and 1 + its first place here (0: empty). */
  private keys: Uint32Array = new Uint32Array(64);
  private heads: Int32Array = new Int32Array(64);
  /** Per slot: how many places here hold its hash. */
  private sizes: Int32Array = new Int32Array(64);
  /** Per slot: the probe that last hit it, and how many places of the other side it hit then. */
  private stamps: Uint32Array = new Uint32Array(64);
  private seen: Int32Array = new Int32Array(64);
  private stamp = 0;
  private shift = 26;
  private mask = 63;
  /**
   * A bit per value of a hash's top bits, set where a gram here has them: 64 bits or more a gram, so
   * most grams of the other side are ruled out by one bit, read without a branch.
   */
  private filter: Uint32Array = new Uint32Array(64);
  private filterShift = 21;
  /** Places of the other side that passed the filter, in the last probe. */
  private passed: Int32Array = new Int32Array(256);
  /** Per place here: the next place with the same hash, or -1. */
  next: Int32Array = new Int32Array(256);
  hitAt: Int32Array = new Int32Array(256);
  hitSlot: Int32Array = new Int32Array(256);
  hitRank: Int32Array = new Int32Array(256);
  hits = 0;
  hitSlots: Int32Array = new Int32Array(64);
  slots = 0;
  /** Whether no gram of the last probe had more than MAX_GRAM_POSITIONS places on either side. */
  complete = true;

  /** Holds `table`'s grams, unless it already does; returns whether it did not. */
  hold(table: Uint32Array): boolean {
    if (table === this.source) return false;
    this.source = table;
    this.probed = null;
    const n = table.length;
    let bits = 2048;
    while (bits < 64 * n) bits *= 2;
    if (this.filter.length < bits >>> 5) this.filter = new Uint32Array(bits >>> 5);
    else this.filter.fill(0, 0, bits >>> 5);
    const filterShift = (this.filterShift = 32 - (31 - Math.clz32(bits)));
    const filter = this.filter;
    for (let p = 0; p < n; p++) {
      const bit = (table[p] as number) >>> filterShift;
      filter[bit >>> 5] = (filter[bit >>> 5] as number) | (1 << (bit & 31));
    }
    // At most a quarter of the slots taken: few probes go past the first slot.
    let size = 64;
    while (size < 4 * n) size *= 2;
    if (this.keys.length < size) {
      this.keys = new Uint32Array(size);
      this.heads = new Int32Array(size);
      this.sizes = new Int32Array(size);
      this.stamps = new Uint32Array(size);
      this.seen = new Int32Array(size);
    } else this.heads.fill(0, 0, size);
    // Stamps stay: every probe has a new one.
    this.shift = 32 - (31 - Math.clz32(size));
    this.mask = size - 1;
    if (this.next.length < n) this.next = new Int32Array(2 * n);
    const { keys, heads, sizes, next, mask } = this;
    // Last place first, each put in front of its slot's list: the lists ascend.
    for (let p = n - 1; p >= 0; p--) {
      const h = table[p] as number;
      let s = h >>> this.shift;
      while (heads[s] !== 0 && keys[s] !== h) s = (s + 1) & mask;
      if (heads[s] === 0) {
        keys[s] = h;
        sizes[s] = 0;
        next[p] = -1;
      } else next[p] = (heads[s] as number) - 1;
      heads[s] = p + 1;
      sizes[s] = (sizes[s] as number) + 1;
    }
    return true;
  }

  /** The first place here of slot s's gram. */
  first(s: number): number {
    return (this.heads[s] as number) - 1;
  }

  /** Looks up each gram of `table` (the other side), in place order; see the class comment. */
  probe(table: Uint32Array): void {
    const { keys, heads, stamps, seen } = this;
    const mask = this.mask;
    const shift = this.shift;
    let stamp = (this.stamp + 1) >>> 0;
    if (stamp === 0) {
      // Once in 2^32 probes the stamps wrap: cleared then.
      stamps.fill(0);
      stamp = 1;
    }
    this.stamp = stamp;
    this.probed = table;
    const n = table.length;
    // The places whose gram passes the filter, without a branch: most do not, and a branch taken at
    // random one time in twenty costs more than the bit.
    if (this.passed.length < n) this.passed = new Int32Array(2 * n);
    const passed = this.passed;
    const filter = this.filter;
    const filterShift = this.filterShift;
    let candidates = 0;
    for (let p = 0; p < n; p++) {
      const bit = (table[p] as number) >>> filterShift;
      passed[candidates] = p;
      candidates += ((filter[bit >>> 5] as number) >>> (bit & 31)) & 1;
    }
    let hits = 0;
    let slots = 0;
    let complete = true;
    for (let c = 0; c < candidates; c++) {
      const p = passed[c] as number;
      const h = table[p] as number;
      let s = h >>> shift;
      let head = heads[s] as number;
      while (head !== 0 && keys[s] !== h) {
        s = (s + 1) & mask;
        head = heads[s] as number;
      }
      if (head === 0) continue;
      let rank = 0;
      if (stamps[s] !== stamp) {
        stamps[s] = stamp;
        if (slots === this.hitSlots.length) this.hitSlots = grow(this.hitSlots);
        this.hitSlots[slots++] = s;
        if ((this.sizes[s] as number) > MAX_GRAM_POSITIONS) complete = false;
      } else {
        rank = seen[s] as number;
        if (rank >= MAX_GRAM_POSITIONS) complete = false;
      }
      seen[s] = rank + 1;
      if (hits === this.hitAt.length) {
        this.hitAt = grow(this.hitAt);
        this.hitSlot = grow(this.hitSlot);
        this.hitRank = grow(this.hitRank);
      }
      this.hitAt[hits] = p;
      this.hitSlot[hits] = s;
      this.hitRank[hits] = rank;
      hits++;
    }
    this.hits = hits;
    this.slots = slots;
    this.complete = complete;
  }

  /** Sets, in `bits`, each place here whose gram the last probe found. */
  markHeld(bits: Uint32Array): void {
    const { heads, next, hitSlots } = this;
    for (let k = 0; k < this.slots; k++) {
      for (let q = (heads[hitSlots[k] as number] as number) - 1; q >= 0; q = next[q] as number) {
        bits[q >>> 5] = (bits[q >>> 5] as number) | (1 << (q & 31));
      }
    }
  }

  /** Sets, in `bits`, each place of the other side whose gram the last probe found. */
  markProbed(bits: Uint32Array): void {
    const at = this.hitAt;
    for (let k = 0; k < this.hits; k++) {
      const p = at[k] as number;
      bits[p >>> 5] = (bits[p >>> 5] as number) | (1 << (p & 31));
    }
  }
}

function grow(a: Int32Array): Int32Array {
  const bigger = new Int32Array(2 * a.length);
  bigger.set(a);
  return bigger;
}
