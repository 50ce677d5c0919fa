/**
 * Assembles `report.json` from aligned pairs: direction of each passage, per-document coverage and
 * sources, classification, families. Everything is sorted, so the same corpus gives the same bytes.
 */
import { round4 } from '../align/align.js';
import { families, type Family } from '../cluster/families.js';
import { countMasked } from '../index/furniture.js';
import type { IndexedDoc, Rejection, Span } from '../model/types.js';
import type { Derived } from '../options.js';
import type { PairReuse } from '../reuse.js';
import {
  MAX_SPINS,
  REPORT_FORMAT,
  REPORT_VERSION,
  type Classification,
  type Report,
  type ReportCluster,
  type ReportDocument,
  type ReportPassage,
  type ReportSpin,
} from './contract.js';
import { normalizeToken } from '../text/normalize.js';

/** Which way reuse runs between two documents. */
export type Direction = 'a-to-b' | 'b-to-a' | 'unknown';

/** Strictly earlier `published_at` decides; equal or unknown dates leave the order unknown. */
export function direction(a: IndexedDoc, b: IndexedDoc): Direction {
  if (a.time === null || b.time === null || a.time === b.time) return 'unknown';
  return a.time < b.time ? 'a-to-b' : 'b-to-a';
}

interface Contribution {
  source: number;
  spans: Span[];
}

export interface CoverageResult {
  words: number;
  covered: number;
  coverage: number;
  /** Per source: covered words and passage count, ranked. */
  sources: { seq: number; covered: number; coverage: number; passages: number }[];
}

/**
 * Coverage of a target's words by passages from each source (token spans on the target side). Spans
 * are merged into their union, per source and overall, and only the masked words inside the union
 * are looked at, word by word: a corpus's targets are covered by a few long spans each.
 */
export function coverageOf(tokenCount: number, mask: Uint8Array | null, contributions: readonly Contribution[]): CoverageResult {
  const words = wordsOf(tokenCount, mask);
  const [only] = contributions;
  if (only === undefined) return { words, covered: 0, coverage: 0, sources: [] };
  // The usual target, reused from one source, on a path of its own: this runs a few thousand times,
  // and what V8 optimises is then this small function, not the general case.
  if (contributions.length === 1) return coverageFromOne(words, mask, only);
  return coverageFromMany(words, mask, contributions);
}

function coverageFromOne(words: number, mask: Uint8Array | null, only: Contribution): CoverageResult {
  const covered = unmaskedUnion(only.spans.slice(), mask);
  const coverage = fraction(covered, words);
  return { words, covered, coverage, sources: [{ seq: only.source, covered, coverage, passages: only.spans.length }] };
}

function coverageFromMany(words: number, mask: Uint8Array | null, contributions: readonly Contribution[]): CoverageResult {
  const bySource = new Map<number, { spans: Span[]; passages: number }>();
  for (const c of contributions) {
    let entry = bySource.get(c.source);
    if (!entry) bySource.set(c.source, (entry = { spans: [], passages: 0 }));
    entry.passages += c.spans.length;
    for (const s of c.spans) entry.spans.push(s);
  }
  const sources = [...bySource.entries()]
    .map(([seq, e]) => {
      const covered = unmaskedUnion(e.spans, mask);
      return { seq, covered, coverage: fraction(covered, words), passages: e.passages };
    })
    .sort((x, y) => y.covered - x.covered || x.seq - y.seq);
  const covered = bySource.size === 1 ? (sources[0] as { covered: number }).covered : unmaskedUnion(contributions.flatMap((c) => c.spans), mask);
  return { words, covered, coverage: fraction(covered, words), sources };
}

/** A share of a document's words, as the report rounds it. */
function fraction(x: number, words: number): number {
  return words > 0 ? round4(x / words) : 0;
}

/** A document's words: its tokens less its furniture. */
function wordsOf(tokenCount: number, mask: Uint8Array | null): number {
  return tokenCount - countMasked(mask);
}

