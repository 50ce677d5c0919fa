/**
 * CSV with a header row (csv-parse): each later row is a record, its fields named by the header
 * and mapped by the configured field names. Rows are numbered by the file line they end on.
 *
 * Bad input stays local. A row with more or fewer fields than the header is rejected; so is a row
 * csv-parse cannot read (a stray quote), and csv-parse then carries on after it. A physical line
 * longer than the size limit is measured, never held; a quoted field still open after the limit's
 * worth of bytes is given up. Both are rejected, and reading restarts with a fresh parser on the
 * next line, so that memory stays bounded. Fields that are not UTF-8 are decoded as Windows-1252,
 * with a warning.
 */
import { parse, type CsvError, type Parser } from 'csv-parse';
import type { InputRecord } from '../model/types.js';
import type { ByteSource } from './bytes.js';
import { decodeBytes } from './charset.js';
import type { ReadContext } from './context.js';
import { recordToArticle } from './fields.js';
import { splitLines } from './lines.js';
import { articleRecord, ioReason, reject, tooLarge, warn } from './records.js';

/** A row or an unreadable row, and the line it ends on (counted from the parser's first line). */
type CsvEvent = { kind: 'row'; fields: (Buffer | string)[]; line?: number } | { kind: 'bad'; reason: string; line?: number };

/** A csv-parse instance whose records and errors land, in order, in `events`. */
class RowParser {
  readonly events: CsvEvent[] = [];
  private readonly parser: Parser;
  private failed = false;

  constructor(first: boolean, maxDocBytes: number) {
    this.parser = parse({
      bom: first,
      encoding: null,
      // Lines come in one at a time with their CR dropped (splitLines): one delimiter, and
      // csv-parse counts lines right.
      record_delimiter: '\n',
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_record: (fields: (Buffer | string)[], context: { lines: number }) => {
        this.events.push({ kind: 'row', fields, line: context.lines });
        return undefined; // taken here, not passed down the stream
      },
      on_skip: (err: CsvError | undefined) => {
        const code = err?.code;
        const reason = code === 'CSV_MAX_RECORD_SIZE' ? tooLarge(maxDocBytes, maxDocBytes, false) : `malformed CSV: ${err?.message ?? 'unreadable row'}`;
        const lines: unknown = err?.lines;
        this.events.push(typeof lines === 'number' ? { kind: 'bad', reason, line: lines } : { kind: 'bad', reason });
        return undefined;
      },
    });
    this.parser.on('error', (e: Error) => {
      this.failed = true;
      this.events.push({ kind: 'bad', reason: `malformed CSV: ${e.message}` });
    });
  }

  write(bytes: Uint8Array): Promise<void> {
    if (this.failed) return Promise.resolve();
    return new Promise((resolve) => {
      this.parser.write(bytes, () => resolve());
      if (this.failed) resolve();
    });
  }

  end(): Promise<void> {
    if (this.failed) return Promise.resolve();
    return new Promise((resolve) => {
      this.parser.once('end', resolve);
      this.parser.once('error', () => resolve());
      this.parser.end();
      this.parser.resume();
    });
  }

  get broken(): boolean {
    return this.failed;
  }
}

