import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { families } from '../src/cluster/families.js';
import { classify, coverageOf, direction } from '../src/report/build.js';
import { furnitureMask } from '../src/index/furniture.js';
import type { IndexedDoc } from '../src/model/types.js';

function doc(seq: number, time: number | null, lineWords: number[] = []): IndexedDoc {
  const starts: number[] = [];
  const ends: number[] = [];
  let t = 0;
  for (const w of lineWords) {
    starts.push(t);
    t += w;
    ends.push(t);
  }
  return {
    seq,
    article: { id: `d${seq}`, text: '' },
    time,
    fingerprints: new Uint32Array(0),
    fingerprintPos: new Uint32Array(0),
    signature: new Uint32Array(0),
    lines: Uint32Array.from(lineWords.map((_, i) => i + 1)),
    lineTokenStart: Uint32Array.from(starts),
    lineTokenEnd: Uint32Array.from(ends),
    tokenCount: t,
  };
}

describe('direction', () => {
  it('runs from the strictly earlier document; unknown when a date is missing or equal', () => {
    assert.equal(direction(doc(0, 1), doc(1, 2)), 'a-to-b');
    assert.equal(direction(doc(0, 5), doc(1, 2)), 'b-to-a');
    assert.equal(direction(doc(0, null), doc(1, 2)), 'unknown');
    assert.equal(direction(doc(0, 3), doc(1, 3)), 'unknown');
  });
});

describe('coverageOf', () => {
  it('counts each covered word once, per source and overall, skipping furniture', () => {
    const mask = new Uint8Array(20);
    mask.fill(1, 0, 2); // two furniture words
    const r = coverageOf(20, mask, [
      { source: 7, spans: [{ start: 0, end: 10 }] },
      { source: 3, spans: [{ start: 5, end: 15 }, { start: 12, end: 14 }] },
    ]);
    assert.equal(r.words, 18);
    assert.equal(r.covered, 13); // tokens 2..14
    assert.equal(r.coverage, Math.round((13 / 18) * 1e4) / 1e4);
    assert.deepEqual(
      r.sources.map((s) => [s.seq, s.covered, s.passages]),
      [
        [3, 10, 2],
        [7, 8, 1],
      ],
    );
  });

  it('agrees with a naive count on random spans', () => {
    let seed = 42;
    const rnd = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    for (let k = 0; k < 200; k++) {
      const n = 1 + rnd(60);
      const spans = Array.from({ length: rnd(5) }, () => {
        const s = rnd(n);
        return { start: s, end: s + rnd(n - s + 1) };
      });
      const r = coverageOf(n, null, [{ source: 0, spans }]);
      const naive = new Set<number>();
      for (const s of spans) for (let i = s.start; i < s.end; i++) naive.add(i);
      assert.equal(r.covered, naive.size);
    }
  });

  it('agrees with a word-by-word count per source and overall, with furniture', () => {
    let seed = 7;
    const rnd = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    for (let k = 0; k < 300; k++) {
      const n = 1 + rnd(80);
      const mask = rnd(3) === 0 ? null : Uint8Array.from({ length: n }, () => (rnd(4) === 0 ? 1 : 0));
      const contributions = Array.from({ length: rnd(5) }, () => ({
        source: rnd(4),
        spans: Array.from({ length: 1 + rnd(4) }, () => {
          const s = rnd(n);
          return { start: s, end: s + rnd(n - s + 1) };
        }),
      }));
      const r = coverageOf(n, mask, contributions);
      const all = new Set<number>();
      const bySource = new Map<number, { covered: Set<number>; passages: number }>();
      for (const c of contributions) {
        const e = bySource.get(c.source) ?? { covered: new Set<number>(), passages: 0 };
        bySource.set(c.source, e);
        e.passages += c.spans.length;
        for (const s of c.spans) {
          for (let i = s.start; i < s.end; i++) {
            if (mask?.[i]) continue;
            all.add(i);
            e.covered.add(i);
          }
        }
      }
      const words = n - (mask ? mask.reduce((a, b) => a + b, 0) : 0);
      assert.equal(r.words, words);
      assert.equal(r.covered, all.size);
      assert.deepEqual(
        r.sources.map((s) => [s.seq, s.covered, s.passages]),
        [...bySource].map(([seq, e]) => [seq, e.covered.size, e.passages]).sort((x, y) => y[1]! - x[1]! || x[0]! - y[0]!),
      );
    }
  });
});

describe('classify', () => {
  it('copy at or above the threshold, partial below, original without reuse', () => {
    assert.equal(classify(0.8, 10, 0.8), 'copy');
    assert.equal(classify(0.79, 10, 0.8), 'partial');
    assert.equal(classify(0, 0, 0.8), 'original');
  });
});

describe('families', () => {
  it('joins linked documents and picks the earliest dated member as origin', () => {
    const times = [5, null, 2, 9, 1];
    const fams = families(
      5,
      [
        [0, 1],
        [1, 2],
        [3, 4],
      ],
      (seq) => ({ seq, time: times[seq] ?? null, coverage: 0 }),
    );
    assert.deepEqual(fams, [
      { members: [0, 1, 2], origin: 2 },
      { members: [3, 4], origin: 4 },
    ]);
  });

  it('without dates, the member taking least from others is the origin', () => {
    const cov = [0.9, 0.1, 0.5];
    const fams = families(3, [[0, 1], [1, 2]], (seq) => ({ seq, time: null, coverage: cov[seq] ?? 0 }));
    assert.equal(fams[0]?.origin, 1);
  });
});

describe('furnitureMask', () => {
  it('masks short recurring lines, not a long run of recurring lines', () => {
    const d = doc(0, null, [1, 30, 1, 20, 12, 12, 12, 12]);
    // lines 0 and 2 recur (furniture), lines 1 and 3 are unique text, lines 4-7 recur as one 48-word run.
    const mask = furnitureMask(d, [5, 1, 5, 1, 3, 3, 3, 3], 3);
    assert.ok(mask);
    assert.equal(mask[0], 1);
    assert.equal(mask[1], 0);
    assert.equal(mask[31], 1);
    assert.equal(mask[32], 0);
    assert.equal(mask[52], 0); // the 48-word run stays matchable
    assert.equal(mask.reduce((a, b) => a + b, 0), 2);
  });

  it('masks nothing below the document threshold', () => {
    assert.equal(furnitureMask(doc(0, null, [1, 2]), [2, 2], 3), null);
  });
});
