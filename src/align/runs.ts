/**
 * The candidate runs of greedy tiling (tile.ts): maximal matches, then the pieces of them that
 * compete again. They are kept in parallel typed arrays reused from call to call rather than as an
 * object each, as most pairs' runs are read once and dropped; a binary heap of their indexes orders
 * them longest first, then leftmost in A, then leftmost in B.
 */
export class Runs {
  /** Start in A, start in B and length of each run. */
  a = new Int32Array(256);
  b = new Int32Array(256);
  len = new Int32Array(256);
  count = 0;
  private heap = new Int32Array(256);
  private size = 0;

  clear(): void {
    this.count = 0;
    this.size = 0;
  }

  /** Adds a run; returns its index. */
  add(a: number, b: number, len: number): number {
    if (this.count === this.a.length) this.grow();
    const i = this.count++;
    this.a[i] = a;
    this.b[i] = b;
    this.len[i] = len;
    return i;
  }

  /** Makes the heap of every run added so far (Floyd's bottom-up build: linear). */
  heapify(): void {
    if (this.heap.length < this.count) this.heap = new Int32Array(2 * this.count);
    const heap = this.heap;
    this.size = this.count;
    for (let i = 0; i < this.size; i++) heap[i] = i;
    for (let i = (this.size >> 1) - 1; i >= 0; i--) this.down(i, heap[i] as number);
  }

  push(r: number): void {
    if (this.size === this.heap.length) {
      const bigger = new Int32Array(2 * this.heap.length);
      bigger.set(this.heap);
      this.heap = bigger;
    }
    const heap = this.heap;
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = heap[p] as number;
      if (!this.before(r, parent)) break;
      heap[i] = parent;
      i = p;
    }
    heap[i] = r;
  }

  /** The first run in heap order, taken off the heap; -1 when it is empty. */
  pop(): number {
    if (this.size === 0) return -1;
    const heap = this.heap;
    const top = heap[0] as number;
    const last = heap[--this.size] as number;
    if (this.size > 0) this.down(0, last);
    return top;
  }

  /** Puts run r at slot i, or below it where it belongs. */
  private down(i: number, r: number): void {
    const heap = this.heap;
    const n = this.size;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      let c = l;
      if (l + 1 < n && this.before(heap[l + 1] as number, heap[l] as number)) c = l + 1;
      if (!this.before(heap[c] as number, r)) break;
      heap[i] = heap[c] as number;
      i = c;
    }
    heap[i] = r;
  }

  /** Longest first, then leftmost in A, then leftmost in B. */
  private before(x: number, y: number): boolean {
    const lx = this.len[x] as number;
    const ly = this.len[y] as number;
    if (lx !== ly) return lx > ly;
    const ax = this.a[x] as number;
    const ay = this.a[y] as number;
    if (ax !== ay) return ax < ay;
    return (this.b[x] as number) < (this.b[y] as number);
  }

  private grow(): void {
    const n = 2 * this.a.length;
    const a = new Int32Array(n);
    const b = new Int32Array(n);
    const len = new Int32Array(n);
    a.set(this.a);
    b.set(this.b);
    len.set(this.len);
    this.a = a;
    this.b = b;
    this.len = len;
  }
}
