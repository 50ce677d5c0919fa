/**
 * Seeing through spinning: the alias table, the WordNet lexicon, immutable-word fingerprints,
 * substitution-tolerant alignment (against a brute-force reference), and a spun copy end to end.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { alignTexts, readToward } from '../src/align/align.js';
import { rewriteToward, senseTable } from '../src/align/synonyms.js';
import { compare, scan } from '../src/engine.js';
import { aliasTable, AliasSyntaxError, canonicalTokens, DEFAULT_ALIASES } from '../src/lexicon/aliases.js';
import {
  canonicalize,
  decodeLexicon,
  encodeLexicon,
  keyTable,
  loadLexicon,
  entryOf,
  FIXED,
  related,
  STOPWORD,
  type Lexicon,
} from '../src/lexicon/lexicon.js';
import { defaultLexicon, LEXICON_FILE } from '../src/lexicon/load.js';
import { immutableFingerprints, isImmutableFingerprint } from '../src/sketch/immutables.js';
import { createMemoryStore } from '../src/store/memory.js';
import { tokenId, tokenize } from '../src/text/tokenize.js';
import { alignOptions } from '../src/reuse.js';
import { resolveOptions, IMMUTABLE_SHINGLE, IMMUTABLE_WINDOW } from '../src/options.js';
import { fmix32, mixInto } from '../src/text/hash.js';
import type { Tokens } from '../src/text/tokenize.js';
import { rng } from './helpers/random.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixture = (name: string): string => readFileSync(path.join(ROOT, 'test', 'fixtures', name), 'utf8');
const ORIGINAL = fixture('spin-original.txt');
const SPUN = fixture('spin-copy.txt');
const UNRELATED = fixture('spin-unrelated.txt');

const lex: Lexicon = defaultLexicon();
const entry = (w: string): number => entryOf(lex, tokenId(w));
const words = (text: string, t = canonicalize(text, lex)): string[] =>
  Array.from({ length: t.count }, (_, i) => text.slice(t.start[i], t.end[i]));

describe('alias table', () => {
  const table = aliasTable({ text: DEFAULT_ALIASES, name: 'built-in' });

  it('reads an alias phrase as one token with the entity id, keeping what was written in raw', () => {
    const text = 'Troops from the Russian Federation and Russia, said the North Atlantic Treaty Organisation and NATO.';
    const t = canonicalTokens(text, tokenize(text), table);
    const w = words(text, t);
    const rf = w.indexOf('Russian Federation');
    const ru = w.indexOf('Russia');
    const nato1 = w.indexOf('North Atlantic Treaty Organisation');
    const nato2 = w.indexOf('NATO');
    assert.ok(rf >= 0 && ru >= 0 && nato1 >= 0 && nato2 >= 0, `merged: ${w.join('|')}`);
    assert.equal(t.id[rf], t.id[ru]);
    assert.equal(t.id[nato1], t.id[nato2]);
    assert.notEqual(t.raw?.[rf], t.raw?.[ru], 'raw ids tell the written forms apart');
    assert.equal(t.start[rf], text.indexOf('Russian Federation'));
    assert.equal(t.end[rf], text.indexOf('Russian Federation') + 'Russian Federation'.length);
  });

  it('matches a variant written in capitals only as written: "US" is the United States, "us" is not', () => {
    const text = 'The US told us that the United States would wait.';
    const t = canonicalTokens(text, tokenize(text), table);
    const w = words(text, t);
    assert.equal(t.id[w.indexOf('US')], t.id[w.indexOf('United States')]);
    assert.notEqual(t.id[w.indexOf('us')], t.id[w.indexOf('US')]);
  });

  it('does not merge across punctuation, and leaves a text without aliases untouched', () => {
    const text = 'He was born in Russian. Federation officials';
    const t = canonicalTokens(text, tokenize(text), table);
    assert.equal(t.count, tokenize(text).count);
    const plain = tokenize('Nothing to merge here at all');
    assert.equal(canonicalTokens('Nothing to merge here at all', plain, table), plain);
  });

  it('takes a user table, and names the file and line of a bad one', () => {
    const user = aliasTable({ text: DEFAULT_ALIASES, name: 'built-in' }, { text: '# West Africa\necowas | Economic Community of West African States\n', name: 'mine.txt' });
    const text = 'ECOWAS and the Economic Community of West African States';
    const t = canonicalTokens(text, tokenize(text), user);
    assert.equal(t.count, 4, 'ECOWAS | and | the | Economic Community of West African States');
    assert.equal(t.id[0], t.id[3]);
    assert.throws(() => aliasTable({ text: 'good | fine\njust one\n', name: 'bad.txt' }), (e: unknown) => e instanceof AliasSyntaxError && /bad\.txt:2/.test(e.message));
  });
});

describe('lexicon', () => {
  it('relates a word to its usual synonyms, inflected forms included', () => {
    for (const [x, y] of [
      ['big', 'large'],
      ['attract', 'draw'],
      ['said', 'stated'],
      ['decision', 'determination'],
      ['ready', 'prepared'],
      ['largest', 'biggest'],
      ['expect', 'anticipate'],
    ] as const) {
      assert.ok(related(lex, entry(x), entry(y)), `${x} ~ ${y}`);
      assert.ok(related(lex, entry(y), entry(x)), `${y} ~ ${x}`);
    }
  });

  it('does not relate words that merely share a topic', () => {
    for (const [x, y] of [
      ['company', 'bank'],
      ['market', 'price'],
      ['troops', 'border'],
    ] as const) {
      assert.ok(!related(lex, entry(x), entry(y)), `${x} !~ ${y}`);
    }
  });

  it('keeps function words, numbers, months, names and unknown words immutable', () => {
    assert.equal(entry('the'), STOPWORD);
    assert.equal(entry('in'), STOPWORD, 'WordNet lists "in" (inch); a spinner does not swap it');
    assert.equal(entry('million'), FIXED);
    assert.equal(entry('billion'), FIXED);
    assert.equal(entry('march'), FIXED);
    assert.ok(entry('reagan') < 0, 'a name whose synset only holds longer forms of itself');
    assert.ok(entry('1987') < 0);
    assert.ok(entry('zorblat') < 0);
  });

  it('round-trips through its compact file form, and rejects a damaged one', () => {
    const bytes = readFileSync(LEXICON_FILE);
    const data = decodeLexicon(bytes);
    assert.deepEqual(encodeLexicon(data), new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    assert.throws(() => decodeLexicon(new Uint8Array(bytes.subarray(0, bytes.length - 8))), /truncated/);
    const bad = new Uint8Array(bytes);
    bad[0] = 0;
    assert.throws(() => decodeLexicon(bad), /not a reprint lexicon/);
  });

  it('loads from the stored key table exactly the table it would build from the keys', () => {
    const data = decodeLexicon(readFileSync(LEXICON_FILE));
    assert.ok(data.table !== undefined && data.table.length > 2 * data.keys.length);
    assert.deepEqual(data.table, keyTable(data.keys));
    const stored = loadLexicon(data);
    const built = loadLexicon({ ...data, table: undefined });
    assert.deepEqual(stored.slots, built.slots);
    assert.equal(stored.mask, built.mask);
    assert.notEqual(stored.slots.buffer, data.table.buffer, 'a copy: the stored table is not written to');
    // A table of another size (word lists changed since the file was built) is not used.
    const other = loadLexicon({ ...data, table: new Int32Array(16).fill(-1) });
    assert.deepEqual(other.slots, built.slots);
  });
});

describe('immutable-word fingerprints', () => {
  const fp = (text: string) => immutableFingerprints(canonicalize(text, lex), lex, IMMUTABLE_SHINGLE, IMMUTABLE_WINDOW);
  const SWAPS = ['big', 'large', 'rapid', 'speedy', 'talk', 'meeting', 'decision', 'prepared', 'officials', 'agreed'];

  it('are unchanged however many swappable words are swapped (seeded random spins)', () => {
    const base = fp(ORIGINAL);
    assert.ok(base.hash.length >= 8, `enough fingerprints: ${base.hash.length}`);
    const t = canonicalize(ORIGINAL, lex);
    const r = rng(7);
    for (let trial = 0; trial < 40; trial++) {
      const share = r.next();
      let out = '';
      let at = 0;
      for (let i = 0; i < t.count; i++) {
        if (entryOf(lex, t.id[i] as number) < 0 || !r.chance(share)) continue;
        out += ORIGINAL.slice(at, t.start[i]) + r.pick(SWAPS);
        at = t.end[i] as number;
      }
      out += ORIGINAL.slice(at);
      assert.deepEqual([...fp(out).hash].sort(), [...base.hash].sort(), `trial ${trial} (share ${share.toFixed(2)})`);
    }
  });

  it('are odd (a family of their own) and never cover function words only', () => {
    const t = canonicalize(ORIGINAL, lex);
    const f = fp(ORIGINAL);
    for (let i = 0; i < f.hash.length; i++) {
      assert.ok(isImmutableFingerprint(f.hash[i] as number));
      // Brute force: the shingle's immutable words, from its first token on.
      const im: number[] = [];
      for (let k = f.pos[i] as number; k < t.count && im.length < IMMUTABLE_SHINGLE; k++) {
        const e = entryOf(lex, t.id[k] as number);
        if (e < 0) im.push(e);
      }
      assert.equal(im.length, IMMUTABLE_SHINGLE);
      assert.ok(im.some((e) => e !== STOPWORD), 'holds a name, number or rare word');
    }
  });
});

/**
 * rewriteToward as first written, the reference it must equal: each text's senses as one sorted
 * table of (sense · 2 + common, first token of the word), and one merge of the two tables.
 */
