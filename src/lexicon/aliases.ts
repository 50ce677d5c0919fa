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
import { atLeast } from '../text/scratch.js';
import { tokenize, tokenId, tokensOf, type TokenBuffer, type Tokens } from '../text/tokenize.js';

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
  /** Bit per (first id & 0xffff): a one-load test before the map lookup. */
  readonly filter: Uint8Array;
  readonly size: number;
}

export class AliasSyntaxError extends Error {}

/** Parses alias tables; later tables add entities and variants. Throws with the line on bad syntax. */
export function aliasTable(...sources: { text: string; name: string }[]): AliasTable {
  const byFirst = new Map<number, Variant[]>();
  const filter = new Uint8Array(0x10000 >> 3);
  let size = 0;
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
  return { byFirst, filter, size };
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
  if (table.size === 0) return tokens;
  const n = tokens.count;
  const b: TokenBuffer = {
    count: n,
    start: tokens.start.slice(0, n),
    end: tokens.end.slice(0, n),
    id: tokens.id.slice(0, n),
    raw: tokens.raw ? tokens.raw.slice(0, n) : new Uint32Array(0),
    hasRaw: tokens.raw !== undefined,
  };
  return mergeAliases(text, b, table) ? tokensOf(b) : tokens;
}

/**
 * `canonicalTokens` in place, on a token buffer (canonicalize's path: no copy of the tokens). Returns
 * whether any alias was merged; `b.raw` is filled from then on.
 */
export function mergeAliases(text: string, b: TokenBuffer, table: AliasTable): boolean {
  if (table.size === 0) return false;
  const n = b.count;
  const { start, end, id } = b;
  const filter = table.filter;
  // Until the first merge nothing moves (w === i) and `raw` is not written.
  let merged = false;
  let raw = b.raw;
  let w = 0;
  for (let i = 0; i < n; ) {
    const t = id[i] as number;
    let len = 0;
    let canonical = 0;
    // Most words are no alias's first word: one load rejects them.
    if (((filter[(t & 0xffff) >> 3] as number) >> (t & 7)) & 1) {
      const list = table.byFirst.get(t);
      if (list !== undefined) {
        for (const v of list) {
          if (matches(text, b, i, v)) {
            len = v.ids.length;
            canonical = v.canonical;
            break;
          }
        }
      }
    }
    if (len === 0 || (len === 1 && canonical === t)) {
      if (merged) {
        start[w] = start[i] as number;
        end[w] = end[i] as number;
        id[w] = t;
        raw[w] = b.hasRaw ? (raw[i] as number) : t;
      }
      w++;
      i++;
      continue;
    }
    if (!merged) {
      merged = true;
      if (!b.hasRaw) {
        raw = b.raw = atLeast(b.raw, n);
        raw.set(id.subarray(0, w));
      }
    }
    // Reads at i.. before writes at w <= i.
    const r = len === 1 ? t : hashRun(id, i, i + len, PHRASE_SEED);
    start[w] = start[i] as number;
    end[w] = end[i + len - 1] as number;
    id[w] = canonical;
    raw[w] = r;
    w++;
    i += len;
  }
  if (!merged) return false;
  b.count = w;
  b.hasRaw = true;
  return true;
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

/** Per UTF-16 code unit, whether /[\s-]/ matches it: 0 not known yet, 1 yes, 2 no. */
const spaceOrHyphen = new Uint8Array(0x10000);
const SPACE_OR_HYPHEN = /[\s-]/;

function isSpaceOrHyphen(c: number): boolean {
  let k = spaceOrHyphen[c] as number;
  if (k === 0) spaceOrHyphen[c] = k = SPACE_OR_HYPHEN.test(String.fromCharCode(c)) ? 1 : 2;
  return k === 1;
}
