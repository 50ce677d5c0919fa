/**
 * Corpus-level reuse detection: furniture masks, candidate pairs, alignment. Pure: takes indexed
 * documents and a way to get their tokens, returns aligned pairs.
 */
import { alignTexts, type AlignOptions, type AlignSide } from './align/align.js';
import { findCandidates, RARE_DF } from './index/candidates.js';
import { gramTable, tableOf } from './align/tile.js';
import { isImmutableFingerprint } from './sketch/immutables.js';
import { corpusLineCounts, furnitureMask } from './index/furniture.js';
import type { AlignedPassage, IndexedDoc, Span } from './model/types.js';
import { MIN_TILE, SPUN_SHARE, type Derived } from './options.js';
import { canonicalize, UNKNOWN, type Lexicon } from './lexicon/lexicon.js';
import { entriesOf, senseTable } from './align/synonyms.js';
import { Slab } from './align/slab.js';
import { sortHashes } from './align/sort.js';
import type { Tokens } from './text/tokenize.js';

export interface PairReuse {
  /** Lower seq. */
  a: number;
  b: number;
  /** Spans: `a` side in document a, `b` side in document b. */
  passages: AlignedPassage[];
}

export function alignOptions(opts: Derived): AlignOptions {
  return {
    minWords: opts.minPassageWords,
    minTile: MIN_TILE,
    anchor: opts.shingle,
    maxGap: opts.maxGap,
    lexicon: opts.lexicon,
    spunShare: SPUN_SHARE,
  };
}

/** Tokens by seq, computed once and kept: a document is aligned against several others. */
export function tokenCache(docs: readonly IndexedDoc[], lexicon: Lexicon, known: (Tokens | undefined)[] = []): (seq: number) => Tokens {
  return (seq) => {
    let t = known[seq];
    if (t === undefined) {
      t = canonicalize((docs[seq] as IndexedDoc).article.text, lexicon);
      known[seq] = t;
    }
    return t;
  };
}

export function furnitureMasks(docs: readonly IndexedDoc[], minDocs: number): (Uint8Array | null)[] {
  const { counts, offsets } = corpusLineCounts(docs);
  const masks: (Uint8Array | null)[] = [];
  for (let i = 0; i < docs.length; i++) masks.push(furnitureMask(docs[i] as IndexedDoc, counts, minDocs, offsets[i] as number));
  return masks;
}

export function detectReuse(
  docs: readonly IndexedDoc[],
  masks: readonly (Uint8Array | null)[],
  tokensOf: (seq: number) => Tokens,
  opts: Derived,
  onProgress?: (done: number, total: number) => void,
): PairReuse[] {
  const { pairs, docFreq } = findCandidates(docs, masks, opts);
  return alignPairs(docs, masks, tokensOf, pairs, docFreq, opts, onProgress);
}

/** Per-document data alignPairs computes when a document is first aligned, by seq. */
export interface AlignCache {
  /** A document's side for exact alignment, through synonyms, and with only its lexicon entries (for facts). */
  sides: (AlignSide | undefined)[];
  spinSides: (AlignSide | undefined)[];
  factSides: (AlignSide | undefined)[];
  entries: (Int32Array | undefined)[];
  /** Its immutable-word fingerprints, sorted. */
  immutable: (Uint32Array | undefined)[];
  /** Where the per-document tables are carved from. */
  slab: Slab;
}

export function alignCache(): AlignCache {
  return { sides: [], spinSides: [], factSides: [], entries: [], immutable: [], slab: new Slab() };
}

/**
 * Aligns candidate pairs and keeps the evidenced passages, in pair order. `docs` and `masks` may be
 * sparse (only the documents the pairs name), as when a worker thread aligns a share of the pairs.
 */
