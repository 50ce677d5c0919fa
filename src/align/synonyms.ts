/**
 * Substitution-tolerant alignment, per pair of texts: each word of B that A does not have, but that
 * stands for a word A does have (they share a sense, see lexicon.ts), is read as that word of A. Greedy
 * tiling then runs over equal ids as before, so a spun passage stays one passage instead of breaking
 * at every swapped word, and the swaps are exactly the aligned positions whose written words differ.
 *
 * Rewriting B toward A (rather than mapping both to a global synonym class) keeps synonymy from
 * chaining: WordNet's "is a synonym of" is not transitive, but within one pair of texts a word only
 * ever stands for a word that is really there.
 */
import { entryOf, type Lexicon } from '../lexicon/lexicon.js';
import { sortedHas } from '../index/postings.js';
import { fmix32, mixInto } from '../text/hash.js';
import type { Slab } from './slab.js';
import { sortHashes } from './sort.js';
import type { Tokens } from '../text/tokenize.js';

/** Words past 2^21 (documents over two million words) are not read for their senses. */
const POS_SPAN = 2 ** 21;

/** What rewriting needs of a document beyond its tokens. */
export interface SenseTable {
  /** Lexicon entry of each token (≥ 0: a word with synonyms). */
  entries: Int32Array;
  /** The lexicon of the entries: senses are read from it for each pair of texts. */
  lex: Lexicon;
  /**
   * Hashes of its pairs of adjacent token ids, sorted: to choose between stand-ins by their context.
   * Made the first time they are needed.
   */
  bigrams?: Uint32Array | undefined;
  /** Its swappable words (see wordsOf), made the first time they are needed. */
  words?: Uint32Array | undefined;
  /** Where to carve `words` from, if not a buffer of its own. */
  slab?: Slab | undefined;
}

/** The lexicon entry of each token (lexicon.ts: ≥ 0 for a swappable word). */
export function entriesOf(tokens: Tokens, lex: Lexicon, slab?: Slab): Int32Array {
  const entries = slab ? slab.i32(tokens.count) : new Int32Array(tokens.count);
  for (let i = 0; i < tokens.count; i++) entries[i] = entryOf(lex, tokens.id[i] as number);
  return entries;
}

export function senseTable(tokens: Tokens, lex: Lexicon, entries: Int32Array = entriesOf(tokens, lex), slab?: Slab): SenseTable {
  return { entries, lex, bigrams: undefined, words: undefined, slab };
}

function bigramsOf(side: Side): Uint32Array {
  let bigrams = side.senses.bigrams;
  if (bigrams === undefined) {
    const { id, count } = side.tokens;
    bigrams = new Uint32Array(Math.max(0, count - 1));
    for (let i = 1; i < count; i++) bigrams[i - 1] = bigram(id[i - 1] as number, id[i] as number);
    side.senses.bigrams = sortHashes(bigrams);
  }
  return bigrams;
}

/**
 * Each lexicon entry's senses as keys `sense · 2 + common` (common: one of the entry's common senses),
 * ascending: read from the lexicon and sorted the first time the entry is met, then kept together in
 * one pool, `[n, key × n]` each. News text is mostly the same few thousand words: their keys stay in
 * the cache, where an entry's senses in the lexicon are cache misses in tables of megabytes. Offset 0
 * of the pool is an empty list.
 */
class SenseKeys {
  /** Per entry: where its list starts in the pool, or 0 while it has none. */
  private at: Int32Array;
  /**
   * Room for every entry's list from the start (a few MB at most, its pages taken as written): the
   * pool is never replaced. Replacing it, as it once grew, made the field a changing one while
   * rewriteToward, which reads it, was being optimised: that compilation was thrown away and done
   * again, and the first few hundred pairs through synonyms ran unoptimised meanwhile
   * (--trace-opt: "dependency change", FieldConstnessDependency).
   */
  readonly pool: Uint32Array;
  private used = 1;

  constructor(private readonly lex: Lexicon) {
    const entries = lex.senseTop.length;
    this.at = new Int32Array(entries);
    this.pool = new Uint32Array(1 + entries + (lex.senseStart[entries] as number));
  }

  /** Where entry e's list is in the pool. */
  of(e: number): number {
    const x = this.at[e] as number;
    if (x !== 0) return x;
    const { senseStart, senseTop, senses } = this.lex;
    const from = senseStart[e] as number;
    const to = senseStart[e + 1] as number;
    const top = senseTop[e] as number;
    const at = this.used;
    const pool = this.pool;
    pool[at] = to - from;
    // By insertion: a word has a few senses, and each entry is sorted once.
    for (let s = from, n = at + 1; s < to; s++, n++) {
      const key = (senses[s] as number) * 2 + (s < top ? 1 : 0);
      let k = n;
      for (; k > at + 1 && (pool[k - 1] as number) > key; k--) pool[k] = pool[k - 1] as number;
      pool[k] = key;
    }
    this.used = at + 1 + to - from;
    this.at[e] = at;
    return at;
  }
}

