/**
 * One-document inputs: a plain-text file, an HTML page. Read whole, up to the size limit (past it
 * the reading stops and the document is rejected); decoded from its charset; an HTML page reduced
 * to its article.
 */
import type { Article, InputRecord } from '../model/types.js';
import { readBounded, type ByteSource } from './bytes.js';
import { binaryReason, decodeBytes } from './charset.js';
import type { ReadContext } from './context.js';
import { articleRecord, ioReason, reject, tooLarge, warn } from './records.js';

export type DocumentKind = 'text' | 'html';

export async function* readDocument(source: ByteSource, ctx: ReadContext, kind: DocumentKind): AsyncGenerator<InputRecord> {
  let got;
  try {
    got = await readBounded(source, ctx.maxDocBytes);
  } catch (e) {
    yield reject(ctx.input, undefined, ioReason(e));
    return;
  }
  if (!got.ok) {
    yield reject(ctx.input, undefined, tooLarge(ctx.size ?? got.seen, ctx.maxDocBytes, ctx.size !== undefined));
    return;
  }
  // page.ts (linkedom, Readability: ~130 ms to load) only once an HTML page is met.
  const doc = kind === 'html' ? (await import('./page.js')).pageFromBytes(got.data, null, ctx.id, {}) : textFromBytes(got.data, ctx.id);
  if (typeof doc === 'string') {
    yield reject(ctx.input, undefined, doc);
    return;
  }
  for (const w of doc.warnings) yield warn(ctx.input, undefined, w);
  yield articleRecord(doc.article, ctx.input);
}

export interface DocumentResult {
  article: Article;
  warnings: string[];
}

/** A plain text as an article, or why it is not one. */
export function textFromBytes(buf: Uint8Array, id: string): DocumentResult | string {
  const bin = binaryReason(buf);
  if (bin) return bin;
  const dec = decodeBytes(buf);
  if (dec.text.trim() === '') return 'empty file (no text)';
  return { article: { id, text: dec.text }, warnings: dec.warning ? [dec.warning] : [] };
}
