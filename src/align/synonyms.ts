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
import { entryOf, related, type Lexicon } from '../lexicon/lexicon.js';
import { fmix32, mixInto } from '../text/hash.js';
import type { Tokens } from '../text/tokenize.js';

/** Packs (sense, token index) in one float64 so one native sort orders a document's senses. */
const POS_SPAN = 2 ** 21;

export interface SenseTable {
  /** Lexicon entry of each token (≥ 0: a word with synonyms). */
  entries: Int32Array;
  /** `sense · 2^21 + token index` for every sense of each distinct mutable word (first occurrence), sorted. */
  keys: Float64Array;
  /** The document's distinct token ids, sorted. */
  vocab: Uint32Array;
  /** Hashes of its pairs of adjacent token ids, to choose between stand-ins by their context. */
  bigrams: Set<number>;
}

export function senseTable(tokens: Tokens, lex: Lexicon): SenseTable {
  const n = Math.min(tokens.count, POS_SPAN);
  const entries = new Int32Array(tokens.count);
  const firstSeen = new Set<number>();
  const words: number[] = [];
  let total = 0;
  for (let i = 0; i < tokens.count; i++) {
    const id = tokens.id[i] as number;
    const e = entryOf(lex, id);
    entries[i] = e;
    if (e < 0 || i >= n || firstSeen.has(id)) continue;
    firstSeen.add(id);
    words.push(i);
    total += (lex.senseStart[e + 1] as number) - (lex.senseStart[e] as number);
  }
  const keys = new Float64Array(total);
  let k = 0;
  for (const i of words) {
    const e = entries[i] as number;
    for (let s = lex.senseStart[e] as number; s < (lex.senseStart[e + 1] as number); s++) keys[k++] = (lex.senses[s] as number) * POS_SPAN + i;
  }
  keys.sort();
  const sorted = tokens.id.slice(0, tokens.count).sort();
  let m = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[m++] = sorted[i] as number;
  const bigrams = new Set<number>();
  for (let i = 1; i < tokens.count; i++) bigrams.add(bigram(tokens.id[i - 1] as number, tokens.id[i] as number));
  return { entries, keys, vocab: sorted.slice(0, m), bigrams };
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
 * null when no word was replaced. One merge of the two sorted sense tables finds every pair of words
 * sharing a sense, in time linear in their sizes.
 */
export function rewriteToward(a: Side, b: Side, lex: Lexicon): Uint32Array | null {
  const ka = a.senses.keys;
  const kb = b.senses.keys;
  let standIns: Map<number, number[]> | null = null; // B word id → the A word ids it may stand for
  let x = 0;
  let y = 0;
  while (x < ka.length && y < kb.length) {
    const sa = Math.floor((ka[x] as number) / POS_SPAN);
    const sb = Math.floor((kb[y] as number) / POS_SPAN);
    if (sa < sb) {
      x++;
      continue;
    }
    if (sa > sb) {
      y++;
      continue;
    }
    let xe = x;
    while (xe < ka.length && Math.floor((ka[xe] as number) / POS_SPAN) === sa) xe++;
    for (; y < kb.length && Math.floor((kb[y] as number) / POS_SPAN) === sb; y++) {
      const j = (kb[y] as number) - sb * POS_SPAN;
      const idB = b.tokens.id[j] as number;
      if (has(a.senses.vocab, idB)) continue;
      const eb = b.senses.entries[j] as number;
      for (let p = x; p < xe; p++) {
        const i = (ka[p] as number) - sa * POS_SPAN;
        const idA = a.tokens.id[i] as number;
        if (!related(lex, a.senses.entries[i] as number, eb)) continue;
        let list = (standIns ??= new Map()).get(idB);
        if (!list) standIns.set(idB, (list = []));
        if (!list.includes(idA)) list.push(idA);
      }
    }
    x = xe;
  }
  if (!standIns) return null;
  const ids = b.tokens.id;
  const out = ids.slice(0, b.tokens.count);
  for (let j = 0; j < out.length; j++) {
    const list = standIns.get(ids[j] as number);
    if (list === undefined) continue;
    // Several words of A may share a sense with this one ("stated": "said", "states"); the one that
    // also fits its neighbours in A is the one it replaced.
    let to = list[0] as number;
    if (list.length > 1) {
      const prev = j > 0 ? (out[j - 1] as number) : -1;
      const next = j + 1 < out.length ? (ids[j + 1] as number) : -1;
      for (const c of list) {
        if ((prev >= 0 && a.senses.bigrams.has(bigram(prev, c))) || (next >= 0 && a.senses.bigrams.has(bigram(c, next)))) {
          to = c;
          break;
        }
      }
    }
    out[j] = to;
  }
  return out;
}

function has(sorted: Uint32Array, v: number): boolean {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < v) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length && sorted[lo] === v;
}
