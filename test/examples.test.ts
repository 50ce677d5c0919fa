/**
 * The shipped example corpus against its planted truth (examples/README.md, examples/truth.json):
 * the engine runs in-process on examples/news.jsonl and every planted copy, original, family and trap
 * is checked in the report it builds.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { scan } from '../src/engine.js';
import { readInputs } from '../src/ingest/read.js';
import type { Report, ReportDocument, ReportPassage } from '../src/report/contract.js';
import { createMemoryStore } from '../src/store/index.js';

/** The compiled test lives in dist/test/, two levels below the repository root. */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CORPUS = path.join(ROOT, 'examples', 'news.jsonl');

interface TruthPassage {
  source_text: string;
  target_text: string;
}
interface TruthCopy {
  target: string;
  source: string;
  kind: string;
  classification: 'copy' | 'partial' | 'original';
  passages: TruthPassage[];
}
interface Truth {
  copies: TruthCopy[];
  originals: string[];
  furniture: string[];
  furniture_source: string;
  families: { origin: string; members: string[] }[];
  same_topic: { documents: string[]; note: string }[];
  common_phrases: { text: string; documents: string[] }[];
}

const truth = JSON.parse(readFileSync(path.join(ROOT, 'examples', 'truth.json'), 'utf8')) as Truth;

interface Article {
  id: string;
  text: string;
  source?: string;
}
const articles = new Map<string, Article>(
  readFileSync(CORPUS, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Article)
    .map((a) => [a.id, a]),
);

async function runScan(): Promise<Report> {
  const store = createMemoryStore();
  try {
    return await scan(readInputs([CORPUS]), store);
  } finally {
    store.close();
  }
}

const report = await runScan();
const docById = new Map<string, ReportDocument>(report.documents.map((d) => [d.id, d]));

function doc(id: string): ReportDocument {
  const d = docById.get(id);
  assert.ok(d, `document ${id} is missing from the report`);
  return d;
}

function textOf(id: string): string {
  const a = articles.get(id);
  assert.ok(a, `document ${id} is missing from examples/news.jsonl`);
  return a.text;
}

function between(source: string, target: string): ReportPassage[] {
  return report.passages.filter((p) => p.source.id === source && p.target.id === target);
}

const pairKey = (a: string, b: string): string => (a < b ? `${a}|${b}` : `${b}|${a}`);

/** Truth family of each document that has one. */
const familyOf = new Map<string, number>();
truth.families.forEach((f, i) => f.members.forEach((m) => familyOf.set(m, i)));

/** Where a snippet sits in a text; it must occur (README: every snippet appears exactly as written). */
function locate(text: string, snippet: string, what: string): { start: number; end: number } {
  const start = text.indexOf(snippet);
  assert.ok(start >= 0, `${what} not found: ${JSON.stringify(snippet.slice(0, 60))}…`);
  return { start, end: start + snippet.length };
}

/** Share of the characters flagged in `want` (offsets into the document) inside any of `spans`. */
function coveredShare(want: readonly number[], spans: readonly { start: number; end: number }[]): number {
  if (want.length === 0) return 1;
  let n = 0;
  for (const i of want) if (spans.some((s) => s.start <= i && i < s.end)) n++;
  return n / want.length;
}

const range = (start: number, end: number): number[] => Array.from({ length: end - start }, (_, k) => start + k);

