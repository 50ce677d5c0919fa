/**
 * `reprint check` latency against a large SQLite index (bench/generate.ts corpus).
 *
 *   node dist/bench/check.js CORPUS.jsonl DB [--checks N] [--threads N]
 *
 * Builds DB with `reprint add` unless it exists (timed), then checks N new articles — the generator's
 * articles after the corpus's last one, so ~6% of them reuse indexed articles, as new copy does —
 * in this process through the library API, warm (the database file read once into the OS page cache,
 * then 100 warm-up checks); prints p50/p99/max and a cold
 * `reprint check` (a fresh process: start, open the database, one check) for comparison. A warm check
 * needs a process that stays up (a library caller, a service); the CLI is always cold.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { check } from '../src/engine.js';
import { openSqliteStore } from '../src/store/sqlite.js';
import { Generator } from './generate.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const CLI = path.join(root, 'dist', 'src', 'cli', 'main.js');
const WARM_UP = 100;

export interface CheckBench {
  docs: number;
  buildSeconds: number | null;
  dbMb: number;
  checks: number;
  p50: number;
  p99: number;
  max: number;
  mean: number;
  flagged: number;
  coldCli: number[];
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

export async function benchCheck(corpus: string, db: string, checks: number, threads: number, data: string): Promise<CheckBench> {
  let buildSeconds: number | null = null;
  if (!existsSync(db)) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [CLI, 'add', corpus, '--db', db, '-q', '--threads', String(threads)], { encoding: 'utf8', stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.status !== 0) throw new Error(`reprint add failed (${r.status})`);
    buildSeconds = (performance.now() - t0) / 1000;
  }
  // Warm: the database file read once (into the operating system's page cache, as on a server that
  // answers checks all day), then warm-up checks for SQLite's own cache and the JIT.
  const fd = openSync(db, 'r');
  const chunk = Buffer.allocUnsafe(16 << 20);
  for (let at = 0, n = 1; n > 0; at += n) n = readSync(fd, chunk, 0, chunk.length, at);
  closeSync(fd);
  const store = openSqliteStore(db);
  const docs = store.size();
  const gen = new Generator(data);
  const articles = Array.from({ length: checks + WARM_UP }, (_, k) => {
    const rec = JSON.parse(gen.article(docs + k).line) as { id: string; text: string; source: string; published_at: string };
    return { id: `new-${k}`, text: rec.text, source: rec.source, published_at: rec.published_at };
  });
  for (const a of articles.slice(0, WARM_UP)) check(store, a);
  const times: number[] = [];
  let flagged = 0;
  for (const a of articles.slice(WARM_UP)) {
    const t0 = performance.now();
    const r = check(store, a);
    times.push(performance.now() - t0);
    if (r.classification !== 'original') flagged++;
  }
  store.close();
  times.sort((a, b) => a - b);
  // Cold: the CLI, a fresh process each time.
  const tmp = mkdtempSync(path.join(tmpdir(), 'reprint-check-'));
  const coldCli: number[] = [];
  try {
    for (let k = 0; k < 3; k++) {
      const a = articles[WARM_UP + k]!;
      const f = path.join(tmp, `${k}.txt`);
      writeFileSync(f, a.text);
      const t0 = performance.now();
      const r = spawnSync(process.execPath, [CLI, 'check', f, '--db', db, '--source', a.source, '--date', a.published_at, '--json'], { encoding: 'utf8' });
      coldCli.push((performance.now() - t0) / 1000);
      if (r.status !== 0) throw new Error(`reprint check failed: ${r.stderr}`);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return {
    docs,
    buildSeconds,
    dbMb: statSync(db).size / 1e6,
    checks: times.length,
    p50: quantile(times, 0.5),
    p99: quantile(times, 0.99),
    max: times[times.length - 1] as number,
    mean: times.reduce((s, x) => s + x, 0) / times.length,
    flagged,
    coldCli,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const args = process.argv.slice(2);
  const flag = (name: string, def: string): string => {
    const i = args.indexOf(name);
    return i >= 0 && args[i + 1] !== undefined ? (args[i + 1] as string) : def;
  };
  const [corpus, db] = args;
  if (!corpus || !db) {
    process.stderr.write('usage: check.js CORPUS.jsonl DB [--checks N] [--threads N] [--data reuters.jsonl]\n');
    process.exit(2);
  }
  const data = path.resolve(root, flag('--data', '../shared/data/reuters21578.jsonl'));
  const r = await benchCheck(corpus, db, Number(flag('--checks', '1000')), Number(flag('--threads', '2')), data);
  console.log(JSON.stringify(r, null, 2));
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  const text = [
    `## \`reprint check\` against a ${r.docs.toLocaleString('en-US')}-document SQLite index (\`npm run bench:check\`)`,
    '',
    `${new Date().toISOString().slice(0, 10)} · ${machine} · index ${r.dbMb.toFixed(0)} MB${r.buildSeconds !== null ? `, built by \`reprint add\` in ${r.buildSeconds.toFixed(0)} s` : ''}`,
    '',
    '| measure | value |',
    '|---|---|',
    `| warm checks (library API, one process; database file read once, then ${WARM_UP} warm-up checks) | ${r.checks} new generated articles, ${r.flagged} found reusing indexed ones |`,
    `| p50 | ${r.p50.toFixed(2)} ms |`,
    `| p99 | ${r.p99.toFixed(2)} ms |`,
    `| max | ${r.max.toFixed(2)} ms |`,
    `| mean | ${r.mean.toFixed(2)} ms |`,
    `| cold \`reprint check\` (new process: start, open, one check) | ${r.coldCli.map((x) => `${(x * 1000).toFixed(0)} ms`).join(', ')} |`,
    '',
    'A warm check needs a process that stays up (a library caller or a service); each CLI call is cold.',
    '',
  ].join('\n');
  const resultsFile = path.join(root, 'bench', 'RESULTS.md');
  const [open, close] = ['<!-- check -->', '<!-- end check -->'];
  const prior = readFileSync(resultsFile, 'utf8');
  writeFileSync(
    resultsFile,
    prior.includes(open) && prior.includes(close)
      ? `${prior.slice(0, prior.indexOf(open))}${open}\n${text}${prior.slice(prior.indexOf(close))}`
      : `${prior.trimEnd()}\n\n${open}\n${text}${close}\n`,
  );
  console.log(`written to ${path.relative(process.cwd(), resultsFile)}`);
}
