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

/** source → line hash → number of distinct documents holding that line. */
export type LineCounts = Map<string, Map<number, number>>;

export function sourceKey(doc: IndexedDoc): string {
  return doc.article.source ?? '';
}

/** Distinct lines of one document (a line repeated within a page counts once). */
export function distinctLines(doc: IndexedDoc): Uint32Array {
  const sorted = Uint32Array.from(doc.lines).sort();
  let n = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[n++] = sorted[i] as number;
  }
  return sorted.subarray(0, n);
}

export function addLineCounts(counts: LineCounts, doc: IndexedDoc): void {
  const key = sourceKey(doc);
  let m = counts.get(key);
  if (m === undefined) counts.set(key, (m = new Map()));
  for (const h of distinctLines(doc)) m.set(h, (m.get(h) ?? 0) + 1);
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
      mask ??= new Uint8Array(doc.tokenCount);
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

/** Counts for each of `doc`'s lines, looked up in corpus-wide counts. */
export function lineCountsOf(doc: IndexedDoc, counts: LineCounts): Uint32Array {
  const m = counts.get(sourceKey(doc));
  const out = new Uint32Array(doc.lines.length);
  if (m) for (let i = 0; i < out.length; i++) out[i] = m.get(doc.lines[i] as number) ?? 0;
  return out;
}

export function countMasked(mask: Uint8Array | null): number {
  if (!mask) return 0;
  let n = 0;
  for (let i = 0; i < mask.length; i++) n += mask[i] as number;
  return n;
}
