/**
 * Page furniture, learned from the corpus itself: "Share", "Advertisement", newsletter boxes, wire
 * sign-offs. A line is a furniture candidate when it is short and recurs in at least `minDocs`
 * documents of the same source. A run of consecutive candidate lines is furniture only while the run
 * stays short: a story re-sent three times repeats every one of its lines, but as one long run, and
 * must stay matchable; a site's "Advertisement / Continue reading" block is a short run.
 *
 * Furniture tokens never seed or count towards a passage; they stay in the text and may sit inside a
 * passage that real text on both sides anchors.
 */
import type { IndexedDoc } from '../model/types.js';
import { FURNITURE_BLOCK_WORDS, FURNITURE_LINE_WORDS } from '../options.js';
import { Arena } from './arena.js';
import { lowerKey, sortEntries } from './postings.js';

/** Masks and per-document counts come out of chunks, not one ArrayBuffer each (see arena.ts). */
const arena = new Arena();

/**
 * source → line hash → number of distinct documents holding that line, in typed arrays (a Map of a
 * million documents' lines would pass V8's 2^24-entry cap): each source appends its documents'
 * distinct line hashes, and the first lookup after additions sorts them into distinct hashes with
 * their counts, looked up by bisection.
 */
export class LineCounts {
  private readonly bySource = new Map<string, SourceLines>();

  /** Counts a document's lines (each distinct line once) for its source. */
  addDocument(source: string, lines: ArrayLike<number>): void {
    this.of(source).appendDistinct(lines);
  }

  /** Adds already distinct line hashes of one document. */
  add(source: string, distinct: ArrayLike<number>): void {
    this.of(source).append(distinct);
  }

  private of(source: string): SourceLines {
    let s = this.bySource.get(source);
    if (s === undefined) this.bySource.set(source, (s = new SourceLines()));
    return s;
  }

  /** For each of `lines`, in how many documents of `source` it occurs. */
  counts(source: string, lines: ArrayLike<number>): Uint32Array {
    const out = arena.u32(lines.length);
    const s = this.bySource.get(source);
    if (s) for (let i = 0; i < out.length; i++) out[i] = s.count(lines[i] as number);
    return out;
  }
}

class SourceLines {
  private pending: Uint32Array = new Uint32Array(64);
  private n = 0;
  private hashes: Uint32Array = new Uint32Array(0);
  private docs: Uint32Array = new Uint32Array(0);

  append(values: ArrayLike<number>): void {
    this.reserve(values.length);
    for (let i = 0; i < values.length; i++) this.pending[this.n + i] = values[i] as number;
    this.n += values.length;
  }

  /** Appends the distinct values of `values` (sorted in place in the pending buffer, no new array). */
  appendDistinct(values: ArrayLike<number>): void {
    const from = this.n;
    this.append(values);
    const seg = this.pending.subarray(from, this.n).sort();
    let m = 0;
    for (let i = 0; i < seg.length; i++) if (i === 0 || seg[i] !== seg[i - 1]) seg[m++] = seg[i] as number;
    this.n = from + m;
  }

  private reserve(k: number): void {
    if (this.n + k > this.pending.length) {
      const grown = new Uint32Array(Math.max(this.pending.length * 2, this.n + k));
      grown.set(this.pending.subarray(0, this.n));
      this.pending = grown;
    }
  }

  count(h: number): number {
    if (this.n > 0) this.merge();
    const a = this.hashes;
    const lo = lowerKey({ keys: a, size: a.length }, h);
    return lo < a.length && a[lo] === h ? (this.docs[lo] as number) : 0;
  }

  /** Folds the pending hashes into the sorted distinct hashes and counts. */
  private merge(): void {
    const add = this.pending.subarray(0, this.n).sort();
    const hashes = new Uint32Array(this.hashes.length + add.length);
    const docs = new Uint32Array(hashes.length);
    let i = 0;
    let j = 0;
    let m = 0;
    const old = this.hashes;
    while (i < old.length || j < add.length) {
      const h = j >= add.length || (i < old.length && (old[i] as number) <= (add[j] as number)) ? (old[i] as number) : (add[j] as number);
      let c = 0;
      while (i < old.length && old[i] === h) c += this.docs[i++] as number;
      while (j < add.length && add[j] === h) {
        c++;
        j++;
      }
      hashes[m] = h;
      docs[m++] = c;
    }
    this.hashes = hashes.slice(0, m);
    this.docs = docs.slice(0, m);
    this.n = 0;
    if (this.pending.length > 1 << 16) this.pending = new Uint32Array(64);
  }
}

/**
 * For every document, how many documents of its source hold each of its lines: LineCounts.counts
 * after addLineCounts of every document, for a whole corpus at once. All lines are sorted together (by
 * line, then document: postings.ts) and each run of one line counted once per document of each
 * source, instead of a sorted merge and then a bisection per line. Document d's counts are
 * `counts[offsets[d] .. offsets[d + 1])` (a view per document, made when needed: a million views
 * held at once would be ~80 MB of heap).
 */
export function corpusLineCounts(docs: readonly IndexedDoc[]): { counts: Uint32Array; offsets: Float64Array } {
  const n = docs.length;
  // One loop per function, none with a call per line in it: this runs once per corpus, mostly before
  // it is optimised.
  const { keys, offsets, sourceOf } = corpusLines(docs);
  // Sorted by (line, entry): a run holds one line, its entries (so its documents) in order.
  const sorted = new Uint32Array(keys.length);
  const entry = new Uint32Array(keys.length);
  sortEntries(keys, offsets, n, 'entry', sorted, entry);
  // The keys are sorted: their memory holds each entry's document, then, once its run is counted,
  // its count.
  documentsOf(offsets, keys);
  countRuns(sorted, entry, sourceOf, keys);
  return { counts: keys, offsets };
}

