/**
 * `report.json`: the versioned contract between the engine and everything that shows its results
 * (the HTML report, the web UI, users' scripts). Documented in docs/report.md. Additive changes bump
 * the minor version; anything that removes or changes the meaning of a field bumps the major version.
 */
import type { Rejection } from '../model/types.js';

export const REPORT_FORMAT = 'reprint-report';
export const REPORT_VERSION = '1.0';

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

export interface ReportPassage {
  /** The earlier document (or, when the order is unknown, the one read first). */
  source: ReportSpan;
  target: ReportSpan;
  kind: 'verbatim' | 'near';
  /** 1 for verbatim; below 1 as edits grow. */
  score: number;
  /** Words matched exactly inside the passage. */
  words: number;
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
  rejected: Rejection[];
}