const senseKeys = new WeakMap<Lexicon, SenseKeys>();

function keysOf(lex: Lexicon): SenseKeys {
  let k = senseKeys.get(lex);
  if (k === undefined) senseKeys.set(lex, (k = new SenseKeys(lex)));
  return k;
}

/**
 * A document's swappable words, each once, in the order it first has them, as rewriting toward it
 * reads them: `[id, first place, where its keys are in the pool of SenseKeys]` each. A word first
 * met past POS_SPAN has no senses listed (the empty list).
 */
function wordsOf(side: Side, keys: SenseKeys): Uint32Array {
  let words = side.senses.words;
  if (words !== undefined) return words;
  const { id, count } = side.tokens;
  const entries = side.senses.entries;
  const seen = aSet.claim(count);
  let n = 0;
  if (digest.length < 3 * count) digest = new Uint32Array(6 * count);
  for (let i = 0; i < count; i++) {
    const e = entries[i] as number;
    if (e < 0 || !seen.add(id[i] as number)) continue;
    digest[n++] = id[i] as number;
    digest[n++] = i;
    digest[n++] = i < POS_SPAN ? keys.of(e) : 0;
  }
  words = side.senses.slab ? side.senses.slab.u32(n) : new Uint32Array(n);
  words.set(digest.subarray(0, n));
  side.senses.words = words;
  return words;
}

/** wordsOf's scratch. */
let digest: Uint32Array = new Uint32Array(3072);

function bigram(x: number, y: number): number {
  return fmix32(mixInto(x, y));
}

interface Side {
  tokens: Tokens;
  senses: SenseTable;
}

/**
 * B's token ids with each swappable word A lacks replaced by the id of a word of A it stands for, in
 * an array of their own (carved from `slab` when given); null when no word was replaced.
 *
 * The words B has and A lacks are found first; their senses go in a hash table, and A's words
 * (wordsOf) are looked up there, each sense of A that one of those words has collecting the words of
 * A that hold it. A word of B takes the words of A in the order of the senses
 * they share (ascending, B's senses as `sense · 2 + common`), and for each sense A's words holding it
 * as an uncommon sense first, then as a common one, each group in the order A first has them.
 */
