/**
 * Golden reports: the built CLI's `report.json` must not change by a single byte unless the change is
 * meant (performance work must leave results alone).
 *
 * - examples/news.jsonl → test/golden/examples-report.json, compared byte for byte;
 * - Reuters-21578 (../shared/data/reuters21578.jsonl, skipped when absent) → the sha256 in
 *   test/golden/reuters-report.sha256 (the report itself is ~10 MB and never committed).
 *
 * Both are compared with `generator` (the package version) blanked, the only field that changes
 * without the results changing; report.json holds no timestamps (docs/report.md, Determinism).
 * Reuters is also scanned with `--threads 2` and `--threads 1`: worker threads (analysis and alignment)
 * must give the same bytes as one thread. (The examples are too small to start any thread.)
 *
 * When results change on purpose, regenerate both and review the diff of the examples file:
 *
 *   UPDATE_GOLDEN=1 npm test
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createWorkers } from '../src/engine/pool.js';
import { tuning } from '../src/engine/tuning.js';
import { scan } from '../src/engine.js';
import { readInputs } from '../src/ingest/read.js';
import { createMemoryStore } from '../src/store/memory.js';

/** Repository root: this file runs from dist/test/. */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = path.join(ROOT, 'dist', 'src', 'cli', 'main.js');
const GOLDEN = path.join(ROOT, 'test', 'golden');
const EXAMPLES = path.join(ROOT, 'examples', 'news.jsonl');
const REUTERS = path.resolve(ROOT, '..', 'shared', 'data', 'reuters21578.jsonl');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

const tmp = mkdtempSync(path.join(tmpdir(), 'reprint-golden-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** report.json of a CLI scan, `generator` blanked. Paths are relative to the root, as recorded. */
function scanReport(input: string, name: string, extra: string[] = []): string {
  const out = path.join(tmp, name);
  mkdirSync(out, { recursive: true });
  const res = spawnSync(process.execPath, [CLI, 'scan', path.relative(ROOT, input), '--out', out, '-q', ...extra], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 300_000,
  });
  if (res.error) throw res.error;
  assert.equal(res.status, 0, `scan failed: ${res.stderr}`);
  return normalise(readFileSync(path.join(out, 'report.json'), 'utf8'));
}

/** The report with its `generator` value (the package version) replaced by a fixed string. */
export function normalise(json: string): string {
  return json.replace(/^ {2}"generator": "[^"\n]*",$/m, '  "generator": "(any)",');
}

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

describe('golden reports', () => {
  it('examples/news.jsonl gives test/golden/examples-report.json byte for byte', () => {
    const file = path.join(GOLDEN, 'examples-report.json');
    const got = scanReport(EXAMPLES, 'examples');
    if (UPDATE) {
      mkdirSync(GOLDEN, { recursive: true });
      writeFileSync(file, got);
    }
    assert.ok(existsSync(file), `${file} is missing: run UPDATE_GOLDEN=1 npm test`);
    // Not assert.equal on the whole text: a failure should say where, not print two 100 kB strings.
    const want = readFileSync(file, 'utf8');
    if (got !== want) {
      const [g, w] = [got.split('\n'), want.split('\n')];
      const at = g.findIndex((line, i) => line !== w[i]);
      assert.fail(`report differs from the golden file at line ${at + 1}:\n  got:  ${g[at]}\n  want: ${w[at]}`);
    }
  });

  const reuters = existsSync(REUTERS);
  it('Reuters-21578 gives the report whose sha256 is test/golden/reuters-report.sha256', { skip: !reuters && `${REUTERS} is absent` }, () => {
    const file = path.join(GOLDEN, 'reuters-report.sha256');
    const got = sha256(scanReport(REUTERS, 'reuters'));
    if (UPDATE) writeFileSync(file, `${got}\n`);
    assert.ok(existsSync(file), `${file} is missing: run UPDATE_GOLDEN=1 npm test`);
    assert.equal(got, readFileSync(file, 'utf8').trim(), 'the Reuters report changed');
  });

  // The paths a large corpus takes, forced on Reuters: worker threads for analysis after 1,000
  // articles and for alignment, documents in columns (made on read, texts off the heap), and
  // alignment in chunks on this thread. Each must give the golden bytes.
  const paths: [string, Partial<typeof tuning>, number, number][] = [
    ['a worker thread, documents in columns', { inlineArticles: 1000, parallelMinPairs: 4000 }, 5000, 2],
    ['two worker threads sharing the work with this one', { inlineArticles: 100, parallelMinPairs: 1000 }, 0, 3],
    ['alignment in chunks on one thread, documents in columns', { parallelMaxDocs: 1000 }, 0, 1],
  ];
  for (const [name, t, columnsAbove, threads] of paths) {
    it(`Reuters-21578 gives the same bytes in-process: ${name}`, { skip: !reuters && `${REUTERS} is absent` }, async () => {
      const saved = { ...tuning };
      Object.assign(tuning, t);
      const workers = threads > 1 ? createWorkers(threads) : undefined;
      const store = createMemoryStore({ columnsAbove });
      try {
        const report = await scan(readInputs([path.relative(ROOT, REUTERS)]), store, {}, { workers });
        const want = readFileSync(path.join(GOLDEN, 'reuters-report.sha256'), 'utf8').trim();
        assert.equal(sha256(normalise(JSON.stringify(report, null, 2) + '\n')), want);
      } finally {
        Object.assign(tuning, saved);
        store.close();
        await workers?.close();
      }
    });
  }

  for (const threads of ['1', '2']) {
    it(`Reuters-21578 gives the same bytes with --threads ${threads}`, { skip: !reuters && `${REUTERS} is absent` }, () => {
      const want = readFileSync(path.join(GOLDEN, 'reuters-report.sha256'), 'utf8').trim();
      assert.equal(sha256(scanReport(REUTERS, `reuters-t${threads}`, ['--threads', threads])), want);
    });
  }

});
