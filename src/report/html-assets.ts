/**
 * The HTML report's inline stylesheet and client script, as plain strings so that nothing needs a
 * bundler. The script is modern plain JavaScript (ES2020) run as-is by the browser.
 *
 * Written with String.raw so backslashes reach the browser unchanged; for the same reason the script
 * must not use backticks or dollar-brace. It must not contain a closing script tag or an HTML comment
 * opener either (test/html.test.ts checks all of this).
 */

export const CSS = String.raw`
:root {
  --bg: #f4f4f1; --panel: #fff; --fg: #1c1c1e; --muted: #686868; --line: #dcdcd6; --accent: #1f5fbf;
  --copy: #b8322a; --copy-bg: #fbe3e0; --partial: #9a5b00; --partial-bg: #fcefd4;
  --original: #24784a; --original-bg: #dff2e6; --head: #1e2937;
}
* { box-sizing: border-box; }
html, body { margin: 0; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--fg); background: var(--bg); }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
button { font: inherit; cursor: pointer; }
.loading, .fatal { padding: 24px; }
.fatal { color: var(--copy); font-weight: 600; }
[hidden] { display: none !important; }

header.top { background: var(--head); color: #fff; padding: 10px 20px; display: flex; flex-wrap: wrap;
  align-items: center; gap: 10px 24px; }
header.top h1 { margin: 0; font-size: 20px; letter-spacing: .02em; }
header.top h1 a { color: #fff; }
header.top .sub { font-size: 11px; opacity: .7; }
.stats { display: flex; flex-wrap: wrap; gap: 6px; }
.stat { background: rgba(255,255,255,.09); border: 1px solid rgba(255,255,255,.12); border-radius: 6px;
  padding: 3px 10px; min-width: 70px; text-align: center; color: #fff; }
button.stat:hover { background: rgba(255,255,255,.18); }
.stat b { display: block; font-size: 17px; font-variant-numeric: tabular-nums; }
.stat span { font-size: 10.5px; text-transform: uppercase; letter-spacing: .05em; opacity: .8; }
.stat.copy b { color: #ff9c94; } .stat.partial b { color: #ffcf7a; } .stat.original b { color: #8fe0b0; }
header.top nav { margin-left: auto; display: flex; gap: 14px; }
header.top nav a { color: #cfe0ff; }

main { padding: 14px 20px 40px; max-width: 1800px; margin: 0 auto; }
section.card { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px;
  margin-bottom: 16px; }
section.card > h2 { margin: 0 0 10px; font-size: 16px; }
.muted { color: var(--muted); }
.small { font-size: 12px; }
.toolbar { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin-bottom: 10px; }
.toolbar input[type=search] { flex: 1 1 280px; max-width: 480px; padding: 6px 9px; border: 1px solid #bbb;
  border-radius: 6px; font: inherit; }
.toolbar select { padding: 5px 8px; border: 1px solid #bbb; border-radius: 6px; font: inherit; background: #fff; }

table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid #ecece8; vertical-align: top; }
table.docs td { vertical-align: middle; }
th { font-size: 11.5px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); font-weight: 600;
  background: #fafaf8; position: sticky; top: 0; z-index: 1; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
table.docs tbody tr { cursor: pointer; }
table.docs tbody tr:hover { background: #f1f5fc; }
table.docs tbody tr.current { background: #e6eefb; }
table.docs td.title { max-width: 520px; }
table.docs td.id { white-space: nowrap; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  font-size: 12.5px; }
td.date { white-space: nowrap; font-variant-numeric: tabular-nums; }
.more { margin: 10px 0 0; padding: 6px 14px; border: 1px solid #bbb; background: #fff; border-radius: 6px; }
.more:hover { background: #f0f0ec; }

.badge { display: inline-block; padding: 0 7px; border-radius: 10px; font-size: 11.5px; font-weight: 600;
  line-height: 19px; border: 1px solid transparent; white-space: nowrap; }
.badge.copy { color: var(--copy); background: var(--copy-bg); border-color: #f0b8b2; }
.badge.partial { color: var(--partial); background: var(--partial-bg); border-color: #efd29a; }
.badge.original { color: var(--original); background: var(--original-bg); border-color: #a9dbbd; }
.badge.verbatim { color: #234; background: #e4ebf5; border-color: #bccbe0; }
.badge.near { color: #5a3d00; background: #fff4d6; border-color: #e9d39a; border-style: dashed; }
.badge.spun { color: #6d0a57; background: #fbe3f4; border-color: #e5a9d5; border-style: dotted; }
.badge.origin { color: #fff; background: #6a4bbd; }
.badge.plain { color: var(--muted); background: #efefeb; border-color: #ddd; }

.bar { position: relative; width: 120px; height: 18px; background: #ecece8; border-radius: 4px; overflow: hidden; }
.bar .fill { position: absolute; left: 0; top: 0; bottom: 0; background: #7f9fce; }
.bar.copy .fill { background: #e0817a; } .bar.partial .fill { background: #eab35a; }
.bar.original .fill { background: #8cc9a4; }
.bar span { position: relative; display: block; text-align: center; font-size: 11.5px; line-height: 18px;
  font-variant-numeric: tabular-nums; font-weight: 600; color: #222; }

.family { border-top: 1px solid #ecece8; padding: 8px 0; }
.family:first-of-type { border-top: 0; }
.family .members { margin-top: 4px; display: flex; flex-wrap: wrap; gap: 4px 6px; }
.chip { display: inline-flex; gap: 4px; align-items: center; padding: 1px 8px; border: 1px solid #d7dbe3;
  border-radius: 12px; background: #f7f9fc; font-size: 12.5px; max-width: 100%; }
.chip.is-origin { border-color: #6a4bbd; background: #f1ecff; font-weight: 600; }
.chip .t { color: var(--muted); overflow: hidden; text-overflow: ellipsis; white-space: nowrap; max-width: 260px; }
.linkish { border: 0; background: none; color: var(--accent); padding: 0; }

/* detail view */
.crumbs { margin-bottom: 8px; }
.dochead h2 { margin: 0 0 4px; font-size: 20px; }
.meta { display: flex; flex-wrap: wrap; gap: 6px 16px; align-items: center; color: var(--muted); }
.meta b { color: var(--fg); font-weight: 600; }
.rel { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 10px 24px; margin-top: 10px; }
.rel h3 { margin: 0 0 4px; font-size: 13px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
.rel ul { margin: 0; padding: 0; list-style: none; }
.rel li { padding: 2px 0; display: flex; gap: 8px; align-items: baseline; }
.rel li > * { flex: none; }
.rel li .stat-line { white-space: nowrap; }
.rel li .t { flex: 1 1 0; min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 3px; border: 1px solid rgba(0,0,0,.25);
  flex: none; align-self: center; }
button.swatch { padding: 0; }
.modes { display: inline-flex; border: 1px solid #bbb; border-radius: 6px; overflow: hidden; }
.modes a { padding: 4px 12px; color: var(--fg); background: #fff; }
.modes a + a { border-left: 1px solid #bbb; }
.modes a.on { background: var(--head); color: #fff; }
.modes a:hover { text-decoration: none; }
.legend { display: inline-flex; gap: 10px; align-items: center; font-size: 12px; color: var(--muted); }
.info { min-height: 34px; padding: 6px 10px; border: 1px solid var(--line); border-radius: 6px; background: #fffef6;
  display: flex; flex-wrap: wrap; gap: 4px 12px; align-items: center; margin-bottom: 10px; }
.info .nav { margin-left: auto; display: flex; gap: 6px; }
.info .nav button { padding: 2px 10px; border: 1px solid #bbb; background: #fff; border-radius: 5px; }

.split { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 12px; }
.col { height: calc(100vh - 90px); min-height: 360px; overflow: auto; border: 1px solid var(--line);
  border-radius: 8px; background: var(--panel); }
.colhead { position: sticky; top: 0; z-index: 2; background: #f7f7f4; border-bottom: 1px solid var(--line);
  padding: 6px 14px; font-size: 12.5px; display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
.colhead b { font-size: 13.5px; }
details.panel { border-bottom: 1px solid var(--line); }
details.panel > summary { position: sticky; top: 0; z-index: 2; background: #f7f7f4; padding: 6px 14px;
  cursor: pointer; display: flex; gap: 8px; align-items: center; flex-wrap: wrap; border-bottom: 1px solid var(--line);
  list-style: none; }
details.panel > summary::-webkit-details-marker { display: none; }
details.panel > summary::before { content: "\25B8"; color: var(--muted); width: 10px; }
details.panel[open] > summary::before { content: "\25BE"; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; padding: 12px 18px 18px;
  font: 15.5px/1.65 Georgia, "Times New Roman", Times, serif; color: #222; }
.notext { padding: 12px 18px; color: var(--muted); font-style: italic; }

mark.hl { color: inherit; cursor: pointer; border-radius: 2px; padding: 1px 0;
  border-bottom: 2px solid rgba(0,0,0,.35); box-decoration-break: clone; -webkit-box-decoration-break: clone; }
mark.hl.near { border-bottom-style: dashed; }
mark.hl.swap { color: #8a0a6e; font-style: italic; text-decoration: underline wavy #c0168f; text-decoration-skip-ink: none;
  text-underline-offset: 3px; }
mark.hl.multi { box-shadow: inset 0 2px 0 rgba(0,0,0,.3); }
mark.hl:hover { filter: brightness(.93); }
mark.hl.flash { outline: 2px solid #111; outline-offset: 1px; animation: flash 1.2s ease-out 1; }
@keyframes flash { 0% { box-shadow: 0 0 0 6px rgba(255,196,0,.85); } 100% { box-shadow: 0 0 0 0 rgba(255,196,0,0); } }
.sample { display: inline-block; padding: 0 6px; border-radius: 2px; border-bottom: 2px solid rgba(0,0,0,.35);
  color: #222; }

table.passages td { font-size: 12.5px; }
table.passages tbody tr { cursor: pointer; }
table.passages tbody tr:hover { background: #f1f5fc; }
table.passages td.excerpt { font-family: Georgia, "Times New Roman", serif; color: #333; max-width: 520px; }
table.passages td.off { white-space: nowrap; font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 11.5px; }
details.block > summary { cursor: pointer; font-weight: 600; margin: 4px 0 8px; }
pre.params { margin: 0; font-size: 12px; background: #fafaf8; padding: 8px; border-radius: 6px; overflow: auto; }

@media (max-width: 900px) {
  .split { grid-template-columns: minmax(0, 1fr); }
  .col { height: auto; min-height: 0; max-height: none; }
  header.top nav { margin-left: 0; }
}
`;

