/**
 * Sketches: winnowing (its guarantee, and its output against a naive reference), MinHash estimates,
 * and LSH candidate recall against exact Jaccard computed the slow way.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../src/index/analyze.js';
import { findCandidates } from '../src/index/candidates.js';
import type { IndexedDoc } from '../src/model/types.js';
import { resolveOptions, SHINGLE } from '../src/options.js';
import { lshParams } from '../src/sketch/lsh.js';
import { EMPTY, estimateJaccard, minhash } from '../src/sketch/minhash.js';
import { shingles } from '../src/sketch/shingle.js';
import { winnow } from '../src/sketch/winnow.js';
import { tokenize } from '../src/text/tokenize.js';
import { refLshParams } from './helpers/reference.js';
import { randomWord, rng, type Rng } from './helpers/random.js';

function randomIds(r: Rng, n: number, vocab: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(r.int(1, vocab));
  return out;
}

/**
 * Winnowing as the module documents it, the slow way: the minimum of every window of `w` hashes,
 * the rightmost on ties, recorded once per run of consecutive windows that select it. Fewer than `w`
 * hashes form one window.
 */
function naiveWinnow(h: ArrayLike<number>, w: number): { hash: number[]; pos: number[] } {
  const n = h.length;
  const hash: number[] = [];
  const pos: number[] = [];
  if (n === 0) return { hash, pos };
  const width = Math.min(w, n);
  let last = -1;
  for (let s = 0; s + width <= n; s++) {
    let best = s;
    for (let i = s; i < s + width; i++) if ((h[i] as number) <= (h[best] as number)) best = i;
    // Robust winnowing: a tie keeps the previous pick while it is in the window.
    if (last >= s && h[last] === h[best]) best = last;
    if (best !== last) {
      hash.push(h[best] as number);
      pos.push(best);
      last = best;
    }
  }
  return { hash, pos };
}

/**
 * Robust winnowing as Schleimer, Wilkerson and Aiken define it (SIGMOD 2003, section 4.2): on ties,
 * keep the hash selected in the previous window while it is still in the window; otherwise the
 * rightmost minimum.
 */
function paperRobustWinnow(h: ArrayLike<number>, w: number): number[] {
  const n = h.length;
  const pos: number[] = [];
  if (n === 0) return pos;
  const width = Math.min(w, n);
  let last = -1;
  for (let s = 0; s + width <= n; s++) {
    let min = Infinity;
    for (let i = s; i < s + width; i++) min = Math.min(min, h[i] as number);
    let best: number;
    if (last >= s && h[last] === min) best = last;
    else {
      best = s;
      for (let i = s; i < s + width; i++) if (h[i] === min) best = i;
    }
    if (best !== last) {
      pos.push(best);
      last = best;
    }
  }
  return pos;
}