function referenceRewrite(ta: Tokens, tb: Tokens): Uint32Array | null {
  const table = (t: Tokens): [number, number][] => {
    const seen = new Set<number>();
    const rows: [number, number][] = [];
    for (let i = 0; i < t.count; i++) {
      const id = t.id[i]!;
      const e = entryOf(lex, id);
      if (e < 0 || seen.has(id)) continue;
      seen.add(id);
      const top = lex.senseTop[e]!;
      for (let s = lex.senseStart[e]!; s < lex.senseStart[e + 1]!; s++) rows.push([lex.senses[s]! * 2 + (s < top ? 1 : 0), i]);
    }
    return rows.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  };
  const bigram = (x: number, y: number): number => fmix32(mixInto(x, y));
  const sa = table(ta);
  const sb = table(tb);
  const vocab = new Set(ta.id.subarray(0, ta.count));
  const bigrams = new Set<number>();
  for (let i = 1; i < ta.count; i++) bigrams.add(bigram(ta.id[i - 1]!, ta.id[i]!));
  let standIns: Map<number, number[]> | null = null;
  let x = 0;
  let y = 0;
  while (x < sa.length && y < sb.length) {
    const va = sa[x]![0] >>> 1;
    const vb = sb[y]![0] >>> 1;
    if (va !== vb) {
      if (va < vb) x++;
      else y++;
      continue;
    }
    let xe = x;
    while (xe < sa.length && sa[xe]![0] >>> 1 === va) xe++;
    for (; y < sb.length && sb[y]![0] >>> 1 === vb; y++) {
      const idB = tb.id[sb[y]![1]]!;
      if (vocab.has(idB)) continue;
      const commonB = sb[y]![0] & 1;
      for (let p = x; p < xe; p++) {
        if (!commonB && !(sa[p]![0] & 1)) continue;
        const idA = ta.id[sa[p]![1]]!;
        let list = (standIns ??= new Map()).get(idB);
        if (!list) standIns.set(idB, (list = []));
        if (!list.includes(idA)) list.push(idA);
      }
    }
    x = xe;
  }
  if (!standIns) return null;
  const out = tb.id.slice(0, tb.count);
  for (let j = 0; j < out.length; j++) {
    const list = standIns.get(tb.id[j]!);
    if (list === undefined) continue;
    let to = list[0]!;
    if (list.length > 1) {
      const prev = j > 0 ? out[j - 1]! : -1;
      const next = j + 1 < out.length ? tb.id[j + 1]! : -1;
      for (const c of list) {
        if ((prev >= 0 && bigrams.has(bigram(prev, c))) || (next >= 0 && bigrams.has(bigram(c, next)))) {
          to = c;
          break;
        }
      }
    }
    out[j] = to;
  }
  return out;
}

