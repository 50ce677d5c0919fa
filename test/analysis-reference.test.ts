/**
 * Per-document analysis against its slow reference (helpers/reference.ts): the optimised scanner,
 * alias merging, shingles, winnowing, immutable-word fingerprints, MinHash, lines and dates must give
 * the very same output, bit for bit, on random and adversarial inputs.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, parseTime } from '../src/index/analyze.js';
import { aliasTable, canonicalTokens, DEFAULT_ALIASES } from '../src/lexicon/aliases.js';
import { canonicalize } from '../src/lexicon/lexicon.js';
import { defaultLexicon } from '../src/lexicon/load.js';
import type { Article } from '../src/model/types.js';
import { resolveOptions } from '../src/options.js';
import { immutableFingerprints } from '../src/sketch/immutables.js';
import { minhash } from '../src/sketch/minhash.js';
import { shingles } from '../src/sketch/shingle.js';
import { winnow } from '../src/sketch/winnow.js';
import { splitLines } from '../src/text/lines.js';
import { tokenize, type Tokens } from '../src/text/tokenize.js';
import {
  refAnalyze,
  refCanonicalTokens,
  refImmutableFingerprints,
  refMinhash,
  refParseTime,
  refShingles,
  refSplitLines,
  refTokenize,
  refWinnow,
} from './helpers/reference.js';
import { rng, type Rng } from './helpers/random.js';

const opts = resolveOptions({}, defaultLexicon());

/** Pieces that exercise every path of the scanner: joiners, digits, non-ASCII words, CJK, surrogates. */
const PIECES = [
  ...'aZq09 ',
  ' ',
  '  ',
  '\n',
  '\t',
  '.',
  ',',
  "'",
  '’',
  '‘',
  'ʼ',
  '-',
  ':',
  '"',
  'é',
  'ß',
  'ẞ',
  'ς',
  'ﬁ',
  'Ａ',
  '１',
  '٣',
  'İ',
  'ǅ',
  'Ⅷ',
  '½',
  '\u0301',
  '\ufe0f',
  '\u200d',
  '\u00a0',
  '\u3000',
  '\u2028',
  '\ufeff',
  '中',
  '文',
  'の',
  'カ',
  '\ud840\udc00', // CJK extension B
  '\ud835\udc00', // mathematical bold A: a letter outside the BMP
  '\ud83d\ude00', // an emoji
  '\ud800',
  '\udc00',
  '\udbff',
  'U.S',
  'u.s.a',
  'US',
  'us',
  'mln',
  'dlrs',
  'pct',
  'per cent',
  'Russian Federation',
  'russian - federation',
  'north  atlantic\ntreaty organisation',
  'WHO',
  'who',
  "Côte d’Ivoire",
  "people's republic of china",
  '1,234',
  '5.93',
  "it's",
  "90's",
  'the ',
  'said ',
  'of ',
];

function randomText(r: Rng, maxPieces: number): string {
  let s = '';
  const n = r.int(0, maxPieces);
  for (let i = 0; i < n; i++) s += r.pick(PIECES);
  return s;
}

function sameTokens(got: Tokens, want: Tokens, what: string): void {
  assert.equal(got.count, want.count, `${what}: count`);
  const n = want.count;
  assert.deepEqual([...got.start.subarray(0, n)], [...want.start.subarray(0, n)], `${what}: start`);
  assert.deepEqual([...got.end.subarray(0, n)], [...want.end.subarray(0, n)], `${what}: end`);
  assert.deepEqual([...got.id.subarray(0, n)], [...want.id.subarray(0, n)], `${what}: id`);
  assert.equal(got.raw === undefined, want.raw === undefined, `${what}: raw present`);
  if (got.raw && want.raw) assert.deepEqual([...got.raw.subarray(0, n)], [...want.raw.subarray(0, n)], `${what}: raw`);
}

