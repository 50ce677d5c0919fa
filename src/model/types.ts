/**
 * The domain types every layer shares. No behaviour lives here.
 */

/** An article as read from an input, before any analysis. */
export interface Article {
  /** Unique within a corpus. */
  id: string;
  text: string;
  title?: string | undefined;
  /** Publisher or site; furniture is learned per source. */
  source?: string | undefined;
  url?: string | undefined;
  /** ISO 8601, as given. Unknown when absent. */
  published_at?: string | undefined;
  /** Byline, when the input names one (an HTML page's author metadata). */
  author?: string | undefined;
}

/** Where a record came from, for error messages and `rejected[]`. */
export interface RecordOrigin {
  /** The input path (or `-`) as the user named it. */
  input: string;
  /** 1-based line (JSON Lines) or record number; absent for whole files. */
  line?: number | undefined;
}

/** A record that could not be indexed, and why. */
export interface Rejection extends RecordOrigin {
  reason: string;
}

/**
 * Something worth telling about an input that did not stop it being read: a text decoded from a
 * guessed charset, records in a crawl that are not pages. Not a record: it is never counted.
 */
export interface InputWarning extends RecordOrigin {
  message: string;
}

/** What a reader yields: an article, or a rejection (never a silent drop), or a warning. */
export type InputRecord =
  | { kind: 'article'; article: Article; origin: RecordOrigin }
  | { kind: 'rejected'; rejection: Rejection }
  | { kind: 'warning'; warning: InputWarning };

/**
 * A document as the index keeps it: the article, its position in the corpus, and the
 * per-document features that do not depend on the rest of the corpus.
 */
export interface IndexedDoc {
  /** 0-based insertion order; fixes every tie in the report. */
  seq: number;
  article: Article;
  /** Parsed `published_at` in ms since the epoch, or null when unknown or unparseable. */
  time: number | null;
  /** Winnowed fingerprints: hash and the token index of the shingle's first token. */
  fingerprints: Uint32Array;
  fingerprintPos: Uint32Array;
  /** MinHash signature over word shingles. */
  signature: Uint32Array;
  /** Hash of each non-empty line's normalized tokens, with the line's token range. */
  lines: Uint32Array;
  lineTokenStart: Uint32Array;
  lineTokenEnd: Uint32Array;
  /** Number of tokens. */
  tokenCount: number;
}

/**
 * `verbatim`: one exact run. `near`: exact runs with edits between them. `spun`: words throughout
 * swapped for synonyms or aliases (see SPUN_SHARE).
 */
export type PassageKind = 'verbatim' | 'near' | 'spun';

/** A span of text, in UTF-16 code units, `end` exclusive. */
export interface Span {
  start: number;
  end: number;
}

/** A word (or run of words) in one text standing for a synonym or alias in the other. */
export interface Substitution {
  a: Span;
  b: Span;
}

/** One aligned passage between two texts, in both texts' offsets. */
export interface AlignedPassage {
  a: Span;
  b: Span;
  /** Token ranges, `end` exclusive. */
  aTokens: Span;
  bTokens: Span;
  /** Tokens aligned inside the passage (excluding furniture): equal words, and swapped ones. */
  matched: number;
  /** Of those, tokens swapped for a synonym or an alias. */
  swapped: number;
  /** Where words were swapped: character spans, one per run of consecutive swapped words. */
  substitutions: Substitution[];
  kind: PassageKind;
  /** 2·matched / (tokens of the passage in a + in b); 1 for verbatim. */
  score: number;
}
