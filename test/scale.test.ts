/**
 * The large-corpus data structures against their plain counterparts: typed-array postings against a
 * Map of arrays, line counts against a Map, the streamed report writer against JSON.stringify and
 * renderHtml, the memory store's lazily made documents against all().
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { htmlChunks, prettyJsonChunks, writeChunks } from '../src/cli/write-report.js';
import { corpusLineCounts, LineCounts } from '../src/index/furniture.js';
import { buildPostings, keyCount, NONE, sharedRuns, sortEntries } from '../src/index/postings.js';
import { renderHtml } from '../src/report/html.js';
import type { Report } from '../src/report/contract.js';
import { createMemoryStore } from '../src/store/memory.js';
import { mulberry32 as rng } from './helpers/random.js';
import { makeDoc } from './store-contract.js';

function entries(seed: number, docs: number, per: number, range: number): { keys: Uint32Array; offsets: Float64Array } {
  const r = rng(seed);
  const keys: number[] = [];
  const offsets = new Float64Array(docs + 1);
  for (let d = 0; d < docs; d++) {
    const k = Math.floor(r() * per);
    for (let i = 0; i < k; i++) keys.push(Math.floor(r() * range) * 0x10001 >>> 0);
    offsets[d + 1] = keys.length;
  }
  return { keys: Uint32Array.from(keys), offsets };
}

describe('postings', () => {
  for (const [seed, range] of [[1, 50], [2, 5000], [3, 0x7fffffff]] as const) {
    it(`walks back through the same documents as a Map of arrays (keys in 0..${range})`, () => {
      const { keys, offsets } = entries(seed, 400, 30, range);
      const plain = new Map<number, number[]>();
      const earlier: number[][] = [];
      for (let d = 0; d < 400; d++) {
        for (let e = offsets[d]!; e < offsets[d + 1]!; e++) {
          const k = keys[e]!;
          const list = plain.get(k) ?? [];
          earlier[e] = [...list];
          list.push(d);
          plain.set(k, list);
        }
      }
      const kept = Uint32Array.from(keys);
      for (const [sharedOnly, sort] of [[false, 'lsd'], [true, 'lsd'], [false, 'msd'], [true, 'msd']] as const) {
        const p = buildPostings(Uint32Array.from(kept), offsets, 400, { sharedOnly, keepKeys: true, sort });
        for (let e = 0; e < kept.length; e++) {
          const k = kept[e]!;
          const r = p.rank[e]!;
          if (r === NONE) {
            assert.ok(sharedOnly);
            assert.equal(plain.get(k)!.length, 1);
            continue;
          }
          const back: number[] = [];
          for (let x = r - 1; x >= 0 && p.runKeys[x] === k; x--) back.push(p.runDocs[x]!);
          assert.deepEqual(back.reverse(), earlier[e]);
          assert.equal(p.runDocs[r], plain.get(k)!.indexOf(p.runDocs[r]!) >= 0 ? p.runDocs[r] : -1);
        }
        for (const [k, list] of plain) assert.equal(keyCount({ keys: p.keys!, size: p.size }, k), list.length);
        assert.equal(keyCount({ keys: p.keys!, size: p.size }, 0x7ffffffe), plain.get(0x7ffffffe)?.length ?? 0);
      }
    });
  }
});

describe('sortEntries and sharedRuns', () => {
  /** Each entry's (key, document), in arrival order. */
  function pairsOf(keys: Uint32Array, offsets: Float64Array): { key: number; doc: number; entry: number }[] {
    const out: { key: number; doc: number; entry: number }[] = [];
    for (let d = 0; d + 1 < offsets.length; d++) for (let e = offsets[d]!; e < offsets[d + 1]!; e++) out.push({ key: keys[e]!, doc: d, entry: e });
    return out;
  }

  for (const [seed, range] of [[4, 30], [5, 5000], [6, 0x7fffffff]] as const) {
    it(`sortEntries: by key then arrival, as a stable native sort (keys in 0..${range})`, () => {
      const { keys, offsets } = entries(seed, 300, 30, range);
      const want = pairsOf(keys, offsets).sort((x, y) => x.key - y.key || x.entry - y.entry);
      for (const sort of ['lsd', 'msd'] as const) {
        for (const value of ['entry', 'document'] as const) {
          const sorted = new Uint32Array(keys.length);
          const values = new Uint32Array(keys.length);
          sortEntries(Uint32Array.from(keys), offsets, 300, value, sorted, values, sort);
          assert.deepEqual([...sorted], want.map((p) => p.key), `${sort} ${value}`);
          assert.deepEqual([...values], want.map((p) => (value === 'entry' ? p.entry : p.doc)), `${sort} ${value}`);
        }
      }
    });

    it(`sharedRuns: the runs of keys held twice or more, and each document's places in them (keys in 0..${range})`, () => {
      const { keys, offsets } = entries(seed, 300, 30, range);
      for (const distinct of [false, true]) {
        // The plain way: each key's documents in order (a document once with `distinct`).
        let all = pairsOf(keys, offsets);
        if (distinct) all = all.filter((p, i) => !all.some((q, j) => j < i && q.doc === p.doc && q.key === p.key));
        const byKey = new Map<number, number[]>();
        for (const p of all) byKey.set(p.key, [...(byKey.get(p.key) ?? []), p.doc]);
        const runs = [...byKey].filter(([, docs]) => docs.length > 1).sort((x, y) => x[0] - y[0]);
        for (const [sort, keepKeys] of [['lsd', true], ['msd', true], ['lsd', false], ['msd', false]] as const) {
          const r = sharedRuns(Uint32Array.from(keys), offsets, 300, { keepKeys, distinct, sort });
          if (keepKeys) assert.deepEqual([...r.keys!], all.map((p) => p.key).sort((x, y) => x - y));
          else assert.equal(r.keys, null);
          assert.deepEqual([...r.runKeys], runs.flatMap(([k, docs]) => docs.map(() => k)));
          assert.deepEqual([...r.runDocs], runs.flatMap(([, docs]) => docs));
          // Each document's positions: one per entry of its in a run, wherever its run put it.
          const mine: number[][] = Array.from({ length: 300 }, () => []);
          for (let p = 0; p < r.runDocs.length; p++) mine[r.runDocs[p]!]!.push(p);
          for (let d = 0; d < 300; d++) assert.deepEqual([...r.pos.subarray(r.at[d], r.at[d + 1])].sort((x, y) => x - y), mine[d], `document ${d}`);
        }
      }
    });
  }
});

