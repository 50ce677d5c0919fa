/**
 * Alignment: greedy string tiling against a brute-force reference, passages between texts, and
 * `compare()` on the two seed articles.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { alignTexts, chainTiles, type AlignSide } from '../src/align/align.js';
import { packSorted, sortHashes } from '../src/align/sort.js';
import { gramsMayChain } from '../src/align/bound.js';
import { GramMap, gramHash, MAX_GRAM_POSITIONS } from '../src/align/grams.js';
import { holds, printsAt, printsIn, PrintTable } from '../src/align/prints.js';
import { isImmutableFingerprint } from '../src/sketch/immutables.js';
import { gramIndex, greedyTiles, mayTile, type Tile } from '../src/align/tile.js';
import { compare } from '../src/engine.js';
import type { AlignedPassage, IndexedDoc } from '../src/model/types.js';
import { resolveOptions } from '../src/options.js';
import { alignOptions } from '../src/reuse.js';
import { hashRun } from '../src/text/hash.js';
import { tokenize } from '../src/text/tokenize.js';
import { randomWords, rng, type Rng } from './helpers/random.js';

/** Repository root: this file runs from dist/test/. */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Greedy string tiling, the slow way: repeatedly find the longest common run of unmarked tokens by
 * scanning every (i, j), ties to the lowest i then the lowest j, and mark it; stop below `minTile`.
 */
function bruteTiles(a: ArrayLike<number>, b: ArrayLike<number>, minTile: number): Tile[] {
  const markA = new Uint8Array(a.length);
  const markB = new Uint8Array(b.length);
  const tiles: Tile[] = [];
  for (;;) {
    let best: Tile | null = null;
    for (let i = 0; i < a.length; i++) {
      for (let j = 0; j < b.length; j++) {
        let len = 0;
        while (i + len < a.length && j + len < b.length && !markA[i + len] && !markB[j + len] && a[i + len] === b[j + len]) len++;
        if (len >= minTile && (best === null || len > best.len)) best = { a: i, b: j, len };
      }
    }
    if (best === null) return tiles;
    markA.fill(1, best.a, best.a + best.len);
    markB.fill(1, best.b, best.b + best.len);
    tiles.push(best);
  }
}

const byPosition = (x: Tile, y: Tile): number => x.a - y.a || x.b - y.b || x.len - y.len;

function randomTokens(r: Rng, n: number, alphabet: number): Uint32Array {
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = r.int(1, alphabet);
  return out;
}

