/**
 * What a reader is told: which input it reads (for messages), what a one-document file is called,
 * the field names of tabular inputs, and the size limit that keeps memory bounded.
 */
import type { ByteSource } from './bytes.js';
import { DEFAULT_FIELDS, type FieldNames } from './fields.js';

/** 10 MiB: far above any news article, far below what would strain memory. */
export const DEFAULT_MAX_DOC_BYTES = 10 * 1024 * 1024;

export interface ReadOptions {
  /** Field names in JSON Lines, CSV and Parquet records (defaults: text, html, id, title, published_at, url, source). */
  fields?: Partial<FieldNames> | undefined;
  /** Largest document read, in bytes as stored: a file, a JSON line, a CSV row's field, a WARC record, a Parquet value. */
  maxDocBytes?: number | undefined;
  /** What `-` reads (default: process.stdin). */
  stdin?: ByteSource | undefined;
}

export interface ReadContext {
  /** The input as named in messages and `rejected[].input`. */
  input: string;
  /** The id of the document when the input is one document (a .txt or .html file). */
  id: string;
  fields: FieldNames;
  maxDocBytes: number;
  /** The file's size when known (for exact messages). */
  size?: number | undefined;
}

export function resolveFields(fields: Partial<FieldNames> | undefined): FieldNames {
  const out: FieldNames = { ...DEFAULT_FIELDS };
  for (const [k, v] of Object.entries(fields ?? {}) as [keyof FieldNames, string | undefined][]) {
    if (v !== undefined && v !== '') out[k] = v;
  }
  return out;
}
