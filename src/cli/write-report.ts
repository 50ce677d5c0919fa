/**
 * Writes report.json and index.html in pieces. A million-document report is larger than the longest
 * string V8 can make (2^29 characters), so neither `JSON.stringify(report)` nor `renderHtml(report)`
 * can be called whole; the bytes written are exactly theirs all the same (test/golden.test.ts): the
 * top-level arrays are serialised one element at a time and everything else as those calls would.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import type { Report } from '../report/contract.js';
import { renderHtml, serializeForScript } from '../report/html.js';

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

/**
 * The pieces of `renderHtml(report)`. The page around the data comes from renderHtml itself, run on
 * the report with its arrays emptied; its embedded data is then swapped for the whole report's.
 */
export function* htmlChunks(report: Report): Generator<string> {
  const stub: Json = { ...report };
  for (const k of Object.keys(stub)) if (Array.isArray(stub[k])) stub[k] = [];
  const page = renderHtml(stub as unknown as Report);
  const data = serializeForScript(stub);
  const at = page.indexOf(`>${data}</script>`);
  if (at < 0 || page.indexOf(`>${data}</script>`, at + 1) >= 0) {
    // The page does not embed the report as expected: fall back to the whole string.
    yield renderHtml(report);
    return;
  }
  yield page.slice(0, at + 1);
  yield* scriptJsonChunks(report);
  yield page.slice(at + 1 + data.length);
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
