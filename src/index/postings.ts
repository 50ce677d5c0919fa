/**
 * Postings in typed arrays: entries (a 32-bit key — a fingerprint, an LSH bucket key — held by a
 * document) grouped by key, without a JS Map. V8 caps a Map at 2^24 entries and spends ~80 bytes on
 * each; at a million documents there are ~50 million postings. Here an entry costs 12 bytes.
 *
 * Entries arrive in processing order (document by document, `offsets[d] .. offsets[d + 1]` are
 * document d's). They are sorted by (key, entry) — so within one key, by document, in the order they
 * arrived — by two stable 16-bit counting passes (up to 4M entries), or with less memory by a counting
 * sort on the key's high 16 bits and a native Float64Array sort of each bucket on (low 16 bits · 2^37
 * + entry). The result answers, for an entry, "which earlier entries
 * hold the same key" by walking back from its rank, exactly as a per-key array of documents would.
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
  if (n >= LOW_SPAN) throw new RangeError(`postings: too many entries (${n})`);
  const sorted = o.shared && (o.keepKeys || !o.sharedOnly) ? new Uint32Array(new SharedArrayBuffer(n * 4)) : new Uint32Array(n);
  const order = new Uint32Array(n);
  if ((o.sort ?? (n <= LSD_MAX ? 'lsd' : 'msd')) === 'lsd') sortLsd(keys, n, order, sorted);
  else sortMsd(keys, n, order, sorted);
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


/** Below this many entries, two stable 16-bit counting passes (two more arrays of entries) are fastest. */
const LSD_MAX = 1 << 22;

/** order/sorted = entries by (key, entry): LSD radix sort, low 16 bits then high 16 bits, both stable. */
function sortLsd(keys: Uint32Array, n: number, order: Uint32Array, sorted: Uint32Array): void {
  const tmpOrder = new Uint32Array(n);
  const tmpKeys = new Uint32Array(n);
  const count = new Uint32Array(65537);
  for (let e = 0; e < n; e++) {
    const b = ((keys[e] as number) & 0xffff) + 1;
    count[b] = (count[b] as number) + 1;
  }
  for (let b = 1; b <= 65536; b++) count[b] = (count[b] as number) + (count[b - 1] as number);
  for (let e = 0; e < n; e++) {
    const k = keys[e] as number;
    const b = k & 0xffff;
    const at = count[b] as number;
    count[b] = at + 1;
    tmpOrder[at] = e;
    tmpKeys[at] = k;
  }
  count.fill(0);
  for (let i = 0; i < n; i++) {
    const b = ((tmpKeys[i] as number) >>> 16) + 1;
    count[b] = (count[b] as number) + 1;
  }
  for (let b = 1; b <= 65536; b++) count[b] = (count[b] as number) + (count[b - 1] as number);
  for (let i = 0; i < n; i++) {
    const k = tmpKeys[i] as number;
    const b = k >>> 16;
    const at = count[b] as number;
    count[b] = at + 1;
    order[at] = tmpOrder[i] as number;
    sorted[at] = k;
  }
}

/**
 * The same order for any number of entries with one extra array: a counting sort on the high 16 bits
 * (stable), then each bucket sorted on (low 16 bits · 2^37 + entry) packed into one double.
 */
function sortMsd(keys: Uint32Array, n: number, order: Uint32Array, sorted: Uint32Array): void {
  // Counting sort on the high 16 bits: stable, so entries stay in arrival order within a bucket.
  const count = new Uint32Array(65537);
  for (let e = 0; e < n; e++) {
    const b = ((keys[e] as number) >>> 16) + 1;
    count[b] = (count[b] as number) + 1;
  }
  let maxBucket = 0;
  for (let b = 1; b <= 65536; b++) {
    if ((count[b] as number) > maxBucket) maxBucket = count[b] as number;
    count[b] = (count[b] as number) + (count[b - 1] as number);
  }
  const fill = count.slice(0, 65536);
  for (let e = 0; e < n; e++) {
    const b = (keys[e] as number) >>> 16;
    const at = fill[b] as number;
    order[at] = e;
    fill[b] = at + 1;
  }
  // Within a bucket: by low 16 bits, then entry; packed into one double so that a native sort does it.
  const tmp = new Float64Array(maxBucket);
  for (let b = 0; b < 65536; b++) {
    const from = count[b] as number;
    const len = (count[b + 1] as number) - from;
    if (len === 0) continue;
    const hi = b * 65536;
    if (len === 1) {
      sorted[from] = keys[order[from] as number] as number;
      continue;
    }
    for (let i = 0; i < len; i++) {
      const e = order[from + i] as number;
      tmp[i] = ((keys[e] as number) & 0xffff) * LOW_SPAN + e;
    }
    // Small buckets: insertion sort beats a native call's overhead.
    const part = len <= 24 ? insertionSort(tmp, len) : tmp.subarray(0, len).sort();
    for (let i = 0; i < len; i++) {
      const v = part[i] as number;
      const low = Math.floor(v / LOW_SPAN);
      order[from + i] = v - low * LOW_SPAN;
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

/**
 * The run positions of each document, documents in order: document d's are `pos[at[d] .. at[d + 1])`,
 * ascending. A pass over the documents that needs only shared keys visits these and skips the
 * entries without a partner. `pos` is written into `into` (at least as long as the runs) when given:
 * the rank, say, once it is no longer needed.
 */
export function runsByDocument(runDocs: Uint32Array, nDocs: number, into?: Uint32Array): { at: Float64Array; pos: Uint32Array } {
  const at = new Float64Array(nDocs + 1);
  for (let p = 0; p < runDocs.length; p++) {
    const d = (runDocs[p] as number) + 1;
    at[d] = (at[d] as number) + 1;
  }
  for (let d = 1; d <= nDocs; d++) at[d] = (at[d] as number) + (at[d - 1] as number);
  const pos = into ? into.subarray(0, runDocs.length) : new Uint32Array(runDocs.length);
  const fill = at.slice(0, nDocs);
  for (let p = 0; p < runDocs.length; p++) {
    const d = runDocs[p] as number;
    const k = fill[d] as number;
    pos[k] = p;
    fill[d] = k + 1;
  }
  return { at, pos };
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
