/**
 * Documents' typed arrays packed into one buffer per batch. A document has half a dozen small arrays;
 * each on its own costs an ArrayBuffer and a separate allocation (~200 bytes beyond its data) and work
 * for the garbage collector. Packed, a batch of documents shares one buffer and each array is a view.
 * Generic over the fields: every Uint32Array-valued field of a document is packed, whatever it is
 * called, so features added to IndexedDoc later are carried along unchanged.
 */
import type { IndexedDoc } from '../model/types.js';

/**
 * Returns the documents with their Uint32Array fields as views into one fresh buffer; `shared`: a
 * SharedArrayBuffer, which worker threads read without a copy.
 */
export function compactDocs<T extends object>(docs: readonly T[], shared = false): T[] {
  // Documents of a batch share one shape: the array fields are found once, on the first.
  const first = docs[0];
  if (first === undefined) return [];
  const fields = Object.keys(first).filter((k) => (first as Record<string, unknown>)[k] instanceof Uint32Array);
  let total = 0;
  for (const doc of docs) {
    const d = doc as Record<string, unknown>;
    for (const k of fields) total += (d[k] as Uint32Array).length;
  }
  const slab = shared ? new Uint32Array(new SharedArrayBuffer(total * 4)) : new Uint32Array(total);
  let at = 0;
  return docs.map((doc) => {
    const out = { ...doc } as Record<string, unknown>;
    for (const k of fields) {
      const v = out[k] as Uint32Array;
      slab.set(v, at);
      out[k] = slab.subarray(at, at + v.length);
      at += v.length;
    }
    return out as T;
  });
}

/** A document without its article (the main thread holds the article; only features travel back). */
export type Features = Omit<IndexedDoc, 'article'>;
