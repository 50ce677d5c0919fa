/**
 * Entity aliases: the names spinners expand and contract ("Russia" → "Russian Federation", "NATO" →
 * "North Atlantic Treaty Organisation", "US" → "USA"). Every variant of an entity is read as one token
 * with the entity's canonical id, so a copy that swaps one for another still fingerprints and aligns
 * alike; the token keeps its own surface (`raw`) id, which is how the swap is reported.
 *
 * Table format (also for a user's file): one entity a line, variants separated by `|`, the first one
 * canonical; `#` starts a comment. A variant written in capitals ("US", "WHO", "SEC") only matches as
 * written, so the pronoun "us" is not the United States; one written in lower case matches any case.
 */
import { hashRun } from '../text/hash.js';
import { grownTo } from '../text/scratch.js';
import { freshTokens, scanTokens, tokenize, tokenId, type TokenBuffer, type Tokens } from '../text/tokenize.js';

export const DEFAULT_ALIASES = `
# Countries
united states | US | u.s | usa | u.s.a | united states of america
united kingdom | UK | u.k | britain | great britain
russia | russian federation
china | people's republic of china | PRC
south korea | republic of korea
north korea | democratic people's republic of korea | dprk
iran | islamic republic of iran
syria | syrian arab republic
netherlands | holland
czech republic | czechia
myanmar | burma
ivory coast | côte d'ivoire | cote d'ivoire
united arab emirates | uae
saudi arabia | kingdom of saudi arabia
germany | federal republic of germany
# Organisations
nato | north atlantic treaty organisation | north atlantic treaty organization | north atlantic alliance
european union | EU | e.u
united nations | UN | u.n
world health organization | world health organisation | WHO
international monetary fund | imf
world trade organization | world trade organisation | wto
european central bank | ecb
federal reserve | federal reserve board | federal reserve system
opec | organization of the petroleum exporting countries | organisation of the petroleum exporting countries | organization of petroleum exporting countries
federal bureau of investigation | fbi
central intelligence agency | cia
securities and exchange commission | SEC
# Common abbreviations
gross domestic product | gdp
chief executive officer | ceo
percent | per cent | pct
million | mln
billion | bln
dollars | dlrs
`;

/** Seed for a written phrase's id, so it never equals a single word's. */
const PHRASE_SEED = 0x9e3779b9;

interface Variant {
  ids: Uint32Array;
  /** Exact surface text of each token, when the variant only matches as written. */
  exact: string[] | null;
  canonical: number;
}

export interface AliasTable {
  /** Variants by their first token's id, longest first. */
  readonly byFirst: Map<number, Variant[]>;
  /**
   * `byFirst` by open addressing on the id's low bits (ids are hashes), what findAliases looks in:
   * slot s holds the id `firstIds[s]` (as int32) and its variants `firstLists[s]`, undefined for a
   * free slot. A Map boxes a key past the small-integer range, most ids, for every lookup (Reuters:
   * 112k lookups, findAliases in-process min 15.8 → 13.6 ms).
   */
  readonly firstIds: Int32Array;
  readonly firstLists: (Variant[] | undefined)[];
  /** Slots - 1 (a power of two less one). */
  readonly mask: number;
  /** Bit per (first id & 0xffff): a one-load test before the table lookup. */
  readonly filter: Uint8Array;
  readonly size: number;
}

export class AliasSyntaxError extends Error {}

