/**
 * JSON Lines: one record per line, 1-based line numbers in every message. A line longer than the
 * size limit is measured, never held, and rejected; a source that fails mid-file (a truncated gzip
 * stream, a file deleted while read) keeps the records before it and rejects the line it broke.
 */
import type { InputRecord } from '../model/types.js';
import type { ByteSource } from './bytes.js';
import { decodeUtf8 } from './charset.js';
import type { ReadContext } from './context.js';
import { DEFAULT_FIELDS, recordToArticle, type FieldNames, type FieldsOutcome } from './fields.js';
import { splitLines } from './lines.js';
import { articleRecord, ioReason, reject, tooLarge, warn } from './records.js';

export async function* readJsonl(source: ByteSource, ctx: ReadContext): AsyncGenerator<InputRecord> {
  let last = 0;
  let any = false;
  try {
    for await (const batch of splitLines(source, ctx.maxDocBytes)) {
      for (const line of batch) {
        last = line.no;
        if ('tooLong' in line) {
          any = true;
          yield reject(ctx.input, line.no, tooLarge(line.tooLong, ctx.maxDocBytes, true));
          continue;
        }
        let recs = jsonlRecords(ctx.input, line.no, line.bytes, ctx.fields);
        if (recs instanceof Promise) recs = await recs;
        if (recs.length > 0) any = true;
        for (const r of recs) yield r;
      }
    }
  } catch (e) {
    yield reject(ctx.input, last + 1, ioReason(e));
    return;
  }
  if (!any) yield reject(ctx.input, undefined, 'empty file (no records)');
}

/**
 * One JSON line as records: its warnings then the article, or one rejection; none for a blank line,
 * which is not a record. JSON text is UTF-8 (RFC 8259), so a line that is not is rejected. A promise
 * for a line holding a page instead of text (see recordToArticle).
 */
export function jsonlRecords(file: string, line: number, bytes: Uint8Array, fields: FieldNames = DEFAULT_FIELDS): InputRecord[] | Promise<InputRecord[]> {
  const src = decodeUtf8(bytes);
  if (typeof src !== 'string') return [reject(file, line, src.error)];
  if (src.trim() === '') return [];
  let value: unknown;
  try {
    value = JSON.parse(src);
  } catch (e) {
    return [reject(file, line, `malformed JSON: ${(e as Error).message}`)];
  }
  const r = recordToArticle(value, fields);
  return r instanceof Promise ? r.then((x) => outcomeRecords(file, line, x)) : outcomeRecords(file, line, r);
}

function outcomeRecords(file: string, line: number, r: FieldsOutcome): InputRecord[] {
  if (typeof r === 'string') return [reject(file, line, r)];
  const rec = articleRecord(r.article, file, line);
  return r.warnings.length === 0 ? [rec] : [...r.warnings.map((w) => warn(file, line, w)), rec];
}
