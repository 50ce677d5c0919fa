/**
 * `npm run bench:spin`: the spin benchmark of issue 3. Builds a corpus from Reuters-21578 (originals,
 * later copies of each of several kinds — synonym substitution at 0–50%, alias swaps, excerpts pasted
 * into other stories, reordered sentences, page furniture — and untouched stories as negatives), scans
 * it with the CLI, and reports recall per kind and the false-positive rate in bench/RESULTS.md.
 *
 *   node dist/bench/spin.js [--seed 1] [--originals 300] [--negatives 1000] [--data FILE] [--cli MAIN.js]
 *
 * The corpus and truth go to bench/out/spin/ (corpus.jsonl, truth.json), the report to
 * bench/out/spin/report/. `--cli` scans with another build (e.g. main's dist/src/cli/main.js); it and
 * `--data` are relative to the repository.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_ALIASES } from '../src/lexicon/aliases.js';
import { readWordNet } from '../src/lexicon/load.js';
import { buildCorpus, cleanStories, formFrequencies, KINDS, type CopyTruth, type Kind, type SpinCorpus, type Story, type Truth } from './spin-corpus.js';
import { aliasEntities, thesaurus } from './spinner.js';

/** The repository: this file runs as dist/bench/spin.js. */
const root = fileURLToPath(new URL('../../', import.meta.url));
const { values: opts } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    originals: { type: 'string', default: '300' },
    negatives: { type: 'string', default: '1000' },
    data: { type: 'string', default: '../shared/data/reuters21578.jsonl' },
    cli: { type: 'string', default: 'dist/src/cli/main.js' },
  },
});
const seed = Number(opts.seed);
const nOriginals = Number(opts.originals);
const nNegatives = Number(opts.negatives);
const data = path.resolve(root, opts.data);
const cli = path.resolve(root, opts.cli);
const outDir = path.join(root, 'bench', 'out', 'spin');

/** Recall and friends are only claimed for kinds up to this substitution rate (issue 3). */
const TARGET_RATE = 0.4;
const TARGET_RECALL = 0.95;
const TARGET_FP = 0.01;

const WHAT: Record<Kind, string> = {
  sub0: 'verbatim copy',
  sub10: '10% of words → synonyms',
  sub20: '20% of words → synonyms',
  sub30: '30% of words → synonyms',
  sub40: '40% of words → synonyms',
  sub50: '50% of words → synonyms',
  alias: 'entity aliases swapped, + 10% synonyms',
  excerpt: 'a third of the story pasted into another story',
  'excerpt-spun': 'the same, the excerpt with 20% synonyms',
  reorder: 'sentences shuffled, + 10% synonyms',
  furniture: '20% synonyms, + farm page furniture',
};

interface ReportDoc {
  id: string;
  classification: 'copy' | 'partial' | 'original';
  sources: { id: string }[];
}

function log(s: string): void {
  process.stderr.write(`${s}\n`);
}

function readStories(file: string): Story[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const r = JSON.parse(line) as { id: string; title?: string; text: string };
      return { id: r.id, title: r.title ?? '', text: r.text };
    });
}

function generate(): SpinCorpus & { clean: number } {
  let t0 = performance.now();
  const stories = readStories(data);
  const clean = cleanStories(stories);
  log(`spin: ${stories.length} Reuters stories, ${clean.length} clean (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  t0 = performance.now();
  const freq = formFrequencies(stories);
  const th = thesaurus(readWordNet(), (form) => freq.get(form) ?? 0);
  const corpus = buildCorpus({ stories, clean, originals: nOriginals, negatives: nNegatives, seed, thesaurus: th, aliases: aliasEntities(DEFAULT_ALIASES) });
  log(`spin: ${corpus.records.length} documents generated (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  return { ...corpus, clean: clean.length };
}

function scan(corpusFile: string, reportDir: string): { wall: number; docs: ReportDoc[]; rejected: number } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [cli, 'scan', corpusFile, '--out', reportDir, '-q'], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`scan failed (exit ${r.status}): ${r.stderr}`);
  const report = JSON.parse(readFileSync(path.join(reportDir, 'report.json'), 'utf8')) as { documents: ReportDoc[]; rejected: unknown[] };
  return { wall, docs: report.documents, rejected: report.rejected.length };
}

