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
import { sortByKey, sortHashes } from './sort.js';
import type { Tokens } from '../text/tokenize.js';

/** Words past 2^21 (documents over two million words) are not read for their senses. */
const POS_SPAN = 2 ** 21;

export interface SenseTable {
  /** Lexicon entry of each token (≥ 0: a word with synonyms). */
  entries: Int32Array;
  /**
   * Every sense of each distinct mutable word as `sense · 2 + common` (1 when it is one of the word's
   * common senses, see lexicon.ts), sorted, with the token index of the word's first occurrence
   * alongside: `senses[k]` is held by token `tokens[k]`.
   */
  senses: Uint32Array;
  tokens: Uint32Array;
  /** The document's distinct token ids, sorted. */
  vocab: Uint32Array;
  /** Hashes of its pairs of adjacent token ids, sorted: to choose between stand-ins by their context. */
  bigrams: Uint32Array;
}

/** The lexicon entry of each token (lexicon.ts: ≥ 0 for a swappable word). */
export function entriesOf(tokens: Tokens, lex: Lexicon, slab?: Slab): Int32Array {
  const entries = slab ? slab.i32(tokens.count) : new Int32Array(tokens.count);
  for (let i = 0; i < tokens.count; i++) entries[i] = entryOf(lex, tokens.id[i] as number);
  return entries;
}

export function senseTable(tokens: Tokens, lex: Lexicon, entries: Int32Array = entriesOf(tokens, lex), slab?: Slab): SenseTable {
  const u32 = (n: number): Uint32Array => (slab ? slab.u32(n) : new Uint32Array(n));
  const n = Math.min(tokens.count, POS_SPAN);
  const ids = tokens.id;
  // The first occurrence of each distinct swappable word: a hash set of ids, kept between calls.
  const seen = claimSlots(n);
  const mask = seen.keys.length - 1;
  const stamp = seen.stamp;
  if (firstAt.length < n) firstAt = new Uint32Array(2 * n);
  let words = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const e = entries[i] as number;
    if (e < 0) continue;
    const id = ids[i] as number;
    let s = Math.imul(id, 0x9e3779b1) & mask;
    while (seen.stamps[s] === stamp && seen.keys[s] !== id) s = (s + 1) & mask;
    if (seen.stamps[s] === stamp) continue;
    seen.stamps[s] = stamp;
    seen.keys[s] = id;
    firstAt[words++] = i;
    total += (lex.senseStart[e + 1] as number) - (lex.senseStart[e] as number);
  }
  // Senses as `sense · 2 + common`, each with its word's first token, in token order: sorted by
  // sense, stably, they are in (sense, token) order.
  const keys = u32(total);
  const at = u32(total);
  let k = 0;
  for (let w = 0; w < words; w++) {
    const i = firstAt[w] as number;
    const e = entries[i] as number;
    const top = lex.senseTop[e] as number;
    for (let s = lex.senseStart[e] as number; s < (lex.senseStart[e + 1] as number); s++) {
      keys[k] = (lex.senses[s] as number) * 2 + (s < top ? 1 : 0);
      at[k++] = i;
    }
  }
  sortByKey(keys, at);
  const bigrams = u32(Math.max(0, tokens.count - 1));
  for (let i = 1; i < tokens.count; i++) bigrams[i - 1] = bigram(ids[i - 1] as number, ids[i] as number);
  const vocab = u32(tokens.count);
  vocab.set(ids.subarray(0, tokens.count));
  return { entries, senses: keys, tokens: at, vocab: distinctSorted(vocab), bigrams: sortHashes(bigrams) };
}

/** senseTable's scratch: the first token of each distinct word. */
let firstAt = new Uint32Array(1024);

/**
 * An open-addressing hash set of token ids, kept between calls and emptied by a new stamp rather than
 * cleared: `stamps[s] === stamp` marks slot s taken in this call.
 */
const slots = { keys: new Uint32Array(1024), stamps: new Uint32Array(1024), stamp: 0 };

