/**
 * findCandidates against the rules it implements, written the plain way: per fingerprint and per LSH
 * bucket, the list of documents seen so far in a Map; each document scores the ones before it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findCandidates, RARE_DF } from '../src/index/candidates.js';
import type { IndexedDoc } from '../src/model/types.js';
import { resolveOptions } from '../src/options.js';
import { isImmutableFingerprint } from '../src/sketch/immutables.js';
import { bandKeys } from '../src/sketch/lsh.js';
import { EMPTY } from '../src/sketch/minhash.js';
import { mulberry32 as rng } from './helpers/random.js';

/** candidates.ts MAX_VISIT, MAX_VISIT_COMMON and LSH_BONUS. */
const MAX_VISIT = 256;
const MAX_VISIT_COMMON = 32;
const LSH_BONUS = 1 << 24;

function naive(docs: readonly IndexedDoc[], masks: readonly (Uint8Array | null)[], opts: ReturnType<typeof resolveOptions>): [number, number][] {
  const usable = docs.map((d, i) => {
    const mask = masks[i];
    const out = new Set<number>();
    d.fingerprints.forEach((h, k) => {
      const p = d.fingerprintPos[k]!;
      if (mask && mask.subarray(p, p + opts.shingle).some((x) => x !== 0)) return;
      out.add(h);
    });
    return out;
  });
  const df = new Map<number, number>();
  for (const u of usable) for (const h of u) df.set(h, (df.get(h) ?? 0) + 1);
  const fpSeen = new Map<number, number[]>();
  const lshSeen = new Map<number, number[]>();
  const pairs: [number, number][] = [];
  docs.forEach((doc, d) => {
    const score = new Map<number, number>();
    for (const h of usable[d]!) {
      const before = fpSeen.get(h) ?? [];
      fpSeen.set(h, [...before, d]);
      const rare = df.get(h)! <= RARE_DF;
      if (!rare && isImmutableFingerprint(h)) continue;
      for (const c of before.slice(-(rare ? MAX_VISIT : MAX_VISIT_COMMON))) score.set(c, (score.get(c) ?? 0) + (rare ? 2 : 1));
    }
    if (doc.signature.length > 0 && doc.signature[0] !== EMPTY) {
      for (const key of bandKeys(doc.signature, opts.lsh)) {
        const before = lshSeen.get(key) ?? [];
        lshSeen.set(key, [...before, d]);
        for (const c of before.slice(-MAX_VISIT)) if ((score.get(c) ?? 0) < LSH_BONUS) score.set(c, (score.get(c) ?? 0) + LSH_BONUS);
      }
    }
    const strong = [...score].filter(([, s]) => s >= 2).sort((x, y) => y[1] - x[1] || x[0] - y[0]);
    for (const c of strong.slice(0, opts.maxSources).map(([c]) => c).sort((x, y) => x - y)) pairs.push([c, d]);
  });
  return pairs;
}

describe('findCandidates', () => {
  for (const [seed, nDocs, keys, maxSources] of [[1, 300, 400, 24], [2, 500, 60, 5], [3, 120, 2000, 3]] as const) {
    it(`pairs as the plain rules do (${nDocs} documents, ${keys} fingerprints, ${maxSources} sources at most)`, () => {
      const r = rng(seed);
      const opts = resolveOptions({ maxSources });
      const sigLen = opts.lsh.bands * opts.lsh.rows;
      const docs: IndexedDoc[] = [];
      const masks: (Uint8Array | null)[] = [];
      for (let d = 0; d < nDocs; d++) {
        const n = Math.floor(r() * 40);
        // Repeats within a document, odd (immutable-word) and even fingerprints, common and rare ones.
        const fingerprints = Uint32Array.from({ length: n }, () => (Math.floor(r() ** 2 * keys) * 0x9e3779b1) >>> 0);
        const tokenCount = 5 * n + 10;
        const fingerprintPos = Uint32Array.from({ length: n }, () => Math.floor(r() * (tokenCount - opts.shingle)));
        // Near-duplicates share whole signatures now and then; some documents have none (empty).
        const family = Math.floor(r() * 40);
        const signature =
          r() < 0.1 ? new Uint32Array(sigLen).fill(EMPTY) : Uint32Array.from({ length: sigLen }, (_, i) => (r() < 0.7 ? family * 1000 + i : Math.floor(r() * 1e6)));
        docs.push({
          seq: d,
          article: { id: `d${d}`, text: '' },
          time: null,
          fingerprints,
          fingerprintPos,
          signature,
          lines: new Uint32Array(0),
          lineTokenStart: new Uint32Array(0),
          lineTokenEnd: new Uint32Array(0),
          tokenCount,
        });
        masks.push(r() < 0.3 ? Uint8Array.from({ length: tokenCount }, () => (r() < 0.05 ? 1 : 0)) : null);
      }
      const found = findCandidates(docs, masks, opts);
      const expected = naive(docs, masks, opts);
      assert.ok(expected.length > 50);
      assert.deepEqual(found.pairs, expected);
      const df = new Map<number, number>();
      for (const [i, d] of docs.entries()) {
        const seen = new Set<number>();
        d.fingerprints.forEach((h, k) => {
          const p = d.fingerprintPos[k]!;
          if (!masks[i]?.subarray(p, p + opts.shingle).some((x) => x !== 0)) seen.add(h);
        });
        for (const h of seen) df.set(h, (df.get(h) ?? 0) + 1);
      }
      for (const [h, c] of df) assert.equal(found.docFreq(h), c);
    });
  }
});
