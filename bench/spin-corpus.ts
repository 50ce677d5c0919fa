/**
 * The spin benchmark's corpus (issue 3): clean Reuters-21578 stories as originals, one later copy of
 * each per kind of reuse, and untouched clean stories as negatives. Pure apart from the data it is
 * given: the same stories, thesaurus and seed give the same corpus.
 */
import { hashRun } from '../src/text/hash.js';
import { tokenize } from '../src/text/tokenize.js';
import { rng, type Rng } from '../test/helpers/random.js';
import { sentences, spin, swapAliases, type Span, type Thesaurus } from './spinner.js';

export interface Story {
  id: string;
  title: string;
  text: string;
}

/** A record of the corpus, in the JSONL input format. */
export interface CorpusRecord {
  id: string;
  title: string;
  text: string;
  source: string;
  published_at: string;
}

export const KINDS = ['sub0', 'sub10', 'sub20', 'sub30', 'sub40', 'sub50', 'alias', 'excerpt', 'excerpt-spun', 'reorder', 'furniture'] as const;
export type Kind = (typeof KINDS)[number];

export interface CopyTruth {
  id: string;
  kind: Kind;
  original: string;
  /** Share of the reused text's words replaced by synonyms (of the excerpt, for the excerpt kinds). */
  rate: number;
  /** The share asked for; `rate` is less where the text had fewer replaceable words. */
  requested: number;
  /** Alias occurrences swapped (alias kind). */
  aliasSwaps?: number;
  /** Share of the copy's words that come from the original (excerpt kinds). */
  excerptShare?: number;
  /** The Reuters story the excerpt was pasted into (not in the corpus). */
  host?: string;
}

export interface Truth {
  copies: CopyTruth[];
  negatives: string[];
  originals: string[];
}

/** Stories short and long enough to be news articles: fewer words than a paragraph, or a long report, are out. */
const MIN_WORDS = 120;
const MAX_WORDS = 600;
/** Tables of figures (commodity prices, results) are not prose a spinner works on. */
const MAX_NUMERIC = 0.2;
/** Word n-gram length of the cleanliness test: long enough that shared wire formulas pass, reuse does not. */
const CLEAN_GRAM = 8;

/**
 * The stories that share no word 8-gram with any other Reuters story and whose title is unique, with
 * 120–600 words, mostly prose and at least three sentences. Reuters holds re-sent and corrected stories
 * and shared wire boilerplate; a story with any of that could be a true `partial` of another, and would
 * blur the benchmark's truth.
 */
export function cleanStories(stories: readonly Story[]): Story[] {
  const tokens = stories.map((s) => tokenize(s.text));
  // 8-gram → the one story holding it, or -1 once a second story holds it. Two 32-bit hashes make a
  // 53-bit key, so that chance collisions (which would only cost a clean story) stay negligible.
  const owner = new Map<number, number>();
  const key = (id: Uint32Array, k: number): number => hashRun(id, k, k + CLEAN_GRAM) * 0x200000 + (hashRun(id, k, k + CLEAN_GRAM, 1) & 0x1fffff);
  tokens.forEach((t, s) => {
    for (let k = 0; k + CLEAN_GRAM <= t.count; k++) {
      const g = key(t.id, k);
      const o = owner.get(g);
      if (o === undefined) owner.set(g, s);
      else if (o !== s) owner.set(g, -1);
    }
  });
  const titles = new Map<string, number>();
  for (const s of stories) titles.set(s.title, (titles.get(s.title) ?? 0) + 1);
  return stories.filter((story, s) => {
    const t = tokens[s]!;
    if (t.count < MIN_WORDS || t.count > MAX_WORDS || titles.get(story.title) !== 1) return false;
    let numeric = 0;
    for (let k = 0; k < t.count; k++) if (/\d/.test(story.text.slice(t.start[k], t.end[k]))) numeric++;
    if (numeric > MAX_NUMERIC * t.count || sentences(story.text).length < 3) return false;
    for (let k = 0; k + CLEAN_GRAM <= t.count; k++) if (owner.get(key(t.id, k)) === -1) return false;
    return true;
  });
}

/** Lower-case word form → occurrences, over some stories: tells real inflections from over-generated ones. */
export function formFrequencies(stories: readonly Story[]): Map<string, number> {
  const freq = new Map<string, number>();
  for (const { text } of stories) {
    const t = tokenize(text);
    for (let k = 0; k < t.count; k++) {
      const w = text.slice(t.start[k], t.end[k]).toLowerCase();
      freq.set(w, (freq.get(w) ?? 0) + 1);
    }
  }
  return freq;
}

/**
 * Page furniture per farm publisher: the same lines on every page of one publisher, as a site's
 * template, so the engine can learn them from the corpus.
 */
