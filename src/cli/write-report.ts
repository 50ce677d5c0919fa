/**
 * Writes report.json and index.html in pieces. A million-document report is larger than the longest
 * string V8 can make (2^29 characters), so neither `JSON.stringify(report)` nor `renderHtml(report)`
 * can be called whole; the bytes written are exactly theirs all the same (test/golden.test.ts): the
 * top-level arrays are serialised one element at a time and everything else as those calls would.
 * A report that fits in strings is written by writeWhole, each file still as a few pieces.
 */
import { closeSync, openSync, write, writeSync } from 'node:fs';
import type { Report } from '../report/contract.js';
import { pageAround, serializeForScript } from '../report/html.js';

type Json = Record<string, unknown>;

/** Keys JSON.stringify writes: values that are not undefined, functions or symbols. */
function keysOf(o: Json): string[] {
  return Object.keys(o).filter((k) => {
    const v = o[k];
    return v !== undefined && typeof v !== 'function' && typeof v !== 'symbol';
  });
}

/** The pieces of `JSON.stringify(value, null, 2)` for an object whose array fields may be huge. */
export function* prettyJsonChunks(value: object): Generator<string> {
  const o = value as Json;
  const keys = keysOf(o);
  if (keys.length === 0) {
    yield '{}';
    return;
  }
  yield '{\n';
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as string;
    const v = o[k];
    yield `  ${JSON.stringify(k)}: `;
    if (Array.isArray(v) && v.length > 0) {
      yield '[\n';
      for (let j = 0; j < v.length; j++) {
        const el = (JSON.stringify(v[j], null, 2) as string | undefined) ?? 'null';
        yield `    ${el.replace(/\n/g, '\n    ')}${j < v.length - 1 ? ',\n' : '\n'}`;
      }
      yield '  ]';
    } else {
      yield (JSON.stringify(v, null, 2) as string).replace(/\n/g, '\n  ');
    }
    yield i < keys.length - 1 ? ',\n' : '\n';
  }
  yield '}';
}

/** The pieces of `serializeForScript(value)` (compact JSON, escaped for a script element). */
function* scriptJsonChunks(value: object): Generator<string> {
  const o = value as Json;
  const keys = keysOf(o);
  yield '{';
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as string;
    const v = o[k];
    yield `${serializeForScript(k)}:`;
    if (Array.isArray(v)) {
      yield '[';
      for (let j = 0; j < v.length; j++) yield (j > 0 ? ',' : '') + (v[j] === undefined ? 'null' : serializeForScript(v[j]));
      yield ']';
    } else {
      yield serializeForScript(v);
    }
    if (i < keys.length - 1) yield ',';
  }
  yield '}';
}

/** The pieces of `renderHtml(report)`: the page around the data, and the data in pieces. */
export function* htmlChunks(report: Report): Generator<string> {
  const [before, after] = pageAround(report);
  yield before;
  yield* scriptJsonChunks(report);
  yield after;
}

/**
 * Writes `JSON.stringify(report, null, 2)` and a newline to `json`, and `renderHtml(report)` to
 * `html`, each as the strings it is made of, not as one string of the whole file (a copy of ~10 MB
 * for Reuters). Each string is encoded straight into the write's own memory by fs.write and written
 * by libuv's thread pool: no Buffer of it is made on this thread (~25 MB of Buffers for Reuters, and
 * the collections they bring on), and the JSON is written while this thread renders the page.
 */
export async function writeWhole(report: Report, json: string, html: string): Promise<void> {
  const jsonWritten = writeStrings(json, [JSON.stringify(report, null, 2), '\n']);
  jsonWritten.catch(() => {}); // awaited below
  const [before, after] = pageAround(report);
  await Promise.all([jsonWritten, writeStrings(html, [before, serializeForScript(report), after])]);
}

/** Writes the strings to a file, each at its place (all encoded now, written in the thread pool). */
async function writeStrings(file: string, strings: readonly string[]): Promise<void> {
  const fd = openSync(file, 'w');
  try {
    let at = 0;
    const writes: Promise<void>[] = [];
    for (const s of strings) {
      for (const p of encodings(s)) {
        writes.push(writeAt(fd, p.text, at, p.bytes, p.encoding));
        at += p.bytes;
      }
    }
    // Every write finished before the file is closed, even after one failed.
    for (const r of await Promise.allSettled(writes)) if (r.status === 'rejected') throw r.reason;
  } finally {
    closeSync(fd);
  }
}

