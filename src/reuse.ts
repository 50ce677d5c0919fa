/**
 * Corpus-level reuse detection: furniture masks, candidate pairs, alignment. Pure: takes indexed
 * documents and a way to get their tokens, returns aligned pairs.
 */
import { alignTexts, type AlignOptions, type AlignSide } from './align/align.js';
import { findCandidates, RARE_DF } from './index/candidates.js';
import { gramIndex } from './align/tile.js';
import { addLineCounts, furnitureMask, lineCountsOf, LineCounts } from './index/furniture.js';
import type { AlignedPassage, IndexedDoc } from './model/types.js';
import { MIN_TILE, type Derived } from './options.js';
import { tokenize, type Tokens } from './text/tokenize.js';

export interface PairReuse {
  /** Lower seq. */
  a: number;
  b: number;
  /** Spans: `a` side in document a, `b` side in document b. */
  passages: AlignedPassage[];
}

export function alignOptions(opts: Derived): AlignOptions {
  return { minWords: opts.minPassageWords, minTile: MIN_TILE, anchor: opts.shingle, maxGap: opts.maxGap };
}

/** Tokens by seq, computed once and kept: a document is aligned against several others. */
export function tokenCache(docs: readonly IndexedDoc[], known: (Tokens | undefined)[] = []): (seq: number) => Tokens {
  return (seq) => {
    let t = known[seq];
    if (t === undefined) {
      t = tokenize((docs[seq] as IndexedDoc).article.text);
      known[seq] = t;
    }
    return t;
  };
}

export function furnitureMasks(docs: readonly IndexedDoc[], minDocs: number): (Uint8Array | null)[] {
  const counts = new LineCounts();
  for (const d of docs) addLineCounts(counts, d);
  return docs.map((d) => furnitureMask(d, lineCountsOf(d, counts), minDocs));
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
  /** `minTile`-gram indexes (tile.ts gramIndex) already computed, by seq; filled in as computed. */
  grams: (Float64Array | undefined)[] = [],
): PairReuse[] {
  const ao = alignOptions(opts);
  const side = (seq: number): AlignSide => {
    const tokens = tokensOf(seq);
    let g = grams[seq];
    if (g === undefined) grams[seq] = g = gramIndex(tokens.id, tokens.count, ao.minTile);
    return { text: (docs[seq] as IndexedDoc).article.text, tokens, furniture: masks[seq] ?? null, grams: g };
  };
  const out: PairReuse[] = [];
  for (let i = 0; i < pairs.length; i++) {
    const [a, b] = pairs[i] as [number, number];
    const A = docs[a] as IndexedDoc;
    const B = docs[b] as IndexedDoc;
    const passages = alignTexts(side(a), side(b), ao).filter((p) => evidenced(p, A, B, docFreq, opts));
    if (passages.length > 0) out.push({ a, b, passages });
    if (onProgress && (i & 1023) === 0) onProgress(i, pairs.length);
  }
  onProgress?.(pairs.length, pairs.length);
  return out;
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
  const inA = new Set<number>();
  for (let i = 0; i < A.fingerprints.length; i++) {
    const pos = A.fingerprintPos[i] as number;
    if (pos >= p.aTokens.start && pos + opts.shingle <= p.aTokens.end) inA.add(A.fingerprints[i] as number);
  }
  for (let i = 0; i < B.fingerprints.length; i++) {
    const pos = B.fingerprintPos[i] as number;
    if (pos < p.bTokens.start || pos + opts.shingle > p.bTokens.end) continue;
    const h = B.fingerprints[i] as number;
    if (!inA.has(h)) continue;
    const df = docFreq(h);
    if (df > 0 && df <= RARE_DF) return true;
  }
  return false;
}
