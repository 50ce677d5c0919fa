/**
 * Reading inputs: text files, folders, JSON Lines, and every way a record can be bad. Every record
 * read comes out as an article or as a rejection that names its input (and line); then indexing
 * keeps read = indexed + rejected, duplicates included.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { indexRecords } from '../src/engine.js';
import { readInputs } from '../src/ingest/read.js';
import type { Rejection } from '../src/model/types.js';
import { createMemoryStore } from '../src/store/index.js';
import { articlesOf, readAll, rejectionsOf, tempRoot } from './helpers/fixtures.js';

const { folder } = tempRoot('reprint-ingest-');
const articles = articlesOf;
const rejections = rejectionsOf;

const BOM = '\ufeff';

describe('readInputs: text files and folders', () => {
  it('reads a folder recursively in sorted order, ids relative with forward slashes, hidden files skipped', async () => {
    const dir = folder({
      'z.txt': 'Zulu text.',
      'a.txt': `${BOM}Alpha text with a byte order mark.`,
      'Zed.txt': 'Upper-case names sort first (by code unit).',
      'sub/b.txt': 'Beta text.',
      'sub/deeper/c.text': 'Gamma text.',
      'notes.pdf': '%PDF-1.4 not an article',
      'readme.md': '# An unknown extension is read by its content: plain text',
      '.hidden.txt': 'hidden file',
      '.git/HEAD.txt': 'hidden folder',
      'sub/.DS_Store': 'junk',
    });
    const records = await readAll([dir]);
    assert.deepEqual(
      records.map((r) => (r.kind === 'article' ? r.article.id : r.kind === 'rejected' ? `rejected ${path.relative(dir, r.rejection.input)}` : 'warning')),
      ['Zed.txt', 'a.txt', 'rejected notes.pdf', 'readme.md', 'sub/b.txt', 'sub/deeper/c.text', 'z.txt'],
    );
    const a = articles(records).find((x) => x.article.id === 'a.txt');
    assert.equal(a?.article.text, 'Alpha text with a byte order mark.', 'the BOM is dropped');
    assert.equal(a?.input, path.join(dir, 'a.txt'));
    assert.equal(a?.line, undefined);
    const [bad] = rejections(records);
    assert.equal(bad?.input, path.join(dir, 'notes.pdf'));
    assert.equal(bad?.line, undefined);
    assert.match(bad?.reason ?? '', /unsupported file type "\.pdf"/);
  });

  it('names a file given directly by its base name, and keeps arguments in the order given', async () => {
    const dir = folder({ 'x/one.txt': 'One.', 'two.txt': 'Two.' });
    const records = await readAll([path.join(dir, 'two.txt'), path.join(dir, 'x')]);
    assert.deepEqual(
      articles(records).map((x) => x.article.id),
      ['two.txt', 'one.txt'],
    );
  });

  it('rejects binary, empty, blank and missing files with specific reasons; reads non-UTF-8 as windows-1252 with a warning', async () => {
    const dir = folder({
      'binary.txt': Buffer.from([0x48, 0x69, 0x00, 0x01, 0x02, 0x00, 0x41]),
      'empty.txt': '',
      'blank.txt': ' \n\t\n',
      'latin1.txt': Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x6f, 0x6b]), // "café ok" in Latin-1
      'noext': 'no extension',
      'ok.txt': 'Fine.',
    });
    const missing = path.join(dir, 'does-not-exist.txt');
    const records = await readAll([dir, missing]);
    assert.deepEqual(
      articles(records).map((x) => x.article.id),
      ['latin1.txt', 'noext', 'ok.txt'],
    );
    assert.equal(articles(records)[0]?.article.text, 'café ok');
    assert.equal(articles(records)[1]?.article.text, 'no extension', 'a file without an extension is read by its content');
    const warnings = records.flatMap((r) => (r.kind === 'warning' ? [r.warning] : []));
    assert.deepEqual(
      warnings.map((w) => [path.basename(w.input), w.line]),
      [['latin1.txt', undefined]],
    );
    assert.match(warnings[0]?.message ?? '', /not valid UTF-8 \(first bad byte at offset 3\).*decoded as windows-1252/);
    const byName = new Map(rejections(records).map((r) => [path.basename(r.input), r]));
    assert.equal(byName.size, 4);
    assert.match(byName.get('binary.txt')?.reason ?? '', /binary file \(contains NUL bytes\)/);
    assert.match(byName.get('empty.txt')?.reason ?? '', /empty file/);
    assert.match(byName.get('blank.txt')?.reason ?? '', /empty file/);
    assert.equal(byName.get('does-not-exist.txt')?.reason, 'no such file or directory');
    assert.equal(byName.get('does-not-exist.txt')?.input, missing, 'a missing path is named as given');
    for (const r of byName.values()) assert.equal(r.line, undefined, `${r.input} is a whole file`);
    // Every file is one record: 7 files plus the missing path.
    assert.equal(articles(records).length + rejections(records).length, 7);
  });
});

/** The JSONL test file, line by line: content, and what must come of it. */
const JSONL_LINES: { bytes: string | Buffer; expect: 'blank' | { id: string } | RegExp }[] = [
  {
    bytes: JSON.stringify({ id: 'j1', text: 'First article.', title: 'T', source: 's.example', url: 'https://s.example/1', published_at: '2024-03-12T09:00:00Z' }),
    expect: { id: 'j1' },
  },
  { bytes: '{"id": "j2", "text": "unterminated', expect: /^malformed JSON: / },
  { bytes: '{"id": "j3", "title": "no text"}', expect: /^missing "text"$/ },
  { bytes: '{"id": 4, "text": "four"}', expect: /^"id" must be a string, got number$/ },
  { bytes: '{"id": "j5", "text": ["a", "b"]}', expect: /^"text" must be a string, got array$/ },
  { bytes: '{"id": "j6", "text": "six", "title": 6}', expect: /^"title" must be a string, got number$/ },
  { bytes: '{"id": "j7", "text": "seven", "published_at": "yesterday"}', expect: /^"published_at" is not an ISO 8601 date: "yesterday"$/ },
  { bytes: '', expect: 'blank' },
  { bytes: '   \t ', expect: 'blank' },
  {
    // Invalid UTF-8 (a lone 0xFF) inside the text of an otherwise fine record, at byte 26 of the line.
    bytes: Buffer.concat([Buffer.from('{"id": "j10", "text": "caf'), Buffer.from([0xff]), Buffer.from('"}')]),
    expect: /^not valid UTF-8 \(first bad byte at offset 26\)$/,
  },
  { bytes: '[1, 2]', expect: /^record is not a JSON object$/ },
  { bytes: '{"text": "no id"}', expect: /^missing "id"$/ },
  { bytes: '{"id": "j13", "text": "   "}', expect: /^"text" is empty$/ },
  { bytes: '{"id": "j14", "text": "Windows line ending."}\r', expect: { id: 'j14' } },
  { bytes: '{"id": "j15", "text": "caf\u00e9 \u2014 \u4e2d\u6587 \ud83d\ude00"}', expect: { id: 'j15' } },
  { bytes: '{"id": "j16", "text": "The last line has no newline."}', expect: { id: 'j16' } },
];

