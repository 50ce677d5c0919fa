/**
 * Reading inputs: files, folders (recursively, in sorted order) and JSON Lines. Every record read is
 * either yielded as an article or as a rejection naming the input and line; nothing is dropped.
 */
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';
import path from 'node:path';
import type { Article, InputRecord } from '../model/types.js';
import { parseTime } from '../index/analyze.js';

const TEXT_EXT = new Set(['.txt', '.text']);
const JSONL_EXT = new Set(['.jsonl', '.ndjson']);

export function supported(file: string): boolean {
  const ext = path.extname(file).toLowerCase();
  return TEXT_EXT.has(ext) || JSONL_EXT.has(ext);
}

/** All records of all inputs, in order: arguments as given, folder contents sorted by path. */
export async function* readInputs(inputs: readonly string[]): AsyncGenerator<InputRecord> {
  for (const input of inputs) {
    let st;
    try {
      st = await stat(input);
    } catch (e) {
      yield reject(input, undefined, ioReason(e));
      continue;
    }
    if (st.isDirectory()) {
      for (const file of await walk(input)) {
        const rel = path.relative(input, file).split(path.sep).join('/');
        yield* readFileRecords(file, rel);
      }
    } else {
      yield* readFileRecords(input, path.basename(input));
    }
  }
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (e.name.startsWith('.')) continue; // hidden files and folders: .git, .DS_Store
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(full)));
    else out.push(full);
  }
  return out;
}

/** Records of one file; `id` is what a text file's document is called. */
export async function* readFileRecords(file: string, id: string): AsyncGenerator<InputRecord> {
  const ext = path.extname(file).toLowerCase();
  if (JSONL_EXT.has(ext)) yield* readJsonl(file);
  else if (TEXT_EXT.has(ext)) yield await readText(file, id);
  else yield reject(file, undefined, `unsupported file type "${ext || '(none)'}" (reprint reads .txt and .jsonl)`);
}

const utf8 = new TextDecoder('utf-8');

/** Why a buffer is not text, or null when it is. */
export function notText(buf: Uint8Array): string | null {
  if (buf.subarray(0, 8192).includes(0)) return 'binary file (contains NUL bytes), not text';
  return null;
}

/** The text, or an error naming the first byte that is not UTF-8. A leading BOM is dropped. */
export function decodeUtf8(buf: Uint8Array): string | { error: string } {
  if (!isUtf8(buf)) return { error: `not valid UTF-8 (first bad byte at offset ${firstBadByte(buf)})` };
  return utf8.decode(buf);
}

/** Offset of the first byte that breaks UTF-8 (RFC 3629), for the error message only. */
function firstBadByte(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i] as number;
    const n = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if (((b[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return i;
}

async function readText(file: string, id: string): Promise<InputRecord> {
  let buf: Buffer;
  try {
    buf = await readFile(file);
  } catch (e) {
    return reject(file, undefined, ioReason(e));
  }
  const bin = notText(buf);
  if (bin) return reject(file, undefined, bin);
  const text = decodeUtf8(buf);
  if (typeof text !== 'string') return reject(file, undefined, text.error);
  if (text.trim() === '') return reject(file, undefined, 'empty file (no text)');
  return { kind: 'article', article: { id, text }, origin: { input: file } };
}

async function* readJsonl(file: string): AsyncGenerator<InputRecord> {
  let lineNo = 0;
  let rest: Buffer | null = null;
  let any = false;
  const stream = createReadStream(file, { highWaterMark: 1 << 20 });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let buf: Buffer = rest ? Buffer.concat([rest, chunk]) : chunk;
      let from = 0;
      for (let nl = buf.indexOf(10, from); nl >= 0; nl = buf.indexOf(10, from)) {
        lineNo++;
        const rec = jsonlRecord(file, lineNo, buf.subarray(from, nl));
        if (rec) {
          any = true;
          yield rec;
        }
        from = nl + 1;
      }
      rest = from < buf.length ? Buffer.from(buf.subarray(from)) : null;
      buf = Buffer.alloc(0);
    }
  } catch (e) {
    yield reject(file, lineNo + 1, ioReason(e));
    return;
  }
  if (rest && rest.length > 0) {
    lineNo++;
    const rec = jsonlRecord(file, lineNo, rest);
    if (rec) {
      any = true;
      yield rec;
    }
  }
  if (!any) yield reject(file, undefined, 'empty file (no records)');
}

/** One JSON line as a record; null for a blank line, which is not a record. */
export function jsonlRecord(file: string, line: number, bytes: Uint8Array): InputRecord | null {
  const decoded = decodeUtf8(bytes);
  if (typeof decoded !== 'string') return reject(file, line, decoded.error);
  const src = decoded;
  if (src.trim() === '') return null;
  let value: unknown;
  try {
    value = JSON.parse(src);
  } catch (e) {
    return reject(file, line, `malformed JSON: ${(e as Error).message}`);
  }
  const article = toArticle(value);
  if (typeof article === 'string') return reject(file, line, article);
  return { kind: 'article', article, origin: { input: file, line } };
}

const OPTIONAL = ['title', 'source', 'url', 'published_at'] as const;

/** An article from a parsed JSON record, or the reason it is not one. */
export function toArticle(value: unknown): Article | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'record is not a JSON object';
  const r = value as Record<string, unknown>;
  if (r.id === undefined || r.id === null) return 'missing "id"';
  if (typeof r.id !== 'string') return `"id" must be a string, got ${typeName(r.id)}`;
  if (r.id.trim() === '') return '"id" is empty';
  if (r.text === undefined || r.text === null) return 'missing "text"';
  if (typeof r.text !== 'string') return `"text" must be a string, got ${typeName(r.text)}`;
  if (r.text.trim() === '') return '"text" is empty';
  const article: Article = { id: r.id, text: r.text };
  for (const k of OPTIONAL) {
    const v = r[k];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string') return `"${k}" must be a string, got ${typeName(v)}`;
    article[k] = v;
  }
  if (article.published_at !== undefined && parseTime(article.published_at) === null) {
    return `"published_at" is not an ISO 8601 date: ${JSON.stringify(article.published_at)}`;
  }
  return article;
}

function typeName(v: unknown): string {
  return Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v;
}

function reject(input: string, line: number | undefined, reason: string): InputRecord {
  return { kind: 'rejected', rejection: line === undefined ? { input, reason } : { input, line, reason } };
}

export function ioReason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err.code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    default:
      return `cannot read: ${err.message ?? String(e)}`;
  }
}
