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

  private take(bytes: number): [ArrayBufferLike, number] {
    const aligned = (this.used + 7) & ~7;
    if (aligned + bytes > this.chunk.byteLength) {
      if (bytes > CHUNK_BYTES / 4) return [new SharedArrayBuffer(bytes), 0];
      this.chunk = new SharedArrayBuffer(CHUNK_BYTES);
      this.used = bytes;
      return [this.chunk, 0];
    }
    this.used = aligned + bytes;
    return [this.chunk, aligned];
  }

  /** A zero-filled Uint8Array of length n. */
  u8(n: number): Uint8Array {
    const [buf, at] = this.take(n);
    return new Uint8Array(buf, at, n);
  }

  /** A zero-filled Uint32Array of length n. */
  u32(n: number): Uint32Array {
    const [buf, at] = this.take(n * 4);
    return new Uint32Array(buf, at, n);
  }
}
