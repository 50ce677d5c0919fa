/**
 * Passage alignment: tiles (exact runs, see tile.ts) are chained into passages when they follow each
 * other in the same order in both texts with small gaps between them; a chain of one tile is a
 * `verbatim` passage, a chain with edits between its tiles a `near` one. Passages with too few matched
 * words are dropped, which is what keeps stock phrases ("the Islamic State group") out.
 */
import type { AlignedPassage, Span } from '../model/types.js';
import { foldPunctuation } from '../text/normalize.js';
import type { Tokens } from '../text/tokenize.js';
import { greedyTiles, type Tile } from './tile.js';

export interface AlignSide {
  text: string;
  tokens: Tokens;
  /** 1 for tokens that are page furniture: they may sit inside a passage but never count for it. */
  furniture?: Uint8Array | null | undefined;
  /** The side's `minTile`-gram index (tile.ts), when the caller keeps one per document. */
  grams?: Float64Array | undefined;
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
}

export function alignTexts(A: AlignSide, B: AlignSide, opts: AlignOptions): AlignedPassage[] {
  const tiles = greedyTiles(A.tokens.id, A.tokens.count, B.tokens.id, B.tokens.count, opts.minTile, A.grams, B.grams);
  if (tiles.length === 0) return [];
  // A passage does not bridge page furniture: a copy interrupted by "Advertisement" is two passages.
  const bridges = (from: Tile, to: Tile): boolean =>
    !anyIn(A.furniture, from.a + from.len, to.a) && !anyIn(B.furniture, from.b + from.len, to.b);
  const chains = chainTiles(tiles, opts.maxGap, bridges);
  const out: AlignedPassage[] = [];
  for (const chain of chains) {
    let matched = 0;
    let anchored = false;
    for (const t of chain) {
      if (t.len >= opts.anchor) anchored = true;
      for (let k = 0; k < t.len; k++) {
        if (!A.furniture?.[t.a + k] && !B.furniture?.[t.b + k]) matched++;
      }
    }
    if (!anchored || matched < opts.minWords) continue;
    const first = chain[0] as Tile;
    const last = chain[chain.length - 1] as Tile;
    const aTokens = { start: first.a, end: last.a + last.len };
    const bTokens = { start: first.b, end: last.b + last.len };
    const [a, b] = charSpans(A, B, aTokens, bTokens);
    const span = aTokens.end - aTokens.start + (bTokens.end - bTokens.start);
    const exact = chain.reduce((s, t) => s + t.len, 0);
    out.push({
      a,
      b,
      aTokens,
      bTokens,
      matched,
      kind: chain.length === 1 ? 'verbatim' : 'near',
      score: round4((2 * exact) / span),
    });
  }
  out.sort((x, y) => x.a.start - y.a.start || x.b.start - y.b.start);
  return out;
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
