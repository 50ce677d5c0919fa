/**
 * Parquet (hyparquet): each row is a record, its columns mapped by the configured field names,
 * rows numbered from 1 in messages. Read one row group at a time and only the columns a record
 * needs. Integer ids become strings; timestamps become ISO 8601. Snappy is built into hyparquet;
 * gzip and brotli pages are inflated with node:zlib. A row group that cannot be read is one
 * rejection naming its rows; the others are still read.
 */
import { isUtf8 } from 'node:buffer';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { parquetMetadataAsync, parquetReadObjects, parquetSchema, type AsyncBuffer, type Compressors, type FileMetaData } from 'hyparquet';
import type { InputRecord } from '../model/types.js';
import { decodeBytes } from './charset.js';
import type { ReadContext } from './context.js';
import { recordToArticle } from './fields.js';
import { articleRecord, bytes, reject, tooLarge, warn } from './records.js';

export const PARQUET_MAGIC = 'PAR1';

/** The most column data of one row group read at once. */
export const MAX_ROW_GROUP_BYTES = 512 * 1024 * 1024;

const COMPRESSORS: Compressors = {
  GZIP: (input) => new Uint8Array(gunzipSync(input)),
  BROTLI: (input) => new Uint8Array(brotliDecompressSync(input)),
};

const utf8 = new TextDecoder('utf-8');

/** Strings that are valid UTF-8; the others stay bytes and are decoded (with a warning) per value. */
const PARSERS = {
  stringFromBytes: (b: Uint8Array | undefined): string | Uint8Array | undefined => (b === undefined || !isUtf8(b) ? b : utf8.decode(b)),
};

export async function* readParquet(file: AsyncBuffer, ctx: ReadContext): AsyncGenerator<InputRecord> {
  const f = ctx.fields;
  let meta: FileMetaData;
  let columns: string[];
  try {
    meta = await parquetMetadataAsync(file, { parsers: PARSERS });
    columns = parquetSchema(meta).children.map((c) => c.element.name);
  } catch (e) {
    yield reject(ctx.input, undefined, `not a readable Parquet file: ${(e as Error).message}`);
    return;
  }
  if (!columns.includes(f.text) && !columns.includes(f.html)) {
    yield reject(ctx.input, undefined, `no "${f.text}" or "${f.html}" column (columns: ${columns.map((c) => JSON.stringify(c)).join(', ')})`);
    return;
  }
  const wanted = [f.text, f.html, f.id, f.title, f.date, f.url, f.source].filter((c, i, a) => columns.includes(c) && a.indexOf(c) === i);
  const hasId = columns.includes(f.id);
  let rowStart = 0;
  let fallbacks = 0;
  for (const [g, group] of meta.row_groups.entries()) {
    const n = Number(group.num_rows);
    const rowEnd = rowStart + n;
    const rows = `rows ${rowStart + 1}–${rowEnd} (row group ${g + 1})`;
    const size = group.columns
      .filter((c) => c.meta_data !== undefined && wanted.includes(c.meta_data.path_in_schema[0] ?? ''))
      .reduce((s, c) => s + Number(c.meta_data?.total_uncompressed_size ?? 0), 0);
    if (!(n >= 0) || size > MAX_ROW_GROUP_BYTES) {
      yield reject(ctx.input, rowStart + 1, `cannot read ${rows}: ${bytes(size)} of column data, more than the ${bytes(MAX_ROW_GROUP_BYTES)} read at once (write smaller row groups)`);
      rowStart = Math.max(rowStart, rowEnd);
      continue;
    }
    let data: Record<string, unknown>[];
    try {
      data = await parquetReadObjects({ file, metadata: meta, columns: wanted, rowStart, rowEnd, compressors: COMPRESSORS, parsers: PARSERS });
    } catch (e) {
      yield reject(ctx.input, rowStart + 1, `cannot read ${rows}: ${(e as Error).message}`);
      rowStart = rowEnd;
      continue;
    }
    for (const [i, row] of data.entries()) {
      const line = rowStart + i + 1;
      const rec: Record<string, unknown> = {};
      let problem: string | null = null;
      for (const [k, v] of Object.entries(row)) {
        const value = plain(v, k === f.id, k === f.date);
        if (value instanceof Fallback) {
          if (fallbacks++ === 0) yield warn(ctx.input, line, `"${k}": ${value.warning} (later such values are decoded the same way)`);
          rec[k] = value.text;
        } else {
          rec[k] = value;
        }
        const s = rec[k];
        if (typeof s === 'string' && s.length > ctx.maxDocBytes / 3 && Buffer.byteLength(s) > ctx.maxDocBytes) {
          problem = `"${k}": ${tooLarge(Buffer.byteLength(s), ctx.maxDocBytes, true)}`;
        }
      }
      let r = problem ?? recordToArticle(rec, f, hasId ? undefined : `${ctx.id}:${line}`);
      if (r instanceof Promise) r = await r;
      if (typeof r === 'string') {
        yield reject(ctx.input, line, r);
        continue;
      }
      for (const w of r.warnings) yield warn(ctx.input, line, w);
      yield articleRecord(r.article, ctx.input, line);
    }
    rowStart = rowEnd;
  }
  if (rowStart === 0) yield reject(ctx.input, undefined, 'no records (a Parquet file without rows)');
  if (fallbacks > 1) yield warn(ctx.input, undefined, `${fallbacks} values were not valid UTF-8 and were decoded as windows-1252`);
}

/** Text decoded from a guessed charset. */
class Fallback {
  constructor(
    readonly text: string,
    readonly warning: string,
  ) {}
}

/** A column value as a record field: bytes decoded, integer ids and timestamps as strings. */
function plain(v: unknown, isId: boolean, isDate: boolean): unknown {
  if (v instanceof Uint8Array) {
    const d = decodeBytes(v);
    return d.warning === undefined ? d.text : new Fallback(d.text, d.warning);
  }
  if (isId && (typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v)))) return String(v);
  if (isDate && v instanceof Date) return Number.isNaN(v.getTime()) ? 'invalid date' : v.toISOString();
  return v;
}
