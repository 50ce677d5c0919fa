/**
 * Small typed arrays carved out of large chunks (SharedArrayBuffers, so that handing an array to a
 * worker thread does not copy its whole chunk along with it). Allocating a million small arrays one by one
 * costs a million ArrayBuffers, each an external allocation V8 must account for; past a few hundred
 * thousand of them, that accounting drives full garbage collections of the whole heap, again and
 * again, and a linear pass over a large corpus turns superlinear. Views into 1 MB chunks avoid it.
 * A chunk lives as long as any view into it; views are independent arrays otherwise (never resized).
 */
const CHUNK_BYTES = 1 << 20;

export class Arena {
  private chunk: ArrayBufferLike = new ArrayBuffer(0);
  private chunkWords: Uint32Array = new Uint32Array(0);
  private used = 0;
  /**
   * The 32-bit words of the last `reserve32`'s buffer: the current chunk, or one of the reservation's
   * own when it was large. `subarray` of it is the cheapest view there is (measured, Node 20: cheaper
   * than the typed-array constructor over the buffer, a seventh of a fresh array).
   */
  words: Uint32Array = this.chunkWords;

  /** Room for `bytes` zero bytes in the current chunk (a new one when it is full): their byte offset, 8-aligned. */
  private take(bytes: number): number {
    const aligned = (this.used + 7) & ~7;
    if (aligned + bytes <= this.chunk.byteLength) {
      this.used = aligned + bytes;
      return aligned;
    }
    this.chunk = new SharedArrayBuffer(CHUNK_BYTES);
    this.chunkWords = new Uint32Array(this.chunk);
    this.used = bytes;
    return 0;
  }

  /**
   * Room for `n` zero words in `words` (which this may replace): the index of the first. For several
   * views carved at once, without one for the whole.
   */
  reserve32(n: number): number {
    if (4 * n > CHUNK_BYTES / 4) {
      this.words = new Uint32Array(new SharedArrayBuffer(4 * n));
      return 0;
    }
    const at = this.take(4 * n) >> 2;
    this.words = this.chunkWords;
    return at;
  }

  /** A zero-filled Uint8Array of length n. */
  u8(n: number): Uint8Array {
    if (n > CHUNK_BYTES / 4) return new Uint8Array(new SharedArrayBuffer(n));
    const at = this.take(n);
    return new Uint8Array(this.chunk, at, n);
  }

  /** A zero-filled Uint32Array of length n. */
  u32(n: number): Uint32Array {
    const at = this.reserve32(n);
    return this.words.subarray(at, at + n);
  }
}
