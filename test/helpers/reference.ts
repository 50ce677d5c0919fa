/**
 * Per-document analysis as it was written before it was optimised (tokenize, alias merging, shingles,
 * winnowing, immutable-word fingerprints, MinHash, lines, dates), and reading JSON Lines line by line:
 * straightforward, allocating, slow.
 * The property tests hold the fast versions to these, output for output.
 */
import type { ByteSource } from '../../src/ingest/bytes.js';
import { decodeUtf8 } from '../../src/ingest/charset.js';
import type { ReadContext } from '../../src/ingest/context.js';
import { recordToArticle } from '../../src/ingest/fields.js';
import type { Line } from '../../src/ingest/lines.js';
import { articleRecord, ioReason, reject, tooLarge, warn } from '../../src/ingest/records.js';
import type { Article, IndexedDoc, InputRecord } from '../../src/model/types.js';
import { entryOf, STOPWORD, type Lexicon } from '../../src/lexicon/lexicon.js';
import type { AliasTable } from '../../src/lexicon/aliases.js';
import { IMMUTABLE_SHINGLE, IMMUTABLE_WINDOW, type Derived } from '../../src/options.js';
import type { Fingerprints } from '../../src/sketch/winnow.js';
import { FNV_OFFSET, FNV_PRIME, fmix32, hashRun, hashString } from '../../src/text/hash.js';
import type { Lines } from '../../src/text/lines.js';
import { isApostrophe, normalizeToken } from '../../src/text/normalize.js';
import type { Tokens } from '../../src/text/tokenize.js';

// --- tokenize -------------------------------------------------------------------------------------

const OTHER = 1;
const WORD = 2;
const SINGLE = 3;
const MARK = 4;
const WORD_RE = /[\p{L}\p{N}]/u;
const MARK_RE = /\p{M}/u;

function isSingle(c: number): boolean {
  return (c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff);
}

function classAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c >= 0xdc00 && c <= 0xdfff) return OTHER;
  if (c < 0xd800 || c > 0xdbff) {
    if (isSingle(c)) return SINGLE;
    const ch = String.fromCharCode(c);
    return WORD_RE.test(ch) ? WORD : MARK_RE.test(ch) ? MARK : OTHER;
  }
  const d = text.charCodeAt(i + 1);
  if (d >= 0xdc00 && d <= 0xdfff) {
    const cp = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
    if (cp >= 0x20000 && cp <= 0x3ffff) return SINGLE;
    const ch = String.fromCodePoint(cp);
    return WORD_RE.test(ch) ? WORD : MARK_RE.test(ch) ? MARK : OTHER;
  }
  return OTHER;
}

function widthAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 0xd800 || c > 0xdbff) return 1;
  const d = text.charCodeAt(i + 1);
  return d >= 0xdc00 && d <= 0xdfff ? 2 : 1;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

function hashToken(text: string, s: number, e: number): number {
  let h = FNV_OFFSET;
  for (let j = s; j < e; j++) {
    const c = text.charCodeAt(j);
    const f = c < 128 ? (c >= 65 && c <= 90 ? c | 0x20 : c) : isApostrophe(c) ? 0x27 : -1;
    if (f < 0) return hashString(normalizeToken(text.slice(s, e)));
    h = Math.imul(h ^ f, FNV_PRIME);
  }
  return fmix32(h);
}

export function refTokenize(text: string): Tokens {
  const n = text.length;
  const start: number[] = [];
  const end: number[] = [];
  const id: number[] = [];
  let i = 0;
  while (i < n) {
    const k = classAt(text, i);
    if (k === OTHER || k === MARK) {
      i += widthAt(text, i);
      continue;
    }
    const s = i;
    if (k === SINGLE) i += widthAt(text, i);
    else {
      let prevDigit = false;
      while (i < n) {
        const d = text.charCodeAt(i);
        const kd = classAt(text, i);
        if (kd === WORD || kd === MARK) {
          prevDigit = isDigit(d);
          i += widthAt(text, i);
          continue;
        }
        if (i + 1 < n && classAt(text, i + 1) === WORD) {
          const nx = text.charCodeAt(i + 1);
          if (isApostrophe(d) && !prevDigit && !isDigit(nx)) {
            i++;
            continue;
          }
          if (d === 0x2e || (d === 0x2c && prevDigit && isDigit(nx))) {
            i++;
            continue;
          }
        }
        break;
      }
    }
    start.push(s);
    end.push(i);
    id.push(hashToken(text, s, i));
  }
  return { count: start.length, start: Uint32Array.from(start), end: Uint32Array.from(end), id: Uint32Array.from(id) };
}

