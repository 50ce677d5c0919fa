/**
 * Per-document features that do not depend on the rest of the corpus: tokens (aliases merged),
 * winnowed fingerprints of word shingles and of immutable-word shingles, the MinHash signature and
 * the line hashes. Computed once when a document is indexed.
 */
import type { Article, IndexedDoc } from '../model/types.js';
import { canonicalize } from '../lexicon/lexicon.js';
import { IMMUTABLE_SHINGLE, IMMUTABLE_WINDOW, type Derived } from '../options.js';
import { immutableFingerprints } from '../sketch/immutables.js';
import { minhash } from '../sketch/minhash.js';
import { shingles } from '../sketch/shingle.js';
import { winnow, type Fingerprints } from '../sketch/winnow.js';
import { splitLines } from '../text/lines.js';
import type { Tokens } from '../text/tokenize.js';

export interface Analysis {
  doc: IndexedDoc;
  tokens: Tokens;
}

export function analyze(article: Article, seq: number, opts: Derived): Analysis {
  const tokens = canonicalize(article.text, opts.lexicon);
  const sh = shingles(tokens.id, tokens.count, opts.shingle);
  const plain = winnow(sh, opts.window);
  for (let i = 0; i < plain.hash.length; i++) plain.hash[i] = (plain.hash[i] as number) & ~1; // even: see isImmutableFingerprint
  const fp = concat(plain, immutableFingerprints(tokens, opts.lexicon, IMMUTABLE_SHINGLE, IMMUTABLE_WINDOW));
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

/** Word-shingle fingerprints followed by the immutable-word ones: one index holds both. */
function concat(x: Fingerprints, y: Fingerprints): Fingerprints {
  if (y.hash.length === 0) return x;
  const hash = new Uint32Array(x.hash.length + y.hash.length);
  const pos = new Uint32Array(hash.length);
  hash.set(x.hash);
  hash.set(y.hash, x.hash.length);
  pos.set(x.pos);
  pos.set(y.pos, x.pos.length);
  return { hash, pos };
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