describe('greedyTiles against brute force', () => {
  it('gives the same tiles on 300 random pairs (alphabet 3-6, lengths 0-60, minTile 2-4)', () => {
    const r = rng(0x711e5);
    let nonEmpty = 0;
    for (let k = 0; k < 300; k++) {
      const alphabet = r.int(3, 6);
      const a = randomTokens(r, r.int(0, 60), alphabet);
      const b = randomTokens(r, r.int(0, 60), alphabet);
      const minTile = r.int(2, 4);
      const want = bruteTiles(a, b, minTile);
      const got = greedyTiles(a, a.length, b, b.length, minTile);
      assert.deepEqual(
        [...got].sort(byPosition),
        [...want].sort(byPosition),
        `pair ${k}: minTile=${minTile}\n a=[${[...a]}]\n b=[${[...b]}]`,
      );
      if (want.length > 0) nonEmpty++;
    }
    assert.ok(nonEmpty > 150, `only ${nonEmpty} pairs had any tile`);
  });

  it('gives the same tiles with precomputed gram indexes, and when a and b share a long block', () => {
    const r = rng(4711);
    for (let k = 0; k < 200; k++) {
      const alphabet = r.int(3, 8);
      const shared = randomTokens(r, r.int(5, 20), alphabet);
      const a = Uint32Array.from([...randomTokens(r, r.int(0, 20), alphabet), ...shared, ...randomTokens(r, r.int(0, 20), alphabet)]);
      const b = Uint32Array.from([...randomTokens(r, r.int(0, 20), alphabet), ...shared, ...randomTokens(r, r.int(0, 20), alphabet)]);
      const minTile = r.int(2, 4);
      const brute = bruteTiles(a, b, minTile);
      const want = [...brute].sort(byPosition);
      assert.deepEqual([...greedyTiles(a, a.length, b, b.length, minTile)].sort(byPosition), want, `pair ${k}`);
      const ga = gramIndex(a, a.length, minTile);
      const gb = gramIndex(b, b.length, minTile);
      assert.deepEqual([...greedyTiles(a, a.length, b, b.length, minTile, ga, gb)].sort(byPosition), want, `pair ${k}, with grams`);
      assert.ok(brute[0] !== undefined && brute[0].len >= shared.length, 'the first tile is at least as long as the shared block');
    }
  });

  it('returns tiles longest first and never overlapping', () => {
    const r = rng(8);
    for (let k = 0; k < 100; k++) {
      const a = randomTokens(r, r.int(0, 80), 4);
      const b = randomTokens(r, r.int(0, 80), 4);
      const tiles = greedyTiles(a, a.length, b, b.length, 3);
      const ma = new Uint8Array(a.length);
      const mb = new Uint8Array(b.length);
      for (let t = 0; t < tiles.length; t++) {
        const tile = tiles[t] as Tile;
        if (t > 0) assert.ok(tile.len <= (tiles[t - 1] as Tile).len);
        for (let x = 0; x < tile.len; x++) {
          assert.equal(a[tile.a + x], b[tile.b + x]);
          assert.equal(ma[tile.a + x], 0);
          assert.equal(mb[tile.b + x], 0);
          ma[tile.a + x] = 1;
          mb[tile.b + x] = 1;
        }
      }
    }
  });

  it(
    'still finds a long shared run whose first gram is frequent in both texts (long documents)',

    () => {
      // A phrase ("according to the") recurs 40 times in both texts, and a 30-word passage follows its
      // 41st use in both. The passage (33 tokens with the phrase) is the longest common run.
      let next = 1000;
      const fresh = (n: number): number[] => Array.from({ length: n }, () => next++);
      const phrase = [1, 2, 3];
      const body = (): number[] => Array.from({ length: 40 }, () => [...phrase, ...fresh(5)]).flat();
      const passage = fresh(30);
      const a = Uint32Array.from([...body(), ...phrase, ...passage, ...fresh(5)]);
      const b = Uint32Array.from([...body(), ...phrase, ...passage, ...fresh(5)]);
      const tiles = greedyTiles(a, a.length, b, b.length, 3);
      assert.deepEqual(tiles[0], { a: 320, b: 320, len: 33 });
      // Past MAX_GRAM_POSITIONS places, a phrase's own 3-token repeats are not all tried (a documented
      // bound on repetitive text); every longer tile must still agree with the brute force.
      const long = (ts: readonly { len: number }[]) => ts.filter((t) => t.len > 3);
      assert.deepEqual(long([...tiles].sort(byPosition)), long([...bruteTiles(a, b, 3)].sort(byPosition)));
    },
  );

  it('handles empty and too-short inputs, and respects the counts given', () => {
    assert.deepEqual(greedyTiles(new Uint32Array(0), 0, Uint32Array.of(1, 2, 3), 3, 2), []);
    assert.deepEqual(greedyTiles(Uint32Array.of(1, 2), 2, Uint32Array.of(1, 2), 2, 3), []);
    assert.deepEqual(greedyTiles(Uint32Array.of(1, 2, 3), 3, Uint32Array.of(1, 2, 3), 3, 3), [{ a: 0, b: 0, len: 3 }]);
    // Only the first `count` entries of a buffer are tokens.
    assert.deepEqual(greedyTiles(Uint32Array.of(1, 2, 3, 4, 5), 3, Uint32Array.of(1, 2, 3, 4, 5), 5, 2), [{ a: 0, b: 0, len: 3 }]);
  });
});

describe('gram indexes and gram hashes', () => {
  it('index every gram as hashRun · 2^21 + position, sorted', () => {
    const r = rng(0x6a4d);
    for (let k = 0; k < 300; k++) {
      // Small alphabets repeat grams (equal hashes, ordered by position); large ones almost never.
      const ids = randomTokens(r, r.int(0, 400), r.pick([2, 5, 1000, 2 ** 32 - 1]));
      const m = r.int(1, 4);
      const count = r.int(0, ids.length);
      const want: number[] = [];
      for (let i = 0; i + m <= count; i++) want.push(hashRun(ids, i, i + m) * 2 ** 21 + i);
      want.sort((x, y) => x - y);
      assert.deepEqual([...gramIndex(ids, count, m)], want, `case ${k}`);
    }
  });

  it('hash equal grams equal, and spread distinct ones over the top bits', () => {
    const r = rng(0x6a4e);
    for (const m of [1, 2, 3, 4]) {
      const ids = Uint32Array.from({ length: 20000 }, () => r.u32());
      // The same gram elsewhere hashes the same.
      const copy = Uint32Array.from([7, ...ids.subarray(100, 100 + m)]);
      assert.equal(gramHash(copy, 1, m), gramHash(ids, 100, m));
      // Distinct grams: no collision among 20,000, and the top 8 bits (what a map of 256 slots reads) even.
      const seen = new Set<number>();
      const top = new Uint32Array(256);
      for (let p = 0; p + m <= ids.length; p++) {
        const h = gramHash(ids, p, m);
        seen.add(h);
        top[h >>> 24] = (top[h >>> 24] as number) + 1;
      }
      assert.equal(seen.size, ids.length - m + 1, `m=${m}`);
      const mean = (ids.length - m + 1) / 256;
      for (const c of top) assert.ok(Math.abs(c - mean) < 6 * Math.sqrt(mean), `m=${m}: bucket of ${c}, mean ${mean}`);
    }
    // The order of a gram's tokens counts.
    const xyz = Uint32Array.of(1, 2, 3, 3, 2, 1);
    assert.notEqual(gramHash(xyz, 0, 3), gramHash(xyz, 3, 3));
  });

  it('give the same tiles, with gram indexes given or not (they are not read)', () => {
    const r = rng(77);
    for (let k = 0; k < 100; k++) {
      const a = randomTokens(r, r.int(0, 60), 4);
      const b = randomTokens(r, r.int(0, 60), 4);
      const want = greedyTiles(a, a.length, b, b.length, 3);
      assert.deepEqual(greedyTiles(a, a.length, b, b.length, 3, gramIndex(a, a.length, 3), gramIndex(b, b.length, 3)), want);
    }
  });
});