describe('LineCounts', () => {
  it('counts each line once per document, across additions and lookups in between', () => {
    const r = rng(7);
    const counts = new LineCounts();
    const plain = new Map<string, number>();
    for (let round = 0; round < 5; round++) {
      for (let d = 0; d < 200; d++) {
        const source = `s${Math.floor(r() * 3)}`;
        const lines = Array.from({ length: Math.floor(r() * 12) }, () => Math.floor(r() * 300));
        counts.addDocument(source, lines);
        for (const l of new Set(lines)) plain.set(`${source}/${l}`, (plain.get(`${source}/${l}`) ?? 0) + 1);
      }
      for (const source of ['s0', 's1', 's2', 'none']) {
        const probe = Array.from({ length: 320 }, (_, i) => i);
        assert.deepEqual([...counts.counts(source, probe)], probe.map((l) => plain.get(`${source}/${l}`) ?? 0));
      }
    }
  });

  it('corpusLineCounts: every document\'s lines counted as a Map does, sources apart', () => {
    for (const [seed, docs, range, nSources] of [[8, 300, 40, 1], [9, 500, 200, 4], [10, 50, 5, 3], [11, 0, 1, 1]] as const) {
      const r = rng(seed);
      const corpus = Array.from({ length: docs }, (_, d) => {
        // Some documents without a source: they count together, under ''.
        const k = Math.floor(r() * (nSources + 1));
        const lines = Array.from({ length: Math.floor(r() * 25) }, () => Math.floor(r() * range) * 0x9e3779b1 >>> 0);
        return makeDoc(d, `d${d}`, { article: k < nSources ? { source: `s${k}` } : {}, lines });
      });
      const plain = new Map<string, number>();
      for (const doc of corpus) for (const l of new Set(doc.lines)) plain.set(`${doc.article.source ?? ''}/${l}`, (plain.get(`${doc.article.source ?? ''}/${l}`) ?? 0) + 1);
      const { counts, offsets } = corpusLineCounts(corpus);
      assert.equal(offsets.length, corpus.length + 1);
      corpus.forEach((doc, d) =>
        assert.deepEqual([...counts.subarray(offsets[d], offsets[d + 1])], [...doc.lines].map((l) => plain.get(`${doc.article.source ?? ''}/${l}`))),
      );
    }
  });
});