interface KindRow {
  kind: Kind;
  n: number;
  /** Substitution rate asked for, and the mean applied. */
  requested: number;
  rate: number;
  recall: number;
  asCopy: number;
  wrongSource: number;
  note: string;
}

interface Evaluation {
  rows: KindRow[];
  falsePositives: number;
  /** Originals not classified `original` whose sources are only their own copies. */
  directionErrors: number;
  /** Originals not classified `original` for another reason (a source outside their family). */
  otherOriginals: number;
}

const mean = (xs: number[]): number => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);

function evaluate(truth: Truth, docs: ReportDoc[]): Evaluation {
  const byId = new Map(docs.map((d) => [d.id, d]));
  const notOriginal = (id: string): boolean => {
    const c = byId.get(id)?.classification;
    return c !== undefined && c !== 'original';
  };
  // Each original's family: itself and its copies. A copy may list another copy of its original.
  const family = new Map<string, Set<string>>(truth.originals.map((id) => [id, new Set([id])]));
  for (const c of truth.copies) family.get(c.original)?.add(c.id);
  const sourceIds = (id: string): string[] => (byId.get(id)?.sources ?? []).map((s) => s.id);

  const rows = KINDS.map((kind): KindRow => {
    const copies = truth.copies.filter((c) => c.kind === kind);
    const found = copies.filter((c) => notOriginal(c.id) && sourceIds(c.id).includes(c.original));
    const wrong = copies.filter((c) => sourceIds(c.id).some((s) => !family.get(c.original)?.has(s)));
    return {
      kind,
      n: copies.length,
      requested: mean(copies.map((c) => c.requested)),
      rate: mean(copies.map((c) => c.rate)),
      recall: found.length / Math.max(1, copies.length),
      asCopy: copies.filter((c) => byId.get(c.id)?.classification === 'copy').length / Math.max(1, copies.length),
      wrongSource: wrong.length,
      note: note(kind, copies),
    };
  });
  let directionErrors = 0;
  let otherOriginals = 0;
  for (const id of truth.originals) {
    if (!notOriginal(id)) continue;
    if (sourceIds(id).every((s) => family.get(id)?.has(s))) directionErrors++;
    else otherOriginals++;
  }
  return { rows, falsePositives: truth.negatives.filter(notOriginal).length, directionErrors, otherOriginals };
}

function note(kind: Kind, copies: CopyTruth[]): string {
  if (kind === 'alias') {
    const none = copies.filter((c) => (c.aliasSwaps ?? 0) === 0).length;
    return `${mean(copies.map((c) => c.aliasSwaps ?? 0)).toFixed(1)} alias swaps a copy (${none} copies with none)`;
  }
  if (kind === 'excerpt' || kind === 'excerpt-spun') return `the excerpt is ${pct(mean(copies.map((c) => c.excerptShare ?? 0)))} of the copy's words`;
  // A story runs out of replaceable words (names, numbers, function words stay) around 35–40%.
  const short = copies.filter((c) => c.rate < c.requested - 0.005).length;
  return short > 0 ? `${short} copies short of ${pct(copies[0]?.requested ?? 0)}: every replaceable word replaced` : '';
}

function pct(x: number): string {
  return `${(100 * x).toFixed(1)}%`;
}

