/**
 * A synthetic news corpus of any size, built from Reuters-21578, with planted reuse and its truth.
 *
 *   node dist/bench/generate.js N OUT.jsonl TRUTH.jsonl [--data reuters21578.jsonl]
 *
 * Each base article takes a Reuters story's shape — its lines, paragraphs, punctuation, numbers' formats
 * and its 50 commonest words ("the", "said", "of", ...) in place — and draws every other word afresh from
 * Reuters' own word frequencies (capitalisation kept), and every digit at random. So the token stream
 * looks like news (Zipf-distributed words, news-length lines and documents) but no two base articles
 * share a run of words long enough to be reuse (30% of function words are swapped for another too, or
 * articles drawn from one story would share its skeleton of function words and figures' units). Articles come from 50 outlets; each outlet adds its own
 * page furniture (a footer line on every page, an "Advertisement" line on some), which the engine must
 * not count as reuse.
 *
 * 6% of the articles are planted reuse of an earlier base article (half the time a recent one, else
 * any), published 1 to 48 hours after it, by another outlet:
 * - `copy` (2%): the source's body, verbatim;
 * - `near` (2%): the body with 1 word in 25 replaced and one paragraph dropped;
 * - `excerpt` (2%): a new base article with a passage of 30 to 60 consecutive words of the source's
 *   body set in as a paragraph of its own.
 * Sources of `near` and `excerpt` have at least 100 words.
 * TRUTH.jsonl has one line per planted article: `{"id", "source", "kind"}`.
 *
 * Deterministic: article i depends only on i (its generator is seeded by i), so the first N lines of
 * a larger corpus are the corpus of size N, and a source's body is regenerated when a copy needs it.
 */
import { createWriteStream, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mulberry32 as rng } from '../test/helpers/random.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');

interface Story {
  title: string;
  text: string;
}

export interface Planted {
  id: string;
  source: string;
  kind: 'copy' | 'near' | 'excerpt';
}

const OUTLETS = 50;
const SPACING_MS = 30_000; // one article every 30 s: a million articles span ~347 days
const T0 = Date.UTC(2026, 0, 1);
const FUNCTION_WORDS = 50;
/** Share of function words swapped for another, so that articles of one story share no skeleton either. */
const SWAP_FUNCTION = 0.3;

const MIN_SOURCE_WORDS = 100;

function wordCount(s: string): number {
  return s.split(/\s+/).filter((w) => w !== '').length;
}

export const idOf = (i: number): string => `syn-${String(i).padStart(7, '0')}`;

export class Generator {
  private readonly stories: Story[];
  private readonly keep = new Set<string>();
  private readonly functionWords: string[] = [];
  /** Content words, each repeated as often as Reuters uses it: a uniform pick is a pick by frequency. */
  private readonly bag: string[] = [];

