/**
 * Reading inputs: files, folders (recursively, in sorted order), glob patterns and standard input,
 * in any format reprint reads (plain text, HTML, WARC, JSON Lines, CSV, Parquet, any of them but
 * Parquet gzipped), told apart by name or, failing that, by content. Every record read is yielded as
 * an article or as a rejection naming the input and line or record; nothing is dropped. Warnings
 * (a guessed charset) come as records of their own kind, which are never counted.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { InputRecord } from '../model/types.js';
import { fileBytes, peek, type ByteSource } from './bytes.js';
import { DEFAULT_MAX_DOC_BYTES, resolveFields, type ReadContext, type ReadOptions } from './context.js';
import { gunzip, isGzip, notGzip } from './decompress.js';
import { readDocument } from './document.js';
import { readJsonl } from './jsonl.js';
import { ioReason, reject } from './records.js';
import { formatFromName, sniff, type NameFormat } from './sniff.js';

export { ioReason } from './records.js';
export type { ReadOptions } from './context.js';

/** Bytes looked at to tell a format (and a charset) apart. */
const HEAD = 512;

// The readers of CSV, Parquet and WARC, and glob expansion, are imported when such an input is met:
// their libraries take ~150 ms to load, which a scan of JSON Lines or text files need not pay.

/** All records of all inputs, in order: arguments as given, folder and glob contents sorted by path. */
export async function* readInputs(inputs: readonly string[], options: ReadOptions = {}): AsyncGenerator<InputRecord> {
  const base = { fields: resolveFields(options.fields), maxDocBytes: options.maxDocBytes ?? DEFAULT_MAX_DOC_BYTES };
  for (const input of inputs) {
    if (input === '-') {
      const stdin = options.stdin ?? (process.stdin as AsyncIterable<Uint8Array>);
      yield* await readSource(stdin, { ...base, input, id: '-' }, { gzip: false });
      continue;
    }
    let st;
    try {
      st = await stat(input);
    } catch (e) {
      // A path that exists is read as named, even when it looks like a pattern; one that does not is tried as a glob.
      if ((await import('tinyglobby')).isDynamicPattern(input)) yield* readGlob(input, base);
      else yield reject(input, undefined, ioReason(e));
      continue;
    }
    if (st.isDirectory()) {
      let files: string[];
      try {
        files = await walk(input);
      } catch (e) {
        yield reject(input, undefined, ioReason(e));
        continue;
      }
      for (const file of files) yield* await readFileRecords(file, relativeId(input, file), base);
    } else {
      yield* await readFileRecords(input, path.basename(input), base);
    }
  }
}

type Base = Pick<ReadContext, 'fields' | 'maxDocBytes'>;

function relativeId(dir: string, file: string): string {
  return path.relative(dir, file).split(path.sep).join('/');
}

async function* readGlob(pattern: string, base: Base): AsyncGenerator<InputRecord> {
  const { glob, isDynamicPattern } = await import('tinyglobby');
  let files: string[];
  try {
    files = await glob(pattern, { onlyFiles: true, dot: false, absolute: path.isAbsolute(pattern), expandDirectories: false });
  } catch (e) {
    yield reject(pattern, undefined, `cannot expand the pattern: ${(e as Error).message}`);
    return;
  }
  if (files.length === 0) {
    yield reject(pattern, undefined, 'no such file or directory, and no file matches it as a pattern');
    return;
  }
  // Ids are relative to the pattern's fixed leading folders, as for a folder argument.
  const fixed = pattern.split(/[\\/]/).filter((_, i, parts) => !parts.slice(0, i + 1).some((p) => isDynamicPattern(p)));
  const root = fixed.length === 0 ? '.' : fixed.join('/') || '/';
  files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const file of files) yield* await readFileRecords(file, relativeId(root, file), base);
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

type Records = AsyncIterable<InputRecord> | Iterable<InputRecord>;

/**
 * Records of one file; `id` is what a one-document file's document is called. Opening is done
 * here and the reader's own generator is handed back, so that each record passes through one
 * generator fewer.
 */
export async function readFileRecords(file: string, id: string, base: Base): Promise<Records> {
  const name = formatFromName(file);
  if (name.unsupported !== undefined) return [reject(file, undefined, `unsupported file type "${name.unsupported}"`)];
  let size: number | undefined;
  try {
    const st = await stat(file);
    if (st.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    size = st.size;
  } catch (e) {
    return [reject(file, undefined, ioReason(e))];
  }
  const ctx: ReadContext = { ...base, input: file, id, size: name.gzip ? undefined : size };
  if (name.format === 'parquet' && !name.gzip) return readParquetFile(file, ctx);
  return readSource(fileBytes(file), ctx, name, file);
}

async function* readParquetFile(file: string, ctx: ReadContext): AsyncGenerator<InputRecord> {
  let buffer;
  try {
    buffer = await (await import('hyparquet')).asyncBufferFromFile(file);
  } catch (e) {
    yield reject(file, undefined, ioReason(e));
    return;
  }
  yield* (await import('./parquet.js')).readParquet(buffer, ctx);
}

/**
 * Records of a byte stream: inflated when it is gzip (whatever its name), then read by the format
 * its name gives or its content shows. `file` is set when the stream is a plain file on disk.
 */
async function readSource(source: ByteSource, ctx: ReadContext, name: NameFormat, file?: string): Promise<Records> {
  let peeked;
  let gzipped = false;
  try {
    peeked = await peek(source, HEAD);
    if (isGzip(peeked.head)) {
      gzipped = true;
      peeked = await peek(gunzip(peeked.source), HEAD);
    } else if (name.gzip) {
      await peeked.close();
      return [reject(ctx.input, undefined, notGzip(peeked.head))];
    }
  } catch (e) {
    return [reject(ctx.input, undefined, ioReason(e))];
  }
  const format = name.format ?? sniff(peeked.head);
  if (gzipped) ctx.size = undefined; // the size on disk is not the document's
  switch (format) {
    case 'text':
    case 'html':
      return readDocument(peeked.source, ctx, format);
    case 'jsonl':
      return readJsonl(peeked.source, ctx);
    case 'csv':
      return (await import('./csv.js')).readCsv(peeked.source, ctx);
    case 'warc':
      return (await import('./warc.js')).readWarc(peeked.source, ctx);
    case 'parquet':
      await peeked.close();
      if (file !== undefined && !gzipped) return readParquetFile(file, ctx);
      return [reject(ctx.input, undefined, 'Parquet is read from a file (it needs random access): not from standard input or inside gzip')];
  }
}
