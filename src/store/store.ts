/**
 * The storage contract: a handful of methods every backend implements (memory, SQLite, ...), all
 * exercised by one shared contract suite (test/store-contract.ts).
 *
 * A store keeps documents with their corpus-independent features. Everything that depends on the
 * whole corpus (furniture, candidates, alignment, families) is derived from it at report or query
 * time, so that adding a corpus in several runs gives the same report as one scan.
 */
import type { IndexedDoc, Rejection } from '../model/types.js';

export interface Store {
  /** Number of documents held; the next document's `seq`. */
  size(): number;
  /**
   * Append documents and rejections atomically. Documents must arrive with `seq === size()`,
   * `size() + 1`, ... and ids not yet held; a backend throws otherwise.
   */
  add(docs: readonly IndexedDoc[], rejected: readonly Rejection[]): void;
  /** The document with this id, or undefined. */
  get(id: string): IndexedDoc | undefined;
  /** The documents with these seqs, in the order asked; unknown seqs are skipped. */
  getMany(seqs: readonly number[]): IndexedDoc[];
  /** Every document, in seq order. */
  all(): Iterable<IndexedDoc>;
  /**
   * Optional: every document as a read-only array (index = seq), for a backend that can offer one
   * without holding every document object at once (the memory store makes each when it is read).
   * Callers fall back to `[...all()]`.
   */
  documents?(): readonly IndexedDoc[];
  /** Every rejection, in the order added. */
  rejections(): Rejection[];
  /**
   * Seqs of documents holding any of these fingerprint hashes, with how many of the hashes each holds
   * (a hash held twice by one document counts once). Used by `check`.
   */
  fingerprintHits(hashes: Uint32Array): Map<number, number>;
  /** For each fingerprint hash, in how many documents it occurs (its document frequency). */
  fingerprintDocFreq(hashes: Uint32Array): Uint32Array;
  /**
   * For each line hash, in how many distinct documents of `source` ('' for documents without one)
   * it occurs. Used to recognise page furniture at query time.
   */
  lineDocCounts(source: string, lines: Uint32Array): Uint32Array;
  close(): void;
}
