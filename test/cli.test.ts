/**
 * The built command line, run as users run it: exit codes, JSON output, the report files, and the
 * promise that `add` in several runs + `report` equals one `scan`.
 */
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Report } from '../src/report/contract.js';
import { randomWords, rng } from './helpers/random.js';

/** Repository root: this file runs from dist/test/. */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = path.join(ROOT, 'dist', 'src', 'cli', 'main.js');
const NEWS = path.join(ROOT, 'examples', 'news.jsonl');

const tmp = mkdtempSync(path.join(tmpdir(), 'reprint-cli-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
let made = 0;
function tempDir(name: string): string {
  const d = path.join(tmp, `${made++}-${name}`);
  mkdirSync(d, { recursive: true });
  return d;
}

function run(...args: string[]): SpawnSyncReturns<string> {
  const res = spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    timeout: 60_000,
  });
  if (res.error) throw res.error;
  return res;
}

function explain(res: SpawnSyncReturns<string>): string {
  return `exit ${res.status}\n--- stdout\n${res.stdout}\n--- stderr\n${res.stderr}`;
}

function readReport(dir: string): Report {
  return JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')) as Report;
}

function filler(seed: number, n: number): string {
  return randomWords(rng(seed), n).join(' ') + '.';
}

const SENTENCE = 'The regional transit authority voted late on Thursday to freeze every fare increase until the new rail line opens.';

