/**
 * The lexicon spin detection runs on: for each word form (as a token id, so no string is built at scan
 * time), its synonym senses; and which words are function words. Built once from WordNet (see
 * scripts/build-lexicon.ts), stored as typed arrays with the open-addressing table of its word forms
 * built too, so that loading is a copy of it.
 *
 * A word is *mutable* when a spinner can swap it: it has a sense shared with another word and it is
 * not a function word. Everything else — names, numbers, function words, words with no synonym — is
 * *immutable* (Zhang et al., "DSpin: Detecting Automatically Spun Content on the Web", NDSS 2014):
 * those survive any amount of spinning, in order.
 */
import { scanTokens, tokenId, tokensOf, type Tokens } from '../text/tokenize.js';
import { aliasTable, findAliases, mergedTokens, type AliasTable } from './aliases.js';
import { inflections } from './inflect.js';
import { FIXED_WORDS, STOPWORDS } from './stopwords.js';
import type { WordNet } from './wordnet.js';

export interface Lexicon {
  /**
   * Open addressing, linear probing: slot s holds a token id (as int32) at 2s and its entry at
   * 2s + 1 (an index into `senseStart`, STOPWORD, FIXED, or EMPTY for a free slot), side by side so
   * that a probe reads one cache line.
   */
  readonly slots: Int32Array;
  /** Slots - 1 (a power of two less one). */
  readonly mask: number;
  /**
   * Senses of entry e: `senses[senseStart[e] .. senseStart[e + 1])`; the first ones, up to
   * `senseTop[e]`, are its common senses (see MAX_SENSES) and the synsets similar to them.
   */
  readonly senseStart: Uint32Array;
  readonly senseTop: Uint32Array;
  readonly senses: Uint32Array;
  /** Entity aliases, read as one token each. */
  readonly aliases: AliasTable;
  /**
   * A direct-mapped memo of recent lookups, id (as int32) and entry side by side like the slots: the
   * table is megabytes, a word's slot is a cache miss, and news text is mostly the same few thousand
   * words.
   */
  readonly memo: Int32Array;
}

/** 2^16 memo slots (512 KB): a tenth of Reuters' lookups missed 2^14, under a twentieth miss these. */
const MEMO_BITS = 16;
const MEMO_EMPTY = -9;

const EMPTY = -1;
/** Entry of a word the lexicon does not know (a name, a figure, a rare word): immutable. */
export const UNKNOWN = EMPTY;
export const STOPWORD = -2;
/** A content word that stays immutable whatever WordNet says (FIXED_WORDS). */
export const FIXED = -3;
/**
 * A word's common senses, per part of speech: a spinner swaps a word for a synonym of what it usually
 * means ("draw" for "attract"), rarely for one of its 26th meaning ("attract" for "draw"). Two words are
 * related when a common sense of one is any sense of the other.
 */
export const MAX_SENSES = 8;

/** Compact, serializable form: entries sorted by key. */
export interface LexiconData {
  keys: Uint32Array;
  senseStart: Uint32Array;
  senseTop: Uint32Array;
  senses: Uint32Array;
  /**
   * `keyTable(keys)`, when the data came from the compiled file: the table built at build time, so that
   * loading copies it instead of inserting 100k keys (~20 ms, cold, per process and worker).
   */
  table?: Int32Array | undefined;
}

