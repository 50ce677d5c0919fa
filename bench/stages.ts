/**
 * One benchmark run, stage by stage, in this process; prints JSON for bench/run.ts.
 * The stages are the engine's own steps, called as `reprint scan` calls them (with `--threads N`
 * worker threads, default: the cores available).
 *
 *   node dist/bench/stages.js FILE [--threads N]
 *   node dist/bench/stages.js FILE --sketch        # analyze() alone, one thread, articles in memory
 */
import { readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { detectReuseWith } from '../src/engine/dispatch.js';
import { createWorkers } from '../src/engine/pool.js';
import { indexRecords } from '../src/engine.js';
import { analyze } from '../src/index/analyze.js';
import { readInputs } from '../src/ingest/read.js';
import { toArticle } from '../src/ingest/to-article.js';
import { defaultLexicon } from '../src/lexicon/load.js';
import type { Article } from '../src/model/types.js';
import { resolveOptions } from '../src/options.js';
import { buildReport } from '../src/report/build.js';
import { renderHtml } from '../src/report/html.js';
import { furnitureMasks } from '../src/reuse.js';
import { createMemoryStore } from '../src/store/index.js';
import type { Tokens } from '../src/text/tokenize.js';

const file = process.argv[2];
if (!file) throw new Error('usage: stages.js FILE [--threads N | --sketch]');
const args = process.argv.slice(3);
const threads = args.includes('--threads') ? Number(args[args.indexOf('--threads') + 1]) : availableParallelism();
const opts = resolveOptions({}, defaultLexicon());
const stages: Record<string, number> = {};
const peaks: Record<string, number> = {};
const time = async <T>(name: string, f: () => T | Promise<T>): Promise<T> => {
  const t0 = performance.now();
  const r = await f();
  stages[name] = (performance.now() - t0) / 1000;
  peaks[name] = process.resourceUsage().maxRSS / 1024;
  return r;
};

if (args.includes('--sketch')) {
  // Sketching alone: tokenize, shingle, winnow, MinHash, lines (analyze), on this one thread.
  const articles = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => toArticle(JSON.parse(l)))
    .filter((a): a is Article => typeof a !== 'string');
  for (let i = 0; i < Math.min(2000, articles.length); i++) analyze(articles[i] as Article, i, opts); // warm-up
  await time('sketch (analyze, 1 thread)', () => {
    for (let i = 0; i < articles.length; i++) analyze(articles[i] as Article, i, opts);
  });
  process.stdout.write(JSON.stringify({ stages, peaks, docs: articles.length, bytes: statSync(file).size, threads: 1 }));
} else {
  const workers = threads > 1 ? createWorkers(threads) : undefined;
  const store = createMemoryStore();
  const tokens: (Tokens | undefined)[] = [];
  await time('read + tokenize + sketch', () => indexRecords(readInputs([file]), store, {}, { workers }, tokens));
  const docs = store.documents();
  const masks = await time('furniture', () => furnitureMasks(docs, opts.furnitureMinDocs));
  const reuse = await time('candidates + align', () => detectReuseWith(workers, docs, masks, { tokens }, opts, {}));
  const report = await time('report', () => buildReport({ docs, masks, reuse, rejected: store.rejections(), opts, generator: 'bench' }));
  await time('serialize json + html', () => JSON.stringify(report, null, 2).length + renderHtml(report).length);
  await workers?.close();
  process.stdout.write(JSON.stringify({ stages, peaks, docs: docs.length, bytes: statSync(file).size, threads }));
}
