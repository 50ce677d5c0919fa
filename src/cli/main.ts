#!/usr/bin/env node
/**
 * The `reprint` command line. Exit codes: 0 success; 1 failure (unreadable database, unwritable
 * output, internal error); 2 usage error; 3 `--strict` and at least one record was rejected.
 */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { check, compare, indexRecords, reportWith, scan, type RunHooks, type RunOptions } from '../engine.js';
import type { Workers } from '../engine/pool.js';
import { DEFAULT_MAX_DOC_BYTES, type ReadOptions } from '../ingest/context.js';
import { DEFAULT_FIELDS, type FieldNames } from '../ingest/fields.js';
import { readInputs } from '../ingest/read.js';
import { AliasSyntaxError } from '../lexicon/aliases.js';
import { defaultLexicon } from '../lexicon/load.js';
import type { Article, InputWarning, Rejection } from '../model/types.js';
import { DEFAULT_OPTIONS } from '../options.js';
import type { Report } from '../report/contract.js';
import { openStore, type Store } from '../store/index.js';
import { VERSION } from '../version.js';
import { collect } from './collect.js';
import { progress } from './progress.js';
import { defaultThreads, workersFor } from './workers.js';
import { htmlChunks, prettyJsonChunks, writeChunks, writeWhole } from './write-report.js';

export const EXIT = { ok: 0, failure: 1, usage: 2, rejected: 3 } as const;

/** Reports of up to this many documents are written as one string (~150 MB of JSON at most). */
const WHOLE_STRING_DOCS = 100_000;

/** Most rejections printed one by one; the rest are counted (all are in report.json). */
const MAX_PRINTED_REJECTIONS = 20;

class ExitError extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
  }
}

function num(min: number, max: number, integer: boolean) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
      throw new InvalidArgumentError(`expected ${integer ? 'an integer' : 'a number'} from ${min} to ${max}`);
    }
    return n;
  };
}

/** How spinning is seen through: on by default, with the user's own alias tables added. */
function spinFlags(cmd: Command): Command {
  return cmd
    .option('--aliases <file...>', 'more entity aliases, one entity a line: "canonical | variant | ..."')
    .option('--no-spin', 'exact matching only: no synonyms, no aliases');
}

interface SpinFlags {
  aliases?: string[] | undefined;
  spin: boolean;
}

/** The spin options of a run; the alias files are read now, so that a bad one is a usage error. */
function spinOptions(f: SpinFlags): RunOptions {
  if (!f.spin) return { spin: false };
  const aliases = f.aliases ?? [];
  try {
    defaultLexicon(aliases);
  } catch (e) {
    if (e instanceof AliasSyntaxError) throw new ExitError(e.message, EXIT.usage);
    const err = e as NodeJS.ErrnoException;
    if (err.code !== undefined && typeof err.path === 'string') throw new ExitError(`cannot read alias file ${err.path}: ${err.code}`, EXIT.usage);
    throw e;
  }
  return { spin: true, aliases };
}

/** The options users tune: outcomes, not internals. */
function tuning(cmd: Command): Command {
  return spinFlags(cmd)
    .addOption(
      new Option('--min-words <n>', 'fewest words in a reported passage').argParser(num(5, 10000, true)).default(DEFAULT_OPTIONS.minPassageWords),
    )
    .addOption(
      new Option('--threshold <j>', 'word-shingle Jaccard at which whole documents are near-duplicates')
        .argParser(num(0.01, 0.99, false))
        .default(DEFAULT_OPTIONS.threshold),
    )
    .addOption(
      new Option('--copy-coverage <f>', 'share of a document reused from earlier ones that makes it a copy')
        .argParser(num(0.01, 1, false))
        .default(DEFAULT_OPTIONS.copyCoverage),
    );
}

/** Where records keep their fields, and the largest document read: scan, add and check. */
function inputOptions(cmd: Command): Command {
  const field = (flag: keyof FieldNames, what: string): Option =>
    new Option(`--${flag}-field <name>`, `field holding ${what} (JSON Lines, CSV, Parquet)`).default(DEFAULT_FIELDS[flag]);
  return cmd
    .addOption(field('text', 'the text'))
    .addOption(field('html', 'a raw HTML page to extract the article from, when there is no text'))
    .addOption(field('id', 'the document id'))
    .addOption(field('title', 'the title'))
    .addOption(field('date', 'the publication time (ISO 8601)'))
    .addOption(field('url', 'the URL'))
    .addOption(field('source', 'the publisher (page furniture is learned per publisher)'))
    .addOption(
      new Option('--max-doc-bytes <n>', 'largest document read (a file, JSON line, CSV row, WARC record); larger ones are rejected; suffixes k, M, G')
        .argParser(byteSize)
        .default(DEFAULT_MAX_DOC_BYTES, '10M'),
    );
}