describe('substitution-tolerant alignment', () => {
  it('rewrites exactly as the sorted-table merge it replaced (reference, seeded)', () => {
    const pool = ['big', 'large', 'huge', 'great', 'rapid', 'quick', 'fast', 'speedy', 'said', 'says', 'stated', 'states', 'talk', 'talks', 'meeting', 'gathering', 'decision', 'determination', 'ready', 'prepared', 'set', 'run', 'go', 'make', 'take', 'get', 'troops', 'border', 'the', 'of', 'Brussels', '2014'];
    const texts = [ORIGINAL, SPUN, UNRELATED];
    const vocabulary = [...new Set(texts.join(' ').split(/\s+/))];
    const r = rng(2718);
    // Words of related senses, and words of real news text, in any order.
    const random = (): string => Array.from({ length: r.int(0, 40) }, () => r.pick(r.int(0, 1) ? pool : vocabulary)).join(' ');
    const sample = (text: string): string => {
      const w = text.split(/\s+/);
      const from = r.int(0, Math.max(0, w.length - 60));
      return w.slice(from, from + r.int(5, 60)).join(' ');
    };
    for (let trial = 0; trial < 1500; trial++) {
      const a = trial % 2 ? random() : sample(r.pick(texts));
      const b = trial % 3 ? random() : sample(r.pick(texts));
      const ta = canonicalize(a, lex);
      const tb = canonicalize(b, lex);
      const got = rewriteToward({ tokens: ta, senses: senseTable(ta, lex) }, { tokens: tb, senses: senseTable(tb, lex) });
      assert.deepEqual(got, referenceRewrite(ta, tb), `a=${a}\nb=${b}`);

    }
    // A word of B sharing one sense with two words of A, one holding it as a common sense and one not:
    // the order they are tried in decides.
    const orders = [['dormant inactive', 'sluggish'], ['ample rich', 'abundant'], ['engaged absorbed', 'occupied'], ['abridged cut', 'edited']];
    for (const [a, b] of [[ORIGINAL, SPUN], [SPUN, ORIGINAL], [ORIGINAL, UNRELATED], [UNRELATED, SPUN], ...orders] as const) {
      const ta = canonicalize(a, lex);
      const tb = canonicalize(b, lex);
      assert.deepEqual(rewriteToward({ tokens: ta, senses: senseTable(ta, lex) }, { tokens: tb, senses: senseTable(tb, lex) }), referenceRewrite(ta, tb));
    }
  });

  it('rewrites a word of B only to a word of A it is related to (brute-force reference, seeded)', () => {
    const pool = ['big', 'large', 'huge', 'rapid', 'quick', 'speedy', 'said', 'stated', 'talk', 'meeting', 'gathering', 'decision', 'determination', 'ready', 'prepared', 'troops', 'border', 'the', 'of', 'Brussels', '2014'];
    const r = rng(11);
    for (let trial = 0; trial < 200; trial++) {
      const a = Array.from({ length: r.int(5, 30) }, () => r.pick(pool)).join(' ');
      const b = Array.from({ length: r.int(5, 30) }, () => r.pick(pool)).join(' ');
      const ta = canonicalize(a, lex);
      const tb = canonicalize(b, lex);
      const out = rewriteToward({ tokens: ta, senses: senseTable(ta, lex) }, { tokens: tb, senses: senseTable(tb, lex) }) ?? tb.id;
      const inA = new Set(ta.id);
      for (let j = 0; j < tb.count; j++) {
        const id = tb.id[j] as number;
        const eb = entryOf(lex, id);
        const candidates = [...inA].filter((x) => related(lex, entryOf(lex, x), eb));
        if (inA.has(id) || eb < 0 || candidates.length === 0) assert.equal(out[j], id, `kept: ${words(b, tb)[j]}`);
        else assert.ok(candidates.includes(out[j] as number), `${words(b, tb)[j]} → a related word of A`);
      }
    }
  });

  it('aligns through synonyms as exactly when no word is read as another (or as readToward said)', () => {
    const opts = alignOptions(resolveOptions({}, lex));
    const exactly = { ...opts, lexicon: undefined };
    const r = rng(0x70a);
    const texts = [ORIGINAL, SPUN, UNRELATED];
    const sample = (text: string): string => {
      const w = text.split(/\s+/);
      const from = r.int(0, Math.max(0, w.length - 80));
      return w.slice(from, from + r.int(10, 80)).join(' ');
    };
    let unread = 0;
    for (let trial = 0; trial < 300; trial++) {
      const a = sample(r.pick(texts));
      const b = r.chance(0.5) ? a.replace(/\b(the|of) /g, (w) => (r.chance(0.3) ? '' : w)) : sample(r.pick(texts));
      const A = { text: a, tokens: canonicalize(a, lex) };
      const B = { text: b, tokens: canonicalize(b, lex) };
      const toward = readToward(A, B, lex);
      const through = alignTexts(A, B, opts);
      // What alignTexts reads itself, given.
      assert.deepEqual(alignTexts(A, B, opts, undefined, toward && toward.slice()), through, `a=${a}\nb=${b}`);
      if (toward !== null) continue;
      unread++;
      assert.deepEqual(through, alignTexts(A, B, exactly), `a=${a}\nb=${b}`);
    }
    assert.ok(unread > 30, `only ${unread} pairs with no word read as another`);
  });

  it('aligns a spun copy as one spun passage and marks each swap, every one a synonym or an alias', () => {
    const ta = canonicalize(ORIGINAL, lex);
    const tb = canonicalize(SPUN, lex);
    const ps = alignTexts({ text: ORIGINAL, tokens: ta }, { text: SPUN, tokens: tb }, alignOptions(resolveOptions({}, lex)));
    assert.equal(ps.length, 1);
    const p = ps[0]!;
    assert.equal(p.kind, 'spun');
    assert.ok(p.matched >= 140, `aligned words: ${p.matched}`);
    const swaps = p.substitutions.map((s) => `${ORIGINAL.slice(s.a.start, s.a.end)}→${SPUN.slice(s.b.start, s.b.end)}`);
    for (const want of ['Russia→Russian Federation', 'NATO→North Atlantic Treaty Organisation', 'US→United States of America', 'said→stated', 'additional→extra', 'largest→biggest', 'decision→determination']) {
      assert.ok(swaps.includes(want), `${want} in ${swaps.join(', ')}`);
    }
    for (const s of p.substitutions) {
      const x = canonicalize(ORIGINAL.slice(s.a.start, s.a.end), lex);
      const y = canonicalize(SPUN.slice(s.b.start, s.b.end), lex);
      const alias = x.count === 1 && y.count === 1 && x.id[0] === y.id[0];
      assert.ok(alias || related(lex, entryOf(lex, x.id[0] as number), entryOf(lex, y.id[0] as number)), `${ORIGINAL.slice(s.a.start, s.a.end)} ~ ${SPUN.slice(s.b.start, s.b.end)}`);
    }
    assert.equal(p.swapped, swaps.length, 'one swapped word per single-word substitution here');
  });

  it('finds nothing between two stories on the same subject', () => {
    assert.deepEqual(compare(ORIGINAL, UNRELATED).passages, []);
  });

});