/** Word forms → senses, from parsed WordNet: single-word lemmas and their inflections. */
export function lexiconData(wn: WordNet): LexiconData {
  const top = new Map<number, number[]>();
  const rest = new Map<number, number[]>();
  const add = (m: Map<number, number[]>, id: number, ss: readonly number[]): void => {
    let list = m.get(id);
    if (!list) m.set(id, (list = []));
    for (const s of ss) if (!list.includes(s)) list.push(s);
  };
  for (const [lemma, entries] of wn.senses) {
    if (!/^[a-z]+$/.test(lemma)) continue; // multi-word, hyphenated, numeric: not one token
    const common: number[] = [];
    const other: number[] = [];
    for (const { synsets } of entries) {
      synsets.forEach((s, k) => {
        const words = wn.lemmas.get(s) ?? [];
        // A name's synset ("Reagan, Ronald Reagan") offers no synonym a spinner would use.
        if (words.some((w) => w.toLowerCase() === lemma && w !== lemma)) return;
        const similar = wn.similar.get(s) ?? [];
        const shared = similar.length > 0 || words.some((w) => !w.toLowerCase().split('_').includes(lemma));
        if (!shared) return;
        if (k < MAX_SENSES) common.push(s, ...similar);
        else other.push(s);
      });
    }
    if (common.length === 0) continue; // no common sense with a synonym: immutable
    for (const { pos } of entries) {
      for (const form of inflections(lemma, pos)) {
        const id = tokenId(form);
        add(top, id, common);
        add(rest, id, other);
      }
    }
  }
  const keys = Uint32Array.from(top.keys()).sort();
  const senseStart = new Uint32Array(keys.length + 1);
  const senseTop = new Uint32Array(keys.length);
  const all: number[] = [];
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as number;
    const t = top.get(k) as number[];
    senseStart[i] = all.length;
    all.push(...t);
    senseTop[i] = all.length;
    for (const s of rest.get(k) ?? []) if (!t.includes(s)) all.push(s);
  }
  senseStart[keys.length] = all.length;
  return { keys, senseStart, senseTop, senses: Uint32Array.from(all) };
}

/** Slots of the table of `keys` WordNet word forms and the function and fixed words: load at most ½. */
function capacity(keys: number): number {
  const n = keys + STOPWORDS.length;
  let cap = 16;
  while (cap < n * 2) cap *= 2;
  return cap;
}

/** Inserts id `k` with entry `e` into the table (linear probing; an id already there gets `e`). */
function put(slots: Int32Array, k: number, e: number): void {
  const key = k | 0;
  const wrap = slots.length - 2; // indexes of ids: even, below 2 · cap
  let at = (key & (wrap >>> 1)) << 1;
  while (slots[at + 1] !== EMPTY && slots[at] !== key) at = (at + 2) & wrap;
  slots[at] = key;
  slots[at + 1] = e;
}

/**
 * The table of WordNet's word forms alone: key i has entry i. The compiled lexicon file stores it
 * (see LexiconData.table); loadLexicon adds the function and fixed words to a copy.
 */
export function keyTable(keys: Uint32Array): Int32Array {
  // Every id and entry EMPTY (filled natively: a loop here runs once, cold, over a million values); a
  // slot's id means nothing while its entry is EMPTY.
  const slots = new Int32Array(2 * capacity(keys.length)).fill(EMPTY);
  for (let i = 0; i < keys.length; i++) put(slots, keys[i] as number, i);
  return slots;
}

export function loadLexicon(data: LexiconData, aliases: AliasTable = aliasTable()): Lexicon {
  const cap = capacity(data.keys.length);
  // The stored table only if it has the size this build's word lists give (else it is built again).
  const slots = data.table !== undefined && data.table.length === 2 * cap ? data.table.slice() : keyTable(data.keys);
  for (const w of STOPWORDS) put(slots, tokenId(w), STOPWORD); // a function word is immutable whatever WordNet says
  for (const w of FIXED_WORDS) put(slots, tokenId(w), FIXED);
  return {
    slots,
    mask: cap - 1,
    senseStart: data.senseStart,
    senseTop: data.senseTop,
    senses: data.senses,
    aliases,
    memo: emptyMemo(),
  };
}

/** A text's tokens as matching sees them: aliases merged into their entity (see aliases.ts). */
export function canonicalize(text: string, lex: Lexicon): Tokens {
  // canonicalTokens(text, tokenize(text), lex.aliases), merging as the scanner's buffer is copied out.
  const b = scanTokens(text);
  const m = findAliases(text, b, lex.aliases);
  return m.count === 0 ? tokensOf(b) : mergedTokens(b, undefined, m);
}

/** A memo with every entry MEMO_EMPTY (its ids too: an id means nothing while its entry is MEMO_EMPTY). */
function emptyMemo(): Int32Array {
  return new Int32Array(2 << MEMO_BITS).fill(MEMO_EMPTY);
}

