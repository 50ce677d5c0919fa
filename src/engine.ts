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
import { emptyLexicon, canonicalize, type Lexicon } from './lexicon/lexicon.js';
import { defaultLexicon } from './lexicon/load.js';
import { resolveOptions, type Derived, type Options } from './options.js';
import { buildReport, classify, coverageOf } from './report/build.js';
import type { Classification, Report } from './report/contract.js';
import { alignOptions, detectReuse, evidenced, furnitureMasks, tokenCache } from './reuse.js';
import { shingles } from './sketch/shingle.js';
import type { Store } from './store/store.js';
import type { Tokens } from './text/tokenize.js';
import { VERSION } from './version.js';

export type Stage = 'index' | 'align' | 'report';

/**
 * What a run is tuned with: the outcomes of Options, and how spinning is seen through — by default
 * WordNet synonyms and the built-in aliases plus `aliases` (alias table files); `spin: false` for
 * exact matching only; or a `lexicon` of the caller's own (null: exact matching only). Plain data, so
 * it travels to worker threads.
 */
export type RunOptions = Partial<Options> & {
  spin?: boolean | undefined;
  aliases?: readonly string[] | undefined;
  lexicon?: Lexicon | null | undefined;
};

let noSpin: Lexicon | undefined;

export function derive(options: RunOptions): Derived {
  const { lexicon, spin, aliases, ...rest } = options;
  const lex = lexicon !== undefined ? lexicon : spin === false ? null : defaultLexicon(aliases ?? []);
  return resolveOptions(rest, lex ?? (noSpin ??= emptyLexicon()));
}

export interface RunHooks {
  /** Called for each rejected record as it happens (the CLI prints it). */
  onReject?: (r: Rejection) => void;
  /** Called for each reader warning (not a record: never counted). */
  onWarning?: (w: InputWarning) => void;
  /** Progress of a stage; `total` is unknown while reading. */
  onProgress?: (stage: Stage, done: number, total?: number) => void;
}

export interface IndexResult {
  read: number;
  indexed: number;
  rejected: number;
}

const BATCH = 2000;

/**
 * Analyzes records and appends them to the store in batches. A duplicate id is rejected (with a
 * reason saying whether its text differs), so that read = indexed + rejected always holds.
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
  let docs: IndexedDoc[] = [];
  let rejected: Rejection[] = [];
  const pending = new Map<string, string>();
  const flush = (): void => {
    if (docs.length === 0 && rejected.length === 0) return;
    store.add(docs, rejected);
    docs = [];
    rejected = [];
    pending.clear();
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
      const prior = pending.get(article.id) ?? store.get(article.id)?.article.text;
      if (prior !== undefined) {
        const why = prior === article.text ? 'same text as the document already indexed' : 'different text from the document already indexed';
        rejectWith({ ...origin, reason: `duplicate id "${article.id}" (${why})` });
      } else {
        const seq = store.size() + docs.length;
        const a = analyze(article, seq, opts);
        docs.push(a.doc);
        if (tokensOut) tokensOut[seq] = a.tokens;
        pending.set(article.id, article.text);
        res.indexed++;
      }
    }
    if (docs.length + rejected.length >= BATCH) flush();
    if ((res.read & 1023) === 0) hooks.onProgress?.('index', res.read);
  }
  flush();
  hooks.onProgress?.('index', res.read);
  return res;
}

/** The report for everything a store holds. */
export function reportOf(store: Store, options: RunOptions = {}, hooks: RunHooks = {}, tokens?: (Tokens | undefined)[]): Report {
  const opts = derive(options);
  const docs = [...store.all()];
  const masks = furnitureMasks(docs, opts.furnitureMinDocs);
  const reuse = detectReuse(docs, masks, tokenCache(docs, opts.lexicon, tokens), opts, (d, t) => hooks.onProgress?.('align', d, t));
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
  return reportOf(store, options, hooks, tokens);
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
