/**
 * Per-document features that do not depend on the rest of the corpus: tokens (aliases merged),
 * winnowed fingerprints of word shingles and of immutable-word shingles, the MinHash signature and
 * the line hashes. Computed once when a document is indexed.
 */
import type { Article, IndexedDoc } from '../model/types.js';
import { canonicalize } from '../lexicon/lexicon.js';
import { IMMUTABLE_SHINGLE, IMMUTABLE_WINDOW, type Derived } from '../options.js';
import { immutableFingerprintsInto } from '../sketch/immutables.js';
import { minhashInto } from '../sketch/minhash.js';
import { shinglesInto } from '../sketch/shingle.js';
import { winnowInto } from '../sketch/winnow.js';
import { scrambleAll } from '../text/hash.js';
import { linesInto } from '../text/lines.js';
import { Arena } from '../text/arena.js';
import { atLeast, copyInto } from '../text/scratch.js';
import type { Tokens } from '../text/tokenize.js';

export interface Analysis {
  doc: IndexedDoc;
  tokens: Tokens;
}

/** Scratch of one call, reused by the next (text/scratch.ts). */
let scrambledScratch: Uint32Array = new Uint32Array(0);
let shScratch: Uint32Array = new Uint32Array(0);
let plainHash: Uint32Array = new Uint32Array(0);
let plainPos: Uint32Array = new Uint32Array(0);
/** Where documents' features are carved from (kept apart from tokens, which are dropped sooner). */
const features = new Arena();

export function analyze(article: Article, seq: number, opts: Derived): Analysis {
  const text = article.text;
  const tokens = canonicalize(text, opts.lexicon);
  const n = tokens.count;
  // Each token id scrambled once, for both the shingles and the lines that hash it (text/hash.ts).
  const scrambled = scrambleAll(tokens.id, n, (scrambledScratch = atLeast(scrambledScratch, n)));
  const sh = (shScratch = atLeast(shScratch, n));
  const shingleCount = shinglesInto(scrambled, n, opts.shingle, 0, sh);
  const cap = Math.max(1, shingleCount - opts.window + 1);
  const plain = winnowInto(sh, shingleCount, opts.window, (plainHash = atLeast(plainHash, cap)), (plainPos = atLeast(plainPos, cap)));
  const imm = immutableFingerprintsInto(tokens, opts.lexicon, IMMUTABLE_SHINGLE, IMMUTABLE_WINDOW);
  const lines = linesInto(text, tokens, scrambled);
  // The features in one reservation (an allocation each costs more than filling it): word-shingle
  // fingerprints followed by the immutable-word ones (one index holds both), their positions, the
  // lines, then the signature. Carved from chunks shared with other documents (text/arena.ts), so a
  // batch's documents arrive in the store packed already (store/memory.ts).
  const total = plain + imm.count;
  const nl = lines.count;
  const numPerm = opts.numPerm;
  const at = features.reserve32(2 * total + 3 * nl + numPerm);
  const w = features.words;
  const fingerprints = w.subarray(at, at + total);
  const fingerprintPos = w.subarray(at + total, at + 2 * total);
  const l0 = at + 2 * total;
  const lineHash = w.subarray(l0, l0 + nl);
  const lineTokenStart = w.subarray(l0 + nl, l0 + 2 * nl);
  const lineTokenEnd = w.subarray(l0 + 2 * nl, l0 + 3 * nl);
  const signature = w.subarray(l0 + 3 * nl, l0 + 3 * nl + numPerm);
  for (let i = 0; i < plain; i++) fingerprints[i] = (plainHash[i] as number) & ~1; // even: see isImmutableFingerprint
  copyInto(fingerprints, plain, imm.hash, imm.count);
  copyInto(fingerprintPos, 0, plainPos, plain);
  copyInto(fingerprintPos, plain, imm.pos, imm.count);
  copyInto(lineHash, 0, lines.hash, nl);
  copyInto(lineTokenStart, 0, lines.tokenStart, nl);
  copyInto(lineTokenEnd, 0, lines.tokenEnd, nl);
  const doc: IndexedDoc = {
    seq,
    article,
    time: parseTime(article.published_at),
    fingerprints,
    fingerprintPos,
    signature: minhashInto(sh, numPerm, shingleCount, signature),
    lines: lineHash,
    lineTokenStart,
    lineTokenEnd,
    tokenCount: n,
  };
  return { doc, tokens };
}