export async function* readCsv(source: ByteSource, ctx: ReadContext): AsyncGenerator<InputRecord> {
  const f = ctx.fields;
  let header: string[] | null = null;
  let parser = new RowParser(true, ctx.maxDocBytes);
  /** Lines before the current parser's first line. */
  let base = 0;
  let lastBad = -1;
  /** Bytes fed since the last complete row: a quoted field left open grows this. */
  let open = 0;
  let line = 0;
  let any = false;
  let fallbacks = 0;
  let stop = false;
  const NEWLINE = Buffer.from('\n');

  async function* drain(current: number): AsyncGenerator<InputRecord> {
    for (const ev of parser.events.splice(0)) {
      const at = ev.line === undefined ? current : base + ev.line;
      if (ev.kind === 'bad') {
        open = 0;
        if (lastBad === at) continue; // csv-parse may report one broken row more than once
        lastBad = at;
        any = true;
        yield reject(ctx.input, at, ev.reason);
        continue;
      }
      open = 0;
      const values = ev.fields.map((v) => decodeField(v));
      const bad = values.find((v) => v.warning !== undefined);
      if (header === null) {
        header = values.map((v) => v.text.trim());
        if (!header.includes(f.text) && !header.includes(f.html)) {
          any = true;
          yield reject(ctx.input, at, `no "${f.text}" or "${f.html}" column in the header (columns: ${header.map((h) => JSON.stringify(h)).join(', ')})`);
          stop = true;
          return;
        }
        continue;
      }
      any = true;
      if (values.length !== header.length) {
        yield reject(ctx.input, at, `row has ${values.length} field${values.length === 1 ? '' : 's'}, the header has ${header.length}`);
        continue;
      }
      if (bad && fallbacks++ === 0) yield warn(ctx.input, at, `${bad.warning} (later such rows are decoded the same way)`);
      const rec: Record<string, string> = {};
      header.forEach((name, i) => {
        const v = values[i]?.text ?? '';
        // An empty cell is an absent value, except where emptiness itself is the error to report.
        if (v !== '' || name === f.text || name === f.id || name === f.html) rec[name] ??= v;
      });
      if (rec[f.text] === '' && rec[f.html] !== undefined && rec[f.html] !== '') delete rec[f.text];
      let r = recordToArticle(rec, f, header.includes(f.id) ? undefined : `${ctx.id}:${at}`);
      if (r instanceof Promise) r = await r;
      if (typeof r === 'string') {
        yield reject(ctx.input, at, r);
        continue;
      }
      for (const w of r.warnings) yield warn(ctx.input, at, w);
      yield articleRecord(r.article, ctx.input, at);
    }
  }

  /**
   * Ends the parser (rows it still holds come out) and starts a fresh one after line `at`. With a
   * `reason`, the record open at `at` is rejected for it (and not again for being left open).
   */
  async function* restart(at: number, reason: string | null): AsyncGenerator<InputRecord> {
    await parser.end();
    if (reason !== null) parser.events.splice(0, parser.events.length, ...parser.events.filter((e) => e.kind === 'row'));
    yield* drain(at);
    if (reason !== null) {
      any = true;
      yield reject(ctx.input, at, reason);
    }
    parser = new RowParser(false, ctx.maxDocBytes);
    base = at;
    open = 0;
  }

  try {
    for await (const batch of splitLines(source, ctx.maxDocBytes)) {
      for (const l of batch) {
        line = l.no;
        if ('tooLong' in l) {
          yield* restart(line, tooLarge(l.tooLong, ctx.maxDocBytes, true));
          continue;
        }
        const cr = l.bytes.length > 0 && l.bytes[l.bytes.length - 1] === 13 ? 1 : 0;
        await parser.write(l.bytes.subarray(0, l.bytes.length - cr));
        await parser.write(NEWLINE);
        open += l.bytes.length + 1;
        yield* drain(line);
        if (stop) return;
        if (parser.broken) yield* restart(line, null);
        else if (open > ctx.maxDocBytes) yield* restart(line, `${tooLarge(open, ctx.maxDocBytes, false)} (a quoted field left open?)`);
      }
    }
  } catch (e) {
    yield reject(ctx.input, line + 1, ioReason(e));
    return;
  }
  await parser.end();
  yield* drain(line);
  if (!any) yield reject(ctx.input, undefined, header === null ? 'empty file (no header row)' : 'no records (only a header row)');
  if (fallbacks > 1) yield warn(ctx.input, undefined, `${fallbacks} rows were not valid UTF-8 and were decoded as windows-1252`);
}

function decodeField(v: Buffer | string): { text: string; warning?: string } {
  if (typeof v === 'string') return { text: v };
  const d = decodeBytes(v);
  return d.warning === undefined ? { text: d.text } : { text: d.text, warning: d.warning };
}
