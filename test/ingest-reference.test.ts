/**
 * Reading JSON Lines against the line-by-line reader it replaced (helpers/reference.ts): the same
 * records, rejections and line numbers, whatever the chunking of the input and the size limit.
 */
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import type { ByteSource } from '../src/ingest/bytes.js';
import type { ReadContext } from '../src/ingest/context.js';
import { DEFAULT_FIELDS } from '../src/ingest/fields.js';
import { readJsonl } from '../src/ingest/jsonl.js';
import { splitLines } from '../src/ingest/lines.js';
import type { InputRecord } from '../src/model/types.js';
import { refLinesOfBytes, refReadJsonl } from './helpers/reference.js';
import { rng, type Rng } from './helpers/random.js';

/** Lines of every kind a reader meets: records, blanks, byte order marks, CRs, bad JSON, bad UTF-8, long lines. */
function randomLine(r: Rng, k: number): Buffer {
  const text = (): string => r.pick(['Oil prices rose', 'café 中文 😀', 'a\nb', '  spaced  ', '"quoted"', 'x'.repeat(r.int(1, 300))]);
  const record = (): Record<string, unknown> => {
    const o: Record<string, unknown> = { id: `r${k}`, text: text() };
    if (r.int(0, 2) === 0) o.title = 'T';
    if (r.int(0, 3) === 0) o.published_at = r.pick(['2024-03-01', '1987-02-26T15:01:01Z', 'soon']);
    if (r.int(0, 5) === 0) o.source = r.pick(['wire', 7]);
    if (r.int(0, 9) === 0) delete o.id;
    if (r.int(0, 15) === 0) o.text = r.pick(['', '  ', null, 3]);
    return o;
  };
  switch (r.int(0, 11)) {
    case 0:
      return Buffer.from(r.pick(['', ' ', '\t', '\r', '\ufeff', '\ufeff ', ' \u00a0 ']));
    case 1:
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(record()))]);
    case 2:
      return Buffer.from(`${JSON.stringify(record())}\r`);
    case 3:
      return Buffer.from(JSON.stringify(record()).slice(0, r.int(0, 40)));
    case 4:
      return Buffer.concat([Buffer.from('{"id":"bad","text":"'), Buffer.from([r.pick([0xff, 0xc3, 0xed, 0x80])]), Buffer.from('"}')]);
    case 5:
      return Buffer.from(`\ufeff\ufeff${JSON.stringify(record())}`);
    case 6:
      return Buffer.from(`[${JSON.stringify(record())}]`);
    default:
      return Buffer.from(JSON.stringify(record()));
  }
}

function chunked(r: Rng, bytes: Buffer, maxChunk: number): ByteSource {
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; ) {
    const n = r.int(1, maxChunk);
    parts.push(bytes.subarray(i, i + n));
    i += n;
  }
  return Readable.from(parts);
}

async function all<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('reading JSON Lines against the line-by-line reference', () => {
  it('same records, rejections and line numbers for random files, chunkings and size limits (400 files)', async () => {
    const r = rng(0x15011);
    for (let k = 0; k < 400; k++) {
      const lines = Array.from({ length: r.int(0, 60) }, (_, i) => randomLine(r, i));
      const sep = Buffer.from('\n');
      const file = Buffer.concat(lines.flatMap((l, i) => (i < lines.length - 1 || r.int(0, 1) === 0 ? [l, sep] : [l])));
      const maxDocBytes = r.pick([8, 64, 200, 700, 64 * 1024]);
      const maxChunk = r.pick([1, 7, 100, 1000, 1 << 20]);
      const seed = r.int(0, 1 << 30);
      const ctx: ReadContext = { input: 'in.jsonl', id: 'in.jsonl', fields: { ...DEFAULT_FIELDS }, maxDocBytes };
      const got: InputRecord[] = await all(readJsonl(chunked(rng(seed), file, maxChunk), ctx));
      const want: InputRecord[] = await all(refReadJsonl(chunked(rng(seed), file, maxChunk), ctx));
      assert.deepEqual(got, want, `file ${k} (limit ${maxDocBytes}, chunks up to ${maxChunk})`);
      const gotLines = (await all(splitLines(chunked(rng(seed), file, maxChunk), maxDocBytes))).flat();
      const wantLines = (await all(refLinesOfBytes(chunked(rng(seed), file, maxChunk), maxDocBytes))).flat();
      assert.deepEqual(gotLines, wantLines, `lines of file ${k}`);
    }
  });

  it('same for large files read in large chunks (runs decoded a piece at a time: lines across piece ends)', async () => {
    const r = rng(0xb16f11e);
    for (let k = 0; k < 12; k++) {
      const lines = Array.from({ length: r.int(500, 3000) }, (_, i) => (r.int(0, 200) === 0 ? Buffer.from('x'.repeat(r.int(20_000, 80_000))) : randomLine(r, i)));
      const file = Buffer.concat(lines.flatMap((l) => [l, Buffer.from('\n')]));
      const maxChunk = r.pick([1 << 16, 1 << 20, 1 << 22]);
      const seed = r.int(0, 1 << 30);
      const ctx: ReadContext = { input: 'big.jsonl', id: 'big.jsonl', fields: { ...DEFAULT_FIELDS }, maxDocBytes: r.pick([100_000, 10 << 20]) };
      const got = await all(readJsonl(chunked(rng(seed), file, maxChunk), ctx));
      const want = await all(refReadJsonl(chunked(rng(seed), file, maxChunk), ctx));
      assert.deepEqual(got, want, `file ${k} (${file.length} bytes, chunks up to ${maxChunk})`);
    }
  });

  it('a source failing mid-file: the records before it, then the line it broke', async () => {
    const good = Buffer.from(`${JSON.stringify({ id: 'a', text: 'one' })}\n${JSON.stringify({ id: 'b', text: 'two' })}\n{"id":"c","te`);
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield good;
      throw Object.assign(new Error('gone'), { code: 'EIO' });
    }
    const ctx: ReadContext = { input: 'in.jsonl', id: 'in.jsonl', fields: { ...DEFAULT_FIELDS }, maxDocBytes: 1 << 20 };
    const got = await all(readJsonl(failing(), ctx));
    assert.deepEqual(got, await all(refReadJsonl(failing(), ctx)));
    assert.deepEqual(got.map((g) => g.kind), ['article', 'article', 'rejected']);
  });
});