// --- aliases --------------------------------------------------------------------------------------

const PHRASE_SEED = 0x9e3779b9;

export function refCanonicalTokens(text: string, tokens: Tokens, table: AliasTable): Tokens {
  if (table.size === 0) return tokens;
  const n = tokens.count;
  const out = { start: [] as number[], end: [] as number[], id: [] as number[], raw: [] as number[] };
  let merged = false;
  for (let i = 0; i < n; ) {
    const id = tokens.id[i] as number;
    let len = 0;
    let canonical = 0;
    for (const v of table.byFirst.get(id) ?? []) {
      const l = v.ids.length;
      let ok = i + l <= n;
      for (let k = 0; ok && k < l; k++) {
        if (tokens.id[i + k] !== v.ids[k]) ok = false;
        else if (v.exact && text.slice(tokens.start[i + k], tokens.end[i + k]) !== v.exact[k]) ok = false;
      }
      for (let k = 1; ok && k < l; k++) if (!/^[\s-]+$/.test(text.slice(tokens.end[i + k - 1], tokens.start[i + k]))) ok = false;
      if (ok) {
        len = l;
        canonical = v.canonical;
        break;
      }
    }
    if (len === 0 || (len === 1 && canonical === id)) {
      out.start.push(tokens.start[i] as number);
      out.end.push(tokens.end[i] as number);
      out.id.push(id);
      out.raw.push(tokens.raw ? (tokens.raw[i] as number) : id);
      i++;
      continue;
    }
    merged = true;
    out.start.push(tokens.start[i] as number);
    out.end.push(tokens.end[i + len - 1] as number);
    out.id.push(canonical);
    out.raw.push(len === 1 ? id : hashRun(tokens.id, i, i + len, PHRASE_SEED));
    i += len;
  }
  if (!merged) return tokens;
  const u = (a: number[]): Uint32Array => Uint32Array.from(a);
  return { count: out.id.length, start: u(out.start), end: u(out.end), id: u(out.id), raw: u(out.raw) };
}

// --- sketches -------------------------------------------------------------------------------------

export function refShingles(ids: ArrayLike<number>, count: number, k: number, seed = 0): Uint32Array {
  const out: number[] = [];
  for (let i = 0; i + k <= count; i++) out.push(hashRun(ids, i, i + k, seed));
  return Uint32Array.from(out);
}

/** Robust winnowing with a monotone deque. */
export function refWinnow(hashes: Uint32Array, w: number): Fingerprints {
  const n = hashes.length;
  if (n === 0) return { hash: new Uint32Array(0), pos: new Uint32Array(0) };
  if (n <= w) {
    let best = 0;
    for (let i = 1; i < n; i++) if ((hashes[i] as number) <= (hashes[best] as number)) best = i;
    return { hash: Uint32Array.of(hashes[best] as number), pos: Uint32Array.of(best) };
  }
  const hash: number[] = [];
  const pos: number[] = [];
  const dq: number[] = [];
  let last = -1;
  for (let i = 0; i < n; i++) {
    const v = hashes[i] as number;
    while (dq.length > 0 && (hashes[dq[dq.length - 1] as number] as number) >= v) dq.pop();
    dq.push(i);
    if ((dq[0] as number) <= i - w) dq.shift();
    if (i >= w - 1) {
      let m = dq[0] as number;
      if (last > i - w && hashes[last] === hashes[m]) m = last;
      if (m !== last) {
        hash.push(hashes[m] as number);
        pos.push(m);
        last = m;
      }
    }
  }
  return { hash: Uint32Array.from(hash), pos: Uint32Array.from(pos) };
}