/** Every document's lines in one array (one pass over the documents: each read may make a document object, memory.ts documents()). */
function corpusLines(docs: readonly IndexedDoc[]): { keys: Uint32Array; offsets: Float64Array; sourceOf: Uint32Array } {
  const n = docs.length;
  let keys: Uint32Array = new Uint32Array(Math.max(1024, n * 16));
  const offsets = new Float64Array(n + 1);
  const sourceOf = new Uint32Array(n);
  const sources = new Map<string, number>();
  let total = 0;
  let lastKey: string | null = null;
  let s = 0;
  for (let d = 0; d < n; d++) {
    const doc = docs[d] as IndexedDoc;
    const key = sourceKey(doc);
    if (key !== lastKey) {
      const known = sources.get(key);
      if (known === undefined) sources.set(key, (s = sources.size));
      else s = known;
      lastKey = key;
    }
    sourceOf[d] = s;
    const lines = doc.lines;
    const m = lines.length;
    if (total + m > keys.length) {
      const grown = new Uint32Array(Math.max(keys.length * 2, total + m));
      grown.set(keys.subarray(0, total));
      keys = grown;
    }
    // A loop, not set(): a few lines each, from views into shared memory.
    for (let i = 0; i < m; i++) keys[total + i] = lines[i] as number;
    total += m;
    offsets[d + 1] = total;
  }
  return { keys: keys.subarray(0, total), offsets, sourceOf };
}

/** docOf[e]: the document of entry e. */
function documentsOf(offsets: Float64Array, docOf: Uint32Array): void {
  for (let d = 0, e = 0; d + 1 < offsets.length; d++) for (const end = offsets[d + 1] as number; e < end; e++) docOf[e] = d;
}

/**
 * Each run of one line counted once per document of each source: for every entry, its count is
 * written over its document in `docOf` (which the run's other entries no longer need by then).
 */
function countRuns(sorted: Uint32Array, entry: Uint32Array, sourceOf: Uint32Array, docOf: Uint32Array): void {
  const total = sorted.length;
  for (let from = 0; from < total; ) {
    const h = sorted[from] as number;
    let to = from + 1;
    while (to < total && sorted[to] === h) to++;
    // Most lines are one document's.
    if (to === from + 1) {
      docOf[entry[from] as number] = 1;
      from = to;
      continue;
    }
    // Entries ascend, so their documents do: a new document is a different one.
    let prev = docOf[entry[from] as number] as number;
    const s0 = sourceOf[prev] as number;
    let distinct = 1;
    let mixed = false;
    for (let x = from + 1; x < to; x++) {
      const d = docOf[entry[x] as number] as number;
      if (d !== prev) distinct++;
      if (sourceOf[d] !== s0) mixed = true;
      prev = d;
    }
    if (mixed) countBySource(entry.subarray(from, to), sourceOf, docOf);
    else for (let x = from; x < to; x++) docOf[entry[x] as number] = distinct;
    from = to;
  }
}

/** A line several sources print (rare): each entry counts its own source's documents. */
function countBySource(entries: Uint32Array, sourceOf: Uint32Array, docOf: Uint32Array): void {
  const docs = Array.from(entries, (e) => docOf[e] as number);
  const bySource = new Map<number, { docs: number; last: number }>();
  for (const doc of docs) {
    const src = sourceOf[doc] as number;
    const c = bySource.get(src);
    if (c === undefined) bySource.set(src, { docs: 1, last: doc });
    else if (c.last !== doc) {
      c.docs++;
      c.last = doc;
    }
  }
  entries.forEach((e, i) => {
    docOf[e] = (bySource.get(sourceOf[docs[i] as number] as number) as { docs: number }).docs;
  });
}

export function sourceKey(doc: IndexedDoc): string {
  return doc.article.source ?? '';
}

export function addLineCounts(counts: LineCounts, doc: IndexedDoc): void {
  counts.addDocument(sourceKey(doc), doc.lines);
}

/**
 * Token mask (1 = furniture) for a document, given how many documents of its source hold each of its
 * lines (`docsWithLine[from + i]` for line i: a corpus's counts are one array). Null when nothing is
 * furniture.
 */
export function furnitureMask(doc: IndexedDoc, docsWithLine: ArrayLike<number>, minDocs: number, from = 0): Uint8Array | null {
  let mask: Uint8Array | null = null;
  const n = doc.lines.length;
  let i = 0;
  while (i < n) {
    // Most lines are in too few documents: looked at here, before any call.
    if ((docsWithLine[from + i] as number) < minDocs || !isCandidate(doc, docsWithLine[from + i] as number, i, minDocs)) {
      i++;
      continue;
    }
    let j = i;
    let words = 0;
    while (j < n && isCandidate(doc, docsWithLine[from + j] as number, j, minDocs)) {
      words += (doc.lineTokenEnd[j] as number) - (doc.lineTokenStart[j] as number);
      j++;
    }
    if (words <= FURNITURE_BLOCK_WORDS) {
      mask ??= arena.u8(doc.tokenCount);
      mask.fill(1, doc.lineTokenStart[i] as number, doc.lineTokenEnd[j - 1] as number);
    }
    i = j;
  }
  return mask;
}

function isCandidate(doc: IndexedDoc, docsWithLine: number, i: number, minDocs: number): boolean {
  return docsWithLine >= minDocs && (doc.lineTokenEnd[i] as number) - (doc.lineTokenStart[i] as number) <= FURNITURE_LINE_WORDS;
}

export function countMasked(mask: Uint8Array | null): number {
  if (!mask) return 0;
  let n = 0;
  for (let i = 0; i < mask.length; i++) n += mask[i] as number;
  return n;
}
