/**
 * The `m`-grams two texts share, as greedy tiling (tile.ts) reads them.
 *
 * One side's grams go in a hash map (GramMap), and each gram of the other is looked up there.
 * Candidate pairs come in runs that share their later document (a document against each of its
 * sources): that side's map is built once for the run, and each pair reads the other side's tokens
 * once, front to back. That other side is mostly a document last read long before, out of the cache:
 * one linear read of it costs far less than a merge of both sides' sorted grams, then reads of its
 * places and tokens wherever grams matched. Grams are hashed as they are read (gramHash, one
 * multiplication), not kept per document: a kept table would be read as cold as the tokens are, and
 * built from them first.
 */
import { fmix32, mixPremixed, premix } from '../text/hash.js';
import { packSorted } from './sort.js';

/** A gram index packs a gram as hash · 2^21 + position in one float64 (53 bits). */
export const POS_SPAN = 2 ** 21;

/**
 * Every `m`-gram of a token array as `hashRun · 2^21 + position`, sorted; positions past 2^21
 * (documents over two million words) are not indexed. The engine makes these for worker threads;
 * alignment itself does not read them (it hashes grams as it reads them, gramHash).
 */
export function gramIndex(ids: Uint32Array, count: number, m: number): Float64Array {
  const n = Math.max(0, Math.min(count - m + 1, POS_SPAN));
  if (hashes.length < n + m) {
    hashes = new Uint32Array(2 * (n + m));
    premixed = new Int32Array(2 * (n + m));
  }
  const k = premixed;
  for (let i = 0; i < n + m - 1; i++) k[i] = premix(ids[i] as number);
  for (let i = 0; i < n; i++) {
    let h = 0;
    for (let j = i; j < i + m; j++) h = mixPremixed(h, k[j] as number);
    hashes[i] = fmix32(h ^ m);
  }
  return packSorted(hashes, n, POS_SPAN);
}

/** gramIndex's scratch: premixed tokens, gram hashes. */
let premixed = new Int32Array(1024);
let hashes = new Uint32Array(1024);

/**
 * The hash of the `m`-gram at place p: its tokens (ids, themselves hashes of the words) each rotated
 * by its place in the gram and xored, then one multiplication, whose top bits (the bits the map and
 * its filter read) depend on every bit. Equal grams hash equal; distinct ones collide about one time
 * in 2^32, and a collision only makes a pair of places be tried and found to differ.
 */
export function gramHash(ids: Uint32Array, p: number, m: number): number {
  let x = 0;
  for (let t = 0; t < m; t++) {
    const v = ids[p + t] as number;
    const r = (11 * t) & 31;
    x ^= (v << r) | (v >>> (32 - r));
  }
  const h = Math.imul(x, 0x9e3779b1);
  return (h ^ (h >>> 15)) >>> 0;
}

/** gramHash at each place 0 .. n - 1, into `out`: for trigrams, each token read once. */
function gramHashes(ids: Uint32Array, n: number, m: number, out: Uint32Array): void {
  if (m !== 3) {
    for (let p = 0; p < n; p++) out[p] = gramHash(ids, p, m);
    return;
  }
  if (n <= 0) return;
  let x = ids[0] as number;
  let y = ids[1] as number;
  for (let p = 0; p < n; p++) {
    const z = ids[p + 2] as number;
    const h = Math.imul(x ^ ((y << 11) | (y >>> 21)) ^ ((z << 22) | (z >>> 10)), 0x9e3779b1);
    out[p] = (h ^ (h >>> 15)) >>> 0;
    x = y;
    y = z;
  }
}

/**
 * The places 0 .. n - 1 whose gram (gramHash) passes `filter` (the bit at the hash's bits from
 * `shift` up), into `passed`, with their hashes into `grams`; returns how many. Without a branch: most
 * grams do not pass, and a branch taken at random one time in twenty costs more than the bit. Each
 * gram's hash is written only where it passed, in the same pass as it is made: not every hash to a
 * table, then read again (Reuters, 51,511 probes: mayTile over every pair 125 → 108 ms, warm median).
 */
