/**
 * JSON Lines: one record per line, 1-based line numbers in every message. A line longer than the
 * size limit is measured, never held, and rejected; a source that fails mid-file (a truncated gzip
 * stream, a file deleted while read) keeps the records before it and rejects the line it broke.
 */
import { isUtf8 } from 'node:buffer';
import type { InputRecord } from '../model/types.js';
import type { ByteSource } from './bytes.js';
import { decodeUtf8 } from './charset.js';
import type { ReadContext } from './context.js';
import { DEFAULT_FIELDS, recordToArticle, type FieldNames, type FieldsOutcome } from './fields.js';
import { linePieces } from './lines.js';
import { articleRecord, ioReason, reject, tooLarge, warn } from './records.js';

/**
 * Bytes decoded at once, about: a string past 128 KB would be a large object, memory of its own the
 * system must map and zero every time (a page fault per 4 KB), where a smaller one reuses the young
 * generation's.
 */
const PIECE = 32 * 1024;

/** What one line gives: nothing (a blank line), a record, several (warnings first), or those to come. */
type LineOutcome = InputRecord | InputRecord[] | null | Promise<InputRecord[]>;

export async function* readJsonl(source: ByteSource, ctx: ReadContext): AsyncGenerator<InputRecord> {
  const { input, fields } = ctx;
  let no = 0;
  let any = false;
  try {
    for await (const pieces of linePieces(source, ctx.maxDocBytes)) {
      for (const p of pieces) {
        if ('tooLong' in p) {
          any = true;
          yield reject(input, ++no, tooLarge(p.tooLong, ctx.maxDocBytes, true));
          continue;
        }
        // One line (joined across chunks), or a run of whole lines decoded a piece at a time (each piece
        // valid UTF-8 exactly when each of its lines is: a newline byte is never inside a character),
        // each line a slice of its piece. Lines that are not decoded so take one path, whichever piece
        // they come from: a path first taken late would throw away this function's optimised code.
        const one = 'bytes' in p;
        const bytes = one ? p.bytes : p.run;
        for (let from = 0; from <= bytes.length; ) {
          const cut = one || from + PIECE >= bytes.length ? -1 : bytes.indexOf(10, from + PIECE);
          const to = cut < 0 ? bytes.length : cut;
          const piece = bytes.subarray(from, to);
          const text = !one && isUtf8(piece) ? piece.toString('utf8') : null;
          let at = 0;
          for (;;) {
            const nl = one ? -1 : text === null ? piece.indexOf(10, at) : text.indexOf('\n', at);
            const end = nl < 0 ? (text === null ? piece.length : text.length) : nl;
            let out: LineOutcome = text === null ? jsonlRecords(input, ++no, piece.subarray(at, end), fields) : jsonLineRecords(input, ++no, text.slice(at, end), fields);
            if (out instanceof Promise) out = await out;
            if (out !== null) {
              if (Array.isArray(out)) {
                if (out.length > 0) any = true;
                for (const r of out) yield r;
              } else {
                any = true;
                yield out;
              }
            }
            if (nl < 0) break;
            at = nl + 1;
          }
          from = to + 1;
        }
      }
    }
  } catch (e) {
    yield reject(input, no + 1, ioReason(e));
    return;
  }
  if (!any) yield reject(input, undefined, 'empty file (no records)');
}

/**
 * One JSON line as records: its warnings then the article, or one rejection; none for a blank line,
 * which is not a record. JSON text is UTF-8 (RFC 8259), so a line that is not is rejected. A promise
 * for a line holding a page instead of text (see recordToArticle).
 */
export function jsonlRecords(file: string, line: number, bytes: Uint8Array, fields: FieldNames = DEFAULT_FIELDS): InputRecord[] | Promise<InputRecord[]> {
  const src = decodeUtf8(bytes);
  if (typeof src !== 'string') return [reject(file, line, src.error)];
  const out = textRecords(file, line, src, fields);
  return out === null ? [] : Array.isArray(out) || out instanceof Promise ? out : [out];
}

/** `jsonlRecords` of a line already decoded, as the UTF-8 decoder gives it but for a leading BOM. */
function jsonLineRecords(file: string, line: number, src: string, fields: FieldNames): LineOutcome {
  // The decoder drops a byte order mark at the start of what it decodes: here, of each line.
  return textRecords(file, line, src.charCodeAt(0) === 0xfeff ? src.slice(1) : src, fields);
}

function textRecords(file: string, line: number, src: string, fields: FieldNames): LineOutcome {
  // A record starts with `{`; anything else may be blank (trimming costs a string when there is a CR).
  if (src.charCodeAt(0) !== 0x7b && src.trim() === '') return null;
  let value: unknown;
  try {
    value = JSON.parse(src);
  } catch (e) {
    return reject(file, line, `malformed JSON: ${(e as Error).message}`);
  }
  const r = recordToArticle(value, fields);
  return r instanceof Promise ? r.then((x) => outcomeRecords(file, line, x)) : outcomeRecord(file, line, r);
}

function outcomeRecord(file: string, line: number, r: FieldsOutcome): InputRecord | InputRecord[] {
  if (typeof r === 'string') return reject(file, line, r);
  const rec = articleRecord(r.article, file, line);
  return r.warnings.length === 0 ? rec : [...r.warnings.map((w) => warn(file, line, w)), rec];
}

function outcomeRecords(file: string, line: number, r: FieldsOutcome): InputRecord[] {
  const out = outcomeRecord(file, line, r);
  return Array.isArray(out) ? out : [out];
}
