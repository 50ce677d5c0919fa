/**
 * Lines of a byte stream (LF-separated; a CR before the LF stays and JSON or trimming ignores it),
 * with bounded memory: a line longer than the limit is not kept, only measured, and comes out as
 * `{tooLong}` so that the reader can reject it by number. Lines come in batches, those a chunk
 * completes, so that a reader pays one await per chunk rather than per line.
 */
import type { ByteSource } from './bytes.js';

export type Line = { no: number; bytes: Buffer } | { no: number; tooLong: number };

export async function* splitLines(source: ByteSource, maxBytes: number): AsyncGenerator<Line[]> {
  let parts: Uint8Array[] = [];
  let size = 0;
  let over = false;
  let no = 0;
  const take = (): Line => {
    no++;
    const only = parts.length === 1 ? (parts[0] as Uint8Array) : null;
    const bytes = only ? Buffer.from(only.buffer, only.byteOffset, only.byteLength) : Buffer.concat(parts, size);
    const line: Line = over ? { no, tooLong: size } : { no, bytes };
    parts = [];
    size = 0;
    over = false;
    return line;
  };
  for await (const chunk of source) {
    const batch: Line[] = [];
    let from = 0;
    for (let nl = chunk.indexOf(10, from); nl >= 0; nl = chunk.indexOf(10, from)) {
      add(chunk.subarray(from, nl));
      batch.push(take());
      from = nl + 1;
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
