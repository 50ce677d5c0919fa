/**
 * Postings in typed arrays: entries (a 32-bit key — a fingerprint, an LSH bucket key — held by a
 * document) grouped by key, without a JS Map. V8 caps a Map at 2^24 entries and spends ~80 bytes on
 * each; at a million documents there are ~50 million postings. Here an entry costs 12 bytes.
 *
 * Entries arrive in processing order (document by document, `offsets[d] .. offsets[d + 1]` are
 * document d's). They are sorted by (key, entry) — so within one key, by document, in the order they
 * arrived — by two stable 16-bit counting passes (up to 4M entries), or with less memory by a counting
 * sort on the key's high 16 bits and a native Float64Array sort of each bucket on (low 16 bits · 2^37
 * + entry), each carrying the entry or, when that is all a caller needs, its document (sortEntries).
 * buildPostings answers, for an entry, "which earlier entries hold the same key" by walking back from
 * its rank, exactly as a per-key array of documents would; sharedRuns, for pairing, gives the same
 * runs for the keys two entries or more hold, and each document's places in them, without ranks.
 * Keys held by a single entry can be left out of the runs (most fingerprints and LSH buckets are
 * unique to one document): then an entry costs 4 bytes plus 8 per entry in a run.
 */

export interface Postings {
  /** Number of entries. */
  size: number;
  /** Every entry's key, sorted (by key, then by entry); null when not kept (`sharedOnly`). */
  keys: Uint32Array | null;
  /**
   * The runs: entries sorted by (key, entry), with their keys and documents. All entries, or with
   * `sharedOnly` only those whose key some other entry holds too (a key held once has no partner).
   */
  runKeys: Uint32Array;
  runDocs: Uint32Array;
  /** For each entry (in arrival order), its index in runKeys/runDocs, or NONE. */
  rank: Uint32Array;
}

/** The rank of an entry whose key no other entry holds (`sharedOnly`). */
export const NONE = 0xffffffff;

const LOW_SPAN = 2 ** 37;

export interface PostingsOptions {
  /** Keep every entry's sorted key (for counting any key, e.g. document frequencies). */
  keepKeys?: boolean;
  /** Keep only the runs of keys held by two entries or more (what pairing needs). */
  sharedOnly?: boolean;
  /** Sorted keys in shared memory, for worker threads to read without a copy. */
  shared?: boolean;
  /** The sort (tests): by default two counting passes up to 4M entries, the leaner one past that. */
  sort?: 'lsd' | 'msd';
}

/**
 * Sorts the entries' `keys` (one per entry, in arrival order; `offsets` has one more element than
 * there are documents and says where each document's entries are). `keys` is consumed: its memory
 * becomes the result's `rank`, so that building costs three arrays of entries at the peak, not four.
 */
export function buildPostings(keys: Uint32Array, offsets: ArrayLike<number>, nDocs: number, o: PostingsOptions = {}): Postings {
  const n = keys.length;
  const sorted = o.shared && (o.keepKeys || !o.sharedOnly) ? new Uint32Array(new SharedArrayBuffer(n * 4)) : new Uint32Array(n);
  const order = new Uint32Array(n);
  sortEntries(keys, offsets, nDocs, 'entry', sorted, order, o.sort);
  // The input keys are no longer needed: their array becomes the rank of each entry.
  const rank = keys;
  if (!o.sharedOnly) {
    for (let p = 0; p < n; p++) rank[order[p] as number] = p;
    // `order` becomes the document of each sorted entry.
    const docs = order;
    fillDocs(rank, offsets, nDocs, docs);
    return { size: n, keys: sorted, runKeys: sorted, runDocs: docs, rank };
  }
  let m = 0;
  for (let p = 0; p < n; p++) if (sharesKey(sorted, n, p)) m++;
  const runKeys = o.shared ? new Uint32Array(new SharedArrayBuffer(m * 4)) : new Uint32Array(m);
  const runDocs = new Uint32Array(m);
  for (let p = 0, c = 0; p < n; p++) {
    if (sharesKey(sorted, n, p)) {
      rank[order[p] as number] = c;
      runKeys[c++] = sorted[p] as number;
    } else rank[order[p] as number] = NONE;
  }
  fillDocs(rank, offsets, nDocs, runDocs);
  return { size: n, keys: o.keepKeys ? sorted : null, runKeys, runDocs, rank };
}