describe('winnow', () => {
  it('matches the naive O(n·w) reference on random hash arrays (ties included)', () => {
    const r = rng(0x5eed1);
    let ties = 0;
    for (let k = 0; k < 2000; k++) {
      const n = r.int(0, 120);
      const w = r.int(1, 16);
      // Small value ranges force ties; full 32-bit values exercise the unsigned comparisons.
      const range = r.pick([2, 3, 8, 50, 0]);
      const h = new Uint32Array(n);
      for (let i = 0; i < n; i++) h[i] = range === 0 ? r.u32() : r.int(0, range - 1);
      if (range !== 0) ties++;
      const got = winnow(h, w);
      const want = naiveWinnow(h, w);
      assert.deepEqual([...got.pos], want.pos, `positions, n=${n} w=${w} hashes=[${[...h]}]`);
      assert.deepEqual([...got.hash], want.hash, `hashes, n=${n} w=${w}`);
    }
    assert.ok(ties > 1000);
  });

  it('selects every window minimum at least once, and positions are increasing', () => {
    const r = rng(77);
    for (let k = 0; k < 500; k++) {
      const n = r.int(1, 200);
      const w = r.int(1, 12);
      const h = new Uint32Array(n);
      for (let i = 0; i < n; i++) h[i] = r.u32();
      const fp = winnow(h, w);
      const chosen = new Set(fp.pos);
      for (let i = 1; i < fp.pos.length; i++) assert.ok((fp.pos[i] as number) > (fp.pos[i - 1] as number));
      for (let i = 0; i < fp.pos.length; i++) assert.equal(fp.hash[i], h[fp.pos[i] as number]);
      for (let s = 0; s + Math.min(w, n) <= n; s++) {
        let min = Infinity;
        for (let i = s; i < s + Math.min(w, n); i++) min = Math.min(min, h[i] as number);
        assert.ok(
          [...chosen].some((p) => p >= s && p < s + w && h[p] === min),
          `window at ${s} has no fingerprint`,
        );
      }
    }
  });

  it('keeps about 2/(w+1) of random shingles', () => {
    const r = rng(31337);
    for (const w of [4, 6, 11, 21]) {
      const h = new Uint32Array(20000);
      for (let i = 0; i < h.length; i++) h[i] = r.u32();
      const density = winnow(h, w).pos.length / h.length;
      const expected = 2 / (w + 1);
      assert.ok(Math.abs(density - expected) < 0.15 * expected, `w=${w}: density ${density}, expected ≈ ${expected}`);
    }
  });

  it('guarantee: a shared run of exactly t = w + k - 1 tokens always shares a fingerprint', () => {
    const r = rng(0xbeef);
    const k = SHINGLE;
    let trials = 0;
    for (const minWords of [5, 6, 8, 10, 12, 16, 25]) {
      const opts = resolveOptions({ minPassageWords: minWords });
      const w = opts.window;
      const t = w + k - 1;
      assert.equal(t, minWords, 'the window is derived so that t is minPassageWords');
      for (let trial = 0; trial < 150; trial++) {
        // Small vocabularies make many accidental equal shingles and ties; large ones almost none.
        const vocab = r.pick([4, 20, 1000000]);
        const run = randomIds(r, t, vocab);
        const a = [...randomIds(r, r.int(0, 60), vocab), ...run, ...randomIds(r, r.int(0, 60), vocab)];
        const b = [...randomIds(r, r.int(0, 60), vocab), ...run, ...randomIds(r, r.int(0, 60), vocab)];
        const fa = winnow(shingles(Uint32Array.from(a), a.length, k), w);
        const fb = winnow(shingles(Uint32Array.from(b), b.length, k), w);
        const inA = new Set(fa.hash);
        const shared = [...fb.hash].filter((x) => inA.has(x));
        assert.ok(shared.length >= 1, `no shared fingerprint: w=${w} t=${t} a=[${a}] b=[${b}]`);
        trials++;
      }
    }
    assert.equal(trials, 7 * 150);
  });

  it('a run shorter than k tokens has no shingles, hence no fingerprints', () => {
    const ids = Uint32Array.from([1, 2, 3, 4]);
    assert.equal(shingles(ids, 4, 5).length, 0);
    assert.equal(winnow(shingles(ids, 4, 5), 6).hash.length, 0);
    assert.equal(shingles(ids, 4, 4).length, 1);
  });

  it(
    'breaks ties the robust way (keeps the previous window’s pick), so repetitive text stays sparse',
    () => {
      // "ha ha ha ha ...": every shingle hash is equal.
      const ids = new Uint32Array(200).fill(tokenize('ha').id[0] as number);
      const sh = shingles(ids, ids.length, SHINGLE);
      const w = 6;
      const got = [...winnow(sh, w).pos];
      assert.deepEqual(got, paperRobustWinnow(sh, w));
      assert.ok(got.length <= Math.ceil(sh.length / w) + 1, `${got.length} fingerprints for ${sh.length} equal shingles`);
    },
  );
});

/** Random shingle-hash arrays with a planted exact Jaccard. */
function plantedSets(r: Rng, common: number, onlyA: number, onlyB: number): { a: Uint32Array; b: Uint32Array; jaccard: number } {
  const used = new Set<number>();
  const fresh = (): number => {
    for (;;) {
      const x = r.u32();
      if (!used.has(x)) {
        used.add(x);
        return x;
      }
    }
  };
  const c = Array.from({ length: common }, fresh);
  const a = [...c, ...Array.from({ length: onlyA }, fresh)];
  const b = [...c, ...Array.from({ length: onlyB }, fresh)];
  // Repeat a few elements: a shingle that occurs twice is still one element of the set.
  for (let i = 0; i < 5 && a.length > 0; i++) a.push(r.pick(a));
  const sa = new Set(a);
  const sb = new Set(b);
  let inter = 0;
  for (const x of sa) if (sb.has(x)) inter++;
  const union = sa.size + sb.size - inter;
  return { a: Uint32Array.from(r.shuffle(a)), b: Uint32Array.from(r.shuffle(b)), jaccard: union ? inter / union : 0 };
}

