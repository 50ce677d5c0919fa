/**
 * Passage alignment: tiles (exact runs, see tile.ts) are chained into passages when they follow each
 * other in the same order in both texts with small gaps between them; a chain of one tile is a
 * `verbatim` passage, a chain with edits between its tiles a `near` one, and one with many words
 * swapped for synonyms (synonyms.ts) a `spun` one. Passages with too few matched words are dropped,
 * which is what keeps stock phrases ("the Islamic State group") out.
 */
import type { Lexicon } from '../lexicon/lexicon.js';
import type { AlignedPassage, Span, Substitution } from '../model/types.js';
import { foldPunctuation } from '../text/normalize.js';
import type { Tokens } from '../text/tokenize.js';
import { rewriteToward, senseTable, type SenseTable } from './synonyms.js';
import { chainInto, Chains, Tiles } from './chain.js';
import { Slab } from './slab.js';
import { tileInto, type TileOptions } from './tile.js';

export { chainTiles, type ChainList } from './chain.js';

export interface AlignSide {
  text: string;
  tokens: Tokens;
  /** 1 for tokens that are page furniture: they may sit inside a passage but never count for it. */
  furniture?: Uint8Array | null | undefined;
  /**
   * The side's sense table (synonyms.ts), when the caller keeps one per document; lexicon entries
   * alone are enough where no alignment through synonyms is asked for.
   */
  senses?: SenseTable | Pick<SenseTable, 'entries'> | undefined;
}

export interface AlignOptions {
  /** Fewest matched (non-furniture) words in a passage. */
  minWords: number;
  /** Shortest exact run used as a building block of a near passage. */
  minTile: number;
  /** A passage needs at least one exact run this long: short runs only extend real matches. */
  anchor: number;
  /** Most unmatched words, on either side, between two runs of one passage. */
  maxGap: number;
  /** Words of B that stand for words of A (synonyms, aliases) align as if equal; absent: exact only. */
  lexicon?: Lexicon | undefined;
  /** Share of swapped words that makes a passage `spun`. */
  spunShare?: number;
}

/**
 * Whether a passage is wanted, told from its matched words, kind and token spans before it is built
 * (its character spans found, its object made): most passages found between candidate pairs are
 * dropped as formula.
 */
export type KeepPassage = (matched: number, kind: AlignedPassage['kind'], aStart: number, aEnd: number, bStart: number, bEnd: number) => boolean;

/**
 * B's token ids read toward A's (synonyms.ts rewriteToward), in an array of their own (gram maps know
 * token arrays by identity); null when no word of B was rewritten.
 */
export function readToward(A: AlignSide, B: AlignSide, lex: Lexicon): Uint32Array | null {
  return rewriteToward(
    { tokens: A.tokens, senses: full(A.senses) ?? senseTable(A.tokens, lex) },
    { tokens: B.tokens, senses: full(B.senses) ?? senseTable(B.tokens, lex) },
    rewritten,
  );
}

/** Where readToward's arrays are carved from. */
const rewritten = new Slab();

/**
 * The passages between two texts. With a lexicon, B's words are read toward A's first (readToward),
 * unless `toward` gives what that read: B's ids so rewritten, or null for none.
 */
