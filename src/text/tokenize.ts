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
import { Arena } from './arena.js';
import { atLeast, copyInto, grownTo } from './scratch.js';

/** Token arrays: read `count` entries, not `length` (tokenize's are views into one exact-size buffer). */
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

/**
 * hash.ts's FNV constants as this module's own: optimised code reads an imported binding from its
 * cell, checks it is initialised and converts it, at every use (seen in the scanner's machine code:
 * a dozen instructions per character), and folds a constant of the module it is in.
 */
const OFFSET = FNV_OFFSET;
const PRIME = FNV_PRIME;

/**
 * Folded form of each ASCII character that is part of a word (lower-cased letters, digits), 0 for the
 * rest and for every other UTF-16 code unit: the scanner classifies, folds and hashes an ASCII
 * character with this one load, and a table as long as a code unit's range needs no bounds check nor
 * a test for ASCII first.
 */
const FOLD = new Uint8Array(0x10000);
for (let c = 0; c < 128; c++) if (classes[c] === WORD) FOLD[c] = c >= 65 && c <= 90 ? c | 0x20 : c;

/** Id of a normalized token string; the scanner's fast path computes the same value without a string. */
export function tokenId(normalized: string): number {
  return hashString(normalized);
}

/**
 * Tokens being built: the scanner's output, in scratch arrays reused by every document
 * (text/scratch.ts). Valid until the next scan; `tokensOf` copies them out.
 */
export interface TokenBuffer {
  count: number;
  start: Uint32Array;
  end: Uint32Array;
  id: Uint32Array;
}

const scratch: TokenBuffer = {
  count: 0,
  start: new Uint32Array(0),
  end: new Uint32Array(0),
  id: new Uint32Array(0),
};

export function tokenize(text: string): Tokens {
  return tokensOf(scanTokens(text));
}

/**
 * Scans `text` into the shared scratch buffer. Each token is hashed as it is scanned (FNV-1a of its
 * folded characters, as `hashString(normalizeToken(raw))` gives for ASCII and apostrophes); a token
 * with any other character takes the full normalization path.
 */
export function scanTokens(text: string): TokenBuffer {
  const n = text.length;
  // Room for a typical text's tokens (~6 characters a word with its space), grown if need be.
  const room = n >> 3;
  let start = (scratch.start = atLeast(scratch.start, room));
  let end = (scratch.end = atLeast(scratch.end, room));
  let id = (scratch.id = atLeast(scratch.id, room));
  let count = 0;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    const g0 = FOLD[c] as number;
    let single = false;
    if (g0 === 0) {
      if (c < 128) {
        i++;
        continue;
      }
      const k = classAt(text, i);
      if (k !== WORD) {
        if (k !== SINGLE) {
          i += widthAt(text, i);
          continue;
        }
        single = true;
      }
    }
    const s = i;
    let h: number;
    let past = 0;
    if (single) {
      i += widthAt(text, i);
      h = hashString(normalizeToken(text.slice(s, i))) | 0;
    } else {
      // Scan a word: word characters, and joiners with word characters on both sides. An ASCII first
      // character is hashed here, not read again.
      let f = OFFSET;
      if (g0 !== 0) {
        f = Math.imul(f ^ g0, PRIME);
        i++;
      }
      let slow = false;
      let d = 0;
      for (;;) {
        // The hot loop: ASCII word characters, folded and hashed as they go.
        while (i < n) {
          d = text.charCodeAt(i);
          const g = FOLD[d] as number;
          if (g === 0) break;
          f = Math.imul(f ^ g, PRIME);
          i++;
        }
        if (i >= n) break;
        if (d >= 128) {
          const kd = classAt(text, i);
          if (kd === WORD || kd === MARK) {
            if (isApostrophe(d)) f = Math.imul(f ^ 0x27, PRIME); // U+02BC is a letter
            else slow = true;
            i += widthAt(text, i);
            continue;
          }
        }
        // A joiner ('.', ',', an apostrophe) continues the word; anything else (mostly a space) ends it.
        if ((d === 0x2e || d === 0x2c || isApostrophe(d)) && i + 1 < n) {
          const nx = text.charCodeAt(i + 1);
          if (FOLD[nx] !== 0 || (nx >= 128 && classAt(text, i + 1) === WORD)) {
            // The character before a joiner is the word's last character so far.
            const prevDigit = isDigit(text.charCodeAt(i - 1));
            const nextDigit = isDigit(nx);
            if (d === 0x2e || (d === 0x2c && prevDigit && nextDigit)) {
              f = Math.imul(f ^ d, PRIME);
              i++;
              continue;
            }
            if (isApostrophe(d) && !prevDigit && !nextDigit) {
              f = Math.imul(f ^ 0x27, PRIME);
              i++;
              continue;
            }
          }
        }
        break;
      }
      // `| 0` on every path keeps `h` an untagged int32: a uint32 above 2^31 would be boxed per token.
      h = slow ? hashString(normalizeToken(text.slice(s, i))) | 0 : fmix32(f) | 0;
      // The word ended at an ASCII character that starts none (mostly a space): the outer loop would
      // only step over it.
      if (i < n && d < 128) past = 1;
    }
    if (count === start.length) {
      start = scratch.start = grownTo(start, count + 1);
      end = scratch.end = grownTo(end, count + 1);
      id = scratch.id = grownTo(id, count + 1);
    }
    start[count] = s;
    end[count] = i;
    id[count] = h;
    count++;
    i += past;
  }
  scratch.count = count;
  return scratch;
}