describe('minhash', () => {
  it('estimates Jaccard within ±0.15 at several levels (fixed seed)', () => {
    const r = rng(0xa11ce);
    let worst = 0;
    for (const target of [0, 0.1, 0.25, 0.4, 0.5, 0.6, 0.75, 0.9, 1]) {
      for (let trial = 0; trial < 12; trial++) {
        const union = r.int(60, 600);
        const common = Math.round(target * union);
        const rest = union - common;
        const onlyA = r.int(0, rest);
        const { a, b, jaccard } = plantedSets(r, common, onlyA, rest - onlyA);
        const est = estimateJaccard(minhash(a, 128), minhash(b, 128));
        worst = Math.max(worst, Math.abs(est - jaccard));
        assert.ok(Math.abs(est - jaccard) <= 0.15, `exact ${jaccard.toFixed(3)}, estimate ${est.toFixed(3)} (|A∪B|=${union})`);
      }
    }
    // The estimate is useful, not just within a wide bound: 128 permutations give σ ≤ 0.045.
    assert.ok(worst < 0.15);
  });

  it('is exact for equal sets and independent of order and duplicates', () => {
    const r = rng(5);
    const { a } = plantedSets(r, 300, 0, 0);
    const shuffled = Uint32Array.from(r.shuffle([...a, ...a.subarray(0, 50)]));
    assert.deepEqual(minhash(shuffled, 128), minhash(a, 128));
    assert.equal(estimateJaccard(minhash(a, 128), minhash(shuffled, 128)), 1);
  });

  it('fills every bin for a non-empty set, and treats an empty set as similar to nothing', () => {
    const one = minhash(Uint32Array.of(42), 128);
    assert.ok(one.every((v) => v !== EMPTY));
    const empty = minhash(new Uint32Array(0), 128);
    assert.ok(empty.every((v) => v === EMPTY));
    assert.equal(estimateJaccard(empty, empty), 0);
    assert.equal(estimateJaccard(one, empty), 0);
    assert.equal(estimateJaccard(one, minhash(Uint32Array.of(42), 64)), 0, 'different lengths compare as 0');
  });
});

describe('lshParams', () => {
  it('uses at most numPerm rows in all, and more rows per band for a higher threshold', () => {
    const thresholds = [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95];
    for (const numPerm of [32, 64, 128]) {
      let prevRows = 0;
      for (const t of thresholds) {
        const p = lshParams(t, numPerm);
        assert.ok(p.bands >= 1 && p.rows >= 1, `${t}: ${JSON.stringify(p)}`);
        assert.ok(p.bands * p.rows <= numPerm, `threshold ${t}, ${numPerm} perms: ${p.bands}×${p.rows}`);
        assert.ok(p.rows >= prevRows, `rows fell from ${prevRows} to ${p.rows} at threshold ${t} (${numPerm} perms)`);
        prevRows = p.rows;
      }
    }
    const low = lshParams(0.2, 128);
    const mid = lshParams(0.5, 128);
    const high = lshParams(0.9, 128);
    assert.ok(low.rows < mid.rows && mid.rows < high.rows, `${low.rows} < ${mid.rows} < ${high.rows}`);
    assert.ok(low.bands > high.bands);
  });

  it('puts the S-curve’s midpoint near the threshold', () => {
    for (const t of [0.3, 0.5, 0.7, 0.9]) {
      const { bands, rows } = lshParams(t, 128);
      const p = (s: number): number => 1 - (1 - s ** rows) ** bands;
      assert.ok(p(Math.min(0.99, t + 0.15)) > 0.8, `threshold ${t}: P(${t + 0.15}) = ${p(t + 0.15)}`);
      assert.ok(p(Math.max(0.01, t - 0.15)) < 0.3, `threshold ${t}: P(${t - 0.15}) = ${p(t - 0.15)}`);
    }
  });

  it('chooses as Simpson\'s rule written plainly does, on every threshold and weighting tried', () => {
    const r = rng(0x15b);
    const cases: [number, number, number, number][] = [];
    for (let t = 0.01; t < 1; t += 0.01) cases.push([t, 128, 0.5, 0.5]);
    for (let k = 0; k < 120; k++) cases.push([r.int(1, 999) / 1000, r.pick([1, 2, 16, 32, 64, 100, 128, 256]), r.int(0, 10) / 10, r.int(0, 10) / 10]);
    for (const [t, numPerm, fp, fn] of cases) assert.deepEqual(lshParams(t, numPerm, fp, fn), refLshParams(t, numPerm, fp, fn), `threshold ${t}, ${numPerm} perms, weights ${fp}/${fn}`);
  });

  it('rejects thresholds outside (0, 1)', () => {
    for (const t of [0, 1, -0.5, 1.5, Number.NaN]) assert.throws(() => lshParams(t, 128), RangeError, String(t));
  });
});

