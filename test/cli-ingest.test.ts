/**
 * The command line over the new inputs: crawls, pages, tables, standard input and glob patterns;
 * the field-name and size flags on scan, add and check; warnings on stderr; --strict exiting 3 on
 * a rejection from any format; check reading an HTML page.
 */
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Report } from '../src/report/contract.js';
import { tempRoot } from './helpers/fixtures.js';
import { wirePage, type Story } from './helpers/pages.js';
import { writeParquet } from './helpers/parquet.js';
import { randomWords, rng } from './helpers/random.js';
import { pageRecord, warcFile, warcRecord } from './helpers/warc.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = path.join(ROOT, 'dist', 'src', 'cli', 'main.js');
const { folder } = tempRoot('reprint-cli-ingest-');

function run(args: string[], input?: string | Buffer, cwd = ROOT): SpawnSyncReturns<string> {
  const res = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', input, env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
  if (res.error) throw res.error;
  return res;
}
const explain = (res: SpawnSyncReturns<string>): string => `exit ${res.status}\n--- stdout\n${res.stdout}\n--- stderr\n${res.stderr}`;
const report = (dir: string): Report => JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')) as Report;

const para = (seed: number, n = 40): string => randomWords(rng(seed), n).join(' ') + '.';
const SHARED = para(1, 45);
const story = (i: number, paragraphs: string[], site = 'The Wire'): Story => ({
  title: `Story ${i}`,
  url: `https://wire.example/story-${i}`,
  published_at: `2024-03-1${i}T09:00:00Z`,
  author: 'Staff',
  site,
  paragraphs,
});