/**
 * Splits the text `[0, length)` at every span boundary. Each segment lists the indices (into `spans`)
 * of the spans covering it, ascending, so overlapping and nested spans come out as flat, non-overlapping
 * segments. Offsets are clamped to the text; empty spans are ignored. Kept as its own constant so the
 * test can run it in Node.
 */
export const SEGMENT_JS = String.raw`
function segmentText(length, spans) {
  const clamp = (n) => Math.max(0, Math.min(length, Math.floor(Number(n) || 0)));
  const cuts = new Set([0, length]);
  const live = [];
  spans.forEach((s, i) => {
    const a = clamp(s.start), b = clamp(s.end);
    if (b > a) { live.push({ a, b, i }); cuts.add(a); cuts.add(b); }
  });
  live.sort((x, y) => x.a - y.a || x.i - y.i);
  const points = Array.from(cuts).sort((x, y) => x - y);
  const out = [];
  let next = 0;
  let active = [];
  for (let j = 0; j + 1 < points.length; j++) {
    const start = points[j], end = points[j + 1];
    active = active.filter((c) => c.b > start);
    while (next < live.length && live[next].a <= start) { active.push(live[next]); next++; }
    out.push({ start, end, spans: active.map((c) => c.i).sort((x, y) => x - y) });
  }
  return out;
}
`;

