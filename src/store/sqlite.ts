/**
 * The SQLite store: a corpus index that persists between runs, so that `scan` can add to it and
 * `check` can query it without re-reading the corpus.
 */
import { createRequire } from 'node:module';
import type Database from 'better-sqlite3';
import type { Article, IndexedDoc, Rejection } from '../model/types.js';
import type { Store } from './store.js';

/** better-sqlite3, loaded when a database is first opened: a scan kept in memory never pays for it. */
let sqlite: typeof Database | undefined;
const driver = (): typeof Database => (sqlite ??= createRequire(import.meta.url)('better-sqlite3') as typeof Database);

/** `PRAGMA application_id`: 'RPRT'. Tells our files from any other SQLite database. */
const APPLICATION_ID = 0x52505254;
/** `PRAGMA user_version`: bump on any schema change; other versions are refused, not guessed at. */
const SCHEMA_VERSION = 1;

const SCHEMA = `
CREATE TABLE documents (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  text TEXT NOT NULL,
  title TEXT,
  source TEXT,
  url TEXT,
  published_at TEXT,
  time INTEGER,
  token_count INTEGER NOT NULL,
  fingerprints BLOB NOT NULL,
  fingerprint_pos BLOB NOT NULL,
  signature BLOB NOT NULL,
  lines BLOB NOT NULL,
  line_token_start BLOB NOT NULL,
  line_token_end BLOB NOT NULL
);
CREATE TABLE fingerprints (
  hash INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (hash, seq)
) WITHOUT ROWID;
CREATE TABLE line_counts (
  source TEXT NOT NULL,
  hash INTEGER NOT NULL,
  docs INTEGER NOT NULL,
  PRIMARY KEY (source, hash)
) WITHOUT ROWID;
CREATE TABLE rejected (
  n INTEGER PRIMARY KEY,
  input TEXT NOT NULL,
  line INTEGER,
  reason TEXT NOT NULL
);
`;

const DOC_COLUMNS = `seq, id, text, title, source, url, published_at, time, token_count,
  fingerprints, fingerprint_pos, signature, lines, line_token_start, line_token_end`;

interface DocRow {
  seq: number;
  id: string;
  text: string;
  title: string | null;
  source: string | null;
  url: string | null;
  published_at: string | null;
  time: number | null;
  token_count: number;
  fingerprints: Buffer;
  fingerprint_pos: Buffer;
  signature: Buffer;
  lines: Buffer;
  line_token_start: Buffer;
  line_token_end: Buffer;
}

/**
 * Hashes are looked up with one `IN (...)` of a fixed width, padded by repeating a hash (IN is a set,
 * so repeats do not count twice). Measured faster than one statement per hash or GROUP BY in SQL.
 */
const CHUNK = 128;
/** SQLite page cache, KiB. */
const CACHE_KIB = 256 * 1024;
const PLACEHOLDERS = Array(CHUNK).fill('?').join(', ');