/**
 * What a gram map must find: for each gram of `probed` whose hash is among `held`'s, its place, its
 * rank (places of `probed` before it with that hash) and the held places with that hash.
 */
function referenceShared(held: Uint32Array, probed: Uint32Array, m: number): { at: number[]; rank: number[]; places: number[][]; complete: boolean } {
  const hashes = (ids: Uint32Array): number[] => Array.from({ length: Math.max(0, ids.length - m + 1) }, (_, p) => gramHash(ids, p, m));
  const hh = hashes(held);
  const hp = hashes(probed);
  const at: number[] = [];
  const rank: number[] = [];
  const places: number[][] = [];
  let complete = true;
  for (let p = 0; p < hp.length; p++) {
    const h = hp[p] as number;
    const here = [...hh.keys()].filter((q) => hh[q] === h);
    if (here.length === 0) continue;
    const before = hp.slice(0, p).filter((x) => x === h).length;
    if (here.length > MAX_GRAM_POSITIONS || before >= MAX_GRAM_POSITIONS) complete = false;
    at.push(p);
    rank.push(before);
    places.push(here);
  }
  return { at, rank, places, complete };
}

/** Reads a bit set of `count` positions. */
function setBits(bits: Uint32Array, count: number): number[] {
  const out: number[] = [];
  for (let p = 0; p < count; p++) if (((bits[p >>> 5] as number) >>> (p & 31)) & 1) out.push(p);
  return out;
}

describe('gram maps', () => {
  it('find every shared gram, its rank and its places, as the naive search does', () => {
    const r = rng(0x9a3);
    const map = new GramMap();
    let tables: Uint32Array[] = [];
    let repetitive = 0;
    for (let k = 0; k < 400; k++) {
      // Few distinct values repeat grams (and pass MAX_GRAM_POSITIONS); many rarely do. Tables are
      // reused from case to case, as a run of pairs shares one side.
      const distinct = r.pick([1, 2, 3, 50, 2 ** 32 - 1]);
      const fresh = (): Uint32Array => Uint32Array.from({ length: r.int(0, 120) }, () => (distinct === 2 ** 32 - 1 ? r.u32() : r.int(1, distinct) * 0x9e3779b1) >>> 0);
      if (tables.length === 0 || r.chance(0.5)) tables = [fresh(), fresh()];
      const [held, probed] = r.chance(0.5) ? [tables[0] as Uint32Array, tables[1] as Uint32Array] : [tables[1] as Uint32Array, tables[0] as Uint32Array];
      const m = r.pick([1, 3, 3, 4]);
      map.hold(held, held.length, m);
      map.probe(probed, probed.length);
      const want = referenceShared(held, probed, m);
      assert.deepEqual([...map.hitAt.subarray(0, map.hits)], want.at, `case ${k}: places`);
      assert.deepEqual([...map.hitRank.subarray(0, map.hits)], want.rank, `case ${k}: ranks`);
      const places = Array.from(map.hitSlot.subarray(0, map.hits), (s) => {
        const out: number[] = [];
        for (let q = map.first(s); q >= 0; q = map.next[q] as number) out.push(q);
        return out;
      });
      assert.deepEqual(places, want.places, `case ${k}: held places`);
      assert.equal(map.complete, want.complete, `case ${k}: complete`);
      if (!want.complete) repetitive++;
      const heldBits = new Uint32Array((held.length + 31) >>> 5);
      map.markHeld(heldBits);
      assert.deepEqual(setBits(heldBits, held.length), [...new Set(want.places.flat())].sort((x, y) => x - y), `case ${k}: held bits`);
      const probedBits = new Uint32Array((probed.length + 31) >>> 5);
      map.markProbed(probedBits);
      assert.deepEqual(setBits(probedBits, probed.length), want.at, `case ${k}: probed bits`);
    }
    assert.ok(repetitive > 20, `only ${repetitive} cases past MAX_GRAM_POSITIONS`);
  });
});

/**
 * gramsMayChain the slow way: each shared position marks its m tokens, a run of consecutive shared
 * positions covering `anchor` tokens or more marks them anchored; then a cluster of marks, maxGap
 * apart at most, must hold `total` of them and an anchored one.
 */
