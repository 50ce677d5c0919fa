import { test } from 'node:test';
import assert from 'node:assert/strict';
import { REPORT_FORMAT, REPORT_VERSION, type Report } from '../src/report/contract.js';
import { renderHtml, serializeForScript, escapeHtml, DATA_ELEMENT_ID } from '../src/report/html.js';
import { CLIENT_JS, CSS, SEGMENT_JS } from '../src/report/html-assets.js';

const HOSTILE = 'Breaking: </script><script>alert(1)</script> and <!-- a comment';
const LS = '\u2028';
const PS = '\u2029';

/** A small report built by hand: an original, a copy with overlapping passages, a partial, an outsider. */
function syntheticReport(): Report {
  const original =
    'The city council voted on Tuesday to approve the new bridge over the river. ' +
    'Construction will begin in spring and is expected to take three years. ' +
    'The mayor said the project would create hundreds of jobs.';
  const copy =
    'BREAKING NEWS. The city council voted on Tuesday to approve the new bridge over the river. ' +
    'Construction will begin in spring and is expected to take three years.' + LS +
    'The mayor said the project would create hundreds of jobs. ' + HOSTILE + ' ' + PS + ' The end.';
  const partial =
    'In other news, the weather was fine. Construction will begin in spring and is expected to take ' +
    'about three years, officials said.';
  const at = (text: string, s: string): [number, number] => {
    const i = text.indexOf(s);
    assert.ok(i >= 0, `missing ${s}`);
    return [i, i + s.length];
  };
  const s1 = 'The city council voted on Tuesday to approve the new bridge over the river.';
  const s2 = 'approve the new bridge over the river. Construction will begin in spring';
  const s3 = 'The mayor said the project would create hundreds of jobs.';
  const [a1, b1] = at(original, s1);
  const [c1, d1] = at(copy, s1);
  const [a2, b2] = at(original, s2);
  const [c2, d2] = at(copy, 'approve the new bridge over the river. Construction will begin in spring');
  const [a3, b3] = at(original, s3);
  const [c3, d3] = at(copy, s3);
  const [a4, b4] = at(original, 'Construction will begin in spring and is expected to take three years.');
  const [c4, d4] = at(partial, 'Construction will begin in spring and is expected to take about three years');
  return {
    format: REPORT_FORMAT,
    version: REPORT_VERSION,
    generator: 'reprint test',
    params: {
      shingle: 5, window: 4, min_passage_words: 8, near_duplicate_threshold: 0.8,
      lsh_bands: 16, lsh_rows: 8, copy_coverage: 0.8, furniture_min_docs: 3,
    },
    summary: { records: 5, documents: 4, rejected: 1, passages: 4, clusters: 1, copy: 1, partial: 1, original: 2 },
    documents: [
      {
        id: 'wire-1', title: 'Council approves bridge', source: 'Wire', url: 'https://example.com/a',
        published_at: '2024-03-01T08:00:00Z', words: 40, furniture_words: 0, classification: 'original',
        coverage: 0, spin: 0, sources: [], cluster: 'c1', text: original,
      },
      {
        id: 'daily-7', title: 'Bridge <b>approved</b> & more', source: 'Daily', url: null,
        published_at: '2024-03-01T10:00:00Z', words: 52, furniture_words: 2, classification: 'copy',
        coverage: 0.86, spin: 0, sources: [{ id: 'wire-1', coverage: 0.86, passages: 3 }], cluster: 'c1', text: copy,
      },
      {
        id: 'local-3', title: 'Weather and works', source: 'Local', url: null, published_at: '2024-03-02',
        words: 22, furniture_words: 0, classification: 'partial', coverage: 0.5, spin: 0,
        sources: [{ id: 'wire-1', coverage: 0.5, passages: 1 }], cluster: 'c1', text: partial,
      },
      {
        id: 'other-9', title: 'Unrelated', source: 'Elsewhere', url: null, published_at: null,
        words: 12, furniture_words: 0, classification: 'original', coverage: 0, spin: 0, sources: [], cluster: null,
      },
    ],
    passages: [
      { source: { id: 'wire-1', start: a1, end: b1 }, target: { id: 'daily-7', start: c1, end: d1 }, kind: 'verbatim', score: 1, words: 14, substitutions: [], ordered: true },
      { source: { id: 'wire-1', start: a2, end: b2 }, target: { id: 'daily-7', start: c2, end: d2 }, kind: 'verbatim', score: 1, words: 13, substitutions: [], ordered: true },
      { source: { id: 'wire-1', start: a3, end: b3 }, target: { id: 'daily-7', start: c3, end: d3 }, kind: 'verbatim', score: 1, words: 10, substitutions: [], ordered: true },
      { source: { id: 'wire-1', start: a4, end: b4 }, target: { id: 'local-3', start: c4, end: d4 }, kind: 'near', score: 0.91, words: 11, substitutions: [], ordered: true },
    ],
    clusters: [{ id: 'c1', documents: ['wire-1', 'daily-7', 'local-3'], origin: 'wire-1' }],
    spins: [],
    rejected: [{ input: 'feed.jsonl', line: 3, reason: 'missing text' }],
  };
}