describe('reprint CLI', () => {
  it('built: dist/src/cli/main.js exists', () => {
    assert.ok(existsSync(CLI), `${CLI} is missing: run npx tsc -p tsconfig.json first`);
  });

  it('--help exits 0 and names the commands', () => {
    const res = run('--help');
    assert.equal(res.status, 0, explain(res));
    for (const cmd of ['scan', 'add', 'report', 'check', 'compare']) {
      assert.match(res.stdout, new RegExp(`^\\s+${cmd}\\b`, 'm'), `help does not name ${cmd}`);
    }
    assert.match(res.stdout, /Exit codes/);
  });

  it('an unknown command exits 2', () => {
    const res = run('frobnicate');
    assert.equal(res.status, 2, explain(res));
    assert.match(res.stderr, /unknown command/);
  });

  it(
    'usage errors inside a command (missing --out, unknown option, bad number) exit 2',
    () => {
      const dir = tempDir('usage');
      const input = path.join(dir, 'a.txt');
      writeFileSync(input, 'Some text.');
      for (const args of [
        ['scan', input],
        ['scan', input, '--out', path.join(dir, 'o'), '--bogus'],
        ['scan', input, '--out', path.join(dir, 'o'), '--threshold', '5'],
        ['compare', input],
      ]) {
        const res = run(...args);
        assert.equal(res.status, 2, `${args.join(' ')}: ${explain(res)}`);
      }
    },
  );

  it(
    'no command at all is a usage error (help on stderr, exit 2)',
    () => {
      const res = run();
      assert.match(res.stderr, /Usage: reprint/);
      assert.equal(res.status, 2, explain(res));
    },
  );

  it('a missing --out is refused before anything is written', () => {
    // The exit code is checked above; here: it fails, says why, and writes nothing.
    const dir = tempDir('no-out');
    const input = path.join(dir, 'a.txt');
    writeFileSync(input, 'Some text.');
    const res = run('scan', input);
    assert.notEqual(res.status, 0, explain(res));
    assert.match(res.stderr, /--out/);
    assert.ok(!existsSync(path.join(ROOT, 'report.json')));
  });

  it('compare --json prints similarity and passages with the right spans', () => {
    const dir = tempDir('compare');
    const a = `${filler(1, 40)} ${SENTENCE} ${filler(2, 30)}`;
    const b = `${filler(3, 25)}\n\n${SENTENCE}\n\n${filler(4, 90)}`;
    writeFileSync(path.join(dir, 'a.txt'), a);
    writeFileSync(path.join(dir, 'b.txt'), b);
    const res = run('compare', path.join(dir, 'a.txt'), path.join(dir, 'b.txt'), '--json');
    assert.equal(res.status, 0, explain(res));
    const out = JSON.parse(res.stdout) as {
      similarity: { jaccard: number; containment_a: number; containment_b: number };
      passages: { a: { start: number; end: number }; b: { start: number; end: number }; kind: string; score: number }[];
    };
    for (const k of ['jaccard', 'containment_a', 'containment_b'] as const) {
      assert.equal(typeof out.similarity[k], 'number', k);
      assert.ok(out.similarity[k] > 0 && out.similarity[k] < 1, `${k} = ${out.similarity[k]}`);
    }
    // A is the shorter text: more of it is shared.
    assert.ok(out.similarity.containment_a > out.similarity.containment_b, JSON.stringify(out.similarity));
    assert.equal(out.passages.length, 1, res.stdout);
    const p = out.passages[0];
    assert.ok(p);
    assert.deepEqual(p.a, { start: a.indexOf(SENTENCE), end: a.indexOf(SENTENCE) + SENTENCE.length });
    assert.deepEqual(p.b, { start: b.indexOf(SENTENCE), end: b.indexOf(SENTENCE) + SENTENCE.length });
    assert.equal(p.kind, 'verbatim');
    assert.equal(p.score, 1);
  });

  it('compare without --json shows the passage, and a missing file exits 1', () => {
    const dir = tempDir('compare-text');
    writeFileSync(path.join(dir, 'a.txt'), `${filler(5, 20)} ${SENTENCE}`);
    writeFileSync(path.join(dir, 'b.txt'), `${SENTENCE} ${filler(6, 20)}`);
    const res = run('compare', path.join(dir, 'a.txt'), path.join(dir, 'b.txt'));
    assert.equal(res.status, 0, explain(res));
    assert.match(res.stdout.replace(/\s+/g, ' '), /regional transit authority/);
    const missing = run('compare', path.join(dir, 'a.txt'), path.join(dir, 'nope.txt'));
    assert.equal(missing.status, 1, explain(missing));
    assert.match(missing.stderr, /cannot read/);
  });

  describe('scan', () => {
    const dir = tempDir('scan-in');
    const shared = filler(10, 40);
    writeFileSync(path.join(dir, 'one.txt'), `${filler(11, 30)}\n\n${shared}\n\n${filler(12, 30)}`);
    writeFileSync(path.join(dir, 'two.txt'), `${filler(13, 20)}\n\n${shared}`);
    mkdirSync(path.join(dir, 'more'));
    writeFileSync(path.join(dir, 'more', 'three.txt'), filler(14, 60));
    writeFileSync(
      path.join(dir, 'more', 'feed.jsonl'),
      [JSON.stringify({ id: 'f1', text: filler(15, 50) }), '{"id": "f2", "text": broken}', JSON.stringify({ id: 'f3', text: filler(16, 50) })].join('\n') + '\n',
    );

    it('writes report.json and index.html; without --strict a rejection exits 0 and is listed', () => {
      const out = tempDir('scan-out');
      const res = run('scan', dir, '--out', out, '--quiet');
      assert.equal(res.status, 0, explain(res));
      assert.ok(existsSync(path.join(out, 'index.html')));
      const html = readFileSync(path.join(out, 'index.html'), 'utf8');
      assert.match(html, /<html/i);
      const report = readReport(out);
      assert.equal(report.format, 'reprint-report');
      assert.deepEqual(
        report.documents.map((d) => d.id),
        ['f1', 'f3', 'more/three.txt', 'one.txt', 'two.txt'],
      );
      assert.equal(report.rejected.length, 1);
      const [rej] = report.rejected;
      assert.equal(rej?.input, path.join(dir, 'more', 'feed.jsonl'));
      assert.equal(rej?.line, 2);
      assert.match(rej?.reason ?? '', /malformed JSON/);
      assert.equal(report.summary.records, 6);
      assert.equal(report.summary.documents, 5);
      assert.equal(report.summary.rejected, 1);
      // one.txt and two.txt share a 40-word paragraph.
      assert.equal(report.passages.length, 1, JSON.stringify(report.passages));
      const p = report.passages[0];
      assert.deepEqual([p?.source.id, p?.target.id].sort(), ['one.txt', 'two.txt']);
      // The rejection is printed to stderr even with --quiet.
      assert.match(res.stderr, /rejected .*feed\.jsonl:2: malformed JSON/);
    });

    it('with --strict and one bad record exits 3 (and still writes the report)', () => {
      const out = tempDir('scan-strict');
      const res = run('scan', dir, '--out', out, '--strict', '--quiet');
      assert.equal(res.status, 3, explain(res));
      assert.equal(readReport(out).rejected.length, 1);
      // And --strict with nothing rejected exits 0.
      const clean = run('scan', path.join(dir, 'one.txt'), path.join(dir, 'two.txt'), '--out', tempDir('scan-clean'), '--strict', '--quiet');
      assert.equal(clean.status, 0, explain(clean));
    });

    it('gives a byte-identical report.json when run twice', () => {
      const o1 = tempDir('twice-1');
      const o2 = tempDir('twice-2');
      assert.equal(run('scan', NEWS, dir, '--out', o1, '-q').status, 0);
      assert.equal(run('scan', NEWS, dir, '--out', o2, '-q').status, 0);
      const r1 = readFileSync(path.join(o1, 'report.json'));
      const r2 = readFileSync(path.join(o2, 'report.json'));
      assert.ok(r1.length > 1000);
      assert.ok(r1.equals(r2), 'report.json differs between two identical scans');
      assert.ok(readFileSync(path.join(o1, 'index.html')).equals(readFileSync(path.join(o2, 'index.html'))), 'index.html differs');
    });
  });

  describe('add + report', () => {
    const work = tempDir('incremental');
    const lines = readFileSync(NEWS, 'utf8').split('\n').filter((l) => l.trim() !== '');
    const first = path.join(work, 'first.jsonl');
    const second = path.join(work, 'second.jsonl');
    const db = path.join(work, 'index.db');

    it('two add runs then report equal one scan of the same inputs, byte for byte', () => {
      assert.equal(lines.length, 22, 'examples/news.jsonl has 22 articles');
      writeFileSync(first, lines.slice(0, 11).join('\n') + '\n');
      writeFileSync(second, lines.slice(11).join('\n') + '\n');
      const add1 = run('add', first, '--db', db, '-q');
      assert.equal(add1.status, 0, explain(add1));
      const add2 = run('add', second, '--db', db, '-q');
      assert.equal(add2.status, 0, explain(add2));
      const reported = tempDir('report-out');
      const rep = run('report', '--db', db, '--out', reported, '-q');
      assert.equal(rep.status, 0, explain(rep));
      const scanned = tempDir('scan-out');
      const sc = run('scan', first, second, '--out', scanned, '-q');
      assert.equal(sc.status, 0, explain(sc));
      const a = readFileSync(path.join(reported, 'report.json'));
      const b = readFileSync(path.join(scanned, 'report.json'));
      assert.ok(a.equals(b), 'report after add+add differs from scan');
      const report = JSON.parse(a.toString('utf8')) as Report;
      assert.equal(report.summary.documents, 22);
      assert.ok(report.passages.length > 0);
    });

    it('add counts a duplicate run as rejections, and --strict then exits 3', () => {
      const res = run('add', first, '--db', db, '--strict');
      assert.equal(res.status, 3, explain(res));
      assert.match(res.stderr, /duplicate id "n01"/);
      assert.match(res.stderr, /11 records: 0 added, 11 rejected/);
    });

    it('check lists the document a new text copies a paragraph from (text and --json)', () => {
      const n03 = JSON.parse(lines.find((l) => l.includes('"id": "n03"') || l.includes('"id":"n03"')) ?? 'null') as { text: string } | null;
      assert.ok(n03, 'n03 is in examples/news.jsonl');
      const paragraph = n03.text.split('\n\n').find((p) => p.split(/\s+/).length >= 30);
      assert.ok(paragraph, 'n03 has a paragraph of 30+ words');
      const text = `${filler(20, 40)}\n\n${paragraph}\n\n${filler(21, 40)}`;
      const file = path.join(work, 'new.txt');
      writeFileSync(file, text);

      const json = run('check', file, '--db', db, '--json');
      assert.equal(json.status, 0, explain(json));
      const r = JSON.parse(json.stdout) as {
        words: number;
        coverage: number;
        classification: string;
        sources: { id: string; passages: { source: { start: number; end: number }; target: { start: number; end: number } }[] }[];
      };
      assert.deepEqual(
        r.sources.map((s) => s.id),
        ['n03'],
      );
      const [p] = r.sources[0]?.passages ?? [];
      assert.ok(p);
      const at = text.indexOf(paragraph);
      assert.deepEqual(p.target, { start: at, end: at + paragraph.length });
      assert.equal(n03.text.slice(p.source.start, p.source.end), paragraph);
      assert.equal(r.classification, 'partial');
      assert.ok(r.coverage > 0.2 && r.coverage < 0.8, `coverage ${r.coverage}`);

      const plain = run('check', file, '--db', db);
      assert.equal(plain.status, 0, explain(plain));
      assert.match(plain.stdout, /\bn03\b/);

      // Nothing is added by check.
      const again = run('check', file, '--db', db, '--json');
      assert.deepEqual(JSON.parse(again.stdout), r);
    });

    it('check of an unrelated text lists no source', () => {
      const file = path.join(work, 'unrelated.txt');
      writeFileSync(file, filler(30, 120));
      const res = run('check', file, '--db', db, '--json');
      assert.equal(res.status, 0, explain(res));
      const r = JSON.parse(res.stdout) as { sources: unknown[]; classification: string; coverage: number };
      assert.deepEqual(r.sources, []);
      assert.equal(r.classification, 'original');
      assert.equal(r.coverage, 0);
    });
  });
});

