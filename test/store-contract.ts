/**
 * The contract every Store backend must pass. A backend's test file calls `storeContract` with a
 * factory that returns a fresh, empty store each time.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Article, IndexedDoc, Rejection } from '../src/model/types.js';
import type { Store } from '../src/store/store.js';

interface DocSpec {
  fingerprints?: number[];
  lines?: number[];
  article?: Partial<Article>;
  time?: number | null;
}

/** A hand-built document; the arrays are small but distinct, so a mixed-up column shows. */
export function makeDoc(seq: number, id: string, spec: DocSpec = {}): IndexedDoc {
  const fingerprints = Uint32Array.from(spec.fingerprints ?? [seq * 10 + 1, seq * 10 + 2]);
  const lines = Uint32Array.from(spec.lines ?? [seq * 100 + 7]);
  return {
    seq,
    article: { id, text: `text of ${id}`, ...spec.article },
    time: spec.time === undefined ? null : spec.time,
    fingerprints,
    fingerprintPos: fingerprints.map((_, i) => i * 3),
    signature: Uint32Array.from([0xffffffff, seq, 0, 12345]),
    lines,
    lineTokenStart: lines.map((_, i) => i * 5),
    lineTokenEnd: lines.map((_, i) => i * 5 + 4),
    tokenCount: 40 + seq,
  };
}

const FULL: Article = {
  id: 'full',
  text: 'Line one.\nLine two — with ünïcödé and "quotes".',
  title: 'A title',
  source: 'example.com',
  url: 'https://example.com/a',
  published_at: '2024-03-01T10:00:00Z',
};