/** Longest piece split further to find its non-ASCII characters. */
const LEAF = 1 << 16;
/**
 * Most bytes a string's non-ASCII characters may add for it to be written in pieces: with more, spread
 * out, halving would scan it about as often as UTF-8 encoding it costs.
 */
const MAX_EXTRA = 16;

interface Piece {
  text: string;
  encoding: 'latin1' | 'utf8';
  bytes: number;
}

/**
 * `s` as pieces whose encodings give its UTF-8 bytes: ASCII stretches as latin1 (the same bytes),
 * the rest as UTF-8. fs.write encodes a string as UTF-8 on this thread at ~8 instructions a
 * character but copies latin1. A report is ASCII but for a few characters (Reuters': one each), found
 * by halving with Buffer.byteLength (~1.6 instructions a character, twice over): 2.09 → 2.05 G
 * instructions for writing Reuters' report (callgrind). A string with more is one UTF-8 piece.
 */
export function encodings(s: string): Piece[] {
  const bytes = Buffer.byteLength(s);
  if (bytes === s.length) return [{ text: s, encoding: 'latin1', bytes }];
  if (bytes - s.length > MAX_EXTRA || s.length <= LEAF) return [{ text: s, encoding: 'utf8', bytes }];
  const out: Piece[] = [];
  let latin1From = 0; // the ASCII stretch not yet in `out`: [latin1From, at)
  let at = 0;
  const split = (to: number, bytes: number): void => {
    if (bytes === to - at) {
      at = to; // ASCII: joins the stretch
    } else if (to - at <= LEAF) {
      if (at > latin1From) out.push({ text: s.slice(latin1From, at), encoding: 'latin1', bytes: at - latin1From });
      out.push({ text: s.slice(at, to), encoding: 'utf8', bytes });
      latin1From = at = to;
    } else {
      let mid = (at + to) >>> 1;
      if (isHighSurrogate(s.charCodeAt(mid - 1)) && isLowSurrogate(s.charCodeAt(mid))) mid++; // a pair stays whole
      const left = Buffer.byteLength(s.slice(at, mid));
      split(mid, left);
      split(to, bytes - left);
    }
  };
  split(s.length, bytes);
  if (at > latin1From) out.push({ text: s.slice(latin1From, at), encoding: 'latin1', bytes: at - latin1From });
  return out;
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

function writeAt(fd: number, s: string, at: number, bytes: number, encoding: BufferEncoding): Promise<void> {
  return new Promise((resolve, reject) =>
    write(fd, s, at, encoding, (err, written) => {
      if (err) reject(err);
      else if (written !== bytes) reject(new Error(`wrote ${written} of ${bytes} bytes`));
      else resolve();
    }),
  );
}

/**
 * Writes the pieces to a file, encoded into one 4 MB buffer that is written whenever it is full.
 * Joining the pieces into strings of a few megabytes instead (as this did) made each such string
 * in V8's large-object space and kept the pieces alive across scavenges, so old space filled with
 * garbage: at a million documents, +1.2 GB of heap before a full collection came (measured, peak RSS
 * 4.1 GB → see bench/RESULTS.md). Each piece here dies young, right after it is copied.
 */
export function writeChunks(file: string, chunks: Iterable<string>): void {
  const fd = openSync(file, 'w');
  try {
    const out = Buffer.allocUnsafe(WRITE_BUFFER);
    let used = 0;
    for (const c of chunks) {
      const bytes = Buffer.byteLength(c);
      // A piece that does not fit is written after the buffer.
      if (used + bytes > out.length) {
        if (used > 0) writeAll(fd, out, used);
        used = 0;
        if (bytes > out.length) {
          writeAll(fd, Buffer.from(c, 'utf8'));
          continue;
        }
      }
      // An ASCII piece (as many bytes as units) is copied as latin1, the same bytes: UTF-8 encoding runs
      // at ~1 GB/s.
      used += out.write(c, used, bytes === c.length ? 'latin1' : 'utf8');
    }
    if (used > 0) writeAll(fd, out, used);
  } finally {
    closeSync(fd);
  }
}

const WRITE_BUFFER = 1 << 22;

/** writeSync until all of `buf[0, length)` is written (it may write less than asked). */
function writeAll(fd: number, buf: Buffer, length = buf.length): void {
  let at = 0;
  while (at < length) at += writeSync(fd, buf, at, length - at);
}