export function alignPairs(
  docs: readonly IndexedDoc[],
  masks: readonly (Uint8Array | null)[],
  tokensOf: (seq: number) => Tokens,
  pairs: ReadonlyArray<readonly [number, number]>,
  docFreq: (hash: number) => number,
  opts: Derived,
  onProgress?: (done: number, total: number) => void,
  /**
   * `minTile`-gram indexes (tile.ts gramIndex) already computed, by seq (read, as gram tables; the
   * others are computed as tables and not kept here).
   */
  grams: (Float64Array | undefined)[] = [],
  /** What was computed per document for earlier pairs: pass the same cache to align more pairs of one corpus. */
  cache: AlignCache = alignCache(),
): PairReuse[] {
  const ao = alignOptions(opts);
  const { sides, spinSides, factSides, entries, immutable, slab } = cache;
  const spin = opts.lexicon.senses.length > 0;
  // Sides are kept by seq (in the cache), as their tokens and grams are: a document is aligned against several others.
  const side = (seq: number): AlignSide => {
    let s = sides[seq];
    if (s === undefined) {
      const tokens = tokensOf(seq);
      const g = grams[seq];
      const table = g !== undefined ? tableOf(g) : gramTable(tokens.id, tokens.count, ao.minTile, slab);
      sides[seq] = s = sideOf((docs[seq] as IndexedDoc).article.text, tokens, masks[seq] ?? null, table, undefined);
    }
    return s;
  };
  const entriesAt = (seq: number): Int32Array => (entries[seq] ??= entriesOf(tokensOf(seq), opts.lexicon, slab));
  /** A side with its sense table, built the first time the document is aligned through synonyms. */
  const spinSide = (seq: number): AlignSide => (spinSides[seq] ??= withSenses(side(seq), senseTable(tokensOf(seq), opts.lexicon, entriesAt(seq))));
  /** A side with only the lexicon entries of its tokens: enough to tell its facts. */
  const factSide = (seq: number): AlignSide => (factSides[seq] ??= withSenses(side(seq), { entries: entriesAt(seq) }));
  const exactly: AlignOptions = { ...ao, lexicon: undefined };
  const immutableOf = (seq: number): Uint32Array => (immutable[seq] ??= immutablesOf(docs[seq] as IndexedDoc, slab));

  const out: PairReuse[] = [];
  for (let i = 0; i < pairs.length; i++) {
    const [a, b] = pairs[i] as [number, number];
    const A = docs[a] as IndexedDoc;
    const B = docs[b] as IndexedDoc;
    let passages = keepEvidenced(alignTexts(side(a), side(b), exactly), A, B, docFreq, opts);
    // Most pairs are explained by exact alignment. Where a passage has edits inside, or rare
    // immutable-word fingerprints are shared outside every passage, words may have been swapped: the
    // pair is aligned again reading synonyms as equal.
    if (spin && (anyEdited(passages) || unexplained(B, immutableOf(a), passages, docFreq, SPIN_EVIDENCE) >= SPIN_EVIDENCE)) {
      const sa = spinSide(a);
      const sb = spinSide(b);
      // Words of one text are read toward the other: the later one toward the earlier, so that the
      // result does not depend on which of the two was read first.
      const spun = keepEvidenced(towardB(A, B, sa, sb) ? alignTexts(sb, sa, ao).map(flip) : alignTexts(sa, sb, ao), A, B, docFreq, opts);
      // A spinner swaps words and leaves names and numbers alone; a wire's formula keeps its words
      // and changes the figures. Passages joined through synonyms must keep their facts.
      let keep = true;
      for (const p of spun) {
        if (p.swapped !== 0 && !factsAgree(p, sa, sb, SPUN_FACTS)) {
          keep = false;
          break;
        }
      }
      if (keep) passages = spun;
    }
    if (spin && anyEdited(passages)) {
      const fa = factSide(a);
      const fb = factSide(b);
      let n = 0;
      for (const p of passages) if (p.kind === 'verbatim' || factsAgree(p, fa, fb, FORMULA_FACTS)) passages[n++] = p;
      passages.length = n;
    }
    if (passages.length > 0) out.push({ a, b, passages });
    if (onProgress && (i & 1023) === 0) onProgress(i, pairs.length);
  }
  onProgress?.(pairs.length, pairs.length);
  return out;
}

/** Every side with the same fields in the same order: one object shape where they are read. */
function sideOf(
  text: string,
  tokens: Tokens,
  furniture: Uint8Array | null,
  gramTable: Uint32Array,
  senses: AlignSide['senses'],
): AlignSide {
  return { text, tokens, furniture, grams: undefined, gramTable, senses };
}

function withSenses(s: AlignSide, senses: NonNullable<AlignSide['senses']>): AlignSide {
  return sideOf(s.text, s.tokens, s.furniture ?? null, s.gramTable as Uint32Array, senses);
}

/** The evidenced passages (see `evidenced`), kept in place in the array given. */
function keepEvidenced(passages: AlignedPassage[], A: IndexedDoc, B: IndexedDoc, docFreq: (hash: number) => number, opts: Derived): AlignedPassage[] {
  let n = 0;
  for (const p of passages) if (evidenced(p, A, B, docFreq, opts)) passages[n++] = p;
  passages.length = n;
  return passages;
}

