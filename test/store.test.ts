import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { analyze } from '../src/index/analyze.js';
import { defaultLexicon } from '../src/lexicon/load.js';
import type { Article, IndexedDoc } from '../src/model/types.js';
import { resolveOptions } from '../src/options.js';
import { createMemoryStore, openSqliteStore, openStore } from '../src/store/index.js';
import { spillFile } from '../src/store/spill.js';
import { makeDoc, storeContract } from './store-contract.js';

const dir = mkdtempSync(join(tmpdir(), 'reprint-store-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const tempPath = (): string => join(dir, `store-${files++}.db`);

storeContract('memory', () => createMemoryStore());
storeContract('memory, in columns', () => createMemoryStore({ columnsAbove: 0 }));
storeContract('memory, in columns, texts in a file', () => createMemoryStore({ columnsAbove: 0, spill: spillFile }));
storeContract('sqlite :memory:', () => openSqliteStore(':memory:'));
storeContract('sqlite file', () => openSqliteStore(tempPath()));

describe('memory store', () => {
  it('holds analysed documents as they come (their arrays carved from shared chunks), mixed with others, and reads them back', () => {
    const opts = resolveOptions({}, defaultLexicon());
    const docs: IndexedDoc[] = [];
    for (let seq = 0; seq < 600; seq++) {
      docs.push(seq % 97 === 5 ? makeDoc(seq, `d${seq}`) : analyze({ id: `d${seq}`, text: `story ${seq} about ${'word '.repeat(seq % 300)}end` }, seq, opts).doc);
    }
    for (const columnsAbove of [0, 250, 10_000]) {
      const store = createMemoryStore({ columnsAbove });
      for (let at = 0; at < docs.length; at += 200) store.add(docs.slice(at, at + 200), []);
      assert.equal(store.size(), docs.length);
      docs.forEach((d) => assert.deepEqual(store.get(d.article.id), d));
      // Packed already: kept without a copy.
      assert.equal(store.get('d1')!.fingerprints.buffer, docs[1]!.fingerprints.buffer);
      store.close();
    }
  });
});

describe('memory store, ids', () => {
  it('finds and refuses ids held whether its map of ids was made before, between or after the adds', () => {
    for (const columnsAbove of [0, 250, 10_000]) {
      for (const askAt of [0, 300, 600]) {
        const store = createMemoryStore({ columnsAbove });
        for (let at = 0; at < 600; at += 100) {
          if (at === askAt) assert.equal(store.get('d5')?.seq, at > 5 ? 5 : undefined);
          store.add(Array.from({ length: 100 }, (_, i) => makeDoc(at + i, `d${at + i}`)), []);
          // A repeat of a held id, and one within the batch: refused, and nothing of the batch is held.
          assert.throws(() => store.add([makeDoc(at + 100, `new${at}`), makeDoc(at + 101, `d${at}`)], []), /duplicate/);
          assert.throws(() => store.add([makeDoc(at + 100, `new${at}`), makeDoc(at + 101, `new${at}`)], []), /duplicate/);
        }
        assert.equal(store.size(), 600);
        for (let seq = 0; seq < 600; seq++) assert.equal(store.get(`d${seq}`)?.seq, seq);
        assert.equal(store.get('new0'), undefined);
        store.add([makeDoc(600, 'new0')], []);
        assert.equal(store.get('new0')?.seq, 600);
        store.close();
      }
    }
  });
});

describe('memory store, documents as given', () => {
  it('holds a document whose article is clean as it is, and cleans any other', () => {
    const store = createMemoryStore();
    const clean = makeDoc(0, 'clean', { article: { title: 'T', source: 's', published_at: '2024-01-01' } });
    const withAuthor = makeDoc(1, 'author', { article: { author: 'A' } });
    const withUndefined = makeDoc(2, 'undef', { article: { title: undefined } });
    const reordered: IndexedDoc = { ...makeDoc(3, 'order'), article: { title: 'T', id: 'order', text: 'x' } };
    const lazy: IndexedDoc = { ...makeDoc(4, 'lazy'), article: { id: 'lazy', get text(): string { return 'read late'; } } as Article };
    store.add([clean, withAuthor, withUndefined, reordered, lazy], []);
    assert.equal(store.get('clean'), clean);
    for (const [id, want] of [['author', { id: 'author', text: 'text of author' }], ['undef', { id: 'undef', text: 'text of undef' }], ['order', { id: 'order', text: 'x', title: 'T' }], ['lazy', { id: 'lazy', text: 'read late' }]] as const) {
      const got = store.get(id)!;
      assert.deepEqual(got.article, want, id);
      assert.deepEqual(Object.keys(got.article), Object.keys(want), `${id}: field order`);
      assert.equal(Object.getOwnPropertyDescriptor(got.article, 'text')?.get, undefined, `${id}: text is a value`);
    }
    store.close();
  });
});

describe('openStore', () => {
  it('keeps the index in memory for the empty path and uses SQLite otherwise', () => {
    for (const path of ['', ':memory:']) {
      const store = openStore(path);
      store.add([makeDoc(0, 'a')], []);
      assert.deepEqual(store.get('a'), makeDoc(0, 'a'));
      store.close();
    }
  });
});

describe('sqlite file', () => {
  it('keeps everything when reopened, and goes on from there', () => {
    const path = tempPath();
    const docs = [
      makeDoc(0, 'a', { fingerprints: [1, 2], lines: [5], article: { source: 's', title: 'T' }, time: 1700000000000 }),
      makeDoc(1, 'b', { fingerprints: [2], lines: [5], article: { source: 's' } }),
    ];
    const first = openSqliteStore(path);
    first.add(docs, [{ input: 'in.jsonl', line: 4, reason: 'bad' }]);
    first.close();

    const again = openSqliteStore(path);
    assert.equal(again.size(), 2);
    assert.deepEqual([...again.all()], docs);
    assert.deepEqual(again.rejections(), [{ input: 'in.jsonl', line: 4, reason: 'bad' }]);
    assert.deepEqual(again.fingerprintHits(Uint32Array.from([1, 2])), new Map([[0, 2], [1, 1]]));
    assert.deepEqual(again.lineDocCounts('s', Uint32Array.from([5])), Uint32Array.from([2]));
    again.add([makeDoc(2, 'c', { lines: [5], article: { source: 's' } })], []);
    assert.deepEqual(again.lineDocCounts('s', Uint32Array.from([5])), Uint32Array.from([3]));
    again.close();
  });

  it('opens and reads while another connection holds the write lock', () => {
    const path = tempPath();
    const writer = openSqliteStore(path);
    writer.add([makeDoc(0, 'a')], []);
    const lock = new Database(path);
    lock.exec('BEGIN IMMEDIATE');
    try {
      const reader = openSqliteStore(path);
      assert.equal(reader.get('a')?.seq, 0);
      reader.close();
    } finally {
      lock.exec('ROLLBACK');
      lock.close();
      writer.close();
    }
  });

  it('refuses a SQLite database that is not a reprint database, and leaves it alone', () => {
    const path = tempPath();
    const other = new Database(path);
    other.exec('CREATE TABLE notes (body TEXT)');
    other.close();
    assert.throws(() => openSqliteStore(path), /is not a reprint database/);
    const check = new Database(path);
    assert.deepEqual(check.prepare('SELECT name FROM sqlite_master').pluck().all(), ['notes']);
    assert.equal(check.pragma('journal_mode', { simple: true }), 'delete');
    check.close();
  });

  it('refuses a file that is not a database at all', () => {
    const path = tempPath();
    writeFileSync(path, Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 131 + 7) % 256)));
    assert.throws(() => openSqliteStore(path), /is not a reprint database/);
  });

  it('refuses a reprint database of another schema version', () => {
    const path = tempPath();
    openSqliteStore(path).close();
    const db = new Database(path);
    db.pragma('user_version = 99');
    db.close();
    assert.throws(() => openSqliteStore(path), /schema version 99/);
  });

  it('says which path it cannot open', () => {
    assert.throws(() => openSqliteStore(join(dir, 'missing', 'x.db')), /cannot open database .*missing/);
  });
});
