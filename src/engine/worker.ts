/**
 * The worker threads' side of the pool (pool.ts): per-document analysis and per-pair alignment, each
 * by the very functions the single-threaded path calls, so results cannot differ.
 */
import { analyze } from '../index/analyze.js';
import { keyCount } from '../index/postings.js';
import type { Article, IndexedDoc } from '../model/types.js';
import type { Derived } from '../options.js';
import { derive, type RunOptions } from './run-options.js';
import { alignCache, alignPairs, tokenCache, type AlignCache, type PairReuse } from '../reuse.js';
import type { Tokens } from '../text/tokenize.js';
import { compactDocs, type Features } from '../store/compact.js';
import { packViews, unpackViews, type PackedViews } from './views.js';

export interface AnalyzeTask {
  articles: Article[];
  firstSeq: number;
  options: RunOptions;
  /** Also return each document's tokens (for a corpus small enough to keep them). */
  keepTokens: boolean;
}

export interface Analyzed {
  docs: Features[];
  tokens: Tokens[] | null;
}

/**
 * Features of each article (its seq is firstSeq + index). Everything is packed into shared memory
 * (one SharedArrayBuffer for the features, one for the tokens): the main thread keeps it without
 * a copy, and alignment tasks later hand the same memory to any worker without a copy either.
 */
export function analyzeBatch(task: AnalyzeTask): Analyzed {
  const opts = derive(task.options);
  const feats: Features[] = [];
  const toks: { start: Uint32Array; end: Uint32Array; id: Uint32Array; raw: Uint32Array; count: number }[] = [];
  task.articles.forEach((article, i) => {
    const { doc, tokens } = analyze(article, task.firstSeq + i, opts);
    const { article: _, ...features } = doc;
    feats.push(features);
    if (task.keepTokens) {
      const n = tokens.count;
      // `raw` always, so that every document of a batch has one shape (compactDocs): aliases need it.
      toks.push({ start: tokens.start.subarray(0, n), end: tokens.end.subarray(0, n), id: tokens.id.subarray(0, n), raw: (tokens.raw ?? tokens.id).subarray(0, n), count: n });
    }
  });
  return { docs: compactDocs(feats, true), tokens: task.keepTokens ? compactDocs(toks, true) : null };
}

/** analyzeBatch's result with its thousands of typed-array views packed (views.ts): what a worker sends back. */
export interface PackedAnalyzed {
  docs: PackedViews;
  tokens: PackedViews | null;
}

export function analyzeBatchPacked(task: AnalyzeTask): PackedAnalyzed {
  const r = analyzeBatch(task);
  return {
    docs: packViews(r.docs),
    tokens: r.tokens && packViews(r.tokens),
  };
}

export function unpackAnalyzed(p: PackedAnalyzed): Analyzed {
  return {
    docs: unpackViews(p.docs) as unknown as Features[],
    tokens: p.tokens && (unpackViews(p.tokens) as unknown as Tokens[]),
  };
}

export interface CorpusTask {
  /** Names the corpus: align tasks refer to it. `null` drops the worker's copy. */
  id: number | null;
  /**
   * The documents pairs will name, with their furniture masks ({mask}) and tokens where known,
   * each list packed by views.ts.
   */
  docs?: PackedViews;
  masks?: PackedViews;
  tokens?: PackedViews;
  /** Candidates.fingerprintKeys, in shared memory: document frequencies are runs in it. */
  fingerprintKeys?: Uint32Array;
  options?: RunOptions;
  /** Counts the workers that have their copy (pool.ts share): each waits here until all have one. */
  barrier: Int32Array;
  parties: number;
  waitMs: number;
}

/** A worker's copy of the corpus being aligned, with what it has computed per document so far. */
interface Corpus {
  id: number;
  opts: Derived;
  docs: IndexedDoc[];
  masks: (Uint8Array | null)[];
  tokensOf: (seq: number) => Tokens;
  docFreq: (h: number) => number;
  cache: AlignCache;
}

let corpus: Corpus | undefined;

/**
 * Takes this worker's copy of a corpus, once: alignment tasks then carry only their pairs. A chunk of
 * pairs names thousands of documents, and the same documents recur from chunk to chunk; sent with
 * every chunk, they cost about what aligning them does.
 */
export function loadCorpus(task: CorpusTask): void {
  corpus = undefined;
  if (task.id !== null) {
    const opts = derive(task.options ?? {});
    const docs: IndexedDoc[] = [];
    const masks: (Uint8Array | null)[] = [];
    const tokens: (Tokens | undefined)[] = [];
    const taskMasks = unpackViews(task.masks as PackedViews);
    const taskTokens = unpackViews(task.tokens as PackedViews);
    unpackViews(task.docs as PackedViews).forEach((o, i) => {
      const d = o as unknown as IndexedDoc;
      docs[d.seq] = d;
      masks[d.seq] = (taskMasks[i]?.mask as Uint8Array | undefined) ?? null;
      tokens[d.seq] = (taskTokens[i] ?? undefined) as Tokens | undefined;
    });
    const keys = { keys: task.fingerprintKeys as Uint32Array, size: (task.fingerprintKeys as Uint32Array).length };
    corpus = {
      id: task.id,
      opts,
      docs,
      masks,
      tokensOf: tokenCache(docs, opts.lexicon, tokens),
      docFreq: (h) => keyCount(keys, h),
      cache: alignCache(),
    };
  }
  Atomics.add(task.barrier, 0, 1);
  Atomics.notify(task.barrier, 0);
  const deadline = Date.now() + task.waitMs;
  for (let seen = Atomics.load(task.barrier, 0); seen < task.parties; seen = Atomics.load(task.barrier, 0)) {
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`worker threads did not all take the corpus within ${task.waitMs} ms`);
    Atomics.wait(task.barrier, 0, seen, left);
  }
}

export interface AlignTask {
  /** The corpus (loadCorpus) the pairs are of. */
  corpus: number;
  /** Pairs as [a0, b0, a1, b1, ...]. */
  pairs: Uint32Array;
}

export function alignChunk(task: AlignTask): PairReuse[] {
  const c = corpus;
  if (c === undefined || c.id !== task.corpus) throw new Error(`worker thread has no copy of corpus ${task.corpus}`);
  const pairs: [number, number][] = [];
  for (let i = 0; i < task.pairs.length; i += 2) pairs.push([task.pairs[i] as number, task.pairs[i + 1] as number]);
  return alignPairs(c.docs, c.masks, c.tokensOf, pairs, c.docFreq, c.opts, undefined, c.cache);
}