function anyEdited(passages: readonly AlignedPassage[]): boolean {
  for (const p of passages) if (p.kind !== 'verbatim') return true;
  return false;
}

/**
 * Whether A's words are to be read toward B's (B is the earlier): by date, then by content, never by
 * corpus order.
 */
function towardB(A: IndexedDoc, B: IndexedDoc, sa: AlignSide, sb: AlignSide): boolean {
  if (A.time !== null && B.time !== null && A.time !== B.time) return A.time > B.time;
  const x = sa.tokens;
  const y = sb.tokens;
  if (x.count !== y.count) return x.count > y.count;
  for (let i = 0; i < x.count; i++) if (x.id[i] !== y.id[i]) return (x.id[i] as number) > (y.id[i] as number);
  return false;
}

/** A passage with its two sides exchanged. */
function flip(p: AlignedPassage): AlignedPassage {
  return { ...p, a: p.b, b: p.a, aTokens: p.bTokens, bTokens: p.aTokens, substitutions: p.substitutions.map((x) => ({ a: x.b, b: x.a })) };
}

/** Share of differing facts a passage joined through synonyms may have: spinners keep the facts. */
const SPUN_FACTS = 0.1;
/**
 * Share of differing facts beyond which an edited passage is a formula filled with other facts (a
 * wire's bond-issue or money-market template), not a copy: an updated story changes a figure or
 * two, a template changes most of them.
 */
const FORMULA_FACTS = 1 / 3;

/**
 * Whether the two sides of a passage hold the same names, numbers and other words no spinner swaps,
 * as multisets: at most `share` of them (and two in any passage) differ.
 */
export function factsAgree(p: AlignedPassage, A: AlignSide, B: AlignSide, share: number): boolean {
  const a = facts(A, p.aTokens);
  const b = facts(B, p.bTokens);
  let x = 0;
  let y = 0;
  let differ = 0;
  while (x < a.length || y < b.length) {
    if (y >= b.length || (x < a.length && (a[x] as number) < (b[y] as number))) {
      differ++;
      x++;
    } else if (x >= a.length || (a[x] as number) > (b[y] as number)) {
      differ++;
      y++;
    } else {
      x++;
      y++;
    }
  }
  return differ <= Math.max(2, share * (a.length + b.length));
}

/**
 * Sorted ids of the facts in a token range: figures (a word with a digit) and names (a capitalised
 * word WordNet does not know, inside a sentence). A spinner's output is full of words the lexicon
 * does not know either ("twelvemonth"), and spinners do swap number words ("four" → "quaternary"),
 * so neither counts.
 */
function facts(side: AlignSide, range: Span): Uint32Array {
  const entries = side.senses?.entries;
  const out: number[] = [];
  if (!entries) return new Uint32Array(0);
  const text = side.text;
  for (let i = range.start; i < range.end; i++) {
    // Furniture inside the range counts too: a line masked on one side is text on the other.
    // Only words the lexicon does not know: a swappable word, a function word or a number word
    // ("four") is not a fact.
    if (entries[i] !== UNKNOWN) continue;
    const start = side.tokens.start[i] as number;
    const end = side.tokens.end[i] as number;
    if (hasDigit(text, start, end) || (isUpper(text.charCodeAt(start)) && !sentenceStart(text, start))) {
      out.push(side.tokens.id[i] as number);
    }
  }
  return Uint32Array.from(out).sort();
}

function hasDigit(text: string, start: number, end: number): boolean {
  for (let k = start; k < end; k++) {
    const c = text.charCodeAt(k);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}

function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}

/** Whether the word at `at` opens a sentence: only spaces, quotes or brackets since `.`, `!`, `?` or the start. */
function sentenceStart(text: string, at: number): boolean {
  for (let k = at - 1; k >= 0; k--) {
    const c = text.charCodeAt(k);
    if (c === 0x2e || c === 0x21 || c === 0x3f || c === 0x0a) return true;
    if (c === 0x20 || c === 0x22 || c === 0x27 || c === 0x28 || c === 0x201c || c === 0x2018 || c === 0x09) continue;
    return false;
  }
  return true;
}

/** Shared immutable-word fingerprints outside passages that make a pair worth aligning through synonyms. */
const SPIN_EVIDENCE = 2;