/** The set, emptied, with room for n ids at most half full. */
function claimSlots(n: number): typeof slots {
  if (slots.keys.length < 2 * n) {
    let size = slots.keys.length;
    while (size < 2 * n) size *= 2;
    slots.keys = new Uint32Array(size);
    slots.stamps = new Uint32Array(size);
    slots.stamp = 0;
  }
  slots.stamp = (slots.stamp + 1) >>> 0;
  if (slots.stamp === 0) {
    slots.stamps.fill(0);
    slots.stamp = 1;
  }
  return slots;
}

function distinctSorted(a: Uint32Array): Uint32Array {
  sortHashes(a);
  let m = 0;
  for (let i = 0; i < a.length; i++) if (i === 0 || a[i] !== a[i - 1]) a[m++] = a[i] as number;
  return a.subarray(0, m);
}

function bigram(x: number, y: number): number {
  return fmix32(mixInto(x, y));
}

interface Side {
  tokens: Tokens;
  senses: SenseTable;
}

/** rewriteToward's marks of B's tokens, reused from call to call. */
let lacksScratch = new Uint8Array(1024);

/**
 * B's token ids with each swappable word A lacks replaced by the id of a word of A it stands for;
 * null when no word was replaced. One merge of the two sorted sense tables finds every pair of words
 * sharing a sense, in time linear in their sizes.
 */
export function rewriteToward(a: Side, b: Side): Uint32Array | null {
  const sa = a.senses.senses;
  const sb = b.senses.senses;
  const ta = a.senses.tokens;
  const tb = b.senses.tokens;
  // Per B token: 0 not looked at yet, 1 A has the word itself, 2 A lacks it.
  if (lacksScratch.length < b.tokens.count) lacksScratch = new Uint8Array(2 * b.tokens.count);
  const lacks = lacksScratch;
  lacks.fill(0, 0, b.tokens.count);
  let standIns: Map<number, number[]> | null = null; // B word id → the A word ids it may stand for
  let x = 0;
  let y = 0;
  while (x < sa.length && y < sb.length) {
    const va = (sa[x] as number) >>> 1;
    const vb = (sb[y] as number) >>> 1;
    if (va !== vb) {
      // Most steps: advance the smaller side, without a branch to mispredict.
      x += +(va < vb);
      y += +(vb < va);
      continue;
    }
    let xe = x;
    while (xe < sa.length && (sa[xe] as number) >>> 1 === va) xe++;
    for (; y < sb.length && (sb[y] as number) >>> 1 === vb; y++) {
      const j = tb[y] as number;
      const idB = b.tokens.id[j] as number;
      if (lacks[j] === 0) lacks[j] = sortedHas(a.senses.vocab, idB) ? 1 : 2;
      if (lacks[j] === 1) continue;
      const commonB = (sb[y] as number) & 1;
      for (let p = x; p < xe; p++) {
        // Related (lexicon.ts): the shared sense is a common sense of one of the two words. A pair
        // related through another shared sense is met in that sense's group.
        if (!commonB && !((sa[p] as number) & 1)) continue;
        const idA = a.tokens.id[ta[p] as number] as number;
        let list = (standIns ??= new Map()).get(idB);
        if (!list) standIns.set(idB, (list = []));
        if (!list.includes(idA)) list.push(idA);
      }
    }
    x = xe;
  }
  if (!standIns) return null;
  const ids = b.tokens.id;
  const entries = b.senses.entries;
  const out = ids.slice(0, b.tokens.count);
  for (let j = 0; j < out.length; j++) {
    if ((entries[j] as number) < 0) continue; // no senses: stands for nothing
    const list = standIns.get(ids[j] as number);
    if (list === undefined) continue;
    // Several words of A may share a sense with this one ("stated": "said", "states"); the one that
    // also fits its neighbours in A is the one it replaced.
    let to = list[0] as number;
    if (list.length > 1) {
      const prev = j > 0 ? (out[j - 1] as number) : -1;
      const next = j + 1 < out.length ? (ids[j + 1] as number) : -1;
      for (const c of list) {
        if ((prev >= 0 && sortedHas(a.senses.bigrams, bigram(prev, c))) || (next >= 0 && sortedHas(a.senses.bigrams, bigram(c, next)))) {
          to = c;
          break;
        }
      }
    }
    out[j] = to;
  }
  return out;
}

