/**
 * `npm run bench:ingest`: how fast HTML pages become articles, and how fast a crawl is read. N
 * Reuters-21578 stories are wrapped in a wire-service page (navigation, byline, photo caption,
 * "Advertisement", a newsletter box, "Read more", footer), written as .html files and as one
 * .warc.gz (a gzip member per record, a request record before each response), then read through
 * readInputs: pages/s and MB/s (of HTML, and of uncompressed WARC), median of 3 runs. The table is
 * printed and written to bench/RESULTS.md between `<!-- ingest -->` and `<!-- end ingest -->`.
 *
 *   node dist/bench/ingest.js [--pages N] [--runs N] [--data FILE]
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readInputs } from '../src/ingest/read.js';
import { machine, markdownTable, median, writeSection } from './results.js';
import { wirePage, type Story } from '../test/helpers/pages.js';
import { pageRecord, requestRecord, warcFile, warcinfoRecord } from '../test/helpers/warc.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values: opts } = parseArgs({
  options: { pages: { type: 'string', default: '2000' }, runs: { type: 'string', default: '3' }, data: { type: 'string', default: '../shared/data/reuters21578.jsonl' } },
});
const pages = Number(opts.pages);
const runs = Number(opts.runs);
const data = path.resolve(root, opts.data);

if (!existsSync(data)) {
  console.log(`bench:ingest: ${data} is not there (the shared data folder is absent); nothing measured.`);
  process.exit(0);
}

interface Reuters {
  id: string;
  title: string;
  text: string;
  source?: string;
  published_at?: string;
}

/** Reuters bodies wrap lines at 70 columns and indent each new paragraph by four spaces. */
function paragraphs(text: string): string[] {
  return text
    .split(/\n(?= {4})/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter((p) => p !== '');
}

const stories: Story[] = [];
for (const line of readFileSync(data, 'utf8').split('\n')) {
  if (stories.length >= pages) break;
  if (line.trim() === '') continue;
  const r = JSON.parse(line) as Reuters;
  const ps = paragraphs(r.text);
  if (ps.length < 3) continue; // a page template needs a few paragraphs to hang its furniture on
  stories.push({
    title: r.title,
    url: `https://wire.example/article/${r.id}`,
    published_at: r.published_at ?? '1987-03-01T00:00:00Z',
    author: 'Reuters',
    site: 'Reuters',
    paragraphs: ps,
  });
}

const dir = mkdtempSync(path.join(tmpdir(), 'reprint-bench-ingest-'));
const htmlDir = path.join(dir, 'pages');
const warc = path.join(dir, 'crawl.warc.gz');
let htmlBytes = 0;
let warcBytes = 0;
try {
  mkdirSync(htmlDir);
  const records = [warcinfoRecord()];
  stories.forEach((s, i) => {
    const html = wirePage(s, { furniture: true });
    const file = path.join(htmlDir, `${String(i).padStart(5, '0')}.html`);
    writeFileSync(file, html);
    htmlBytes += Buffer.byteLength(html);
    records.push(requestRecord(s.url), pageRecord(s.url, html, s.published_at));
  });
  warcBytes = records.reduce((n, r) => n + r.length, 0);
  writeFileSync(warc, warcFile(records, true));

  const time = async (input: string): Promise<{ seconds: number; articles: number; rejected: number }> => {
    const t0 = performance.now();
    let articles = 0;
    let rejected = 0;
    for await (const r of readInputs([input])) {
      if (r.kind === 'article') articles++;
      else if (r.kind === 'rejected') rejected++;
    }
    return { seconds: (performance.now() - t0) / 1000, articles, rejected };
  };
  await time(htmlDir); // warm-up: JIT, file cache
  const html: number[] = [];
  const crawl: number[] = [];
  let counts = { html: 0, warc: 0, rejected: 0 };
  for (let i = 0; i < runs; i++) {
    const h = await time(htmlDir);
    const w = await time(warc);
    html.push(h.seconds);
    crawl.push(w.seconds);
    counts = { html: h.articles, warc: w.articles, rejected: h.rejected + w.rejected };
    process.stderr.write(`run ${i + 1}/${runs}: HTML ${h.seconds.toFixed(2)} s, WARC ${w.seconds.toFixed(2)} s\n`);
  }
  if (counts.html !== stories.length || counts.warc !== stories.length || counts.rejected > 0) {
    throw new Error(`expected ${stories.length} articles from each input, got ${JSON.stringify(counts)}`);
  }
  const hs = median(html);
  const ws = median(crawl);
  const mb = (n: number): string => (n / 1e6).toFixed(1);
  const rows = [
    ['input', 'pages', 'MB', 'median s', 'pages/s', 'MB/s'],
    ['HTML files → articles (Readability over linkedom)', String(stories.length), mb(htmlBytes), hs.toFixed(3), Math.round(stories.length / hs).toLocaleString('en-US'), (htmlBytes / 1e6 / hs).toFixed(2)],
    ['.warc.gz → articles (gunzip, WARCParser, extraction)', String(stories.length), `${mb(warcBytes)} (${mb(statSync(warc).size)} gz)`, ws.toFixed(3), Math.round(stories.length / ws).toLocaleString('en-US'), (warcBytes / 1e6 / ws).toFixed(2)],
  ];
  const text = [
    `## Ingest: HTML extraction and WARC reading (${stories.length} Reuters-21578 stories in wire pages)`,
    '',
    `${new Date().toISOString().slice(0, 10)} · ${machine()} · median of ${runs} runs · MB of HTML, and of uncompressed WARC`,
    '',
    ...markdownTable(rows),
    '',
  ].join('\n');
  console.log(text);
  const resultsFile = path.join(root, 'bench', 'RESULTS.md');
  writeSection(resultsFile, '<!-- ingest -->', '<!-- end ingest -->', text);
  console.log(`written to ${path.relative(process.cwd(), resultsFile)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