export function rewriteToward(a: Side, b: Side, slab?: Slab): Uint32Array | null {
  const keys = keysOf(a.senses.lex);
  const wa = wordsOf(a, keys);
  // A's swappable words, wherever they are.
  const aWords = aSet.claim(wa.length);
  for (let x = 0; x < wa.length; x += 3) aWords.add(wa[x] as number);
  // B's swappable words A lacks, at their first place below POS_SPAN, numbered in that order, each
  // with where its keys are (SenseKeys): when there are none, nothing is read of the lexicon. Each
  // is mapped to its number.
  const bIds = b.tokens.id;
  const bEntries = b.senses.entries;
  const bWords = bSet.claim(b.tokens.count);
  const bEnd = Math.min(b.tokens.count, POS_SPAN);
  if (keysAt.length < bEnd) {
    keysAt = new Uint32Array(2 * bEnd);
    lackOf = new Int32Array(2 * bEnd);
  }
  // Each place of B below POS_SPAN: the number of the word it holds if A lacks it, else -1.
  let lacks = 0;
  let n = 0;
  for (let j = 0; j < bEnd; j++) {
    lackOf[j] = -1;
    const e = bEntries[j] as number;
    if (e < 0) continue;
    const idB = bIds[j] as number;
    if (aWords.has(idB)) continue;
    const slot = bWords.put(idB);
    if (!bWords.added) {
      lackOf[j] = bWords.values[slot] as number;
      continue;
    }
    lackOf[j] = lacks;
    bWords.values[slot] = lacks;
    const at = keys.of(e);
    keysAt[lacks++] = at;
    n += keys.pool[at] as number;
  }
  if (lacks === 0) return null;
  const pool = keys.pool;
  // The senses of the words B lacks, each with the words of A that hold it, in A's order; where each
  // of their keys is in the table, by the key's place in the words' keys taken in turn. Most senses
  // of A's words are none of them: a bit per sense (modulo) rules those out before the hash table.
  const bySense = senseMap.claim(n);
  if (keySlot.length < n) keySlot = new Int32Array(2 * n);
  filter.fill(0);
  for (let l = 0, w = 0; l < lacks; l++) {
    const at = keysAt[l] as number;
    const end = at + 1 + (pool[at] as number);
    for (let k = at + 1; k < end; k++) {
      const sense = (pool[k] as number) >>> 1;
      keySlot[w++] = bySense.put(sense);
      filter[(sense >>> 5) & FILTER_MASK] = (filter[(sense >>> 5) & FILTER_MASK] as number) | (1 << (sense & 31));
    }
  }
  for (let x = 0; x < wa.length; x += 3) {
    const i = wa[x + 1] as number;
    const at = wa[x + 2] as number;
    const end = at + 1 + (pool[at] as number);
    for (let k = at + 1; k < end; k++) {
      const key = pool[k] as number;
      const sense = key >>> 1;
      if ((((filter[(sense >>> 5) & FILTER_MASK] as number) >>> (sense & 31)) & 1) === 0) continue;
      const slot = bySense.find(sense);
      if (slot >= 0) bySense.append(slot, i, (key & 1) === 1);
    }
  }
  // Each word B lacks: the ids of A's words it may stand for, at cands[candFrom[l] .. candFrom[l + 1]).
  if (candFrom.length <= lacks) candFrom = new Uint32Array(2 * lacks + 2);
  const aIds = a.tokens.id;
  let c = 0;
  let any = false;
  for (let l = 0, w = 0; l < lacks; l++) {
    candFrom[l] = c;
    const at = keysAt[l] as number;
    const end = at + 1 + (pool[at] as number);
    for (let k = at + 1; k < end; k++) {
      const key = pool[k] as number;
      const first = bySense.head(keySlot[w++] as number);
      if (first < 0) continue;
      const commonB = key & 1;
      // Related (lexicon.ts): the shared sense is a common sense of one of the two words. A pair
      // related through another shared sense is met at that sense.
      for (let commonA = 0; commonA <= 1; commonA++) {
        if (!commonB && !commonA) continue;
        for (let y = first; y >= 0; y = bySense.next[y] as number) {
          if (bySense.common[y] !== commonA) continue;
          const idA = aIds[bySense.token[y] as number] as number;
          let seen = false;
          for (let z = candFrom[l] as number; z < c; z++) if (cands[z] === idA) seen = true;
          if (seen) continue;
          if (c === cands.length) cands = grow(cands);
          cands[c++] = idA;
        }
      }
    }
    if (c > (candFrom[l] as number)) any = true;
  }
  candFrom[lacks] = c;
  if (!any) return null;
  const count = b.tokens.count;
  // An array of its own (from `slab`, when given: a view costs less than a buffer).
  const out = slab ? slab.u32(count) : new Uint32Array(count);
  out.set(bIds.subarray(0, count));
  for (let j = 0; j < count; j++) {
    if ((bEntries[j] as number) < 0) continue; // no senses: stands for nothing
    const l = j < bEnd ? (lackOf[j] as number) : bWords.get(bIds[j] as number);
    if (l < 0) continue;
    const from = candFrom[l] as number;
    const to = candFrom[l + 1] as number;
    if (from === to) continue;
    // Several words of A may share a sense with this one ("stated": "said", "states"); the one that
    // also fits its neighbours in A is the one it replaced.
    let pick = cands[from] as number;
    if (to - from > 1) {
      const bigrams = bigramsOf(a);
      const prev = j > 0 ? (out[j - 1] as number) : -1;
      const next = j + 1 < count ? (bIds[j + 1] as number) : -1;
      for (let y = from; y < to; y++) {
        const id = cands[y] as number;
        if ((prev >= 0 && sortedHas(bigrams, bigram(prev, id))) || (next >= 0 && sortedHas(bigrams, bigram(id, next)))) {
          pick = id;
          break;
        }
      }
    }
    out[j] = pick;
  }
  return out;
}

/** Bits of rewriteToward's filter of senses (a power of two). */
const FILTER_WORDS = 128;
const FILTER_MASK = FILTER_WORDS - 1;
const filter = new Uint32Array(FILTER_WORDS);

function grow(a: Uint32Array, least = 0): Uint32Array {
  const bigger = new Uint32Array(Math.max(2 * a.length, least));
  bigger.set(a);
  return bigger;
}

/**
 * A set of 32-bit ids with a value each, open addressing, kept between calls and emptied by a new
 * stamp rather than cleared: `stamps[s] === stamp` marks slot s taken.
 */
class IdSet {
  private keys = new Uint32Array(1024);
  private stamps = new Uint32Array(1024);
  /** The value of the id in each slot, as the caller sets it. */
  values: Int32Array = new Int32Array(1024);
  private stamp = 0;
  private shift = 22;