  constructor(data: string) {
    this.stories = readFileSync(data, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as Story);
    const freq = new Map<string, number>();
    for (const s of this.stories) {
      for (const w of s.text.match(/[A-Za-z]+/g) ?? []) {
        const k = w.toLowerCase();
        freq.set(k, (freq.get(k) ?? 0) + 1);
      }
    }
    const ranked = [...freq.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    for (const [w] of ranked.slice(0, FUNCTION_WORDS)) {
      this.keep.add(w);
      this.functionWords.push(w);
    }
    for (const [w, n] of ranked.slice(FUNCTION_WORDS)) for (let k = 0; k < n; k++) this.bag.push(w);
  }

  /** Function words stay, other words are drawn by frequency (case pattern kept), digits at random. */
  private rewrite(s: string, rand: () => number): string {
    return s.replace(/[A-Za-z]+|[0-9]/g, (w) => {
      if (w.length === 1 && w >= '0' && w <= '9') return String(Math.floor(rand() * 10));
      let r: string;
      if (this.keep.has(w.toLowerCase())) {
        if (rand() >= SWAP_FUNCTION) return w;
        r = this.functionWords[Math.floor(rand() * this.functionWords.length)] as string;
      } else r = this.bag[Math.floor(rand() * this.bag.length)] as string;
      if (w === w.toUpperCase() && w.length > 1) return r.toUpperCase();
      if (w[0] === (w[0] as string).toUpperCase()) return (r[0] as string).toUpperCase() + r.slice(1);
      return r;
    });
  }

  /** Title and body of base article i (a function of i only). */
  base(i: number): Story {
    const rand = rng(0x9e3779b9 ^ Math.imul(i + 1, 0x85ebca6b));
    const story = this.stories[Math.floor(rand() * this.stories.length)] as Story;
    return { title: this.rewrite(story.title, rand), text: this.rewrite(story.text, rand) };
  }

  /** The page as an outlet publishes it: its furniture around the body. */
  private page(body: string, outlet: number): string {
    const paras = body.split('\n    ');
    if (outlet % 3 === 0 && paras.length > 2) paras.splice(2, 0, 'Advertisement');
    return `${paras.join('\n    ')}\nCopyright 2026 Outlet ${outlet} News. All rights reserved.`;
  }

  private static iso(t: number): string {
    return new Date(t).toISOString().replace('.000Z', 'Z');
  }

  /** Article i: a JSON line, and its truth if it is planted. */
  article(i: number): { line: string; planted: Planted | null } {
    const rand = rng(0x27d4eb2f ^ Math.imul(i + 1, 0x165667b1));
    const outlet = Math.floor(rand() * OUTLETS);
    const roll = rand();
    let planted: Planted | null = null;
    let title: string;
    let body: string;
    let time = T0 + i * SPACING_MS + Math.floor((rand() - 0.5) * 4 * 3600_000);
    if (i >= 100 && roll < 0.06) {
      const kind = roll < 0.02 ? 'copy' : roll < 0.04 ? 'near' : 'excerpt';
      // An edited copy or an excerpt needs a source with words to spare: a 20-word brief edited is a
      // formula with other figures (the engine rightly does not call it reuse).
      let j = this.sourceFor(i, rand);
      let src = this.base(j);
      while (kind !== 'copy' && wordCount(src.text) < MIN_SOURCE_WORDS) src = this.base((j = this.sourceFor(i, rand)));
      planted = { id: idOf(i), source: idOf(j), kind };
      const srcTime = this.baseTime(j);
      time = Math.max(time, srcTime + 3600_000 + Math.floor(rand() * 47 * 3600_000));
      if (kind === 'copy') {
        title = src.title;
        body = src.text;
      } else if (kind === 'near') {
        title = src.title;
        body = this.edit(src.text, rand);
      } else {
        const own = this.base(i);
        title = own.title;
        body = this.insertExcerpt(own.text, src.text, rand);
      }
    } else {
      const own = this.base(i);
      title = own.title;
      body = own.text;
    }
    const record = {
      id: idOf(i),
      title,
      text: this.page(body, outlet),
      source: `outlet-${String(outlet).padStart(2, '0')}`,
      published_at: Generator.iso(time),
    };
    return { line: JSON.stringify(record), planted };
  }

  /** Publication time of base article j (the same draw as in article(j)). */
  private baseTime(j: number): number {
    const rand = rng(0x27d4eb2f ^ Math.imul(j + 1, 0x165667b1));
    rand(); // outlet
    rand(); // roll
    return T0 + j * SPACING_MS + Math.floor((rand() - 0.5) * 4 * 3600_000);
  }

  /** An earlier article that is not itself planted: half the time one of the last 5,000, else any. */
  private sourceFor(i: number, rand: () => number): number {
    for (;;) {
      const recent = rand() < 0.5;
      const j = recent ? Math.max(0, i - 1 - Math.floor(rand() * Math.min(5000, i))) : Math.floor(rand() * i);
      if (!this.isPlanted(j)) return j;
    }
  }

  isPlanted(j: number): boolean {
    if (j < 100) return false;
    const rand = rng(0x27d4eb2f ^ Math.imul(j + 1, 0x165667b1));
    rand();
    return rand() < 0.06;
  }

  /** 1 word in 25 replaced, and one paragraph (not the first) dropped when there are three or more. */
  private edit(text: string, rand: () => number): string {
    const paras = text.split('\n    ');
    if (paras.length >= 3) paras.splice(1 + Math.floor(rand() * (paras.length - 1)), 1);
    return paras
      .join('\n    ')
      .replace(/[A-Za-z]+/g, (w) => (rand() < 0.04 ? (this.bag[Math.floor(rand() * this.bag.length)] as string) : w));
  }

  /** `own` with 30 to 60 consecutive words of `src` set in as a paragraph after its first. */
  private insertExcerpt(own: string, src: string, rand: () => number): string {
    const words = src.split(/\s+/).filter((w) => w !== '');
    const len = Math.min(words.length, 30 + Math.floor(rand() * 31));
    const from = Math.floor(rand() * Math.max(1, words.length - len + 1));
    const excerpt = words.slice(from, from + len).join(' ');
    const paras = own.split('\n    ');
    paras.splice(Math.min(1, paras.length), 0, excerpt);
    return paras.join('\n    ');
  }
}

/** Writes articles [0, n) to `out` and the planted ones' truth to `truth`. */
export async function generate(n: number, out: string, truth: string, data: string): Promise<{ planted: number }> {
  const gen = new Generator(data);
  const o = createWriteStream(out);
  const t = createWriteStream(truth);
  let planted = 0;
  const write = (s: { write(x: string): boolean; once(e: string, f: () => void): unknown }, x: string): Promise<void> | undefined =>
    s.write(x) ? undefined : new Promise((res) => s.once('drain', res));
  let buf: string[] = [];
  let tbuf: string[] = [];
  for (let i = 0; i < n; i++) {
    const a = gen.article(i);
    buf.push(a.line);
    if (a.planted) {
      tbuf.push(JSON.stringify(a.planted));
      planted++;
    }
    if (buf.length >= 2000 || i === n - 1) {
      await write(o, buf.join('\n') + '\n');
      if (tbuf.length > 0) await write(t, tbuf.join('\n') + '\n');
      buf = [];
      tbuf = [];
    }
  }
  await Promise.all([new Promise((r) => o.end(r)), new Promise((r) => t.end(r))]);
  return { planted };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const [n, out, truth] = process.argv.slice(2);
  if (!n || !out || !truth) {
    process.stderr.write('usage: generate.js N OUT.jsonl TRUTH.jsonl [--data reuters21578.jsonl]\n');
    process.exit(2);
  }
  const i = process.argv.indexOf('--data');
  const data = i > 0 ? (process.argv[i + 1] as string) : path.resolve(root, '..', 'shared', 'data', 'reuters21578.jsonl');
  const t0 = performance.now();
  const r = await generate(Number(n), out, truth, data);
  process.stderr.write(`generated ${n} articles (${r.planted} planted) in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
}