export const FARMS: readonly { source: string; top: string[]; middle: string; bottom: string[] }[] = [
  { source: 'farm-a', top: ['Sign up for our newsletter', 'Photo: traders at work on the floor of the exchange (Morning Ledger file)'], middle: 'Advertisement', bottom: ['Share this article', '© 2026 The Morning Ledger. All rights reserved.'] },
  { source: 'farm-b', top: ['Subscribe to the Market Pulse daily briefing', 'Photo: a container ship at a port (Market Pulse / Archive)'], middle: 'ADVERTISEMENT', bottom: ['Share on Facebook', 'Share on Twitter'] },
  { source: 'farm-c', top: ['Get Capital Courier headlines in your inbox', 'Image: the skyline of the financial district (Capital Courier)'], middle: 'Advertisement - scroll to continue', bottom: ['Share this story', 'Copyright Capital Courier 2026'] },
  { source: 'farm-d', top: ['Sign up for the Trade Beat newsletter', 'Photo: oil storage tanks at a refinery (Trade Beat photo)'], middle: 'Sponsored content', bottom: ['Share this article', 'More from Trade Beat'] },
  { source: 'farm-e', top: ['Never miss a story: join the Global Brief mailing list', 'Photo: a farmer inspects crops in a field (Global Brief)'], middle: 'Advertisement', bottom: ['Share', 'Global Brief is an independent news service'] },
];

/** Substitution rates of the plain substitution kinds. */
const SUBSTITUTION: Partial<Record<Kind, number>> = { sub0: 0, sub10: 0.1, sub20: 0.2, sub30: 0.3, sub40: 0.4, sub50: 0.5 };

