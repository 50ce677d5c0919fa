/**
 * Corpus-level reuse detection: furniture masks, candidate pairs, alignment. Pure: takes indexed
 * documents and a way to get their tokens, returns aligned pairs.
 */
import { alignTexts, type AlignOptions, type AlignSide } from './align/align.js';
import { findCandidates } from './index/candidates.js';
import { addLineCounts, furnitureMask, lineCountsOf, type LineCounts } from './index/furniture.js';
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
  const counts: LineCounts = new Map();
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
  const pairs = findCandidates(docs, masks, opts);
  const ao = alignOptions(opts);
  const side = (seq: number): AlignSide => ({
    text: (docs[seq] as IndexedDoc).article.text,
    tokens: tokensOf(seq),
    furniture: masks[seq] ?? null,
  });
  const out: PairReuse[] = [];
  for (let i = 0; i < pairs.length; i++) {
    const [a, b] = pairs[i] as [number, number];
    const passages = alignTexts(side(a), side(b), ao);
    if (passages.length > 0) out.push({ a, b, passages });
    if (onProgress && (i & 1023) === 0) onProgress(i, pairs.length);
  }
  onProgress?.(pairs.length, pairs.length);
  return out;
}