export function storeContract(name: string, make: () => Store): void {
  /** Run `fn` against a fresh store and always close it. */
  function withStore(fn: (store: Store) => void): () => void {
    return () => {
      const store = make();
      try {
        fn(store);
      } finally {
        store.close();
      }
    };
  }

  const ids = (docs: Iterable<IndexedDoc>): string[] => [...docs].map((d) => d.article.id);

  describe(`store contract: ${name}`, () => {
    it('starts empty', withStore((store) => {
      assert.equal(store.size(), 0);
      assert.deepEqual([...store.all()], []);
      assert.deepEqual(store.rejections(), []);
      assert.equal(store.get('x'), undefined);
      assert.equal(store.fingerprintHits(Uint32Array.from([1, 2])).size, 0);
      assert.deepEqual(store.lineDocCounts('', Uint32Array.from([7])), Uint32Array.from([0]));
    }));

    it('round-trips documents with every field, and with optional fields absent', withStore((store) => {
      const full = makeDoc(0, 'full', { article: FULL, time: Date.parse(FULL.published_at!) });
      const bare = makeDoc(1, 'bare');
      const empty = makeDoc(2, 'empty', { fingerprints: [], lines: [], article: { text: '', title: '' } });
      store.add([full, bare, empty], []);
      assert.deepEqual(store.get('full'), full);
      assert.deepEqual(store.get('bare'), bare);
      assert.deepEqual(store.get('empty'), empty);
      const back = store.get('bare')!;
      for (const key of ['title', 'source', 'url', 'published_at'] as const) assert.ok(!(key in back.article), key);
      assert.equal(back.time, null);
      assert.ok(back.signature instanceof Uint32Array);
      assert.equal(back.signature[0], 0xffffffff);
    }));

    it('drops optional fields set to undefined, as if absent', withStore((store) => {
      const doc = makeDoc(0, 'u', { article: { title: undefined, source: undefined } });
      store.add([doc], []);
      assert.deepEqual(Object.keys(store.get('u')!.article).sort(), ['id', 'text']);
    }));

    it('reports size as the next seq', withStore((store) => {
      store.add([makeDoc(0, 'a'), makeDoc(1, 'b')], []);
      assert.equal(store.size(), 2);
      store.add([makeDoc(2, 'c')], []);
      assert.equal(store.size(), 3);
    }));

    it('iterates all() in seq order across batches', withStore((store) => {
      store.add([makeDoc(0, 'z'), makeDoc(1, 'y')], []);
      store.add([makeDoc(2, 'x')], []);
      const docs = [...store.all()];
      assert.deepEqual(ids(docs), ['z', 'y', 'x']);
      assert.deepEqual(docs.map((d) => d.seq), [0, 1, 2]);
      assert.deepEqual(docs[2], makeDoc(2, 'x'));
    }));

    it('allows reads while iterating, nested iteration and stopping early', withStore((store) => {
      store.add([makeDoc(0, 'a'), makeDoc(1, 'b'), makeDoc(2, 'c')], []);
      const pairs: string[] = [];
      for (const d of store.all()) {
        assert.equal(store.getMany([d.seq])[0]?.article.id, d.article.id);
        for (const e of store.all()) pairs.push(d.article.id + e.article.id);
        if (d.seq === 1) break;
      }
      assert.deepEqual(pairs, ['aa', 'ab', 'ac', 'ba', 'bb', 'bc']);
      store.add([makeDoc(3, 'd')], []); // an abandoned iteration leaves the store writable
      assert.equal(store.size(), 4);
    }));

    it('gets by id and by seqs in the order asked, skipping unknown seqs', withStore((store) => {
      store.add([makeDoc(0, 'a'), makeDoc(1, 'b'), makeDoc(2, 'c')], []);
      assert.equal(store.get('b')?.seq, 1);
      assert.equal(store.get('nope'), undefined);
      assert.deepEqual(ids(store.getMany([2, 0, 99, -1, 1])), ['c', 'a', 'b']);
      assert.deepEqual(store.getMany([]), []);
      assert.deepEqual(store.getMany([1]), [makeDoc(1, 'b')]);
    }));

    it('keeps rejections in the order added, line absent when absent', withStore((store) => {
      const first: Rejection[] = [
        { input: 'a.jsonl', line: 3, reason: 'invalid JSON' },
        { input: 'b.txt', reason: 'empty text' },
      ];
      const second: Rejection[] = [{ input: '-', line: 1, reason: 'missing id' }];
      store.add([makeDoc(0, 'a')], first);
      store.add([], second);
      assert.deepEqual(store.rejections(), [...first, ...second]);
      assert.ok(!('line' in store.rejections()[1]!));
    }));

    it('counts fingerprint hits once per document and once per query hash', withStore((store) => {
      store.add([
        makeDoc(0, 'a', { fingerprints: [1, 2, 2, 3] }),
        makeDoc(1, 'b', { fingerprints: [2, 4] }),
        makeDoc(2, 'c', { fingerprints: [5, 0xffffffff] }),
      ], []);
      assert.deepEqual(store.fingerprintHits(Uint32Array.from([2, 2, 3, 9])), new Map([[0, 2], [1, 1]]));
      assert.deepEqual(store.fingerprintHits(Uint32Array.from([0xffffffff])), new Map([[2, 1]]));
      assert.deepEqual(store.fingerprintHits(new Uint32Array(0)), new Map());
    }));

    it('counts fingerprint hits for queries with many hashes', withStore((store) => {
      const many = Array.from({ length: 1000 }, (_, i) => i * 7919);
      store.add([makeDoc(0, 'a', { fingerprints: many }), makeDoc(1, 'b', { fingerprints: many.slice(0, 300) })], []);
      const query = Uint32Array.from([...many, ...many, 123456789]);
      assert.deepEqual(store.fingerprintHits(query), new Map([[0, 1000], [1, 300]]));
    }));

    it('counts documents per line per source, once per document', withStore((store) => {
      store.add([
        makeDoc(0, 'a', { lines: [10, 10, 11], article: { source: 'x' } }),
        makeDoc(1, 'b', { lines: [10], article: { source: 'x' } }),
        makeDoc(2, 'c', { lines: [10] }),
        makeDoc(3, 'd', { lines: [10, 12], article: { source: '' } }),
      ], []);
      assert.deepEqual(store.lineDocCounts('x', Uint32Array.from([10, 11, 12, 10])), Uint32Array.from([2, 1, 0, 2]));
      assert.deepEqual(store.lineDocCounts('', Uint32Array.from([10, 12, 11])), Uint32Array.from([2, 1, 0]));
      assert.deepEqual(store.lineDocCounts('y', Uint32Array.from([10])), Uint32Array.from([0]));
      assert.deepEqual(store.lineDocCounts('x', new Uint32Array(0)), new Uint32Array(0));
    }));

    it('counts lines for queries with many hashes', withStore((store) => {
      const many = Array.from({ length: 300 }, (_, i) => i + 1);
      store.add([makeDoc(0, 'a', { lines: many }), makeDoc(1, 'b', { lines: many.slice(100) })], []);
      const counts = store.lineDocCounts('', Uint32Array.from([0, ...many]));
      assert.equal(counts.length, 301);
      assert.equal(counts[0], 0);
      assert.equal(counts[1], 1);
      assert.equal(counts[100], 1);
      assert.equal(counts[101], 2);
      assert.equal(counts[300], 2);
    }));

    describe('refuses a bad batch without writing any of it', () => {
      /** Add a good first batch, apply `bad`, and check nothing changed. */
      function refuses(bad: (store: Store) => void, message: RegExp): () => void {
        return withStore((store) => {
          store.add([makeDoc(0, 'a', { fingerprints: [1], lines: [5] })], [{ input: 'in', reason: 'r' }]);
          assert.throws(() => bad(store), message);
          assert.equal(store.size(), 1);
          assert.deepEqual(ids(store.all()), ['a']);
          assert.equal(store.get('b'), undefined);
          assert.equal(store.get('a')?.seq, 0);
          assert.deepEqual(store.rejections(), [{ input: 'in', reason: 'r' }]);
          assert.deepEqual(store.fingerprintHits(Uint32Array.from([1, 2])), new Map([[0, 1]]));
          assert.deepEqual(store.lineDocCounts('', Uint32Array.from([5, 6])), Uint32Array.from([1, 0]));
          store.add([makeDoc(1, 'b')], []); // and still accepts a good one
          assert.equal(store.size(), 2);
        });
      }
      const rejection: Rejection[] = [{ input: 'bad', reason: 'should not stay' }];
      const good = makeDoc(1, 'b', { fingerprints: [1, 2], lines: [5, 6] });

      it('a seq gap', refuses((s) => s.add([good, makeDoc(3, 'c')], rejection), /seq/));
      it('a seq already held', refuses((s) => s.add([makeDoc(0, 'b')], rejection), /seq/));
      it('an id already held', refuses((s) => s.add([good, makeDoc(2, 'a')], rejection), /duplicate/));
      it('an id twice in the batch', refuses((s) => s.add([good, makeDoc(2, 'b')], rejection), /duplicate/));
    });

    it('accepts an empty add, and rejections alone', withStore((store) => {
      store.add([], []);
      assert.equal(store.size(), 0);
      store.add([], [{ input: 'x', line: 2, reason: 'y' }]);
      assert.equal(store.size(), 0);
      assert.deepEqual(store.rejections(), [{ input: 'x', line: 2, reason: 'y' }]);
      store.add([makeDoc(0, 'a')], []);
      assert.equal(store.size(), 1);
    }));
  });
}
