/**
 * The in-memory store: for tests, small corpora and one-shot runs that need no database file.
 * Documents are held as given (their typed arrays are not copied) and treated as immutable.
 */
import type { Article, IndexedDoc, Rejection } from '../model/types.js';
import type { Store } from './store.js';

/**
 * V8 caps a Map at 2^24 entries; a large corpus holds more distinct fingerprints than that, so the
 * inverted index is split into shards by the hash's low bits.
 */
const SHARD_BITS = 6;
const SHARD_MASK = (1 << SHARD_BITS) - 1;

/** Most fingerprints occur in one document: a bare seq saves an array per posting list. */
type Postings = number | number[];

export function createMemoryStore(): Store {
  const docs: IndexedDoc[] = [];
  const seqById = new Map<string, number>();
  const postings = Array.from({ length: SHARD_MASK + 1 }, () => new Map<number, Postings>());
  const lineCounts = new Map<string, Map<number, number>>();
  const rejected: Rejection[] = [];
  /** Documents below this seq are in `postings` and `lineCounts`: indexing waits for the first lookup,
   * so a one-shot scan, which never looks anything up, does not pay for it. */
  let indexed = 0;

  function catchUp(): void {
    while (indexed < docs.length) index(docs[indexed++]!);
  }

  function index(doc: IndexedDoc): void {
    for (const hash of new Set(doc.fingerprints)) {
      const shard = postings[hash & SHARD_MASK]!;
      const held = shard.get(hash);
      if (held === undefined) shard.set(hash, doc.seq);
      else if (typeof held === 'number') shard.set(hash, [held, doc.seq]);
      else held.push(doc.seq);
    }
    const source = doc.article.source ?? '';
    let counts = lineCounts.get(source);
    if (counts === undefined) lineCounts.set(source, (counts = new Map()));
    for (const hash of new Set(doc.lines)) counts.set(hash, (counts.get(hash) ?? 0) + 1);
  }

  return {
    size: () => docs.length,

    add(batch, rejections) {
      // Validate the whole batch before touching anything, so a refused batch leaves no trace.
      const ids = new Set<string>();
      batch.forEach((doc, i) => {
        const expected = docs.length + i;
        if (doc.seq !== expected) throw new Error(`store: expected document seq ${expected}, got ${doc.seq}`);
        const id = doc.article.id;
        if (seqById.has(id) || ids.has(id)) throw new Error(`store: duplicate document id ${JSON.stringify(id)}`);
        ids.add(id);
      });
      for (const doc of batch) {
        const held = { ...doc, article: cleanArticle(doc.article) };
        docs.push(held);
        seqById.set(held.article.id, held.seq);
      }
      for (const r of rejections) rejected.push(cleanRejection(r));
    },

    get(id) {
      const seq = seqById.get(id);
      return seq === undefined ? undefined : docs[seq];
    },

    getMany(seqs) {
      const found: IndexedDoc[] = [];
      for (const seq of seqs) {
        const doc = docs[seq];
        if (doc !== undefined) found.push(doc);
      }
      return found;
    },

    *all() {
      for (let seq = 0; seq < docs.length; seq++) yield docs[seq]!;
    },

    rejections: () => rejected.map(cleanRejection),

    fingerprintHits(hashes) {
      catchUp();
      const hits = new Map<number, number>();
      for (const hash of new Set(hashes)) {
        const held = postings[hash & SHARD_MASK]!.get(hash);
        if (held === undefined) continue;
        for (const seq of typeof held === 'number' ? [held] : held) hits.set(seq, (hits.get(seq) ?? 0) + 1);
      }
      return hits;
    },

    fingerprintDocFreq(hashes) {
      catchUp();
      return hashes.map((hash) => {
        const held = postings[hash & SHARD_MASK]!.get(hash);
        return held === undefined ? 0 : typeof held === 'number' ? 1 : held.length;
      });
    },

    lineDocCounts(source, lines) {
      catchUp();
      const counts = lineCounts.get(source);
      return lines.map((hash) => counts?.get(hash) ?? 0);
    },

    close() {
      // Nothing to release; the garbage collector takes the maps.
    },
  };
}

/**
 * Drop optional fields set to undefined, so that a document reads back the same from every backend
 * (a database cannot tell an absent field from an undefined one).
 */
function cleanArticle(a: Article): Article {
  const out: Article = { id: a.id, text: a.text };
  if (a.title !== undefined) out.title = a.title;
  if (a.source !== undefined) out.source = a.source;
  if (a.url !== undefined) out.url = a.url;
  if (a.published_at !== undefined) out.published_at = a.published_at;
  return out;
}

function cleanRejection(r: Rejection): Rejection {
  return r.line === undefined ? { input: r.input, reason: r.reason } : { input: r.input, line: r.line, reason: r.reason };
}