// ---------------------------------------------------------------------------------------------
// Candidate recall against exact Jaccard.

/** Exact Jaccard of two documents' word-shingle sets. */
function exactJaccard(a: ReadonlySet<number>, b: ReadonlySet<number>): number {
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  const union = a.size + b.size - inter;
  return union ? inter / union : 0;
}

function shingleSet(words: readonly string[]): Set<number> {
  const t = tokenize(words.join(' '));
  return new Set(shingles(t.id, t.count, SHINGLE));
}

interface Corpus {
  texts: string[];
  /** Planted pairs: [i, j, exact Jaccard]. */
  planted: [number, number, number][];
}

/**
 * ~300 documents of random words: pairs planted at Jaccard levels (the copy is edited by random
 * word substitutions, keeping the last edit that leaves it at or above the level), and unrelated
 * singletons. Documents are shuffled so that a pair is not always adjacent.
 */
function buildCorpus(seed: number): Corpus {
  const r = rng(seed);
  const vocab = new Set<string>();
  while (vocab.size < 20000) vocab.add(randomWord(r, 2, 4));
  const words = [...vocab];
  const doc = (n: number): string[] => Array.from({ length: n }, () => r.pick(words));
  const entries: { words: string[]; pair: number }[] = [];
  const levels = [0.9, 0.8, 0.7, 0.6, 0.2, 0.05];
  let pairId = 0;
  for (const level of levels) {
    for (let i = 0; i < 20; i++) {
      const base = doc(r.int(120, 260));
      const baseSet = shingleSet(base);
      let copy = [...base];
      for (;;) {
        const next = [...copy];
        next[r.int(0, next.length - 1)] = r.pick(words);
        if (exactJaccard(baseSet, shingleSet(next)) < level) break;
        copy = next;
      }
      entries.push({ words: base, pair: pairId }, { words: copy, pair: pairId });
      pairId++;
    }
  }
  for (let i = 0; i < 60; i++) entries.push({ words: doc(r.int(40, 260)), pair: -1 });
  const order = r.shuffle(entries.map((_, i) => i));
  const texts = order.map((i) => (entries[i] as { words: string[] }).words.join(' '));
  const byPair = new Map<number, number[]>();
  order.forEach((e, pos) => {
    const p = (entries[e] as { pair: number }).pair;
    if (p >= 0) byPair.set(p, [...(byPair.get(p) ?? []), pos]);
  });
  const planted: [number, number, number][] = [];
  for (const [x, y] of byPair.values()) {
    const i = Math.min(x as number, y as number);
    const j = Math.max(x as number, y as number);
    planted.push([i, j, exactJaccard(shingleSet((texts[i] as string).split(' ')), shingleSet((texts[j] as string).split(' ')))]);
  }
  return { texts, planted };
}