describe('streamed report files', () => {
  const base: Report = {
    format: 'reprint-report',
    version: '1.0',
    generator: 'test',
    params: { shingle: 5, window: 6, min_passage_words: 10, near_duplicate_threshold: 0.5, lsh_bands: 25, lsh_rows: 5, copy_coverage: 0.8, furniture_min_docs: 3 },
    summary: { records: 3, documents: 2, rejected: 1, passages: 0, clusters: 0, copy: 0, partial: 0, original: 2 },
    documents: [
      { id: 'a', title: '</script><!-- "x"', source: null, url: null, published_at: null, words: 3, furniture_words: 0, classification: 'original', coverage: 0, spin: 0, sources: [], cluster: null, text: 'line\u2028two </script>' },
      { id: 'b\u2029', title: null, source: 's', url: 'u', published_at: '2024-01-01', words: 0, furniture_words: 0, classification: 'original', coverage: 0, spin: 0.25, sources: [], cluster: null },
    ],
    passages: [],
    clusters: [],
    spins: [{ from: 'said', to: 'stated', count: 2 }, { from: 'u.s', to: 'united states', count: 1 }],
    rejected: [{ input: 'in.jsonl', line: 3, reason: 'malformed "JSON"\n' }],
  };
  it('writes JSON.stringify(report, null, 2) and renderHtml(report), byte for byte', () => {
    for (const report of [base, { ...base, documents: [], rejected: [] }]) {
      assert.equal([...prettyJsonChunks(report)].join(''), JSON.stringify(report, null, 2));
      assert.equal([...htmlChunks(report)].join(''), renderHtml(report));
    }
  });
});

describe('writeChunks', () => {
  it('writes the pieces joined, as UTF-8, across buffer flushes and pieces larger than the buffer', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'reprint-chunks-'));
    try {
      const r = rng(7);
      const alphabet = ['a', ' ', '\n', 'é', '€', '\u{1F600}', '"'];
      const pieces: string[] = [];
      for (let i = 0; i < 3000; i++) {
        // Mostly small pieces, a few of 0.5-3 M units (past the 4 MB buffer once encoded).
        const n = r() < 0.002 ? 500_000 + Math.floor(r() * 2_500_000) : Math.floor(r() * 5000);
        const unit = alphabet[Math.floor(r() * alphabet.length)] as string;
        pieces.push(unit.repeat(Math.max(0, Math.floor(n / unit.length))) + String(i));
      }
      pieces.push('');
      const file = path.join(dir, 'out.txt');
      writeChunks(file, pieces);
      assert.ok(readFileSync(file).equals(Buffer.from(pieces.join(''), 'utf8')));
      writeChunks(file, []);
      assert.equal(readFileSync(file).length, 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('memory store documents()', () => {
  it('reads as all() does, text included, without holding the documents (in columns)', () => {
    const store = createMemoryStore({ columnsAbove: 1 });
    store.add([makeDoc(0, 'a', { article: { text: 'plain text' } }), makeDoc(1, 'b', { article: { text: 'wide \u{1F600} \ud800 text' } })], []);
    store.add([makeDoc(2, 'c')], []);
    const view = store.documents();
    assert.equal(view.length, 3);
    const all = [...store.all()];
    view.forEach((d, i) => {
      assert.equal(d.article.text, all[i]!.article.text);
      assert.deepEqual({ ...d, article: { ...d.article } }, all[i]);
    });
    assert.equal(view[3], undefined);
    assert.deepEqual(view.map((d) => d.seq), [0, 1, 2]);
  });
});