function passFilter(ids: Uint32Array, n: number, m: number, filter: Uint32Array, shift: number, passed: Int32Array, grams: Uint32Array): number {
  let c = 0;
  if (m !== 3) {
    for (let p = 0; p < n; p++) {
      const h = gramHash(ids, p, m);
      const bit = h >>> shift;
      passed[c] = p;
      grams[c] = h;
      c += ((filter[bit >>> 5] as number) >>> (bit & 31)) & 1;
    }
    return c;
  }
  if (n <= 0) return 0;
  let x = ids[0] as number;
  let y = ids[1] as number;
  for (let p = 0; p < n; p++) {
    const z = ids[p + 2] as number;
    const g = Math.imul(x ^ ((y << 11) | (y >>> 21)) ^ ((z << 22) | (z >>> 10)), 0x9e3779b1);
    const h = (g ^ (g >>> 15)) >>> 0;
    const bit = h >>> shift;
    passed[c] = p;
    grams[c] = h;
    c += ((filter[bit >>> 5] as number) >>> (bit & 31)) & 1;
    x = y;
    y = z;
  }
  return c;
}

/** Cap on how many places one gram is tried at, per side: bounds the work on very repetitive text. */
export const MAX_GRAM_POSITIONS = 32;

/**
 * One side's `m`-grams by hash (a bit filter, then open addressing with linear probing), kept for as
 * long as consecutive pairs share that side, and what the other side shares with it. After `probe`:
 * `hits` places of the other side hold a gram of this one: place `hitAt[k]`, its gram at
 * `hitSlot[k]`, and `hitRank[k]` places of the other side before it hold the same gram; `slots` slots
 * were hit, listed in `hitSlots`. A slot's places here are `first(slot)`, `next[first]`, ...
 * ascending, -1 after the last. Token arrays are known by identity (with their count and m): one must
 * not change while a map holds it.
 */
export class GramMap {
  /** The tokens the map holds the grams of, how many, and m. */
  source: Uint32Array | null = null;
  private sourceCount = 0;
  private m = 0;
  /** The tokens it was last probed with (and how many), since it last changed. */
  private probed: Uint32Array | null = null;
  private probedCount = 0;
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
  /** Places of the other side that passed the filter in the last probe, and their grams' hashes. */
  private passed: Int32Array = new Int32Array(256);
  private passedGrams: Uint32Array = new Uint32Array(256);
  /** The grams' hashes here. */
  private grams: Uint32Array = new Uint32Array(256);
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
  /** Changes whenever what the map holds or was last probed with does: a result read of it stays true until then. */
  version = 0;

  /** Whether the map holds the grams of these tokens. */
  holds(ids: Uint32Array, count: number, m: number): boolean {
    return ids === this.source && count === this.sourceCount && m === this.m;
  }

  /** Holds the `m`-grams of `ids[0 .. count)`, unless it already does; returns whether it did not. */
  hold(ids: Uint32Array, count: number, m: number): boolean {
    if (this.holds(ids, count, m)) return false;
    this.version++;
    this.source = ids;
    this.sourceCount = count;
    this.m = m;
    this.probed = null;
    const n = Math.max(0, count - m + 1);
    if (this.grams.length < n) this.grams = new Uint32Array(2 * n);
    const table = this.grams;
    gramHashes(ids, n, m, table);
    let bits = 2048;
    while (bits < 64 * n) bits *= 2;
    if (this.filter.length < bits >>> 5) this.filter = new Uint32Array(bits >>> 5);
    else this.filter.fill(0, 0, bits >>> 5);
    const filterShift = (this.filterShift = 32 - (31 - Math.clz32(bits)));
    const filter = this.filter;
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
    const { keys, heads, sizes, next, mask, shift } = this;
    // Last place first, each put in front of its slot's list: the lists ascend. Its filter bit set in
    // the same pass.
    for (let p = n - 1; p >= 0; p--) {
      const h = table[p] as number;
      const bit = h >>> filterShift;
      filter[bit >>> 5] = (filter[bit >>> 5] as number) | (1 << (bit & 31));
      let s = h >>> shift;
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

  /**
   * Looks up each gram of `ids[0 .. count)` (the other side), in place order, unless that was the
   * last probe since the map changed; see the class comment.
   */
  probe(ids: Uint32Array, count: number): void {
    if (ids === this.probed && count === this.probedCount) return;
    this.version++;
    this.probed = ids;
    this.probedCount = count;
    const m = this.m;
    const n = Math.max(0, count - m + 1);
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
    if (this.passed.length < n) {
      this.passed = new Int32Array(2 * n);
      this.passedGrams = new Uint32Array(2 * n);
    }
    const candidates = passFilter(ids, n, m, this.filter, this.filterShift, this.passed, this.passedGrams);
    const passed = this.passed;
    const table = this.passedGrams;
    let hits = 0;
    let slots = 0;
    let complete = true;
    for (let c = 0; c < candidates; c++) {
      const p = passed[c] as number;
      const h = table[c] as number;
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
