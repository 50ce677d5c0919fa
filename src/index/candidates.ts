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
import { keyCount, sharedRuns, type SharedRuns } from './postings.js';

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
 * A document's fingerprints that touch no furniture token, written into `out` from `at`, in the
 * document's order and repeats included (sharedRuns merges them once sorted: cheaper than a set per
 * document); returns the new end.
 */
function appendUsable(doc: IndexedDoc, mask: Uint8Array | null, shingle: number, out: Uint32Array, at: number): number {
  let n = at;
  const fps = doc.fingerprints;
  if (mask === null) {
    // A loop, not set(): a few dozen each, from views into shared memory.
    for (let i = 0; i < fps.length; i++) out[n++] = fps[i] as number;
    return n;
  }
  const pos = doc.fingerprintPos;
  // maskedIn, written out: a call per fingerprint costs more than the test until this is optimised.
  outer: for (let i = 0; i < fps.length; i++) {
    const p = pos[i] as number;
    for (let t = p; t < p + shingle; t++) if (mask[t]) continue outer;
    out[n++] = fps[i] as number;
  }
  return n;
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
  // Postings live in typed arrays (postings.ts): a Map cannot hold a million documents' worth. Each
  // step is a function of its own: this runs once per corpus, and each loop is then compiled alone.
  const usable = usableEntries(docs, masks, opts.shingle);
  // Consumed by sharedRuns (its memory becomes the positions). All sorted keys are kept, in shared
  // memory, for document frequencies (here and in worker threads), each document's once; runs only
  // for shared keys.
  const fp = sharedRuns(usable.keys, usable.offsets, n, { keepKeys: true, shared: true, distinct: true });
  const fpAll = { keys: fp.keys as Uint32Array, size: (fp.keys as Uint32Array).length };
  const bands = lshEntries(docs, opts);
  const lsh = sharedRuns(bands.keys, bands.offsets, n);
  return {
    pairs: pairDocuments(n, fp, evidenceWeights(fp.runKeys), lsh, opts.maxSources),
    docFreq: (h) => keyCount(fpAll, h),
    fingerprintKeys: fpAll.keys,
  };
}

/** Every document's usable fingerprints (appendUsable), one corpus-wide array: no array per document. */
function usableEntries(docs: readonly IndexedDoc[], masks: readonly (Uint8Array | null)[], shingle: number): { keys: Uint32Array; offsets: Float64Array } {
  const n = docs.length;
  const keys = new Uint32Array(fingerprintCount(docs));
  const offsets = new Float64Array(n + 1);
  let m = 0;
  for (let d = 0; d < n; d++) {
    m = appendUsable(docs[d] as IndexedDoc, masks[d] ?? null, shingle, keys, m);
    offsets[d + 1] = m;
  }
  return { keys: keys.subarray(0, m), offsets };
}

function fingerprintCount(docs: readonly IndexedDoc[]): number {
  let total = 0;
  for (let d = 0; d < docs.length; d++) total += (docs[d] as IndexedDoc).fingerprints.length;
  return total;
}

/** LSH bucket keys, one entry per (document, band), in the same visiting order. */
function lshEntries(docs: readonly IndexedDoc[], opts: Derived): { keys: Uint32Array; offsets: Float64Array } {
  const n = docs.length;
  const bands = opts.lsh.bands;
  const keys = new Uint32Array(n * bands);
  const offsets = new Float64Array(n + 1);
  let l = 0;
  for (let d = 0; d < n; d++) {
    const doc = docs[d] as IndexedDoc;
    if (doc.signature.length > 0 && doc.signature[0] !== EMPTY) {
      bandKeysInto(doc.signature, opts.lsh, keys, l); // seeded with the band index: equal rows in other bands differ
      l += bands;
    }
    offsets[d + 1] = l;
  }
  return { keys: keys.subarray(0, l), offsets };
}

/**
 * Pass 2: each document meets the documents before it, through its shared keys only (most of its
 * entries have no partner): their positions in the runs, grouped by document. Within a document
 * the order does not matter: evidence is summed, and the sources sorted.
 */
function pairDocuments(n: number, fp: SharedRuns, weight: Uint8Array, lsh: SharedRuns, maxSources: number): Array<[number, number]> {
  const { at: fpAt, pos: fpPos, runKeys: fk, runDocs: fd } = fp;
  const { at: lshAt, pos: lshPos, runKeys: lk, runDocs: ld } = lsh;
  const score = new Float64Array(n);
  // The documents met so far (score > 0), to read and then clear: at most each document once.
  const touched = new Uint32Array(n);
  let met = 0;
  // The best sources so far of the current document, best first (keepBest).
  const best = new Uint32Array(maxSources);
  const pairs: Array<[number, number]> = [];
  for (let d = 0; d < n; d++) {
    for (let k = fpAt[d] as number, end = fpAt[d + 1] as number; k < end; k++) {
      const p = fpPos[k] as number;
      const w = weight[p] as number;
      if (w === 0) continue;
      const h = fk[p] as number;
      const depth = w === RARE ? MAX_VISIT : MAX_VISIT_COMMON;
      for (let x = p - 1, seen = 0; x >= 0 && fk[x] === h && seen < depth; x--, seen++) {
        const c = fd[x] as number;
        const s = score[c] as number;
        if (s === 0) touched[met++] = c;
        score[c] = s + w;
      }
    }
    for (let k = lshAt[d] as number, end = lshAt[d + 1] as number; k < end; k++) {
      // Entries of a bucket are in visiting order: the ones before this one are the bucket's list so far.
      const p = lshPos[k] as number;
      const key = lk[p] as number;
      for (let x = p - 1, seen = 0; x >= 0 && lk[x] === key && seen < MAX_VISIT; x--, seen++) {
        const c = ld[x] as number;
        const s = score[c] as number;
        if (s >= LSH_BONUS) continue;
        if (s === 0) touched[met++] = c;
        score[c] = s + LSH_BONUS;
      }
    }
    if (met > 0) {
      const kept = keepBest(touched, met, score, best);
      for (let i = 0; i < kept; i++) pairs.push([best[i] as number, d]);
      for (let i = 0; i < met; i++) score[touched[i] as number] = 0;
      met = 0;
    }
  }
  return pairs;
}

/**
 * Into `best`, the documents met with a score of 2 or more: the highest scores (the lower seq first
 * among equal ones) up to best.length, then sorted by seq; returns how many. One path whatever the
 * count (no sort only a few documents take): this runs once per corpus, mostly before it is optimised,
 * and code first reached after that sends it back to the interpreter.
 */
function keepBest(touched: Uint32Array, met: number, score: Float64Array, best: Uint32Array): number {
  let kept = 0;
  for (let i = 0; i < met; i++) {
    const c = touched[i] as number;
    const s = score[c] as number;
    if (s < 2) continue;
    // After every kept source with a higher score, or an equal score and a lower seq.
    let j = kept;
    while (j > 0) {
      const b = best[j - 1] as number;
      const sb = score[b] as number;
      if (sb > s || (sb === s && b < c)) break;
      j--;
    }
    if (j >= best.length) continue;
    for (let x = Math.min(kept, best.length - 1); x > j; x--) best[x] = best[x - 1] as number;
    best[j] = c;
    if (kept < best.length) kept++;
  }
  // By seq: a few, insertion-sorted.
  for (let i = 1; i < kept; i++) {
    const v = best[i] as number;
    let j = i - 1;
    while (j >= 0 && (best[j] as number) > v) {
      best[j + 1] = best[j] as number;
      j--;
    }
    best[j + 1] = v;
  }
  return kept;
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

