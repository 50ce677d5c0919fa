/**
 * `npm run bench`: the Reuters-21578 scan, stage by stage and end to end, medians over several runs
 * (this machine is shared and noisy), peak RSS, written to bench/RESULTS.md with the machine and date.
 *
 *   node dist/bench/run.js [--runs N] [--data FILE]
 *
 * Each run is a fresh child process, so that peak memory and JIT state are those of a real scan.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
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
const data = path.resolve(root, flag('--data', '../shared/data/reuters21578.jsonl'));

interface StageRun {
  stages: Record<string, number>;
  docs: number;
  bytes: number;
  peakRssMb: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

function stageRun(): StageRun {
  const r = spawnSync(process.execPath, [path.join(here, 'stages.js'), data], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`stage run failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as StageRun;
}

/** GNU time reports the CLI's peak RSS; without it, the stage runs' peak stands in. */
const gnuTime = existsSync('/usr/bin/time');

function cliRun(outDir: string): { wall: number; peakRssMb: number } {
  const scanArgs = [path.join(root, 'dist/src/cli/main.js'), 'scan', data, '--out', outDir, '-q'];
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
const cliRuns: { wall: number; peakRssMb: number }[] = [];
const out = path.join(root, 'bench', 'out');
for (let i = 0; i < runs; i++) {
  stageRuns.push(stageRun());
  cliRuns.push(cliRun(out));
  process.stderr.write(`run ${i + 1}/${runs}: scan ${cliRuns[i]?.wall.toFixed(2)} s\n`);
}
const first = stageRuns[0] as StageRun;
const names = Object.keys(first.stages);
const mb = first.bytes / 1e6;
const rows: string[][] = [['stage', 'median s', 'docs/s', 'MB/s']];
for (const n of names) {
  const s = median(stageRuns.map((r) => r.stages[n] as number));
  rows.push([n, s.toFixed(3), Math.round(first.docs / s).toLocaleString('en-US'), (mb / s).toFixed(1)]);
}
const total = median(stageRuns.map((r) => Object.values(r.stages).reduce((a, b) => a + b, 0)));
rows.push(['all stages', total.toFixed(3), Math.round(first.docs / total).toLocaleString('en-US'), (mb / total).toFixed(1)]);
const wall = median(cliRuns.map((r) => r.wall));
const peak = gnuTime ? Math.max(...cliRuns.map((r) => r.peakRssMb)) : Math.max(...stageRuns.map((r) => r.peakRssMb));
rows.push(['`reprint scan` end to end (process start to exit)', wall.toFixed(3), Math.round(first.docs / wall).toLocaleString('en-US'), (mb / wall).toFixed(1)]);

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
  `${date} · ${machine} · median of ${runs} runs · peak RSS of the scan ${peak.toFixed(0)} MB`,
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