/** A seeded generator for one (seed, parts…) pair: each copy draws its own, so kinds do not shift one another. */
function rngFor(seed: number, ...parts: number[]): Rng {
  return rng(hashRun([seed, ...parts], 0, parts.length + 1));
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** Sentence texts of a story, each on one line. */
function sentenceTexts(text: string, spans: readonly Span[] = sentences(text)): string[] {
  return spans.map((s) => oneLine(text.slice(s.start, s.end)));
}

function words(text: string): number {
  return tokenize(text).count;
}

/** A contiguous third of the sentences (at least 40 words when the story has them) from a random start. */
function excerptOf(text: string, r: Rng): string {
  const sents = sentenceTexts(text);
  const len = Math.max(1, Math.ceil(sents.length / 3));
  let from = r.int(0, sents.length - len);
  let to = from + len;
  const count = (): number => words(sents.slice(from, to).join(' '));
  while (count() < 40 && to < sents.length) to++;
  while (count() < 40 && from > 0) from--;
  return sents.slice(from, to).join(' ');
}

/** The excerpt pasted into the host story between two of its sentences near the middle, as its own paragraph. */
function paste(host: string, excerpt: string): string {
  const spans = sentences(host);
  const at = (spans[Math.floor(spans.length / 2) - 1] as Span).end;
  return `${host.slice(0, at)}\n    ${excerpt}\n    ${host.slice(at).trimStart()}`;
}

/** Sentences shuffled (never left in their order), one a paragraph. */
function reorder(text: string, r: Rng): string {
  const sents = sentenceTexts(text);
  let shuffled = r.shuffle(sents);
  while (sents.length > 1 && shuffled.every((s, i) => s === sents[i])) shuffled = r.shuffle(sents);
  return shuffled.join('\n    ');
}

/** A farm's furniture around and inside a text, and a one-off teaser for another story mid-way. */
function furnish(text: string, farm: (typeof FARMS)[number], teaser: string): string {
  const spans = sentences(text);
  const third = (k: number): number => (spans[Math.max(0, Math.floor((spans.length * k) / 3) - 1)] as Span).end;
  const a = third(1);
  const b = Math.max(a, third(2));
  const body = `${text.slice(0, a)}\n\n${farm.middle}\n\n${text.slice(a, b).trim()}\n\nRead more: ${teaser}\n\n${text.slice(b).trim()}`;
  return `${farm.top.join('\n')}\n\n${body}\n\n${farm.bottom.join('\n')}`;
}

/** "BAHIA COCOA REVIEW" → "Bahia cocoa review". */
function sentenceCase(title: string): string {
  const lower = title.replace(/<[^>]*>/g, '').replace(/\s+/g, ' ').trim().toLowerCase();
  return lower.charAt(0).toUpperCase() + lower.slice(1);
}

export interface SpinCorpus {
  records: CorpusRecord[];
  truth: Truth;
  /** Examples for the reader: an original sentence and the same sentence in a copy. */
  examples: { kind: Kind; original: string; copy: string }[];
}

export interface CorpusOptions {
  /** Every Reuters story (teasers' titles come from them). */
  stories: readonly Story[];
  /** The clean ones (cleanStories), from which originals, negatives and hosts are drawn. */
  clean: readonly Story[];
  originals: number;
  negatives: number;
  seed: number;
  thesaurus: Thesaurus;
  aliases: readonly string[][];
}

const T0 = Date.UTC(2026, 0, 1);
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export function buildCorpus(o: CorpusOptions): SpinCorpus {
  const need = o.originals * 3 + o.negatives; // each original, its two hosts, the negatives
  if (o.clean.length < need) throw new Error(`only ${o.clean.length} clean stories; ${o.originals} originals and ${o.negatives} negatives need ${need}`);
  const r = rngFor(o.seed, 0);
  const pool = r.shuffle(o.clean);
  const originals = pool.slice(0, o.originals);
  const negatives = pool.slice(o.originals, o.originals + o.negatives);
  const hosts = pool.slice(o.originals + o.negatives, need);
  // Wire stories (originals and negatives) interleaved over the first day, a minute apart.
  const slots = r.shuffle([...Array(o.originals + o.negatives).keys()]);
  const at = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');
  const num = (s: Story): string => s.id.replace(/^\D+/, ''); // "reuters-123" → "123"
  const wire = (s: Story, prefix: string, slot: number): CorpusRecord => ({ id: `${prefix}-${num(s)}`, title: s.title, text: s.text, source: 'wire', published_at: at(T0 + slot * MINUTE) });

  const records: CorpusRecord[] = [];
  const truth: Truth = { copies: [], negatives: [], originals: [] };
  const examples: SpinCorpus['examples'] = [];
  negatives.forEach((s, i) => {
    const rec = wire(s, 'neg', slots[o.originals + i] as number);
    records.push(rec);
    truth.negatives.push(rec.id);
  });
  originals.forEach((s, i) => {
    const orig = wire(s, 'orig', slots[i] as number);
    records.push(orig);
    truth.originals.push(orig.id);
    const origTime = Date.parse(orig.published_at);
    KINDS.forEach((kind, k) => {
      const cr = rngFor(o.seed, 1, i, k);
      const farm = cr.pick(FARMS);
      const id = `${kind}-${num(s)}`;
      let text: string;
      let title = s.title;
      const t: CopyTruth = { id, kind, original: orig.id, rate: 0, requested: 0 };
      const spun = (input: string, rate: number): string => {
        const res = spin(input, rate, o.thesaurus, cr);
        t.rate = res.swaps.length / res.words;
        t.requested = rate;
        return res.text;
      };
      const sub = SUBSTITUTION[kind];
      if (sub !== undefined) text = spun(s.text, sub);
      else if (kind === 'alias') {
        const a = swapAliases(s.text, o.aliases, cr);
        t.aliasSwaps = a.swaps;
        text = spun(a.text, 0.1);
      } else if (kind === 'excerpt' || kind === 'excerpt-spun') {
        const host = hosts[2 * i + (kind === 'excerpt' ? 0 : 1)] as Story;
        const excerpt = kind === 'excerpt' ? excerptOf(s.text, cr) : spun(excerptOf(s.text, cr), 0.2);
        text = paste(host.text, excerpt);
        title = host.title;
        t.host = host.id;
        t.excerptShare = words(excerpt) / words(text);
      } else if (kind === 'reorder') text = spun(reorder(s.text, cr), 0.1);
      else text = furnish(spun(s.text, 0.2), farm, sentenceCase(cr.pick(o.stories).title));
      records.push({ id, title, text, source: farm.source, published_at: at(origTime + DAY + k * MINUTE) });
      truth.copies.push(t);
      if (i < 3 && (kind === 'sub20' || kind === 'sub40' || kind === 'alias')) examples.push(example(kind, s.text, text, o.aliases));
    });
  });
  // A news feed's order: by time, then id.
  records.sort((a, b) => a.published_at.localeCompare(b.published_at) || a.id.localeCompare(b.id));
  return { records, truth, examples };
}

/**
 * The first sentence of 12 words or more that the copy changed (for `alias`, one with an alias in it if
 * any), side by side: substitution keeps sentences in place.
 */
function example(kind: Kind, original: string, copy: string, aliases: readonly string[][]): SpinCorpus['examples'][number] {
  const a = sentenceTexts(original);
  const b = sentenceTexts(copy);
  const changed = (s: string, j: number): boolean => s !== b[j] && words(s) >= 12;
  const hasAlias = (s: string): boolean => swapAliases(s, aliases, rng(0)).swaps > 0;
  let k = kind === 'alias' ? a.findIndex((s, j) => changed(s, j) && hasAlias(s)) : -1;
  if (k < 0) k = Math.max(0, a.findIndex(changed));
  return { kind, original: a[k] ?? '', copy: b[k] ?? '' };
}