const APP_JS = String.raw`
(() => {
  'use strict';

  const PAGE_DOCS = 200;
  const PAGE_FAMILIES = 100;
  const PAGE_REJECTED = 200;
  const MEMBERS_SHOWN = 60;
  const PANELS_OPEN = 8;
  const app = document.getElementById('app');

  // ---------------------------------------------------------------- helpers

  /** Creates an element. Strings among the children become text nodes: article text is never parsed. */
  function h(tag, props, ...kids) {
    const el = document.createElement(tag);
    if (props) {
      for (const key of Object.keys(props)) {
        const v = props[key];
        if (v == null || v === false) continue;
        if (key === 'class') el.className = v;
        else if (key === 'style') Object.assign(el.style, v);
        else if (key.startsWith('on')) el.addEventListener(key.slice(2), v);
        else el.setAttribute(key, v === true ? '' : String(v));
      }
    }
    for (const kid of kids.flat(Infinity)) {
      if (kid == null || kid === false) continue;
      el.append(kid instanceof Node ? kid : String(kid));
    }
    return el;
  }
  const arr = (x) => (Array.isArray(x) ? x : []);
  const isNum = (x) => typeof x === 'number' && Number.isFinite(x);
  const fmtInt = (x) => (isNum(x) ? x.toLocaleString('en-US') : '\u2013');
  const fmtPct = (x) => (isNum(x) ? (Math.round(x * 1000) / 10).toFixed(1) + '%' : '\u2013');
  const fmtScore = (x) => (isNum(x) ? x.toFixed(2) : '\u2013');
  const plural = (n, word) => fmtInt(n) + ' ' + word + (n === 1 ? '' : 's');
  const cmpStr = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
  function push(map, key, value) {
    const list = map.get(key);
    if (list) list.push(value); else map.set(key, [value]);
  }
  function shortDate(s) {
    if (!s) return '';
    const m = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}))?/.exec(s);
    return m ? (m[2] ? m[1] + ' ' + m[2] : m[1]) : s;
  }
  function safeUrl(u) {
    if (typeof u !== 'string') return null;
    try {
      const url = new URL(u);
      return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
    } catch (e) { return null; }
  }
  function snippet(text, start, end, max) {
    if (typeof text !== 'string') return '';
    const s = text.slice(start, end).replace(/\s+/g, ' ').trim();
    return s.length > max ? s.slice(0, max - 1) + '\u2026' : s;
  }
  /** Diagonal stripes of several colours: text covered by passages from different documents. */
  function stripes(cols) {
    const w = 7;
    return 'repeating-linear-gradient(135deg, ' +
      cols.map((c, i) => c.bg + ' ' + (i * w) + 'px ' + ((i + 1) * w) + 'px').join(', ') + ')';
  }
  const HUES = [212, 134, 30, 282, 354, 178, 52, 318, 96, 248, 12, 160];
  function colour(i) {
    const hue = i < HUES.length ? HUES[i] : Math.round((i * 137.508) % 360);
    return { bg: 'hsl(' + hue + ', 88%, 83%)', deep: 'hsl(' + hue + ', 80%, 70%)', line: 'hsl(' + hue + ', 62%, 36%)' };
  }

  ` + SEGMENT_JS + String.raw`

  // ---------------------------------------------------------------- data

  let report;
  try {
    report = JSON.parse(document.getElementById('reprint-data').textContent || 'null');
  } catch (err) {
    report = null;
  }
  if (!report || typeof report !== 'object') {
    app.textContent = '';
    app.append(h('p', { class: 'fatal' }, 'The embedded report could not be read.'));
    return;
  }

  const docs = arr(report.documents);
  const passages = arr(report.passages);
  const clusters = arr(report.clusters);
  const rejected = arr(report.rejected);
  const summary = report.summary || {};

  const byId = new Map();
  for (const d of docs) byId.set(d.id, d);
  const asTarget = new Map();
  const asSource = new Map();
  passages.forEach((p, i) => { push(asTarget, p.target.id, i); push(asSource, p.source.id, i); });
  const clusterById = new Map(clusters.map((c) => [c.id, c]));

  /** source id -> Map(target id -> { passages, coverage }): who reused each document. */
  const reusers = new Map();
  function reuserEntry(src, tgt) {
    let m = reusers.get(src);
    if (!m) { m = new Map(); reusers.set(src, m); }
    let e = m.get(tgt);
    if (!e) { e = { id: tgt, passages: 0, coverage: null, listed: false }; m.set(tgt, e); }
    return e;
  }
  for (const d of docs) {
    for (const s of arr(d.sources)) {
      const e = reuserEntry(s.id, d.id);
      e.listed = true; e.coverage = s.coverage; e.passages = s.passages;
    }
  }
  for (const p of passages) {
    const e = reuserEntry(p.source.id, p.target.id);
    if (!e.listed) e.passages++;
  }
  function reusedBy(id) {
    const m = reusers.get(id);
    if (!m) return [];
    return Array.from(m.values()).sort((a, b) =>
      (isNum(b.coverage) ? b.coverage : -1) - (isNum(a.coverage) ? a.coverage : -1) || cmpStr(a.id, b.id));
  }

  const docHash = (id, asSourceView) => '#doc=' + encodeURIComponent(id) + (asSourceView ? '&as=source' : '');
  function titleOf(id) { const d = byId.get(id); return d && d.title ? d.title : ''; }
  function docLink(id, label) {
    return h('a', { href: docHash(id), title: titleOf(id) || null }, label == null ? id : label);
  }
  function badge(cls) { return h('span', { class: 'badge ' + (cls || 'plain') }, cls || '?'); }
  function bar(x, cls) {
    const fill = h('div', { class: 'fill' });
    fill.style.width = (isNum(x) ? Math.max(0, Math.min(1, x)) * 100 : 0) + '%';
    return h('div', { class: 'bar ' + (cls || ''), title: 'coverage ' + fmtPct(x) }, fill, h('span', null, fmtPct(x)));
  }

  // ---------------------------------------------------------------- header

  const listView = h('main', { id: 'list-view' });
  const detailView = h('main', { id: 'detail-view', hidden: true });

  function stat(label, value, cls, onclick) {
    const kids = [h('b', null, fmtInt(value)), h('span', null, label)];
    return onclick
      ? h('button', { type: 'button', class: 'stat ' + (cls || ''), onclick, title: 'Show ' + label }, kids)
      : h('div', { class: 'stat ' + (cls || '') }, kids);
  }
  const showClass = (c) => () => { clsSelect.value = c; applyFilter(); location.hash = '#documents'; };
  const header = h('header', { class: 'top' },
    h('div', null,
      h('h1', null, h('a', { href: '#documents' }, 'reprint')),
      h('div', { class: 'sub' }, [report.generator, report.format, report.version].filter(Boolean).join(' \u00b7 '))),
    h('div', { class: 'stats' },
      stat('records', summary.records),
      stat('documents', summary.documents, '', showClass('')),
      stat('copies', summary.copy, 'copy', showClass('copy')),
      stat('partial', summary.partial, 'partial', showClass('partial')),
      stat('original', summary.original, 'original', showClass('original')),
      stat('passages', summary.passages),
      stat('clusters', summary.clusters, '', () => { location.hash = '#families'; }),
      stat('rejected', summary.rejected, '', () => { location.hash = '#rejected'; })),
    h('nav', null,
      h('a', { href: '#documents' }, 'Documents'),
      h('a', { href: '#families' }, 'Families'),
      h('a', { href: '#rejected' }, 'Rejected')));

  // ---------------------------------------------------------------- document list

  const ranked = docs.slice().sort((a, b) =>
    (isNum(b.coverage) ? b.coverage : 0) - (isNum(a.coverage) ? a.coverage : 0) || cmpStr(a.id, b.id));
  const haystack = ranked.map((d) => [d.id, d.title || '', d.source || ''].join('\n').toLowerCase());

  const filterInput = h('input', { type: 'search', placeholder: 'Filter by id, title or source\u2026',
    'aria-label': 'Filter documents by id, title or source' });
  const clsSelect = h('select', { 'aria-label': 'Classification' },
    h('option', { value: '' }, 'All classifications'),
    h('option', { value: 'copy' }, 'copy'),
    h('option', { value: 'partial' }, 'partial'),
    h('option', { value: 'original' }, 'original'));
  const countEl = h('span', { class: 'muted small' });
  const docBody = h('tbody');
  const moreDocs = h('button', { type: 'button', class: 'more', onclick: () => renderDocs() });
  let filtered = ranked;
  let shownDocs = 0;
  let currentId = null;

  function docRow(d) {
    const nReused = reusers.has(d.id) ? reusers.get(d.id).size : 0;
    const tr = h('tr', { 'data-id': d.id, class: d.id === currentId ? 'current' : null },
      h('td', null, bar(d.coverage, d.classification)),
      h('td', null, badge(d.classification)),
      h('td', { class: 'id' }, docLink(d.id)),
      h('td', { class: 'title' }, d.title || h('span', { class: 'muted' }, '(no title)')),
      h('td', null, d.source || ''),
      h('td', { class: 'date', title: d.published_at || 'date unknown' }, shortDate(d.published_at)),
      h('td', { class: 'num' }, arr(d.sources).length || ''),
      h('td', { class: 'num' }, nReused || ''));
    return tr;
  }
  function renderDocs() {
    const end = Math.min(filtered.length, shownDocs + PAGE_DOCS);
    const frag = document.createDocumentFragment();
    for (let i = shownDocs; i < end; i++) frag.append(docRow(filtered[i]));
    docBody.append(frag);
    shownDocs = end;
    const left = filtered.length - shownDocs;
    moreDocs.hidden = left <= 0;
    moreDocs.textContent = 'Show ' + Math.min(left, PAGE_DOCS) + ' more (' + fmtInt(left) + ' not shown)';
  }
  function applyFilter() {
    const terms = filterInput.value.toLowerCase().split(/\s+/).filter(Boolean);
    const cls = clsSelect.value;
    filtered = [];
    for (let i = 0; i < ranked.length; i++) {
      const d = ranked[i];
      if (cls && d.classification !== cls) continue;
      if (terms.length && !terms.every((t) => haystack[i].includes(t))) continue;
      filtered.push(d);
    }
    docBody.textContent = '';
    shownDocs = 0;
    countEl.textContent = filtered.length === ranked.length
      ? fmtInt(ranked.length) + ' documents, ranked by coverage'
      : fmtInt(filtered.length) + ' of ' + fmtInt(ranked.length) + ' documents match';
    renderDocs();
  }
  let filterTimer = 0;
  filterInput.addEventListener('input', () => { clearTimeout(filterTimer); filterTimer = setTimeout(applyFilter, 120); });
  clsSelect.addEventListener('change', applyFilter);
  docBody.addEventListener('click', (ev) => {
    if (ev.target.closest('a')) return;
    const tr = ev.target.closest('tr[data-id]');
    if (tr) location.hash = docHash(tr.getAttribute('data-id'));
  });

  listView.append(h('section', { class: 'card', id: 'documents' },
    h('h2', null, 'Documents'),
    h('div', { class: 'toolbar' }, filterInput, clsSelect, countEl),
    h('table', { class: 'docs' },
      h('thead', null, h('tr', null,
        h('th', null, 'Coverage'), h('th', null, 'Class'), h('th', null, 'Id'), h('th', null, 'Title'),
        h('th', null, 'Source'), h('th', null, 'Date'), h('th', { class: 'num' }, 'Sources'),
        h('th', { class: 'num' }, 'Reused by'))),
      docBody),
    moreDocs));

  // ---------------------------------------------------------------- families

  function memberChips(c, limit) {
    const wrap = h('div', { class: 'members' });
    const ids = arr(c.documents);
    const add = (from, to) => {
      for (let i = from; i < to; i++) {
        const id = ids[i];
        const isOrigin = id === c.origin;
        wrap.append(h('span', { class: 'chip' + (isOrigin ? ' is-origin' : '') },
          isOrigin ? '\u2605' : null, docLink(id), titleOf(id) ? h('span', { class: 't' }, titleOf(id)) : null));
      }
    };
    const first = Math.min(ids.length, limit);
    add(0, first);
    if (ids.length > first) {
      const btn = h('button', { type: 'button', class: 'linkish small' }, '+ ' + (ids.length - first) + ' more');
      btn.addEventListener('click', () => { btn.remove(); add(first, ids.length); });
      wrap.append(btn);
    }
    return wrap;
  }
  function familyBlock(c) {
    return h('div', { class: 'family', id: 'family-' + c.id },
      h('div', null,
        h('b', null, 'Family ' + c.id), ' ',
        h('span', { class: 'muted' }, '\u00b7 ' + plural(arr(c.documents).length, 'document') + ' \u00b7 '),
        h('span', { class: 'badge origin' }, '\u2605 origin'), ' ', docLink(c.origin),
        titleOf(c.origin) ? h('span', { class: 'muted' }, ' \u2014 ' + titleOf(c.origin)) : null),
      memberChips(c, MEMBERS_SHOWN));
  }
  function paged(items, page, render, container, label) {
    let shown = 0;
    const btn = h('button', { type: 'button', class: 'more' });
    const more = () => {
      const end = Math.min(items.length, shown + page);
      const frag = document.createDocumentFragment();
      for (let i = shown; i < end; i++) frag.append(render(items[i]));
      container.append(frag);
      shown = end;
      btn.hidden = shown >= items.length;
      btn.textContent = 'Show more ' + label + ' (' + fmtInt(items.length - shown) + ' not shown)';
    };
    btn.addEventListener('click', more);
    more();
    return btn;
  }
  {
    const list = h('div');
    const sec = h('section', { class: 'card', id: 'families' },
      h('h2', null, 'Families (clusters) ', h('span', { class: 'muted small' }, fmtInt(clusters.length))));
    if (!clusters.length) sec.append(h('p', { class: 'muted' }, 'No families: no document shares passages with another.'));
    else sec.append(list, paged(clusters, PAGE_FAMILIES, familyBlock, list, 'families'));
    listView.append(sec);
  }

  // ---------------------------------------------------------------- spin lexicon

  {
    const spins = arr(report.spins);
    const sec = h('section', { class: 'card', id: 'spins' },
      h('h2', null, 'Spin lexicon ', h('span', { class: 'muted small' }, fmtInt(spins.length) + ' swaps')),
      h('p', { class: 'muted small' }, 'Words a copy has in place of its source’s: synonyms and other names seen across this corpus, most frequent first.'));
    if (!spins.length) sec.append(h('p', { class: 'muted' }, 'No swapped words: every passage reuses its source’s own words.'));
    else {
      const body = h('tbody');
      const btn = paged(spins, PAGE_REJECTED, (x) => h('tr', null,
        h('td', null, String(x.from)), h('td', null, '→'), h('td', null, String(x.to)), h('td', { class: 'num' }, fmtInt(x.count))), body, 'swaps');
      sec.append(h('table', null,
        h('thead', null, h('tr', null, h('th', null, 'In the source'), h('th', { style: { width: '30px' } }, ''), h('th', null, 'In the copy'), h('th', { class: 'num' }, 'Times'))),
        body), btn);
    }
    listView.append(sec);
  }

  // ---------------------------------------------------------------- rejected

  {
    const sec = h('section', { class: 'card', id: 'rejected' },
      h('h2', null, 'Rejected records ', h('span', { class: 'muted small' }, fmtInt(rejected.length))));
    if (!rejected.length) sec.append(h('p', { class: 'muted' }, 'No input records were rejected.'));
    else {
      const body = h('tbody');
      const btn = paged(rejected, PAGE_REJECTED, (r) => h('tr', null,
        h('td', null, r.input == null ? '' : r.input),
        h('td', { class: 'num' }, r.line == null ? '' : r.line),
        h('td', null, r.reason == null ? '' : r.reason)), body, 'rejected records');
      sec.append(h('table', null,
        h('thead', null, h('tr', null, h('th', { style: { width: '30%' } }, 'Input'), h('th', { class: 'num', style: { width: '70px' } }, 'Line'), h('th', null, 'Reason'))),
        body), btn);
    }
    listView.append(sec);
  }

  if (report.params && typeof report.params === 'object') {
    listView.append(h('section', { class: 'card', id: 'params' },
      h('details', { class: 'block' }, h('summary', null, 'Parameters'),
        h('pre', { class: 'params' }, JSON.stringify(report.params, null, 2)))));
  }

  // ---------------------------------------------------------------- detail view

  /** Per detail view: the rendered highlight elements of each passage, by side ('L' this doc, 'R' the others). */
  let marks = new Map();
  let flashed = [];
  let ensurePanel = new Map();
  let stepList = [];
  let infoEl = null;
  let leftCol = null;
  let rightCol = null;

  function describe(p) {
    return p.kind + ' \u00b7 score ' + fmtScore(p.score) + ' \u00b7 ' + fmtInt(p.words) + ' words' +
      (p.ordered ? '' : ' \u00b7 order unknown');
  }

  /**
   * Renders text with highlighted spans. spans: [{ start, end, p, col, kind }]. Overlapping spans are
   * split into flat segments; each segment is one mark listing every passage covering it.
   */
  function renderText(text, spans, side) {
    const pane = h('div', { class: 'text' });
    const frag = document.createDocumentFragment();
    for (const seg of segmentText(text.length, spans)) {
      const piece = text.slice(seg.start, seg.end);
      if (!seg.spans.length) { frag.append(piece); continue; }
      // A swapped word is a span of its own inside its passage's span: it changes the mark's look only.
      const swapped = seg.spans.some((i) => spans[i].kind === 'swap');
      const covering = seg.spans.map((i) => spans[i]).filter((c) => c.kind !== 'swap');
      if (!covering.length) { frag.append(piece); continue; }
      const el = h('mark', { class: 'hl' }, piece);
      if (swapped) el.classList.add('swap');
      const cols = [];
      for (const c of covering) if (!cols.includes(c.col)) cols.push(c.col);
      const near = covering.some((c) => c.kind === 'near');
      const layers = [];
      if (near) layers.push('repeating-linear-gradient(-45deg, rgba(255,255,255,.6) 0 2px, transparent 2px 6px)');
      if (cols.length > 1) layers.push(stripes(cols));
      // Passages of one counterpart that overlap each other show in a deeper shade of its colour.
      el.style.backgroundColor = covering.length > cols.length ? cols[0].deep : cols[0].bg;
      if (layers.length) el.style.backgroundImage = layers.join(', ');
      el.style.borderBottomColor = cols[0].line;
      if (near) el.classList.add('near');
      if (covering.length > 1) el.classList.add('multi');
      el.title = (swapped ? 'swapped word (synonym or alias)\n' : '') + covering.map((c) => c.label + ': ' + describe(passages[c.p])).join('\n') +
        (covering.length > 1 ? '\n(click again for the next passage)' : '');
      el.dataset.p = covering.map((c) => c.p).join(',');
      for (const c of covering) push(marks, side + ':' + c.p, el);
      frag.append(el);
    }
    pane.append(frag);
    pane.addEventListener('click', (ev) => {
      const el = ev.target.closest('mark.hl');
      if (!el) return;
      const ps = el.dataset.p.split(',').map(Number);
      const k = Number(el.dataset.k || 0) % ps.length;
      el.dataset.k = String(k + 1);
      focusPassage(ps[k], side);
    });
    return pane;
  }

  function scrollWithin(col, el) {
    if (!col || !el) return;
    if (col.scrollHeight > col.clientHeight + 1) {
      const top = col.scrollTop + el.getBoundingClientRect().top - col.getBoundingClientRect().top - col.clientHeight / 3;
      col.scrollTo({ top: Math.max(0, top) });
    } else {
      el.scrollIntoView({ block: 'center' });
    }
  }

  let focusInfo = () => {};
  function focusPassage(p, from) {
    for (const el of flashed) el.classList.remove('flash');
    const ensure = ensurePanel.get(p);
    if (ensure) ensure();
    const left = marks.get('L:' + p) || [];
    const right = marks.get('R:' + p) || [];
    flashed = left.concat(right);
    for (const el of flashed) { el.classList.remove('flash'); void el.offsetWidth; el.classList.add('flash'); }
    if (from !== 'L') scrollWithin(leftCol, left[0]);
    if (from !== 'R') scrollWithin(rightCol, right[0]);
    focusInfo(p);
  }

  function metaLine(d) {
    const url = safeUrl(d.url);
    return h('div', { class: 'meta' },
      badge(d.classification),
      bar(d.coverage, d.classification),
      h('span', null, 'id ', h('b', null, d.id)),
      d.source ? h('span', null, 'source ', h('b', null, d.source)) : null,
      h('span', { title: d.published_at || '' }, 'published ', h('b', null, d.published_at ? shortDate(d.published_at) : 'unknown')),
      h('span', null, h('b', null, fmtInt(d.words)), ' words',
        d.furniture_words ? ' (+' + fmtInt(d.furniture_words) + ' furniture)' : ''),
      isNum(d.spin) && d.spin > 0 ? h('span', { title: 'share of the words it takes from its sources that were swapped for a synonym or an alias' },
        'spin ', h('b', null, fmtPct(d.spin))) : null,
      url ? h('a', { href: url, rel: 'noopener noreferrer', target: '_blank' }, 'original article \u2197') : null);
  }

  function showDoc(id, wantSourceView) {
    marks = new Map(); flashed = []; ensurePanel = new Map(); stepList = []; infoEl = null;
    leftCol = null; rightCol = null; focusInfo = () => {};
    detailView.textContent = '';
    const back = h('div', { class: 'crumbs' }, h('a', { href: '#documents' }, '\u2190 All documents'));
    detailView.append(back);
    const d = byId.get(id);
    if (!d) {
      document.title = 'Not found \u2014 reprint';
      detailView.append(h('section', { class: 'card' }, h('p', null, 'No document with id ', h('b', null, id), ' in this report.')));
      return;
    }
    document.title = (d.title || d.id) + ' \u2014 reprint';

    const tgtPs = asTarget.get(id) || [];
    const srcPs = asSource.get(id) || [];
    const sourceView = wantSourceView === true ? srcPs.length > 0 || !tgtPs.length
      : wantSourceView === false ? false : !tgtPs.length && srcPs.length > 0;
    const pidx = (sourceView ? srcPs : tgtPs).slice();
    const mine = (p) => (sourceView ? p.source : p.target);
    const theirs = (p) => (sourceView ? p.target : p.source);
    const mineSub = (x) => (sourceView ? x.source : x.target);
    const theirSub = (x) => (sourceView ? x.target : x.source);
    /** Spans of the swapped words of these passages, on one side. */
    const swapSpans = (list, side) => {
      const out = [];
      for (const i of list) for (const x of arr(passages[i].substitutions)) out.push({ start: side(x).start, end: side(x).end, p: i, kind: 'swap' });
      return out;
    };
    pidx.sort((a, b) => mine(passages[a]).start - mine(passages[b]).start || mine(passages[a]).end - mine(passages[b]).end || a - b);

    // Counterparts in a stable order, each with its colour.
    const order = [];
    if (!sourceView) for (const s of arr(d.sources)) if (!order.includes(s.id) && pidx.some((i) => theirs(passages[i]).id === s.id)) order.push(s.id);
    if (sourceView) for (const r of reusedBy(id)) if (!order.includes(r.id) && pidx.some((i) => theirs(passages[i]).id === r.id)) order.push(r.id);
    for (const i of pidx) { const o = theirs(passages[i]).id; if (!order.includes(o)) order.push(o); }
    const colOf = new Map(order.map((o, i) => [o, colour(i)]));

    // Header card: metadata, sources, reused by, family.
    const head = h('section', { class: 'card dochead' },
      h('h2', null, d.title || d.id), metaLine(d));
    const rel = h('div', { class: 'rel' });
    const srcs = arr(d.sources);
    if (srcs.length || tgtPs.length) {
      const ul = h('ul');
      for (const s of srcs) {
        const c = colOf.get(s.id);
        ul.append(h('li', null,
          c && !sourceView ? h('button', { type: 'button', class: 'swatch', style: { background: c.bg, borderColor: c.line },
            title: 'Scroll to this source', onclick: () => { const f = ensurePanel.get('doc:' + s.id); if (f) f(true); } }) : null,
          docLink(s.id),
          h('span', { class: 'stat-line' }, fmtPct(s.coverage) + ' of this text \u00b7 ' + plural(s.passages, 'passage')),
          titleOf(s.id) ? h('span', { class: 'muted t' }, titleOf(s.id)) : null));
      }
      if (!srcs.length) ul.append(h('li', { class: 'muted' }, 'Passages are shared, but no source is credited (order unknown).'));
      rel.append(h('div', null, h('h3', null, 'Sources'), ul));
    }
    const reused = reusedBy(id);
    if (reused.length) {
      const ul = h('ul');
      for (const r of reused) {
        const c = colOf.get(r.id);
        ul.append(h('li', null,
          c && sourceView ? h('span', { class: 'swatch', style: { background: c.bg, borderColor: c.line } }) : null,
          docLink(r.id),
          h('span', { class: 'stat-line' }, (isNum(r.coverage) ? fmtPct(r.coverage) + ' of its text \u00b7 ' : '') + plural(r.passages, 'passage')),
          titleOf(r.id) ? h('span', { class: 'muted t' }, titleOf(r.id)) : null));
      }
      rel.append(h('div', null, h('h3', null, 'Reused by'), ul));
    }
    const fam = d.cluster != null ? clusterById.get(d.cluster) : null;
    if (fam) {
      rel.append(h('div', null, h('h3', null, 'Family ' + fam.id + ' \u00b7 ' + arr(fam.documents).length + ' documents'),
        h('div', { class: 'small' }, h('span', { class: 'badge origin' }, '\u2605 origin'), ' ', docLink(fam.origin),
          fam.origin === d.id ? h('span', { class: 'muted' }, ' (this document)') : null),
        memberChips(fam, 24)));
    }
    if (rel.childNodes.length) head.append(rel);
    detailView.append(head);

    if (typeof d.text !== 'string') {
      detailView.append(h('section', { class: 'card' }, h('p', { class: 'muted' },
        'This document takes part in no passage, so the report does not include its text. Metadata only.')));
      return;
    }

    // Mode switch and legend.
    const tools = h('div', { class: 'toolbar' });
    if (tgtPs.length && srcPs.length) {
      tools.append(h('div', { class: 'modes' },
        h('a', { href: docHash(id), class: sourceView ? null : 'on' }, 'What it reused (' + tgtPs.length + ')'),
        h('a', { href: docHash(id, true), class: sourceView ? 'on' : null }, 'What others reused from it (' + srcPs.length + ')')));
    }
    tools.append(h('span', { class: 'legend' },
      h('span', { class: 'sample', style: { background: colour(0).bg, borderBottomColor: colour(0).line } }, 'verbatim'),
      h('span', { class: 'sample', style: { background: colour(0).bg, borderBottomColor: colour(0).line, borderBottomStyle: 'dashed',
        backgroundImage: 'repeating-linear-gradient(-45deg, rgba(255,255,255,.6) 0 2px, transparent 2px 6px)' } }, 'near'),
      h('mark', { class: 'hl swap', style: { background: colour(0).bg, borderBottomColor: colour(0).line } }, 'swapped word'),
      h('span', { class: 'sample', style: { backgroundImage: stripes([colour(0), colour(1)]) } }, 'overlap'),
      h('span', { class: 'sample', style: { background: colour(0).deep, borderBottomColor: colour(0).line, boxShadow: 'inset 0 2px 0 rgba(0,0,0,.3)' } }, 'overlap, same source'),
      'click a passage to see its counterpart'));
    detailView.append(tools);

    infoEl = h('div', { class: 'info' }, h('span', { class: 'muted' },
      pidx.length ? pidx.length + ' passages. Click a highlighted passage, or step through them:' : 'No passages.'));
    const step = (dir) => {
      if (!pidx.length) return;
      const cur = stepList.length ? pidx.indexOf(stepList[0]) : -1;
      const next = cur < 0 ? (dir > 0 ? 0 : pidx.length - 1) : (cur + dir + pidx.length) % pidx.length;
      focusPassage(pidx[next], null);
    };
    const navBtns = h('span', { class: 'nav' },
      h('button', { type: 'button', onclick: () => step(-1) }, '\u25C0 previous'),
      h('button', { type: 'button', onclick: () => step(1) }, 'next \u25B6'));
    if (pidx.length) infoEl.append(navBtns);
    detailView.append(infoEl);
    focusInfo = (p) => {
      stepList = [p];
      const ps = passages[p];
      const other = theirs(ps).id;
      const c = colOf.get(other) || colour(0);
      infoEl.textContent = '';
      infoEl.append(...[
        h('span', { class: 'swatch', style: { background: c.bg, borderColor: c.line } }),
        h('b', null, 'Passage ' + (pidx.indexOf(p) + 1) + ' of ' + pidx.length),
        h('span', null, (sourceView ? 'reused by ' : 'from '), docLink(other)),
        h('span', { class: 'badge ' + ps.kind }, ps.kind),
        h('span', null, 'score ', h('b', null, fmtScore(ps.score))),
        h('span', null, h('b', null, fmtInt(ps.words)), ' words'),
        h('span', { class: 'muted small' }, 'here [' + mine(ps).start + '\u2013' + mine(ps).end + '), there [' +
          theirs(ps).start + '\u2013' + theirs(ps).end + ')'),
        ps.ordered ? null : h('span', { class: 'muted small' }, 'order unknown'),
        navBtns].filter(Boolean));
    };

    // Left: this document. Right: each counterpart's text.
    const leftSpans = pidx.map((i) => {
      const p = passages[i];
      const o = theirs(p).id;
      return { start: mine(p).start, end: mine(p).end, p: i, col: colOf.get(o), kind: p.kind, label: (sourceView ? 'reused by ' : 'from ') + o };
    }).concat(swapSpans(pidx, mineSub));
    leftCol = h('div', { class: 'col' },
      h('div', { class: 'colhead' }, h('b', null, 'This document'), h('span', { class: 'muted' }, d.id)),
      renderText(d.text, leftSpans, 'L'));
    rightCol = h('div', { class: 'col' });
    if (!order.length) {
      rightCol.append(h('p', { class: 'notext' }, 'No passages shared with any other document.'));
    }
    order.forEach((o, n) => {
      const od = byId.get(o);
      const c = colOf.get(o);
      const mineHere = pidx.filter((i) => theirs(passages[i]).id === o);
      const panel = h('details', { class: 'panel' });
      const summaryEl = h('summary', null,
        h('span', { class: 'swatch', style: { background: c.bg, borderColor: c.line } }),
        h('b', null, sourceView ? 'Reused by ' : 'Source '), docLink(o),
        od && od.title ? h('span', { class: 'muted' }, od.title) : null,
        od && od.published_at ? h('span', { class: 'muted small' }, shortDate(od.published_at)) : null,
        h('span', { class: 'muted small' }, plural(mineHere.length, 'passage')));
      panel.append(summaryEl);
      let rendered = false;
      const render = () => {
        if (rendered) return;
        rendered = true;
        if (!od || typeof od.text !== 'string') {
          panel.append(h('p', { class: 'notext' }, 'The report does not include this document\u2019s text.'));
          return;
        }
        const spans = mineHere.map((i) => {
          const p = passages[i];
          return { start: theirs(p).start, end: theirs(p).end, p: i, col: c, kind: p.kind, label: (sourceView ? 'reused by ' : 'from ') + o };
        }).concat(swapSpans(mineHere, theirSub));
        panel.append(renderText(od.text, spans, 'R'));
      };
      const ensure = (scroll) => {
        render();
        panel.open = true;
        if (scroll === true) scrollWithin(rightCol, panel);
      };
      panel.addEventListener('toggle', () => { if (panel.open) render(); });
      for (const i of mineHere) ensurePanel.set(i, ensure);
      ensurePanel.set('doc:' + o, ensure);
      if (n < PANELS_OPEN) ensure(false);
      rightCol.append(panel);
    });
    detailView.append(h('div', { class: 'split' }, leftCol, rightCol));

    // Passage table.
    if (pidx.length) {
      const body = h('tbody');
      pidx.forEach((i, n) => {
        const p = passages[i];
        const o = theirs(p).id;
        const c = colOf.get(o);
        body.append(h('tr', { onclick: (ev) => { if (!ev.target.closest('a')) focusPassage(i, null); } },
          h('td', { class: 'num' }, n + 1),
          h('td', null, h('span', { class: 'swatch', style: { background: c.bg, borderColor: c.line } }), ' ', docLink(o)),
          h('td', null, h('span', { class: 'badge ' + p.kind }, p.kind)),
          h('td', { class: 'num' }, fmtScore(p.score)),
          h('td', { class: 'num' }, fmtInt(p.words)),
          h('td', { class: 'off' }, mine(p).start + '\u2013' + mine(p).end),
          h('td', { class: 'off' }, theirs(p).start + '\u2013' + theirs(p).end),
          h('td', null, p.ordered ? 'yes' : h('span', { class: 'muted' }, 'unknown')),
          h('td', { class: 'excerpt' }, snippet(d.text, mine(p).start, mine(p).end, 140))));
      });
      detailView.append(h('section', { class: 'card', style: { marginTop: '16px' } },
        h('details', { class: 'block', open: pidx.length <= 60 },
          h('summary', null, 'Passages (' + pidx.length + ')'),
          h('table', { class: 'passages' },
            h('thead', null, h('tr', null, h('th', { class: 'num' }, '#'), h('th', null, sourceView ? 'Reused by' : 'Source'),
              h('th', null, 'Kind'), h('th', { class: 'num' }, 'Score'), h('th', { class: 'num' }, 'Words'),
              h('th', null, 'Here'), h('th', null, 'There'), h('th', null, 'Ordered'), h('th', null, 'Text'))),
            body))));
    }
  }

  // ---------------------------------------------------------------- routing

  let listScroll = 0;
  function route() {
    const raw = location.hash.replace(/^#/, '');
    if (raw.startsWith('doc=')) {
      const params = new URLSearchParams(raw);
      const id = params.get('doc');
      const as = params.get('as');
      if (!listView.hidden) listScroll = window.scrollY;
      currentId = id;
      for (const tr of docBody.querySelectorAll('tr.current')) tr.classList.remove('current');
      listView.hidden = true;
      detailView.hidden = false;
      showDoc(id, as === 'source' ? true : as === 'target' ? false : null);
      window.scrollTo(0, 0);
      return;
    }
    const wasHidden = listView.hidden;
    detailView.hidden = true;
    detailView.textContent = '';
    listView.hidden = false;
    document.title = initialTitle;
    if (currentId != null) {
      for (const tr of docBody.querySelectorAll('tr[data-id]')) tr.classList.toggle('current', tr.getAttribute('data-id') === currentId);
    }
    let target = null;
    try { target = raw ? document.getElementById(decodeURIComponent(raw)) : null; } catch (e) { target = null; }
    if (target && raw !== 'documents') target.scrollIntoView({ block: 'start' });
    else if (wasHidden) window.scrollTo(0, listScroll);
  }

  const initialTitle = document.title;
  app.textContent = '';
  app.append(header, listView, detailView);
  applyFilter();
  window.addEventListener('hashchange', route);
  route();
})();
`;

/** The client script: builds the whole page from the embedded report. */
export const CLIENT_JS = APP_JS;
