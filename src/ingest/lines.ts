/**
 * Lines of a byte stream (LF-separated; a CR before the LF stays and JSON or trimming ignores it),
 * with bounded memory: a line longer than the limit is not kept, only measured, and comes out as
 * `{tooLong}` so that the reader can reject it by number. Lines come in batches, those a chunk
 * completes, so that a reader pays one await per chunk rather than per line.
 */
import type { ByteSource } from './bytes.js';

export type Line = { no: number; bytes: Buffer } | { no: number; tooLong: number };

/**
 * What `linePieces` gives, in order: one line's bytes, a line too long to keep (its length), or a
 * run of whole lines in one piece (their bytes, LF-separated, without the last one's LF). Pieces
 * carry no line numbers: each line counts one, in order.
 */
export type Piece = { bytes: Buffer } | { tooLong: number } | { run: Buffer };

/**
 * Lines as pieces, a batch per chunk. The lines a chunk holds whole (most of them) come as one run,
 * a view into the chunk, when the run is within the limit: a reader can decode and look at them in
 * one go instead of a Buffer and a call per line.
 */
export async function* linePieces(source: ByteSource, maxBytes: number): AsyncGenerator<Piece[]> {
  let parts: Uint8Array[] = [];
  let size = 0;
  let over = false;
  const take = (): Piece => {
    const only = parts.length === 1 ? (parts[0] as Uint8Array) : null;
    const piece: Piece = over ? { tooLong: size } : { bytes: only ? view(only, 0, only.length) : Buffer.concat(parts, size) };
    parts = [];
    size = 0;
    over = false;
    return piece;
  };
  for await (const chunk of source) {
    const batch: Piece[] = [];
    let from = 0;
    let nl = chunk.indexOf(10);
    // A line begun in an earlier chunk ends in this one: on its own.
    if (nl >= 0 && (size > 0 || over)) {
      add(chunk.subarray(0, nl));
      batch.push(take());
      from = nl + 1;
      nl = chunk.indexOf(10, from);
    }
    if (nl >= 0) {
      const last = chunk.lastIndexOf(10);
      if (last - from <= maxBytes) {
        batch.push({ run: view(chunk, from, last) });
        from = last + 1;
      } else {
        // Longer than the limit together: line by line, so that each is measured against it.
        for (; nl >= 0; nl = chunk.indexOf(10, from)) {
          add(chunk.subarray(from, nl));
          batch.push(take());
          from = nl + 1;
        }
      }
    }
    // Keep a copy: a stream may reuse the chunk's memory once the next one is read.
    if (from < chunk.length) add(Buffer.from(chunk.subarray(from)));
    if (batch.length > 0) yield batch;
  }
  if (size > 0 || over) yield [take()];

  function add(piece: Uint8Array): void {
    size += piece.length;
    if (over) return;
    if (size > maxBytes) {
      over = true;
      parts = [];
    } else if (piece.length > 0) {
      parts.push(piece);
    }
  }
}

/** Bytes `from .. to` of `a` as a Buffer over the same memory. */
function view(a: Uint8Array, from: number, to: number): Buffer {
  return Buffer.from(a.buffer, a.byteOffset + from, to - from);
}

/** Lines one by one, numbered from 1: `linePieces` with its runs split. */
export async function* splitLines(source: ByteSource, maxBytes: number): AsyncGenerator<Line[]> {
  let no = 0;
  for await (const pieces of linePieces(source, maxBytes)) {
    const batch: Line[] = [];
    for (const p of pieces) {
      if ('run' in p) {
        const run = p.run;
        let from = 0;
        for (let nl = run.indexOf(10); nl >= 0; nl = run.indexOf(10, from)) {
          batch.push({ no: ++no, bytes: run.subarray(from, nl) });
          from = nl + 1;
        }
        batch.push({ no: ++no, bytes: run.subarray(from) });
      } else {
        batch.push('tooLong' in p ? { no: ++no, tooLong: p.tooLong } : { no: ++no, bytes: p.bytes });
      }
    }
    yield batch;
  }
}
