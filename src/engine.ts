/**
 * The pipeline: read records → analyze and index → detect reuse → report. Also `check` (a new text
 * against an index, without adding it) and `compare` (two texts). Inputs and storage come in through
 * plain interfaces; this file does no I/O of its own.
 */
import { alignTexts, round4 } from './align/align.js';
import { analyze } from './index/analyze.js';
import { usableFingerprints } from './index/candidates.js';
import { furnitureMask, sourceKey } from './index/furniture.js';
import type { AlignedPassage, Article, IndexedDoc, InputRecord, InputWarning, Rejection } from './model/types.js';
import { canonicalize } from './lexicon/lexicon.js';
import { derive, type RunOptions } from './engine/run-options.js';
import { resolveOptions, type Derived, type Options } from './options.js';
import { buildReport, classify, coverageOf } from './report/build.js';
import type { Classification, Report } from './report/contract.js';
import { alignOptions, detectReuse, evidenced, furnitureMasks, tokenCache, type PairReuse } from './reuse.js';
import { detectReuseWith } from './engine/dispatch.js';
import type { Workers } from './engine/pool.js';
import { analyzeBatch, type Analyzed } from './engine/worker.js';
import { tuning } from './engine/tuning.js';
import { SeenIds } from './store/seen-ids.js';
import { shingles } from './sketch/shingle.js';
import type { Store } from './store/store.js';
import type { Tokens } from './text/tokenize.js';
import { VERSION } from './version.js';

export type Stage = 'index' | 'align' | 'report';

export type { RunOptions } from './engine/run-options.js';

export interface RunHooks {
  /** Called for each rejected record as it happens (the CLI prints it). */
  onReject?: (r: Rejection) => void;
  /** Called for each reader warning (not a record: never counted). */
  onWarning?: (w: InputWarning) => void;
  /** Progress of a stage; `total` is unknown while reading. */
  onProgress?: (stage: Stage, done: number, total?: number) => void;
  /**
   * Worker threads for analysis and alignment (engine/pool.ts `createWorkers`); absent, everything runs
   * on this thread. Results are the same either way, in the same order. The caller closes them.
   */
  workers?: Workers | undefined;
  /**
   * A full garbage collection (the CLI's cli/collect.ts), called between the stages of a large run so
   * that one stage's dropped memory is returned before the next one's peak. Absent: never called.
   */
  collect?: (() => void) | undefined;
}

/** Runs smaller than this never call `hooks.collect`: a collection costs more than their garbage. */
const COLLECT_ABOVE = 100_000;

export interface IndexResult {
  read: number;
  indexed: number;
  rejected: number;
}

const BATCH = 2000;
/** Articles per worker task. */
const WORKER_BATCH = 256;
/** Above this many articles, the analysis threads are stopped when done, to give their memory back. */
const RELEASE_AFTER = 100_000;
/** Tokens kept for alignment (scan) are capped, so that memory does not grow with them on a large corpus. */
const KEPT_TOKENS = 4_000_000;

/**
 * Analyzes records and appends them to the store in batches. A duplicate id is rejected (with a
 * reason saying whether its text differs), so that read = indexed + rejected always holds.
 *
 * With `hooks.workers`, once more than tuning.inlineArticles have come, analysis runs a batch at a
 * time, in the worker threads and on this thread between its reads; batches are added to the store
 * in the order read, so seqs, the store and every report are exactly those of the one-thread run.
 */