function extractData(html: string): string {
  const open = `<script type="application/json" id="${DATA_ELEMENT_ID}">`;
  const start = html.indexOf(open);
  assert.ok(start >= 0, 'data script present');
  const end = html.indexOf('</script>', start + open.length);
  assert.ok(end > start, 'data script closed');
  return html.slice(start + open.length, end);
}

test('page has doctype, title, inline style and script', () => {
  const html = renderHtml(syntheticReport());
  assert.ok(html.startsWith('<!DOCTYPE html>'));
  assert.match(html, /<title>reprint report: 4 documents, 4 passages<\/title>/);
  assert.match(html, /<meta charset="utf-8">/);
  assert.ok(html.includes(`<style>${CSS}</style>`));
  assert.ok(html.includes(`<script>${CLIENT_JS}</script>`));
});

test('embedded data is escaped and parses back to the same report', () => {
  const report = syntheticReport();
  const html = renderHtml(report);
  const raw = extractData(html);
  assert.ok(!raw.includes('<'), 'no raw < in the data');
  assert.ok(!raw.includes(LS) && !raw.includes(PS), 'no raw U+2028/U+2029 in the data');
  assert.ok(raw.includes('\\u003c/script>\\u003cscript>alert(1)\\u003c/script>'));
  assert.ok(raw.includes('\\u2028') && raw.includes('\\u2029'));
  // The hostile text must not appear anywhere in the page unescaped.
  assert.ok(!html.includes('<script>alert(1)'));
  assert.equal((html.match(/<\/script>/g) ?? []).length, 2, 'only the page\'s own two scripts close');
  assert.deepEqual(JSON.parse(raw), report);
});

test('no external resources', () => {
  const html = renderHtml(syntheticReport());
  assert.doesNotMatch(html, /\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?\/\//i);
  assert.doesNotMatch(html, /@import|url\(\s*["']?(?:https?:)?\/\//i);
  assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
  // The client script never writes HTML from strings.
  assert.doesNotMatch(CLIENT_JS, /innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
});

test('client script is valid JavaScript that cannot break out of its element', () => {
  assert.doesNotThrow(() => new Function(CLIENT_JS));
  assert.ok(!/<\/script/i.test(CLIENT_JS));
  assert.ok(!CLIENT_JS.includes('<!--'));
  assert.ok(!/<\/style/i.test(CSS));
});

test('serializeForScript and escapeHtml', () => {
  const value = { s: `</script>${LS}${PS}<!--&` };
  const out = serializeForScript(value);
  assert.equal(out, '{"s":"\\u003c/script>\\u2028\\u2029\\u003c!--&"}');
  assert.deepEqual(JSON.parse(out), value);
  assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
});

type Segment = { start: number; end: number; spans: number[] };
const segmentText = new Function(`${SEGMENT_JS}; return segmentText;`)() as (
  length: number,
  spans: { start: number; end: number }[],
) => Segment[];

test('segments split overlapping and nested spans', () => {
  assert.deepEqual(segmentText(10, []), [{ start: 0, end: 10, spans: [] }]);
  assert.deepEqual(segmentText(10, [{ start: 2, end: 6 }, { start: 4, end: 9 }]), [
    { start: 0, end: 2, spans: [] },
    { start: 2, end: 4, spans: [0] },
    { start: 4, end: 6, spans: [0, 1] },
    { start: 6, end: 9, spans: [1] },
    { start: 9, end: 10, spans: [] },
  ]);
  // Nested, identical and out-of-range spans; empty spans ignored.
  assert.deepEqual(
    segmentText(8, [{ start: 0, end: 8 }, { start: 3, end: 5 }, { start: 3, end: 5 }, { start: 6, end: 6 }, { start: 7, end: 99 }]),
    [
      { start: 0, end: 3, spans: [0] },
      { start: 3, end: 5, spans: [0, 1, 2] },
      { start: 5, end: 7, spans: [0] },
      { start: 7, end: 8, spans: [0, 4] },
    ],
  );
  assert.deepEqual(segmentText(0, [{ start: 0, end: 3 }]), []);
});

test('segments cover the text exactly on the synthetic report', () => {
  const report = syntheticReport();
  const copy = report.documents.find((d) => d.id === 'daily-7');
  const text = copy?.text;
  assert.ok(text);
  const spans = report.passages.filter((p) => p.target.id === 'daily-7').map((p) => p.target);
  const segs = segmentText(text.length, spans);
  assert.equal(segs.map((s) => text.slice(s.start, s.end)).join(''), text);
  assert.ok(segs.some((s) => s.spans.length === 2), 'the overlapping passages share a segment');
});