export function refImmutableFingerprints(tokens: Tokens, lex: Lexicon, k: number, w: number): Fingerprints {
  const ids: number[] = [];
  const at: number[] = [];
  const before = [0];
  for (let i = 0; i < tokens.count; i++) {
    const e = entryOf(lex, tokens.id[i] as number);
    if (e >= 0) continue;
    ids.push(tokens.id[i] as number);
    at.push(i);
    before.push((before[before.length - 1] as number) + (e === STOPWORD ? 0 : 1));
  }
  const sh: number[] = [];
  for (let s = 0; s + k <= ids.length; s++) {
    let h = 0;
    for (let j = s; j < s + k; j++) h = (Math.imul(h, 0x01000193) + (ids[j] as number)) | 0;
    sh.push(fmix32(h ^ 0x5bd1e995));
  }
  const fp = refWinnow(Uint32Array.from(sh), w);
  const hash: number[] = [];
  const pos: number[] = [];
  fp.pos.forEach((s, i) => {
    if (before[s + k] === before[s]) return;
    hash.push(((fp.hash[i] as number) | 1) >>> 0);
    pos.push(at[s] as number);
  });
  return { hash: Uint32Array.from(hash), pos: Uint32Array.from(pos) };
}

export function refMinhash(shingleHashes: ArrayLike<number>, numPerm: number): Uint32Array {
  const sig = new Uint32Array(numPerm).fill(0xffffffff);
  const filled = new Uint8Array(numPerm);
  for (let i = 0; i < shingleHashes.length; i++) {
    const s = shingleHashes[i] as number;
    const bin = Math.floor((fmix32(s ^ 0x3c6ef372) * numPerm) / 4294967296);
    const v = fmix32(s ^ 0x5bd1e995) >>> 1;
    if (v < (sig[bin] as number)) sig[bin] = v;
    filled[bin] = 1;
  }
  if (shingleHashes.length === 0) return sig;
  for (let i = 0; i < numPerm; i++) {
    if (filled[i]) continue;
    for (let attempt = 1; ; attempt++) {
      const j = Math.floor((fmix32(Math.imul(i + 1, 0x9e3779b1) ^ Math.imul(attempt, 0x85ebca77)) * numPerm) / 4294967296);
      if (filled[j]) {
        sig[i] = sig[j] as number;
        break;
      }
    }
  }
  return sig;
}

export function refSplitLines(text: string, tokens: Tokens): Lines {
  const hash: number[] = [];
  const tokenStart: number[] = [];
  const tokenEnd: number[] = [];
  let t = 0;
  while (t < tokens.count) {
    const nl = text.indexOf('\n', tokens.start[t]);
    const lineEnd = nl < 0 ? text.length : nl;
    const first = t;
    while (t < tokens.count && (tokens.start[t] as number) < lineEnd) t++;
    hash.push(hashRun(tokens.id, first, t));
    tokenStart.push(first);
    tokenEnd.push(t);
  }
  const u = (a: number[]): Uint32Array => Uint32Array.from(a);
  return { count: hash.length, hash: u(hash), tokenStart: u(tokenStart), tokenEnd: u(tokenEnd) };
}

// --- dates and the whole analysis -----------------------------------------------------------------

const ISO_8601 = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?)?$/;

export function refParseTime(s: string | undefined): number | null {
  if (s === undefined || s === '') return null;
  const m = ISO_8601.exec(s);
  if (!m) return null;
  const t = Date.parse(m[2] !== undefined && m[3] === undefined ? `${s.replace(' ', 'T')}Z` : s.replace(' ', 'T'));
  if (Number.isNaN(t)) return null;
  const [y, mo, d] = (m[1] as string).split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, mo - 1, d));
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d) return null;
  return t;
}

export function refAnalyze(article: Article, seq: number, opts: Derived): { doc: IndexedDoc; tokens: Tokens } {
  const tokens = refCanonicalTokens(article.text, refTokenize(article.text), opts.lexicon.aliases);
  const sh = refShingles(tokens.id, tokens.count, opts.shingle);
  const plain = refWinnow(sh, opts.window);
  const imm = refImmutableFingerprints(tokens, opts.lexicon, IMMUTABLE_SHINGLE, IMMUTABLE_WINDOW);
  const lines = refSplitLines(article.text, tokens);
  const doc: IndexedDoc = {
    seq,
    article,
    time: refParseTime(article.published_at),
    fingerprints: Uint32Array.from([...plain.hash].map((h) => (h & ~1) >>> 0).concat([...imm.hash])),
    fingerprintPos: Uint32Array.from([...plain.pos, ...imm.pos]),
    signature: refMinhash(sh, opts.numPerm),
    lines: lines.hash,
    lineTokenStart: lines.tokenStart,
    lineTokenEnd: lines.tokenEnd,
    tokenCount: tokens.count,
  };
  return { doc, tokens };
}