/**
 * ISO 8601 date or date-time, in ms since the epoch; null when absent or unparseable. A time without
 * an offset is read as UTC (as a bare date is), never as the machine's local time, so the report does
 * not depend on where it runs.
 */
export function parseTime(s: string | undefined): number | null {
  if (s === undefined || s === '') return null;
  // The same string twice in a row is the rule: a reader checks a record's date, then analyze reads it.
  if (s === lastTimeOf) return lastTime;
  const t = fastTime(s);
  lastTime = t === SLOW ? parseTimeSlow(s) : t;
  lastTimeOf = s;
  return lastTime;
}

/** parseTime's last input and result. */
let lastTimeOf: string | undefined;
let lastTime: number | null = null;

/** Marks an input the fast path leaves to parseTimeSlow. */
const SLOW = -1e300;

/**
 * The common forms — `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM:SSZ`, `YYYY-MM-DDTHH:MM:SS±hh:mm` — with every
 * field in range, by arithmetic: the regex, Date.parse and the Date of the slow path cost more than
 * the rest of a short document's analysis. Anything else (other forms, a field out of range, years
 * before 1000) is SLOW, so the fast path never decides what the slow one would decide otherwise.
 */
function fastTime(s: string): number {
  const len = s.length;
  if (len !== 10 && len !== 20 && len !== 25) return SLOW;
  const y = digits(s, 0, 4);
  const mo = digits(s, 5, 2);
  const d = digits(s, 8, 2);
  if (y < 1000 || mo < 1 || mo > 12 || d < 1 || s.charCodeAt(4) !== 0x2d || s.charCodeAt(7) !== 0x2d) return SLOW;
  if (d > daysInMonth(y, mo)) return SLOW; // a date that does not exist: the slow path says so
  const day = daysFromCivil(y, mo, d) * 86400000;
  if (len === 10) return day;
  const h = digits(s, 11, 2);
  const mi = digits(s, 14, 2);
  const sec = digits(s, 17, 2);
  if (s.charCodeAt(10) !== 0x54 || s.charCodeAt(13) !== 0x3a || s.charCodeAt(16) !== 0x3a) return SLOW;
  if (h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59) return SLOW;
  const t = day + ((h * 60 + mi) * 60 + sec) * 1000;
  const z = s.charCodeAt(19);
  if (len === 20) return z === 0x5a ? t : SLOW;
  const oh = digits(s, 20, 2);
  const om = digits(s, 23, 2);
  if ((z !== 0x2b && z !== 0x2d) || s.charCodeAt(22) !== 0x3a || oh < 0 || oh > 23 || om < 0 || om > 59) return SLOW;
  const offset = (oh * 60 + om) * 60000;
  return z === 0x2b ? t - offset : t + offset;
}

/** The number written by `n` ASCII digits at `at`; negative when any is not a digit. */
function digits(s: string, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (Hinnant's days_from_civil), for y >= 1. */
function daysFromCivil(y: number, m: number, d: number): number {
  if (m <= 2) y--;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The general path: the ISO 8601 forms ISO_8601 admits, read by Date.parse. */
function parseTimeSlow(s: string): number | null {
  const m = ISO_8601.exec(s);
  if (!m) return null;
  const t = Date.parse(m[2] !== undefined && m[3] === undefined ? `${s.replace(' ', 'T')}Z` : s.replace(' ', 'T'));
  if (Number.isNaN(t)) return null;
  // Date.parse rolls 2024-02-30 over to March 1st: a date that does not exist is not a date.
  const [y, mo, d] = (m[1] as string).split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, mo - 1, d));
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d) return null;
  return t;
}

const ISO_8601 = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?)?$/;
