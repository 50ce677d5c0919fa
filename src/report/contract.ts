/**
 * `report.json`: the versioned contract between the engine and everything that shows its results
 * (the HTML report, the web UI, users' scripts). Documented in docs/report.md. Additive changes bump
 * the minor version; anything that removes or changes the meaning of a field bumps the major version.
 */
import type { Rejection } from '../model/types.js';

export const REPORT_FORMAT = 'reprint-report';
export const REPORT_VERSION = '1.1';

export type Classification = 'copy' | 'partial' | 'original';

export interface ReportSourceRef {
  id: string;
  /** Fraction of the citing document's words inside passages from this source. */
  coverage: number;
  /** How many passages this source contributed. */
  passages: number;
}

export interface ReportDocument {
  id: string;
  title: string | null;
  source: string | null;
  url: string | null;
  published_at: string | null;
  /** Words (tokens) in the text, furniture excluded. */
  words: number;
  /** Words (tokens) inside lines recognised as page furniture. */
  furniture_words: number;
  classification: Classification;
  /** Fraction of its words inside passages reused from earlier (or undated) documents. */
  coverage: number;
  /**
   * Of the words aligned in passages it takes from its sources, the share that were swapped for a
   * synonym or an alias: 0 for a plain copy, 0.3 and more for a spun one. Since 1.1.
   */
  spin: number;
  sources: ReportSourceRef[];
  /** Id of the family (cluster) the document belongs to, or null when nothing links it. */
  cluster: string | null;
  /**
   * The text the offsets refer to. Present for every document that takes part in a passage, so that a
   * viewer can show both sides; absent otherwise to keep the report small.
   */
  text?: string;
}

export interface ReportSpan {
  id: string;
  start: number;
  end: number;
}

/** A swapped word (or run of words): offsets in the passage's source and target texts. Since 1.1. */
export interface ReportSubstitution {
  source: { start: number; end: number };
  target: { start: number; end: number };
}

export interface ReportPassage {
  /** The earlier document (or, when the order is unknown, the one read first). */
  source: ReportSpan;
  target: ReportSpan;
  /** `spun` since 1.1: many words swapped for synonyms or aliases. */
  kind: 'verbatim' | 'near' | 'spun';
  /** 1 for verbatim; below 1 as edits and swaps grow. */
  score: number;
  /** Words aligned inside the passage: equal ones and swapped ones. */
  words: number;
  /** Where words were swapped for a synonym or an alias, in order. Since 1.1. */
  substitutions: ReportSubstitution[];
  /** True when `source` is strictly earlier by `published_at`; false when the order is unknown. */
  ordered: boolean;
}

export interface ReportCluster {
  id: string;
  /** Member ids in corpus order. */
  documents: string[];
  /** The likely original: the earliest member. */
  origin: string;
}

/** One swap seen across the corpus: `from` in a source became `to` in its copy, `count` times. */
export interface ReportSpin {
  from: string;
  to: string;
  count: number;
}

export interface ReportSummary {
  records: number;
  documents: number;
  rejected: number;
  passages: number;
  clusters: number;
  copy: number;
  partial: number;
  original: number;
}

export interface ReportParams {
  shingle: number;
  window: number;
  min_passage_words: number;
  near_duplicate_threshold: number;
  lsh_bands: number;
  lsh_rows: number;
  copy_coverage: number;
  furniture_min_docs: number;
}

export interface Report {
  format: typeof REPORT_FORMAT;
  version: string;
  generator: string;
  params: ReportParams;
  summary: ReportSummary;
  documents: ReportDocument[];
  passages: ReportPassage[];
  clusters: ReportCluster[];
  /**
   * The corpus's spin lexicon: word swaps seen in passages, most frequent first (at most
   * MAX_SPINS). Since 1.1.
   */
  spins: ReportSpin[];
  rejected: Rejection[];
}

/** Longest `spins` list a report carries; the rarest swaps are left out beyond it. */
export const MAX_SPINS = 1000;
