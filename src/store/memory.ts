/**
 * The in-memory store: for tests, one-shot scans and corpora that need no database file.
 *
 * Documents are held in columns, not as objects: a million documents as objects, each with half a
 * dozen typed-array views, cost ~1 KB apiece beyond their data. Each added batch's typed arrays are
 * packed into one buffer (store/compact.ts; worker threads deliver them packed already, and analyze
 * carves them from shared chunks), and a document keeps only its article, its time and token count
 * in typed columns, and where each of its arrays sits in its batch's buffer. A document object is made when asked for (get, getMany, all,
 * documents) and is not kept; documents are immutable.
 */
import { addLineCounts, LineCounts } from '../index/furniture.js';
import { buildPostings, keyCount, lowerKey, type Postings } from '../index/postings.js';
import type { Article, IndexedDoc, Rejection } from '../model/types.js';
import { compactDocs } from './compact.js';
import { IdIndex } from './id-index.js';
import type { Store } from './store.js';

/** A growable column of numbers. */
class Column<T extends Uint32Array | Float64Array> {
  length = 0;
  constructor(
    public data: T,
    private readonly make: (n: number) => T,
  ) {}

  push(v: number): void {
    if (this.length === this.data.length) {
      const grown = this.make(Math.max(1024, this.data.length * 2));
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = v;
  }
}

const u32 = (n: number): Uint32Array => new Uint32Array(n);
const f64 = (n: number): Float64Array => new Float64Array(n);

const TEXT_CHUNK = 16 << 20;
const WIDE = 0x80000000;

/** Where texts can be kept instead of memory (spill.ts: an anonymous temporary file). */
export interface TextSpill {
  /** Stores the bytes; returns where they start. */
  append(bytes: Buffer): number;
  read(at: number, length: number): Buffer;
  close(): void;
}

/**
 * Article texts outside the JavaScript heap: in 16 MB buffers, or in a spill (a temporary file) when
 * given one. One byte a character when every character fits in one (Latin-1, which news mostly is),
 * else UTF-16 — both exact, lone surrogates included. A million articles' texts are a gigabyte, most of
 * a scan's memory; off the heap they do not make the garbage collector's heap (which grows by a factor
 * of what it holds) larger again, and spilled they are not in memory at all.
 */
class TextStore {
  private readonly chunks: Buffer[] = [];
  private used = TEXT_CHUNK;
  private readonly chunkOf = new Column(u32(0), u32);
  private readonly start = new Column(f64(0), f64);
  private readonly bytes = new Column(u32(0), u32);

  constructor(private readonly spill: TextSpill | null) {}

  push(s: string): void {
    let wide = false;
    for (let i = 0; i < s.length; i++) {
      if (s.charCodeAt(i) > 0xff) {
        wide = true;
        break;
      }
    }
    const n = wide ? 2 * s.length : s.length;
    if (this.spill) {
      this.chunkOf.push(wide ? WIDE : 0);
      this.start.push(this.spill.append(Buffer.from(s, wide ? 'utf16le' : 'latin1')));
      this.bytes.push(n);
      return;
    }
    if (this.used + n > TEXT_CHUNK || this.chunks.length === 0) {
      this.chunks.push(Buffer.allocUnsafeSlow(Math.max(TEXT_CHUNK, n)));
      this.used = 0;
    }
    const chunk = this.chunks.length - 1;
    this.chunks[chunk]!.write(s, this.used, n, wide ? 'utf16le' : 'latin1');
    this.chunkOf.push(wide ? chunk | WIDE : chunk);
    this.start.push(this.used);
    this.bytes.push(n);
    this.used += n;
  }

  get(i: number): string {
    const c = this.chunkOf.data[i]!;
    const at = this.start.data[i]!;
    const n = this.bytes.data[i]!;
    const encoding = c & WIDE ? 'utf16le' : 'latin1';
    if (this.spill) return this.spill.read(at, n).toString(encoding);
    return this.chunks[c & 0x7fffffff]!.toString(encoding, at, at + n);
  }

