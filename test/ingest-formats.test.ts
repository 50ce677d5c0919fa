/**
 * CSV, Parquet, gzip, standard input, content sniffing, globs and configurable field names; every
 * kind of bad input with its message, line and the count identity; and a mixed folder of HTML,
 * WARC, JSON Lines (gzipped), CSV and Parquet holding the example stories, which must give exactly
 * the passages the plain JSON Lines give.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { indexRecords, scan } from '../src/engine.js';
import { readInputs } from '../src/ingest/read.js';
import type { InputRecord } from '../src/model/types.js';
import type { Report } from '../src/report/contract.js';
import { createMemoryStore } from '../src/store/index.js';
import { articlesOf, readAll, rejectionsOf, tempRoot, warningsOf } from './helpers/fixtures.js';
import { escapeHtml, wirePage, wordpressPage, type Story } from './helpers/pages.js';
import { writeParquet, type Cell, type ParquetColumn } from './helpers/parquet.js';
import { randomWords, rng } from './helpers/random.js';
import { pageRecord, warcFile } from './helpers/warc.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const NEWS = path.join(ROOT, 'examples', 'news.jsonl');
const { folder, file } = tempRoot('reprint-formats-');

function csv(rows: readonly (readonly string[])[]): string {
  return rows.map((r) => r.map((v) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',')).join('\r\n') + '\r\n';
}

const words = (seed: number, n = 30): string => randomWords(rng(seed), n).join(' ') + '.';
const STRINGS = (...names: string[]): ParquetColumn[] => names.map((name) => ({ name, type: 'string' }));

describe('CSV', () => {
  it('reads a header row and one record per row, quoted commas and newlines included; rows are named by line', async () => {
    const f = file(
      'feed.csv',
      csv([
        ['id', 'title', 'text', 'published_at', 'source', 'extra'],
        ['c1', 'First', 'One, with a comma.', '2024-03-12T09:00:00Z', 'paper.example', 'x'],
        ['c2', '', 'Two\nspans "two" lines.', '', '', ''],
        ['c3', 'Third', 'Three.', '', 'paper.example', ''],
      ]),
    );
    const got = await readAll([f]);
    assert.deepEqual(rejectionsOf(got), []);
    assert.deepEqual(
      articlesOf(got).map((a) => [a.article, a.line]),
      [
        [{ id: 'c1', title: 'First', text: 'One, with a comma.', published_at: '2024-03-12T09:00:00Z', source: 'paper.example' }, 2],
        [{ id: 'c2', text: 'Two\nspans "two" lines.' }, 4],
        [{ id: 'c3', title: 'Third', text: 'Three.', source: 'paper.example' }, 5],
      ],
    );
  });

  it('rejects a ragged row, rows with wrong values and a quote never closed by line; the rows after a bad one are read', async () => {
    const f = file(
      'bad.csv',
      [
        'id,text,published_at',
        'r1,Fine text.,2024-03-12',
        'r2,Too many,fields,here',
        'r3,Too few',
        'r4,Bad date.,yesterday',
        'r5,,2024-03-12',
        'r6,"A ""quoted"" field" with junk after,2024-03-12',
        'r7,Last text.,2024-03-13',
        'r8,"A quote never closed,',
        'that runs to the end of the file',
      ].join('\n') + '\n',
    );
    const got = await readAll([f]);
    assert.deepEqual(
      articlesOf(got).map((a) => [a.article.id, a.line, a.article.text]),
      [
        ['r1', 2, 'Fine text.'],
        ['r6', 7, '"A "quoted" field" with junk after'],
        ['r7', 8, 'Last text.'],
      ],
      'a stray quote is read leniently, as written',
    );
    const rej = rejectionsOf(got);
    assert.deepEqual(
      rej.map((r) => [r.line, r.reason]),
      [
        [3, 'row has 4 fields, the header has 3'],
        [4, 'row has 2 fields, the header has 3'],
        [5, '"published_at" is not an ISO 8601 date: "yesterday"'],
        [6, '"text" is empty'],
        [10, rej[4]?.reason],
      ],
    );
    assert.match(rej[4]?.reason ?? '', /^malformed CSV: Quote Not Closed/);
    for (const r of rej) assert.equal(r.input, f);
    const res = await indexRecords(readInputs([f]), createMemoryStore());
    assert.deepEqual(res, { read: 8, indexed: 3, rejected: 5 });
  });

  it('a file without a text or html column is one rejection naming the columns; ids default to file:line without an id column', async () => {
    const noText = await readAll([file('notext.csv', 'id,body\na,b\n')]);
    assert.deepEqual(
      rejectionsOf(noText).map((r) => [r.line, r.reason]),
      [[1, 'no "text" or "html" column in the header (columns: "id", "body")']],
    );
    const noId = await readAll([file('noid.csv', 'text\nFirst.\nSecond.\n')]);
    assert.deepEqual(
      articlesOf(noId).map((a) => a.article.id),
      ['noid.csv:2', 'noid.csv:3'],
    );
  });

  it('decodes a Windows-1252 row with one warning, and an Excel BOM', async () => {
    const f = file('latin.csv', Buffer.concat([Buffer.from('id,text\na,Plain ASCII.\nb,caf'), Buffer.from([0xe9, 0x20, 0x93, 0x6f, 0x6b, 0x94]), Buffer.from('\nc,also caf'), Buffer.from([0xe9]), Buffer.from('\n')]));
    const got = await readAll([f]);
    assert.deepEqual(
      articlesOf(got).map((a) => a.article.text),
      ['Plain ASCII.', 'café “ok”', 'also café'],
    );
    const w = warningsOf(got);
    assert.equal(w.length, 2);
    assert.equal(w[0]?.line, 3);
    assert.match(w[0]?.message ?? '', /decoded as windows-1252/);
    assert.match(w[1]?.message ?? '', /2 rows were not valid UTF-8/);
    const bom = await readAll([file('bom.csv', '\ufeffid,text\nb1,With a BOM.\n')]);
    assert.deepEqual(
      articlesOf(bom).map((a) => a.article.id),
      ['b1'],
    );
  });
});

describe('Parquet', () => {
  it('reads rows across row groups; integer ids become strings; nulls are absent; rows are numbered from 1', async () => {
    const columns: ParquetColumn[] = [{ name: 'id', type: 'int64' }, ...STRINGS('text', 'title', 'published_at', 'url')];
    const rows: Record<string, Cell>[] = Array.from({ length: 25 }, (_, i) => ({
      id: BigInt(1000 + i),
      text: `Row ${i} text — café.`,
      title: i % 2 ? null : `Title ${i}`,
      published_at: `2024-03-${String(1 + (i % 28)).padStart(2, '0')}`,
      url: null,
    }));
    const f = file('rows.parquet', writeParquet(columns, rows, 10));
    const got = await readAll([f]);
    assert.deepEqual(rejectionsOf(got), []);
    const arts = articlesOf(got);
    assert.equal(arts.length, 25);
    assert.deepEqual(arts[0], { article: { id: '1000', text: 'Row 0 text — café.', title: 'Title 0', published_at: '2024-03-01' }, input: f, line: 1 });
    assert.deepEqual(arts[13]?.article, { id: '1013', text: 'Row 13 text — café.', published_at: '2024-03-14' });
    assert.equal(arts[24]?.line, 25);
  });

  it('rejects rows with wrong types or values by row number; a file without a text column, a corrupt and a truncated file as wholes', async () => {
    const columns: ParquetColumn[] = [...STRINGS('id', 'title'), { name: 'text', type: 'int64' }];
    const wrong = await readAll([file('wrong.parquet', writeParquet(columns, [{ id: 'a', title: 't', text: 5n }]))]);
    assert.deepEqual(
      rejectionsOf(wrong).map((r) => [r.line, r.reason]),
      [[1, '"text" must be a string, got bigint']],
    );
    const rows = [
      { id: 'ok', text: 'Fine.' },
      { id: null, text: 'No id.' },
      { id: 'e', text: '   ' },
    ];
    const mixed = await readAll([file('mixed.parquet', writeParquet(STRINGS('id', 'text'), rows))]);
    assert.deepEqual(
      articlesOf(mixed).map((a) => a.article.id),
      ['ok'],
    );
    assert.deepEqual(
      rejectionsOf(mixed).map((r) => [r.line, r.reason]),
      [
        [2, 'missing "id"'],
        [3, '"text" is empty'],
      ],
    );
    const noText = await readAll([file('notext.parquet', writeParquet(STRINGS('id', 'body'), [{ id: 'a', body: 'b' }]))]);
    assert.match(rejectionsOf(noText)[0]?.reason ?? '', /^no "text" or "html" column \(columns: "id", "body"\)$/);
    const good = writeParquet(STRINGS('id', 'text'), [{ id: 'a', text: 'A.' }]);
    for (const [name, bytes] of [
      ['corrupt.parquet', Buffer.concat([good.subarray(0, 20), Buffer.alloc(40, 0xff), good.subarray(60)])],
      ['truncated.parquet', good.subarray(0, good.length - 30)],
      ['tiny.parquet', Buffer.from('PAR1')],
    ] as const) {
      const got = await readAll([file(name, bytes)]);
      assert.equal(got.length >= 1, true);
      const rej = rejectionsOf(got);
      assert.ok(rej.length >= 1 && articlesOf(got).length + rej.length >= 1, name);
      assert.match(rej[0]?.reason ?? '', /not a readable Parquet file|cannot read rows/, `${name}: ${rej[0]?.reason}`);
    }
  });
});

describe('gzip, standard input and content sniffing', () => {
  const lines = [JSON.stringify({ id: 'g1', text: 'First gzipped record.' }), JSON.stringify({ id: 'g2', text: 'Second gzipped record.' })];

  it('reads .jsonl.gz and .csv.gz, and gzip under any name by its magic bytes', async () => {
    const dir = folder({
      'a.jsonl.gz': gzipSync(lines.join('\n') + '\n'),
      'b.csv.gz': gzipSync('id,text\nc1,A CSV row.\n'),
      'c.dat': gzipSync(lines.map((l) => l.replace(/g(\d)/, 'h$1')).join('\n')),
    });
    const got = await readAll([dir]);
    assert.deepEqual(rejectionsOf(got), []);
    assert.deepEqual(
      articlesOf(got).map((a) => [a.article.id, a.line]),
      [
        ['g1', 1],
        ['g2', 2],
        ['c1', 2],
        ['h1', 1],
        ['h2', 2],
      ],
    );
  });

  it('a truncated .jsonl.gz keeps the records before the cut and rejects the line it broke, naming the byte offset', async () => {
    const many = Array.from({ length: 2000 }, (_, i) => JSON.stringify({ id: `t${i}`, text: words(i, 20) }));
    const whole = gzipSync(many.join('\n') + '\n');
    const cut = whole.subarray(0, Math.floor(whole.length * 0.6));
    const f = file('cut.jsonl.gz', cut);
    const got = await readAll([f]);
    const arts = articlesOf(got);
    assert.ok(arts.length > 500 && arts.length < 2000, `${arts.length} records before the cut`);
    arts.forEach((a, i) => assert.equal(a.article.id, `t${i}`));
    const rej = rejectionsOf(got);
    assert.equal(rej.length, 1);
    assert.equal(rej[0]?.line, arts.length + 1);
    assert.equal(rej[0]?.reason, `truncated gzip data (unexpected end of file) at byte ${cut.length.toLocaleString('en-US')} of the compressed input`);
    const res = await indexRecords(readInputs([f]), createMemoryStore());
    assert.equal(res.read, res.indexed + res.rejected);
    assert.equal(res.rejected, 1);
  });

  it('a file named .gz that is not gzip is rejected as such', async () => {
    const got = await readAll([file('fake.jsonl.gz', lines.join('\n'))]);
    assert.deepEqual(
      rejectionsOf(got).map((r) => r.reason),
      ['named .gz but not gzip data (starts with "{\\"id")'],
    );
  });

  const stdin = (bytes: string | Buffer): Readable => Readable.from([Buffer.from(bytes)]);
  const story: Story = {
    title: 'From standard input',
    url: 'https://stdin.example/a',
    published_at: '2024-03-12T09:00:00Z',
    author: 'Staff',
    site: 'Stdin Times',
    paragraphs: [words(1), words(2)],
  };
  const cases: [string, string | Buffer, (got: InputRecord[]) => void][] = [
    ['JSON lines', lines.join('\n'), (got) => assert.deepEqual(articlesOf(got).map((a) => a.article.id), ['g1', 'g2'])],
    ['gzipped JSON lines', gzipSync(lines.join('\n')), (got) => assert.deepEqual(articlesOf(got).map((a) => a.article.id), ['g1', 'g2'])],
    ['an HTML page', wirePage(story), (got) => assert.equal(articlesOf(got)[0]?.article.source, 'Stdin Times')],
    ['a WARC', warcFile([pageRecord(story.url, wirePage(story))], false), (got) => assert.equal(articlesOf(got)[0]?.article.id, story.url)],
    ['a gzipped WARC', warcFile([pageRecord(story.url, wirePage(story))], true), (got) => assert.equal(articlesOf(got)[0]?.article.id, story.url)],
    ['plain text', `\n  ${words(3)}`, (got) => assert.deepEqual(articlesOf(got).map((a) => [a.article.id, a.input]), [['-', '-']])],
  ];
  for (const [what, bytes, check] of cases) {
    it(`reads ${what} from standard input (-), told by its content`, async () => {
      const got = await readAll(['-'], { stdin: stdin(bytes) });
      assert.deepEqual(rejectionsOf(got), []);
      check(got);
    });
  }

  it('sniffs files whose extension says nothing: JSON lines, HTML, WARC, plain text', async () => {
    const dir = folder({ 'a.data': lines.join('\n'), 'b.page': wirePage(story), 'c': warcFile([pageRecord(story.url, wirePage(story))], false), 'd.log': words(5) });
    const got = await readAll([dir]);
    assert.deepEqual(rejectionsOf(got), []);
    assert.deepEqual(
      articlesOf(got).map((a) => a.article.id),
      ['g1', 'g2', 'b.page', story.url, 'd.log'],
    );
  });
});

describe('globs', () => {
  it('expands a pattern (sorted, ids relative to its fixed folders); a literal path that exists wins; no match is a rejection', async () => {
    const dir = folder({ 'x/a.txt': 'A.', 'x/sub/b.txt': 'B.', 'x/c.html': wirePage({ title: 't', url: 'https://u.example/', published_at: '2024-01-01', author: 'a', site: 's', paragraphs: [words(1), words(2)] }), 'x/[odd].txt': 'Literal.' });
    const got = await readAll([path.join(dir, 'x', '**', '*.txt')]);
    assert.deepEqual(
      articlesOf(got).map((a) => [a.article.id, path.relative(dir, a.input)]),
      [
        ['[odd].txt', path.join('x', '[odd].txt')],
        ['a.txt', path.join('x', 'a.txt')],
        ['sub/b.txt', path.join('x', 'sub', 'b.txt')],
      ],
    );
    const literal = await readAll([path.join(dir, 'x', '[odd].txt')]);
    assert.deepEqual(
      articlesOf(literal).map((a) => a.article.text),
      ['Literal.'],
    );
    const none = await readAll([path.join(dir, 'nothing-*.jsonl')]);
    assert.deepEqual(
      rejectionsOf(none).map((r) => r.reason),
      ['no such file or directory, and no file matches it as a pattern'],
    );
  });
});

describe('field names', () => {
  const fields = { text: 'body', id: 'uid', title: 'headline', date: 'pubDate', url: 'link', source: 'outlet', html: 'raw_html' };
  const rec = { uid: 'f1', body: 'Body text.', headline: 'H', pubDate: '2024-03-12', link: 'https://o.example/1', outlet: 'Outlet' };
  const want = { id: 'f1', text: 'Body text.', title: 'H', published_at: '2024-03-12', url: 'https://o.example/1', source: 'Outlet' };

  it('apply to JSON Lines, CSV and Parquet alike', async () => {
    const keys = Object.keys(rec) as (keyof typeof rec)[];
    const dir = folder({
      'a.jsonl': JSON.stringify(rec) + '\n',
      'b.csv': csv([keys, keys.map((k) => rec[k])]),
      'c.parquet': writeParquet(STRINGS(...keys), [rec]),
    });
    const got = await readAll([dir], { fields });
    assert.deepEqual(rejectionsOf(got), []);
    assert.deepEqual(
      articlesOf(got).map((a) => a.article),
      [want, want, want],
    );
    // Messages name the configured field.
    const bad = await readAll([file('bad.jsonl', JSON.stringify({ uid: 'x', body: 7 }))], { fields });
    assert.equal(rejectionsOf(bad)[0]?.reason, '"body" must be a string, got number');
  });

  it('an html field is extracted when there is no text; the record’s own fields win over the page’s', async () => {
    const s: Story = { title: 'Page title', url: 'https://page.example/a', published_at: '2024-03-01T00:00:00Z', author: 'P. Author', site: 'Page Site', paragraphs: [words(7), words(8)] };
    const page = wordpressPage(s);
    const rows = [
      { uid: 'h1', raw_html: page },
      { uid: 'h2', raw_html: page, headline: 'Record title', outlet: 'Record Outlet' },
      { uid: 'h3', raw_html: '<html><body><p>No article.</p></body></html>' },
    ];
    const dir = folder({
      'a.jsonl': rows.map((r) => JSON.stringify(r)).join('\n'),
      'b.csv': csv([['uid', 'raw_html', 'headline', 'outlet'], ...rows.map((r) => [r.uid, r.raw_html, r.headline ?? '', r.outlet ?? ''])]),
      'c.parquet': writeParquet(STRINGS('uid', 'raw_html', 'headline', 'outlet'), rows),
    });
    const got = await readAll([dir], { fields });
    const arts = articlesOf(got).map((a) => a.article);
    assert.equal(arts.length, 6, JSON.stringify(rejectionsOf(got)));
    for (const k of [0, 2, 4]) {
      assert.equal(arts[k]?.title, 'Page title');
      assert.equal(arts[k]?.source, 'Page Site');
      assert.equal(arts[k]?.url, s.url);
      assert.equal(arts[k]?.published_at, s.published_at);
      assert.equal(arts[k]?.author, 'P. Author');
      for (const p of s.paragraphs) assert.ok(arts[k]?.text.includes(p));
    }
    for (const k of [1, 3, 5]) {
      assert.equal(arts[k]?.title, 'Record title');
      assert.equal(arts[k]?.source, 'Record Outlet');
    }
    const pageLines = page.split('\n').length;
    assert.deepEqual(
      rejectionsOf(got).map((r) => [path.basename(r.input), r.line, r.reason]),
      [
        ['a.jsonl', 3, '"raw_html": no article text found in HTML'],
        ['b.csv', 1 + 2 * pageLines + 1, '"raw_html": no article text found in HTML'],
        ['c.parquet', 3, '"raw_html": no article text found in HTML'],
      ],
    );
  });
});

describe('bad input: a clear message, the run goes on, read = indexed + rejected', () => {
  it('a binary file named .txt, and empty files of every format', async () => {
    const dir = folder({
      'bin.txt': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0]),
      'e.txt': '',
      'e.html': '',
      'e.jsonl': '',
      'e.csv': '',
      'e.warc': '',
      'e.jsonl.gz': gzipSync(''),
      'e.parquet': '',
      'ok.txt': 'Still read.',
    });
    const got = await readAll([dir]);
    assert.deepEqual(
      rejectionsOf(got).map((r) => [path.basename(r.input), r.line, r.reason]),
      [
        ['bin.txt', undefined, 'binary file (contains NUL bytes), not text'],
        ['e.csv', undefined, 'empty file (no header row)'],
        ['e.html', undefined, 'empty file (no text)'],
        ['e.jsonl', undefined, 'empty file (no records)'],
        ['e.jsonl.gz', undefined, 'empty file (no records)'],
        ['e.parquet', undefined, rejectionsOf(got)[5]?.reason],
        ['e.txt', undefined, 'empty file (no text)'],
        ['e.warc', undefined, 'empty file (no records)'],
      ],
    );
    assert.match(rejectionsOf(got)[5]?.reason ?? '', /^not a readable Parquet file/);
    assert.deepEqual(
      articlesOf(got).map((a) => a.article.id),
      ['ok.txt'],
    );
  });

  it('all of them in one folder: each rejection names its input (and line where there is one); read = indexed + rejected', async () => {
    const lines = Array.from({ length: 300 }, (_, i) => JSON.stringify({ id: `z${i}`, text: words(500 + i, 12) })).join('\n');
    const gz = gzipSync(lines);
    const page = (i: number): Story => ({ title: `t${i}`, url: `https://all.example/${i}`, published_at: '2024-03-01', author: 'a', site: 's', paragraphs: [words(600 + i), words(700 + i)] });
    const warc = warcFile([pageRecord(page(1).url, wirePage(page(1))), Buffer.from('WARC/1.1\r\nContent-Length: x\r\n\r\n\r\n\r\n'), pageRecord(page(2).url, wirePage(page(2)))], false);
    const dir = folder({
      'a.jsonl.gz': gz.subarray(0, gz.length - 40),
      'b.warc': warc,
      'c.html': '<html><body><nav><a href="/">Home</a></nav></body></html>',
      'd.jsonl': '{"id": "w1", "text": 42}\n{"id": "dup", "text": "First text."}\n',
      'e.csv': 'id,text\nr1,"Ragged",extra\ndup,Second text.\n',
      'f.txt': Buffer.from([0x00, 0x01, 0x02]),
      'g.txt': '',
      'h.parquet': Buffer.from('PAR1 not really'),
      'i.txt': 'A good one.',
    });
    const store = createMemoryStore();
    const res = await indexRecords(readInputs([dir]), store);
    assert.equal(res.read, res.indexed + res.rejected);
    assert.equal(store.size(), res.indexed);
    const rej = store.rejections();
    assert.equal(rej.length, res.rejected);
    const where = rej.map((r) => `${path.basename(r.input)}${r.line === undefined ? '' : `:${r.line}`}`);
    for (const expected of ['b.warc:2', 'c.html', 'd.jsonl:1', 'e.csv:2', 'e.csv:3', 'f.txt', 'g.txt', 'h.parquet']) assert.ok(where.includes(expected), `${expected} in ${where.join(' ')}`);
    assert.ok(where.some((w) => /^a\.jsonl\.gz:\d+$/.test(w)), where.join(' '));
    assert.match(rej.find((r) => r.input.endsWith('e.csv') && r.line === 3)?.reason ?? '', /duplicate id "dup" \(different text/);
    assert.ok(
      rej.every((r) => r.reason.length > 0 && r.input.startsWith(dir)),
      'every rejection names its input',
    );
  });

  it('a duplicate id with different text is rejected across formats, naming the file and line', async () => {
    const dir = folder({
      '1.jsonl': JSON.stringify({ id: 'dup', text: 'The original text.' }) + '\n',
      '2.csv': 'id,text\ndup,A different text.\ndup,The original text.\n',
      '3.parquet': writeParquet(STRINGS('id', 'text'), [{ id: 'other', text: 'Other.' }, { id: 'dup', text: 'Yet another text.' }]),
    });
    const store = createMemoryStore();
    const res = await indexRecords(readInputs([dir]), store);
    assert.deepEqual(res, { read: 5, indexed: 2, rejected: 3 });
    assert.equal(store.get('dup')?.article.text, 'The original text.');
    assert.deepEqual(
      store.rejections().map((r) => [path.basename(r.input), r.line, r.reason]),
      [
        ['2.csv', 2, 'duplicate id "dup" (different text from the document already indexed)'],
        ['2.csv', 3, 'duplicate id "dup" (same text as the document already indexed)'],
        ['3.parquet', 2, 'duplicate id "dup" (different text from the document already indexed)'],
      ],
    );
  });

  it('a file deleted, or replaced by a folder, after the folder walk and before it is read', async () => {
    const dir = folder({ 'a.txt': 'First.', 'b.jsonl': '{"id": "b", "text": "Second."}\n', 'c.txt': 'Third.', 'd.txt': 'Fourth.' });
    const got: InputRecord[] = [];
    for await (const r of readInputs([dir])) {
      got.push(r);
      if (r.kind === 'article' && r.article.id === 'a.txt') {
        rmSync(path.join(dir, 'b.jsonl'));
        rmSync(path.join(dir, 'c.txt'));
        mkdirSync(path.join(dir, 'c.txt'));
      }
    }
    assert.deepEqual(
      articlesOf(got).map((a) => a.article.id),
      ['a.txt', 'd.txt'],
    );
    assert.deepEqual(
      rejectionsOf(got).map((r) => [path.basename(r.input), r.reason]),
      [
        ['b.jsonl', 'no such file or directory'],
        ['c.txt', 'is a directory'],
      ],
    );
  });

  it('a 100 MB document (a .txt, a JSON line, a CSV field) is rejected for its size in bounded memory', () => {
    const dir = folder({});
    const big = Buffer.alloc(100 * 1024 * 1024, 'word ');
    const jsonLine = ['{"id":"big","text":"', '"}'];
    const csvLine = ['big,"', '"'];
    writeFileSync(path.join(dir, 'big.txt'), big);
    writeFileSync(path.join(dir, 'big.jsonl'), Buffer.concat([Buffer.from(`{"id":"small","text":"Before."}\n${jsonLine[0]}`), big, Buffer.from(`${jsonLine[1]}\n{"id":"after","text":"After."}\n`)]));
    writeFileSync(path.join(dir, 'big.csv'), Buffer.concat([Buffer.from(`id,text\nsmall,Before.\n${csvLine[0]}`), big, Buffer.from(`${csvLine[1]}\nafter,After.\n`)]));
    // In a child process, so that its memory is its own: every 15 ms it collects garbage and
    // measures what is still held (stream chunks already passed on are garbage, not held).
    const script = `
      const { readInputs } = await import(${JSON.stringify(path.join(ROOT, 'dist/src/ingest/read.js'))});
      gc();
      const at = () => { const m = process.memoryUsage(); return m.arrayBuffers + m.heapUsed; };
      const base = at();
      let held = 0;
      const timer = setInterval(() => { gc(); held = Math.max(held, at() - base); }, 15);
      const out = [];
      for await (const r of readInputs(process.argv.slice(1))) out.push(r.kind === 'article' ? ['article', r.article.id] : r.kind === 'rejected' ? ['rejected', r.rejection.line ?? null, r.rejection.reason] : ['warning']);
      clearInterval(timer);
      console.log(JSON.stringify({ out, held }));`;
    const files = ['big.txt', 'big.jsonl', 'big.csv'].map((f) => path.join(dir, f));
    const res = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script, ...files], { encoding: 'utf8', timeout: 60_000 });
    rmSync(dir, { recursive: true, force: true });
    assert.equal(res.status, 0, res.stderr);
    const { out, held } = JSON.parse(res.stdout) as { out: unknown[][]; held: number };
    const tooLarge = (parts: string[]): string =>
      `document too large: ${(big.length + parts.join('').length).toLocaleString('en-US')} bytes, over the --max-doc-bytes limit of 10,485,760 bytes`;
    assert.deepEqual(out, [
      ['rejected', null, tooLarge([])],
      ['article', 'small'],
      ['rejected', 2, tooLarge(jsonLine)],
      ['article', 'after'],
      ['article', 'small'],
      ['rejected', 3, tooLarge(csvLine)],
      ['article', 'after'],
    ]);
    // A few times the limit (10 MiB) at most — the limit's worth of a line, the chunk being read,
    // buffers the collector has not swept yet — and never the 100 MB document.
    assert.ok(held < 6 * 10 * 1024 * 1024, `${(held / 1048576).toFixed(1)} MB held`);
  });

  it('--max-doc-bytes is configurable and also bounds HTML files', async () => {
    const s: Story = { title: 't', url: 'https://l.example/', published_at: '2024-01-01', author: 'a', site: 's', paragraphs: [words(1, 200)] };
    const f = file('page.html', wirePage(s));
    const got = await readAll([f], { maxDocBytes: 1000 });
    assert.match(rejectionsOf(got)[0]?.reason ?? '', /^document too large: [\d,]+ bytes, over the --max-doc-bytes limit of 1,000 bytes$/);
    assert.equal(articlesOf(await readAll([f], { maxDocBytes: 100_000 })).length, 1);
  });
});

interface NewsItem {
  id: string;
  title: string;
  text: string;
  source: string;
  url: string;
  published_at: string;
}

describe('a mixed folder gives the passages of its plain-text equivalent', () => {
  it('HTML pages, a .warc.gz and a .warc, JSON Lines (gzipped), CSV and Parquet holding the 22 example stories', async () => {
    const items = readFileSync(NEWS, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as NewsItem);
    const story = (n: NewsItem): Story => ({ title: n.title, url: n.url, published_at: n.published_at, author: 'Staff', site: n.source, paragraphs: n.text.split('\n\n') });
    const byKind = (k: number): NewsItem[] => items.filter((_, i) => i % 6 === k);
    const files: Record<string, string | Buffer> = {};
    for (const n of byKind(0)) files[`pages/${n.id}.html`] = wirePage(story(n));
    files['crawl.warc.gz'] = warcFile(byKind(1).map((n) => pageRecord(n.url, wirePage(story(n)), '2030-01-01T00:00:00Z')), true);
    files['feed.jsonl.gz'] = gzipSync(byKind(2).map((n) => JSON.stringify(n)).join('\n'));
    const cols = ['id', 'title', 'text', 'source', 'url', 'published_at'] as const;
    files['table.csv'] = csv([cols, ...byKind(3).map((n) => cols.map((c) => n[c]))]);
    files['table.parquet'] = writeParquet(STRINGS(...cols), byKind(4).map((n) => ({ ...n })), 2);
    files['more.warc'] = warcFile(byKind(5).map((n) => pageRecord(n.url, `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${escapeHtml(n.title)}</title><meta property="og:site_name" content="${escapeHtml(n.source)}"><meta property="article:published_time" content="${n.published_at}"></head><body><article>${n.text.split('\n\n').map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}</article></body></html>`)), false);
    const dir = folder(files);

    const mixed = await scan(readInputs([dir]), createMemoryStore());
    const plain = await scan(readInputs([NEWS]), createMemoryStore());
    assert.equal(mixed.summary.rejected, 0, JSON.stringify(mixed.rejected));
    assert.equal(mixed.summary.documents, 22);

    const byUrl = new Map(items.map((n) => [n.url, n.id]));
    const idOf = (id: string): string => byUrl.get(id) ?? id.replace(/^pages\//, '').replace(/\.html$/, '');
    const key = (p: Report['passages'][number], map: (id: string) => string): string =>
      JSON.stringify([map(p.source.id), p.source.start, p.source.end, map(p.target.id), p.target.start, p.target.end, p.kind, p.words, p.score, p.ordered]);
    const mixedKeys = mixed.passages.map((p) => key(p, idOf)).sort();
    const plainKeys = plain.passages.map((p) => key(p, (x) => x)).sort();
    assert.ok(plainKeys.length >= 10, `${plainKeys.length} passages in the example corpus`);
    assert.deepEqual(mixedKeys, plainKeys);

    const docs = (r: Report, map: (id: string) => string): string[] =>
      r.documents.map((d) => JSON.stringify([map(d.id), d.title, d.source, d.published_at, d.classification, d.coverage])).sort();
    assert.deepEqual(docs(mixed, idOf), docs(plain, (x) => x));
    const families = (r: Report, map: (id: string) => string): string[] => r.clusters.map((c) => JSON.stringify([map(c.origin), c.documents.map(map).sort()])).sort();
    assert.deepEqual(families(mixed, idOf), families(plain, (x) => x));
  });
});