/**
 * What pairing documents needs of their entries: the runs of the keys two entries or more hold
 * (sorted by key, then document), and for each document the positions of its entries in them, so
 * that a pass over the documents visits only entries with a partner. Document d's positions are
 * `pos[at[d] .. at[d + 1])`, in no particular order. `keys` is consumed (its memory becomes `pos`).
 */
export interface SharedRuns {
  /** Every entry's key, sorted (in shared memory with `shared`); null unless `keepKeys`. */
  keys: Uint32Array | null;
  runKeys: Uint32Array;
  runDocs: Uint32Array;
  at: Float64Array;
  pos: Uint32Array;
}

export function sharedRuns(
  keys: Uint32Array,
  offsets: ArrayLike<number>,
  nDocs: number,
  o: {
    keepKeys?: boolean;
    shared?: boolean;
    /** A key a document holds more than once is counted once (a set per document costs more). */
    distinct?: boolean;
    sort?: 'lsd' | 'msd';
  } = {},
): SharedRuns {
  const sorted = o.keepKeys && o.shared ? new Uint32Array(new SharedArrayBuffer(keys.length * 4)) : new Uint32Array(keys.length);
  // Sorted with their documents, not their entries: the runs need nothing else, so no rank is made
  // and nothing is looked up by entry afterwards.
  const docs = new Uint32Array(keys.length);
  sortEntries(keys, offsets, nDocs, 'document', sorted, docs, o.sort);
  const at = new Float64Array(nDocs + 1);
  const { kept, runs } = collectRuns(sorted, docs, keys, at, o.distinct === true);
  // Copied out at their length: the arrays of all entries are not kept for the runs' sake.
  const runKeys = keys.slice(0, runs);
  const runDocs = docs.slice(0, runs);
  // The input keys' memory holds the positions.
  const pos = keys.subarray(0, runs);
  cumulate(at);
  placeByDocument(runDocs, at, pos);
  return { keys: o.keepKeys ? sorted.subarray(0, kept) : null, runKeys, runDocs, at, pos };
}

/**
 * One pass over the sorted entries: a document's repeats of a key merged (`distinct`), every key kept
 * at the front of `sorted`, and the runs of the keys two entries hold moved to the front of `runKeys`
 * (the input keys, sorted away) and of `docs`, with how many places each document has in them
 * (at[d + 1]). Each write is at or before the place read, so all of it happens in place.
 */
function collectRuns(
  sorted: Uint32Array,
  docs: Uint32Array,
  runKeys: Uint32Array,
  at: Float64Array,
  distinct: boolean,
): { kept: number; runs: number } {
  let w = 0;
  let c = 0;
  for (let p = 0; p < sorted.length; ) {
    const k = sorted[p] as number;
    const from = w;
    for (; p < sorted.length && sorted[p] === k; p++) {
      const d = docs[p] as number;
      if (distinct && w > from && docs[w - 1] === d) continue;
      sorted[w] = k;
      docs[w++] = d;
    }
    if (w - from < 2) continue;
    for (let x = from; x < w; x++) {
      const d = docs[x] as number;
      runKeys[c] = k;
      docs[c++] = d;
      at[d + 1] = (at[d + 1] as number) + 1;
    }
  }
  return { kept: w, runs: c };
}

/** Counts per document (at[d + 1]) become where each document's positions start (at[d]). */
function cumulate(at: Float64Array): void {
  for (let d = 1; d < at.length; d++) at[d] = (at[d] as number) + (at[d - 1] as number);
}

/** pos: the run positions, grouped by document (document d's from at[d]). */
function placeByDocument(runDocs: Uint32Array, at: Float64Array, pos: Uint32Array): void {
  const fill = at.slice(0, at.length - 1);
  for (let c = 0; c < runDocs.length; c++) {
    const d = runDocs[c] as number;
    const k = fill[d] as number;
    pos[k] = c;
    fill[d] = k + 1;
  }
}

/**
 * Entries sorted by (key, entry) — by key, in arrival order — into `sorted` (their keys) and
 * `values` (each one's entry, or with 'document' its document; documents come in order, so this is
 * the same order). By default two counting passes up to 4M entries, the leaner sort past that.
 */
