/**
 * A byte stream that can be read again from a recent position: what WARC needs to start a fresh
 * parser on the next record, or to resynchronise after a malformed one. Only bytes at or after
 * the `keep` mark are held (the current record, at most the size limit), so memory stays bounded
 * however long the stream is. Positions are absolute offsets into the stream.
 */
import type { ByteSource } from './bytes.js';
import { SourceError } from './records.js';

/** The source failed (I/O, gzip): not a problem of the bytes read so far. */
export class SourceFailure extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
  }
}

export class Replay {
  private readonly it: AsyncIterator<Uint8Array>;
  /** Held chunks, contiguous, the first starting at `start`. */
  private chunks: Uint8Array[] = [];
  private start = 0;
  /** Bytes pulled from the source so far. */
  private pulled = 0;
  private keep = 0;
  private ended = false;
  /** While set, asking for more once `limit` bytes past `from` are pulled throws (a header that never ends). */
  guard: { from: number; limit: number; message: string } | null = null;

  constructor(source: ByteSource) {
    this.it = source[Symbol.asyncIterator]();
  }

  get end(): number {
    return this.pulled;
  }

  get done(): boolean {
    return this.ended;
  }

  /** Bytes before `pos` are no longer needed. */
  keepFrom(pos: number): void {
    this.keep = Math.max(this.keep, pos);
    while (this.chunks.length > 0 && this.start + (this.chunks[0] as Uint8Array).length <= this.keep) {
      this.start += (this.chunks.shift() as Uint8Array).length;
    }
    if (this.chunks.length === 0) this.start = Math.max(this.start, Math.min(this.keep, this.pulled));
  }

  /** Pulls one chunk from the source; false at its end. */
  private async pull(): Promise<Uint8Array | null> {
    if (this.ended) return null;
    if (this.guard && this.pulled - this.guard.from > this.guard.limit) throw new SourceError(this.guard.message);
    let r: IteratorResult<Uint8Array>;
    try {
      r = await this.it.next();
    } catch (e) {
      this.ended = true;
      throw new SourceFailure(e);
    }
    if (r.done) {
      this.ended = true;
      return null;
    }
    const c = r.value;
    const at = this.pulled;
    this.pulled += c.length;
    if (this.pulled > this.keep) {
      if (this.chunks.length === 0) this.start = Math.max(at, this.keep);
      this.chunks.push(at >= this.keep ? c : c.subarray(this.keep - at));
    } else {
      this.start = this.pulled;
    }
    return c;
  }

  /** Makes sure bytes up to `pos` are pulled (or the source ended); false if it ended before. */
  async ensure(pos: number): Promise<boolean> {
    while (this.pulled < pos) if ((await this.pull()) === null) return false;
    return true;
  }

  /** The held bytes from `pos` to the end of the chunk holding it. */
  private held(pos: number): Uint8Array {
    let off = this.start;
    if (pos >= off) {
      for (const c of this.chunks) {
        if (pos < off + c.length) return c.subarray(pos - off);
        off += c.length;
      }
    }
    throw new RangeError(`byte ${pos} is no longer held`);
  }

  /** The byte at `pos` (which must be held or not yet pulled), or -1 past the end. */
  async byteAt(pos: number): Promise<number> {
    if (!(await this.ensure(pos + 1))) return -1;
    return this.held(pos)[0] as number;
  }

  /** The stream from `pos` on: held bytes first, then the source (bytes before `pos` are skipped). */
  async *from(pos: number): AsyncGenerator<Uint8Array> {
    let p = pos;
    for (;;) {
      if (p < this.pulled) {
        const piece = this.held(p);
        p += piece.length;
        yield piece;
        continue;
      }
      const at = this.pulled;
      const c = await this.pull();
      if (c === null) return;
      if (p > at) {
        if (p < this.pulled) {
          const piece = c.subarray(p - at);
          p = this.pulled;
          yield piece;
        }
        continue;
      }
      p = this.pulled;
      yield c;
    }
  }

  /**
   * The first position after `pos` that starts a line beginning with `prefix` (an ASCII string),
   * or -1 at the end of the stream. Bytes scanned past are let go.
   */
  async findLineStart(pos: number, prefix: string): Promise<number> {
    const want = Buffer.from(`\n${prefix}`, 'latin1');
    let tail = Buffer.alloc(0);
    let tailAt = pos;
    for await (const c of this.from(pos)) {
      const window = Buffer.concat([tail, c]);
      const i = window.indexOf(want);
      if (i >= 0) return tailAt + i + 1;
      const keepLen = Math.min(window.length, want.length - 1);
      tail = window.subarray(window.length - keepLen);
      tailAt += window.length - keepLen;
      this.keepFrom(tailAt);
    }
    return -1;
  }
}