interface InputFlags {
  textField: string;
  htmlField: string;
  idField: string;
  titleField: string;
  dateField: string;
  urlField: string;
  sourceField: string;
  maxDocBytes: number;
}

function readOptions(f: InputFlags): ReadOptions {
  return {
    fields: { text: f.textField, html: f.htmlField, id: f.idField, title: f.titleField, date: f.dateField, url: f.urlField, source: f.sourceField },
    maxDocBytes: f.maxDocBytes,
  };
}

/** "10M", "512k", "1048576" → bytes (k, M, G are powers of 1024). */
function byteSize(v: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(k|m|g)?(?:i?b)?\s*$/i.exec(v);
  const n = m ? Number(m[1]) * 1024 ** ('kmg'.indexOf((m[2] ?? '').toLowerCase()) + 1) : NaN;
  if (!Number.isFinite(n) || n < 1 || n > 2 ** 40) throw new InvalidArgumentError('expected a size in bytes, like 10M, 512k or 1048576');
  return Math.floor(n);
}


/** `--threads N`: worker threads for analysis and alignment (1 = none). */
function threaded(cmd: Command): Command {
  return cmd.addOption(
    new Option('--threads <n>', 'threads for analysis and alignment (1: no worker threads)').argParser(num(1, 256, true)).default(defaultThreads()),
  );
}

interface TuningFlags extends SpinFlags {
  minWords: number;
  threshold: number;
  copyCoverage: number;
}

function toOptions(f: TuningFlags): RunOptions {
  return { minPassageWords: f.minWords, threshold: f.threshold, copyCoverage: f.copyCoverage, ...spinOptions(f) };
}

function openDb(file: string): Store {
  try {
    return openStore(file);
  } catch (e) {
    throw new ExitError(`cannot use database ${file}: ${(e as Error).message}`, EXIT.failure);
  }
}

function where(r: { input: string; line?: number | undefined }): string {
  return `${r.input}${r.line !== undefined ? `:${r.line}` : ''}`;
}

/** Prints warnings to stderr, the first MAX_PRINTED_REJECTIONS of them; `finish` counts the rest. */
function warningPrinter(before: () => void = () => {}): { onWarning(w: InputWarning): void; finish(): void } {
  let printed = 0;
  let count = 0;
  return {
    onWarning(w: InputWarning) {
      count++;
      if (printed < MAX_PRINTED_REJECTIONS) {
        before();
        process.stderr.write(`reprint: warning: ${where(w)}: ${w.message}\n`);
        printed++;
      }
    },
    finish() {
      if (count > printed) process.stderr.write(`reprint: … and ${count - printed} more warnings\n`);
    },
  };
}

function hooksFor(quiet: boolean, workers?: Workers): RunHooks & { finish(): void; rejectedCount(): number } {
  const bar = progress(!quiet);
  const warnings = warningPrinter(() => bar.done());
  let printed = 0;
  let count = 0;
  return {
    workers,
    collect,
    onProgress: (stage, done, total) => bar.update(stage, done, total),
    onReject: (r: Rejection) => {
      count++;
      if (printed < MAX_PRINTED_REJECTIONS) {
        bar.done();
        process.stderr.write(`reprint: rejected ${where(r)}: ${r.reason}\n`);
        printed++;
      }
    },
    onWarning: (w) => warnings.onWarning(w),
    finish() {
      bar.done();
      warnings.finish();
      if (count > printed) process.stderr.write(`reprint: … and ${count - printed} more rejected (all are listed in rejected[])\n`);
    },
    rejectedCount: () => count,
  };
}

/**
 * The one document `check` looks at: a text or HTML file (or any input reprint reads that holds
 * exactly one document), or standard input for `-`.
 */
async function readOne(file: string, options: ReadOptions): Promise<Article> {
  const found: Article[] = [];
  const rejected: Rejection[] = [];
  const warnings = warningPrinter();
  for await (const rec of readInputs([file], options)) {
    if (rec.kind === 'article') found.push(rec.article);
    else if (rec.kind === 'rejected') rejected.push(rec.rejection);
    else warnings.onWarning(rec.warning);
  }
  warnings.finish();
  const [first] = rejected;
  if (first) throw new ExitError(`cannot read ${where(first)}: ${first.reason}`, EXIT.failure);
  if (found.length !== 1) throw new ExitError(`check reads one document; ${file} holds ${found.length}`, EXIT.failure);
  return found[0] as Article;
}