describe('spin flags', () => {
  const A = path.join(ROOT, 'test', 'fixtures', 'spin-original.txt');
  const B = path.join(ROOT, 'test', 'fixtures', 'spin-copy.txt');

  it('compare lists the swapped words; --no-spin aligns exactly', () => {
    const on = run('compare', A, B);
    assert.equal(on.status, 0, explain(on));
    assert.match(on.stdout, /· spun ·/);
    assert.match(on.stdout, /swapped \d+ of \d+ words: .*said → stated/);
    const off = run('compare', A, B, '--no-spin');
    assert.equal(off.status, 0, explain(off));
    assert.doesNotMatch(off.stdout, /swapped|spun/);
  });

  it('--aliases adds a user table, and a bad one is a usage error naming file and line', () => {
    const dir = tempDir('aliases');
    const good = path.join(dir, 'good.txt');
    const bad = path.join(dir, 'bad.txt');
    writeFileSync(good, '# ours\necowas | economic community of west african states\n');
    writeFileSync(bad, 'ecowas | ok\nnot a table\n');
    const ok = run('compare', A, B, '--json', '--aliases', good);
    assert.equal(ok.status, 0, explain(ok));
    const res = run('compare', A, B, '--aliases', bad);
    assert.equal(res.status, 2, explain(res));
    assert.match(res.stderr, /bad\.txt:2/);
    const missing = run('compare', A, B, '--aliases', path.join(dir, 'none.txt'));
    assert.equal(missing.status, 2, explain(missing));
    assert.match(missing.stderr, /none\.txt/);
  });
});
