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
import { lowerKey } from './postings.js';

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

  /** counts() of a counted document's own lines (each is held at least by that document). */
  countsHeld(source: string, lines: ArrayLike<number>): Uint32Array {
    const out = arena.u32(lines.length);
    const s = this.bySource.get(source);
    if (!s) throw new Error(`furniture: no lines counted for source ${JSON.stringify(source)}`);
    for (let i = 0; i < out.length; i++) out[i] = s.countHeld(lines[i] as number);
    return out;
  }
}

class SourceLines {
  private pending: Uint32Array = new Uint32Array(64);
  private n = 0;
  private hashes: Uint32Array = new Uint32Array(0);
  private docs: Uint32Array = new Uint32Array(0);
  /** The hashes held by more than one document, and their counts. */
  private shared: Uint32Array = new Uint32Array(0);
  private sharedDocs: Uint32Array = new Uint32Array(0);

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

  /**
   * count(h) for a line known to be held (a document's own line, the document counted): most lines
   * are held by one document only, so only the short list of shared lines is searched.
   */
  countHeld(h: number): number {
    if (this.n > 0) this.merge();
    const a = this.shared;
    const lo = lowerKey({ keys: a, size: a.length }, h);
    return lo < a.length && a[lo] === h ? (this.sharedDocs[lo] as number) : 1;
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
    let k = 0;
    for (let i = 0; i < m; i++) if ((docs[i] as number) > 1) k++;
    this.shared = new Uint32Array(k);
    this.sharedDocs = new Uint32Array(k);
    for (let i = 0, j = 0; i < m; i++) {
      if ((docs[i] as number) > 1) {
        this.shared[j] = hashes[i] as number;
        this.sharedDocs[j++] = docs[i] as number;
      }
    }
    this.n = 0;
    if (this.pending.length > 1 << 16) this.pending = new Uint32Array(64);
  }
}

export function sourceKey(doc: IndexedDoc): string {
  return doc.article.source ?? '';
}

export function addLineCounts(counts: LineCounts, doc: IndexedDoc): void {
  counts.addDocument(sourceKey(doc), doc.lines);
}

/**
 * Token mask (1 = furniture) for a document, given how many documents of its source hold each of its
 * lines (`docsWithLine[i]` for line i). Null when nothing is furniture.
 */
export function furnitureMask(doc: IndexedDoc, docsWithLine: ArrayLike<number>, minDocs: number): Uint8Array | null {
  let mask: Uint8Array | null = null;
  const n = doc.lines.length;
  let i = 0;
  while (i < n) {
    if (!isCandidate(doc, docsWithLine, i, minDocs)) {
      i++;
      continue;
    }
    let j = i;
    let words = 0;
    while (j < n && isCandidate(doc, docsWithLine, j, minDocs)) {
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

function isCandidate(doc: IndexedDoc, docsWithLine: ArrayLike<number>, i: number, minDocs: number): boolean {
  const words = (doc.lineTokenEnd[i] as number) - (doc.lineTokenStart[i] as number);
  return (docsWithLine[i] as number) >= minDocs && words <= FURNITURE_LINE_WORDS;
}

/** Counts for each of `doc`'s lines, looked up in corpus-wide counts that include `doc` (addLineCounts). */
export function lineCountsOf(doc: IndexedDoc, counts: LineCounts): Uint32Array {
  return counts.countsHeld(sourceKey(doc), doc.lines);
}

export function countMasked(mask: Uint8Array | null): number {
  if (!mask) return 0;
  let n = 0;
  for (let i = 0; i < mask.length; i++) n += mask[i] as number;
  return n;
}
