/**
 * A content-farm spinner for the spin benchmark (bench/spin.ts): swaps a share of a text's words for
 * WordNet synonyms, re-inflected to the same form ("looking to attract" → "looking to draw", "prices
 * rose" → "prices climbed"), and swaps entity aliases ("U.S." → "United States of America", "mln" →
 * "million"). Also the sentence splitter the benchmark cuts stories with.
 *
 * Spinners are thesaurus-driven and context-blind, so this one is too: it may pick a sense the text does
 * not mean, as real spun text does. What it avoids is what spinners avoid: function words, numbers and
 * names, which is also what makes spun copies findable at all (DSpin, Zhang et al., NDSS 2014).
 */
import { inflections } from '../src/lexicon/inflect.js';
import { STOPWORDS } from '../src/lexicon/stopwords.js';
import type { Pos, WordNet } from '../src/lexicon/wordnet.js';
import { tokenize, type Tokens } from '../src/text/tokenize.js';
import type { Rng } from '../test/helpers/random.js';

/** Which inflection of its lemma a word form is; a synonym is put in the same one. */
export type Slot = 'base' | 's' | 'past' | 'ing' | 'er' | 'est';

interface Reading {
  lemma: string;
  pos: Pos;
  slot: Slot;
}

/** Senses of a lemma a spinner draws synonyms from: its most frequent ones. */
const SENSES = 3;
/** Chance of a multi-word synonym ("pull in") where a single-word one exists. */
const MULTI_WORD = 0.2;

export interface Thesaurus {
  /** Lower-case word form → what it can be an inflection of (from `inflections()`). */
  readonly readings: Map<string, Reading[]>;
  readonly wordnet: WordNet;
  /** How common a word form is in real text; picks "stopped" over "stoped", "drew" over "drawed". */
  readonly frequency: (form: string) => number;
  /** Synonyms per `lemma pos`, cached. */
  readonly synonymCache: Map<string, string[]>;
  /** Replacements per lower-case form, cached: the surface text and whether it is several words. */
  readonly optionCache: Map<string, { text: string; multi: boolean }[]>;
}

/** The slot of the `index`-th form that `inflections(lemma, pos)` returns. */
function slotOf(pos: Pos, form: string, index: number): Slot {
  if (index === 0) return 'base';
  if (pos === 'noun') return 's';
  if (pos === 'adj') return form.endsWith('st') ? 'est' : 'er';
  if (pos === 'verb') {
    if (index === 1) return 's';
    return form.endsWith('ing') ? 'ing' : 'past'; // regular -ed, doubled -ed and irregular forms alike
  }
  return 'base';
}

/**
 * A thesaurus over parsed WordNet (`readWordNet()`). `frequency` should count word forms in a large
 * text (the benchmark uses all of Reuters): `inflections()` over-generates, and the most frequent
 * candidate of a slot is the real form.
 */
export function thesaurus(wordnet: WordNet, frequency: (form: string) => number = () => 0): Thesaurus {
  const readings = new Map<string, Reading[]>();
  for (const [lemma, entries] of wordnet.senses) {
    if (!/^[a-z]+$/.test(lemma)) continue; // a text's word is one token: no phrase, hyphen or digit
    for (const { pos } of entries) {
      inflections(lemma, pos).forEach((form, i) => {
        let list = readings.get(form);
        if (!list) readings.set(form, (list = []));
        const slot = slotOf(pos, form, i);
        if (!list.some((r) => r.lemma === lemma && r.pos === pos && r.slot === slot)) list.push({ lemma, pos, slot });
      });
    }
  }
  return { readings, wordnet, frequency, synonymCache: new Map(), optionCache: new Map() };
}

/**
 * Synonyms of a lemma (`_` between words) from its first SENSES senses: the other lemmas of each
 * synset; only when those give none, the lemmas of "similar" synsets. Why that order: similar sets are
 * wide (adjective "new" is similar to "sunrise", "virgin", "revolutionary"), and a thesaurus lists the
 * close words first.
 */
