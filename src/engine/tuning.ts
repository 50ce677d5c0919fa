/**
 * When worker threads are worth starting. Measured on a 2-core machine (bench/RESULTS.md): a thread
 * costs its start, a cold JIT and a copy of what it is sent, so it pays only on enough work.
 * - Analysis: below ~25k articles (Reuters-21578 is 19k) one thread is as fast; at 100k two threads
 *   take a third off the indexing.
 * - Alignment: sending documents to a thread costs about what aligning them does, at every size
 *   measured (up to ~50k pairs); threads align only past 100k pairs (and never above 200k documents,
 *   where the documents in flight cost gigabytes: see dispatch.ts).
 * Mutable so that tests can exercise the threads on small inputs; results never depend on it.
 */
export const tuning = {
  /** Articles analysed on the calling thread before worker threads are asked to help. */
  inlineArticles: 25_000,
  /** Fewest candidate pairs for which alignment is shared with worker threads. */
  parallelMinPairs: 100_000,
  /** Most documents for which alignment is shared with worker threads. */
  parallelMaxDocs: 200_000,
};
