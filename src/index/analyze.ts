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

/**
 * ISO 8601 date or date-time, in ms since the epoch; null when absent or unparseable. A time without
 * an offset is read as UTC (as a bare date is), never as the machine's local time, so the report does
 * not depend on where it runs.
 */
export function parseTime(s: string | undefined): number | null {
  if (s === undefined || s === '') return null;
  const m = ISO_8601.exec(s);
  if (!m) return null;
  const t = Date.parse(m[2] !== undefined && m[3] === undefined ? `${s.replace(' ', 'T')}Z` : s.replace(' ', 'T'));
  if (Number.isNaN(t)) return null;
  // Date.parse rolls 2024-02-30 over to March 1st: a date that does not exist is not a date.
  const [y, mo, d] = (m[1] as string).split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, mo - 1, d));
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d) return null;
  return t;
}

const ISO_8601 = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?)?$/;