export function sortEntries(
  keys: Uint32Array,
  offsets: ArrayLike<number>,
  nDocs: number,
  value: 'entry' | 'document',
  sorted: Uint32Array,
  values: Uint32Array,
  sort: 'lsd' | 'msd' = keys.length <= LSD_MAX ? 'lsd' : 'msd',
): void {
  if (keys.length >= LOW_SPAN) throw new RangeError(`postings: too many entries (${keys.length})`);
  if (offsets[nDocs] !== keys.length) throw new RangeError('postings: the offsets do not end at the last entry');
  if (sort === 'lsd') sortLsd(keys, offsets, nDocs, value === 'document', sorted, values);
  else sortMsd(keys, offsets, nDocs, value === 'document', sorted, values);
}

/** Below this many entries, two stable 16-bit counting passes (two more arrays of entries) are fastest. */
const LSD_MAX = 1 << 22;

/*
 * The sorts run once or twice per corpus, mostly before they are optimised: one loop per function, so
 * that each is compiled on its own once hot, and never with a loop after it that has not yet run
 * (compiled without type feedback, that loop would send the code back to the interpreter).
 */

/** LSD radix sort, low 16 bits then high 16 bits, both stable; both counts made in one pass. */
function sortLsd(keys: Uint32Array, offsets: ArrayLike<number>, nDocs: number, byDoc: boolean, sorted: Uint32Array, values: Uint32Array): void {
  const n = keys.length;
  const tmpValues = new Uint32Array(n);
  const tmpKeys = new Uint32Array(n);
  const low = new Uint32Array(65536);
  const high = new Uint32Array(65536);
  countDigits(keys, low, high);
  startsOf(low);
  startsOf(high);
  scatterEntries(keys, offsets, nDocs, byDoc, low, 0, tmpKeys, tmpValues);
  scatterSorted(tmpKeys, tmpValues, high, sorted, values);
}

/** How many keys have each low and each high 16 bits. */
function countDigits(keys: Uint32Array, low: Uint32Array, high: Uint32Array): void {
  for (let e = 0; e < keys.length; e++) {
    const k = keys[e] as number;
    low[k & 0xffff] = (low[k & 0xffff] as number) + 1;
    high[k >>> 16] = (high[k >>> 16] as number) + 1;
  }
}

/** Counts become the start of each bucket. */
function startsOf(count: Uint32Array): void {
  for (let b = 0, at = 0; b < count.length; b++) {
    const c = count[b] as number;
    count[b] = at;
    at += c;
  }
}

/**
 * The entries, in arrival order, into the buckets of 16 bits of their keys (from bit `shift`), with
 * their entry or their document (a function each: each compiled for its own loop).
 */
function scatterEntries(
  keys: Uint32Array,
  offsets: ArrayLike<number>,
  nDocs: number,
  byDoc: boolean,
  starts: Uint32Array,
  shift: number,
  outKeys: Uint32Array,
  outValues: Uint32Array,
): void {
  if (byDoc) scatterWithDocuments(keys, offsets, nDocs, starts, shift, outKeys, outValues);
  else scatterWithEntries(keys, starts, shift, outKeys, outValues);
}

function scatterWithEntries(keys: Uint32Array, starts: Uint32Array, shift: number, outKeys: Uint32Array, outValues: Uint32Array): void {
  for (let e = 0; e < keys.length; e++) {
    const k = keys[e] as number;
    const b = (k >>> shift) & 0xffff;
    const at = starts[b] as number;
    starts[b] = at + 1;
    outKeys[at] = k;
    outValues[at] = e;
  }
}

function scatterWithDocuments(
  keys: Uint32Array,
  offsets: ArrayLike<number>,
  nDocs: number,
  starts: Uint32Array,
  shift: number,
  outKeys: Uint32Array,
  outValues: Uint32Array,
): void {
  for (let d = 0, e = 0; d < nDocs; d++) {
    for (const end = offsets[d + 1] as number; e < end; e++) {
      const k = keys[e] as number;
      const b = (k >>> shift) & 0xffff;
      const at = starts[b] as number;
      starts[b] = at + 1;
      outKeys[at] = k;
      outValues[at] = d;
    }
  }
}