/**
 * Every path of the scanner taken at load, ten times (V8 records what a function meets only from its
 * eighth call or so): code optimised before a rare path (a non-ASCII word, a joiner before one) was
 * ever taken is thrown away when it is, and the hottest function of a scan then runs unoptimised
 * until it is compiled again (measured on Reuters: two such deoptimisations a scan, ~20 ms). The
 * arrays' growth is one of those paths.
 */
const EVERY_PATH = "Plain words 1,000 5.93 U.S. it's can't x.y. Café naïve l’été o’clock ʼokina a\u0301b 中文 \ud840\udc00 \ud83d\ude00 \u3000 end’ 90’s ﬁn";
for (let k = 0; k < 10; k++) scanTokens(EVERY_PATH + ' a'.repeat(k === 9 ? 2000 : 0)); // the last one past the arrays' room

/** Where kept tokens are carved from: one chunk per many documents, not one ArrayBuffer each. */
const kept = new Arena();

/**
 * Fresh tokens of `n` entries (zeroed, `raw` when asked), carved from shared chunks (arena.ts): one
 * reservation, each field a view into it (they live and die together). A fresh ArrayBuffer per
 * document cost more than filling it.
 */
export function freshTokens(n: number, withRaw: boolean): Tokens {
  const at = kept.reserve32(n * (withRaw ? 4 : 3));
  const w = kept.words;
  const start = w.subarray(at, at + n);
  const end = w.subarray(at + n, at + 2 * n);
  const id = w.subarray(at + 2 * n, at + 3 * n);
  // Two literals, not `raw` added to one: each shape has its fields in the object itself (a field
  // added later goes to a separate array), and no shape turns into the other under optimised code.
  return withRaw ? { count: n, start, end, id, raw: w.subarray(at + 3 * n, at + 4 * n) } : { count: n, start, end, id };
}

/** Fresh tokens (`freshTokens`) with a buffer's contents. */
export function tokensOf(b: TokenBuffer): Tokens {
  const n = b.count;
  const t = freshTokens(n, false);
  copyInto(t.start, 0, b.start, n);
  copyInto(t.end, 0, b.end, n);
  copyInto(t.id, 0, b.id, n);
  return t;
}

/** The normalized text of token `t`. */
export function tokenText(text: string, tokens: Tokens, t: number): string {
  return normalizeToken(text.slice(tokens.start[t], tokens.end[t]));
}