/** A markdown table with padded columns. */
function table(rows: string[][]): string {
  const widths = (rows[0] ?? []).map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  const line = (r: string[]): string => `| ${r.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join(' | ')} |`;
  const [head, ...body] = rows;
  return [line(head ?? []), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

function section(ev: Evaluation, corpus: SpinCorpus & { clean: number }, wall: number, bytes: number, rejected: number): string {
  const kindRows = ev.rows.map((r) => [
    `\`${r.kind}\``,
    WHAT[r.kind],
    String(r.n),
    pct(r.rate),
    r.recall.toFixed(3),
    r.asCopy.toFixed(3),
    String(r.wrongSource),
    r.requested <= TARGET_RATE + 1e-9 ? (r.recall >= TARGET_RECALL ? 'met' : 'missed') : '—',
    r.note,
  ]);
  const nNeg = corpus.truth.negatives.length;
  const nOrig = corpus.truth.originals.length;
  const fp = ev.falsePositives / Math.max(1, nNeg);
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const machine = `${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  const examples = corpus.examples.flatMap((e) => [`- \`${e.kind}\``, `  - original: ${e.original}`, `  - copy: ${e.copy}`]);
  return [
    '## Spin benchmark (issue 3)',
    '',
    `${new Date().toISOString().slice(0, 10)} · ${machine} · seed ${seed} · \`npm run bench:spin\``,
    '',
    `Corpus: ${nOrig} originals, ${corpus.truth.copies.length.toLocaleString('en-US')} copies (${KINDS.length} kinds), ${nNeg.toLocaleString('en-US')} negatives: ` +
      `${corpus.records.length.toLocaleString('en-US')} documents, ${(bytes / 1e6).toFixed(1)} MB, drawn from the ${corpus.clean.toLocaleString('en-US')} ` +
      `clean Reuters-21578 stories (120–600 words, no word 8-gram shared with any other story).` +
      `${rejected > 0 ? ` ${rejected} records rejected.` : ''} \`reprint scan\` wall time ${wall.toFixed(2)} s.`,
    '',
    table([['kind', 'what', 'n', 'subst. rate', 'recall', 'as copy', 'wrong source', 'target', 'notes'], ...kindRows]),
    '',
    table([
      ['set', 'n', 'not `original`', 'rate', 'target'],
      ['negatives (false positives)', String(nNeg), String(ev.falsePositives), pct(fp), `≤ ${pct(TARGET_FP)}: ${fp <= TARGET_FP ? 'met' : 'missed'}`],
      ['originals: direction errors (sources only their own copies)', String(nOrig), String(ev.directionErrors), pct(ev.directionErrors / Math.max(1, nOrig)), '—'],
      ['originals: other (a source outside their family)', String(nOrig), String(ev.otherOriginals), pct(ev.otherOriginals / Math.max(1, nOrig)), '—'],
    ]),
    '',
    '- **recall**: the copy is not `original` and its original is among its `sources`. **as copy**: share classified `copy`.',
    '- **subst. rate**: share of the words replaced by synonyms, as applied (of the excerpt, for the excerpt kinds); a story',
    '  with fewer replaceable words than asked gets them all replaced. **wrong source**: copies with a source outside',
    '  their family (their original and its other copies); the clean-story test (no shared 8-gram) still lets a few',
    '  rewritten Reuters stories through, so a wrong source can be real reuse. **target** (issue 3): recall ≥ 0.95 up to',
    '  40% substitution.',
    '- Every original has one copy of each kind, all a day later, so a copy also aligns with its earlier siblings: two',
    "  heavily spun copies agree where the spinner drew the same synonym, which lifts `sub50`'s *as copy* share.",
    '',
    'What spinning looks like (first changed sentence of a copy, as generated):',
    '',
    ...examples,
    '',
  ].join('\n');
}

/** Puts `text` between the markers in RESULTS.md, appending the section when the markers are missing. */
function writeResults(text: string): string {
  const file = path.join(root, 'bench', 'RESULTS.md');
  const [start, end] = ['<!-- spin -->', '<!-- end spin -->'];
  const prior = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmark results\n';
  const i = prior.indexOf(start);
  const j = prior.indexOf(end, i);
  const block = `${start}\n${text}${end}`;
  const next = i >= 0 && j >= 0 ? prior.slice(0, i) + block + prior.slice(j + end.length) : `${prior.replace(/\n*$/, '\n\n')}${block}\n`;
  writeFileSync(file, next);
  return file;
}

if (!existsSync(data)) {
  console.log(`bench:spin: ${data} is not there (the shared data folder is absent); nothing measured.`);
  process.exit(0);
}
mkdirSync(outDir, { recursive: true });
const corpus = generate();
const corpusFile = path.join(outDir, 'corpus.jsonl');
writeFileSync(corpusFile, corpus.records.map((r) => JSON.stringify(r)).join('\n') + '\n');
writeFileSync(path.join(outDir, 'truth.json'), `${JSON.stringify(corpus.truth, null, 2)}\n`);
log(`spin: scanning ${path.relative(process.cwd(), corpusFile)} with ${path.relative(process.cwd(), cli)}`);
const result = scan(corpusFile, path.join(outDir, 'report'));
const text = section(evaluate(corpus.truth, result.docs), corpus, result.wall, statSync(corpusFile).size, result.rejected);
console.log(text);
console.log(`written to ${path.relative(process.cwd(), writeResults(text))}`);
