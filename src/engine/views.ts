/**
 * Messages to worker threads with few typed-array views in them. The structured clone serialises
 * every typed array on its own — a SharedArrayBuffer view included, though its memory is only shared —
 * and a chunk of pairs names thousands of documents with a dozen arrays each: most of the cost of
 * sending it. Here the arrays of a list of objects are taken out and sent as one table of (buffer,
 * offset, length) rows over the few distinct buffers behind them, and put back on the other side.
 */

const TYPES = [Uint8Array, Uint32Array, Int32Array, Float64Array] as const;
type View = InstanceType<(typeof TYPES)[number]>;

export interface PackedViews {
  /** The objects with their typed-array fields removed. */
  objects: (Record<string, unknown> | null)[];
  /** Per removed field: object index, field name index, type, buffer index, byte offset, length. */
  table: Float64Array;
  names: string[];
  buffers: ArrayBufferLike[];
}

function typeOf(v: unknown): number {
  if (!ArrayBuffer.isView(v)) return -1;
  for (let t = 0; t < TYPES.length; t++) if (v instanceof TYPES[t]!) return t;
  return -1;
}

export function packViews(list: readonly (object | null | undefined)[]): PackedViews {
  const names: string[] = [];
  const nameIndex = new Map<string, number>();
  const buffers: ArrayBufferLike[] = [];
  const bufferIndex = new Map<ArrayBufferLike, number>();
  const rows: number[] = [];
  const objects = list.map((o, i) => {
    if (o === null || o === undefined) return null;
    const out: Record<string, unknown> = {};
    const r = o as Record<string, unknown>;
    for (const k in r) {
      const v = r[k];
      const t = typeOf(v);
      if (t < 0) {
        out[k] = v;
        continue;
      }
      const view = v as View;
      let n = nameIndex.get(k);
      if (n === undefined) nameIndex.set(k, (n = names.push(k) - 1));
      let b = bufferIndex.get(view.buffer);
      if (b === undefined) bufferIndex.set(view.buffer, (b = buffers.push(view.buffer) - 1));
      rows.push(i, n, t, b, view.byteOffset, view.length);
    }
    return out;
  });
  return { objects, table: Float64Array.from(rows), names, buffers };
}

export function unpackViews(p: PackedViews): (Record<string, unknown> | null)[] {
  const { objects, table, names, buffers } = p;
  for (let r = 0; r < table.length; r += 6) {
    const o = objects[table[r]!]!;
    const Type = TYPES[table[r + 2]!]!;
    o[names[table[r + 1]!]!] = new Type(buffers[table[r + 3]!]! as ArrayBuffer, table[r + 4]!, table[r + 5]!);
  }
  return objects;
}
