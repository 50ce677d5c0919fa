/**
 * Candidate pairs for alignment, from two indexes:
 * - an inverted index of winnowed fingerprints (passage reuse: one shared sentence is enough), and
 * - MinHash LSH buckets (whole-document near-duplicates, even when edits leave no long exact run).
 *
 * Documents are visited in corpus order and looked up against the documents before them, so each pair
 * is met once. Each document keeps its `maxSources` best-evidenced partners: LSH matches first, then
 * by shared fingerprints (a rare one counts double; one common one alone is not enough). Posting lists are read from the newest entry back and at most
 * MAX_VISIT deep: a fingerprint held by thousands of documents is a stock phrase, and the family of a
 * real viral copy is still joined through its nearest members.
 */
import type { IndexedDoc } from '../model/types.js';
import type { Derived } from '../options.js';
import { bandKeysInto } from '../sketch/lsh.js';
import { EMPTY } from '../sketch/minhash.js';
import { isImmutableFingerprint } from '../sketch/immutables.js';
import { buildPostings, keyCount, runsByDocument } from './postings.js';

const MAX_VISIT = 256;
/** Common fingerprints only ever add weak evidence: a shallower look back is enough to join families. */
const MAX_VISIT_COMMON = 32;
const LSH_BONUS = 1 << 24;
/**
 * A fingerprint held by more documents than this is a formula (a wire's house phrasing, a stock
 * phrase), not evidence of copying on its own: a pair needs one rarer shared fingerprint, or two.
 */
export const RARE_DF = 10;

/** Fingerprint hashes of a document that touch no furniture token, sorted and distinct. */
export function usableFingerprints(doc: IndexedDoc, mask: Uint8Array | null, shingle: number): Uint32Array {
  const out = new Uint32Array(doc.fingerprints.length);
  let n = 0;
  for (let i = 0; i < doc.fingerprints.length; i++) {
    const p = doc.fingerprintPos[i] as number;
    if (mask && maskedIn(mask, p, p + shingle)) continue;
    out[n++] = doc.fingerprints[i] as number;
  }
  const s = out.subarray(0, n).sort();
  let m = 0;
  for (let i = 0; i < s.length; i++) if (i === 0 || s[i] !== s[i - 1]) s[m++] = s[i] as number;
  return s.subarray(0, m);
}

/**
 * usableFingerprints(doc, mask, shingle) written into `out` from `at`, distinct but in the document's
 * order (the postings sort them; a sort per document cost more than the rest of this pass); returns
 * the new end.
 */
function appendUsable(doc: IndexedDoc, mask: Uint8Array | null, shingle: number, out: Uint32Array, at: number, seen: SeenInDocument): number {
  let n = at;
  const fps = doc.fingerprints;
  const pos = doc.fingerprintPos;
  seen.next(fps.length);
  for (let i = 0; i < fps.length; i++) {
    const p = pos[i] as number;
    if (mask && maskedIn(mask, p, p + shingle)) continue;
    const h = fps[i] as number;
    if (seen.add(h)) out[n++] = h;
  }
  return n;
}

/**
 * The values one document has given so far: open addressing, each slot stamped with the document
 * that filled it, so that nothing is cleared between documents.
 */
class SeenInDocument {
  private bits = 10;
  private keys: Uint32Array = new Uint32Array(1 << this.bits);
  private stamps: Uint32Array = new Uint32Array(1 << this.bits);
  private stamp = 0;

  /** Starts the next document, of at most `n` values. */
  next(n: number): void {
    if (2 * n > this.keys.length) {
      while (2 * n > 2 ** this.bits) this.bits++;
      this.keys = new Uint32Array(2 ** this.bits);
      this.stamps = new Uint32Array(2 ** this.bits);
    }
    this.stamp++;
  }

  /** True the first time the current document gives `v`. */
  add(v: number): boolean {
    const { keys, stamps, stamp } = this;
    const mask = keys.length - 1;
    let i = Math.imul(v, 0x9e3779b1) >>> (32 - this.bits);
    while (stamps[i] === stamp) {
      if (keys[i] === v) return false;
      i = (i + 1) & mask;
    }
    stamps[i] = stamp;
    keys[i] = v;
    return true;
  }
}

function maskedIn(mask: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (mask[i]) return true;
  return false;
}

export interface Candidates {
  /** Pairs [earlier seq, later seq], grouped by the later document, in corpus order. */
  pairs: Array<[number, number]>;
  /** In how many documents a (usable) fingerprint occurs. */
  docFreq(hash: number): number;
  /**
   * Every usable fingerprint of every document, sorted (in shared memory): `docFreq` is the length of
   * a hash's run here, so worker threads can answer it without a copy (see postings.ts keyCount).
   */
  fingerprintKeys: Uint32Array;
}