export function alignTexts(A: AlignSide, B: AlignSide, opts: AlignOptions, keep?: KeepPassage, toward?: Uint32Array | null): AlignedPassage[] {
  let bIds = B.tokens.id;
  const lex = opts.lexicon;
  if (lex && lex.senses.length > 0) {
    const ids = toward !== undefined ? toward : readToward(A, B, lex);
    if (ids) bIds = ids;
  }
  // No tiles when no chain of them could be a passage (see greedyTiles).
  const o = tileOptions;
  o.anchor = opts.anchor;
  o.total = opts.minWords;
  o.maxGap = opts.maxGap;
  const tiles = tileInto(A.tokens.id, A.tokens.count, bIds, B.tokens.count, opts.minTile, undefined, undefined, o, found);
  if (tiles.count === 0) return [];
  // A passage does not bridge page furniture: a copy interrupted by "Advertisement" is two passages.
  const fa = A.furniture ?? null;
  const fb = B.furniture ?? null;
  const ta = tiles.a;
  const tb = tiles.b;
  const tl = tiles.len;
  const bridges =
    fa === null && fb === null
      ? null
      : (from: number, to: number): boolean =>
          !anyIn(fa, (ta[from] as number) + (tl[from] as number), ta[to] as number) && !anyIn(fb, (tb[from] as number) + (tl[from] as number), tb[to] as number);
  const { order, heads, next, count: chains } = chainInto(tiles, opts.maxGap, bridges, chained);
  const out: AlignedPassage[] = [];
  const rawA = A.tokens.raw ?? A.tokens.id;
  const rawB = B.tokens.raw ?? B.tokens.id;
  // Read here, where every call passes, not first in the rarer branch for swapped words: there, the
  // first spun pair sent alignTexts back to be optimised again (--trace-deopt, Reuters).
  const startA = A.tokens.start;
  const endA = A.tokens.end;
  const startB = B.tokens.start;
  const endB = B.tokens.end;
  for (let h = 0; h < chains; h++) {
    const head = heads[h] as number;
    // Matched words are at most the chain's tiled ones: most chains are dropped here, word by word unread.
    let tiled = 0;
    let anchored = false;
    let count = 0;
    let end = head;
    for (let c = head; c >= 0; c = next[c] as number) {
      const len = tl[order[c] as number] as number;
      tiled += len;
      if (len >= opts.anchor) anchored = true;
      count++;
      end = c;
    }
    if (!anchored || tiled < opts.minWords) continue;
    let matched = 0;
    let swapped = 0;
    let subs: Substitution[] | undefined;
    let run: Substitution | undefined;
    let lastA = -2;
    let lastB = -2;
    for (let c = head; c >= 0; c = next[c] as number) {
      const t = order[c] as number;
      const len = tl[t] as number;
      for (let k = 0; k < len; k++) {
        const i = (ta[t] as number) + k;
        const j = (tb[t] as number) + k;
        if (fa?.[i] || fb?.[j]) continue;
        matched++;
        if (rawA[i] === rawB[j] || inflected(A, i, B, j)) continue;
        // Equal ids, different words: B's word stands for A's (a synonym, or another name of an entity).
        swapped++;
        const sa = { start: startA[i] as number, end: endA[i] as number };
        const sb = { start: startB[j] as number, end: endB[j] as number };
        if (run && i === lastA + 1 && j === lastB + 1) {
          run.a.end = sa.end;
          run.b.end = sb.end;
        } else (subs ??= []).push((run = { a: sa, b: sb }));
        lastA = i;
        lastB = j;
      }
    }
    // A passage needs its own words too: swaps alone, however related, are what any two texts on
    // one subject have in common.
    if (matched < opts.minWords || matched - swapped < opts.minWords) continue;
    const first = order[head] as number;
    const last = order[end] as number;
    const spun = swapped >= 2 && swapped >= (opts.spunShare ?? 0.1) * matched;
    const kind = spun ? 'spun' : count === 1 && swapped === 0 ? 'verbatim' : 'near';
    const aStart = ta[first] as number;
    const aEnd = (ta[last] as number) + (tl[last] as number);
    const bStart = tb[first] as number;
    const bEnd = (tb[last] as number) + (tl[last] as number);
    if (keep !== undefined && !keep(matched, kind, aStart, aEnd, bStart, bEnd)) continue;
    const aTokens = { start: aStart, end: aEnd };
    const bTokens = { start: bStart, end: bEnd };
    const [a, b] = charSpans(A, B, aTokens, bTokens);
    const span = aTokens.end - aTokens.start + (bTokens.end - bTokens.start);
    const exact = tiled - swapped;
    out.push({
      a,
      b,
      aTokens,
      bTokens,
      matched,
      swapped,
      substitutions: subs ?? [],
      kind,
      score: round4((2 * exact) / span),
    });
  }
  if (out.length > 1) out.sort((x, y) => x.a.start - y.a.start || x.b.start - y.b.start);
  return out;
}

/** alignTexts' tiles, chains and options for tiling, reused from call to call. */
const found = new Tiles();
const chained = new Chains();
const tileOptions: TileOptions = {};

function full(s: AlignSide['senses']): SenseTable | undefined {
  return s && 'lex' in s ? s : undefined;
}

/**
 * Whether two aligned words are one word inflected differently ("rate"/"rates", "close"/"closing"):
 * a grammatical edit, not a swap.
 */
function inflected(A: AlignSide, i: number, B: AlignSide, j: number): boolean {
  const x = A.text.slice(A.tokens.start[i], A.tokens.end[i]).toLowerCase();
  const y = B.text.slice(B.tokens.start[j], B.tokens.end[j]).toLowerCase();
  if (/\s/.test(x) || /\s/.test(y)) return false; // a name and its longer alias ("Russia", "Russian Federation")
  const n = Math.min(x.length, y.length);
  let p = 0;
  while (p < n && x.charCodeAt(p) === y.charCodeAt(p)) p++;
  return p >= 3 && p >= n - 1 && Math.max(x.length, y.length) - p <= 3;
}

function anyIn(mask: Uint8Array | null | undefined, from: number, to: number): boolean {
  if (!mask) return false;
  for (let i = from; i < to; i++) if (mask[i]) return true;
  return false;
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** Whether a passage edge may widen over this character: punctuation only, never space or a word. */
function isEdgePunctuation(c: number): boolean {
  if (c < 0x80) return c > 0x20 && !((c >= 48 && c <= 57) || ((c | 0x20) >= 97 && (c | 0x20) <= 122));
  return !/\s/.test(String.fromCharCode(c)) && !LETTER_OR_DIGIT.test(String.fromCharCode(c));
}

/**
 * Character spans of token ranges, widened over punctuation that both texts share right at the edges
 * (a closing period, quotes around a quoted sentence), so a copied sentence is reported whole.
 */
function charSpans(A: AlignSide, B: AlignSide, at: Span, bt: Span): [Span, Span] {
  let as = A.tokens.start[at.start] as number;
  let ae = A.tokens.end[at.end - 1] as number;
  let bs = B.tokens.start[bt.start] as number;
  let be = B.tokens.end[bt.end - 1] as number;
  while (ae < A.text.length && be < B.text.length) {
    const ca = A.text.charCodeAt(ae);
    const cb = B.text.charCodeAt(be);
    if (!isEdgePunctuation(ca) || foldPunctuation(ca) !== foldPunctuation(cb)) break;
    ae++;
    be++;
  }
  while (as > 0 && bs > 0) {
    const ca = A.text.charCodeAt(as - 1);
    const cb = B.text.charCodeAt(bs - 1);
    if (!isEdgePunctuation(ca) || foldPunctuation(ca) !== foldPunctuation(cb)) break;
    as--;
    bs--;
  }
  return [
    { start: as, end: ae },
    { start: bs, end: be },
  ];
}

export function round4(x: number): number {
  return Math.round(x * 10000) / 10000;
}