/** Unmasked tokens in the union of the spans (sorted here, by start). */
function unmaskedUnion(spans: Span[], mask: Uint8Array | null): number {
  if (!isSorted(spans)) spans.sort((x, y) => x.start - y.start);
  let n = 0;
  let from = 0;
  let to = 0;
  for (const s of spans) {
    if (s.start >= s.end) continue;
    if (s.start > to) {
      n += unmasked(mask, from, to);
      from = s.start;
      to = s.end;
    } else if (s.end > to) to = s.end;
  }
  return n + unmasked(mask, from, to);
}

function isSorted(spans: readonly Span[]): boolean {
  for (let i = 1; i < spans.length; i++) if ((spans[i] as Span).start < (spans[i - 1] as Span).start) return false;
  return true;
}

function unmasked(mask: Uint8Array | null, from: number, to: number): number {
  if (!mask) return to - from;
  let n = 0;
  for (let i = from; i < to; i++) if (!mask[i]) n++;
  return n;
}

export function classify(coverage: number, covered: number, copyCoverage: number): Classification {
  if (covered > 0 && coverage >= copyCoverage) return 'copy';
  return covered > 0 ? 'partial' : 'original';
}

/** Swapped words as the spin lexicon lists them: normalized, one space between words. */
function words(s: string): string {
  return normalizeToken(s).replace(/\s+/g, ' ').trim();
}

export interface BuildInput {
  docs: readonly IndexedDoc[];
  masks: readonly (Uint8Array | null)[];
  reuse: readonly PairReuse[];
  rejected: readonly Rejection[];
  opts: Derived;
  generator: string;
}

