/**
 * Byte sources: a file or standard input as an async iterable of chunks, looked at before it is
 * read (the first bytes tell the format) and read whole only up to a limit.
 */
import { createReadStream } from 'node:fs';

/** Chunks as readers see them. */
export type ByteSource = AsyncIterable<Uint8Array>;

/** Large reads, few system calls: JSON Lines read as fast as before this module learned formats. */
const CHUNK = 1 << 20;

export function fileBytes(file: string): ByteSource {
  return createReadStream(file, { highWaterMark: CHUNK }) as AsyncIterable<Uint8Array>;
}

/**
 * The first `n` bytes (fewer at the end of the input), and the whole input again, those bytes
 * included, without reading anything twice. Errors opening the source come out of `peek` itself.
 */
export async function peek(source: ByteSource, n: number): Promise<{ head: Uint8Array; source: ByteSource; close(): Promise<void> }> {
  const it = source[Symbol.asyncIterator]();
  const seen: Uint8Array[] = [];
  let size = 0;
  let done = false;
  while (size < n) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    seen.push(r.value);
    size += r.value.length;
  }
  const head = Buffer.concat(seen).subarray(0, n);
  async function* again(): AsyncGenerator<Uint8Array> {
    try {
      yield* seen;
      if (done) return;
      for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
    } finally {
      if (!done) await it.return?.();
    }
  }
  return {
    head,
    source: again(),
    close: async () => {
      if (!done) await it.return?.();
    },
  };
}

export type Bounded = { ok: true; data: Buffer } | { ok: false; seen: number };

/**
 * The whole source when it holds at most `max` bytes; otherwise stops reading as soon as it is past
 * the limit and says how much it saw (memory stays within the limit plus one chunk).
 */
export async function readBounded(source: ByteSource, max: number): Promise<Bounded> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of source) {
    size += chunk.length;
    if (size > max) return { ok: false, seen: size };
    parts.push(chunk);
  }
  return { ok: true, data: Buffer.concat(parts, size) };
}