/**
 * A document's immutable-word fingerprints in one array (they are kept for every document aligned,
 * so one object each): `[words, Bloom filter (words), prints sorted]`. The filter, of one hash
 * function and eight bits a print, rules out most prints of another document before the binary
 * search: pairs share about one print in fifty.
 */
function immutablesOf(doc: IndexedDoc, slab: Slab): Uint32Array {
  const fp = doc.fingerprints;
  let n = 0;
  for (let i = 0; i < fp.length; i++) if (isImmutableFingerprint(fp[i] as number)) n++;
  let words = 1;
  while (words * 32 < 8 * n) words *= 2;
  const out = slab.u32(1 + words + n);
  out[0] = words;
  for (let i = 0, k = 1 + words; i < fp.length; i++) {
    const h = fp[i] as number;
    if (!isImmutableFingerprint(h)) continue;
    out[k++] = h;
    const bit = bloomBit(h, words);
    out[1 + (bit >>> 5)] = (out[1 + (bit >>> 5)] as number) | (1 << (bit & 31));
  }
  sortHashes(out.subarray(1 + words));
  return out;
}

/** Bloom filter bit of an immutable print (odd: its lowest bit says nothing). */
function bloomBit(h: number, words: number): number {
  return (h >>> 1) & (words * 32 - 1);
}

/** Whether a document's immutables (immutablesOf) hold print h. */
function holds(imm: Uint32Array, h: number): boolean {
  const words = imm[0] as number;
  const bit = bloomBit(h, words);
  if ((((imm[1 + (bit >>> 5)] as number) >>> (bit & 31)) & 1) === 0) return false;
  let lo = 1 + words;
  let hi = imm.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((imm[mid] as number) < h) lo = mid + 1;
    else hi = mid;
  }
  return lo < imm.length && imm[lo] === h;
}

/**
 * How many of B's immutable-word fingerprints A shares, outside the passages found, that few
 * documents hold, counted up to `limit`. The shared test comes first (see immutablesOf); most fail
 * it, so document frequencies are looked up for the few that pass.
 */
function unexplained(B: IndexedDoc, inA: Uint32Array, passages: readonly AlignedPassage[], docFreq: (h: number) => number, limit: number): number {
  let n = 0;
  for (let i = 0; i < B.fingerprints.length; i++) {
    const h = B.fingerprints[i] as number;
    if (!isImmutableFingerprint(h) || !holds(inA, h)) continue;
    const pos = B.fingerprintPos[i] as number;
    let inside = false;
    for (const p of passages) if (pos >= p.bTokens.start && pos < p.bTokens.end) inside = true;
    if (inside || docFreq(h) > RARE_DF) continue;
    if (++n >= limit) break;
  }
  return n;
}

/**
 * Whether a passage is evidence of copying rather than shared formula: it is long (twice the
 * shortest passage), or it is verbatim and both texts share a fingerprint inside it that few
 * documents hold. A wire's
 * stock sentence ("said it filed with the Securities and Exchange Commission for ...") recurs in
 * hundreds of stories with other figures; a copied sentence is rare.
 */
export function evidenced(
  p: AlignedPassage,
  A: IndexedDoc,
  B: IndexedDoc,
  docFreq: (hash: number) => number,
  opts: Derived,
): boolean {
  if (p.matched >= 2 * opts.minPassageWords) return true;
  // A short passage with edits inside is how a formula looks when its figures change.
  if (p.kind !== 'verbatim') return false;
  for (let i = 0; i < B.fingerprints.length; i++) {
    const pos = B.fingerprintPos[i] as number;
    if (pos < p.bTokens.start || pos + opts.shingle > p.bTokens.end) continue;
    const h = B.fingerprints[i] as number;
    // An immutable-word shingle reaches past the passage.
    if (isImmutableFingerprint(h) || !holdsWithin(A, h, p.aTokens.start, p.aTokens.end - opts.shingle)) continue;
    const df = docFreq(h);
    if (df > 0 && df <= RARE_DF) return true;
  }
  return false;
}

/** Whether a document has fingerprint h at a position in [from, to]: a passage holds few of them. */
function holdsWithin(doc: IndexedDoc, h: number, from: number, to: number): boolean {
  for (let i = 0; i < doc.fingerprints.length; i++) {
    if (doc.fingerprints[i] !== h) continue;
    const pos = doc.fingerprintPos[i] as number;
    if (pos >= from && pos <= to) return true;
  }
  return false;
}
