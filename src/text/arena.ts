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
  private used = 0;
  /** The buffer of the last reservation: the current chunk, or one of its own when it was large. */
  buffer: ArrayBufferLike = this.chunk;

  /**
   * Room for `bytes` zero bytes in `buffer` (which this may replace): their byte offset, 8-aligned.
   * For several views carved at once, without one for the whole and one per part.
   */
  reserve(bytes: number): number {
    const aligned = (this.used + 7) & ~7;
    if (aligned + bytes <= this.chunk.byteLength) {
      this.used = aligned + bytes;
      this.buffer = this.chunk;
      return aligned;
    }
    if (bytes > CHUNK_BYTES / 4) {
      this.buffer = new SharedArrayBuffer(bytes);
      return 0;
    }
    this.chunk = this.buffer = new SharedArrayBuffer(CHUNK_BYTES);
    this.used = bytes;
    return 0;
  }

  /** A zero-filled Uint8Array of length n. */
  u8(n: number): Uint8Array {
    const at = this.reserve(n);
    return new Uint8Array(this.buffer, at, n);
  }

  /** A zero-filled Uint32Array of length n. */
  u32(n: number): Uint32Array {
    const at = this.reserve(n * 4);
    return new Uint32Array(this.buffer, at, n);
  }
}
