/**
 * Worker threads (piscina) for the two stages that parallelise: per-document analysis while reading,
 * and per-pair alignment. `threads` counts the calling thread: it works too (it analyses and aligns
 * its own share while the workers are busy), so `threads - 1` workers are started. The pool starts on
 * first use only, so a small input (the examples, the tests) that never asks for it pays nothing;
 * `close()` must be awaited to let the process exit.
 */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { PairReuse } from '../reuse.js';
import { unpackAnalyzed, type AlignTask, type Analyzed, type AnalyzeTask, type CorpusTask, type PackedAnalyzed } from './worker.js';

/** Old-generation heap of each worker thread, MB. */
const WORKER_HEAP_MB = 384;
/** How long a worker waits for the others to take their copy of a corpus before giving up, ms. */
const BARRIER_MS = 60_000;

export interface Workers {
  /** How many threads work at once, the calling thread included. */
  readonly threads: number;
  /** Features of each article (its seq is firstSeq + index), with tokens and grams if asked. */
  analyze(task: AnalyzeTask): Promise<Analyzed>;
  /**
   * Gives every worker the same corpus to align in (worker.ts loadCorpus): each thread gets exactly
   * one copy. `corpus: null` drops it.
   */
  share(task: Omit<CorpusTask, 'barrier' | 'parties' | 'waitMs'>): Promise<void>;
  /** Aligns pairs of the corpus last shared. */
  align(task: AlignTask): Promise<PairReuse[]>;
  /** Stops the threads (if any were started); a later task starts them afresh. */
  close(): Promise<void>;
}

/** The number of threads to use by default: the cores this process may use. */
export function defaultThreads(): number {
  return availableParallelism();
}

export function createWorkers(threads: number = defaultThreads()): Workers {
  const size = Math.max(1, threads - 1);
  let pool: Piscina | undefined;
  const started = (): Piscina =>
    (pool ??= new Piscina({
      filename: new URL('./worker.js', import.meta.url).href,
      minThreads: size,
      maxThreads: size,
      // A task's live data is a batch of articles or a chunk of pairs (tens of MB); without a cap, a
      // thread's heap grows with the garbage of thousands of tasks, a gigabyte a thread on a large corpus.
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
      // Tasks are queued here, in order; the caller bounds how many are in flight.
    }));
  return {
    threads,
    analyze: async (task) => unpackAnalyzed((await started().run(task, { name: 'analyzeBatchPacked' })) as PackedAnalyzed),
    async share(task) {
      // One task per worker, each waiting at a barrier until all have arrived: a worker busy in its
      // barrier takes no second copy, so every worker ends up with exactly one.
      const barrier = new Int32Array(new SharedArrayBuffer(4));
      const p = started();
      const all: Promise<unknown>[] = [];
      for (let i = 0; i < size; i++) all.push(p.run({ ...task, barrier, parties: size, waitMs: BARRIER_MS }, { name: 'loadCorpus' }));
      await Promise.all(all);
    },
    align: (task) => started().run(task, { name: 'alignChunk' }) as Promise<PairReuse[]>,
    async close() {
      const p = pool;
      pool = undefined;
      if (p) await p.destroy();
    },
  };
}
