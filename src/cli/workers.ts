/**
 * Worker threads for the command line, loaded on first use: engine/pool.ts brings piscina (~25 ms to
 * load), and most runs (small inputs, `--threads 1`) never start a thread. Tasks wait for the pool in
 * the order they were given, so they reach it in that order.
 */
import { availableParallelism } from 'node:os';
import type { Workers } from '../engine/pool.js';

/** engine/pool.ts defaultThreads (the cores this process may use), without loading the pool. */
export function defaultThreads(): number {
  return availableParallelism();
}

/** Worker threads when more than one is asked for; the pool is loaded by the first task. */
export function workersFor(threads: number): Workers | undefined {
  if (threads <= 1) return undefined;
  let pool: Promise<Workers> | undefined;
  const started = (): Promise<Workers> => (pool ??= import('../engine/pool.js').then((p) => p.createWorkers(threads)));
  return {
    threads,
    analyze: async (task) => (await started()).analyze(task),
    share: async (task) => (await started()).share(task),
    align: async (task) => (await started()).align(task),
    close: async () => {
      if (pool) await (await pool).close();
    },
  };
}
