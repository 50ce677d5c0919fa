/**
 * One benchmark run, stage by stage, in this process; prints JSON for bench/run.ts.
 * The stages are the engine's own steps, called as `reprint scan` calls them.
 */
import { statSync } from 'node:fs';
import { indexRecords } from '../src/engine.js';
import { readInputs } from '../src/ingest/read.js';
import { defaultLexicon } from '../src/lexicon/load.js';
import { resolveOptions } from '../src/options.js';
import { buildReport } from '../src/report/build.js';
import { renderHtml } from '../src/report/html.js';
import { detectReuse, furnitureMasks, tokenCache } from '../src/reuse.js';
import { createMemoryStore } from '../src/store/index.js';
import type { Tokens } from '../src/text/tokenize.js';

const file = process.argv[2];
if (!file) throw new Error('usage: stages.js FILE');
const stages: Record<string, number> = {};
const time = async <T>(name: string, f: () => T | Promise<T>): Promise<T> => {
  const t0 = performance.now();
  const r = await f();
  stages[name] = (performance.now() - t0) / 1000;
  return r;
};

const opts = resolveOptions({}, defaultLexicon());
const store = createMemoryStore();
const tokens: (Tokens | undefined)[] = [];
await time('read + tokenize + sketch', () => indexRecords(readInputs([file]), store, {}, {}, tokens));
const docs = [...store.all()];
const masks = await time('furniture', () => furnitureMasks(docs, opts.furnitureMinDocs));
const reuse = await time('candidates + align', () => detectReuse(docs, masks, tokenCache(docs, opts.lexicon, tokens), opts));
const report = await time('report', () => buildReport({ docs, masks, reuse, rejected: store.rejections(), opts, generator: 'bench' }));
await time('serialize json + html', () => JSON.stringify(report, null, 2).length + renderHtml(report).length);
process.stdout.write(
  JSON.stringify({ stages, docs: docs.length, bytes: statSync(file).size, peakRssMb: process.resourceUsage().maxRSS / 1024 }),
);
