/**
 * Per-document features that do not depend on the rest of the corpus: tokens, winnowed fingerprints,
 * the MinHash signature and the line hashes. Computed once when a document is indexed.
 */
import type { Article, IndexedDoc } from '../model/types.js';
import type { Derived } from '../options.js';
import { minhash } from '../sketch/minhash.js';
import { shingles } from '../sketch/shingle.js';
import { winnow } from '../sketch/winnow.js';
import { splitLines } from '../text/lines.js';
import { tokenize, type Tokens } from '../text/tokenize.js';

export interface Analysis {
  doc: IndexedDoc;
  tokens: Tokens;
}

export function analyze(article: Article, seq: number, opts: Derived): Analysis {
  const tokens = tokenize(article.text);
  const sh = shingles(tokens.id, tokens.count, opts.shingle);
  const fp = winnow(sh, opts.window);
  const lines = splitLines(article.text, tokens);
  const doc: IndexedDoc = {
    seq,
    article,
    time: parseTime(article.published_at),
    fingerprints: fp.hash,
    fingerprintPos: fp.pos,
    signature: minhash(sh, opts.numPerm),
    lines: lines.hash,
    lineTokenStart: lines.tokenStart,
    lineTokenEnd: lines.tokenEnd,
    tokenCount: tokens.count,
  };
  return { doc, tokens };
}

/** ISO 8601 date or date-time; null when absent or unparseable. */
export function parseTime(s: string | undefined): number | null {
  if (s === undefined || s === '') return null;
  if (!ISO_8601.test(s)) return null;
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : t;
}

const ISO_8601 = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
