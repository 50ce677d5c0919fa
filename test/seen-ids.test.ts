/**
 * store/seen-ids.ts against a Set, store/id-index.ts against a Map, and indexRecords' duplicate ids against a reference: repeats
 * within what is pending, of documents flushed to the store already, and into a store that held
 * documents before the run, on one thread and with worker threads.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { indexRecords } from '../src/engine.js';
import { createWorkers } from '../src/engine/pool.js';
import { IdIndex } from '../src/store/id-index.js';
import { SeenIds } from '../src/store/seen-ids.js';
import { tuning } from '../src/engine/tuning.js';
import type { InputRecord } from '../src/model/types.js';
import { createMemoryStore } from '../src/store/index.js';

describe('SeenIds', () => {
  it('never calls an id new twice, and calls new ids new but for rare hash collisions', () => {
    const seen = new SeenIds();
    const ref = new Set<string>();
    let collisions = 0;
    // Enough ids to grow the table many times; every third one a repeat of an earlier one.
    for (let i = 0; i < 200_000; i++) {
      const id = i % 3 === 2 ? `id-${(i * 7919) % i}` : `id-${i}`;
      const fresh = seen.add(id);
      if (ref.has(id)) assert.equal(fresh, false, `${id} was added before`);
      else if (!fresh) collisions++;
      ref.add(id);
    }
    assert.ok(collisions < 20, `${collisions} collisions of 32-bit hashes among ${ref.size} ids`);
    for (const id of ref) assert.equal(seen.add(id), false);
  });
});

describe('IdIndex', () => {
  for (const [name, hash] of [
    ['its hash', undefined],
    ['a hash with many collisions (and 0)', (id: string) => id.length % 7],
  ] as const) {
    it(`finds, adds, refuses and takes back ids as a Map does: ${name}`, () => {
      const held: string[] = [];
      const index = new IdIndex((seq) => held[seq]!, hash);
      const ref = new Map<string, number>();
      let x = 12345;
      const random = (n: number): number => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) % n);
      for (let round = 0; round < 800; round++) {
        // A batch of ids, some repeats of held ones or of each other; taken back when one is refused.
        const batch = Array.from({ length: 1 + random(12) }, () => `id${random(20_000)}`);
        index.reserve(batch.length);
        const slots: number[] = [];
        let refused = false;
        for (const id of batch) {
          held.push(id);
          const slot = index.add(id, held.length - 1);
          assert.equal(slot < 0, ref.has(id) || slots.some((_, k) => held[held.length - 1 - slots.length + k] === id));
          if (slot < 0) {
            refused = true;
            break;
          }
          slots.push(slot);
        }
        if (refused) {
          for (let k = slots.length - 1; k >= 0; k--) index.undo(slots[k]!);
          held.length -= slots.length + 1;
        } else {
          batch.forEach((id, k) => ref.set(id, held.length - batch.length + k));
        }
        for (let k = 0; k < 50; k++) {
          const id = `id${random(20_000)}`;
          assert.equal(index.get(id), ref.get(id) ?? -1);
        }
      }
      assert.ok(ref.size > 2000, `${ref.size} ids held`);
      for (const [id, seq] of ref) assert.equal(index.get(id), seq);
    });
  }
});

/** Articles whose ids repeat at every distance up to past a store flush (2,000 documents). */
function records(n: number, idOf: (i: number) => string): InputRecord[] {
  return Array.from({ length: n }, (_, i) => ({
    kind: 'article' as const,
    article: { id: idOf(i), text: `Article number ${i % 5 === 0 ? 'five' : i} says something about ${idOf(i)}.` },
    origin: { input: 'mem', line: i + 1 },
  }));
}

/** What indexRecords must do with `recs` after `before` (indexed first): the indexed ids, and each rejection. */
function expected(before: readonly InputRecord[], recs: readonly InputRecord[]): { ids: string[]; rejected: string[] } {
  const texts = new Map<string, string>();
  const ids: string[] = [];
  const rejected: string[] = [];
  for (const [k, r] of [...before, ...recs].entries()) {
    if (r.kind !== 'article') continue;
    const prior = texts.get(r.article.id);
    if (prior === undefined) {
      texts.set(r.article.id, r.article.text);
      ids.push(r.article.id);
    } else if (k >= before.length) {
      rejected.push(`${r.origin.line}: duplicate id "${r.article.id}" (${prior === r.article.text ? 'same' : 'different'} text`);
    }
  }
  return { ids, rejected };
}

describe('indexRecords: duplicate ids', () => {
  const first = records(3000, (i) => `a${i % 1300}`);
  const second = records(5000, (i) => (i % 4 === 0 ? `a${i}` : `b${i % 2600}`));
  // New ids throughout, each repeated ~300 records later: with threads, while it is still pending.
  const third = records(12_000, (i) => (i % 2 === 0 || i < 301 ? `c${i}` : `c${i - 301}`));

  for (const threads of [1, 3]) {
    it(`rejects every repeat, pending or stored, in a new store and a used one (${threads} thread${threads > 1 ? 's' : ''})`, async () => {
      const saved = { ...tuning };
      tuning.inlineArticles = 100;
      const workers = threads > 1 ? createWorkers(threads) : undefined;
      const store = createMemoryStore();
      try {
        for (const [before, recs] of [
          [[], first],
          [first, second],
          [[...first, ...second], third],
        ] as const) {
          const from = store.rejections().length;
          const res = await indexRecords(recs, store, { spin: false }, { workers });
          const want = expected(before, recs);
          assert.equal(res.read, recs.length);
          assert.equal(res.indexed + res.rejected, res.read);
          const got = store.rejections().slice(from);
          assert.equal(got.length, want.rejected.length);
          got.forEach((r, i) => assert.ok(`${r.line}: ${r.reason}`.startsWith(want.rejected[i]!), `${r.line}: ${r.reason} / ${want.rejected[i]}`));
          assert.deepEqual(
            [...store.all()].map((d) => d.article.id),
            want.ids,
          );
        }
      } finally {
        Object.assign(tuning, saved);
        store.close();
        await workers?.close();
      }
    });
  }
});
