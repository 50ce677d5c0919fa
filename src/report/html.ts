/**
 * The offline HTML report: one self-contained page (inline CSS and JS, no network) that reads only the
 * `report.json` contract. The report is embedded as JSON in `<script type="application/json"
 * id="reprint-data">`; the client script (see html-assets.ts) builds the page from it with plain DOM
 * calls, so article text is only ever inserted as text, never parsed as HTML.
 */
import type { Report } from './contract.js';
import { CLIENT_JS, CSS } from './html-assets.js';

/** The id of the `<script type="application/json">` element holding the report. */
export const DATA_ELEMENT_ID = 'reprint-data';

/**
 * JSON for embedding inside a `<script>` element. `<` is escaped so that neither `</script>` nor
 * `<!--` in article text can end or change the element, and U+2028/U+2029 are escaped so the text
 * stays valid even if someone pastes it into older JavaScript. `JSON.parse` reads it back unchanged.
 */
export function serializeForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Escapes text for an HTML text node or a double-quoted attribute. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function count(n: unknown): string {
  return typeof n === 'number' && Number.isFinite(n) ? String(n) : '?';
}

/**
 * Blocks every network load: the page must work offline from disk, and an article's text can never
 * make it fetch anything. Inline style and script are the page's own.
 */
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/** Renders the whole report as one self-contained HTML page. */
export function renderHtml(report: Report): string {
  const [before, after] = pageAround(report);
  return before + serializeForScript(report) + after;
}

/**
 * The page renderHtml makes, before and after the embedded report's data (its summary is all they
 * read): so that a writer can write the data, the bulk of the page, as a piece of its own.
 */
export function pageAround(report: Report): [string, string] {
  const s = report.summary;
  const title = `reprint report: ${count(s.documents)} documents, ${count(s.passages)} passages`;
  const before = [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    '<div id="app"><p class="loading">Loading report\u2026</p></div>',
    '<noscript><p class="fatal">This report needs JavaScript to show its documents. ' +
      'The data is also in report.json beside this file.</p></noscript>',
    `<script type="application/json" id="${DATA_ELEMENT_ID}">`,
  ].join('\n');
  const after = ['</script>', `<script>${CLIENT_JS}</script>`, '</body>', '</html>', ''].join('\n');
  return [before, after];
}
