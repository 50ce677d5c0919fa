/**
 * Typed arrays carved out of large shared buffers. Alignment keeps a few small tables per document
 * (grams, immutable fingerprints, senses) for as long as it runs; allocating each its own buffer costs
 * about a microsecond and one more buffer for the garbage collector to track (measured, Node 20), a
 * view into a shared one about half that. The buffers live as long as any of their views.
 */
export class Slab {
  private buffer = new ArrayBuffer(0);
  /** Next free 32-bit slot of `buffer`. */
  private at = 0;

  /** A zeroed Uint32Array of length n, never handed out before. */
  u32(n: number): Uint32Array {
    const at = this.take(n);
    return new Uint32Array(this.buffer, 4 * at, n);
  }

  /** A zeroed Int32Array of length n, never handed out before. */
  i32(n: number): Int32Array {
    const at = this.take(n);
    return new Int32Array(this.buffer, 4 * at, n);
  }

  /** Room for n slots (in a new buffer if this one is full); returns the first. */
  private take(n: number): number {
    if (this.at + n > this.buffer.byteLength / 4) {
      this.buffer = new ArrayBuffer(4 * Math.max(CHUNK, n));
      this.at = 0;
    }
    const at = this.at;
    this.at += n;
    return at;
  }
}

/** 32-bit slots per buffer: 1 MB. */
const CHUNK = 1 << 18;