export function openSqliteStore(path: string): Store {
  const db = connect(path);
  try {
    initialise(db, path);
    db.pragma('journal_mode = WAL'); // readers never block the writer; a no-op for :memory:
    // With WAL, NORMAL syncs at checkpoints, not at every commit: a power cut may lose the last
    // batches added, never the database's consistency. A larger page cache keeps the postings' B-tree
    // inner pages in memory while a large corpus is added (inserts land all over it).
    db.pragma('synchronous = NORMAL');
    db.pragma(`cache_size = ${-CACHE_KIB}`);
  } catch (e) {
    db.close();
    throw e;
  }

  const maxSeq = db.prepare<[], number | null>('SELECT max(seq) FROM documents').pluck();
  const hasId = db.prepare<[string], number>('SELECT 1 FROM documents WHERE id = ?').pluck();
  const byId = db.prepare<[string], DocRow>(`SELECT ${DOC_COLUMNS} FROM documents WHERE id = ?`);
  const bySeq = db.prepare<[number], DocRow>(`SELECT ${DOC_COLUMNS} FROM documents WHERE seq = ?`);
  const inOrder = db.prepare<[], DocRow>(`SELECT ${DOC_COLUMNS} FROM documents ORDER BY seq`);
  const insertDoc = db.prepare<unknown[]>(
    `INSERT INTO documents (${DOC_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertFingerprint = db.prepare<[number, number]>('INSERT INTO fingerprints (hash, seq) VALUES (?, ?)');
  const countLine = db.prepare<[string, number]>(
    `INSERT INTO line_counts (source, hash, docs) VALUES (?, ?, 1)
     ON CONFLICT (source, hash) DO UPDATE SET docs = docs + 1`,
  );
  const insertRejection = db.prepare<[string, number | null, string]>(
    'INSERT INTO rejected (input, line, reason) VALUES (?, ?, ?)',
  );
  const allRejections = db.prepare<[], RejectionRow>('SELECT input, line, reason FROM rejected ORDER BY n');
  const hitsIn = db.prepare<number[], number>(`SELECT seq FROM fingerprints WHERE hash IN (${PLACEHOLDERS})`).pluck();
  const freqIn = db.prepare<number[], [number, number]>(
    `SELECT hash, count(*) FROM fingerprints WHERE hash IN (${PLACEHOLDERS}) GROUP BY hash`,
  ).raw();
  const linesIn = db.prepare<[string, ...number[]], [number, number]>(
    `SELECT hash, docs FROM line_counts WHERE source = ? AND hash IN (${PLACEHOLDERS})`,
  ).raw();

  const size = (): number => (maxSeq.get() ?? -1) + 1;

  const addAll = db.transaction((docs: readonly IndexedDoc[], rejections: readonly Rejection[]) => {
    let next = size();
    const postHash: number[] = [];
    const postSeq: number[] = [];
    const lines = new Map<string, number[]>();
    for (const doc of docs) {
      // Checked inside the transaction: a throw rolls back every row this batch wrote.
      if (doc.seq !== next) throw new Error(`store: expected document seq ${next}, got ${doc.seq}`);
      const a = doc.article;
      if (hasId.get(a.id) !== undefined) throw new Error(`store: duplicate document id ${JSON.stringify(a.id)}`);
      insertDoc.run(
        doc.seq, a.id, a.text, a.title ?? null, a.source ?? null, a.url ?? null, a.published_at ?? null,
        doc.time, doc.tokenCount,
        toBlob(doc.fingerprints), toBlob(doc.fingerprintPos), toBlob(doc.signature),
        toBlob(doc.lines), toBlob(doc.lineTokenStart), toBlob(doc.lineTokenEnd),
      );
      for (const hash of new Set(doc.fingerprints)) {
        postHash.push(hash);
        postSeq.push(doc.seq);
      }
      const source = a.source ?? '';
      let held = lines.get(source);
      if (held === undefined) lines.set(source, (held = []));
      for (const hash of new Set(doc.lines)) held.push(hash);
      next++;
    }
    // Postings and line counts go in in key order: each insert lands next to the one before in the
    // B-tree, instead of anywhere in it (the difference between minutes and hours at a million documents).
    const order = postHash.map((_, i) => i).sort((x, y) => postHash[x]! - postHash[y]! || postSeq[x]! - postSeq[y]!);
    for (const i of order) insertFingerprint.run(postHash[i]!, postSeq[i]!);
    for (const [source, hashes] of lines) {
      hashes.sort((x, y) => x - y);
      for (const hash of hashes) countLine.run(source, hash);
    }
    for (const r of rejections) insertRejection.run(r.input, r.line ?? null, r.reason);
  });

  return {
    size,

    add(docs, rejections) {
      if (docs.length > 0 || rejections.length > 0) addAll.immediate(docs, rejections);
    },

    get(id) {
      const row = byId.get(id);
      return row === undefined ? undefined : toDoc(row);
    },

    getMany(seqs) {
      const found: IndexedDoc[] = [];
      for (const seq of seqs) {
        const row = bySeq.get(seq);
        if (row !== undefined) found.push(toDoc(row));
      }
      return found;
    },

    *all() {
      // A statement can run one iteration at a time; a nested all() gets its own.
      const stmt = inOrder.busy ? db.prepare<[], DocRow>(inOrder.source) : inOrder;
      for (const row of stmt.iterate()) yield toDoc(row);
    },

    rejections: () => allRejections.all().map(toRejection),

    fingerprintHits(hashes) {
      const hits = new Map<number, number>();
      for (const chunk of chunks(hashes)) {
        for (const seq of hitsIn.all(...chunk)) hits.set(seq, (hits.get(seq) ?? 0) + 1);
      }
      return hits;
    },

    fingerprintDocFreq(hashes) {
      const freq = new Map<number, number>();
      for (const chunk of chunks(hashes)) {
        for (const [hash, n] of freqIn.all(...chunk)) freq.set(hash, n);
      }
      return hashes.map((hash) => freq.get(hash) ?? 0);
    },

    lineDocCounts(source, lines) {
      const docs = new Map<number, number>();
      for (const chunk of chunks(lines)) {
        for (const [hash, n] of linesIn.all(source, ...chunk)) docs.set(hash, n);
      }
      return lines.map((hash) => docs.get(hash) ?? 0);
    },

    close() {
      db.close();
    },
  };
}

function connect(path: string): Database.Database {
  try {
    return new (driver())(path);
  } catch (e) {
    throw new Error(`cannot open database ${path}: ${messageOf(e)}`, { cause: e });
  }
}

/** Accept our own file at our schema version, create the schema in an empty one, refuse anything else. */
function initialise(db: Database.Database, path: string): void {
  try {
    // Only creation takes the write lock, so opening never waits for another process's writer.
    if (!holdsSchema(db, path)) {
      db.transaction(() => {
        if (holdsSchema(db, path)) return; // another process created it meanwhile
        db.exec(SCHEMA);
        db.pragma(`application_id = ${APPLICATION_ID}`);
        db.pragma(`user_version = ${SCHEMA_VERSION}`);
      }).immediate();
    }
  } catch (e) {
    if (!(e instanceof driver().SqliteError)) throw e;
    if (e.code === 'SQLITE_NOTADB') throw new Error(`${path} is not a reprint database (${e.message})`, { cause: e });
    throw new Error(`cannot open database ${path}: ${e.message}`, { cause: e });
  }
}

/** True for a reprint database at our version, false for an empty database; throws for anything else. */
function holdsSchema(db: Database.Database, path: string): boolean {
  const app = db.pragma('application_id', { simple: true });
  const version = db.pragma('user_version', { simple: true });
  if (app === APPLICATION_ID) {
    if (version === SCHEMA_VERSION) return true;
    throw new Error(
      `${path} is a reprint database of schema version ${String(version)}; this reprint reads version ${SCHEMA_VERSION}`,
    );
  }
  const objects = db.prepare('SELECT count(*) FROM sqlite_master').pluck().get();
  if (app !== 0 || objects !== 0) throw new Error(`${path} is not a reprint database`);
  return false;
}

/** Distinct values, in `CHUNK`-wide groups padded by repetition to fit the one prepared statement. */
function* chunks(values: Uint32Array): Generator<number[]> {
  const distinct = [...new Set(values)];
  for (let i = 0; i < distinct.length; i += CHUNK) {
    const chunk = distinct.slice(i, i + CHUNK);
    const pad = chunk[0]!;
    while (chunk.length < CHUNK) chunk.push(pad);
    yield chunk;
  }
}

interface RejectionRow {
  input: string;
  line: number | null;
  reason: string;
}

function toRejection(row: RejectionRow): Rejection {
  return row.line === null ? { input: row.input, reason: row.reason } : { input: row.input, line: row.line, reason: row.reason };
}

/** Absent optional fields come back absent, not null, so a document round-trips unchanged. */
function toDoc(row: DocRow): IndexedDoc {
  const article: Article = { id: row.id, text: row.text };
  if (row.title !== null) article.title = row.title;
  if (row.source !== null) article.source = row.source;
  if (row.url !== null) article.url = row.url;
  if (row.published_at !== null) article.published_at = row.published_at;
  return {
    seq: row.seq,
    article,
    time: row.time,
    fingerprints: fromBlob(row.fingerprints),
    fingerprintPos: fromBlob(row.fingerprint_pos),
    signature: fromBlob(row.signature),
    lines: fromBlob(row.lines),
    lineTokenStart: fromBlob(row.line_token_start),
    lineTokenEnd: fromBlob(row.line_token_end),
    tokenCount: row.token_count,
  };
}

/** Blobs are little-endian whatever the host, so a database file moves between machines. */
const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function toBlob(values: Uint32Array): Buffer {
  if (HOST_LITTLE_ENDIAN) return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
  const blob = Buffer.allocUnsafe(values.byteLength);
  values.forEach((v, i) => blob.writeUInt32LE(v, i * 4));
  return blob;
}

/** Always a fresh, aligned array that owns its memory: the driver's Buffer promises no alignment. */
function fromBlob(blob: Buffer): Uint32Array {
  if (blob.length % 4 !== 0) throw new Error(`store: corrupt array blob of ${blob.length} bytes`);
  const values = new Uint32Array(blob.length / 4);
  if (HOST_LITTLE_ENDIAN) new Uint8Array(values.buffer).set(blob);
  else for (let i = 0; i < values.length; i++) values[i] = blob.readUInt32LE(i * 4);
  return values;
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