export function buildReport(input: BuildInput): Report {
  const { docs, masks, reuse, opts } = input;
  // Most documents take nothing from others: their lists are made when needed.
  const contributions: (Contribution[] | undefined)[] = new Array(docs.length);
  const passages: ReportPassage[] = [];
  /** Per passage: target and source seqs, the first keys of its order. */
  const targetSeq: number[] = [];
  const sourceSeq: number[] = [];
  const inPassage = new Uint8Array(docs.length);
  // Per target document: words aligned and words swapped in what it takes from its sources.
  const aligned = new Float64Array(docs.length);
  const swapped = new Float64Array(docs.length);
  const spins = new Map<string, ReportSpin>();
  for (const pair of reuse) {
    const A = docs[pair.a] as IndexedDoc;
    const B = docs[pair.b] as IndexedDoc;
    const dir = direction(A, B);
    const [src, tgt] = dir === 'b-to-a' ? [B, A] : [A, B];
    const flip = dir === 'b-to-a';
    inPassage[pair.a] = 1;
    inPassage[pair.b] = 1;
    if (dir !== 'b-to-a') (contributions[pair.b] ??= []).push({ source: pair.a, spans: pair.passages.map((p) => p.bTokens) });
    if (dir !== 'a-to-b') (contributions[pair.a] ??= []).push({ source: pair.b, spans: pair.passages.map((p) => p.aTokens) });
    for (const p of pair.passages) {
      const s = flip ? p.b : p.a;
      const t = flip ? p.a : p.b;
      const subs = p.substitutions.map((x) => (flip ? { source: x.b, target: x.a } : { source: x.a, target: x.b }));
      aligned[tgt.seq] = (aligned[tgt.seq] as number) + p.matched;
      swapped[tgt.seq] = (swapped[tgt.seq] as number) + p.swapped;
      if (dir === 'unknown') {
        aligned[src.seq] = (aligned[src.seq] as number) + p.matched;
        swapped[src.seq] = (swapped[src.seq] as number) + p.swapped;
      }
      for (const x of subs) {
        const from = words(src.article.text.slice(x.source.start, x.source.end));
        const to = words(tgt.article.text.slice(x.target.start, x.target.end));
        const key = `${from}\u0000${to}`;
        const e = spins.get(key);
        if (e) e.count++;
        else spins.set(key, { from, to, count: 1 });
      }
      passages.push({
        source: { id: src.article.id, start: s.start, end: s.end },
        target: { id: tgt.article.id, start: t.start, end: t.end },
        kind: p.kind,
        score: p.score,
        words: p.matched,
        substitutions: subs,
        ordered: dir !== 'unknown',
      });
      targetSeq.push(tgt.seq);
      sourceSeq.push(src.seq);
    }
  }
  const byPosition = passages.map((_, i) => i);
  byPosition.sort((i, j) => {
    const x = passages[i] as ReportPassage;
    const y = passages[j] as ReportPassage;
    return (
      (targetSeq[i] as number) - (targetSeq[j] as number) ||
      x.target.start - y.target.start ||
      (sourceSeq[i] as number) - (sourceSeq[j] as number) ||
      x.source.start - y.source.start ||
      x.target.end - y.target.end
    );
  });

  // Coverage of the documents that take from others; the others (most of a corpus) cover nothing.
  const coverage: (CoverageResult | undefined)[] = new Array(docs.length);
  for (let i = 0; i < docs.length; i++) {
    const c = contributions[i];
    if (c) coverage[i] = coverageOf((docs[i] as IndexedDoc).tokenCount, masks[i] ?? null, c);
  }
  const fams = families(
    docs.length,
    reuse.map((p) => [p.a, p.b] as [number, number]),
    (seq) => ({ seq, time: (docs[seq] as IndexedDoc).time, coverage: coverage[seq]?.coverage ?? 0 }),
  );
  // Each document's family, by seq (most documents are in none).
  const clusterOf: (string | null)[] = new Array<string | null>(docs.length).fill(null);
  const clusters: ReportCluster[] = [];
  for (let i = 0; i < fams.length; i++) {
    const f = fams[i] as Family;
    const id = `c${i + 1}`;
    const ids: string[] = [];
    for (const m of f.members) {
      clusterOf[m] = id;
      ids.push((docs[m] as IndexedDoc).article.id);
    }
    clusters.push({ id, documents: ids, origin: (docs[f.origin] as IndexedDoc).article.id });
  }

  // A loop with no object or call a document does not need: it runs once, over every document, mostly
  // before it is optimised.
  const counts = { copy: 0, partial: 0, original: 0 };
  const documents: ReportDocument[] = [];
  for (let i = 0; i < docs.length; i++) {
    const d = docs[i] as IndexedDoc;
    // Most documents take nothing from others: no coverage, no sources.
    const cov = coverage[i];
    const words = cov ? cov.words : wordsOf(d.tokenCount, masks[i] ?? null);
    const fraction = cov ? cov.coverage : 0;
    const classification = cov ? classify(fraction, cov.covered, opts.copyCoverage) : 'original';
    counts[classification]++;
    const a = d.article;
    const out: ReportDocument = {
      id: a.id,
      title: a.title ?? null,
      source: a.source ?? null,
      url: a.url ?? null,
      published_at: a.published_at ?? null,
      words,
      furniture_words: d.tokenCount - words,
      classification,
      coverage: fraction,
      spin: (aligned[i] as number) > 0 ? round4((swapped[i] as number) / (aligned[i] as number)) : 0,
      sources: cov ? cov.sources.map((s) => ({ id: (docs[s.seq] as IndexedDoc).article.id, coverage: s.coverage, passages: s.passages })) : [],
      cluster: clusterOf[i] as string | null,
    };
    if (inPassage[i]) out.text = a.text;
    documents.push(out);
  }

  return {
    format: REPORT_FORMAT,
    version: REPORT_VERSION,
    generator: input.generator,
    params: {
      shingle: opts.shingle,
      window: opts.window,
      min_passage_words: opts.minPassageWords,
      near_duplicate_threshold: opts.threshold,
      lsh_bands: opts.lsh.bands,
      lsh_rows: opts.lsh.rows,
      copy_coverage: opts.copyCoverage,
      furniture_min_docs: opts.furnitureMinDocs,
    },
    summary: {
      records: docs.length + input.rejected.length,
      documents: docs.length,
      rejected: input.rejected.length,
      passages: passages.length,
      clusters: clusters.length,
      ...counts,
    },
    documents,
    passages: byPosition.map((i) => passages[i] as ReportPassage),
    clusters,
    spins: [...spins.values()]
      .sort((x, y) => y.count - x.count || (x.from < y.from ? -1 : x.from > y.from ? 1 : x.to < y.to ? -1 : x.to > y.to ? 1 : 0))
      .slice(0, MAX_SPINS),
    rejected: [...input.rejected],
  };
}
