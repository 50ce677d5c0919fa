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
import { alignCache, alignPairs, tokenCache, type PairReuse } from '../reuse.js';
import type { Tokens } from '../text/tokenize.js';
import type { Workers } from './pool.js';
import { tuning } from './tuning.js';
import type { CorpusTask } from './worker.js';
import { packViews } from './views.js';

/** Pairs per chunk when aligning a large corpus on this thread (alignInChunks). */
const MAX_CHUNK = 4096;

export async function detectReuseWith(
  workers: Workers | undefined,
  docs: readonly IndexedDoc[],
  masks: readonly (Uint8Array | null)[],
  known: { tokens: (Tokens | undefined)[] },
  opts: Derived,
  options: RunOptions,
  onProgress?: (done: number, total: number) => void,
): Promise<PairReuse[]> {
  const { pairs, docFreq, fingerprintKeys } = findCandidates(docs, masks, opts);
  // Above parallelMaxDocs, a copy of the documents in each thread would cost gigabytes at a million
  // documents: there, memory is the limit, and this thread aligns in chunks.
  if (docs.length > tuning.parallelMaxDocs) return alignInChunks(docs, masks, known, pairs, docFreq, opts, onProgress);
  const tokensOf = tokenCache(docs, opts.lexicon, known.tokens);
  const cache = alignCache();
  const here = (slice: ReadonlyArray<readonly [number, number]>): PairReuse[] =>
    alignPairs(docs, masks, tokensOf, slice, docFreq, opts, undefined, cache);
  if (!workers || workers.threads < 2 || pairs.length < tuning.parallelMinPairs) {
    return alignPairs(docs, masks, tokensOf, pairs, docFreq, opts, onProgress, cache);
  }
  // Each worker gets its copy of the documents the pairs name, once; then chunks of pairs go to
  // whichever thread is free: a worker while it has fewer than two queued, else this thread, which
  // holds every document already. Results are put back in chunk order: the same pairs with the
  // same passages, in the same order, as on one thread.
  const id = nextCorpus++;
  const shared = workers.share(corpusTask(id, pairs, docs, masks, known, fingerprintKeys, options));
  shared.catch(() => {}); // awaited below; this only keeps a failure from being "unhandled" meanwhile
  const chunk = Math.max(MIN_CHUNK, Math.min(MAX_CHUNK, Math.ceil(pairs.length / 64)));
  const results: (PairReuse[] | Promise<PairReuse[]>)[] = [];
  const queueCap = 2 * (workers.threads - 1);
  let queued = 0;
  let done = 0;
  for (let from = 0; from < pairs.length; from += chunk) {
    const slice = pairs.slice(from, from + chunk);
    if (queued < queueCap) {
      queued++;
      const p = workers.align({ corpus: id, pairs: flatten(slice) }).finally(() => {
        queued--;
      });
      p.catch(() => {});
      results.push(p);
    } else {
      results.push(here(slice));
      // Let the workers' finished chunks be counted (and refilled) before the next choice.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    done = Math.min(pairs.length, from + chunk);
    onProgress?.(done, pairs.length);
  }
  await shared;
  const out: PairReuse[] = [];
  for (const r of results) for (const x of await r) out.push(x);
  await workers.share({ id: null });
  onProgress?.(pairs.length, pairs.length);
  return out;
}

/** Pairs per chunk sent to a thread: enough to outweigh the message, few enough to share out evenly. */
const MIN_CHUNK = 256;
let nextCorpus = 1;

function flatten(slice: ReadonlyArray<readonly [number, number]>): Uint32Array {
  const flat = new Uint32Array(slice.length * 2);
  slice.forEach(([a, b], i) => {
    flat[2 * i] = a;
    flat[2 * i + 1] = b;
  });
  return flat;
}

/**
 * What alignment reads of a document (reuse.ts alignPairs): its text, time and fingerprints. The
 * rest (signature, lines, the article's metadata) would only be copied to each worker for nothing.
 */
function alignable(d: IndexedDoc): IndexedDoc {
  const { seq, time, fingerprints, fingerprintPos, tokenCount } = d;
  const empty = new Uint32Array(0);
  return {
    seq,
    time,
    fingerprints,
    fingerprintPos,
    tokenCount,
    article: { id: d.article.id, text: d.article.text },
    signature: empty,
    lines: empty,
    lineTokenStart: empty,
    lineTokenEnd: empty,
  };
}

/** The documents the pairs name, for each worker's copy (worker.ts loadCorpus). */
function corpusTask(
  id: number,
  pairs: ReadonlyArray<readonly [number, number]>,
  docs: readonly IndexedDoc[],
  masks: readonly (Uint8Array | null)[],
  known: { tokens: (Tokens | undefined)[] },
  fingerprintKeys: Uint32Array,
  options: RunOptions,
): Omit<CorpusTask, 'barrier' | 'parties' | 'waitMs'> {
  const named = new Uint8Array(docs.length);
  for (const [a, b] of pairs) {
    named[a] = 1;
    named[b] = 1;
  }
  const involved: number[] = [];
  for (let s = 0; s < named.length; s++) if (named[s]) involved.push(s);
  // Views into shared memory where the analysis kept them: no copy, nothing computed twice; sent
  // as one table of views rather than thousands (views.ts).
  return {
    id,
    docs: packViews(involved.map((s) => alignable(docs[s] as IndexedDoc))),
    masks: packViews(involved.map((s) => ({ mask: masks[s] ?? null }))),
    tokens: packViews(involved.map((s) => known.tokens[s])),
    fingerprintKeys,
    options,
  };
}

/**
 * alignPairs over consecutive chunks of the pairs, each with its own token cache: the same
 * result as one call, with memory bounded by a chunk's documents instead of every document aligned.
 */
function alignInChunks(
  docs: readonly IndexedDoc[],
  masks: readonly (Uint8Array | null)[],
  known: { tokens: (Tokens | undefined)[] },
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
    for (const [a, b] of slice) {
      for (const s of [a, b]) {
        tokens[s] ??= known.tokens[s];
      }
    }
    for (const r of alignPairs(docs, masks, tokenCache(docs, opts.lexicon, tokens), slice, docFreq, opts)) out.push(r);
    onProgress?.(Math.min(pairs.length, from + MAX_CHUNK), pairs.length);
  }
  onProgress?.(pairs.length, pairs.length);
  return out;
}
