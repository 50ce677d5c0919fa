/**
 * `npm run bench:large`: the whole `reprint scan` at 10k, 100k and 1M generated articles (bench/generate.ts),
 * with recall and precision of the planted reuse, docs/s and peak RSS; the table goes to bench/RESULTS.md
 * between `<!-- large -->` and `<!-- end large -->`.
 *
 *   node dist/bench/large.js [--sizes 10000,100000,1000000] [--runs N] [--dir bench/out/large] [--threads N]
 *
 * The corpus is generated once (the 1M file is ~1 GB; the smaller ones are its first lines) into
 * bench/out/large, which git ignores: generated data is never committed. Each scan is a fresh process
 * under GNU time (wall, peak RSS). Runs: the median of `--runs` (default 3 below a million, 1 at a
 * million: ten minutes of machine per run).
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { evaluate, type Evaluation } from './evaluate.js';
import { generate } from './generate.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const CLI = path.join(root, 'dist', 'src', 'cli', 'main.js');
const args = process.argv.slice(2);
const flag = (name: string, def: string): string => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? (args[i + 1] as string) : def;
};
const sizes = flag('--sizes', '10000,100000,1000000').split(',').map(Number);
const dir = path.resolve(root, flag('--dir', 'bench/out/large'));
const threads = Number(flag('--threads', String(availableParallelism())));
const runsFlag = args.includes('--runs') ? Number(flag('--runs', '1')) : null;
const data = path.resolve(root, flag('--data', '../shared/data/reuters21578.jsonl'));

interface Row {
  n: number;
  mb: number;
  wall: number;
  peakMb: number;
  runs: number;
  e: Evaluation;
}

const label = (n: number): string => (n >= 1e6 ? `${n / 1e6}M` : `${n / 1e3}k`);

/** The first n lines of a file into another, streamed. */
async function head(from: string, to: string, n: number, keep: (line: string) => boolean = () => true): Promise<void> {
  const out = createWriteStream(to);
  const rl = createInterface({ input: createReadStream(from), crlfDelay: Infinity });
  let k = 0;
  for await (const line of rl) {
    if (k++ >= n) break;
    if (keep(line) && !out.write(line + '\n')) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  rl.close();
  await new Promise<void>((r) => out.end(() => r()));
}

async function corpusOf(n: number, largest: number): Promise<{ corpus: string; truth: string }> {
  const corpus = path.join(dir, `corpus-${label(n)}.jsonl`);
  const truth = path.join(dir, `truth-${label(n)}.jsonl`);
  if (existsSync(corpus) && existsSync(truth)) return { corpus, truth };
  const big = { corpus: path.join(dir, `corpus-${label(largest)}.jsonl`), truth: path.join(dir, `truth-${label(largest)}.jsonl`) };
  if (!existsSync(big.corpus) || !existsSync(big.truth)) {
    process.stderr.write(`generating ${largest.toLocaleString('en-US')} articles into ${path.relative(root, dir)} …\n`);
    await generate(largest, big.corpus, big.truth, data);
  }
  if (n === largest) return big;
  // Article i depends on i only, and a planted article's source comes before it: a prefix is a corpus.
  await head(big.corpus, corpus, n);
  await head(big.truth, truth, Infinity, (l) => Number((JSON.parse(l) as { id: string }).id.slice(4)) < n);
  return { corpus, truth };
}

function scanOnce(corpus: string, out: string): { wall: number; peakMb: number } {
  const cmd = [CLI, 'scan', corpus, '--out', out, '-q', '--threads', String(threads)];
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, ...cmd], { encoding: 'utf8', maxBuffer: 1 << 24 });
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`scan of ${corpus} failed: ${r.stderr}`);
  return { wall, peakMb: Number(r.stderr.trim().split('\n').pop()) / 1024 };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

if (!existsSync(data)) {
  console.log(`bench:large: ${data} is not there (the shared data folder is absent); nothing measured.`);
  process.exit(0);
}
if (!existsSync('/usr/bin/time')) throw new Error('bench:large needs GNU time (/usr/bin/time) for peak memory');
mkdirSync(dir, { recursive: true });
const largest = Math.max(...sizes);
const rows: Row[] = [];
for (const n of sizes) {
  const { corpus, truth } = await corpusOf(n, largest);
  const runs = runsFlag ?? (n >= 1e6 ? 1 : 3);
  const out = path.join(dir, `report-${label(n)}`);
  const got = [];
  for (let r = 0; r < runs; r++) {
    got.push(scanOnce(corpus, out));
    process.stderr.write(`${label(n)} run ${r + 1}/${runs}: ${got[r]?.wall.toFixed(1)} s, ${got[r]?.peakMb.toFixed(0)} MB\n`);
  }
  const e = await evaluate(path.join(out, 'report.json'), truth);
  rows.push({ n, mb: statSync(corpus).size / 1e6, wall: median(got.map((g) => g.wall)), peakMb: Math.max(...got.map((g) => g.peakMb)), runs, e });
}

const head0 = ['articles', 'MB', 'runs', 'scan s (median)', 'docs/s', 'peak RSS MB', 'RSS MB per 1k docs', 'planted', 'recall', 'precision'];
const table = [head0, ...rows.map((r) => [
  r.n.toLocaleString('en-US'),
  r.mb.toFixed(0),
  String(r.runs),
  r.wall.toFixed(1),
  Math.round(r.n / r.wall).toLocaleString('en-US'),
  r.peakMb.toFixed(0),
  ((r.peakMb / r.n) * 1000).toFixed(1),
  r.e.planted.toLocaleString('en-US'),
  r.e.recall.toFixed(4),
  r.e.precision.toFixed(4),
])];
const widths = head0.map((_, c) => Math.max(...table.map((r) => (r[c] as string).length)));
const lines = table.map((r, i) => {
  const line = `| ${r.map((cell, c) => cell.padEnd(widths[c] as number)).join(' | ')} |`;
  return i === 0 ? `${line}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|` : line;
});
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
const text = [
  `## Generated corpus: 10k / 100k / 1M articles (\`npm run bench:large\`)`,
  '',
  `${new Date().toISOString().slice(0, 10)} · ${machine} · \`reprint scan --threads ${threads}\`, whole run (read, index, align, report, write) in a fresh process · peak RSS by GNU time`,
  '',
  ...lines,
  '',
  'Recall: planted articles not classified `original` whose planted source is among their sources. Precision: of the articles classified `copy` or `partial`, the share that are planted.',
  '',
].join('\n');
console.log(text);
for (const r of rows) {
  if (r.e.missed.length > 0) console.log(`${label(r.n)} missed (first ${r.e.missed.length}): ${r.e.missed.join('; ')}`);
  if (r.e.falseAlarms.length > 0) console.log(`${label(r.n)} false alarms (first ${r.e.falseAlarms.length}): ${r.e.falseAlarms.join('; ')}`);
}

const resultsFile = path.join(root, 'bench', 'RESULTS.md');
const [open, close] = ['<!-- large -->', '<!-- end large -->'];
const prior = readFileSync(resultsFile, 'utf8');
const next = prior.includes(open) && prior.includes(close)
  ? `${prior.slice(0, prior.indexOf(open))}${open}\n${text}${prior.slice(prior.indexOf(close))}`
  : `${prior.trimEnd()}\n\n${open}\n${text}${close}\n`;
writeFileSync(resultsFile, next);
console.log(`written to ${path.relative(process.cwd(), resultsFile)}`);
