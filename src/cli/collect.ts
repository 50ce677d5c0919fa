/**
 * A full garbage collection on demand, for the pauses between the stages of a large run: what one
 * stage dropped (a corpus's postings, a gigabyte of them at a million documents) is given back before
 * the next stage allocates, instead of whenever V8's heuristics get to it — the difference between the
 * peaks of two stages adding up or not. `--expose-gc` is turned on at run time for it; where that is
 * not possible, collecting does nothing.
 */
import { createRequire } from 'node:module';

let gc: (() => void) | null | undefined;

export function collect(): void {
  if (gc === undefined) {
    gc = null;
    try {
      const g = (globalThis as { gc?: () => void }).gc;
      if (typeof g === 'function') gc = g;
      else {
        // Loaded here, not imported: most runs never collect, and node:v8 costs ~2 ms to load.
        const require = createRequire(import.meta.url);
        (require('node:v8') as typeof import('node:v8')).setFlagsFromString('--expose-gc');
        const fromContext = (require('node:vm') as typeof import('node:vm')).runInNewContext('gc') as unknown;
        if (typeof fromContext === 'function') gc = fromContext as () => void;
      }
    } catch {
      gc = null;
    }
  }
  gc?.();
}
