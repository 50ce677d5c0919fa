/**
 * Fuzzing every reader with random and mutated inputs (fixed seeds: a failure names its seed and
 * case): a reader never throws, never hangs, and yields only well-formed records — articles with
 * an id and text, rejections naming the input, a positive line or none, and a reason.
 */
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import type { ByteSource } from '../src/ingest/bytes.js';
import type { ReadContext } from '../src/ingest/context.js';
import { readCsv } from '../src/ingest/csv.js';
import { readDocument } from '../src/ingest/document.js';
import { DEFAULT_FIELDS } from '../src/ingest/fields.js';
import { readJsonl } from '../src/ingest/jsonl.js';
import { readParquet } from '../src/ingest/parquet.js';
import { readInputs } from '../src/ingest/read.js';
import { readWarc } from '../src/ingest/warc.js';
import type { InputRecord } from '../src/model/types.js';
import { wirePage, wordpressPage, type Story } from './helpers/pages.js';
import { writeParquet } from './helpers/parquet.js';
import { randomWords, rng, type Rng } from './helpers/random.js';
import { pageRecord, requestRecord, warcFile, warcinfoRecord } from './helpers/warc.js';

/**
 * A longer campaign: REPRINT_FUZZ_SCALE=20 runs 20 times the cases (and time budget);
 * REPRINT_FUZZ_SEED=n shifts every seed.
 */
const SCALE = Math.max(1, Number(process.env.REPRINT_FUZZ_SCALE ?? 1) || 1);
const SEED = Number(process.env.REPRINT_FUZZ_SEED ?? 0) || 0;
/** Each fuzz test stops after this long even if cases remain (a slow machine still finishes). */
const BUDGET_MS = 3000 * SCALE;
/** One input may take at most this long. */
const CASE_MS = 5000;

const ctx = (input: string): ReadContext => ({ input, id: input, fields: { ...DEFAULT_FIELDS }, maxDocBytes: 64 * 1024 });

/** Chunks of random sizes, as a stream delivers them. */
function chunked(r: Rng, bytes: Uint8Array): ByteSource {
  const parts: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; ) {
    const n = r.int(1, 4096);
    parts.push(bytes.subarray(i, i + n));
    i += n;
  }
  return Readable.from(parts);
}

const SPECIAL = ['\n', '\r\n', '"', ',', '{', '}', '<', '>', '\u0000', '\u00ff', 'WARC/1.1\r\n', 'Content-Length: 99999\r\n', '\r\n\r\n', '<p>', '</div>', '<script>', '\\', '\ud83d'];

/** One random edit of `b`: flip, delete, duplicate, insert noise or a special token, truncate. */
function mutate(r: Rng, b: Uint8Array): Uint8Array {
  const buf = Buffer.from(b);
  if (buf.length === 0) return Buffer.from(r.pick(SPECIAL));
  const at = r.int(0, buf.length - 1);
  const len = r.int(1, Math.min(64, buf.length - at));
  switch (r.int(0, 5)) {
    case 0:
      for (let k = 0; k < len; k++) buf[at + k] = r.int(0, 255);
      return buf;
    case 1:
      return Buffer.concat([buf.subarray(0, at), buf.subarray(at + len)]);
    case 2:
      return Buffer.concat([buf.subarray(0, at + len), buf.subarray(at, at + len), buf.subarray(at + len)]);
    case 3:
      return Buffer.concat([buf.subarray(0, at), Buffer.from(Array.from({ length: len }, () => r.int(0, 255))), buf.subarray(at)]);
    case 4:
      return Buffer.concat([buf.subarray(0, at), Buffer.from(r.pick(SPECIAL)), buf.subarray(at)]);
    default:
      return buf.subarray(0, at);
  }
}

function manyMutations(r: Rng, b: Uint8Array): Uint8Array {
  let out = b;
  for (let k = r.int(1, 6); k > 0; k--) out = mutate(r, out);
  return out;
}