describe('reprint CLI: the inputs of issue 4', () => {
  const dir = folder({
    'pages/one.html': wirePage(story(1, [para(10), SHARED, para(11)])),
    'crawl.warc.gz': warcFile([pageRecord('https://wire.example/story-2', wirePage(story(2, [para(20), SHARED])))], true),
    'table.csv': `uid,body,pubDate\nc1,"${para(30)}",2024-03-13T00:00:00Z\n`,
    'table.parquet': writeParquet(
      [
        { name: 'uid', type: 'string' },
        { name: 'body', type: 'string' },
      ],
      [{ uid: 'p1', body: `${para(40)}\n\n${SHARED}` }],
    ),
  });

  it('scan reads HTML, WARC.gz, CSV and Parquet in one folder, with field names from flags', () => {
    const out = folder({});
    const res = run(['scan', dir, '--out', out, '-q', '--text-field', 'body', '--id-field', 'uid', '--date-field', 'pubDate']);
    assert.equal(res.status, 0, explain(res));
    const r = report(out);
    assert.deepEqual(r.documents.map((d) => d.id).sort(), ['c1', 'https://wire.example/story-2', 'p1', 'pages/one.html']);
    assert.equal(r.rejected.length, 0, JSON.stringify(r.rejected));
    const ids = (p: Report['passages'][number]): string[] => [p.source.id, p.target.id].sort();
    assert.deepEqual(r.passages.map(ids).sort(), [
      ['https://wire.example/story-2', 'p1'],
      ['https://wire.example/story-2', 'pages/one.html'],
      ['p1', 'pages/one.html'],
    ]);
    assert.equal(r.documents.find((d) => d.id === 'pages/one.html')?.source, 'The Wire');
    assert.equal(r.documents.find((d) => d.id === 'c1')?.published_at, '2024-03-13T00:00:00Z');
  });

  it('a quoted glob pattern is expanded by reprint; standard input is read with -', () => {
    const out = folder({});
    const res = run(['scan', path.join(dir, 'pages', '*.html'), '-', '--out', out, '-q'], JSON.stringify({ id: 's1', text: `${para(50)}\n\n${SHARED}` }) + '\n');
    assert.equal(res.status, 0, explain(res));
    const r = report(out);
    assert.deepEqual(r.documents.map((d) => d.id).sort(), ['one.html', 's1']);
    assert.equal(r.passages.length, 1);
  });

  it('--strict exits 3 on a malformed WARC record, after writing the report; the message names the record and offset', () => {
    const first = pageRecord('https://wire.example/a', wirePage(story(3, [para(60), para(61)])));
    const bad = warcRecord({ type: 'response', uri: 'https://wire.example/b', block: 'HTTP/1.1 200 OK\r\n\r\nx', versionLine: 'WARC/0.9' });
    const f = path.join(folder({ 'bad.warc': warcFile([first, bad], false) }), 'bad.warc');
    const out = folder({});
    const res = run(['scan', f, '--out', out, '--strict', '-q']);
    assert.equal(res.status, 3, explain(res));
    assert.match(res.stderr, new RegExp(`rejected ${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2: malformed WARC record at byte ${first.length.toLocaleString('en-US')}`));
    assert.equal(report(out).summary.documents, 1);
    const add = run(['add', f, '--db', path.join(out, 'i.db'), '--strict', '-q']);
    assert.equal(add.status, 3, explain(add));
  });

  it('warnings go to stderr and are not rejections; --max-doc-bytes takes sizes and refuses nonsense (exit 2)', () => {
    const d = folder({ 'latin.txt': Buffer.from(`caf\xe9 ${para(70)}`, 'latin1'), 'big.txt': para(71, 400) });
    const out = folder({});
    const res = run(['scan', d, '--out', out, '--max-doc-bytes', '1k', '--strict']);
    assert.equal(res.status, 3, explain(res));
    assert.match(res.stderr, /reprint: warning: .*latin\.txt: not valid UTF-8 \(first bad byte at offset 3\) and no charset declared: decoded as windows-1252/);
    assert.match(res.stderr, /rejected .*big\.txt: document too large: [\d,]+ bytes, over the --max-doc-bytes limit of 1,024 bytes/);
    const r = report(out);
    assert.deepEqual(
      r.documents.map((d2) => d2.id),
      ['latin.txt'],
    );
    assert.equal(r.rejected.length, 1);
    const bad = run(['scan', d, '--out', out, '--max-doc-bytes', 'lots']);
    assert.equal(bad.status, 2, explain(bad));
  });

  it('check reads an HTML page (its publisher and date too), from a file or from standard input', () => {
    const db = path.join(folder({}), 'index.db');
    const add = run(['add', dir, '--db', db, '-q', '--text-field', 'body', '--id-field', 'uid']);
    assert.equal(add.status, 0, explain(add));
    const page = wirePage(story(5, [para(80), SHARED, para(81)], 'Other Site'));
    const f = path.join(folder({ 'new.html': page }), 'new.html');
    for (const args of [[f], ['-']]) {
      const res = run(['check', ...args, '--db', db, '--json'], args[0] === '-' ? page : undefined);
      assert.equal(res.status, 0, explain(res));
      const r = JSON.parse(res.stdout) as { sources: { id: string }[]; classification: string };
      assert.deepEqual(r.sources.map((s) => s.id).sort(), ['https://wire.example/story-2', 'p1', 'pages/one.html']);
      assert.equal(r.classification, 'partial');
    }
    const gz = run(['check', '-', '--db', db, '--json'], gzipSync(page) as unknown as string);
    assert.equal(gz.status, 0, explain(gz));
    const none = run(['check', path.join(folder({ 'login.html': '<html><body><form></form></body></html>' }), 'login.html'), '--db', db]);
    assert.equal(none.status, 1, explain(none));
    assert.match(none.stderr, /cannot read .*login\.html: no article text found in HTML/);
    const two = run(['check', path.join(folder({ 'two.jsonl': '{"id":"a","text":"A."}\n{"id":"b","text":"B."}\n' }), 'two.jsonl'), '--db', db]);
    assert.equal(two.status, 1, explain(two));
    assert.match(two.stderr, /check reads one document; .*two\.jsonl holds 2/);
  });
});
