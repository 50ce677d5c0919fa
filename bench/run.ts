/**
 * `npm run bench`: the Reuters-21578 scan, stage by stage and end to end, medians over several runs
 * (this machine is shared and noisy), peak RSS, written to bench/RESULTS.md with the machine and date.
 *
 *   node dist/bench/run.js [--runs N] [--data FILE] [--threads N] [--no-ingest]
 *
 * Each run is a fresh child process, so that peak memory and JIT state are those of a real scan. The
 * stages run with `--threads N` worker threads (default: the cores available); the end-to-end rows are
 * the CLI with that many threads and with one. "sketch" is analyze() alone on one thread (articles
 * already in memory): the per-core sketching rate. Then bench/ingest.ts: HTML extraction and WARC
 * reading rates (pages/s, MB/s), its own section of RESULTS.md.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const args = process.argv.slice(2);
const flag = (name: string, def: string): string => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? (args[i + 1] as string) : def;
};
const runs = Number(flag('--runs', '5'));
const threads = Number(flag('--threads', String(availableParallelism())));
const data = path.resolve(root, flag('--data', '../shared/data/reuters21578.jsonl'));

interface StageRun {
  stages: Record<string, number>;
  /** Peak RSS of the process when each stage ended, MB. */
  peaks: Record<string, number>;
  docs: number;
  bytes: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

function stageRun(extra: string[]): StageRun {
  const r = spawnSync(process.execPath, [path.join(here, 'stages.js'), data, ...extra], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`stage run failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as StageRun;
}

/** GNU time reports the CLI's peak RSS; without it, the stage runs' peak stands in. */
const gnuTime = existsSync('/usr/bin/time');

function cliRun(outDir: string, n: number): { wall: number; peakRssMb: number } {
  const scanArgs = [path.join(root, 'dist/src/cli/main.js'), 'scan', data, '--out', outDir, '-q', '--threads', String(n)];
  const t0 = performance.now();
  const r = gnuTime
    ? spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, ...scanArgs], { encoding: 'utf8' })
    : spawnSync(process.execPath, scanArgs, { encoding: 'utf8' });
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`scan failed: ${r.stderr}`);
  const kb = gnuTime ? Number(r.stderr.trim().split('\n').pop()) : NaN;
  return { wall, peakRssMb: kb / 1024 };
}

if (!existsSync(data)) {
  console.log(`bench: ${data} is not there (the shared data folder is absent); nothing measured.`);
  process.exit(0);
}

const stageRuns: StageRun[] = [];
const sketchRuns: StageRun[] = [];
const cliRuns: { wall: number; peakRssMb: number }[] = [];
const cliRuns1: { wall: number; peakRssMb: number }[] = [];
const out = path.join(root, 'bench', 'out', 'reuters');
for (let i = 0; i < runs; i++) {
  stageRuns.push(stageRun(['--threads', String(threads)]));
  sketchRuns.push(stageRun(['--sketch']));
  cliRuns.push(cliRun(out, threads));
  cliRuns1.push(cliRun(out, 1));
  process.stderr.write(`run ${i + 1}/${runs}: scan ${cliRuns[i]?.wall.toFixed(2)} s (--threads ${threads}), ${cliRuns1[i]?.wall.toFixed(2)} s (--threads 1)\n`);
}
const first = stageRuns[0] as StageRun;
const names = Object.keys(first.stages);
const mb = first.bytes / 1e6;
const rows: string[][] = [['stage', 'median s', 'docs/s', 'MB/s', 'peak RSS MB']];
const row = (name: string, s: number, peak: number): string[] => [
  name,
  s.toFixed(3),
  Math.round(first.docs / s).toLocaleString('en-US'),
  (mb / s).toFixed(1),
  Number.isFinite(peak) ? peak.toFixed(0) : '',
];
for (const n of names) {
  rows.push(row(n, median(stageRuns.map((r) => r.stages[n] as number)), Math.max(...stageRuns.map((r) => r.peaks[n] as number))));
}
const total = median(stageRuns.map((r) => Object.values(r.stages).reduce((a, b) => a + b, 0)));
rows.push(row(`all stages (--threads ${threads})`, total, Math.max(...stageRuns.map((r) => Math.max(...Object.values(r.peaks))))));
const sketchName = Object.keys((sketchRuns[0] as StageRun).stages)[0] as string;
rows.push(row(sketchName, median(sketchRuns.map((r) => r.stages[sketchName] as number)), NaN));
const peakOf = (xs: { peakRssMb: number }[]): number => (gnuTime ? Math.max(...xs.map((r) => r.peakRssMb)) : NaN);
rows.push(row(`\`reprint scan --threads ${threads}\` end to end (process start to exit)`, median(cliRuns.map((r) => r.wall)), peakOf(cliRuns)));
rows.push(row('`reprint scan --threads 1` end to end', median(cliRuns1.map((r) => r.wall)), peakOf(cliRuns1)));
const wall = median(cliRuns.map((r) => r.wall));

const widths = (rows[0] as string[]).map((_, c) => Math.max(...rows.map((r) => (r[c] as string).length)));
const table = rows.map((r, i) => {
  const line = `| ${r.map((cell, c) => cell.padEnd(widths[c] as number)).join(' | ')} |`;
  return i === 0 ? `${line}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|` : line;
});
const cpu = cpus()[0]?.model ?? 'unknown CPU';
const machine = `${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
const date = new Date().toISOString().slice(0, 10);
const text = [
  `## Reuters-21578 scan (${first.docs.toLocaleString('en-US')} stories, ${mb.toFixed(1)} MB)`,
  '',
  `${date} · ${machine} · median of ${runs} runs (fresh processes) · stages with --threads ${threads} · \`reprint scan\` ${wall.toFixed(2)} s end to end`,
  '',
  ...table,
  '',
].join('\n');
console.log(text);

const resultsFile = path.join(root, 'bench', 'RESULTS.md');
const marker = '<!-- reuters-scan -->';
const prior = existsSync(resultsFile) ? readFileSync(resultsFile, 'utf8') : '# Benchmark results\n\nWritten by `npm run bench`.\n\n';
const [head, rest] = prior.includes(marker) ? [prior.slice(0, prior.indexOf(marker)), prior.slice(prior.indexOf(marker) + marker.length)] : [prior, ''];
const after = rest.includes('<!-- end -->') ? rest.slice(rest.indexOf('<!-- end -->') + '<!-- end -->'.length) : '';
writeFileSync(resultsFile, `${head}${marker}\n${text}<!-- end -->${after}`);
console.log(`written to ${path.relative(process.cwd(), resultsFile)}`);

// HTML extraction and WARC reading rates (bench/ingest.ts writes its own section of RESULTS.md).
if (!process.argv.includes('--no-ingest')) {
  const r = spawnSync(process.execPath, [path.join(here, 'ingest.js')], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`bench/ingest.js failed (exit ${r.status})`);
}