export function findCandidates(
  docs: readonly IndexedDoc[],
  masks: readonly (Uint8Array | null)[],
  opts: Derived,
): Candidates {
  const n = docs.length;
  // Pass 1: the inverted index, so that every fingerprint's document frequency is known up front.
  // Postings live in typed arrays (postings.ts): a Map cannot hold a million documents' worth.
  let total = 0;
  for (const doc of docs) total += doc.fingerprints.length;
  const fpKeys = new Uint32Array(total);
  const fpOff = new Float64Array(n + 1);
  let m = 0;
  const distinct = new SeenInDocument();
  for (let d = 0; d < n; d++) {
    // usableFingerprints, written straight into the corpus-wide array: no array per document.
    m = appendUsable(docs[d] as IndexedDoc, masks[d] ?? null, opts.shingle, fpKeys, m, distinct);
    fpOff[d + 1] = m;
  }
  // Consumed by buildPostings (its memory becomes the postings' rank). All sorted keys are kept, in
  // shared memory, for document frequencies (here and in worker threads); runs only for shared keys.
  const fp = buildPostings(fpKeys.subarray(0, m), fpOff, n, { keepKeys: true, sharedOnly: true, shared: true });
  const fpAll = { keys: fp.keys as Uint32Array, size: fp.size };
  // LSH bucket keys, one entry per (document, band), in the same visiting order.
  const bands = opts.lsh.bands;
  const lshKeys = new Uint32Array(n * bands);
  const lshOff = new Float64Array(n + 1);
  let l = 0;
  for (let d = 0; d < n; d++) {
    const doc = docs[d] as IndexedDoc;
    if (doc.signature.length > 0 && doc.signature[0] !== EMPTY) {
      bandKeysInto(doc.signature, opts.lsh, lshKeys, l); // seeded with the band index: equal rows in other bands differ
      l += bands;
    }
    lshOff[d + 1] = l;
  }
  const lsh = buildPostings(lshKeys.subarray(0, l), lshOff, n, { sharedOnly: true });
  // Pass 2: each document meets the documents before it, through its shared keys only (most of its
  // entries have no partner): their positions in the runs, grouped by document. The ranks are no
  // longer needed, and hold the fingerprint positions.
  const { at: fpAt, pos: fpPos } = runsByDocument(fp.runDocs, n, fp.rank);
  const { at: lshAt, pos: lshPos } = runsByDocument(lsh.runDocs, n, lsh.rank);
  const weight = evidenceWeights(fp.runKeys);
  const score = new Float64Array(n);
  const touched: number[] = [];
  const strong: number[] = [];
  const pairs: Array<[number, number]> = [];
  const touch = (c: number, by: number): void => {
    if (score[c] === 0) touched.push(c);
    score[c] = (score[c] as number) + by;
  };
  const { runKeys: fk, runDocs: fd } = fp;
  const { runKeys: lk, runDocs: ld } = lsh;
  for (let d = 0; d < n; d++) {
    for (let k = fpAt[d] as number, end = fpAt[d + 1] as number; k < end; k++) {
      const p = fpPos[k] as number;
      const w = weight[p] as number;
      if (w === 0) continue;
      const h = fk[p] as number;
      const depth = w === RARE ? MAX_VISIT : MAX_VISIT_COMMON;
      for (let x = p - 1, seen = 0; x >= 0 && fk[x] === h && seen < depth; x--, seen++) touch(fd[x] as number, w);
    }
    for (let k = lshAt[d] as number, end = lshAt[d + 1] as number; k < end; k++) {
      // Entries of a bucket are in visiting order: the ones before this one are the bucket's list so far.
      const p = lshPos[k] as number;
      const key = lk[p] as number;
      for (let x = p - 1, seen = 0; x >= 0 && lk[x] === key && seen < MAX_VISIT; x--, seen++) {
        const c = ld[x] as number;
        if ((score[c] as number) < LSH_BONUS) touch(c, LSH_BONUS);
      }
    }
    // Indexed loops and an insertion sort of a few sources: this loop runs once per corpus, mostly
    // before it is optimised, where iterators and comparator calls cost several times more.
    if (touched.length > 0) {
      strong.length = 0;
      for (let i = 0; i < touched.length; i++) {
        const c = touched[i] as number;
        if ((score[c] as number) >= 2) strong.push(c);
      }
      if (strong.length > opts.maxSources) {
        strong.sort((x, y) => (score[y] as number) - (score[x] as number) || x - y);
        strong.length = opts.maxSources;
      }
      insertionSort(strong);
      for (let i = 0; i < strong.length; i++) pairs.push([strong[i] as number, d]);
      for (let i = 0; i < touched.length; i++) score[touched[i] as number] = 0;
      touched.length = 0;
    }
  }
  return {
    pairs,
    docFreq: (h) => keyCount(fpAll, h),
    fingerprintKeys: fpAll.keys,
  };
}

function insertionSort(a: number[]): void {
  for (let i = 1; i < a.length; i++) {
    const v = a[i] as number;
    let j = i - 1;
    while (j >= 0 && (a[j] as number) > v) {
      a[j + 1] = a[j] as number;
      j--;
    }
    a[j + 1] = v;
  }
}

/** Weight of a rare fingerprint's evidence (held by at most RARE_DF documents); a common one weighs 1. */
const RARE = 2;

/**
 * Per run position, the weight of its fingerprint as evidence: RARE, 1 when common, 0 for a common
 * immutable-word fingerprint (a formula's skeleton: evidence only when rare). A run is all of a
 * fingerprint's documents, so its length is the fingerprint's document frequency.
 */
function evidenceWeights(runKeys: Uint32Array): Uint8Array {
  const weight = new Uint8Array(runKeys.length);
  for (let from = 0; from < runKeys.length; ) {
    const h = runKeys[from] as number;
    let to = from + 1;
    while (to < runKeys.length && runKeys[to] === h) to++;
    const w = to - from <= RARE_DF ? RARE : isImmutableFingerprint(h) ? 0 : 1;
    for (let x = from; x < to; x++) weight[x] = w;
    from = to;
  }
  return weight;
}