export function synonyms(th: Thesaurus, lemma: string, pos: Pos): string[] {
  const key = `${lemma} ${pos}`;
  const cached = th.synonymCache.get(key);
  if (cached) return cached;
  const wn = th.wordnet;
  const synsets = wn.senses.get(lemma)?.find((e) => e.pos === pos)?.synsets.slice(0, SENSES) ?? [];
  const direct = new Set<string>();
  const near = new Set<string>();
  const usable = (w: string): boolean =>
    w === w.toLowerCase() && // a capitalized lemma is a name ("Reagan"), not a synonym
    /^[a-z][a-z_'-]*$/.test(w) &&
    !w.split(/[_-]/).includes(lemma); // "look" → "look_for" is not a substitution
  for (const s of synsets) {
    const words = wn.lemmas.get(s) ?? [];
    // The lemma written capitalized: a name's synset ("Texas"), which no thesaurus offers.
    if (words.some((w) => w.toLowerCase() === lemma && w !== lemma)) continue;
    for (const w of words) if (usable(w)) direct.add(w);
    for (const t of wn.similar.get(s) ?? []) for (const w of wn.lemmas.get(t) ?? []) if (usable(w)) near.add(w);
  }
  const out = [...(direct.size > 0 ? direct : near)];
  th.synonymCache.set(key, out);
  return out;
}

/**
 * A word put in a slot: the most frequent candidate form, ties to the later one (irregular, doubled).
 * An adjective whose -er/-est form is never seen is compared with "more"/"most" ("former" → "more former",
 * not "formerer").
 */
function inflect(th: Thesaurus, word: string, pos: Pos, slot: Slot): string {
  if (slot === 'base') return word;
  let best = word;
  let bestFreq = -1;
  inflections(word, pos).forEach((form, i) => {
    if (i === 0 || slotOf(pos, form, i) !== slot) return;
    const f = th.frequency(form);
    if (f >= bestFreq) {
      best = form;
      bestFreq = f;
    }
  });
  if (pos === 'adj' && bestFreq <= 0) return `${slot === 'er' ? 'more' : 'most'} ${word}`;
  // A common verb in -t/-d whose -ed form is never seen has its past in its base ("cut", "set", "spread").
  if (pos === 'verb' && slot === 'past' && bestFreq <= 0 && /[td]$/.test(word) && th.frequency(word) > 0) return word;
  return best;
}

/** A synonym lemma put in a slot: a phrase inflects its head, the verb first ("pulled in"), the noun last. */
function inflectPhrase(th: Thesaurus, lemma: string, pos: Pos, slot: Slot): string {
  const words = lemma.split('_');
  const head = pos === 'verb' ? 0 : words.length - 1;
  words[head] = inflect(th, words[head] as string, pos, slot);
  return words.join(' ');
}

/**
 * What a lower-case word form can be replaced with. When the form is a plural, third person or past of
 * some lemma ("said" → say, "rates" → rate), only such readings are used: a spinner reading "said" as
 * the adjective ("aforesaid") is rarer than one reading it as the verb. An -ing form keeps its noun
 * readings ("meeting", "building"). No form is read as an inflection of a function word: "offer" is
 * not more "off".
 */
function options(th: Thesaurus, form: string): { text: string; multi: boolean }[] {
  const cached = th.optionCache.get(form);
  if (cached) return cached;
  const all = (th.readings.get(form) ?? []).filter((r) => !STOP.has(r.lemma) && synonyms(th, r.lemma, r.pos).length > 0);
  const inflected = all.filter((r) => r.slot === 's' || r.slot === 'past');
  const out: { text: string; multi: boolean }[] = [];
  for (const r of inflected.length > 0 ? inflected : all) {
    for (const syn of synonyms(th, r.lemma, r.pos)) {
      const text = inflectPhrase(th, syn, r.pos, r.slot);
      if (text !== form && !out.some((o) => o.text === text)) out.push({ text, multi: syn.includes('_') });
    }
  }
  th.optionCache.set(form, out);
  return out;
}

const STOP = new Set(STOPWORDS);
/** Abbreviations a period follows without ending the sentence. */
const ABBREVIATIONS = new Set(
  'mr mrs ms dr st jr sr co corp inc ltd bros no gen gov sen rep jan feb mar apr aug sep sept oct nov dec vs'.split(' '),
);

export interface Span {
  start: number;
  end: number;
}

/**
 * Sentence boundaries between tokens: `.`, `!` or `?` (closing quotes around it allowed) then
 * whitespace then a capital or digit, unless the word before is an abbreviation ("U.S.", "Mr.", an
 * initial); and every paragraph break (a blank line, or a new line indented as Reuters indents).
 * Returns, per token, whether it starts a sentence.
 */
function sentenceStarts(text: string, t: Tokens): Uint8Array {
  const starts = new Uint8Array(t.count);
  if (t.count > 0) starts[0] = 1;
  for (let i = 1; i < t.count; i++) {
    const gap = text.slice(t.end[i - 1], t.start[i]);
    if (/\n[ \t]*\n|\n[ \t]{2,}/.test(gap)) {
      starts[i] = 1;
      continue;
    }
    if (!/^[)"'’”\]]*[.!?][)"'’”\]]*\s/.test(gap) || !/[A-Z0-9]/.test(text.charAt(t.start[i] as number))) continue;
    const prev = text.slice(t.start[i - 1], t.end[i - 1]);
    const abbreviation = /[A-Za-z]\.[A-Za-z]/.test(prev) || /^[A-Z]$/.test(prev) || ABBREVIATIONS.has(prev.toLowerCase());
    if (!abbreviation) starts[i] = 1;
  }
  return starts;
}

/**
 * Sentence spans of a text: each from its first non-space character (an opening quote included) to
 * the end of its closing punctuation.
 */
export function sentences(text: string): Span[] {
  const t = tokenize(text);
  const starts = sentenceStarts(text, t);
  const out: Span[] = [];
  let from = -1;
  for (let i = 0; i <= t.count; i++) {
    if (i < t.count && !starts[i]) continue;
    if (from >= 0) {
      // This sentence runs to the end of the punctuation after its last token.
      const lastEnd = t.end[i - 1] as number;
      const rest = text.slice(lastEnd, i < t.count ? t.start[i] : text.length);
      out.push({ start: from, end: lastEnd + (/^\S*/.exec(rest)?.[0].length ?? 0) });
    }
    if (i < t.count) {
      // ... and starts at the opening punctuation before its first token.
      const prevEnd = out.length > 0 ? (out[out.length - 1] as Span).end : 0;
      const before = text.slice(prevEnd, t.start[i]);
      from = (t.start[i] as number) - (/\S*$/.exec(before)?.[0].length ?? 0);
    }
  }
  return out;
}

export interface SpinResult {
  text: string;
  /** Word tokens in the input (the engine's tokenizer). */
  words: number;
  /** Words a spinner could have replaced. */
  replaceable: number;
  /** Words replaced, in text order. */
  swaps: { from: string; to: string }[];
}

/**
 * One item, with chance proportional to its weight. Synonyms are weighted by how common they are
 * (1 + log(1 + count)), mildly: a spinner's thesaurus lists "stated" before "averred", but takes both.
 */
function weightedPick<T>(items: readonly T[], weight: (item: T) => number, rand: Rng): T {
  const ws = items.map(weight);
  let x = rand.next() * ws.reduce((a, b) => a + b, 0);
  for (let i = 0; i < items.length; i++) {
    x -= ws[i] as number;
    if (x < 0) return items[i] as T;
  }
  return items[items.length - 1] as T;
}

/** Capitalization of `like` put on `word`: a capital first letter carries over. */
function caseLike(like: string, word: string): string {
  return /^[A-Z]/.test(like) ? word.charAt(0).toUpperCase() + word.slice(1) : word;
}

/**
 * Replaces `rate` of all the text's words (rounded; fewer when fewer are replaceable) with synonyms,
 * chosen at random among the replaceable ones. A word is replaceable when it is not a function word,
 * holds no digit, is lower case (or capitalized only as a sentence's first word, not followed by another
 * capitalized word, which would make it part of a name) and has a synonym.
 */
export function spin(text: string, rate: number, th: Thesaurus, rand: Rng): SpinResult {
  const t = tokenize(text);
  const starts = sentenceStarts(text, t);
  const surface = (i: number): string => text.slice(t.start[i], t.end[i]);
  const candidates: number[] = [];
  for (let i = 0; i < t.count; i++) {
    const w = surface(i);
    if (!/^[A-Za-z]+$/.test(w)) continue; // digits, apostrophes, abbreviations with periods
    // Part of a hyphenated compound ("one-billion-dlr", "re-evaluated"): a thesaurus swaps whole words.
    if (text.charAt((t.start[i] as number) - 1) === '-' || text.charAt(t.end[i] as number) === '-') continue;
    const lower = w.toLowerCase();
    if (STOP.has(lower)) continue;
    if (w !== lower) {
      if (!starts[i] || w !== caseLike(w, lower)) continue; // a capital inside a sentence: a name
      const next = i + 1 < t.count ? surface(i + 1) : '';
      if (!starts[i + 1] && /^[A-Z]/.test(next)) continue; // "Standard Oil said": a name
    }
    if (options(th, lower).length > 0) candidates.push(i);
  }
  const want = Math.min(candidates.length, Math.round(rate * t.count));
  const chosen = rand.shuffle(candidates).slice(0, want).sort((a, b) => a - b);
  const swaps: SpinResult['swaps'] = [];
  let out = '';
  let at = 0;
  for (const i of chosen) {
    const from = surface(i);
    const opts = options(th, from.toLowerCase());
    const single = opts.filter((o) => !o.multi);
    const multi = opts.filter((o) => o.multi);
    const pool = single.length > 0 && (multi.length === 0 || !rand.chance(MULTI_WORD)) ? single : multi;
    const to = caseLike(from, weightedPick(pool, (o) => 1 + Math.log1p(th.frequency(o.text)), rand).text);
    swaps.push({ from, to });
    out += text.slice(at, t.start[i]) + to;
    at = t.end[i] as number;
  }
  return { text: out + text.slice(at), words: t.count, replaceable: candidates.length, swaps };
}

/** Entities of an alias table (aliases.ts format): each a list of variants as written in the table. */
export function aliasEntities(table: string): string[][] {
  return table
    .split('\n')
    .map((line) => line.replace(/#.*$/, '').trim())
    .filter((line) => line !== '')
    .map((line) => line.split('|').map((v) => v.trim()));
}

/** Table variants that are acronyms although the table writes them in lower case. */
const ACRONYMS = new Set('usa uae dprk nato imf wto ecb opec fbi cia gdp ceo'.split(' '));
/** Table variants that are common nouns, written in lower case in running text. */
const COMMON = new Set(['percent', 'per cent', 'pct', 'million', 'mln', 'billion', 'bln', 'dollars', 'dlrs', 'gross domestic product', 'chief executive officer']);

/** How a table variant is written in running text: "u.s" → "U.S.", "usa" → "USA", "russian federation" → "Russian Federation". */
export function displayVariant(v: string): string {
  if (v !== v.toLowerCase() || COMMON.has(v)) return v;
  if (v.includes('.')) return `${v.toUpperCase()}.`;
  if (ACRONYMS.has(v)) return v.toUpperCase();
  return v
    .split(' ')
    .map((w) => (w === 'of' || w === 'the' || w === 'and' ? w : w.startsWith("d'") ? `d'${caseLike('A', w.slice(2))}` : caseLike('A', w)))
    .join(' ');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Every occurrence of an alias variant replaced by another variant of its entity, the same one for the
 * whole text (a publisher's house style: all "U.S." become "USA"). Variants the table writes in capitals
 * match only as written (the pronoun "us" is not the US), as in the engine's alias table.
 */
export function swapAliases(text: string, entities: readonly string[][], rand: Rng): { text: string; swaps: number } {
  const found: { start: number; end: number; entity: number; variant: string }[] = [];
  entities.forEach((variants, entity) => {
    for (const v of variants) {
      const body = v.split(' ').map(escapeRegExp).join('[\\s-]+');
      // A dotted abbreviation takes its closing period ("U.S."), and is not the start of a longer one ("U.S.A").
      const dotted = v.includes('.') ? '\\.?' : '';
      const re = new RegExp(`(?<![\\p{L}\\p{N}.])${body}${dotted}(?![\\p{L}\\p{N}]|\\.[\\p{L}\\p{N}])`, v === v.toLowerCase() ? 'giu' : 'gu');
      for (const m of text.matchAll(re)) found.push({ start: m.index, end: m.index + m[0].length, entity, variant: v });
    }
  });
  found.sort((a, b) => a.start - b.start || b.end - a.end); // the longest at each place
  const choice = new Map<string, string>();
  let out = '';
  let at = 0;
  let swaps = 0;
  for (const f of found) {
    if (f.start < at) continue;
    // After a capitalized word, a variant is the end of a longer name: "West Germany", "New England".
    const before = /([A-Za-z]+)[ \t]+$/.exec(text.slice(Math.max(0, f.start - 40), f.start))?.[1];
    if (before !== undefined && /^[A-Z]/.test(before) && !STOP.has(before.toLowerCase())) continue;
    const key = `${f.entity} ${f.variant}`;
    let to = choice.get(key);
    if (to === undefined) {
      to = displayVariant(rand.pick((entities[f.entity] as string[]).filter((v) => v !== f.variant)));
      choice.set(key, to);
    }
    const from = text.slice(f.start, f.end);
    // A period that ended the sentence as well as the abbreviation stays where a paragraph or the text ends.
    if (from.endsWith('.') && !to.endsWith('.') && /^(\s*\n|\s*$)/.test(text.slice(f.end))) to += '.';
    out += text.slice(at, f.start) + caseLike(from, to);
    at = f.end;
    swaps++;
  }
  return { text: out + text.slice(at), swaps };
}