/** The second LSD pass: by the high 16 bits, stable. */
function scatterSorted(keys: Uint32Array, values: Uint32Array, high: Uint32Array, sorted: Uint32Array, sortedValues: Uint32Array): void {
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as number;
    const at = high[k >>> 16] as number;
    high[k >>> 16] = at + 1;
    sorted[at] = k;
    sortedValues[at] = values[i] as number;
  }
}

/**
 * The same order for any number of entries with no more arrays of entries: a counting sort on the
 * high 16 bits (stable), then each bucket sorted on (low 16 bits · 2^37 + value) packed into one double.
 */
function sortMsd(keys: Uint32Array, offsets: ArrayLike<number>, nDocs: number, byDoc: boolean, sorted: Uint32Array, values: Uint32Array): void {
  const count = new Uint32Array(65536);
  countDigits(keys, new Uint32Array(65536), count);
  let maxBucket = 0;
  for (let b = 0; b < 65536; b++) maxBucket = Math.max(maxBucket, count[b] as number);
  startsOf(count);
  // Counting sort on the high 16 bits: stable, so entries stay in arrival order within a bucket.
  const fill = count.slice();
  scatterEntries(keys, offsets, nDocs, byDoc, fill, 16, sorted, values);
  sortBuckets(count, keys.length, maxBucket, sorted, values);
}

/** Within each bucket (of the high 16 bits): by low 16 bits, then value, packed into one double for a native sort. */
function sortBuckets(starts: Uint32Array, n: number, maxBucket: number, sorted: Uint32Array, values: Uint32Array): void {
  const tmp = new Float64Array(maxBucket);
  for (let b = 0; b < 65536; b++) {
    const from = starts[b] as number;
    const len = (b + 1 < 65536 ? (starts[b + 1] as number) : n) - from;
    if (len <= 1) continue;
    const hi = b * 65536;
    for (let i = 0; i < len; i++) tmp[i] = ((sorted[from + i] as number) & 0xffff) * LOW_SPAN + (values[from + i] as number);
    // Small buckets: insertion sort beats a native call's overhead.
    const part = len <= 24 ? insertionSort(tmp, len) : tmp.subarray(0, len).sort();
    for (let i = 0; i < len; i++) {
      const v = part[i] as number;
      const low = Math.floor(v / LOW_SPAN);
      values[from + i] = v - low * LOW_SPAN;
      sorted[from + i] = hi + low;
    }
  }
}

function sharesKey(sorted: Uint32Array, n: number, p: number): boolean {
  const k = sorted[p];
  return (p > 0 && sorted[p - 1] === k) || (p + 1 < n && sorted[p + 1] === k);
}

/** docs[rank[e]] = the document of entry e, for every entry with a rank. */
function fillDocs(rank: Uint32Array, offsets: ArrayLike<number>, nDocs: number, docs: Uint32Array): void {
  for (let d = 0; d < nDocs; d++) {
    for (let e = offsets[d] as number, end = offsets[d + 1] as number; e < end; e++) {
      const r = rank[e] as number;
      if (r !== NONE) docs[r] = d;
    }
  }
}

/** First sorted position whose key is ≥ k. */
export function lowerKey(p: { keys: Uint32Array; size: number }, k: number): number {
  return lowerBound(p.keys, k, p.size);
}

/** First position in `sorted[0 .. size)` whose value is ≥ v. */
export function lowerBound(sorted: Uint32Array, v: number, size = sorted.length): number {
  let lo = 0;
  let hi = size;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Whether the sorted array holds v. */
export function sortedHas(sorted: Uint32Array, v: number): boolean {
  const i = lowerBound(sorted, v);
  return i < sorted.length && sorted[i] === v;
}

/** In how many entries key `k` occurs. */
export function keyCount(p: { keys: Uint32Array; size: number }, k: number): number {
  const from = lowerKey(p, k);
  if (from >= p.size || p.keys[from] !== k) return 0;
  // Most keys are held once: look before bisecting again.
  if (from + 1 >= p.size || p.keys[from + 1] !== k) return 1;
  return lowerKey(p, k + 1) - from;
}

function insertionSort(a: Float64Array, len: number): Float64Array {
  for (let i = 1; i < len; i++) {
    const v = a[i] as number;
    let j = i - 1;
    while (j >= 0 && (a[j] as number) > v) {
      a[j + 1] = a[j] as number;
      j--;
    }
    a[j + 1] = v;
  }
  return a;
}
