/**
 * Writes report.json and index.html in pieces. A million-document report is larger than the longest
 * string V8 can make (2^29 characters), so neither `JSON.stringify(report)` nor `renderHtml(report)`
 * can be called whole; the bytes written are exactly theirs all the same (test/golden.test.ts): the
 * top-level arrays are serialised one element at a time and everything else as those calls would.
 * A report that fits in strings is written by writeWhole, each file still as a few pieces.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
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
 * for Reuters). Synchronously, string by string: an asynchronous write first copies each string into
 * a Buffer on this thread all the same, and ~25 MB of Buffers bring on garbage collections of their
 * own; a synchronous write encodes the string straight into the file (~45 ms less CPU on Reuters).
 */
export function writeWhole(report: Report, json: string, html: string): void {
  writeStrings(json, [JSON.stringify(report, null, 2), '\n']);
  const [before, after] = pageAround(report);
  writeStrings(html, [before, serializeForScript(report), after]);
}

/** Writes the strings to a file, one write each. */
function writeStrings(file: string, strings: readonly string[]): void {
  const fd = openSync(file, 'w');
  try {
    for (const s of strings) writeSync(fd, s);
  } finally {
    closeSync(fd);
  }
}

/** Writes the pieces to a file, a few megabytes at a time. */
export function writeChunks(file: string, chunks: Iterable<string>): void {
  const fd = openSync(file, 'w');
  try {
    let buf: string[] = [];
    let size = 0;
    for (const c of chunks) {
      buf.push(c);
      size += c.length;
      if (size >= 1 << 22) {
        writeSync(fd, buf.join(''));
        buf = [];
        size = 0;
      }
    }
    if (size > 0) writeSync(fd, buf.join(''));
  } finally {
    closeSync(fd);
  }
}