  /** The set, emptied, with room for n ids at most half full. */
  claim(n: number): this {
    if (this.keys.length < 2 * n) {
      let size = this.keys.length;
      while (size < 2 * n) size *= 2;
      this.keys = new Uint32Array(size);
      this.stamps = new Uint32Array(size);
      this.values = new Int32Array(size);
      this.shift = 32 - Math.log2(size);
      this.stamp = 0;
    }
    this.stamp = nextStamp(this.stamp, this.stamps);
    return this;
  }

  /** Whether the last `put` added its id (rather than finding it there). */
  added = false;

  /** Adds id; false if it was there. */
  add(id: number): boolean {
    this.put(id);
    return this.added;
  }

  /** The slot of id, added if it was not there (see `added`). */
  put(id: number): number {
    const s = this.slot(id);
    this.added = this.stamps[s] !== this.stamp;
    if (this.added) {
      this.stamps[s] = this.stamp;
      this.keys[s] = id;
    }
    return s;
  }

  has(id: number): boolean {
    return this.stamps[this.slot(id)] === this.stamp;
  }

  /** The slot of id, or -1 if it is not in the set. */
  find(id: number): number {
    const s = this.slot(id);
    return this.stamps[s] === this.stamp ? s : -1;
  }

  /** Slots: every slot index is below this. */
  get capacity(): number {
    return this.keys.length;
  }

  /** The value of id, or -1 if it is not in the set. */
  get(id: number): number {
    const s = this.slot(id);
    return this.stamps[s] === this.stamp ? (this.values[s] as number) : -1;
  }

  /** The slot holding id, or the empty one where it would go. */
  private slot(id: number): number {
    const mask = this.keys.length - 1;
    let s = Math.imul(id, 0x9e3779b1) >>> this.shift;
    while (this.stamps[s] === this.stamp && this.keys[s] !== id) s = (s + 1) & mask;
    return s;
  }
}

/**
 * Senses, each with a list of the (token, common) pairs holding it, in the order added: an IdSet from
 * a sense to its slot, whose value is the slot's first pair. Kept between calls, emptied like IdSet.
 */
class SenseMap {
  private readonly senses = new IdSet();
  private tails = new Int32Array(1024);
  /** Per pair added: the token holding the sense, whether it is one of its common senses, the next pair. */
  token: Uint32Array = new Uint32Array(1024);
  common: Uint8Array = new Uint8Array(1024);
  next: Int32Array = new Int32Array(1024);
  private count = 0;

  /** The map, emptied, with room for n senses. */
  claim(n: number): this {
    this.senses.claim(n);
    if (this.tails.length < this.senses.capacity) this.tails = new Int32Array(this.senses.capacity);
    this.count = 0;
    return this;
  }

  /** Adds a sense with no pairs, unless it is there; returns its slot. */
  put(sense: number): number {
    const s = this.senses.put(sense);
    if (this.senses.added) this.senses.values[s] = -1;
    return s;
  }

  /** The first pair of the sense at `slot` (put), or -1. */
  head(slot: number): number {
    return this.senses.values[slot] as number;
  }

  /** The slot of a sense, or -1. */
  find(sense: number): number {
    return this.senses.find(sense);
  }

  /** Adds a pair to the list of the sense at `slot`. */
  append(slot: number, token: number, common: boolean): void {
    if (this.count === this.token.length) {
      const n = 2 * this.count;
      const token = new Uint32Array(n);
      const common = new Uint8Array(n);
      const next = new Int32Array(n);
      token.set(this.token);
      common.set(this.common);
      next.set(this.next);
      this.token = token;
      this.common = common;
      this.next = next;
    }
    const x = this.count++;
    this.token[x] = token;
    this.common[x] = common ? 1 : 0;
    this.next[x] = -1;
    const heads = this.senses.values;
    if (heads[slot] === -1) heads[slot] = x;
    else this.next[this.tails[slot] as number] = x;
    this.tails[slot] = x;
  }
}

/** A new stamp; every slot is cleared once in 2^32 stamps, when they wrap. */
function nextStamp(stamp: number, stamps: Uint32Array): number {
  const next = (stamp + 1) >>> 0;
  if (next !== 0) return next;
  stamps.fill(0);
  return 1;
}

/** rewriteToward's scratch, reused from call to call. */
const aSet = new IdSet();
const bSet = new IdSet();
const senseMap = new SenseMap();
let keysAt: Uint32Array = new Uint32Array(1024);
let lackOf: Int32Array = new Int32Array(1024);
let keySlot: Int32Array = new Int32Array(1024);
let cands: Uint32Array = new Uint32Array(256);
let candFrom: Uint32Array = new Uint32Array(256);