async function writeReport(report: Report, outDir: string): Promise<void> {
  try {
    await mkdir(outDir, { recursive: true });
    const json = path.join(outDir, 'report.json');
    const html = path.join(outDir, 'index.html');
    if (report.summary.documents <= WHOLE_STRING_DOCS) {
      // One serialisation each: fastest, while the report is far from the longest string V8 can make.
      await writeWhole(report, json, html);
    } else {
      // In pieces, the same bytes: a large corpus's report is longer than a JavaScript string can be.
      writeChunks(json, (function* () {
        yield* prettyJsonChunks(report);
        yield '\n';
      })());
      writeChunks(html, htmlChunks(report));
    }
  } catch (e) {
    throw new ExitError(`cannot write the report to ${outDir}: ${(e as Error).message}`, EXIT.failure);
  }
}

/** Seconds since `t0` (process.hrtime: the global `performance` would load perf_hooks, ~1 ms, for two readings). */
function secondsSince(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

function summaryLine(report: Report, seconds: number, outDir: string): string {
  const s = report.summary;
  return (
    `reprint: ${s.records} records: ${s.documents} indexed, ${s.rejected} rejected · ` +
    `${s.copy} copy, ${s.partial} partial, ${s.original} original · ${s.passages} passages in ${s.clusters} families · ` +
    `${seconds.toFixed(2)} s → ${path.join(outDir, 'report.json')}, ${path.join(outDir, 'index.html')}\n`
  );
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function buildProgram(): Command {
  const program = new Command();
  // Set before the subcommands exist: commander copies these settings into each at .command() time.
  program.exitOverride();
  program.configureOutput({ writeErr: (str) => process.stderr.write(str) });
  program
    .name('reprint')
    .description('Find where news text comes from: copies, near-copies, partial reprints and their originals.')
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      '\nExit codes: 0 success, 1 failure (database, output, internal error), 2 usage error, 3 --strict with rejected records.',
    );

  const INPUTS = 'files, folders, glob patterns or - (text, HTML, WARC, JSON Lines, CSV, Parquet; gzipped too)';
  inputOptions(
    tuning(
      threaded(
        program
          .command('scan')
          .description('scan files, folders and crawls; write DIR/report.json and DIR/index.html')
          .argument('<inputs...>', INPUTS)
          .requiredOption('-o, --out <dir>', 'folder to write report.json and index.html to')
          .option('--db <file>', 'also keep the index in this SQLite file (default: in memory only)', '')
          .option('--strict', 'exit with code 3 when any record is rejected', false)
          .option('-q, --quiet', 'no progress bar and no summary', false),
      ),
    ),
  ).action(async (inputs: string[], o: TuningFlags & InputFlags & { out: string; db: string; strict: boolean; quiet: boolean; threads: number }) => {
    const t0 = process.hrtime.bigint();
    const store = openDb(o.db);
    const workers = workersFor(o.threads);
    const hooks = hooksFor(o.quiet, workers);
    try {
      const report = await scan(readInputs(inputs, readOptions(o)), store, toOptions(o), hooks);
      // The report holds all it needs: the index can go before the (large) files are written.
      store.close();
      await workers?.close();
      if (report.summary.documents > 100_000) collect();
      await writeReport(report, o.out);
      hooks.finish();
      if (!o.quiet) process.stderr.write(summaryLine(report, secondsSince(t0), o.out));
      if (o.strict && report.summary.rejected > 0) process.exitCode = EXIT.rejected;
    } finally {
      await workers?.close();
      store.close();
    }
  });

  spinFlags(
    inputOptions(
      threaded(
        program
          .command('add')
          .description('add documents to the persistent index (incremental; run report to see the result)')
          .argument('<inputs...>', INPUTS)
          .option('--db <file>', 'SQLite index file', 'reprint.db')
          .option('--strict', 'exit with code 3 when any record is rejected', false)
          .option('-q, --quiet', 'no progress bar and no summary', false),
      ),
    ),
  ).action(async (inputs: string[], o: InputFlags & SpinFlags & { db: string; strict: boolean; quiet: boolean; threads: number }) => {
    const spin = spinOptions(o);
    const store = openDb(o.db);
    const workers = workersFor(o.threads);
    const hooks = hooksFor(o.quiet, workers);
    try {
      const r = await indexRecords(readInputs(inputs, readOptions(o)), store, spin, hooks);
      hooks.finish();
      if (!o.quiet) process.stderr.write(`reprint: ${r.read} records: ${r.indexed} added, ${r.rejected} rejected · ${store.size()} documents in ${o.db}\n`);
      if (o.strict && r.rejected > 0) process.exitCode = EXIT.rejected;
    } finally {
      await workers?.close();
      store.close();
    }
  });

  tuning(
    threaded(program
      .command('report')
      .description('write the report for everything in the persistent index')
      .requiredOption('-o, --out <dir>', 'folder to write report.json and index.html to')
      .option('--db <file>', 'SQLite index file', 'reprint.db')
      .option('-q, --quiet', 'no progress bar and no summary', false)),
  ).action(async (o: TuningFlags & { out: string; db: string; quiet: boolean; threads: number }) => {
    const t0 = process.hrtime.bigint();
    const store = openDb(o.db);
    const workers = workersFor(o.threads);
    const hooks = hooksFor(o.quiet, workers);
    try {
      const report = await reportWith(store, toOptions(o), hooks);
      await writeReport(report, o.out);
      hooks.finish();
      if (!o.quiet) process.stderr.write(summaryLine(report, secondsSince(t0), o.out));
    } finally {
      await workers?.close();
      store.close();
    }
  });

  inputOptions(
    tuning(
      program
        .command('check')
        .description("list a new text's sources among indexed documents, without adding it")
        .argument('<file>', 'a text or HTML file (or another input holding one document), or - for standard input')
        .option('--db <file>', 'SQLite index file', 'reprint.db')
        .option('--date <iso>', "publication time of the text (sources published later are not counted; default: the page's own)")
        .option('--source <name>', "publisher of the text (for its page furniture; default: the page's own)")
        .option('--json', 'print JSON', false),
    ),
  ).action(async (file: string, o: TuningFlags & InputFlags & { db: string; date?: string; source?: string; json: boolean }) => {
    const doc = await readOne(file, readOptions(o));
    const text = doc.text;
    const store = openDb(o.db);
    try {
      const r = check(store, { id: file, text, published_at: o.date ?? doc.published_at, source: o.source ?? doc.source }, toOptions(o));
      if (o.json) {
        process.stdout.write(JSON.stringify(r, null, 2) + '\n');
        return;
      }
      const { colourEnabled, painter } = await import('./paint.js'); // check's and compare's only: not loaded for a scan
      const paint = painter(colourEnabled(process.stdout));
      process.stdout.write(`${paint('bold', file)}: ${r.classification}, ${(r.coverage * 100).toFixed(1)}% of ${r.words} words reused\n`);
      for (const s of r.sources) {
        process.stdout.write(
          `  ${paint('cyan', s.id)}  ${(s.coverage * 100).toFixed(1)}%  ${s.passages.length} passage${s.passages.length === 1 ? '' : 's'}` +
            `${s.title ? `  ${s.title}` : ''}${s.published_at ? `  (${s.published_at})` : ''}\n`,
        );
        for (const p of s.passages) {
          const excerpt = text.slice(p.target.start, p.target.end).replace(/\s+/g, ' ');
          process.stdout.write(`      ${p.kind} ${p.words} words [${p.target.start}, ${p.target.end}): ${paint('green', excerpt.length > 100 ? excerpt.slice(0, 97) + '…' : excerpt)}\n`);
        }
      }
    } finally {
      store.close();
    }
  });

  tuning(
    program
      .command('compare')
      .description('align two texts: passages side by side (or --json)')
      .argument('<a>', 'first text file')
      .argument('<b>', 'second text file')
      .option('--json', 'print {similarity, passages} as JSON', false),
  ).action(async (fa: string, fb: string, o: TuningFlags & { json: boolean }) => {
    const read = async (f: string): Promise<string> => {
      try {
        return f === '-' ? await readStdin() : await readFile(f, 'utf8');
      } catch (e) {
        throw new ExitError(`cannot read ${f}: ${(e as Error).message}`, EXIT.failure);
      }
    };
    const [a, b] = [await read(fa), await read(fb)];
    const cmp = compare(a, b, toOptions(o));
    if (o.json) {
      process.stdout.write(JSON.stringify(cmp, null, 2) + '\n');
      return;
    }
    const [{ colourEnabled, painter }, { renderComparison }] = await Promise.all([import('./paint.js'), import('./compare-view.js')]);
    const paint = painter(colourEnabled(process.stdout));
    process.stdout.write(renderComparison(cmp, { name: fa, text: a }, { name: fb, text: b }, paint, process.stdout.columns ?? 120));
  });

  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version succeed; help shown because no command was given is a usage error.
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return EXIT.ok;
      return EXIT.usage;
    }
    if (e instanceof ExitError) {
      process.stderr.write(`reprint: ${e.message}\n`);
      return e.code;
    }
    process.stderr.write(`reprint: internal error: ${(e as Error).stack ?? String(e)}\n`);
    return EXIT.failure;
  }
}

process.exitCode = await main(process.argv);
// Exit now rather than let Node tear the heap down piece by piece (~0.15 s after a Reuters scan):
// once what was written to stdout and stderr is flushed, nothing is left to do.
await Promise.all([process.stdout, process.stderr].map((s) => new Promise<void>((done) => s.write('', () => done()))));
process.exit();
