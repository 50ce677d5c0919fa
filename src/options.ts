/**
 * What a user sets, and what follows from it. Users set outcomes (the shortest passage worth
 * reporting, the similarity that makes two documents near-duplicates, the coverage that makes a
 * copy); window sizes and LSH bands are derived from those.
 */
import { emptyLexicon, type Lexicon } from './lexicon/lexicon.js';
import { lshParams, type LshParams } from './sketch/lsh.js';

export interface Options {
  /** Fewest words a reused passage must have. Winnowing is set to guarantee catching any exact run this long. */
  minPassageWords: number;
  /** Jaccard similarity (of word shingles) at which two whole documents count as near-duplicates. */
  threshold: number;
  /** Share of its words a document must take from earlier ones to be classified a `copy`. */
  copyCoverage: number;
  /** A line recurring in at least this many documents of one source may be page furniture. */
  furnitureMinDocs: number;
  /** Most unmatched words between two exact runs inside one `near` passage. */
  maxGap: number;
  /** Most earlier documents aligned against each document (the best-evidenced first). */
  maxSources: number;
}

export const DEFAULT_OPTIONS: Readonly<Options> = Object.freeze({
  minPassageWords: 10,
  threshold: 0.5,
  copyCoverage: 0.8,
  furnitureMinDocs: 3,
  maxGap: 8,
  maxSources: 24,
});

/** Words per shingle: long enough that shared shingles mean shared phrasing, short enough to survive edits. */
export const SHINGLE = 5;
/** MinHash signature length: standard error of the Jaccard estimate is about 1/sqrt(128) ≈ 0.09. */
export const NUM_PERM = 128;
/** Shortest exact run that may join a near passage; a passage also needs one run of SHINGLE words. */
export const MIN_TILE = 3;
/** Furniture is short: a candidate line has at most this many words, a furniture block at most FURNITURE_BLOCK. */
export const FURNITURE_LINE_WORDS = 24;
export const FURNITURE_BLOCK_WORDS = 40;
/**
 * Immutable-word shingles (see sketch/immutables.ts): 6 immutable words span about a dozen words of
 * news text, as specific as a plain 5-word shingle; a window of 6 guarantees a shared fingerprint
 * for any shared run of 11 immutable words (about two sentences), whatever was swapped around them,
 * at a density (2/7) that keeps the index small.
 */
export const IMMUTABLE_SHINGLE = 6;
export const IMMUTABLE_WINDOW = 6;
/**
 * A passage is `spun` when at least this share of its aligned words were swapped for a synonym or an
 * alias (and at least two were): a copy edited by hand swaps a word here and there, a spinner swaps
 * words throughout.
 */
export const SPUN_SHARE = 0.1;

export interface Derived extends Options {
  shingle: number;
  /** Winnowing window: w = t - k + 1 guarantees any shared run of t = minPassageWords words is seen. */
  window: number;
  numPerm: number;
  lsh: LshParams;
  /** Synonyms and aliases for seeing through spinning; an empty lexicon means exact matching only. */
  lexicon: Lexicon;
}

let empty: Lexicon | undefined;

/**
 * lshParams(DEFAULT_OPTIONS.threshold, NUM_PERM), worked out ahead: the minimisation integrates the
 * S-curve for every split of the signature, ~15 ms at the start of every process and worker thread
 * (test/options.test.ts checks that it is the same).
 */
export const DEFAULT_LSH: Readonly<LshParams> = { bands: 25, rows: 5 };

export function resolveOptions(user: Partial<Options> = {}, lexicon?: Lexicon): Derived {
  const o: Options = { ...DEFAULT_OPTIONS };
  for (const [k, v] of Object.entries(user) as [keyof Options, number | undefined][]) {
    if (v !== undefined) o[k] = v;
  }
  check(Number.isInteger(o.minPassageWords) && o.minPassageWords >= SHINGLE, `minPassageWords must be an integer ≥ ${SHINGLE}`);
  check(o.threshold > 0 && o.threshold < 1, 'threshold must be between 0 and 1 (exclusive)');
  check(o.copyCoverage > 0 && o.copyCoverage <= 1, 'copyCoverage must be in (0, 1]');
  check(Number.isInteger(o.furnitureMinDocs) && o.furnitureMinDocs >= 2, 'furnitureMinDocs must be an integer ≥ 2');
  check(Number.isInteger(o.maxGap) && o.maxGap >= 0, 'maxGap must be an integer ≥ 0');
  check(Number.isInteger(o.maxSources) && o.maxSources >= 1, 'maxSources must be an integer ≥ 1');
  return {
    ...o,
    shingle: SHINGLE,
    window: o.minPassageWords - SHINGLE + 1,
    numPerm: NUM_PERM,
    lsh: o.threshold === DEFAULT_OPTIONS.threshold ? { ...DEFAULT_LSH } : lshParams(o.threshold, NUM_PERM),
    lexicon: lexicon ?? (empty ??= emptyLexicon()),
  };
}

function check(ok: boolean, message: string): void {
  if (!ok) throw new RangeError(message);
}