describe('a spun copy end to end', () => {
  const records = (lexicon?: Lexicon | null) => [
    { kind: 'article' as const, article: { id: 'wire', text: ORIGINAL, source: 'wire', published_at: '2026-03-05T09:00:00Z' }, origin: { input: 't', line: 1 } },
    { kind: 'article' as const, article: { id: 'farm', text: SPUN, source: 'farm', published_at: '2026-03-05T15:00:00Z' }, origin: { input: 't', line: 2 } },
    { kind: 'article' as const, article: { id: 'other', text: UNRELATED, source: 'wire', published_at: '2026-03-06T09:00:00Z' }, origin: { input: 't', line: 3 } },
  ].map((r) => ({ r, lexicon }));

  it('is a copy of its original, with a spin score, spun passages and the swaps in the corpus lexicon', async () => {
    const report = await scan(records().map((x) => x.r), createMemoryStore());
    const doc = (id: string) => report.documents.find((d) => d.id === id)!;
    assert.equal(doc('farm').classification, 'copy');
    assert.deepEqual(doc('farm').sources.map((s) => s.id), ['wire']);
    assert.ok(doc('farm').spin >= 0.08 && doc('farm').spin <= 0.2, `spin ${doc('farm').spin}`);
    assert.equal(doc('wire').classification, 'original');
    assert.equal(doc('wire').spin, 0);
    assert.equal(doc('other').classification, 'original');
    const p = report.passages.find((x) => x.target.id === 'farm')!;
    assert.equal(p.kind, 'spun');
    assert.equal(p.source.id, 'wire');
    for (const s of p.substitutions) {
      assert.ok(s.source.start >= p.source.start && s.source.end <= p.source.end);
      assert.ok(s.target.start >= p.target.start && s.target.end <= p.target.end);
    }
    assert.ok(report.spins.some((s) => s.from === 'said' && s.to === 'stated' && s.count === 2), JSON.stringify(report.spins));
    assert.ok(report.spins.some((s) => s.from === 'russia' && s.to === 'russian federation'));
    assert.equal(report.version, '1.1');
  });

  it('with exact matching only (lexicon: null) is a near copy with no swaps seen', async () => {
    const report = await scan(records().map((x) => x.r), createMemoryStore(), { lexicon: null });
    const farm = report.documents.find((d) => d.id === 'farm')!;
    assert.equal(farm.spin, 0);
    assert.ok(report.passages.every((p) => p.kind !== 'spun' && p.substitutions.length === 0));
    assert.deepEqual(report.spins, []);
  });
});

