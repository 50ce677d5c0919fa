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
  /** The buffer and byte offset of the last `take` (fields, not a returned pair: no object per call). */
  private buf: ArrayBufferLike = this.chunk;
  private at = 0;

  private take(bytes: number): void {
    const aligned = (this.used + 7) & ~7;
    if (aligned + bytes > this.chunk.byteLength) {
      if (bytes > CHUNK_BYTES / 4) {
        this.buf = new SharedArrayBuffer(bytes);
        this.at = 0;
        return;
      }
      this.chunk = new SharedArrayBuffer(CHUNK_BYTES);
      this.used = bytes;
      this.buf = this.chunk;
      this.at = 0;
      return;
    }
    this.used = aligned + bytes;
    this.buf = this.chunk;
    this.at = aligned;
  }

  /** A zero-filled Uint8Array of length n. */
  u8(n: number): Uint8Array {
    this.take(n);
    return new Uint8Array(this.buf, this.at, n);
  }

  /** A zero-filled Uint32Array of length n. */
  u32(n: number): Uint32Array {
    this.take(n * 4);
    return new Uint32Array(this.buf, this.at, n);
  }
}