/** Words of a snippet with their offsets (letters and digits, joined across ' . , inside a word). */
function words(snippet: string): { w: string; start: number; end: number }[] {
  const out: { w: string; start: number; end: number }[] = [];
  for (const m of snippet.matchAll(/[\p{L}\p{N}]+(?:['’.,][\p{L}\p{N}]+)*/gu)) {
    out.push({ w: m[0].toLowerCase().replace(/’/g, "'"), start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/**
 * Characters (offsets into `snippet`) of the words of `snippet` that survive into `other`: the words
 * on a longest common subsequence of the two word sequences. For an edited (near) copy this leaves out
 * what the target dropped, such as a removed sentence, which no passage can cover.
 */
function retainedChars(snippet: string, other: string): number[] {
  const a = words(snippet);
  const b = words(other);
  const L: Uint16Array[] = Array.from({ length: a.length + 1 }, () => new Uint16Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      const row = L[i] as Uint16Array;
      row[j] = a[i]!.w === b[j]!.w ? (L[i + 1]![j + 1] as number) + 1 : Math.max(L[i + 1]![j] as number, row[j + 1] as number);
    }
  }
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i]!.w === b[j]!.w) {
      out.push(...range(a[i]!.start, a[i]!.end));
      i++;
      j++;
    } else if ((L[i + 1]![j] as number) >= (L[i]![j + 1] as number)) i++;
    else j++;
  }
  return out;
}

/** Furniture lines of a text, as character ranges of whole lines (trimmed). */
function furnitureLines(text: string): { start: number; end: number; line: string }[] {
  const out: { start: number; end: number; line: string }[] = [];
  let at = 0;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const isFurniture = truth.furniture.some((f) => (f.endsWith(':') ? line.startsWith(f) : line === f));
    if (line !== '' && isFurniture) {
      const start = at + raw.indexOf(line);
      out.push({ start, end: start + line.length, line });
    }
    at += raw.length + 1;
  }
  return out;
}

const COVERAGE = 0.95;

test('the example corpus reads cleanly: 22 documents, none rejected', () => {
  assert.equal(report.summary.records, 22);
  assert.equal(report.summary.documents, 22);
  assert.equal(report.summary.rejected, 0);
  assert.deepEqual(report.rejected, []);
  assert.deepEqual(
    report.documents.map((d) => d.id),
    [...articles.keys()],
    'documents come out in corpus order',
  );
});

describe('planted copies', () => {
  for (const c of truth.copies) {
    test(`${c.target} (${c.kind}) is a ${c.classification} of ${c.source}`, () => {
      const d = doc(c.target);
      assert.equal(d.classification, c.classification, `${c.target}: coverage ${d.coverage}`);
      assert.ok(
        d.sources.some((s) => s.id === c.source),
        `${c.source} not among ${c.target}'s sources: ${JSON.stringify(d.sources)}`,
      );
    });

    test(`${c.target} ← ${c.source}: passages run from the earlier source, ordered`, () => {
      const ps = between(c.source, c.target);
      assert.ok(ps.length > 0, `no passages from ${c.source} to ${c.target}`);
      assert.equal(between(c.target, c.source).length, 0, `passages run the wrong way (${c.target} → ${c.source})`);
      for (const p of ps) assert.equal(p.ordered, true, 'all example dates differ, so every passage is ordered');
    });

    test(`${c.target} ← ${c.source}: every planted snippet is covered on both sides`, () => {
      const ps = between(c.source, c.target);
      const sourceText = textOf(c.source);
      const targetText = textOf(c.target);
      c.passages.forEach((tp, k) => {
        const t = locate(targetText, tp.target_text, `${c.target} snippet ${k + 1}`);
        const s = locate(sourceText, tp.source_text, `${c.source} snippet ${k + 1}`);
        const tShare = coveredShare(
          range(t.start, t.end),
          ps.map((p) => p.target),
        );
        assert.ok(tShare >= COVERAGE, `${c.target} snippet ${k + 1}: target spans cover ${(tShare * 100).toFixed(1)}% of its characters`);
        // Verbatim snippets: every character of the source snippet. Edited snippets: the characters of
        // the source words that the target kept (a sentence the target removed cannot be in a passage).
        const want =
          tp.source_text === tp.target_text
            ? range(s.start, s.end)
            : retainedChars(tp.source_text, tp.target_text).map((i) => s.start + i);
        const sShare = coveredShare(
          want,
          ps.map((p) => p.source),
        );
        assert.ok(sShare >= COVERAGE, `${c.source} snippet ${k + 1}: source spans cover ${(sShare * 100).toFixed(1)}% of its characters`);
      });
    });

    if (c.kind === 'verbatim-copy') {
      test(`${c.target} ← ${c.source}: verbatim passages have identical text on both sides`, () => {
        const ps = between(c.source, c.target);
        assert.ok(ps.length > 0);
        for (const p of ps) {
          assert.equal(p.kind, 'verbatim');
          assert.equal(p.score, 1);
          assert.equal(
            textOf(p.source.id).slice(p.source.start, p.source.end),
            textOf(p.target.id).slice(p.target.start, p.target.end),
          );
        }
      });
    }
  }
});

test('every truth original comes out original, with no sources', () => {
  for (const id of truth.originals) {
    const d = doc(id);
    assert.equal(d.classification, 'original', `${id}: ${JSON.stringify(d.sources)}`);
    assert.deepEqual(d.sources, [], `${id} has sources`);
    assert.equal(d.coverage, 0, `${id} has coverage`);
  }
  assert.equal(report.summary.original, truth.originals.length);
});

describe('page furniture', () => {
  const metrowire = [...articles.values()].filter((a) => a.source === truth.furniture_source).map((a) => a.id);

  test('every metrowire document carries every furniture line (the trap is really there)', () => {
    assert.equal(metrowire.length, 5);
    for (const id of metrowire) {
      const lines = furnitureLines(textOf(id)).map((l) => l.line);
      for (const f of truth.furniture) {
        assert.ok(
          lines.some((l) => (f.endsWith(':') ? l.startsWith(f) : l === f)),
          `${id} lacks the furniture line ${JSON.stringify(f)}`,
        );
      }
    }
  });

  test('metrowire furniture is recognised and not counted as words', () => {
    for (const id of metrowire) assert.ok(doc(id).furniture_words > 0, `${id}: no furniture words`);
  });

  test('no passage contains a furniture line as a whole line', () => {
    for (const p of report.passages) {
      for (const side of [p.source, p.target]) {
        for (const f of furnitureLines(textOf(side.id))) {
          assert.ok(
            !(side.start <= f.start && f.end <= side.end),
            `passage ${p.source.id}→${p.target.id} holds ${side.id}'s furniture line ${JSON.stringify(f.line)} at ${f.start}`,
          );
        }
      }
    }
  });

  test('no passages between two metrowire documents', () => {
    const mw = new Set(metrowire);
    const hits = report.passages.filter((p) => mw.has(p.source.id) && mw.has(p.target.id));
    assert.deepEqual(
      hits.map((p) => `${p.source.id}→${p.target.id}`),
      [],
    );
  });
});

describe('traps', () => {
  test('no passages between documents the truth does not link', () => {
    const stray = report.passages
      .filter((p) => {
        const a = familyOf.get(p.source.id);
        return a === undefined || a !== familyOf.get(p.target.id);
      })
      .map((p) => `${p.source.id}→${p.target.id}`);
    assert.deepEqual([...new Set(stray)], []);
  });

  const linked = new Set(report.passages.map((p) => pairKey(p.source.id, p.target.id)));
  for (const s of truth.same_topic) {
    const [a, b] = s.documents as [string, string];
    test(`same topic, written separately: no passages between ${a} and ${b}`, () => {
      assert.equal(linked.has(pairKey(a, b)), false, s.note);
      assert.equal(doc(a).cluster, null);
      assert.equal(doc(b).cluster, null);
    });
  }
  for (const c of truth.common_phrases) {
    const [a, b] = c.documents as [string, string];
    test(`common phrase ${JSON.stringify(c.text)}: no passages between ${a} and ${b}`, () => {
      assert.ok(textOf(a).includes(c.text) && textOf(b).includes(c.text), 'the phrase is in both documents');
      assert.equal(linked.has(pairKey(a, b)), false);
    });
  }
});

test('families match the truth: members as sets, same origin', () => {
  const norm = (members: readonly string[]): string => [...members].sort().join(',');
  const got = report.clusters.map((c) => ({ members: norm(c.documents), origin: c.origin })).sort((x, y) => x.members.localeCompare(y.members));
  const want = truth.families.map((f) => ({ members: norm(f.members), origin: f.origin })).sort((x, y) => x.members.localeCompare(y.members));
  assert.deepEqual(got, want);
  assert.equal(report.summary.clusters, truth.families.length);
  // documents[].cluster agrees with clusters[], and is null outside every family.
  for (const d of report.documents) {
    const c = report.clusters.find((k) => k.documents.includes(d.id));
    assert.equal(d.cluster, c ? c.id : null, d.id);
  }
});

test('passage offsets lie within their documents, whose text is in the report', () => {
  const inPassage = new Set<string>();
  for (const p of report.passages) {
    for (const side of [p.source, p.target]) {
      inPassage.add(side.id);
      const d = doc(side.id);
      assert.equal(typeof d.text, 'string', `${side.id} takes part in a passage but has no text`);
      const text = d.text as string;
      assert.equal(text, textOf(side.id), `${side.id}: text differs from the input`);
      assert.ok(Number.isInteger(side.start) && Number.isInteger(side.end));
      assert.ok(0 <= side.start && side.start < side.end && side.end <= text.length, `${side.id} [${side.start}, ${side.end}) of ${text.length}`);
    }
  }
  for (const d of report.documents) assert.equal(d.text !== undefined, inPassage.has(d.id), `${d.id}: text present iff in a passage`);
  assert.equal(report.summary.passages, report.passages.length);
});

test('the report is deterministic: two runs give identical JSON', async () => {
  const again = await runScan();
  assert.equal(JSON.stringify(again), JSON.stringify(report));
});
