/**
 * When worker threads are worth starting. A worker costs its start, a cold JIT and a copy of what it
 * is sent, and on a 2-core machine the second core is not idle even on "one thread": V8's garbage
 * collector and compiler threads use it (a one-thread Reuters scan takes ~1.3 cores). Measured there
 * (bench/RESULTS.md), with this thread sharing the work (engine.ts, dispatch.ts):
 * - Reuters-21578 (19k articles, 49k pairs): every split tried was slower than one thread, analysis
 *   0.68 → 0.95 s and alignment 0.79 → 1.05 s with a worker from the first thousand articles.
 * - 100k articles: the whole scan 9.4 → 8.7 s with threads past these thresholds.
 * Mutable so that tests can exercise the threads on small inputs; results never depend on it.
 */
export const tuning = {
  /** Articles analysed on the calling thread before worker threads are asked to help. */
  inlineArticles: 25_000,
  /** Fewest candidate pairs for which alignment is shared with worker threads. */
  parallelMinPairs: 100_000,
  /** Most documents for which alignment is shared with worker threads (each holds a copy of them). */
  parallelMaxDocs: 200_000,
};
