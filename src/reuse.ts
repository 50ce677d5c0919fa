/**
 * Corpus-level reuse detection: furniture masks, candidate pairs, alignment. Pure: takes indexed
 * documents and a way to get their tokens, returns aligned pairs.
 */
import { alignTexts, readToward, type AlignOptions, type AlignSide, type KeepPassage } from './align/align.js';
import { findCandidates, RARE_DF } from './index/candidates.js';
import { mayTile } from './align/tile.js';
import { isImmutableFingerprint } from './sketch/immutables.js';
import { corpusLineCounts, furnitureMask } from './index/furniture.js';
import type { AlignedPassage, IndexedDoc, Span } from './model/types.js';
import { MIN_TILE, SPUN_SHARE, type Derived } from './options.js';
import { canonicalize, UNKNOWN, type Lexicon } from './lexicon/lexicon.js';
import { entriesOf, senseTable } from './align/synonyms.js';
import { Slab } from './align/slab.js';
import { holds, printsAt, printsIn, PrintTable } from './align/prints.js';
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
  /** Its immutable-word fingerprints (prints.ts). */
  immutable: PrintTable;
  /** Where the per-document tables are carved from. */
  slab: Slab;
}

export function alignCache(): AlignCache {
  return { sides: [], spinSides: [], factSides: [], entries: [], immutable: new PrintTable(), slab: new Slab() };
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
  /** What was computed per document for earlier pairs: pass the same cache to align more pairs of one corpus. */
  cache: AlignCache = alignCache(),
): PairReuse[] {
  const ao = alignOptions(opts);
  const { sides, spinSides, factSides, entries, immutable, slab } = cache;
  const spin = opts.lexicon.senses.length > 0;
  // Per-document data is kept by seq (in the cache), as tokens are: a document is aligned against several others.
  const side = (seq: number): AlignSide => (sides[seq] ??= sideOf((docs[seq] as IndexedDoc).article.text, tokensOf(seq), masks[seq] ?? null, undefined));
  const entriesAt = (seq: number): Int32Array => (entries[seq] ??= entriesOf(tokensOf(seq), opts.lexicon, slab));
  /** A side with its sense table, built the first time the document is aligned through synonyms. */
  const spinSide = (seq: number): AlignSide => (spinSides[seq] ??= withSenses(side(seq), senseTable(tokensOf(seq), opts.lexicon, entriesAt(seq), slab)));
  /** A side with only the lexicon entries of its tokens: enough to tell its facts. */
  const factSide = (seq: number): AlignSide => (factSides[seq] ??= withSenses(side(seq), { entries: entriesAt(seq) }));
  const exactly: AlignOptions = { ...ao, lexicon: undefined };

  // Only evidenced passages are kept (see evidenced): the others are dropped before they are built.
  // One test, told the pair it is of (and whether its sides are exchanged) before each alignment.
  let evidenceA: IndexedDoc | undefined;
  let evidenceB: IndexedDoc | undefined;
  let flippedSides = false;
  const evidenced: KeepPassage = (matched, kind, aStart, aEnd, bStart, bEnd) => {
    const A = evidenceA as IndexedDoc;
    const B = evidenceB as IndexedDoc;
    return flippedSides
      ? evidencedSpans(matched, kind, bStart, bEnd, aStart, aEnd, A, B, docFreq, opts)
      : evidencedSpans(matched, kind, aStart, aEnd, bStart, bEnd, A, B, docFreq, opts);
  };
  const evidence = (A: IndexedDoc, B: IndexedDoc, flipped: boolean): KeepPassage => {
    evidenceA = A;
    evidenceB = B;
    flippedSides = flipped;
    return evidenced;
  };

  /**
   * The pair aligned again reading synonyms as equal, when words may have been swapped; returns its
   * passages then, else `passages` (its exact ones). Apart from the pair loop: a rarer path, where
   * the first pairs to take each branch would otherwise send the whole loop back to be optimised.
   */
  const throughSynonyms = (a: number, b: number, B: IndexedDoc, passages: AlignedPassage[]): AlignedPassage[] => {
    const A = docs[a] as IndexedDoc;
    const sa = spinSide(a);
    const sb = spinSide(b);
    // Words of one text are read toward the other: the later one toward the earlier, so that the
    // result does not depend on which of the two was read first.
    const flipped = towardB(A, B, sa, sb);
    const toward = flipped ? readToward(sb, sa, opts.lexicon) : readToward(sa, sb, opts.lexicon);
    // When no word of b was read as another, b toward a is the exact alignment again: the same texts,
    // with the same options, give the same passages, and those (or these, when their facts
    // disagree) stay. Not so for a toward b: tiling breaks ties by side.
    if (toward === null && !flipped) return passages;
    const spun = flipped ? alignTexts(sb, sa, ao, evidence(A, B, true), toward).map(flip) : alignTexts(sa, sb, ao, evidence(A, B, false), toward);
    // A spinner swaps words and leaves names and numbers alone; a wire's formula keeps its words and
    // changes the figures. Passages joined through synonyms must keep their facts.
    for (let k = 0; k < spun.length; k++) {
      const p = spun[k] as AlignedPassage;
      if (p.swapped !== 0 && !factsAgree(p, sa, sb, SPUN_FACTS)) return passages;
    }
    return spun;
  };
  /** The passages that are copies, not a formula filled with other facts (in place). */
  const keepFacts = (a: number, b: number, passages: AlignedPassage[]): void => {
    const fa = factSide(a);
    const fb = factSide(b);
    let n = 0;
    for (let k = 0; k < passages.length; k++) {
      const p = passages[k] as AlignedPassage;
      if (p.kind === 'verbatim' || factsAgree(p, fa, fb, FORMULA_FACTS)) passages[n++] = p;
    }
    passages.length = n;
  };

  const out: PairReuse[] = [];
  for (let i = 0; i < pairs.length; i++) {
    const pair = pairs[i] as readonly [number, number];
    const a = pair[0];
    const b = pair[1];
    // a is mostly a document last read long before, out of the cache: the earlier document of a pair
    // two ahead is read now (a line of each 64 bytes of its tokens), so that those cache misses
    // overlap this pair's work rather than stall that pair's first reads (measured: 3-5% of
    // alignPairs on Reuters).
    if (i + READ_AHEAD < pairs.length) readAhead((pairs[i + READ_AHEAD] as readonly [number, number])[0], tokensOf, immutable);
    // Most pairs share no stretch of grams that could hold a passage: told from the two texts' grams
    // alone.
    const ta = tokensOf(a);
    const tb = tokensOf(b);
    const untileable = !mayTile(ta.id, ta.count, tb.id, tb.count, ao.minTile, ao.anchor, ao.minWords, ao.maxGap);
    const B = docs[b] as IndexedDoc;
    let passages = untileable ? NONE : alignTexts(side(a), side(b), exactly, evidence(docs[a] as IndexedDoc, B, false));
    // Most pairs are explained by exact alignment. Where a passage has edits inside, or rare
    // immutable-word fingerprints are shared outside every passage, words may have been swapped: the
    // pair is aligned again reading synonyms as equal.
    if (spin && (anyEdited(passages) || unexplained(immutable, b, B, a, docs[a] as IndexedDoc, passages, docFreq, SPIN_EVIDENCE) >= SPIN_EVIDENCE)) {
      passages = throughSynonyms(a, b, B, passages);
    }
    if (spin && anyEdited(passages)) keepFacts(a, b, passages);
    if (passages.length > 0) out.push({ a, b, passages });
    if (onProgress && (i & 1023) === 0) onProgress(i, pairs.length);
  }
  onProgress?.(pairs.length, pairs.length);
  return out;
}