function referenceMayChain(shared: readonly number[], count: number, m: number, anchor: number, total: number, maxGap: number): boolean {
  const mark = new Uint8Array(count + m);
  const set = new Set(shared);
  for (const p of shared) {
    let end = p;
    while (set.has(end + 1)) end++;
    const v = end - p + m >= anchor ? 2 : 1;
    for (let t = p; t < end + m; t++) mark[t] = Math.max(mark[t] as number, v);
  }
  let covered = 0;
  let anchored = false;
  let gap = 0;
  for (const v of mark) {
    if (v === 0) {
      if (++gap > maxGap) {
        covered = 0;
        anchored = false;
      }
      continue;
    }
    gap = 0;
    covered++;
    if (v === 2) anchored = true;
    if (anchored && covered >= total) return true;
  }
  return false;
}

describe('the shared-gram bound', () => {
  it('decides as the marking reference does', () => {
    const r = rng(0x60d);
    let yes = 0;
    let no = 0;
    for (let k = 0; k < 3000; k++) {
      const count = r.int(0, 150);
      const m = r.int(1, 4);
      const density = r.pick([0.02, 0.1, 0.3, 0.6]);
      const shared: number[] = [];
      for (let p = 0; p + m <= count; p++) if (r.chance(density)) shared.push(p);
      const anchor = r.int(m, 7);
      const total = r.int(anchor, 16);
      const maxGap = r.pick([0, 1, 3, 8, Infinity]);
      const bits = new Uint32Array((count + 31) >>> 5);
      for (const p of shared) bits[p >>> 5] = (bits[p >>> 5] as number) | (1 << (p & 31));
      const want = referenceMayChain(shared, count, m, anchor, total, maxGap);
      assert.equal(gramsMayChain(bits, count, m, anchor, total, maxGap), want, `case ${k}: [${shared}] m=${m} anchor=${anchor} total=${total} maxGap=${maxGap}`);
      if (want) yes++;
      else no++;
    }
    assert.ok(yes > 300 && no > 300, `${yes} held, ${no} did not`);
  });

  it('gives the same tiles whichever side the gram map holds, from one pair to the next', () => {
    const r = rng(0x51de);
    const texts = Array.from({ length: 6 }, () => randomTokens(r, r.int(0, 70), r.int(3, 5)));
    for (let k = 0; k < 300; k++) {
      const x = r.int(0, texts.length - 1);
      const y = r.int(0, texts.length - 1);
      const a = texts[x] as Uint32Array;
      const b = texts[y] as Uint32Array;
      const got = greedyTiles(a, a.length, b, b.length, 3);
      assert.deepEqual([...got].sort(byPosition), [...bruteTiles(a, b, 3)].sort(byPosition), `case ${k}: ${x} against ${y}`);
    }
  });
});

describe('linear sorts of hashes', () => {
  const r = rng(0x5047);
  /** Hashes, small integers (crowding into few buckets), or repeats of a few values. */
  const values = (n: number): Uint32Array => {
    const kind = r.int(0, 2);
    const few = Array.from({ length: 3 }, () => r.u32());
    return Uint32Array.from({ length: n }, () => (kind === 0 ? r.u32() : kind === 1 ? r.int(0, 1000) : r.pick(few)));
  };

  it('sort as the native sort does, evenly spread or not, small or past the bucketed size', () => {
    for (const n of [0, 1, 2, 3, 17, 300, 5000, 70000]) {
      for (let k = 0; k < (n > 1000 ? 3 : 30); k++) {
        const v = values(n);
        assert.deepEqual([...sortHashes(v.slice())], [...v.slice().sort()], `sortHashes n=${n}`);
        const span = 2 ** 21;
        const packed = Float64Array.from(v, (h, i) => h * span + i).sort();
        assert.deepEqual([...packSorted(v, n, span)], [...packed], `packSorted n=${n}`);
      }
    }
  });
});