export async function indexRecords(
  records: AsyncIterable<InputRecord> | Iterable<InputRecord>,
  store: Store,
  options: RunOptions = {},
  hooks: RunHooks = {},
  tokensOut?: (Tokens | undefined)[],
): Promise<IndexResult> {
  const opts = derive(options);
  const res: IndexResult = { read: 0, indexed: 0, rejected: 0 };
  const workers = hooks.workers && hooks.workers.threads > 1 ? hooks.workers : undefined;
  let docs: IndexedDoc[] = [];
  let rejected: Rejection[] = [];
  let nextSeq = store.size();
  /**
   * A repeated id is told by `seen` (store/seen-ids.ts), and looked up exactly only when its hash was
   * seen — or always, when the store held documents before this run: `seen` does not know their ids.
   */
  const seen = new SeenIds();
  const exact = nextSeq > 0;
  /** Articles read but not yet in the store, in the order read: the order they are flushed in. */
  let pending: Article[] = [];
  /** Their texts by id, made when first asked for (most runs never ask) and kept up to the next flush. */
  let pendingById: Map<string, string> | null = null;
  const pendingText = (id: string): string | undefined => {
    if (pendingById === null) {
      pendingById = new Map();
      for (const a of pending) pendingById.set(a.id, a.text);
    }
    return pendingById.get(id);
  };
  const addPending = (a: Article): void => {
    pending.push(a);
    pendingById?.set(a.id, a.text);
  };
  let keptTokens = 0;
  const flush = (): void => {
    if (docs.length === 0 && rejected.length === 0) return;
    store.add(docs, rejected);
    pending = pending.length === docs.length ? [] : pending.slice(docs.length);
    pendingById = null;
    docs = [];
    rejected = [];
  };
  // Batches in flight, oldest first; each is added to the store when it and all before it are done.
  // A batch goes to a worker while the workers have fewer than two each queued, else this thread
  // analyses it: the threads share the work whatever their speeds, and this thread is never idle.
  let batch: Article[] = [];
  let batchSeq = 0;
  const inFlight: { done: Promise<IndexedDoc[]>; docs?: IndexedDoc[] }[] = [];
  let atWorkers = 0;
  const send = async (): Promise<void> => {
    if (batch.length === 0) return;
    const w = workers as Workers;
    const articles = batch;
    const firstSeq = batchSeq;
    batch = [];
    let chars = 0;
    for (const a of articles) chars += a.text.length;
    // Tokens come back while under budget: ~6 characters a token.
    const keepTokens = tokensOut !== undefined && keptTokens + chars / 6 < KEPT_TOKENS;
    if (keepTokens) keptTokens += chars / 6;
    const task = { articles, firstSeq, options, keepTokens };
    const take = (r: Analyzed): IndexedDoc[] =>
      r.docs.map((f, i) => {
        if (r.tokens && tokensOut) tokensOut[firstSeq + i] = r.tokens[i];
        return { ...f, article: articles[i] as Article } as IndexedDoc;
      });
    if (atWorkers < 2 * (w.threads - 1)) {
      atWorkers++;
      const entry: (typeof inFlight)[number] = {
        done: w.analyze(task).then((r) => {
          atWorkers--;
          return (entry.docs = take(r));
        }),
      };
      entry.done.catch(() => {}); // awaited in order below; this only keeps a failure from being "unhandled" meanwhile
      inFlight.push(entry);
    } else {
      const docs = take(analyzeBatch(task));
      inFlight.push({ done: Promise.resolve(docs), docs });
      // Let finished worker batches be counted before the next batch is placed.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    // Batches done in order go to the store; past a few in flight, wait for the oldest.
    while (inFlight.length > 0 && ((inFlight[0] as (typeof inFlight)[number]).docs !== undefined || inFlight.length >= w.threads * 4)) {
      await settleOldest();
    }
  };
  const settleOldest = async (): Promise<void> => {
    const done = await (inFlight.shift() as (typeof inFlight)[number]).done;
    docs.push(...done);
    if (docs.length >= BATCH) flush();
  };
  const rejectWith = (r: Rejection): void => {
    rejected.push(r);
    res.rejected++;
    hooks.onReject?.(r);
  };
  for await (const rec of records) {
    if (rec.kind === 'warning') {
      hooks.onWarning?.(rec.warning);
      continue;
    }
    res.read++;
    if (rec.kind === 'rejected') {
      rejectWith(rec.rejection);
    } else {
      const { article, origin } = rec;
      const id = article.id;
      const prior = seen.add(id) && !exact ? undefined : (pendingText(id) ?? store.get(id)?.article.text);
      if (prior !== undefined) {
        const why = prior === article.text ? 'same text as the document already indexed' : 'different text from the document already indexed';
        rejectWith({ ...origin, reason: `duplicate id "${id}" (${why})` });
      } else {
        const seq = nextSeq++;
        addPending(article);
        res.indexed++;
        if (workers && res.indexed > tuning.inlineArticles) {
          if (batch.length === 0) batchSeq = seq;
          batch.push(article);
          if (batch.length >= WORKER_BATCH) await send();
        } else {
          const a = analyze(article, seq, opts);
          docs.push(a.doc);
          if (tokensOut && keptTokens < KEPT_TOKENS) {
            tokensOut[seq] = a.tokens;
            keptTokens += a.tokens.count;
          }
        }
      }
    }
    if (inFlight.length === 0 && batch.length === 0 && docs.length + rejected.length >= BATCH) flush();
    if ((res.read & 1023) === 0) hooks.onProgress?.('index', res.read);
  }
  if (workers) {
    await send();
    while (inFlight.length > 0) await settleOldest();
    // After a large corpus the threads hold large heaps; alignment, if any, starts fresh ones.
    if (res.indexed > RELEASE_AFTER) await workers.close();
  }
  flush();
  hooks.onProgress?.('index', res.read);
  return res;
}

/** The report for everything a store holds, on this thread. */
export function reportOf(store: Store, options: RunOptions = {}, hooks: RunHooks = {}, tokens?: (Tokens | undefined)[]): Report {
  const opts = derive(options);
  const docs = [...store.all()];
  const masks = furnitureMasks(docs, opts.furnitureMinDocs);
  const reuse = detectReuse(docs, masks, tokenCache(docs, opts.lexicon, tokens), opts, (d, t) => hooks.onProgress?.('align', d, t));
  return finish(docs, masks, reuse, store, opts, hooks);
}

/** The report for everything a store holds, aligning in `hooks.workers` when there are enough pairs. */
export async function reportWith(
  store: Store,
  options: RunOptions = {},
  hooks: RunHooks = {},
  tokens: (Tokens | undefined)[] = [],
): Promise<Report> {
  const opts = derive(options);
  const docs = store.documents?.() ?? [...store.all()];
  const collect = docs.length > COLLECT_ABOVE ? hooks.collect : undefined;
  collect?.();
  const masks = furnitureMasks(docs, opts.furnitureMinDocs);
  collect?.();
  const reuse = await detectReuseWith(hooks.workers, docs, masks, { tokens }, opts, options, (d, t) =>
    hooks.onProgress?.('align', d, t),
  );
  collect?.();
  return finish(docs, masks, reuse, store, opts, hooks);
}

function finish(
  docs: readonly IndexedDoc[],
  masks: (Uint8Array | null)[],
  reuse: PairReuse[],
  store: Store,
  opts: Derived,
  hooks: RunHooks,
): Report {
  hooks.onProgress?.('report', 0, 1);
  const report = buildReport({ docs, masks, reuse, rejected: store.rejections(), opts, generator: `reprint ${VERSION}` });
  hooks.onProgress?.('report', 1, 1);
  return report;
}

/** Index records into a store and report on the whole store. */
export async function scan(
  records: AsyncIterable<InputRecord> | Iterable<InputRecord>,
  store: Store,
  options: RunOptions = {},
  hooks: RunHooks = {},
): Promise<Report> {
  const tokens: (Tokens | undefined)[] = [];
  await indexRecords(records, store, options, hooks, tokens);
  return reportWith(store, options, hooks, tokens);
}

export interface CheckPassage {
  /** Span in the indexed document. */
  source: { start: number; end: number };
  /** Span in the checked text. */
  target: { start: number; end: number };
  kind: AlignedPassage['kind'];
  score: number;
  words: number;
  /** Swapped words: spans in the indexed document and in the checked text. */
  substitutions: { source: { start: number; end: number }; target: { start: number; end: number } }[];
}

export interface CheckSource {
  id: string;
  title: string | null;
  source: string | null;
  published_at: string | null;
  /** Share of the checked text's words inside passages from this document. */
  coverage: number;
  passages: CheckPassage[];
}

export interface CheckResult {
  words: number;
  coverage: number;
  classification: Classification;
  sources: CheckSource[];
}

/**
 * Sources of a new text among indexed documents, without adding it. Indexed documents published
 * after the text (both dates known) are not its sources.
 */
export function check(store: Store, article: Article, options: RunOptions = {}): CheckResult {
  const opts = derive(options);
  const { doc, tokens } = analyze(article, store.size(), opts);
  const mask = maskFromStore(store, doc, 1, opts.furnitureMinDocs);
  const fps = usableFingerprints(doc, mask, opts.shingle);
  const hits = store.fingerprintHits(fps);
  const ranked = [...hits.entries()].sort((x, y) => y[1] - x[1] || x[0] - y[0]).slice(0, opts.maxSources);
  const ao = alignOptions(opts);
  // Frequencies as if the text were indexed too, as in a scan.
  const freq = store.fingerprintDocFreq(fps);
  const dfOf = new Map<number, number>();
  fps.forEach((h, i) => dfOf.set(h, (freq[i] as number) + 1));
  const docFreq = (h: number): number => dfOf.get(h) ?? 0;
  const found: { src: IndexedDoc; passages: AlignedPassage[] }[] = [];
  for (const src of store.getMany(ranked.map(([seq]) => seq))) {
    if (src.time !== null && doc.time !== null && src.time > doc.time) continue;
    const passages = alignTexts(
      { text: src.article.text, tokens: canonicalize(src.article.text, opts.lexicon), furniture: maskFromStore(store, src, 0, opts.furnitureMinDocs) },
      { text: article.text, tokens, furniture: mask },
      ao,
    ).filter((p) => evidenced(p, src, doc, docFreq, opts));
    if (passages.length > 0) found.push({ src, passages });
  }
  const cov = coverageOf(
    doc.tokenCount,
    mask,
    found.map((f) => ({ source: f.src.seq, spans: f.passages.map((p) => p.bTokens) })),
  );
  const bySeq = new Map(found.map((f) => [f.src.seq, f]));
  return {
    words: cov.words,
    coverage: cov.coverage,
    classification: classify(cov.coverage, cov.covered, opts.copyCoverage),
    sources: cov.sources.map((s) => {
      const f = bySeq.get(s.seq) as { src: IndexedDoc; passages: AlignedPassage[] };
      const a = f.src.article;
      return {
        id: a.id,
        title: a.title ?? null,
        source: a.source ?? null,
        published_at: a.published_at ?? null,
        coverage: s.coverage,
        passages: f.passages.map((p) => ({
          source: p.a,
          target: p.b,
          kind: p.kind,
          score: p.score,
          words: p.matched,
          substitutions: p.substitutions.map((x) => ({ source: x.a, target: x.b })),
        })),
      };
    }),
  };
}

/** Furniture mask of a document from the store's line counts; `extra` counts the document itself when it is not stored. */
function maskFromStore(store: Store, doc: IndexedDoc, extra: number, minDocs: number): Uint8Array | null {
  const counts = store.lineDocCounts(sourceKey(doc), doc.lines);
  if (extra) for (let i = 0; i < counts.length; i++) counts[i] = (counts[i] as number) + extra;
  return furnitureMask(doc, counts, minDocs);
}

export interface Comparison {
  similarity: { jaccard: number; containment_a: number; containment_b: number };
  passages: {
    a: { start: number; end: number };
    b: { start: number; end: number };
    kind: AlignedPassage['kind'];
    score: number;
    words: number;
    /** Aligned words swapped for a synonym or an alias. */
    swapped: number;
    substitutions: { a: { start: number; end: number }; b: { start: number; end: number } }[];
  }[];
}

/** Two texts side by side: shingle-set similarity and aligned passages. */
export function compare(textA: string, textB: string, options: RunOptions = {}): Comparison {
  const opts: Derived = derive(options);
  const ta = canonicalize(textA, opts.lexicon);
  const tb = canonicalize(textB, opts.lexicon);
  const sa = new Set(shingles(ta.id, ta.count, opts.shingle));
  const sb = new Set(shingles(tb.id, tb.count, opts.shingle));
  let inter = 0;
  for (const h of sa) if (sb.has(h)) inter++;
  const union = sa.size + sb.size - inter;
  const passages = alignTexts({ text: textA, tokens: ta }, { text: textB, tokens: tb }, alignOptions(opts));
  return {
    similarity: {
      jaccard: union > 0 ? round4(inter / union) : 0,
      containment_a: sa.size > 0 ? round4(inter / sa.size) : 0,
      containment_b: sb.size > 0 ? round4(inter / sb.size) : 0,
    },
    passages: passages.map((p) => ({
      a: p.a,
      b: p.b,
      kind: p.kind,
      score: p.score,
      words: p.matched,
      swapped: p.swapped,
      substitutions: p.substitutions,
    })),
  };
}