function jsonlBytes(lines: typeof JSONL_LINES): Buffer {
  const parts: Buffer[] = [];
  lines.forEach((l, i) => {
    parts.push(typeof l.bytes === 'string' ? Buffer.from(l.bytes) : l.bytes);
    if (i < lines.length - 1) parts.push(Buffer.from('\n'));
  });
  return Buffer.concat(parts);
}

describe('readInputs: JSON Lines', () => {
  it('yields each record as an article or a rejection naming the file and the 1-based line', async () => {
    const dir = folder({ 'feed.jsonl': jsonlBytes(JSONL_LINES) });
    const file = path.join(dir, 'feed.jsonl');
    const records = await readAll([file]);
    const expected = JSONL_LINES.map((l, i) => ({ ...l, line: i + 1 })).filter((l) => l.expect !== 'blank');
    assert.equal(records.length, expected.length, 'one record per non-blank line');
    records.forEach((rec, k) => {
      const want = expected[k] as (typeof expected)[number];
      if (want.expect instanceof RegExp) {
        assert.equal(rec.kind, 'rejected', `line ${want.line} should be rejected`);
        if (rec.kind !== 'rejected') return;
        assert.equal(rec.rejection.input, file);
        assert.equal(rec.rejection.line, want.line);
        assert.match(rec.rejection.reason, want.expect, `line ${want.line}`);
      } else {
        assert.equal(rec.kind, 'article', `line ${want.line} should be an article: ${JSON.stringify(rec)}`);
        if (rec.kind !== 'article') return;
        assert.equal(rec.article.id, (want.expect as { id: string }).id);
        assert.deepEqual(rec.origin, { input: file, line: want.line });
      }
    });
    // Count identity: articles + rejections = records (non-blank lines) in the input.
    const nonBlank = JSONL_LINES.filter((l) => l.expect !== 'blank').length;
    assert.equal(articles(records).length + rejections(records).length, nonBlank);
    assert.equal(articles(records).length, 4);
    // Fields come through as given.
    const j1 = articles(records)[0]?.article;
    assert.deepEqual(j1, { id: 'j1', text: 'First article.', title: 'T', source: 's.example', url: 'https://s.example/1', published_at: '2024-03-12T09:00:00Z' });
    assert.equal(articles(records).find((a) => a.article.id === 'j15')?.article.text, 'café — 中文 😀');
    assert.equal(articles(records).at(-1)?.article.text, 'The last line has no newline.');
  });

  it('treats null optional fields as absent, and accepts ISO dates with and without time', async () => {
    const lines = [
      { id: 'a', text: 'A.', title: null, published_at: '2024-03-12' },
      { id: 'b', text: 'B.', published_at: '2024-03-12T09:00+02:00' },
      { id: 'c', text: 'C.', published_at: '2024-03-12 09:00:00.123Z' },
    ];
    const dir = folder({ 'ok.jsonl': lines.map((l) => JSON.stringify(l)).join('\n') + '\n' });
    const records = await readAll([path.join(dir, 'ok.jsonl')]);
    assert.deepEqual(rejections(records), []);
    assert.deepEqual(articles(records)[0]?.article, { id: 'a', text: 'A.', published_at: '2024-03-12' });
  });

  it('rejects dates that do not exist (2024-02-30, 2023-02-29, 2024-04-31)', async () => {
    const dates = ['2024-02-30', '2023-02-29', '2024-04-31T10:00:00Z'];
    const dir = folder({ 'd.jsonl': dates.map((d, i) => JSON.stringify({ id: `x${i}`, text: 'X.', published_at: d })).join('\n') + '\n' });
    const records = await readAll([path.join(dir, 'd.jsonl')]);
    assert.equal(rejections(records).length, dates.length, JSON.stringify(articles(records).map((a) => a.article.published_at)));
    for (const r of rejections(records)) assert.match(r.reason, /published_at/);
  });

  it('reads a leading BOM, and rejects an empty or all-blank file as a whole', async () => {
    const dir = folder({
      'bom.jsonl': BOM + JSON.stringify({ id: 'b1', text: 'After a BOM.' }) + '\n',
      'empty.jsonl': '',
      'blank.jsonl': '\n\n   \n',
    });
    const bom = await readAll([path.join(dir, 'bom.jsonl')]);
    assert.deepEqual(
      articles(bom).map((a) => a.article.id),
      ['b1'],
    );
    for (const name of ['empty.jsonl', 'blank.jsonl']) {
      const recs = await readAll([path.join(dir, name)]);
      assert.equal(recs.length, 1, name);
      const [r] = rejections(recs);
      assert.equal(r?.input, path.join(dir, name));
      assert.equal(r?.line, undefined);
      assert.match(r?.reason ?? '', /empty file \(no records\)/);
    }
  });

  it('reads records across read-chunk boundaries (a 3 MB file, multi-byte characters everywhere)', async () => {
    const n = 3000;
    const lines: string[] = [];
    for (let i = 0; i < n; i++) {
      lines.push(JSON.stringify({ id: `r${i}`, text: `Record ${i}: ${'é—中😀 '.repeat(80 + (i % 37))}end.` }));
    }
    lines.splice(1700, 0, '{"broken": '); // one bad line in the middle
    const dir = folder({ 'big.jsonl': lines.join('\n') + '\n' });
    const records = await readAll([path.join(dir, 'big.jsonl')]);
    assert.equal(records.length, n + 1);
    const arts = articles(records);
    assert.equal(arts.length, n);
    arts.forEach((a, i) => {
      assert.equal(a.article.id, `r${i}`);
      assert.equal(a.line, i < 1700 ? i + 1 : i + 2);
      assert.ok(a.article.text.endsWith('end.') && !a.article.text.includes('\ufffd'), `record ${i} was cut`);
    });
    assert.deepEqual(
      rejections(records).map((r) => r.line),
      [1701],
    );
  });
});