/** How many pairs ahead alignPairs reads a document (readAhead). */
const READ_AHEAD = 2;

/** Where readAhead's reads go, so that they are not optimised away. */
let readSink = 0;

/** Reads a value in each 64 bytes of a document's token ids, and the head of its immutables if kept. */
function readAhead(seq: number, tokensOf: (seq: number) => Tokens, immutable: PrintTable): void {
  const id = tokensOf(seq).id;
  let x = 0;
  for (let k = 0; k < id.length; k += 16) x ^= id[k] as number;
  const m = immutable.made(seq);
  if (m !== 0) x ^= immutable.pool[m] as number;
  readSink ^= x;
}

/**
 * The passages of most pairs: none. One array for all of them, never written (a pair's passages are
 * only filtered in place when one is edited) and never returned (only pairs with passages are).
 */
const NONE: AlignedPassage[] = [];

/** Every side with the same fields in the same order: one object shape where they are read. */
function sideOf(text: string, tokens: Tokens, furniture: Uint8Array | null, senses: AlignSide['senses']): AlignSide {
  return { text, tokens, furniture, senses };
}

function withSenses(s: AlignSide, senses: NonNullable<AlignSide['senses']>): AlignSide {
  return sideOf(s.text, s.tokens, s.furniture ?? null, senses);
}

