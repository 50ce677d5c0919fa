/**
 * Word tokens with offsets, by a hand-written char-code scanner.
 *
 * Why not Intl.Segmenter: on Node 20 one segmenter call over a long document slows down
 * quadratically; this scanner runs at a couple of hundred MB/s and never allocates for ASCII words.
 *
 * A token is a run of letters, digits and combining marks, joined across an apostrophe between letters
 * (`Syria’s`), a period between letters or digits (`U.S`, `5.93`) and a comma between digits
 * (`155,221`). Han and kana characters are one token each, since those scripts put no spaces between
 * words. Offsets are UTF-16 code units into the text as given, `end` exclusive.
 */
import { FNV_OFFSET, FNV_PRIME, fmix32, hashString } from './hash.js';
import { isApostrophe, normalizeToken } from './normalize.js';

export interface Tokens {
  count: number;
  /** Start offset of each token. */
  start: Uint32Array;
  /** End offset (exclusive) of each token. */
  end: Uint32Array;
  /** Hash of each token's normalized form: equal words, equal ids. */
  id: Uint32Array;
  /**
   * Id of what was written, where `id` is canonical instead (an alias phrase read as one entity, see
   * lexicon/aliases.ts); absent when every token is as written.
   */
  raw?: Uint32Array | undefined;
}

const OTHER = 1;
const WORD = 2;
const SINGLE = 3; // a character that is a token on its own (Han, kana)
const MARK = 4; // a combining mark or variation selector: part of a word, never the start of one

/** Character classes, filled lazily for the BMP: one regex test per distinct character, ever. */
const classes = new Uint8Array(0x10000);
const WORD_RE = /[\p{L}\p{N}]/u;
const MARK_RE = /\p{M}/u;
for (let c = 0; c < 128; c++) {
  classes[c] = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) ? WORD : OTHER;
}

function isSingle(c: number): boolean {
  return (
    (c >= 0x3040 && c <= 0x30ff) || // hiragana, katakana
    (c >= 0x3400 && c <= 0x4dbf) || // CJK extension A
    (c >= 0x4e00 && c <= 0x9fff) || // CJK unified ideographs
    (c >= 0xf900 && c <= 0xfaff) // CJK compatibility ideographs
  );
}

function classOf(c: number): number {
  let k = classes[c] as number;
  if (k === 0) {
    if (c >= 0xd800 && c <= 0xdfff) k = OTHER; // surrogates are handled by the caller
    else if (isSingle(c)) k = SINGLE;
    else {
      const ch = String.fromCharCode(c);
      k = WORD_RE.test(ch) ? WORD : MARK_RE.test(ch) ? MARK : OTHER;
    }
    classes[c] = k;
  }
  return k;
}

/** Word class of the code point starting at `i`, and its length in code units. */
function classAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 0xd800 || c > 0xdbff) return classOf(c);
  const d = text.charCodeAt(i + 1);
  if (d >= 0xdc00 && d <= 0xdfff) {
    const cp = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
    if (cp >= 0x20000 && cp <= 0x3ffff) return SINGLE; // CJK extensions B and later
    const ch = String.fromCodePoint(cp);
    return WORD_RE.test(ch) ? WORD : MARK_RE.test(ch) ? MARK : OTHER;
  }
  return OTHER;
}

/** Code units taken by the character at `i`: 2 for a surrogate pair, else 1 (a lone surrogate too). */
function widthAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 0xd800 || c > 0xdbff) return 1;
  const d = text.charCodeAt(i + 1);
  return d >= 0xdc00 && d <= 0xdfff ? 2 : 1;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Lower-case ASCII letters and fold apostrophes; -1 when the character needs the full path. */
function fastFold(c: number): number {
  if (c < 128) return c >= 65 && c <= 90 ? c | 0x20 : c;
  return isApostrophe(c) ? 0x27 : -1;
}

/** Id of a normalized token string; the scanner's fast path computes the same value without a string. */
export function tokenId(normalized: string): number {
  return hashString(normalized);
}

export function tokenize(text: string): Tokens {
  const n = text.length;
  let cap = Math.max(16, Math.ceil(n / 5) + 16); // news averages ~6 characters a word with its space
  let start: Uint32Array = new Uint32Array(cap);
  let end: Uint32Array = new Uint32Array(cap);
  let id: Uint32Array = new Uint32Array(cap);
  let count = 0;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    const k = c < 128 ? (classes[c] as number) : classAt(text, i);
    if (k === OTHER || k === MARK) {
      i += widthAt(text, i);
      continue;
    }
    const s = i;
    if (k === SINGLE) {
      i += widthAt(text, i);
    } else {
      // Scan a word: word characters, and joiners with word characters on both sides.
      let prevDigit = false;
      while (i < n) {
        const d = text.charCodeAt(i);
        const kd = d < 128 ? (classes[d] as number) : classAt(text, i);
        if (kd === WORD || kd === MARK) {
          prevDigit = isDigit(d);
          i += widthAt(text, i);
          continue;
        }
        if (i + 1 < n) {
          const nx = text.charCodeAt(i + 1);
          const knx = nx < 128 ? (classes[nx] as number) : classAt(text, i + 1);
          if (knx === WORD) {
            if (isApostrophe(d) && !prevDigit && !isDigit(nx)) {
              i += 1;
              continue;
            }
            if (d === 0x2e) {
              i += 1;
              continue;
            }
            if (d === 0x2c && prevDigit && isDigit(nx)) {
              i += 1;
              continue;
            }
          }
        }
        break;
      }
    }
    if (count === cap) {
      cap *= 2;
      start = grow(start, cap);
      end = grow(end, cap);
      id = grow(id, cap);
    }
    start[count] = s;
    end[count] = i;
    id[count] = hashToken(text, s, i);
    count++;
  }
  return { count, start, end, id };
}

function grow(a: Uint32Array, cap: number): Uint32Array {
  const b = new Uint32Array(cap);
  b.set(a);
  return b;
}

/** FNV-1a of the folded token, as `hashString(normalizeToken(raw))` would give. */
function hashToken(text: string, s: number, e: number): number {
  let h = FNV_OFFSET;
  for (let j = s; j < e; j++) {
    const f = fastFold(text.charCodeAt(j));
    if (f < 0) return hashString(normalizeToken(text.slice(s, e)));
    h = Math.imul(h ^ f, FNV_PRIME);
  }
  return fmix32(h);
}

/** The normalized text of token `t`. */
export function tokenText(text: string, tokens: Tokens, t: number): string {
  return normalizeToken(text.slice(tokens.start[t], tokens.end[t]));
}