describe('indexRecords into a memory store', () => {
  it('rejects duplicate ids (same text and different text, with different reasons); read = indexed + rejected', async () => {
    const dir = folder({
      'one.jsonl':
        [
          JSON.stringify({ id: 'd1', text: 'The first document text.' }),
          JSON.stringify({ id: 'd2', text: 'The second document text.' }),
          JSON.stringify({ id: 'd1', text: 'The first document text.' }),
          JSON.stringify({ id: 'd2', text: 'A different text under the same id.' }),
          '{"id": "bad"',
          JSON.stringify({ id: 'd3', text: 'The third document text.' }),
        ].join('\n') + '\n',
    });
    const file = path.join(dir, 'one.jsonl');
    const store = createMemoryStore();
    const seen: Rejection[] = [];
    const res = await indexRecords(readInputs([file]), store, {}, { onReject: (r) => seen.push(r) });
    assert.deepEqual(res, { read: 6, indexed: 3, rejected: 3 });
    assert.equal(res.read, res.indexed + res.rejected);
    assert.equal(store.size(), 3);
    assert.deepEqual(
      [...store.all()].map((d) => [d.seq, d.article.id]),
      [
        [0, 'd1'],
        [1, 'd2'],
        [2, 'd3'],
      ],
    );
    assert.equal(store.get('d2')?.article.text, 'The second document text.', 'the first one read is kept');
    const rej = store.rejections();
    assert.deepEqual(rej, seen, 'the hook saw every rejection the store keeps');
    assert.deepEqual(
      rej.map((r) => [r.input, r.line]),
      [
        [file, 3],
        [file, 4],
        [file, 5],
      ],
    );
    const same = rej[0]?.reason ?? '';
    const different = rej[1]?.reason ?? '';
    assert.match(same, /duplicate id "d1"/);
    assert.match(different, /duplicate id "d2"/);
    assert.match(same, /same text/);
    assert.match(different, /different text/);
    assert.notEqual(same.replace('d1', 'X'), different.replace('d2', 'X'), 'the reasons tell the two cases apart');
    assert.match(rej[2]?.reason ?? '', /^malformed JSON/);

    // A later run meets the ids already stored.
    const dir2 = folder({
      'a.txt': 'The first document text.',
      'two.jsonl': JSON.stringify({ id: 'd3', text: 'Changed.' }) + '\n' + JSON.stringify({ id: 'd4', text: 'New.' }) + '\n',
    });
    const res2 = await indexRecords(readInputs([dir2, path.join(dir2, 'missing.jsonl')]), store);
    assert.deepEqual(res2, { read: 4, indexed: 2, rejected: 2 });
    assert.deepEqual(
      [...store.all()].map((d) => d.article.id),
      ['d1', 'd2', 'd3', 'a.txt', 'd4'],
    );
    const later = store.rejections().slice(3);
    assert.match(later[0]?.reason ?? '', /duplicate id "d3" \(different text/);
    assert.equal(later[0]?.line, 1);
    assert.equal(later[1]?.reason, 'no such file or directory');
    assert.equal(store.rejections().length + store.size(), res.read + res2.read);
  });

  it('keeps read = indexed + rejected over a mixed folder', async () => {
    const dir = folder({
      'a.txt': 'A text.',
      'b.txt': Buffer.from([0, 1, 2]),
      'c.jsonl': jsonlBytes(JSONL_LINES),
      'd.pdf': 'x',
    });
    const store = createMemoryStore();
    const res = await indexRecords(readInputs([dir]), store);
    const records = 1 + 1 + JSONL_LINES.filter((l) => l.expect !== 'blank').length + 1;
    assert.equal(res.read, records);
    assert.equal(res.indexed + res.rejected, res.read);
    assert.equal(store.size(), res.indexed);
    assert.equal(store.rejections().length, res.rejected);
    assert.equal(res.indexed, 5);
  });
});
