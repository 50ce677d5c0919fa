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
import { buildPostings, keyCount, NONE } from './postings.js';

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

/** usableFingerprints(doc, mask, shingle) written into `out` from `at`; returns the new end. */
function appendUsable(doc: IndexedDoc, mask: Uint8Array | null, shingle: number, out: Uint32Array, at: number): number {
  let n = at;
  for (let i = 0; i < doc.fingerprints.length; i++) {
    const p = doc.fingerprintPos[i] as number;
    if (mask && maskedIn(mask, p, p + shingle)) continue;
    out[n++] = doc.fingerprints[i] as number;
  }
  const s = out.subarray(at, n).sort();
  let m = 0;
  for (let i = 0; i < s.length; i++) if (i === 0 || s[i] !== s[i - 1]) s[m++] = s[i] as number;
  return at + m;
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
  for (let d = 0; d < n; d++) {
    // usableFingerprints, written straight into the corpus-wide array: no array per document.
    m = appendUsable(docs[d] as IndexedDoc, masks[d] ?? null, opts.shingle, fpKeys, m);
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
  // Pass 2: each document meets the documents before it.
  const score = new Float64Array(n);
  const touched: number[] = [];
  const strong: number[] = [];
  const pairs: Array<[number, number]> = [];
  const touch = (c: number, by: number): void => {
    if (score[c] === 0) touched.push(c);
    score[c] = (score[c] as number) + by;
  };
  const { runKeys: fk, runDocs: fd } = fp;
  const fpRuns = fk.length;
  for (let d = 0; d < n; d++) {
    for (let e = fpOff[d] as number, end = fpOff[d + 1] as number; e < end; e++) {
      const p = fp.rank[e] as number;
      if (p === NONE) continue; // in this document only
      const h = fk[p] as number;
      // Held by at most RARE_DF documents? Look at most that far either way (runs are contiguous).
      let size = 1;
      for (let x = p - 1; x >= 0 && fk[x] === h && size <= RARE_DF; x--) size++;
      for (let x = p + 1; x < fpRuns && fk[x] === h && size <= RARE_DF; x++) size++;
      const rare = size <= RARE_DF;
      // An immutable-word fingerprint is evidence only when rare: a common one is a formula's skeleton.
      if (!rare && isImmutableFingerprint(h)) continue;
      const weight = rare ? 2 : 1;
      const depth = rare ? MAX_VISIT : MAX_VISIT_COMMON;
      for (let x = p - 1, seen = 0; x >= 0 && fk[x] === h && seen < depth; x--, seen++) touch(fd[x] as number, weight);
    }
    for (let e = lshOff[d] as number, end = lshOff[d + 1] as number; e < end; e++) {
      // Entries of a bucket are in visiting order: the ones before this one are the bucket's list so far.
      const p = lsh.rank[e] as number;
      if (p === NONE) continue;
      const key = lsh.runKeys[p] as number;
      for (let x = p - 1, seen = 0; x >= 0 && lsh.runKeys[x] === key && seen < MAX_VISIT; x--, seen++) {
        const c = lsh.runDocs[x] as number;
        if ((score[c] as number) < LSH_BONUS) touch(c, LSH_BONUS);
      }
    }
    if (touched.length > 0) {
      strong.length = 0;
      for (const c of touched) if ((score[c] as number) >= 2) strong.push(c);
      if (strong.length > opts.maxSources) {
        strong.sort((x, y) => (score[y] as number) - (score[x] as number) || x - y);
        strong.length = opts.maxSources;
      }
      strong.sort((x, y) => x - y);
      for (const c of strong) pairs.push([c, d]);
      for (const c of touched) score[c] = 0;
      touched.length = 0;
    }
  }
  return {
    pairs,
    docFreq: (h) => keyCount(fpAll, h),
    fingerprintKeys: fpAll.keys,
  };
}

