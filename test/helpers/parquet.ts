/**
 * A minimal Parquet writer for test fixtures (no writer package is installed): flat schemas of
 * optional UTF-8 string and INT64 columns, PLAIN encoding, uncompressed V1 data pages, one or more
 * row groups. The footer is Thrift compact protocol, written field by field. hyparquet reads what
 * this writes; the tests check that it does.
 */

export type Cell = string | bigint | null | undefined;

export interface ParquetColumn {
  name: string;
  type: 'string' | 'int64';
}

/** Thrift compact protocol: just the parts a Parquet footer needs. */
class Compact {
  private readonly out: number[] = [];
  private last: number[] = [0];

  bytes(): Uint8Array {
    return Uint8Array.from(this.out);
  }

  private varint(n: bigint): void {
    let v = n;
    do {
      let b = Number(v & 0x7fn);
      v >>= 7n;
      if (v !== 0n) b |= 0x80;
      this.out.push(b);
    } while (v !== 0n);
  }

  private zigzag(n: bigint): void {
    this.varint(n >= 0n ? n << 1n : ((-n) << 1n) - 1n);
  }

  private header(id: number, type: number): void {
    const delta = id - (this.last[this.last.length - 1] as number);
    if (delta > 0 && delta <= 15) this.out.push((delta << 4) | type);
    else {
      this.out.push(type);
      this.zigzag(BigInt(id));
    }
    this.last[this.last.length - 1] = id;
  }

  i32(id: number, v: number): this {
    this.header(id, 5);
    this.zigzag(BigInt(v));
    return this;
  }

  i64(id: number, v: number | bigint): this {
    this.header(id, 6);
    this.zigzag(BigInt(v));
    return this;
  }

  binary(id: number, v: string): this {
    this.header(id, 8);
    const b = Buffer.from(v);
    this.varint(BigInt(b.length));
    this.out.push(...b);
    return this;
  }

  struct(id: number, body: (c: this) => void): this {
    this.header(id, 12);
    this.last.push(0);
    body(this);
    this.stop();
    return this;
  }

  /** A list of i32 (type 5), binary (8) or struct (12) elements. */
  list<T>(id: number, elemType: 5 | 8 | 12, items: readonly T[], each: (c: this, item: T) => void): this {
    this.header(id, 9);
    if (items.length < 15) this.out.push((items.length << 4) | elemType);
    else {
      this.out.push(0xf0 | elemType);
      this.varint(BigInt(items.length));
    }
    for (const item of items) {
      if (elemType === 12) {
        this.last.push(0);
        each(this, item);
        this.stop();
      } else {
        each(this, item);
      }
    }
    return this;
  }

  rawI32(v: number): void {
    this.zigzag(BigInt(v));
  }

  rawBinary(v: string): void {
    const b = Buffer.from(v);
    this.varint(BigInt(b.length));
    this.out.push(...b);
  }

  stop(): this {
    this.out.push(0);
    this.last.pop();
    return this;
  }
}

const BYTE_ARRAY = 6;
const INT64 = 2;

/** One column chunk of one row group: a single data page. */
function columnPage(col: ParquetColumn, values: readonly Cell[]): { page: Buffer; nonNull: number } {
  // Definition levels (max level 1): an RLE run per stretch of equal levels, 4-byte length first.
  const runs: number[] = [];
  let i = 0;
  while (i < values.length) {
    const level = values[i] === null || values[i] === undefined ? 0 : 1;
    let j = i;
    while (j < values.length && (values[j] === null || values[j] === undefined ? 0 : 1) === level) j++;
    const n = j - i;
    const header: number[] = [];
    let h = n << 1;
    do {
      let b = h & 0x7f;
      h >>>= 7;
      if (h !== 0) b |= 0x80;
      header.push(b);
    } while (h !== 0);
    runs.push(...header, level);
    i = j;
  }
  const levels = Buffer.alloc(4 + runs.length);
  levels.writeUInt32LE(runs.length, 0);
  Buffer.from(runs).copy(levels, 4);
  const parts: Buffer[] = [levels];
  let nonNull = 0;
  for (const v of values) {
    if (v === null || v === undefined) continue;
    nonNull++;
    if (col.type === 'int64') {
      const b = Buffer.alloc(8);
      b.writeBigInt64LE(BigInt(v));
      parts.push(b);
    } else {
      const s = Buffer.from(String(v));
      const len = Buffer.alloc(4);
      len.writeUInt32LE(s.length);
      parts.push(len, s);
    }
  }
  return { page: Buffer.concat(parts), nonNull };
}

/** A Parquet file holding `rows` (objects keyed by column name), `rowsPerGroup` rows a row group. */
export function writeParquet(columns: readonly ParquetColumn[], rows: readonly Record<string, Cell>[], rowsPerGroup = rows.length || 1): Buffer {
  const out: Buffer[] = [Buffer.from('PAR1')];
  let offset = 4;
  const groups: { columns: { offset: number; size: number; values: number }[]; bytes: number; rows: number }[] = [];
  for (let start = 0; start < rows.length || (start === 0 && rows.length === 0); start += rowsPerGroup) {
    const slice = rows.slice(start, start + rowsPerGroup);
    const chunks: { offset: number; size: number; values: number }[] = [];
    let groupBytes = 0;
    for (const col of columns) {
      const { page } = columnPage(
        col,
        slice.map((r) => r[col.name]),
      );
      const header = new Compact()
        .i32(1, 0) // DATA_PAGE
        .i32(2, page.length)
        .i32(3, page.length)
        .struct(5, (c) => c.i32(1, slice.length).i32(2, 0).i32(3, 3).i32(4, 3))
        .stop()
        .bytes();
      const chunk = Buffer.concat([Buffer.from(header), page]);
      chunks.push({ offset, size: chunk.length, values: slice.length });
      out.push(chunk);
      offset += chunk.length;
      groupBytes += chunk.length;
    }
    groups.push({ columns: chunks, bytes: groupBytes, rows: slice.length });
    if (rows.length === 0) break;
  }
  const footer = new Compact()
    .i32(1, 1)
    .list(2, 12, [null, ...columns], (c, col) => {
      if (col === null) {
        c.binary(4, 'schema').i32(5, columns.length);
        return;
      }
      c.i32(1, col.type === 'int64' ? INT64 : BYTE_ARRAY).i32(3, 1).binary(4, col.name);
      if (col.type === 'string') c.i32(6, 0); // UTF8
    })
    .i64(3, rows.length)
    .list(4, 12, groups, (c, g) => {
      c.list(1, 12, g.columns, (cc, chunk) => {
        const col = columns[g.columns.indexOf(chunk)] as ParquetColumn;
        cc.i64(2, chunk.offset).struct(3, (m) =>
          m
            .i32(1, col.type === 'int64' ? INT64 : BYTE_ARRAY)
            .list(2, 5, [0, 3], (x, e) => x.rawI32(e))
            .list(3, 8, [col.name], (x, e) => x.rawBinary(e))
            .i32(4, 0) // UNCOMPRESSED
            .i64(5, chunk.values)
            .i64(6, chunk.size)
            .i64(7, chunk.size)
            .i64(9, chunk.offset),
        );
      })
        .i64(2, g.bytes)
        .i64(3, g.rows);
    })
    .stop()
    .bytes();
  const len = Buffer.alloc(4);
  len.writeUInt32LE(footer.length);
  out.push(Buffer.from(footer), len, Buffer.from('PAR1'));
  return Buffer.concat(out);
}