// --- JSON Lines -----------------------------------------------------------------------------------

/** Lines one by one, each its own Buffer, numbered as they come (ingest/lines.ts before runs). */
export async function* refLinesOfBytes(source: ByteSource, maxBytes: number): AsyncGenerator<Line[]> {
  let parts: Uint8Array[] = [];
  let size = 0;
  let over = false;
  let no = 0;
  const take = (): Line => {
    no++;
    const only = parts.length === 1 ? (parts[0] as Uint8Array) : null;
    const bytes = only ? Buffer.from(only.buffer, only.byteOffset, only.byteLength) : Buffer.concat(parts, size);
    const line: Line = over ? { no, tooLong: size } : { no, bytes };
    parts = [];
    size = 0;
    over = false;
    return line;
  };
  const add = (piece: Uint8Array): void => {
    size += piece.length;
    if (over) return;
    if (size > maxBytes) {
      over = true;
      parts = [];
    } else if (piece.length > 0) {
      parts.push(piece);
    }
  };
  for await (const chunk of source) {
    const batch: Line[] = [];
    let from = 0;
    for (let nl = chunk.indexOf(10, from); nl >= 0; nl = chunk.indexOf(10, from)) {
      add(chunk.subarray(from, nl));
      batch.push(take());
      from = nl + 1;
    }
    if (from < chunk.length) add(Buffer.from(chunk.subarray(from)));
    if (batch.length > 0) yield batch;
  }
  if (size > 0 || over) yield [take()];
}

/** JSON Lines read line by line: each line decoded, trimmed and parsed on its own (ingest/jsonl.ts before runs). */
export async function* refReadJsonl(source: ByteSource, ctx: ReadContext): AsyncGenerator<InputRecord> {
  let last = 0;
  let any = false;
  try {
    for await (const batch of refLinesOfBytes(source, ctx.maxDocBytes)) {
      for (const line of batch) {
        last = line.no;
        if ('tooLong' in line) {
          any = true;
          yield reject(ctx.input, line.no, tooLarge(line.tooLong, ctx.maxDocBytes, true));
          continue;
        }
        const src = decodeUtf8(line.bytes);
        let recs: InputRecord[];
        if (typeof src !== 'string') recs = [reject(ctx.input, line.no, src.error)];
        else if (src.trim() === '') recs = [];
        else {
          let value: unknown;
          try {
            value = JSON.parse(src);
          } catch (e) {
            value = e;
          }
          if (value instanceof SyntaxError) recs = [reject(ctx.input, line.no, `malformed JSON: ${value.message}`)];
          else {
            const r = await recordToArticle(value, ctx.fields);
            if (typeof r === 'string') recs = [reject(ctx.input, line.no, r)];
            else recs = [...r.warnings.map((w) => warn(ctx.input, line.no, w)), articleRecord(r.article, ctx.input, line.no)];
          }
        }
        if (recs.length > 0) any = true;
        for (const r of recs) yield r;
      }
    }
  } catch (e) {
    yield reject(ctx.input, last + 1, ioReason(e));
    return;
  }
  if (!any) yield reject(ctx.input, undefined, 'empty file (no records)');
}

// --- LSH parameters -------------------------------------------------------------------------------

function refIntegrate(f: (s: number) => number, a: number, b: number): number {
  const n = 64;
  const h = (b - a) / n;
  let sum = f(a) + f(b);
  for (let i = 1; i < n; i++) sum += f(a + i * h) * (i % 2 ? 4 : 2);
  return (sum * h) / 3;
}

/** Bands and rows by Simpson's rule written plainly, a closure per integral (sketch/lsh.ts before). */
export function refLshParams(threshold: number, numPerm: number, fpWeight = 0.5, fnWeight = 0.5): { bands: number; rows: number } {
  let best = { bands: 1, rows: 1 };
  let bestErr = Infinity;
  for (let b = 1; b <= numPerm; b++) {
    for (let r = 1; r <= Math.floor(numPerm / b); r++) {
      const fp = refIntegrate((s) => 1 - (1 - s ** r) ** b, 0, threshold);
      const fn = refIntegrate((s) => (1 - s ** r) ** b, threshold, 1);
      const err = fp * fpWeight + fn * fnWeight;
      if (err < bestErr) {
        bestErr = err;
        best = { bands: b, rows: r };
      }
    }
  }
  return best;
}