/** Entry of a token id: ≥ 0 for a mutable word (its senses), STOPWORD, FIXED, or -1 (unknown: immutable). */
export function entryOf(lex: Lexicon, id: number): number {
  const key = id | 0;
  const m = (id >>> (32 - MEMO_BITS)) << 1;
  const memo = lex.memo;
  if (memo[m] === key && memo[m + 1] !== MEMO_EMPTY) return memo[m + 1] as number;
  const slots = lex.slots;
  const wrap = 2 * lex.mask;
  let at = (key & lex.mask) << 1;
  for (;;) {
    const e = slots[at + 1] as number;
    if (e === EMPTY || slots[at] === key) {
      memo[m] = key;
      memo[m + 1] = e;
      return e;
    }
    at = (at + 2) & wrap;
  }
}

/**
 * `entryOf` of each of `ids[0 .. n)`, into `out`: the memo stays in a register across the loop and
 * only misses leave it.
 */
export function entriesOf(lex: Lexicon, ids: Uint32Array, n: number, out: Int32Array): Int32Array {
  const memo = lex.memo;
  for (let i = 0; i < n; i++) {
    const id = ids[i] as number;
    const m = (id >>> (32 - MEMO_BITS)) << 1;
    const e = memo[m + 1] as number;
    out[i] = memo[m] === (id | 0) && e !== MEMO_EMPTY ? e : entryOf(lex, id);
  }
  return out;
}

/** Whether two entries can stand for each other: a common sense of one is a sense of the other. */
export function related(lex: Lexicon, e1: number, e2: number): boolean {
  if (e1 < 0 || e2 < 0) return false;
  return commonIn(lex, e1, e2) || commonIn(lex, e2, e1);
}

function commonIn(lex: Lexicon, e1: number, e2: number): boolean {
  const a1 = lex.senseTop[e1] as number;
  const b0 = lex.senseStart[e2] as number;
  const b1 = lex.senseStart[e2 + 1] as number;
  for (let i = lex.senseStart[e1] as number; i < a1; i++) {
    const s = lex.senses[i];
    for (let j = b0; j < b1; j++) if (lex.senses[j] === s) return true;
  }
  return false;
}

/** An empty lexicon: nothing is mutable, spin detection reduces to exact matching. */
export function emptyLexicon(): Lexicon {
  return loadLexicon({ keys: new Uint32Array(0), senseStart: new Uint32Array(1), senseTop: new Uint32Array(0), senses: new Uint32Array(0) });
}

const MAGIC = 0x584c5052; // "RPLX"
const FORMAT = 3;

/**
 * Bytes of the compact form: magic, format, counts, then the four arrays and the key table
 * (`data.table`, or `keyTable(data.keys)`), all little-endian 32-bit.
 */
export function encodeLexicon(d: LexiconData): Uint8Array {
  const table = d.table ?? keyTable(d.keys);
  const head = new Uint32Array([MAGIC, FORMAT, d.keys.length, d.senses.length, table.length]);
  const parts = [head, d.keys, d.senseStart, d.senseTop, d.senses, new Uint32Array(table.buffer, table.byteOffset, table.length)];
  const out = new Uint32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return new Uint8Array(out.buffer);
}

/** The compact form read back: views on `bytes` (copied first only when they are not 4-byte aligned). */
export function decodeLexicon(bytes: Uint8Array): LexiconData {
  if (bytes.byteOffset % 4 !== 0) bytes = bytes.slice(); // a Uint32Array view needs 4-byte alignment
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset, Math.floor(bytes.byteLength / 4));
  if (words[0] !== MAGIC || words[1] !== FORMAT) throw new Error('not a reprint lexicon (bad magic or format)');
  const nk = words[2] as number;
  const ns = words[3] as number;
  const nt = words[4] as number;
  const k0 = 5;
  const s0 = k0 + nk;
  const t0 = s0 + nk + 1;
  const v0 = t0 + nk;
  const w0 = v0 + ns;
  if (words.length !== w0 + nt) throw new Error('reprint lexicon is truncated');
  return {
    keys: words.subarray(k0, s0),
    senseStart: words.subarray(s0, t0),
    senseTop: words.subarray(t0, v0),
    senses: words.subarray(v0, w0),
    table: new Int32Array(words.buffer, words.byteOffset + 4 * w0, nt),
  };
}
