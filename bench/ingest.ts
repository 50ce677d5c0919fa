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
import { cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readInputs } from '../src/ingest/read.js';
import { wirePage, type Story } from '../test/helpers/pages.js';
import { pageRecord, requestRecord, warcFile, warcinfoRecord } from '../test/helpers/warc.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const args = process.argv.slice(2);
const flag = (name: string, def: string): string => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? (args[i + 1] as string) : def;
};
const pages = Number(flag('--pages', '2000'));
const runs = Number(flag('--runs', '3'));
const data = path.resolve(root, flag('--data', '../shared/data/reuters21578.jsonl'));

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
  const median = (xs: number[]): number => {
    const s = [...xs].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
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
  const widths = (rows[0] as string[]).map((_, c) => Math.max(...rows.map((r) => (r[c] as string).length)));
  const table = rows.map((r, i) => {
    const line = `| ${r.map((cell, c) => cell.padEnd(widths[c] as number)).join(' | ')} |`;
    return i === 0 ? `${line}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|` : line;
  });
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  const text = [
    `## Ingest: HTML extraction and WARC reading (${stories.length} Reuters-21578 stories in wire pages)`,
    '',
    `${new Date().toISOString().slice(0, 10)} · ${machine} · median of ${runs} runs · MB of HTML, and of uncompressed WARC`,
    '',
    ...table,
    '',
  ].join('\n');
  console.log(text);

  const resultsFile = path.join(root, 'bench', 'RESULTS.md');
  const start = '<!-- ingest -->';
  const end = '<!-- end ingest -->';
  const prior = existsSync(resultsFile) ? readFileSync(resultsFile, 'utf8') : '# Benchmark results\n';
  const section = `${start}\n${text}${end}`;
  const next =
    prior.includes(start) && prior.includes(end)
      ? `${prior.slice(0, prior.indexOf(start))}${section}${prior.slice(prior.indexOf(end) + end.length)}`
      : `${prior.replace(/\n*$/, '\n\n')}${section}\n`;
  writeFileSync(resultsFile, next);
  console.log(`written to ${path.relative(process.cwd(), resultsFile)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