/** chainTiles as first written, one array per chain: the reference its linked chains must equal. */
function referenceChains(tiles: readonly Tile[], maxGap: number, bridges: (from: Tile, to: Tile) => boolean): Tile[][] {
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
      if (gapA > maxGap) continue;
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

/** chainTiles' chains, read off its linked lists, equal referenceChains'; some pairs of tiles may not be bridged (page furniture between them). */
function assertChainsAsReference(tiles: Tile[], maxGap: number, message: string): void {
  const bridges = (x: Tile, y: Tile): boolean => (x.a * 7 + y.b * 3) % 5 !== 0;
  const { tiles: sorted, heads, next } = chainTiles(tiles, maxGap, bridges);
  const got = heads.map((h) => {
    const c: Tile[] = [];
    for (let t = h; t >= 0; t = next[t] as number) c.push(sorted[t] as Tile);
    return c;
  });
  assert.deepEqual(got, referenceChains(tiles, maxGap, bridges), message);
}

describe('chainTiles and the tiling bound', () => {
  it('chains tiles as the one-array-per-chain reference does', () => {
    const r = rng(0xc4a1);
    for (let k = 0; k < 300; k++) {
      const a = randomTokens(r, r.int(0, 120), r.int(2, 6));
      const b = randomTokens(r, r.int(0, 120), r.int(2, 6));
      const tiles = greedyTiles(a, a.length, b, b.length, r.int(2, 4));
      const maxGap = r.int(0, 10);
      assertChainsAsReference(tiles, maxGap, `case ${k}`);
    }
  });

  it('chains many tiles (past the insertion sort) as the reference does', () => {
    const r = rng(0xc4a2);
    let many = 0;
    for (let k = 0; k < 40; k++) {
      const a = randomTokens(r, r.int(200, 400), r.int(2, 3));
      const b = randomTokens(r, r.int(200, 400), r.int(2, 3));
      const tiles = greedyTiles(a, a.length, b, b.length, 2);
      if (tiles.length > 32) many++;
      const maxGap = r.int(0, 10);
      assertChainsAsReference(tiles, maxGap, `case ${k}`);
    }
    assert.ok(many > 10, `only ${many} cases had more than 32 tiles`);
  });

  it('drops the tiling only when no chain of it could be a passage', () => {
    const r = rng(0xb0b);
    let dropped = 0;
    let kept = 0;
    for (let k = 0; k < 600; k++) {
      const alphabet = r.int(3, 12);
      const shared = randomTokens(r, r.int(0, 14), alphabet);
      const a = Uint32Array.from([...randomTokens(r, r.int(0, 50), alphabet), ...shared, ...randomTokens(r, r.int(0, 50), alphabet)]);
      const b = Uint32Array.from([...randomTokens(r, r.int(0, 50), alphabet), ...shared, ...randomTokens(r, r.int(0, 50), alphabet)]);
      const minTile = r.int(2, 3);
      const anchor = r.int(minTile, 6);
      const total = r.int(anchor, 14);
      const maxGap = r.pick([undefined, 0, 2, 8]);
      const full = greedyTiles(a, a.length, b, b.length, minTile);
      const got = greedyTiles(a, a.length, b, b.length, minTile, undefined, undefined, { anchor, total, maxGap });
      if (got.length > 0) {
        assert.deepEqual(got, full, `case ${k}`);
        kept++;
        continue;
      }
      if (full.length > 0) dropped++;
      // Dropped: no chain of the full tiling has an anchor and `total` tokens.
      const { tiles, heads, next } = chainTiles(full, maxGap ?? Infinity);
      for (const h of heads) {
        let sum = 0;
        let anchored = false;
        for (let t = h; t >= 0; t = next[t] as number) {
          sum += (tiles[t] as Tile).len;
          if ((tiles[t] as Tile).len >= anchor) anchored = true;
        }
        assert.ok(!anchored || sum < total, `case ${k}: a chain of ${sum} tokens was dropped`);
      }
    }
    assert.ok(dropped > 50 && kept > 50, `dropped ${dropped}, kept ${kept}`);
  });

  it('tiles a pair mayTile just let through as it would alone, whatever terms mayTile was asked with', () => {
    // tileInto skips the bound mayTile has just worked out for the same pair and terms: with other
    // terms, another pair in between, or the sides exchanged, it must decide afresh.
    const r = rng(0x7a11);
    let passedOnly = 0;
    for (let k = 0; k < 600; k++) {
      const alphabet = r.int(3, 12);
      const shared = randomTokens(r, r.int(0, 14), alphabet);
      const a = Uint32Array.from([...randomTokens(r, r.int(0, 40), alphabet), ...shared, ...randomTokens(r, r.int(0, 40), alphabet)]);
      const b = Uint32Array.from([...randomTokens(r, r.int(0, 40), alphabet), ...shared, ...randomTokens(r, r.int(0, 40), alphabet)]);
      const other = randomTokens(r, r.int(0, 60), alphabet);
      const minTile = r.int(2, 3);
      const anchor = r.int(minTile, 6);
      const total = r.int(anchor, 14);
      const maxGap = r.pick([undefined, 0, 2, 8]);
      const o = { anchor, total, maxGap };
      const alone = greedyTiles(a, a.length, b, b.length, minTile, undefined, undefined, o);
      // Asked with looser terms: it may pass where the tiling's own terms do not.
      const looser = mayTile(a, a.length, b, b.length, minTile, minTile, minTile, maxGap === undefined ? undefined : maxGap + 4);
      if (looser && alone.length === 0) passedOnly++;
      assert.deepEqual(greedyTiles(a, a.length, b, b.length, minTile, undefined, undefined, o), alone, `case ${k}: after looser terms`);
      mayTile(a, a.length, b, b.length, minTile, anchor, total, maxGap);
      assert.deepEqual(greedyTiles(a, a.length, b, b.length, minTile, undefined, undefined, o), alone, `case ${k}: after the same terms`);
      mayTile(a, a.length, other, other.length, minTile, minTile, minTile, maxGap);
      assert.deepEqual(greedyTiles(a, a.length, b, b.length, minTile, undefined, undefined, o), alone, `case ${k}: after another pair`);
      mayTile(b, b.length, a, a.length, minTile, minTile, minTile, maxGap);
      assert.deepEqual(greedyTiles(a, a.length, b, b.length, minTile, undefined, undefined, o), alone, `case ${k}: after the sides exchanged`);
    }
    assert.ok(passedOnly > 20, `only ${passedOnly} cases passed looser terms alone`);
  });

  it('keeps two runs exactly maxGap apart as one chain, and drops them one word further', () => {
    for (let gap = 1; gap <= 4; gap++) {
      const fill = (from: number): number[] => Array.from({ length: gap }, (_, i) => from + i);
      const a = Uint32Array.from([1, 2, 3, 4, 5, ...fill(100), 6, 7, 8, 9, 10]);
      const b = Uint32Array.from([50, 1, 2, 3, 4, 5, ...fill(200), 6, 7, 8, 9, 10, 51]);
      const tiles = (maxGap: number): Tile[] => greedyTiles(a, a.length, b, b.length, 3, undefined, undefined, { anchor: 5, total: 10, maxGap });
      assert.equal(tiles(gap).length, 2, `gap ${gap}`);
      assert.equal(tiles(gap - 1).length, 0, `gap ${gap}, maxGap ${gap - 1}`);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// alignTexts

const OPTS = alignOptions(resolveOptions());

function side(text: string, furniture?: Uint8Array): AlignSide {
  return { text, tokens: tokenize(text), furniture };
}

function align(a: string, b: string): AlignedPassage[] {
  return alignTexts(side(a), side(b), OPTS);
}

function spanOf(text: string, needle: string): { start: number; end: number } {
  const i = text.indexOf(needle);
  assert.ok(i >= 0, `${JSON.stringify(needle)} not in text`);
  assert.equal(text.indexOf(needle, i + 1), -1, `${JSON.stringify(needle)} occurs twice`);
  return { start: i, end: i + needle.length };
}

/** Random lower-case words as a sentence-ish filler (capitalised, with a period). */
function filler(r: Rng, n: number): string {
  const w = randomWords(r, n);
  w[0] = (w[0] as string).replace(/^./, (c) => c.toUpperCase());
  return w.join(' ') + '.';
}

describe('alignTexts', () => {
  it('keeps, given a test of which passages to keep, exactly the passages that pass it', () => {
    const r = rng(0x6ee9);
    const sentences = Array.from({ length: 6 }, () => filler(r, r.int(8, 30)));
    let dropped = 0;
    let kept = 0;
    for (let k = 0; k < 60; k++) {
      // Shared sentences, some with a word changed (near passages), amid filler.
      const pick = (): string =>
        Array.from({ length: r.int(1, 4) }, () => {
          const s = r.pick(sentences);
          return r.chance(0.3) ? s.replace(/ \w+ /, ' changed ') : s;
        }).join(` ${filler(r, r.int(2, 12))} `);
      const a = side(`${filler(r, r.int(1, 20))} ${pick()} ${filler(r, r.int(1, 20))}`);
      const b = side(`${filler(r, r.int(1, 20))} ${pick()} ${filler(r, r.int(1, 20))}`);
      const test = (matched: number, kind: string, aStart: number, aEnd: number, bStart: number, bEnd: number): boolean =>
        (matched + aStart * 3 + aEnd + bStart * 5 + bEnd + kind.length) % 3 !== 0;
      const all = alignTexts(a, b, OPTS);
      const want = all.filter((p) => test(p.matched, p.kind, p.aTokens.start, p.aTokens.end, p.bTokens.start, p.bTokens.end));
      assert.deepEqual(alignTexts(a, b, OPTS, test), want, `case ${k}`);
      kept += want.length;
      dropped += all.length - want.length;
    }
    assert.ok(kept > 20 && dropped > 5, `kept ${kept}, dropped ${dropped}`);
  });

  it('finds a planted verbatim sentence with exact character spans on both sides', () => {
    const r = rng(2024);
    const sentence = 'The committee approved the harbour budget after a long debate that ran past midnight on Tuesday.';
    for (let k = 0; k < 20; k++) {
      const a = `${filler(r, r.int(5, 60))} ${sentence} ${filler(r, r.int(5, 60))}`;
      const b = `${filler(r, r.int(5, 60))}\n\n${sentence}\n${filler(r, r.int(5, 60))}`;
      const passages = align(a, b);
      assert.equal(passages.length, 1, JSON.stringify(passages));
      const p = passages[0] as AlignedPassage;
      assert.deepEqual(p.a, spanOf(a, sentence));
      assert.deepEqual(p.b, spanOf(b, sentence));
      assert.equal(p.kind, 'verbatim');
      assert.equal(p.score, 1);
      assert.equal(p.matched, 16);
      assert.equal(a.slice(p.a.start, p.a.end), sentence);
    }
  });

  it('widens the span over shared quotes but not over punctuation only one side has', () => {
    const quote = 'we have been patient for eleven months and our members kept this port running';
    const a = `Okafor said: “${quote}.” Then she left.`;
    const b = `Another story. "${quote}." More text follows here.`;
    const [p, ...rest] = align(a, b);
    assert.equal(rest.length, 0);
    assert.ok(p);
    assert.deepEqual(p.a, spanOf(a, `“${quote}.”`));
    assert.deepEqual(p.b, spanOf(b, `"${quote}."`));
    const c = `Text (${quote}) ends`;
    const [q] = align(a, c);
    assert.ok(q);
    assert.deepEqual(q.b, spanOf(c, quote), 'a parenthesis does not match a quote');
  });

  it('does not report a short common phrase (fewer than minWords words)', () => {
    const r = rng(7);
    const phrase = 'said in a statement on Tuesday that the'; // 8 words < 10
    const a = `${filler(r, 30)} Officials ${phrase} ${filler(r, 30)}`;
    const b = `${filler(r, 30)} The company ${phrase} ${filler(r, 30)}`;
    assert.deepEqual(align(a, b), []);
    // Exactly minWords words is enough.
    const ten = 'said in a statement on Tuesday that the bridge was';
    const p = align(`${filler(r, 30)} Officials ${ten} ${filler(r, 30)}`, `${filler(r, 30)} The company ${ten} ${filler(r, 30)}`);
    assert.equal(p.length, 1);
    assert.equal(p[0]?.matched, 10);
  });

  it('gives one passage per paragraph when paragraphs are reordered', () => {
    const r = rng(99);
    const paras = Array.from({ length: 5 }, () => filler(r, r.int(20, 35)));
    const order = [2, 0, 4, 1, 3]; // no two paragraphs adjacent in A stay adjacent in B
    const a = paras.join('\n\n');
    const b = order.map((i) => paras[i]).join('\n\n');
    const passages = align(a, b);
    assert.equal(passages.length, paras.length, JSON.stringify(passages.map((p) => [p.a, p.b])));
    passages.forEach((p, i) => {
      // Sorted by position in A: passage i is paragraph i.
      const para = paras[i] as string;
      assert.deepEqual(p.a, spanOf(a, para), `paragraph ${i} in A`);
      assert.deepEqual(p.b, spanOf(b, para), `paragraph ${i} in B`);
      assert.equal(p.kind, 'verbatim');
    });
  });

  it('gives a near passage with score < 1 for a copy with one word changed every 8 words', () => {
    const r = rng(31);
    const words = randomWords(r, 80);
    const edited = words.map((w, i) => (i % 8 === 7 ? `zzq${i}` : w)); // 'q' never occurs in random words
    const a = words.join(' ');
    const b = edited.join(' ');
    const passages = align(a, b);
    assert.equal(passages.length, 1, JSON.stringify(passages));
    const p = passages[0] as AlignedPassage;
    assert.equal(p.kind, 'near');
    assert.ok(p.score < 1);
    const changed = edited.filter((w) => w.startsWith('zzq')).length;
    assert.equal(changed, 10);
    // Word 79 is changed: the passage runs from the first word to word 78, on both sides.
    const ta = tokenize(a);
    const tb = tokenize(b);
    assert.deepEqual(p.aTokens, { start: 0, end: 79 });
    assert.deepEqual(p.bTokens, { start: 0, end: 79 });
    assert.deepEqual(p.a, { start: 0, end: ta.end[78] });
    assert.deepEqual(p.b, { start: 0, end: tb.end[78] });
    // 10 runs of 7 words; score = 2 · exact / (tokens in A + tokens in B).
    assert.equal(p.matched, 70);
    assert.equal(p.score, Math.round((2 * 70 * 10000) / (79 + 79)) / 10000);
  });

  it('does not count furniture-masked tokens toward minWords', () => {
    const r = rng(55);
    const shared = 'Share this article with the readers who follow the council budget every week'; // 13 words
    const a = `${filler(r, 20)} ${shared} ${filler(r, 20)}`;
    const b = `${filler(r, 20)} ${shared} ${filler(r, 20)}`;
    const ta = tokenize(a);
    const first = [...ta.start.subarray(0, ta.count)].indexOf(a.indexOf('Share'));
    assert.ok(first > 0);
    // Without furniture: one passage of 13 words.
    const plain = alignTexts(side(a), side(b), OPTS);
    assert.equal(plain.length, 1);
    assert.equal(plain[0]?.matched, 13);
    // "Share this article with" masked in A: 9 words count, fewer than 10.
    const maskA = new Uint8Array(ta.count);
    maskA.fill(1, first, first + 4);
    assert.deepEqual(alignTexts(side(a, maskA), side(b), OPTS), []);
    // Masked in B instead: the same.
    const tb = tokenize(b);
    const firstB = [...tb.start.subarray(0, tb.count)].indexOf(b.indexOf('Share'));
    const maskB = new Uint8Array(tb.count);
    maskB.fill(1, firstB, firstB + 4);
    assert.deepEqual(alignTexts(side(a), side(b, maskB), OPTS), []);
    // Two masked tokens leave 11: the passage stays, and says 11.
    const maskA2 = new Uint8Array(ta.count);
    maskA2.fill(1, first, first + 2);
    const kept = alignTexts(side(a, maskA2), side(b), OPTS);
    assert.equal(kept.length, 1);
    assert.equal(kept[0]?.matched, 11);
  });

  it('finds nothing between unrelated random texts', () => {
    const r = rng(1);
    for (let k = 0; k < 20; k++) assert.deepEqual(align(filler(r, 200), filler(r, 200)), []);
  });
});

describe('compare() on the seed articles', () => {
  const dir = path.join(ROOT, '..', 'shared', 'data', 'seeds');
  it('finds exactly the shared sentence, with exact offsets, and no furniture', (t) => {
    const files = existsSync(dir) ? ['000_e7fadc30bf7107ca.txt', '001_f98e57757dc8a043.txt'].map((f) => path.join(dir, f)) : [];
    if (files.length === 0 || !files.every((f) => existsSync(f))) {
      t.skip(`seed articles not found in ${dir}`);
      return;
    }
    const [a, b] = files.map((f) => readFileSync(f, 'utf8')) as [string, string];
    const cmp = compare(a, b);
    assert.equal(cmp.passages.length, 1, JSON.stringify(cmp.passages));
    const p = cmp.passages[0] as (typeof cmp.passages)[number];
    const begin = 'But the emphasis of both the nations';
    const end = 'state of disturbance.';
    const span = (text: string): { start: number; end: number } => {
      const s = text.indexOf(begin);
      const e = text.indexOf(end, s);
      assert.ok(s >= 0 && e > s);
      return { start: s, end: e + end.length };
    };
    assert.deepEqual(p.a, span(a));
    assert.deepEqual(p.b, span(b));
    assert.equal(a.slice(p.a.start, p.a.end), b.slice(p.b.start, p.b.end));
    assert.equal(p.kind, 'verbatim');
    for (const q of cmp.passages) {
      for (const s of [a.slice(q.a.start, q.a.end), b.slice(q.b.start, q.b.end)]) {
        assert.ok(!/Share|Advertisement/.test(s), `passage contains furniture: ${s}`);
      }
    }
    assert.ok(cmp.similarity.jaccard > 0 && cmp.similarity.jaccard < 0.2, `jaccard ${cmp.similarity.jaccard}`);
  });
});

describe('print tables', () => {
  it('hold each document’s immutable prints in order with their places, and answer holds() as a set does', () => {
    const r = rng(0x9417);
    const table = new PrintTable();
    const docs: { fingerprints: Uint32Array; fingerprintPos: Uint32Array }[] = [];
    for (let d = 0; d < 400; d++) {
      const n = r.int(0, 120);
      // A small range of values: prints shared between documents, and repeated within one.
      const fingerprints = Uint32Array.from({ length: n }, () => (r.int(0, 2000) * 0x9e3779b1) >>> 0);
      docs.push({ fingerprints, fingerprintPos: Uint32Array.from({ length: n }, (_, i) => 3 * i + r.int(0, 2)) });
    }
    // Made in a scattered order, some twice: the pool grows and moves meanwhile.
    const order = Array.from({ length: 600 }, () => r.int(0, docs.length - 1));
    for (const d of order) table.of(d, docs[d] as unknown as IndexedDoc);
    for (let d = 0; d < docs.length; d++) {
      const doc = docs[d] as { fingerprints: Uint32Array; fingerprintPos: Uint32Array };
      const at = table.of(d, doc as unknown as IndexedDoc);
      assert.equal(table.made(d), at);
      const pool = table.pool;
      const want = [...doc.fingerprints.keys()].filter((i) => isImmutableFingerprint(doc.fingerprints[i] as number));
      const n = printsIn(pool, at);
      const from = printsAt(pool, at);
      assert.deepEqual([...pool.subarray(from, from + n)], want.map((i) => doc.fingerprints[i]), `doc ${d}: prints`);
      assert.deepEqual([...pool.subarray(from + n, from + 2 * n)], want.map((i) => doc.fingerprintPos[i]), `doc ${d}: places`);
      const set = new Set(want.map((i) => doc.fingerprints[i]));
      for (let q = 0; q < 300; q++) {
        const h = (r.int(0, 2000) * 0x9e3779b1) >>> 0;
        assert.equal(holds(pool, at, h), set.has(h), `doc ${d}: holds(${h})`);
      }
    }
    assert.equal(table.made(docs.length + 5), 0);
  });
});