function anyEdited(passages: readonly AlignedPassage[]): boolean {
  // Indexed, not for-of: called for every pair, most often before it is optimised, where for-of
  // makes an iterator each time.
  for (let k = 0; k < passages.length; k++) if ((passages[k] as AlignedPassage).kind !== 'verbatim') return true;
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

/**
 * A passage with its two sides exchanged. Written out, fields in alignTexts' order, not spread: a
 * spread copy has an object shape of its own, and the first flipped passage (pair 18,347 of 49,382
 * on Reuters) sent each function that had read passages back to be optimised again.
 */
function flip(p: AlignedPassage): AlignedPassage {
  return {
    a: p.b,
    b: p.a,
    aTokens: p.bTokens,
    bTokens: p.aTokens,
    matched: p.matched,
    swapped: p.swapped,
    substitutions: p.substitutions.map((x) => ({ a: x.b, b: x.a })),
    kind: p.kind,
    score: p.score,
  };
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
 * How many of B's immutable-word fingerprints (prints.ts) A shares, outside the passages found, that
 * few documents hold, counted up to `limit`. The shared test comes first (see prints.ts); most fail
 * it, so document frequencies are looked up for the few that pass.
 */
function unexplained(
  table: PrintTable,
  b: number,
  B: IndexedDoc,
  a: number,
  A: IndexedDoc,
  passages: readonly AlignedPassage[],
  docFreq: (h: number) => number,
  limit: number,
): number {
  const inB = table.of(b, B);
  const inA = table.of(a, A);
  // Read after both are made: making one may move the pool.
  const pool = table.pool;
  const n = printsIn(pool, inB);
  const from = printsAt(pool, inB);
  let count = 0;
  for (let k = from; k < from + n; k++) {
    const h = pool[k] as number;
    if (!holds(pool, inA, h)) continue;
    const pos = pool[k + n] as number;
    let inside = false;
    for (let x = 0; x < passages.length; x++) {
      const p = passages[x] as AlignedPassage;
      if (pos >= p.bTokens.start && pos < p.bTokens.end) inside = true;
    }
    if (inside || docFreq(h) > RARE_DF) continue;
    if (++count >= limit) break;
  }
  return count;
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
  return evidencedSpans(p.matched, p.kind, p.aTokens.start, p.aTokens.end, p.bTokens.start, p.bTokens.end, A, B, docFreq, opts);
}

/** `evidenced`, of a passage told by its matched words, kind and token spans. */
function evidencedSpans(
  matched: number,
  kind: AlignedPassage['kind'],
  aStart: number,
  aEnd: number,
  bStart: number,
  bEnd: number,
  A: IndexedDoc,
  B: IndexedDoc,
  docFreq: (hash: number) => number,
  opts: Derived,
): boolean {
  if (matched >= 2 * opts.minPassageWords) return true;
  // A short passage with edits inside is how a formula looks when its figures change.
  if (kind !== 'verbatim') return false;
  for (let i = 0; i < B.fingerprints.length; i++) {
    const pos = B.fingerprintPos[i] as number;
    if (pos < bStart || pos + opts.shingle > bEnd) continue;
    const h = B.fingerprints[i] as number;
    // An immutable-word shingle reaches past the passage.
    if (isImmutableFingerprint(h) || !holdsWithin(A, h, aStart, aEnd - opts.shingle)) continue;
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
