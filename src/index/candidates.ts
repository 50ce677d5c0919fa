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
import { bandKeys } from '../sketch/lsh.js';
import { EMPTY } from '../sketch/minhash.js';
import { isImmutableFingerprint } from '../sketch/immutables.js';

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

function maskedIn(mask: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (mask[i]) return true;
  return false;
}

export interface Candidates {
  /** Pairs [earlier seq, later seq], grouped by the later document, in corpus order. */
  pairs: Array<[number, number]>;
  /** In how many documents a (usable) fingerprint occurs. */
  docFreq(hash: number): number;
}

export function findCandidates(
  docs: readonly IndexedDoc[],
  masks: readonly (Uint8Array | null)[],
  opts: Derived,
): Candidates {
  const n = docs.length;
  // Pass 1: the inverted index, so that every fingerprint's document frequency is known up front.
  const usable: Uint32Array[] = [];
  const postings = new Map<number, number | number[]>();
  for (let d = 0; d < n; d++) {
    const fps = usableFingerprints(docs[d] as IndexedDoc, masks[d] ?? null, opts.shingle);
    usable.push(fps);
    for (const h of fps) {
      const held = postings.get(h);
      if (held === undefined) postings.set(h, d);
      else if (typeof held === 'number') postings.set(h, [held, d]);
      else held.push(d);
    }
  }
  // Pass 2: each document meets the documents before it.
  const buckets = new Map<number, number[]>();
  const score = new Float64Array(n);
  const touched: number[] = [];
  const pairs: Array<[number, number]> = [];
  const touch = (c: number, by: number): void => {
    if (score[c] === 0) touched.push(c);
    score[c] = (score[c] as number) + by;
  };
  for (let d = 0; d < n; d++) {
    const doc = docs[d] as IndexedDoc;
    for (const h of usable[d] as Uint32Array) {
      const held = postings.get(h);
      if (typeof held !== 'object') continue; // in this document only
      const rare = held.length <= RARE_DF;
      // An immutable-word fingerprint is evidence only when rare: a common one is a formula's skeleton.
      if (!rare && isImmutableFingerprint(h)) continue;
      const weight = rare ? 2 : 1;
      const depth = rare ? MAX_VISIT : MAX_VISIT_COMMON;
      const at = lowerBound(held, d);
      for (let x = at - 1, seen = 0; x >= 0 && seen < depth; x--, seen++) touch(held[x] as number, weight);
    }
    if (doc.signature.length > 0 && doc.signature[0] !== EMPTY) {
      const keys = bandKeys(doc.signature, opts.lsh);
      for (let band = 0; band < keys.length; band++) {
        const key = keys[band] as number; // seeded with the band index: equal rows in other bands differ
        const list = buckets.get(key);
        if (list === undefined) {
          buckets.set(key, [d]);
          continue;
        }
        for (let x = list.length - 1, seen = 0; x >= 0 && seen < MAX_VISIT; x--, seen++) {
          const c = list[x] as number;
          if ((score[c] as number) < LSH_BONUS) touch(c, LSH_BONUS);
        }
        list.push(d);
      }
    }
    if (touched.length > 0) {
      const strong = touched.filter((c) => (score[c] as number) >= 2);
      strong.sort((x, y) => (score[y] as number) - (score[x] as number) || x - y);
      const chosen = strong.slice(0, opts.maxSources).sort((x, y) => x - y);
      for (const c of chosen) pairs.push([c, d]);
      for (const c of touched) score[c] = 0;
      touched.length = 0;
    }
  }
  return {
    pairs,
    docFreq(h) {
      const held = postings.get(h);
      return held === undefined ? 0 : typeof held === 'number' ? 1 : held.length;
    },
  };
}

/** First index in the ascending list whose value is ≥ v. */
function lowerBound(list: readonly number[], v: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] as number) < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
