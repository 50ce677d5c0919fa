/**
 * Gzip, as a stream: node:zlib's Gunzip over the input's chunks (several gzip members one after
 * another, as in a record-per-member .warc.gz, read as one stream). Output is passed on as soon as
 * it is inflated, so a truncated or corrupt stream keeps everything before the damage; the damage
 * itself is a SourceError naming the compressed byte offset.
 */
import { createGunzip } from 'node:zlib';
import { SourceError } from './records.js';

export const GZIP_MAGIC = [0x1f, 0x8b] as const;

export function isGzip(head: Uint8Array): boolean {
  return head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
}

const PIECE = 16 * 1024;

export async function* gunzip(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const z = createGunzip();
  const out: Buffer[] = [];
  let failure: Error | null = null;
  /** zlib ends by itself after the last gzip member when what follows is not another one. */
  let ended = false;
  let wake: (() => void) | null = null;
  z.on('data', (c: Buffer) => out.push(c));
  z.on('error', (e: Error) => {
    failure ??= e;
    wake?.();
  });
  for (const event of ['end', 'close']) {
    z.on(event, () => {
      ended = true;
      wake?.();
    });
  }
  /** Runs a zlib call and waits for its callback, or for the stream to fail or end (then no callback may come). */
  const settle = (start: (done: () => void) => void): Promise<void> =>
    new Promise<void>((resolve) => {
      if (failure || ended) return resolve();
      wake = resolve;
      start(resolve);
    }).finally(() => (wake = null));
  let consumed = 0;
  const fail = (e: Error): SourceError => {
    const code = (e as NodeJS.ErrnoException).code;
    const what = code === 'Z_BUF_ERROR' ? 'truncated gzip data' : 'corrupt gzip data';
    return new SourceError(`${what} (${e.message}) at byte ${consumed.toLocaleString('en-US')} of the compressed input`);
  };
  try {
    for await (const chunk of source) {
      // In small pieces: when zlib fails it drops what the failing write inflated.
      for (let at = 0; at < chunk.length; at += PIECE) {
        const piece = chunk.subarray(at, at + PIECE);
        await settle((done) => z.write(piece, () => done()));
        consumed += piece.length;
        while (out.length > 0) yield out.shift() as Buffer;
        if (failure) throw fail(failure);
        if (ended) return; // the rest is trailing bytes after the last member, which gunzip ignores too
      }
    }
    await settle(() => z.end());
    while (out.length > 0) yield out.shift() as Buffer;
    if (failure) throw fail(failure);
  } finally {
    z.destroy();
  }
}

/** Message for a file named `.gz` that does not start with the gzip magic bytes. */
export function notGzip(head: Uint8Array): string {
  return `named .gz but not gzip data (starts with ${JSON.stringify(Buffer.from(head.subarray(0, 4)).toString('latin1'))})`;
}
