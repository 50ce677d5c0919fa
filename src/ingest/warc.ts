/**
 * WARC (ISO 28500; .warc, and .warc.gz with one gzip member per record, inflated upstream): each
 * record is parsed by warcio's WARCParser; `response` records holding an HTML page (or plain text),
 * `resource` and `conversion` records (WET text) become articles with the page's metadata, the
 * record's WARC-Target-URI and WARC-Date filling in where the page has none. The id is the target
 * URI. Requests, metadata, revisits, images, scripts and error responses are not articles and are
 * passed over.
 *
 * Every record starts a fresh parser at its own offset, and is trusted only once the bytes after
 * its Content-Length are the record separator and the next `WARC/` line. A record that fails that
 * (a garbled header, a wrong Content-Length, a truncated end) is rejected with its number and byte
 * offset, and reading resynchronises on the next line starting `WARC/1.`: the records before and
 * after it are read. Offsets are in the uncompressed stream.
 */
import { AsyncIterReader, WARCParser, type WARCRecord } from 'warcio';
import { parseTime } from '../index/analyze.js';
import type { InputRecord } from '../model/types.js';
import type { ByteSource } from './bytes.js';
import { charsetOfContentType } from './charset.js';
import type { ReadContext } from './context.js';
import { textFromBytes, type DocumentResult } from './document.js';
import { pageFromBytes } from './page.js';
import { hostOf } from './html.js';
import { articleRecord, bytes, ioReason, reject, tooLarge, warn } from './records.js';
import { Replay, SourceFailure } from './replay.js';

export const WARC_MAGIC = 'WARC/';
/** Most bytes of WARC and HTTP headers in one record. */
export const MAX_HEADER_BYTES = 1 << 20;

const VERSION_LINE = /^WARC\/1\.[01]$/;

type Payload = { kind: 'html' | 'text'; charset: string | null } | { skip: string };

export async function* readWarc(source: ByteSource, ctx: ReadContext): AsyncGenerator<InputRecord> {
  const replay = new Replay(source);
  const skipped = new Map<string, number>();
  let pos = 0;
  /** Records begun; the one being read when the source fails is `n`, or `n + 1` between records. */
  let n = 0;
  let between = true;
  let yielded = 0;
  const at = (p: number): string => `at byte ${p.toLocaleString('en-US')}`;
  try {
    for (;;) {
      between = true;
      pos = await skipNewlines(replay, pos);
      if ((await replay.byteAt(pos)) === -1) break;
      replay.keepFrom(pos);
      n++;
      between = false;
      const start = pos;
      const parsed = await parseAt(replay, start);
      const problem = typeof parsed === 'string' ? parsed : headerProblem(parsed.record);
      if (problem !== null || typeof parsed === 'string') {
        yielded++;
        yield reject(ctx.input, n, `malformed WARC record ${at(start)}: ${problem}`);
        pos = await resync(replay, start);
        if (pos < 0) break;
        continue;
      }
      const { record, headerEnd, readTo } = parsed;
      const length = Number(record.warcHeaders.headers.get('Content-Length'));
      const end = start + headerEnd + length;
      const payload = payloadOf(record);
      const candidate = !('skip' in payload);
      if (length > ctx.maxDocBytes) replay.keepFrom(end); // not held: a record this large is not read
      let doc: DocumentResult | string | null = null;
      if (start + readTo > end) {
        doc = `HTTP headers run past the record's Content-Length (${bytes(length)})`;
      } else if (!candidate) {
        skipped.set(payload.skip, (skipped.get(payload.skip) ?? 0) + 1);
      } else if (length > ctx.maxDocBytes) {
        doc = tooLarge(length, ctx.maxDocBytes, true);
      } else {
        doc = await documentOf(record, payload, ctx, n);
      }
      if (!(await replay.ensure(end))) {
        yielded++;
        yield reject(ctx.input, n, `truncated WARC record ${at(start)}: Content-Length is ${bytes(length)} but the input ends ${bytes(replay.end - start - headerEnd)} into it`);
        pos = length > ctx.maxDocBytes ? -1 : await resync(replay, start);
        if (pos < 0) break;
        continue;
      }
      const next = await skipNewlines(replay, end);
      // Exactly CRLF CRLF after the block is the record's own end, whatever follows (a garbled
      // next record is that record's problem); otherwise only the next `WARC/` line (or the end)
      // shows that the Content-Length was right.
      if (!(await separatorAt(replay, end)) && !(await recordStartsAt(replay, next))) {
        yielded++;
        yield reject(ctx.input, n, `malformed WARC record ${at(start)}: its Content-Length (${bytes(length)}) does not end where the next record starts`);
        pos = await resync(replay, length > ctx.maxDocBytes ? end : start);
        if (pos < 0) break;
        continue;
      }
      pos = next;
      if (doc === null) continue;
      yielded++;
      if (typeof doc === 'string') {
        yield reject(ctx.input, n, `WARC record ${at(start)} (${targetOf(record) ?? 'no WARC-Target-URI'}): ${doc}`);
        continue;
      }
      for (const w of doc.warnings) yield warn(ctx.input, n, w);
      yield articleRecord(doc.article, ctx.input, n);
    }
  } catch (e) {
    const cause = e instanceof SourceFailure ? e.cause : e;
    yield reject(ctx.input, between ? n + 1 : n, ioReason(cause));
    return;
  }
  if (n === 0) {
    yield reject(ctx.input, undefined, 'empty file (no records)');
  } else if (yielded === 0) {
    const what = [...skipped].map(([k, v]) => `${v} ${k}`).join(', ');
    yield warn(ctx.input, undefined, `no pages in this WARC: ${n} record${n === 1 ? '' : 's'} passed over (${what})`);
  }
}