/** Parses alias tables; later tables add entities and variants. Throws with the line on bad syntax. */
export function aliasTable(...sources: { text: string; name: string }[]): AliasTable {
  const byFirst = new Map<number, Variant[]>();
  const filter = new Uint8Array(0x10000 >> 3);
  let size = 0;
  const variantsText: string[] = [];
  for (const { text, name } of sources) {
    const lines = text.split(/\r?\n/);
    for (let ln = 0; ln < lines.length; ln++) {
      const line = (lines[ln] as string).replace(/#.*$/, '').trim();
      if (line === '') continue;
      const variants = line.split('|').map((v) => v.trim());
      if (variants.length < 2 || variants.some((v) => tokenize(v).count === 0)) {
        throw new AliasSyntaxError(`${name}:${ln + 1}: expected "canonical | variant | ...", got "${line}"`);
      }
      const canonical = tokenId(words(variants[0] as string).join(' '));
      for (const v of variants) {
        variantsText.push(v);
        const t = tokenize(v);
        const ws = words(v);
        const exact = /^[A-Z.']+$/.test(v) ? ws.map((_, i) => v.slice(t.start[i], t.end[i])) : null;
        const ids = t.id.slice(0, t.count);
        const first = ids[0] as number;
        let list = byFirst.get(first);
        if (!list) byFirst.set(first, (list = []));
        list.push({ ids, exact, canonical });
        list.sort((x, y) => y.ids.length - x.ids.length);
        filter[(first & 0xffff) >> 3]! |= 1 << (first & 7);
        size++;
      }
    }
  }
  let cap = 16;
  while (cap < 4 * byFirst.size) cap *= 2;
  const mask = cap - 1;
  const firstIds = new Int32Array(cap);
  const lists: (Variant[] | undefined)[] = new Array<Variant[] | undefined>(cap).fill(undefined);
  for (const [first, list] of byFirst) {
    let at = first & mask;
    while (lists[at] !== undefined) at = (at + 1) & mask;
    firstIds[at] = first | 0;
    lists[at] = list;
  }
  const table: AliasTable = { byFirst, firstIds, firstLists: lists, mask, filter, size };
  // Every variant found once, ten times over (V8 records what a function meets only from its eighth
  // call or so): code optimised before a rare path (a variant matched only as written, a phrase) was
  // ever taken would be thrown away when a document first takes it.
  const every = variantsText.join(' . ');
  for (let k = 0; k < 10 && every !== ''; k++) findAliases(every, scanTokens(every), table);
  return table;
}

function words(s: string): string[] {
  const t = tokenize(s);
  const out: string[] = [];
  for (let i = 0; i < t.count; i++) out.push(s.slice(t.start[i], t.end[i]).toLowerCase());
  return out;
}

/**
 * Tokens with every alias occurrence merged into one token carrying the entity's canonical id (its
 * offsets cover the whole phrase) and, in `raw`, the id of what was written. Returns the tokens
 * unchanged when nothing matched.
 */
export function canonicalTokens(text: string, tokens: Tokens, table: AliasTable): Tokens {
  const m = findAliases(text, tokens, table);
  return m.count === 0 ? tokens : mergedTokens(tokens, tokens.raw, m);
}

/** Token ranges to merge (`findAliases`): scratch, valid until the next call. */
export interface Merges {
  count: number;
  /** First token of each merge, ascending. */
  at: Uint32Array;
  len: Uint32Array;
  canonical: Uint32Array;
  /** The id of what was written: the word's own id, or the phrase's. */
  raw: Uint32Array;
}

const merges: Merges = { count: 0, at: new Uint32Array(0), len: new Uint32Array(0), canonical: new Uint32Array(0), raw: new Uint32Array(0) };

/**
 * Where alias occurrences are, left to right, longest variant first, none overlapping: what
 * `canonicalTokens` merges. Finding them apart from merging lets the merge be done while the tokens
 * are copied out of the scanner's buffer (lexicon.ts canonicalize), instead of in place first.
 */
export function findAliases(text: string, b: TokenBuffer, table: AliasTable): Merges {
  merges.count = 0;
  if (table.size === 0) return merges;
  const n = b.count;
  const id = b.id;
  const filter = table.filter;
  let count = 0;
  for (let i = 0; i < n; ) {
    const t = id[i] as number;
    // Most words are no alias's first word: one load rejects them.
    if ((((filter[(t & 0xffff) >> 3] as number) >> (t & 7)) & 1) === 0) {
      i++;
      continue;
    }
    let len = 0;
    let canonical = 0;
    const list = variantsOf(table, t);
    if (list !== undefined) {
      for (const v of list) {
        if (matches(text, b, i, v)) {
          len = v.ids.length;
          canonical = v.canonical;
          break;
        }
      }
    }
    if (len === 0 || (len === 1 && canonical === t)) {
      i++;
      continue;
    }
    if (count === merges.at.length) {
      merges.at = grownTo(merges.at, count + 1);
      merges.len = grownTo(merges.len, count + 1);
      merges.canonical = grownTo(merges.canonical, count + 1);
      merges.raw = grownTo(merges.raw, count + 1);
    }
    merges.at[count] = i;
    merges.len[count] = len;
    merges.canonical[count] = canonical;
    merges.raw[count] = len === 1 ? t : hashRun(id, i, i + len, PHRASE_SEED);
    count++;
    i += len;
  }
  merges.count = count;
  return merges;
}

/**
 * Fresh tokens (tokenize.ts freshTokens) of `b` with the merges `m` made, and `raw` filled: from
 * `raw` where given (tokens canonical already), else each token's own id.
 */
export function mergedTokens(b: TokenBuffer, raw: Uint32Array | undefined, m: Merges): Tokens {
  const { start, end, id } = b;
  let removed = 0;
  for (let k = 0; k < m.count; k++) removed += (m.len[k] as number) - 1;
  const out = freshTokens(b.count - removed, true);
  const oStart = out.start;
  const oEnd = out.end;
  const oId = out.id;
  const oRaw = out.raw as Uint32Array;
  let w = 0;
  let i = 0;
  for (let k = 0; k <= m.count; k++) {
    // The tokens before merge k (after the last one: the rest), as they are.
    const to = k < m.count ? (m.at[k] as number) : b.count;
    for (; i < to; i++, w++) {
      oStart[w] = start[i] as number;
      oEnd[w] = end[i] as number;
      const t = id[i] as number;
      oId[w] = t;
      oRaw[w] = raw === undefined ? t : (raw[i] as number);
    }
    if (k === m.count) break;
    const len = m.len[k] as number;
    oStart[w] = start[i] as number;
    oEnd[w] = end[i + len - 1] as number;
    oId[w] = m.canonical[k] as number;
    oRaw[w] = m.raw[k] as number;
    w++;
    i += len;
  }
  return out;
}

/** The variants whose first token's id is `t`, if any. */
function variantsOf(table: AliasTable, t: number): Variant[] | undefined {
  const key = t | 0;
  const ids = table.firstIds;
  const lists = table.firstLists;
  const mask = table.mask;
  for (let at = key & mask; ; at = (at + 1) & mask) {
    const list = lists[at];
    if (list === undefined || ids[at] === key) return list;
  }
}

function matches(text: string, b: TokenBuffer, i: number, v: Variant): boolean {
  const len = v.ids.length;
  if (i + len > b.count) return false;
  for (let k = 0; k < len; k++) {
    if (b.id[i + k] !== v.ids[k]) return false;
    if (v.exact && !isAt(text, b.start[i + k] as number, b.end[i + k] as number, v.exact[k] as string)) return false;
  }
  // A phrase is only an alias when nothing is between its words but spaces or hyphens ("U.S.-led").
  for (let k = 1; k < len; k++) {
    const s = b.end[i + k - 1] as number;
    const e = b.start[i + k] as number;
    if (s === e) return false;
    for (let j = s; j < e; j++) if (!isSpaceOrHyphen(text.charCodeAt(j))) return false;
  }
  return true;
}

/** Whether `text.slice(s, e) === word`, without the slice. */
function isAt(text: string, s: number, e: number, word: string): boolean {
  if (e - s !== word.length) return false;
  for (let j = 0; j < word.length; j++) if (text.charCodeAt(s + j) !== word.charCodeAt(j)) return false;
  return true;
}

/**
 * Per UTF-16 code unit, whether /[\s-]/ matches it: 0 not known yet, 1 yes, 2 no. Latin-1 is known
 * from the start: a first test in optimised code (a newline inside a phrase) would throw the code away.
 */
const spaceOrHyphen = new Uint8Array(0x10000);
const SPACE_OR_HYPHEN = /[\s-]/;
for (let c = 0; c < 256; c++) spaceOrHyphen[c] = SPACE_OR_HYPHEN.test(String.fromCharCode(c)) ? 1 : 2;

function isSpaceOrHyphen(c: number): boolean {
  let k = spaceOrHyphen[c] as number;
  if (k === 0) spaceOrHyphen[c] = k = SPACE_OR_HYPHEN.test(String.fromCharCode(c)) ? 1 : 2;
  return k === 1;
}