function noise(r: Rng, alphabet: readonly string[], n: number): Buffer {
  let s = '';
  for (let i = 0; i < n; i++) s += r.pick(alphabet);
  return Buffer.from(s);
}

/** All records of a reader, failing on a throw or on an input that takes too long. */
async function drain(records: AsyncIterable<InputRecord>, label: string): Promise<InputRecord[]> {
  const out: InputRecord[] = [];
  const it = records[Symbol.asyncIterator]();
  const deadline = Date.now() + CASE_MS;
  for (;;) {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), Math.max(1, deadline - Date.now()))));
    let r: IteratorResult<InputRecord> | 'timeout';
    try {
      r = await Promise.race([it.next(), timeout]);
    } catch (e) {
      throw new Error(`${label}: the reader threw: ${(e as Error).stack ?? String(e)}`);
    } finally {
      clearTimeout(timer);
    }
    if (r === 'timeout') throw new Error(`${label}: no record for ${CASE_MS} ms`);
    if (r.done) return out;
    out.push(r.value);
  }
}

function checkRecords(records: InputRecord[], input: string, label: string): void {
  for (const rec of records) {
    if (rec.kind === 'article') {
      assert.ok(typeof rec.article.id === 'string' && rec.article.id.trim() !== '', `${label}: empty id`);
      assert.ok(typeof rec.article.text === 'string' && rec.article.text.trim() !== '', `${label}: empty text`);
      assert.equal(rec.origin.input, input, label);
    } else {
      const o = rec.kind === 'rejected' ? rec.rejection : rec.warning;
      assert.equal(o.input, input, label);
      assert.ok(o.line === undefined || (Number.isInteger(o.line) && o.line >= 1), `${label}: line ${o.line}`);
      const text = rec.kind === 'rejected' ? rec.rejection.reason : rec.warning.message;
      assert.ok(typeof text === 'string' && text.length > 0, `${label}: no reason`);
    }
  }
}

/**
 * Runs `cases` inputs (seeded) through a reader within the time budget. The reader names its input
 * `name`, or `-` when it reads standard input.
 */
async function fuzz(name: string, seed: number, cases: number, make: (r: Rng, k: number) => Uint8Array, read: (bytes: Uint8Array, r: Rng) => AsyncIterable<InputRecord>, input = name): Promise<number> {
  const r = rng(seed + SEED);
  const t0 = Date.now();
  let done = 0;
  for (let k = 0; k < cases * SCALE && Date.now() - t0 < BUDGET_MS; k++) {
    const bytes = make(r, k);
    const label = `${name} seed ${seed + SEED} case ${k} (${bytes.length} bytes)`;
    checkRecords(await drain(read(bytes, r), label), input, label);
    done++;
  }
  return done;
}

const story = (i: number): Story => ({
  title: `Story ${i}`,
  url: `https://fuzz.example/${i}`,
  published_at: '2024-03-12T09:00:00Z',
  author: 'Staff',
  site: 'Fuzz Times',
  paragraphs: [0, 1, 2].map((k) => randomWords(rng(i * 10 + k), 20).join(' ') + '.'),
});