interface Parsed {
  record: WARCRecord;
  /** Offset of the record block (after the WARC headers), relative to the record's start. */
  headerEnd: number;
  /** How far the parser has read (HTTP headers included), relative to the record's start. */
  readTo: number;
}

/** A fresh WARCParser on the record at `start`, its headers parsed; or why they cannot be. */
async function parseAt(replay: Replay, start: number): Promise<Parsed | string> {
  replay.guard = { from: start, limit: MAX_HEADER_BYTES, message: `headers longer than ${bytes(MAX_HEADER_BYTES)}` };
  try {
    const reader = new AsyncIterReader(replay.from(start), null);
    const parser = new WARCParser(reader);
    const record = await parser.parse();
    if (record === null) return 'no WARC header';
    return { record, headerEnd: parser._warcHeadersLength, readTo: reader.getReadOffset() };
  } catch (e) {
    if (e instanceof SourceFailure) throw e;
    return (e as Error).message;
  } finally {
    replay.guard = null;
  }
}

function headerProblem(record: WARCRecord): string | null {
  const line = record.warcHeaders.statusline;
  if (!VERSION_LINE.test(line.trim())) return `expected a "WARC/1.0" or "WARC/1.1" line, found ${JSON.stringify(line.slice(0, 40))}`;
  const cl = record.warcHeaders.headers.get('Content-Length');
  if (cl === null || cl === undefined || !/^\d{1,15}$/.test(cl.trim())) return `missing or invalid Content-Length ${JSON.stringify(cl)}`;
  if (!record.warcType) return 'no WARC-Type';
  return null;
}

/** What the record holds, if it is a page or a text. */
function payloadOf(record: WARCRecord): Payload {
  const type = record.warcType;
  let contentType: string | null;
  if (type === 'response') {
    const http = record.httpHeaders;
    if (!http) return { skip: 'response without HTTP headers' };
    const status = Number(http.statusCode);
    if (!(status >= 200 && status < 300)) return { skip: `HTTP ${String(http.statusCode) || 'status unknown'}` };
    contentType = http.headers.get('Content-Type') ?? null;
  } else if (type === 'resource' || type === 'conversion') {
    contentType = record.warcContentType ?? null;
  } else {
    return { skip: type };
  }
  const mime = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const charset = charsetOfContentType(contentType);
  if (mime === 'text/html' || mime === 'application/xhtml+xml') return { kind: 'html', charset };
  if (mime === 'text/plain') return { kind: 'text', charset };
  return { skip: mime === '' ? 'no Content-Type' : mime };
}

function targetOf(record: WARCRecord): string | undefined {
  const uri = record.warcTargetURI?.trim().replace(/^<(.*)>$/, '$1');
  return uri ? uri : undefined;
}

/** The record's content (HTTP transfer and content encodings undone) as an article, or why not. */
async function documentOf(record: WARCRecord, payload: { kind: 'html' | 'text'; charset: string | null }, ctx: ReadContext, n: number): Promise<DocumentResult | string> {
  const parts: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of record) {
      size += chunk.length;
      if (size > ctx.maxDocBytes) return tooLarge(size, ctx.maxDocBytes, false);
      parts.push(chunk);
    }
  } catch (e) {
    if (e instanceof SourceFailure) throw e;
    return `cannot read the record's content: ${(e as Error).message}`;
  }
  const content = Buffer.concat(parts, size);
  const url = targetOf(record);
  const id = url ?? `${ctx.id}:${n}`;
  const date = record.warcDate ?? undefined;
  if (payload.kind === 'html') return pageFromBytes(content, payload.charset, id, { url, date });
  const doc = textFromBytes(content, id);
  if (typeof doc === 'string') return doc;
  if (url !== undefined) doc.article.url = url;
  const host = hostOf(url);
  if (host !== undefined) doc.article.source = host;
  if (date !== undefined && parseTime(date) !== null) doc.article.published_at = date;
  return doc;
}

async function skipNewlines(replay: Replay, pos: number): Promise<number> {
  let p = pos;
  for (let b = await replay.byteAt(p); b === 13 || b === 10; b = await replay.byteAt(p)) p++;
  return p;
}

/** True where the record separator, CRLF CRLF, begins. */
async function separatorAt(replay: Replay, pos: number): Promise<boolean> {
  for (let i = 0; i < 4; i++) if ((await replay.byteAt(pos + i)) !== (i % 2 === 0 ? 13 : 10)) return false;
  return true;
}

/** True at the end of the stream or where a `WARC/` line begins. */
async function recordStartsAt(replay: Replay, pos: number): Promise<boolean> {
  if ((await replay.byteAt(pos)) === -1) return true;
  for (let i = 0; i < WARC_MAGIC.length; i++) if ((await replay.byteAt(pos + i)) !== WARC_MAGIC.charCodeAt(i)) return false;
  return true;
}

/** The start of the next line after `pos` that reads `WARC/1.0` or `WARC/1.1`, or -1. */
async function resync(replay: Replay, pos: number): Promise<number> {
  let p = pos;
  for (;;) {
    const q = await replay.findLineStart(p, 'WARC/1.');
    if (q < 0) return -1;
    const v = await replay.byteAt(q + 7);
    const eol = await replay.byteAt(q + 8);
    if ((v === 48 || v === 49) && (eol === 13 || eol === 10)) return q;
    p = q;
  }
}