describe('findCandidates (LSH + fingerprints) against exact Jaccard', () => {
  const opts = resolveOptions({ threshold: 0.5 });
  const corpus = buildCorpus(0xc0ffee);
  const docs: IndexedDoc[] = corpus.texts.map((text, seq) => analyze({ id: `d${seq}`, text }, seq, opts).doc);
  const masks = docs.map(() => null);
  const sets = corpus.texts.map((t) => shingleSet(t.split(' ')));

  /** Every pair by exact Jaccard, the O(n²) way. */
  const allPairs: { i: number; j: number; jaccard: number }[] = [];
  for (let i = 0; i < sets.length; i++) {
    for (let j = i + 1; j < sets.length; j++) {
      const jaccard = exactJaccard(sets[i] as Set<number>, sets[j] as Set<number>);
      if (jaccard > 0) allPairs.push({ i, j, jaccard });
    }
  }
  const key = (i: number, j: number): string => `${i}/${j}`;

  it('plants what it says (corpus sanity)', () => {
    assert.equal(corpus.texts.length, 300);
    const levels = corpus.planted.map((p) => p[2]);
    assert.equal(levels.filter((j) => j >= 0.9).length, 20);
    assert.equal(levels.filter((j) => j >= 0.8).length, 40);
    assert.equal(levels.filter((j) => j >= 0.6).length, 80);
    assert.equal(levels.filter((j) => j < 0.3).length, 40);
    // Unplanted pairs share nothing.
    assert.equal(allPairs.filter((p) => !corpus.planted.some(([i, j]) => i === p.i && j === p.j)).length, 0);
  });

  it('finds every pair with Jaccard ≥ 0.8 and at least 90% of those ≥ 0.6', () => {
    const found = new Set(findCandidates(docs, masks, opts).pairs.map(([a, b]) => key(a, b)));
    const high = allPairs.filter((p) => p.jaccard >= 0.8);
    const mid = allPairs.filter((p) => p.jaccard >= 0.6);
    assert.ok(high.length >= 40);
    for (const p of high) assert.ok(found.has(key(p.i, p.j)), `missed pair ${p.i}/${p.j} at Jaccard ${p.jaccard.toFixed(3)}`);
    const recall = mid.filter((p) => found.has(key(p.i, p.j))).length / mid.length;
    assert.ok(recall >= 0.9, `recall at Jaccard ≥ 0.6 is ${recall}`);
  });

  it('yields pairs as [earlier, later], each once, grouped by the later document', () => {
    const { pairs } = findCandidates(docs, masks, opts);
    const seen = new Set<string>();
    let lastLater = -1;
    for (const [a, b] of pairs) {
      assert.ok(a < b, `${a} ≥ ${b}`);
      assert.ok(b >= lastLater, 'not grouped by the later document');
      lastLater = b;
      assert.ok(!seen.has(key(a, b)), `pair ${a}/${b} twice`);
      seen.add(key(a, b));
    }
  });

  it('finds near-duplicates through the LSH buckets alone (no fingerprints)', () => {
    // Same documents without their winnowed fingerprints: only MinHash LSH can pair them.
    const bare = docs.map((d) => ({ ...d, fingerprints: new Uint32Array(0), fingerprintPos: new Uint32Array(0) }));
    const found = new Set(findCandidates(bare, masks, opts).pairs.map(([a, b]) => key(a, b)));
    const high = allPairs.filter((p) => p.jaccard >= 0.8);
    for (const p of high) assert.ok(found.has(key(p.i, p.j)), `LSH missed pair ${p.i}/${p.j} at Jaccard ${p.jaccard.toFixed(3)}`);
    const seventy = allPairs.filter((p) => p.jaccard >= 0.7);
    const recall = seventy.filter((p) => found.has(key(p.i, p.j))).length / seventy.length;
    assert.ok(recall >= 0.9, `LSH recall at Jaccard ≥ 0.7 is ${recall}`);
    // And it is selective: low-similarity pairs rarely collide, unrelated ones never do here.
    const low = allPairs.filter((p) => p.jaccard <= 0.25);
    const lowHits = low.filter((p) => found.has(key(p.i, p.j))).length;
    assert.ok(lowHits <= Math.ceil(0.15 * low.length), `${lowHits} of ${low.length} pairs at Jaccard ≤ 0.25 collided`);
    const planted = new Set(corpus.planted.map(([i, j]) => key(i, j)));
    const spurious = [...found].filter((k) => !planted.has(k));
    assert.ok(spurious.length <= 3, `${spurious.length} unrelated pairs collided: ${spurious.slice(0, 5)}`);
  });

  it('finds every pair sharing an exact run of ≥ minPassageWords words, whatever its Jaccard (fingerprints)', () => {
    const found = new Set(findCandidates(docs, masks, opts).pairs.map(([a, b]) => key(a, b)));
    const ids = corpus.texts.map((t) => {
      const tk = tokenize(t);
      return tk.id.subarray(0, tk.count);
    });
    let checked = 0;
    let low = 0;
    for (const [i, j, jaccard] of corpus.planted) {
      if (longestCommonRun(ids[i] as Uint32Array, ids[j] as Uint32Array) < opts.minPassageWords) continue;
      checked++;
      if (jaccard < 0.3) low++;
      assert.ok(found.has(key(i, j)), `pair ${i}/${j} shares a run of ≥ ${opts.minPassageWords} words (Jaccard ${jaccard.toFixed(3)}) but is no candidate`);
    }
    assert.ok(low >= 15, `only ${low} low-Jaccard pairs with a long shared run: the check is too weak`);
    assert.ok(checked >= 80);
  });
});

/** Length of the longest common run of two token arrays, by O(n·m) dynamic programming. */
function longestCommonRun(a: Uint32Array, b: Uint32Array): number {
  let prev = new Uint32Array(b.length + 1);
  let cur = new Uint32Array(b.length + 1);
  let best = 0;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      cur[j] = a[i - 1] === b[j - 1] ? (prev[j - 1] as number) + 1 : 0;
      if ((cur[j] as number) > best) best = cur[j] as number;
    }
    [prev, cur] = [cur, prev];
  }
  return best;
}
