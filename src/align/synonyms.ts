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
}

/** The lexicon entry of each token (lexicon.ts: ≥ 0 for a swappable word). */
export function entriesOf(tokens: Tokens, lex: Lexicon, slab?: Slab): Int32Array {
  const entries = slab ? slab.i32(tokens.count) : new Int32Array(tokens.count);
  for (let i = 0; i < tokens.count; i++) entries[i] = entryOf(lex, tokens.id[i] as number);
  return entries;
}

export function senseTable(tokens: Tokens, lex: Lexicon, entries: Int32Array = entriesOf(tokens, lex)): SenseTable {
  return { entries, lex, bigrams: undefined };
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

function bigram(x: number, y: number): number {
  return fmix32(mixInto(x, y));
}

interface Side {
  tokens: Tokens;
  senses: SenseTable;
}

/**
 * B's token ids with each swappable word A lacks replaced by the id of a word of A it stands for;
 * null when no word was replaced.
 *
 * A's words are put in a hash table by sense; then only the words B has and A lacks have their senses
 * read, each looked up there. A word of B takes the words of A in the order of the senses they share
 * (ascending, B's senses as `sense · 2 + common`), and for each sense A's words holding it as an
 * uncommon sense first, then as a common one, each group in the order A first has them.
 */
export function rewriteToward(a: Side, b: Side): Uint32Array | null {
  const lex = a.senses.lex;
  const aIds = a.tokens.id;
  const aEntries = a.senses.entries;
  // A's swappable words, wherever they are; the first place of each, below POS_SPAN, and how many
  // senses they have in all.
  const aWords = aSet.claim(a.tokens.count);
  if (firstAt.length < a.tokens.count) firstAt = new Uint32Array(2 * a.tokens.count);
  let words = 0;
  let total = 0;
  for (let i = 0; i < a.tokens.count; i++) {
    const e = aEntries[i] as number;
    if (e < 0 || !aWords.add(aIds[i] as number) || i >= POS_SPAN) continue;
    firstAt[words++] = i;
    total += (lex.senseStart[e + 1] as number) - (lex.senseStart[e] as number);
  }
  // B's swappable words A lacks, at their first place below POS_SPAN: when there are none, nothing
  // is read of the lexicon.
  const bIds = b.tokens.id;
  const bEntries = b.senses.entries;
  const bWords = bSet.claim(b.tokens.count);
  const bEnd = Math.min(b.tokens.count, POS_SPAN);
  if (lacking.length < bEnd) lacking = new Uint32Array(2 * bEnd);
  let lacks = 0;
  for (let j = 0; j < bEnd; j++) {
    if ((bEntries[j] as number) < 0) continue;
    const idB = bIds[j] as number;
    if (bWords.add(idB) && !aWords.has(idB)) lacking[lacks++] = j;
  }
  if (lacks === 0) return null;
  const bySense = senseMap.claim(total);
  for (let w = 0; w < words; w++) {
    const i = firstAt[w] as number;
    const e = aEntries[i] as number;
    const top = lex.senseTop[e] as number;
    for (let s = lex.senseStart[e] as number; s < (lex.senseStart[e + 1] as number); s++) bySense.add(lex.senses[s] as number, i, s < top);
  }

  let standIns: Map<number, number[]> | null = null; // B word id → the A word ids it may stand for
  for (let l = 0; l < lacks; l++) {
    const j = lacking[l] as number;
    const e = bEntries[j] as number;
    const idB = bIds[j] as number;
    // The word's senses as `sense · 2 + common`, ascending (a word has a few).
    const top = lex.senseTop[e] as number;
    let n = 0;
    for (let s = lex.senseStart[e] as number; s < (lex.senseStart[e + 1] as number); s++) {
      const key = (lex.senses[s] as number) * 2 + (s < top ? 1 : 0);
      if (keys.length === n) keys = grow(keys);
      let k = n++;
      for (; k > 0 && (keys[k - 1] as number) > key; k--) keys[k] = keys[k - 1] as number;
      keys[k] = key;
    }
    let list: number[] | undefined;
    for (let k = 0; k < n; k++) {
      const key = keys[k] as number;
      const first = bySense.first(key >>> 1);
      if (first < 0) continue;
      const commonB = key & 1;
      // Related (lexicon.ts): the shared sense is a common sense of one of the two words. A pair
      // related through another shared sense is met at that sense.
      for (let commonA = 0; commonA <= 1; commonA++) {
        if (!commonB && !commonA) continue;
        for (let x = first; x >= 0; x = bySense.next[x] as number) {
          if (bySense.common[x] !== commonA) continue;
          const idA = aIds[bySense.token[x] as number] as number;
          if (list === undefined) (standIns ??= new Map()).set(idB, (list = []));
          if (!list.includes(idA)) list.push(idA);
        }
      }
    }
  }
  if (!standIns) return null;
  const out = bIds.slice(0, b.tokens.count);
  for (let j = 0; j < out.length; j++) {
    if ((bEntries[j] as number) < 0) continue; // no senses: stands for nothing
    const list = standIns.get(bIds[j] as number);
    if (list === undefined) continue;
    // Several words of A may share a sense with this one ("stated": "said", "states"); the one that
    // also fits its neighbours in A is the one it replaced.
    let to = list[0] as number;
    if (list.length > 1) {
      const bigrams = bigramsOf(a);
      const prev = j > 0 ? (out[j - 1] as number) : -1;
      const next = j + 1 < out.length ? (bIds[j + 1] as number) : -1;
      for (const c of list) {
        if ((prev >= 0 && sortedHas(bigrams, bigram(prev, c))) || (next >= 0 && sortedHas(bigrams, bigram(c, next)))) {
          to = c;
          break;
        }
      }
    }
    out[j] = to;
  }
  return out;
}

function grow(a: Uint32Array): Uint32Array {
  const bigger = new Uint32Array(2 * a.length);
  bigger.set(a);
  return bigger;
}

/**
 * A set of 32-bit ids, open addressing, kept between calls and emptied by a new stamp rather than
 * cleared: `stamps[s] === stamp` marks slot s taken.
 */
class IdSet {
  private keys = new Uint32Array(1024);
  private stamps = new Uint32Array(1024);
  private stamp = 0;
  private shift = 22;

  /** The set, emptied, with room for n ids at most half full. */
  claim(n: number): this {
    if (this.keys.length < 2 * n) {
      let size = this.keys.length;
      while (size < 2 * n) size *= 2;
      this.keys = new Uint32Array(size);
      this.stamps = new Uint32Array(size);
      this.shift = 32 - Math.log2(size);
      this.stamp = 0;
    }
    this.stamp = nextStamp(this.stamp, this.stamps);
    return this;
  }

  /** Adds id; false if it was there. */
  add(id: number): boolean {
    const s = this.slot(id);
    if (this.stamps[s] === this.stamp) return false;
    this.stamps[s] = this.stamp;
    this.keys[s] = id;
    return true;
  }

  has(id: number): boolean {
    return this.stamps[this.slot(id)] === this.stamp;
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
 * A's words by sense: open addressing from a sense to a list of the (token, common) pairs holding it,
 * in the order added. Kept between calls, emptied like IdSet.
 */
class SenseMap {
  private keys = new Uint32Array(1024);
  private stamps = new Uint32Array(1024);
  private heads = new Int32Array(1024);
  private tails = new Int32Array(1024);
  private stamp = 0;
  private shift = 22;
  /** Per pair added: the token holding the sense, whether it is one of its common senses, the next pair. */
  token = new Uint32Array(1024);
  common = new Uint8Array(1024);
  next = new Int32Array(1024);
  private count = 0;

  /** The map, emptied, with room for n pairs. */
  claim(n: number): this {
    if (this.keys.length < 2 * n) {
      let size = this.keys.length;
      while (size < 2 * n) size *= 2;
      this.keys = new Uint32Array(size);
      this.stamps = new Uint32Array(size);
      this.heads = new Int32Array(size);
      this.tails = new Int32Array(size);
      this.shift = 32 - Math.log2(size);
      this.stamp = 0;
    }
    if (this.token.length < n) {
      this.token = new Uint32Array(2 * n);
      this.common = new Uint8Array(2 * n);
      this.next = new Int32Array(2 * n);
    }
    this.stamp = nextStamp(this.stamp, this.stamps);
    this.count = 0;
    return this;
  }

  add(sense: number, token: number, common: boolean): void {
    const x = this.count++;
    this.token[x] = token;
    this.common[x] = common ? 1 : 0;
    this.next[x] = -1;
    const s = this.slot(sense);
    if (this.stamps[s] !== this.stamp) {
      this.stamps[s] = this.stamp;
      this.keys[s] = sense;
      this.heads[s] = x;
    } else this.next[this.tails[s] as number] = x;
    this.tails[s] = x;
  }

  /** The first pair holding `sense`, or -1. */
  first(sense: number): number {
    const s = this.slot(sense);
    return this.stamps[s] === this.stamp ? (this.heads[s] as number) : -1;
  }

  private slot(sense: number): number {
    const mask = this.keys.length - 1;
    let s = Math.imul(sense, 0x9e3779b1) >>> this.shift;
    while (this.stamps[s] === this.stamp && this.keys[s] !== sense) s = (s + 1) & mask;
    return s;
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
let firstAt = new Uint32Array(1024);
let lacking = new Uint32Array(1024);
let keys: Uint32Array = new Uint32Array(64);