describe('analysis against the slow reference', () => {
  it('tokenize: same tokens, offsets and ids on random Unicode text (3,000 strings)', () => {
    const r = rng(0xa11ce);
    for (let k = 0; k < 3000; k++) {
      const text = randomText(r, 60);
      sameTokens(tokenize(text), refTokenize(text), JSON.stringify(text));
    }
  });

  it('canonicalize: same merged tokens and raw ids, default and exact-case aliases (3,000 strings)', () => {
    const r = rng(0xa1145);
    const table = aliasTable({ text: DEFAULT_ALIASES, name: 'default' }, { text: 'acme corp | ACME | a.c.m.e | acme-co\n', name: 'extra' });
    for (let k = 0; k < 3000; k++) {
      const text = randomText(r, 40) + (k % 3 === 0 ? ' ACME acme a.c.m.e corp' : '');
      const want = refCanonicalTokens(text, refTokenize(text), opts.lexicon.aliases);
      sameTokens(canonicalize(text, opts.lexicon), want, JSON.stringify(text));
      const tokens = tokenize(text);
      sameTokens(canonicalTokens(text, tokens, table), refCanonicalTokens(text, tokens, table), `extra table: ${JSON.stringify(text)}`);
      // Canonical tokens (with raw) again: nothing more merges, raw is kept.
      const once = canonicalTokens(text, tokens, table);
      sameTokens(canonicalTokens(text, once, table), refCanonicalTokens(text, once, table), `twice: ${JSON.stringify(text)}`);
    }
  });

  it('shingles, winnow, minhash and lines: same output on random ids (ties and short inputs included)', () => {
    const r = rng(0x5ce7c);
    for (let k = 0; k < 1500; k++) {
      const n = r.int(0, 300);
      const vocab = r.pick([2, 5, 1000, 0]);
      const ids = new Uint32Array(n);
      for (let i = 0; i < n; i++) ids[i] = vocab === 0 ? r.u32() : r.int(0, vocab - 1);
      const kk = r.int(1, 8);
      const seed = r.pick([0, 0x5bd1e995]);
      const sh = shingles(ids, n, kk, seed);
      assert.deepEqual([...sh], [...refShingles(ids, n, kk, seed)], `shingles n=${n} k=${kk}`);
      const w = r.int(1, 30);
      const hashes = vocab === 0 ? sh : ids; // small vocabularies: many ties
      const got = winnow(hashes, w);
      const want = refWinnow(hashes, w);
      assert.deepEqual([...got.pos], [...want.pos], `winnow positions n=${n} w=${w}`);
      assert.deepEqual([...got.hash], [...want.hash], `winnow hashes n=${n} w=${w}`);
      // 5000: more bins than the densification table covers (sketch/minhash.ts), now and then.
      const numPerm = k % 50 === 0 ? 5000 : r.pick([128, 128, 64, 1, 2, 100]);
      assert.deepEqual([...minhash(sh, numPerm)], [...refMinhash(sh, numPerm)], `minhash n=${sh.length} numPerm=${numPerm}`);
    }
    for (let k = 0; k < 1000; k++) {
      const text = randomText(r, 50);
      const tokens = canonicalize(text, opts.lexicon);
      const got = splitLines(text, tokens);
      const want = refSplitLines(text, tokens);
      assert.equal(got.count, want.count);
      for (const f of ['hash', 'tokenStart', 'tokenEnd'] as const) assert.deepEqual([...got[f]], [...want[f]], `lines ${f}: ${JSON.stringify(text)}`);
    }
  });

  it('immutable-word fingerprints: same output on random text of real words', () => {
    const r = rng(0x1337);
    const words = 'the of and to a in said it for on is was company year pct mln dlrs shares market price rose fell Reuters Smith Tokyo 1987 155,221 5.93 bank rate oil trade'.split(' ');
    for (let k = 0; k < 1000; k++) {
      const n = r.int(0, 200);
      const text = Array.from({ length: n }, () => r.pick(words)).join(r.pick([' ', '\n']));
      const tokens = canonicalize(text, opts.lexicon);
      for (const [kk, w] of [[6, 6], [3, 4], [1, 1]] as const) {
        const got = immutableFingerprints(tokens, opts.lexicon, kk, w);
        const want = refImmutableFingerprints(tokens, opts.lexicon, kk, w);
        assert.deepEqual([...got.hash], [...want.hash], `hash k=${kk} w=${w}`);
        assert.deepEqual([...got.pos], [...want.pos], `pos k=${kk} w=${w}`);
      }
    }
  });

  it('parseTime: same result on every form, every field in and out of range, and mutated strings', () => {
    const p2 = (v: number): string => String(v).padStart(2, '0');
    const inputs: (string | undefined)[] = [undefined, '', 'bad', '2024', '2024-01-01T', '2024-01-01 10:00', '2024-01-01T10:00:00.5Z'];
    for (const y of [0, 50, 99, 100, 999, 1000, 1582, 1900, 1969, 1970, 2000, 2024, 2100, 9999]) {
      for (let m = 0; m <= 13; m++) {
        for (const d of [0, 1, 28, 29, 30, 31, 32]) {
          const date = `${String(y).padStart(4, '0')}-${p2(m)}-${p2(d)}`;
          inputs.push(date, `${date}T00:00:00Z`, `${date}T23:59:59Z`, `${date}T24:00:00Z`, `${date}T12:34:56+05:30`, `${date}T12:34:56-23:59`);
        }
      }
    }
    for (let h = 0; h <= 25; h++) for (const mi of [0, 59, 60]) for (const s of [0, 59, 60]) inputs.push(`2024-03-10T${p2(h)}:${p2(mi)}:${p2(s)}Z`);
    for (let oh = 0; oh <= 25; oh++) for (const om of [0, 30, 59, 60]) inputs.push(`2024-03-10T12:00:00+${p2(oh)}:${p2(om)}`, `2024-03-10T12:00:00-${p2(oh)}:${p2(om)}`);
    const r = rng(0xda7e);
    const alphabet = [...'0123456789-:TZ+ .x', '٣', '１'];
    for (let k = 0; k < 20000; k++) {
      let s = '2024-02-29T23:59:59+05:30'.slice(0, r.pick([10, 16, 19, 20, 25]));
      if (s.length === 20) s = `${s.slice(0, 19)}Z`;
      for (let j = r.int(0, 2); j > 0; j--) {
        const at = r.int(0, s.length - 1);
        s = s.slice(0, at) + r.pick(alphabet) + s.slice(at + 1);
      }
      inputs.push(s);
      const y = r.int(1000, 9999);
      inputs.push(`${y}-${p2(r.int(1, 12))}-${p2(r.int(1, 31))}T${p2(r.int(0, 23))}:${p2(r.int(0, 59))}:${p2(r.int(0, 59))}Z`);
    }
    for (const s of inputs) assert.equal(parseTime(s), refParseTime(s), JSON.stringify(s));
  });

  it('analyze: the same document features as the reference pipeline (500 random articles)', () => {
    const r = rng(0xd0c5);
    const dates = ['2024-02-29T10:00:00Z', '2023-02-29', '1987-03-02T05:59:59+01:00', undefined, 'soon'];
    for (let k = 0; k < 500; k++) {
      const article: Article = { id: `a${k}`, text: randomText(r, 400), published_at: r.pick(dates) };
      const got = analyze(article, k, opts);
      const want = refAnalyze(article, k, opts);
      sameTokens(got.tokens, want.tokens, article.text);
      for (const f of ['fingerprints', 'fingerprintPos', 'signature', 'lines', 'lineTokenStart', 'lineTokenEnd'] as const) {
        assert.deepEqual([...got.doc[f]], [...want.doc[f]], `${f} of ${JSON.stringify(article.text)}`);
      }
      assert.equal(got.doc.time, want.doc.time);
      assert.equal(got.doc.tokenCount, want.doc.tokenCount);
      assert.equal(got.doc.seq, k);
    }
  });

  it('analyze: every result kept stays intact while later documents are analysed (carved arrays never overlap)', () => {
    // Tokens and features are carved from shared chunks (text/arena.ts): checked only after the whole
    // run, so that a later document writing over an earlier one's arrays would show.
    const r = rng(0xa7e4a);
    const huge = Array.from({ length: 60_000 }, (_, i) => `w${i % 3000} said`).join(' '); // past a chunk's quarter: a buffer of its own
    const articles: Article[] = [];
    for (let k = 0; k < 1500; k++) articles.push({ id: `a${k}`, text: k % 500 === 250 ? huge : randomText(r, r.pick([5, 60, 400])) });
    const got = articles.map((a, k) => analyze(a, k, opts));
    const chunks = new Set(got.map((g) => g.doc.fingerprints.buffer));
    assert.ok(chunks.size > 1 && chunks.size < got.length / 10, `documents share a few chunks (${chunks.size})`);
    got.forEach((g, k) => {
      const article = articles[k] as Article;
      const want = refAnalyze(article, k, opts);
      sameTokens(g.tokens, want.tokens, `document ${k}`);
      for (const f of ['fingerprints', 'fingerprintPos', 'signature', 'lines', 'lineTokenStart', 'lineTokenEnd'] as const) {
        assert.deepEqual([...g.doc[f]], [...want.doc[f]], `${f} of document ${k}`);
      }
    });
  });

  it('analyze: a huge document, then small ones (scratch arrays grow, then shrink)', () => {
    const r = rng(0xb16);
    const huge = Array.from({ length: 100_000 }, (_, i) => `w${i % 5000} said`).join(' ');
    for (const text of [huge, randomText(r, 50), huge.slice(0, 5000), randomText(r, 200), '']) {
      const article: Article = { id: 'x', text };
      const got = analyze(article, 0, opts);
      const want = refAnalyze(article, 0, opts);
      sameTokens(got.tokens, want.tokens, `${text.length} characters`);
      for (const f of ['fingerprints', 'fingerprintPos', 'signature', 'lines', 'lineTokenStart', 'lineTokenEnd'] as const) {
        assert.deepEqual([...got.doc[f]], [...want.doc[f]], `${f} of ${text.length} characters`);
      }
    }
  });
});