  clear(): void {
    this.chunks.length = 0;
    this.used = TEXT_CHUNK;
    this.spill?.close();
    for (const col of [this.chunkOf, this.bytes]) {
      col.length = 0;
      col.data = u32(0);
    }
    this.start.length = 0;
    this.start.data = f64(0);
  }
}

/** documents() holds every document object up to this many documents, and makes them on read above. */
const LAZY_ABOVE = 50_000;

export interface MemoryStore extends Store {
  documents(): readonly IndexedDoc[];
}

export interface MemoryStoreOptions {
  /** Documents held as objects up to this many, in columns past it (default 50,000). */
  columnsAbove?: number;
  /** Where texts go once in columns (spill.ts spillFile: a temporary file); default: memory. */
  spill?: () => TextSpill;
}

export function createMemoryStore(options: MemoryStoreOptions = {}): MemoryStore {
  const columnsAbove = options.columnsAbove ?? LAZY_ABOVE;
  /** Articles without their text; the texts are in `texts`. */
  const articles: Omit<Article, 'text'>[] = [];
  let textStore: TextStore | null = null;
  /** Made when the store moves to columns, so that a small store never opens a spill file. */
  const texts = (): TextStore => (textStore ??= new TextStore(options.spill?.() ?? null));
  /** Id → seq (id-index.ts: not a Map of every id). */
  let ids = new IdIndex((seq) => idOf(seq));
  const rejected: Rejection[] = [];
  const times = new Column(f64(0), f64);
  const tokenCounts = new Column(u32(0), u32);
  /** Names of the documents' Uint32Array fields, in order (fixed by the first document added). */
  let fields: string[] | null = null;
  /** Per document: its batch, and per field the start and length of its array in the batch's buffer. */
  const batchOf = new Column(u32(0), u32);
  const where = new Column(u32(0), u32);
  const slabs: Uint32Array[] = [];
  /** Fields of a document that are neither arrays nor the usual scalars (none today), kept as given. */
  const extras = new Map<number, Record<string, unknown>>();
  const sources = new Map<string, string>();

  /** The article; `lazy`: its text is read from the text store when asked for (a getter), not now. */
  function article(seq: number, lazy: boolean): Article {
    const a = articles[seq]!;
    const out = (lazy
      ? {
          id: a.id,
          get text(): string {
            return texts().get(seq);
          },
        }
      : { id: a.id, text: texts().get(seq) }) as Article;
    if (a.title !== undefined) out.title = a.title;
    if (a.source !== undefined) out.source = a.source;
    if (a.url !== undefined) out.url = a.url;
    if (a.published_at !== undefined) out.published_at = a.published_at;
    return out;
  }

  /**
   * Up to LAZY_ABOVE documents the store holds them as objects, as given (articles cleaned): for a
   * corpus that size the columns cost more time than they save memory. Past it, they move to columns.
   */
  let objects: IndexedDoc[] | null = [];
  const count = (): number => (objects ? objects.length : articles.length);
  /** The batch `add` is checking, whose ids the index holds before the store holds its documents. */
  let adding: readonly IndexedDoc[] = [];
  const idOf = (seq: number): string => {
    const held = count();
    if (seq >= held) return adding[seq - held]!.article.id;
    return objects ? objects[seq]!.article.id : articles[seq]!.id;
  };

  function doc(seq: number, lazy = false): IndexedDoc {
    if (objects) return objects[seq]!;
    const t = times.data[seq]!;
    const out: Record<string, unknown> = { seq, article: article(seq, lazy), time: Number.isNaN(t) ? null : t };
    const slab = slabs[batchOf.data[seq]!]!;
    const f = fields!;
    const at = seq * f.length * 2;
    for (let i = 0; i < f.length; i++) {
      const start = where.data[at + 2 * i]!;
      out[f[i]!] = slab.subarray(start, start + where.data[at + 2 * i + 1]!);
    }
    out.tokenCount = tokenCounts.data[seq];
    const extra = extras.get(seq);
    if (extra) Object.assign(out, extra);
    return out as unknown as IndexedDoc;
  }

  /**
   * Lookups (`check` against a memory store) need postings and line counts; a one-shot scan never
   * looks anything up, so both are built on the first lookup after documents were added: postings in
   * typed arrays (index/postings.ts: a Map could not hold a million documents' fingerprints), rebuilt
   * whole when documents came since, line counts appended to.
   */
  let postings: Postings | null = null;
  let postingsOf = 0;
  const lineCounts = new LineCounts();
  let linesOf = 0;

  function fingerprintIndex(): Postings {
    const n = count();
    if (postings === null || postingsOf < n) {
      const distinct: Uint32Array[] = [];
      let total = 0;
      for (let seq = 0; seq < n; seq++) {
        const f = sortedDistinct(doc(seq).fingerprints);
        distinct.push(f);
        total += f.length;
      }
      const keys = new Uint32Array(total);
      const offsets = new Float64Array(n + 1);
      let at = 0;
      distinct.forEach((f, d) => {
        keys.set(f, at);
        at += f.length;
        offsets[d + 1] = at;
      });
      postings = buildPostings(keys, offsets, n);
      postingsOf = n;
    }
    return postings;
  }

  function lineIndex(): LineCounts {
    while (linesOf < count()) addLineCounts(lineCounts, doc(linesOf++));
    return lineCounts;
  }

  /** Holds a batch: each run of documents packed in one buffer as it is, the others packed first. */
  function hold(batch: readonly IndexedDoc[]): void {
    let i = 0;
    while (i < batch.length) {
      const buffer = packedIn(batch[i]!);
      let j = i + 1;
      while (j < batch.length && packedIn(batch[j]!) === buffer) j++;
      holdPacked(buffer === null ? compactDocs(batch.slice(i, j), true) : batch.slice(i, j));
      i = j;
    }
  }

  function holdPacked(packed: readonly IndexedDoc[]): void {
    const first = packed[0] as unknown as Record<string, unknown>;
    fields ??= Object.keys(first).filter((k) => first[k] instanceof Uint32Array);
    const slab = new Uint32Array(packed[0]!.fingerprints.buffer);
    const batchIndex = slabs.length;
    slabs.push(slab);
    for (const d of packed) {
      const r = d as unknown as Record<string, unknown>;
      const { text, ...rest } = cleanArticle(d.article, sources);
      articles.push(rest);
      texts().push(text);
      times.push(d.time === null ? NaN : d.time);
      tokenCounts.push(d.tokenCount);
      batchOf.push(batchIndex);
      for (const k of fields) {
        const v = r[k];
        if (!(v instanceof Uint32Array) || v.buffer !== slab.buffer) throw new Error(`store: field ${k} of document ${d.seq} is not a packed Uint32Array`);
        where.push(v.byteOffset / 4);
        where.push(v.length);
      }
      const keys = Object.keys(r);
      if (keys.length !== fields.length + 4) {
        let extra: Record<string, unknown> | undefined;
        for (const k of keys) {
          if (k === 'seq' || k === 'article' || k === 'time' || k === 'tokenCount' || fields.includes(k)) continue;
          (extra ??= {})[k] = r[k];
        }
        if (extra) extras.set(d.seq, extra);
      }
    }
  }

  return {
    size: count,

    add(batch, rejections) {
      // Validate the whole batch before holding anything, so a refused batch leaves no trace: ids are
      // registered as they are checked (a repeat within the batch included) and taken back if one is refused.
      const first = count();
      for (let i = 0; i < batch.length; i++) {
        if (batch[i]!.seq !== first + i) throw new Error(`store: expected document seq ${first + i}, got ${batch[i]!.seq}`);
      }
      ids.reserve(batch.length);
      adding = batch;
      try {
        const slots = new Int32Array(batch.length);
        for (let i = 0; i < batch.length; i++) {
          const id = batch[i]!.article.id;
          const slot = ids.add(id, first + i);
          if (slot < 0) {
            for (let j = i - 1; j >= 0; j--) ids.undo(slots[j]!);
            throw new Error(`store: duplicate document id ${JSON.stringify(id)}`);
          }
          slots[i] = slot;
        }
        if (objects && objects.length + batch.length > columnsAbove) {
          const held = objects;
          objects = null;
          hold(held);
        }
        if (objects) {
          for (const d of batch) {
            // A document whose article is clean already is held as given: no copy of it and its article.
            objects.push(isClean(d.article) ? d : { ...d, article: cleanArticle(d.article, sources) });
          }
        } else if (batch.length > 0) hold(batch);
      } finally {
        adding = [];
      }
      for (const r of rejections) rejected.push(cleanRejection(r));
    },

    get(id) {
      const seq = ids.get(id);
      return seq < 0 ? undefined : doc(seq);
    },

    getMany(seqs) {
      const found: IndexedDoc[] = [];
      for (const seq of seqs) if (Number.isInteger(seq) && seq >= 0 && seq < count()) found.push(doc(seq));
      return found;
    },

    *all() {
      for (let seq = 0; seq < count(); seq++) yield doc(seq);
    },

    /**
     * Every document as a read-only array: what `[...all()]` gives. Above LAZY_ABOVE documents its
     * elements are made when read, so that every document object is not held at once, and an
     * element's `article.text` is a getter that reads the text when asked (most passes over the
     * corpus never look at it).
     */
    documents() {
      if (objects) return objects.slice();
      const n = articles.length;
      return new Proxy([] as IndexedDoc[], {
        get(target, prop, receiver) {
          if (typeof prop === 'string') {
            const c = prop.charCodeAt(0);
            if (c >= 48 && c <= 57) {
              const seq = Number(prop);
              return Number.isInteger(seq) && seq < n ? doc(seq, true) : undefined;
            }
            if (prop === 'length') return n;
          }
          return Reflect.get(target, prop, receiver) as unknown;
        },
        has(target, prop) {
          if (typeof prop === 'string' && /^\d+$/.test(prop)) return Number(prop) < n;
          return Reflect.has(target, prop);
        },
        set() {
          return false;
        },
      });
    },

    rejections: () => rejected.map(cleanRejection),

    fingerprintHits(hashes) {
      const p = fingerprintIndex();
      const all = { keys: p.runKeys, size: p.size };
      const hits = new Map<number, number>();
      for (const hash of new Set(hashes)) {
        for (let x = lowerKey(all, hash); x < p.size && p.runKeys[x] === hash; x++) {
          const seq = p.runDocs[x]!;
          hits.set(seq, (hits.get(seq) ?? 0) + 1);
        }
      }
      return hits;
    },

    fingerprintDocFreq(hashes) {
      const p = fingerprintIndex();
      return hashes.map((hash) => keyCount({ keys: p.runKeys, size: p.size }, hash));
    },

    lineDocCounts(source, lines) {
      return lineIndex().counts(source, lines);
    },

    close() {
      // Let the garbage collector have everything now, even if a caller keeps the store object.
      objects = [];
      articles.length = 0;
      textStore?.clear();
      textStore = null;
      slabs.length = 0;
      ids = new IdIndex((seq) => idOf(seq));
      extras.clear();
      times.length = tokenCounts.length = batchOf.length = where.length = 0;
      times.data = f64(0);
      tokenCounts.data = batchOf.data = where.data = u32(0);
      postings = null;
      postingsOf = linesOf = 0;
    },
  };
}

/**
 * The buffer all of a document's typed arrays are views into (as store/compact.ts, worker threads and
 * analyze's chunks pack them, with other documents'), or null when they are not packed so.
 */
function packedIn(doc: IndexedDoc): ArrayBufferLike | null {
  const buffer = doc.fingerprints.buffer;
  for (const v of Object.values(doc)) if (v instanceof Uint32Array && v.buffer !== buffer) return null;
  // A lone document's own arrays, each with its own buffer, are not packed either.
  return doc.signature.buffer === buffer ? buffer : null;
}

function sortedDistinct(values: Uint32Array): Uint32Array {
  const s = Uint32Array.from(values).sort();
  let m = 0;
  for (let i = 0; i < s.length; i++) if (i === 0 || s[i] !== s[i - 1]) s[m++] = s[i]!;
  return s.subarray(0, m);
}

/**
 * Drop optional fields set to undefined, so that a document reads back the same from every backend
 * (a database cannot tell an absent field from an undefined one).
 */
function cleanArticle(a: Article, sources?: Map<string, string>): Article {
  const out: Article = { id: a.id, text: a.text };
  if (a.title !== undefined) out.title = a.title;
  // One string per publisher, not one per article (a corpus has few publishers and many articles).
  if (a.source !== undefined) out.source = intern(a.source, sources);
  if (a.url !== undefined) out.url = a.url;
  if (a.published_at !== undefined) out.published_at = a.published_at;
  return out;
}

function cleanRejection(r: Rejection): Rejection {
  return r.line === undefined ? { input: r.input, reason: r.reason } : { input: r.input, line: r.line, reason: r.reason };
}

/** The fields `cleanArticle` keeps, in its order. */
const ARTICLE_FIELDS = ['id', 'text', 'title', 'source', 'url', 'published_at'] as const;

/**
 * Whether `cleanArticle` would give an article equal to `a`, its fields in the same order: id and
 * text first, then only fields it keeps, in its order, none undefined, the text a plain value (not
 * a getter reading another store). Its source is not interned then: that matters for a store of a
 * million documents, which holds them in columns, cleaned.
 */
function isClean(a: Article): boolean {
  let n = 0;
  let at = 0;
  for (const k in a) {
    if (n < 2) {
      if (k !== ARTICLE_FIELDS[n]) return false;
      at = n + 1;
    } else {
      while (at < ARTICLE_FIELDS.length && ARTICLE_FIELDS[at] !== k) at++;
      if (at++ === ARTICLE_FIELDS.length) return false;
    }
    if (a[k as keyof Article] === undefined) return false;
    n++;
  }
  return n >= 2 && lookupGetter.call(a, 'text') === undefined;
}

/**
 * Object.prototype.__lookupGetter__ (not in TypeScript's library): the getter of a property, without
 * the descriptor object Object.getOwnPropertyDescriptor allocates (one per document added).
 */
const lookupGetter = (Object.prototype as unknown as { __lookupGetter__(this: object, key: string): unknown }).__lookupGetter__;

function intern(s: string, seen: Map<string, string> | undefined): string {
  if (!seen) return s;
  const held = seen.get(s);
  if (held !== undefined) return held;
  if (seen.size < 100_000) seen.set(s, s);
  return s;
}
