/**
 * Worker threads (piscina) for the two stages that parallelise: per-document analysis while reading,
 * and per-pair alignment. The pool starts on first use only, so a small input (the examples, the
 * tests) that never asks for it pays nothing; `close()` must be awaited to let the process exit.
 */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { PairReuse } from '../reuse.js';
import type { AlignTask, Analyzed, AnalyzeTask } from './worker.js';

/** Old-generation heap of each worker thread, MB. */
const WORKER_HEAP_MB = 384;

export interface Workers {
  /** How many threads work at once. */
  readonly threads: number;
  /** Features of each article (its seq is firstSeq + index), with tokens and grams if asked. */
  analyze(task: AnalyzeTask): Promise<Analyzed>;
  align(task: AlignTask): Promise<PairReuse[]>;
  /** Stops the threads (if any were started); a later task starts them afresh. */
  close(): Promise<void>;
}

/** The number of threads to use by default: the cores this process may use. */
export function defaultThreads(): number {
  return availableParallelism();
}

export function createWorkers(threads: number = defaultThreads()): Workers {
  let pool: Piscina | undefined;
  const started = (): Piscina =>
    (pool ??= new Piscina({
      filename: new URL('./worker.js', import.meta.url).href,
      minThreads: threads,
      maxThreads: threads,
      // A task's live data is a batch of articles or a chunk of pairs (tens of MB); without a cap, a
      // thread's heap grows with the garbage of thousands of tasks, a gigabyte a thread on a large corpus.
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
      // Tasks are queued here, in order; the caller bounds how many are in flight.
    }));
  return {
    threads,
    analyze: (task) => started().run(task, { name: 'analyzeBatch' }) as Promise<Analyzed>,
    align: (task) => started().run(task, { name: 'alignChunk' }) as Promise<PairReuse[]>,
    async close() {
      const p = pool;
      pool = undefined;
      if (p) await p.destroy();
    },
  };
}
