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
import { gramIndex, greedyTiles, type Tile } from './tile.js';

export interface AlignSide {
  text: string;
  tokens: Tokens;
  /** 1 for tokens that are page furniture: they may sit inside a passage but never count for it. */
  furniture?: Uint8Array | null | undefined;
  /** The side's `minTile`-gram index (tile.ts), when the caller keeps one per document. */
  grams?: Float64Array | undefined;
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

export function alignTexts(A: AlignSide, B: AlignSide, opts: AlignOptions): AlignedPassage[] {
  let bIds = B.tokens.id;
  let bGrams = B.grams;
  const lex = opts.lexicon;
  if (lex && lex.senses.length > 0) {
    const rewritten = rewriteToward(
      { tokens: A.tokens, senses: full(A.senses) ?? senseTable(A.tokens, lex) },
      { tokens: B.tokens, senses: full(B.senses) ?? senseTable(B.tokens, lex) },
    );
    if (rewritten) {
      bIds = rewritten;
      bGrams = gramIndex(rewritten, B.tokens.count, opts.minTile);
    }
  }
  const tiles = greedyTiles(A.tokens.id, A.tokens.count, bIds, B.tokens.count, opts.minTile, A.grams, bGrams);
  if (tiles.length === 0) return [];
  // A passage does not bridge page furniture: a copy interrupted by "Advertisement" is two passages.
  const bridges = (from: Tile, to: Tile): boolean =>
    !anyIn(A.furniture, from.a + from.len, to.a) && !anyIn(B.furniture, from.b + from.len, to.b);
  const chains = chainTiles(tiles, opts.maxGap, bridges);
  const out: AlignedPassage[] = [];
  const rawA = A.tokens.raw ?? A.tokens.id;
  const rawB = B.tokens.raw ?? B.tokens.id;
  for (const chain of chains) {
    let matched = 0;
    let swapped = 0;
    let anchored = false;
    const subs: Substitution[] = [];
    let last: Substitution | undefined;
    let lastA = -2;
    let lastB = -2;
    for (const t of chain) {
      if (t.len >= opts.anchor) anchored = true;
      for (let k = 0; k < t.len; k++) {
        const i = t.a + k;
        const j = t.b + k;
        if (A.furniture?.[i] || B.furniture?.[j]) continue;
        matched++;
        if (rawA[i] === rawB[j] || inflected(A, i, B, j)) continue;
        // Equal ids, different words: B's word stands for A's (a synonym, or another name of an entity).
        swapped++;
        const sa = { start: A.tokens.start[i] as number, end: A.tokens.end[i] as number };
        const sb = { start: B.tokens.start[j] as number, end: B.tokens.end[j] as number };
        if (last && i === lastA + 1 && j === lastB + 1) {
          last.a.end = sa.end;
          last.b.end = sb.end;
        } else subs.push((last = { a: sa, b: sb }));
        lastA = i;
        lastB = j;
      }
    }
    // A passage needs its own words too: swaps alone, however related, are what any two texts on
    // one subject have in common.
    if (!anchored || matched < opts.minWords || matched - swapped < opts.minWords) continue;
    const first = chain[0] as Tile;
    const end = chain[chain.length - 1] as Tile;
    const aTokens = { start: first.a, end: end.a + end.len };
    const bTokens = { start: first.b, end: end.b + end.len };
    const [a, b] = charSpans(A, B, aTokens, bTokens);
    const span = aTokens.end - aTokens.start + (bTokens.end - bTokens.start);
    const exact = chain.reduce((s, t) => s + t.len, 0) - swapped;
    const spun = swapped >= 2 && swapped >= (opts.spunShare ?? 0.1) * matched;
    out.push({
      a,
      b,
      aTokens,
      bTokens,
      matched,
      swapped,
      substitutions: subs,
      kind: spun ? 'spun' : chain.length === 1 && swapped === 0 ? 'verbatim' : 'near',
      score: round4((2 * exact) / span),
    });
  }
  out.sort((x, y) => x.a.start - y.a.start || x.b.start - y.b.start);
  return out;
}

function full(s: AlignSide['senses']): SenseTable | undefined {
  return s && 'vocab' in s ? s : undefined;
}

/**
 * Chains tiles that follow each other in both texts. Tiles are visited in A order; each joins the
 * open chain it continues with the smallest gap, else starts a new chain.
 */
export function chainTiles(tiles: readonly Tile[], maxGap: number, bridges: (from: Tile, to: Tile) => boolean = () => true): Tile[][] {
  const sorted = [...tiles].sort((x, y) => x.a - y.a || x.b - y.b);
  const chains: Tile[][] = [];
  let open: Tile[][] = [];
  for (const t of sorted) {
    let best: Tile[] | undefined;
    let bestGap = Infinity;
    const still: Tile[][] = [];
    for (const c of open) {
      const last = c[c.length - 1] as Tile;
      const gapA = t.a - (last.a + last.len);
      if (gapA > maxGap) continue; // no later tile can join it either: tiles come in A order
      still.push(c);
      const gapB = t.b - (last.b + last.len);
      if (gapA >= 0 && gapB >= 0 && gapB <= maxGap && gapA + gapB < bestGap && bridges(last, t)) {
        best = c;
        bestGap = gapA + gapB;
      }
    }
    open = still;
    if (best) best.push(t);
    else {
      const c = [t];
      chains.push(c);
      open.push(c);
    }
  }
  return chains;
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
