/**
 * Reuse detection with the alignment spread over worker threads. Candidates are found here (one
 * pass over the corpus); the pairs are cut into chunks in order, each chunk goes to a worker with the
 * documents it names, and the results are put back together in chunk order: the same pairs with the
 * same passages, in the same order, as `detectReuse` on one thread.
 */
import { findCandidates } from '../index/candidates.js';
import type { IndexedDoc } from '../model/types.js';
import type { Derived } from '../options.js';
import type { RunOptions } from './run-options.js';
import { alignPairs, tokenCache, type PairReuse } from '../reuse.js';
import type { Tokens } from '../text/tokenize.js';
import type { Workers } from './pool.js';
import { tuning } from './tuning.js';
import type { AlignTask } from './worker.js';
import { packViews } from './views.js';

/** Pairs per chunk when aligning a large corpus on this thread (alignInChunks). */
const MAX_CHUNK = 4096;

export async function detectReuseWith(
  workers: Workers | undefined,
  docs: readonly IndexedDoc[],
  masks: readonly (Uint8Array | null)[],
  known: { tokens: (Tokens | undefined)[]; grams: (Float64Array | undefined)[] },
  opts: Derived,
  options: RunOptions,
  onProgress?: (done: number, total: number) => void,
): Promise<PairReuse[]> {
  const { pairs, docFreq, fingerprintKeys } = findCandidates(docs, masks, opts);
  // Above parallelMaxDocs, sending a chunk's documents to a thread keeps gigabytes in flight at a
  // million documents: there, memory is the limit, and this thread aligns in chunks.
  if (docs.length > tuning.parallelMaxDocs) return alignInChunks(docs, masks, known, pairs, docFreq, opts, onProgress);
  if (!workers || workers.threads < 2 || pairs.length < tuning.parallelMinPairs) {
    return alignPairs(docs, masks, tokenCache(docs, opts.lexicon, known.tokens), pairs, docFreq, opts, onProgress, known.grams);
  }
  // One contiguous share of the pairs per worker thread and one for this thread: it holds every document
  // already (tokens and grams too), so its share costs no copy; the others go to the workers.
  const shares = workers.threads + 1;
  const size = Math.ceil(pairs.length / shares);
  const sent: Promise<PairReuse[]>[] = [];
  for (let k = 1; k < shares; k++) {
    const slice = pairs.slice(k * size, (k + 1) * size);
    if (slice.length === 0) break;
    const p = workers.align(alignTask(slice, docs, masks, known, fingerprintKeys, options));
    p.catch(() => {}); // awaited below; this only keeps a failure from being "unhandled" meanwhile
    sent.push(p);
  }
  const results = [alignPairs(docs, masks, tokenCache(docs, opts.lexicon, known.tokens), pairs.slice(0, size), docFreq, opts, undefined, known.grams)];
  onProgress?.(Math.min(size, pairs.length), pairs.length);
  for (const p of sent) results.push(await p);
  onProgress?.(pairs.length, pairs.length);
  return results.flat();
}

/** A share of the pairs for a worker, with the documents they name (worker.ts alignChunk). */
function alignTask(
  slice: ReadonlyArray<readonly [number, number]>,
  docs: readonly IndexedDoc[],
  masks: readonly (Uint8Array | null)[],
  known: { tokens: (Tokens | undefined)[]; grams: (Float64Array | undefined)[] },
  fingerprintKeys: Uint32Array,
  options: RunOptions,
): AlignTask {
  const flat = new Uint32Array(slice.length * 2);
  const seqs = new Set<number>();
  slice.forEach(([a, b], i) => {
    flat[2 * i] = a;
    flat[2 * i + 1] = b;
    seqs.add(a);
    seqs.add(b);
  });
  const involved = [...seqs].sort((x, y) => x - y);
  // Views into shared memory where the analysis kept them: no copy, nothing computed twice; sent
  // as one table of views rather than thousands (views.ts).
  return {
    docs: packViews(involved.map((s) => docs[s] as IndexedDoc)),
    masks: packViews(involved.map((s) => ({ mask: masks[s] ?? null }))),
    tokens: packViews(involved.map((s) => known.tokens[s])),
    grams: packViews(involved.map((s) => ({ grams: known.grams[s] }))),
    fingerprintKeys,
    pairs: flat,
    options,
  };
}

/**
 * alignPairs over consecutive chunks of the pairs, each with its own token and gram caches: the same
 * result as one call, with memory bounded by a chunk's documents instead of every document aligned.
 */
function alignInChunks(
  docs: readonly IndexedDoc[],
  masks: readonly (Uint8Array | null)[],
  known: { tokens: (Tokens | undefined)[]; grams: (Float64Array | undefined)[] },
  pairs: ReadonlyArray<readonly [number, number]>,
  docFreq: (hash: number) => number,
  opts: Derived,
  onProgress?: (done: number, total: number) => void,
): PairReuse[] {
  const out: PairReuse[] = [];
  for (let from = 0; from < pairs.length; from += MAX_CHUNK) {
    const slice = pairs.slice(from, from + MAX_CHUNK);
    // Caches per chunk: what analysis kept (shared), plus what this chunk computes (dropped after it).
    const tokens: (Tokens | undefined)[] = [];
    const grams: (Float64Array | undefined)[] = [];
    for (const [a, b] of slice) {
      for (const s of [a, b]) {
        tokens[s] ??= known.tokens[s];
        grams[s] ??= known.grams[s];
      }
    }
    for (const r of alignPairs(docs, masks, tokenCache(docs, opts.lexicon, tokens), slice, docFreq, opts, undefined, grams)) out.push(r);
    onProgress?.(Math.min(pairs.length, from + MAX_CHUNK), pairs.length);
  }
  onProgress?.(pairs.length, pairs.length);
  return out;
}