describe('fuzz: readers never throw, never hang, yield only well-formed records', () => {
  it('plain text', async () => {
    const n = await fuzz('text', 11, 400, (r, k) => (k % 2 ? noise(r, ['a', ' ', '\n', '\u0000', '\u00e9', '\ufeff', '\ud800'], r.int(0, 3000)) : Buffer.from(Array.from({ length: r.int(0, 2000) }, () => r.int(0, 255)))), (b, r) => readDocument(chunked(r, b), ctx('text'), 'text'));
    assert.ok(n > 50);
  });

  it('JSON Lines', async () => {
    const seedFile = Buffer.from(
      [0, 1, 2, 3].map((i) => JSON.stringify({ id: `j${i}`, text: story(i).paragraphs.join('\n\n'), title: 't', published_at: '2024-03-12', source: 's' })).join('\n') + '\n',
    );
    const n = await fuzz('jsonl', 22, 600, (r, k) => (k % 5 === 0 ? noise(r, ['{', '}', '"', ':', ',', '\n', 'id', 'text', '1', ' ', '[', 'null'], r.int(0, 800)) : manyMutations(r, seedFile)), (b, r) => readJsonl(chunked(r, b), ctx('jsonl')));
    assert.ok(n > 100);
  });

  it('CSV', async () => {
    const seedFile = Buffer.from('id,title,text,published_at\n' + [0, 1, 2, 3].map((i) => `c${i},"Title, ${i}","${story(i).paragraphs.join('\n').replace(/"/g, '""')}",2024-03-1${i}`).join('\n') + '\n');
    const n = await fuzz('csv', 33, 600, (r, k) => (k % 5 === 0 ? noise(r, ['"', ',', '\n', '\r', 'a', ' ', 'id', 'text', '""'], r.int(0, 800)) : manyMutations(r, seedFile)), (b, r) => readCsv(chunked(r, b), ctx('csv')));
    assert.ok(n > 100);
  });

  it('HTML', async () => {
    const pages = [wirePage(story(1), { furniture: true }), wordpressPage(story(2))].map((p) => Buffer.from(p));
    const n = await fuzz(
      'html',
      44,
      150,
      (r, k) => (k % 6 === 0 ? noise(r, ['<div>', '</div>', '<p>', 'word ', '<', '>', '&amp;', '<br>', '<!--', '-->', '<script>', '"'], r.int(0, 3000)) : manyMutations(r, r.pick(pages))),
      (b, r) => readDocument(chunked(r, b), ctx('html'), 'html'),
    );
    assert.ok(n > 20);
  });

  it('WARC and WARC.gz', async () => {
    const recs = [warcinfoRecord(), requestRecord(story(1).url), pageRecord(story(1).url, wirePage(story(1))), pageRecord(story(2).url, wirePage(story(2)), undefined, { chunked: true }), pageRecord(story(3).url, wirePage(story(3)))];
    const plain = warcFile(recs, false);
    const gz = warcFile(recs, true);
    const n = await fuzz(
      'warc',
      55,
      200,
      (r, k) => (k % 7 === 0 ? noise(r, ['WARC/1.1\r\n', 'Content-Length: 10\r\n', 'WARC-Type: response\r\n', '\r\n', 'x', 'HTTP/1.1 200 OK\r\n'], r.int(0, 200)) : manyMutations(r, k % 3 === 0 ? gz : plain)),
      (b, r) => readInputs(['-'], { stdin: chunked(r, b) }),
      '-',
    );
    assert.ok(n > 20);
  });

  it('gzip', async () => {
    const seedFile = gzipSync(Buffer.from([0, 1, 2].map((i) => JSON.stringify({ id: `g${i}`, text: story(i).paragraphs[0] })).join('\n')));
    const n = await fuzz('gzip', 66, 400, (r) => manyMutations(r, seedFile), (b, r) => readInputs(['-'], { stdin: chunked(r, b) }), '-');
    assert.ok(n > 100);
  });

  it('Parquet', async () => {
    const seedFile = writeParquet(
      [
        { name: 'id', type: 'string' },
        { name: 'text', type: 'string' },
        { name: 'n', type: 'int64' },
      ],
      [0, 1, 2, 3, 4].map((i) => ({ id: `p${i}`, text: story(i).paragraphs[0] ?? '', n: BigInt(i) })),
      2,
    );
    const n = await fuzz(
      'parquet',
      77,
      500,
      (r, k) => (k % 9 === 0 ? Buffer.concat([Buffer.from('PAR1'), noise(r, ['\u0000', '\u0001', 'x', '\u00ff', 'PAR1'], r.int(0, 200)), Buffer.from('PAR1')]) : manyMutations(r, seedFile)),
      (b) => {
        const ab = b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
        return readParquet({ byteLength: ab.byteLength, slice: (s: number, e?: number) => ab.slice(s, e) }, ctx('parquet'));
      },
    );
    assert.ok(n > 100);
  });
});
