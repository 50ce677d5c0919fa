/**
 * HTML page → article: Mozilla's Readability (Firefox Reader View) over a linkedom document finds
 * the article; its blocks (paragraphs, headings, list items, captions, quotes, divs holding text)
 * become lines separated by blank lines, so that a site's furniture ("Advertisement", "Share", a
 * newsletter box) stays a line of its own and is learned per site like any repeated line. Title,
 * author, site name and publication time come from the page's own metadata; the crawl's URL and
 * date (WARC-Target-URI, WARC-Date) fill in where the page has none.
 */
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import type { Article } from '../model/types.js';
import { parseTime } from '../index/analyze.js';
import { tokenize } from '../text/tokenize.js';
import { absoluteUrl, pageMeta, type DomDocument, type DomElement, type DomNode } from './page-meta.js';

export const NO_ARTICLE = 'no article text found in HTML';
/**
 * Fewer words than this is not an article (a login wall, an error page); nor is text without one
 * block of at least MIN_PARAGRAPH_WORDS (an index of links, a list of tags).
 */
export const MIN_ARTICLE_WORDS = 20;
export const MIN_PARAGRAPH_WORDS = 8;
/**
 * Deeper element nesting than this is not a page but an accident or an attack: Readability's time
 * grows with the square of the depth (0.2 s at 200 levels, 5 s at 1,000).
 */
export const MAX_NESTING = 256;
/** Readability gives up on more elements than this (a 60,000-element page takes seconds). */
export const MAX_ELEMENTS = 60_000;

export interface PageArticle {
  text: string;
  title?: string;
  url?: string;
  /** The publisher: JSON-LD publisher.name or og:site_name, else the URL's host. */
  source?: string;
  author?: string;
  published_at?: string;
  /** Metadata the page has but that could not be used (an unparseable date). */
  warnings: string[];
}

/** What the crawl knows about the page: used where the page says nothing. */
export interface PageContext {
  url?: string | undefined;
  date?: string | undefined;
}

/** The article of an HTML page, or why there is none. Never throws. */
export function extractArticle(html: string, crawl: PageContext = {}): PageArticle | string {
  let doc: DomDocument;
  let meta;
  let parsed;
  try {
    doc = parseDocument(html);
    if (doc.documentElement && nestingDepth(doc.documentElement) > MAX_NESTING) {
      return `HTML nested more than ${MAX_NESTING} elements deep: not a readable page`;
    }
    meta = pageMeta(doc, crawl.url); // before Readability, which changes the document
    parsed = new Readability<DomElement>(doc, { serializer: (el: DomElement) => el, maxElemsToParse: MAX_ELEMENTS }).parse();
  } catch (e) {
    return `cannot read the HTML: ${(e as Error).message}`;
  }
  if (!parsed?.content) return NO_ARTICLE;
  const text = blockText(parsed.content);
  if (tokenize(text).count < MIN_ARTICLE_WORDS) return NO_ARTICLE;
  if (!text.split('\n').some((line) => tokenize(line).count >= MIN_PARAGRAPH_WORDS)) return NO_ARTICLE;

  const out: PageArticle = { text, warnings: [] };
  const title = clean(parsed.title) ?? meta.title;
  if (title) out.title = title;
  const url = meta.url ?? absoluteUrl(crawl.url);
  if (url) out.url = url;
  const source = clean(parsed.siteName) ?? hostOf(url ?? crawl.url);
  if (source) out.source = source;
  const author = clean(parsed.byline)?.replace(/^by\s+/i, '') ?? meta.author;
  if (author) out.author = author;
  const dates = [clean(parsed.publishedTime), ...meta.dates].filter((d): d is string => d !== undefined);
  const date = dates.find((d) => parseTime(d) !== null);
  if (date !== undefined) {
    out.published_at = date;
  } else {
    if (dates.length > 0) out.warnings.push(`page date ${JSON.stringify(dates[0])} is not ISO 8601; ignored`);
    if (crawl.date !== undefined && parseTime(crawl.date) !== null) out.published_at = crawl.date;
  }
  return out;
}

/** The metadata an article takes from a page, or from the record holding the page. */
export type PageFields = Partial<Pick<Article, 'title' | 'source' | 'url' | 'published_at'>>;

/** The article of a page, under `id`; fields `given` by the record holding the page win. */
export function pageToArticle(id: string, page: PageArticle, given: PageFields = {}): Article {
  const article: Article = { id, text: page.text };
  for (const key of ['title', 'source', 'url', 'published_at'] as const) {
    const v = given[key] ?? page[key];
    if (v !== undefined) article[key] = v;
  }
  if (page.author !== undefined) article.author = page.author;
  return article;
}

function clean(s: string | null | undefined): string | undefined {
  const t = s?.replace(/\s+/g, ' ').trim();
  return t ? t : undefined;
}

/** The host of a URL without a leading "www.", or undefined. */
export function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const host = new URL(url).hostname.replace(/^www\./, '');
    return host === '' ? undefined : host;
  } catch {
    return undefined;
  }
}

/**
 * linkedom builds the tree from the tags it sees: a page without `<html>` or `<body>` (fragments,
 * sloppy pages) would leave Readability no body to read. Add what is missing.
 */
export function parseDocument(html: string): DomDocument {
  let s = html;
  if (!/<body[\s>]/i.test(s)) {
    const head = /<\/head\s*>/i.exec(s) ?? /<html\b[^>]*>/i.exec(s) ?? /^\s*<!doctype[^>]*>/i.exec(s);
    const at = head ? head.index + head[0].length : 0;
    s = `${s.slice(0, at)}<body>${s.slice(at)}`;
  }
  if (!/<html[\s>]/i.test(s)) {
    s = `<!DOCTYPE html><html>${s.replace(/^\s*<!doctype[^>]*>/i, '')}</html>`;
  }
  return (parseHTML(s) as unknown as { document: DomDocument }).document;
}

const BLOCK = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'CAPTION', 'DD', 'DETAILS', 'DIALOG', 'DIV', 'DL', 'DT',
  'FIELDSET', 'FIGCAPTION', 'FIGURE', 'FOOTER', 'FORM', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER',
  'HGROUP', 'HR', 'LI', 'MAIN', 'NAV', 'OL', 'P', 'PRE', 'SECTION', 'SUMMARY', 'TABLE', 'TBODY', 'TFOOT',
  'THEAD', 'TR', 'UL',
]);
const CELL = new Set(['TD', 'TH']);
const SKIP = new Set(['HEAD', 'TITLE', 'META', 'LINK', 'SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'MATH', 'IFRAME', 'OBJECT', 'SELECT', 'TEXTAREA', 'BUTTON']);

/**
 * The text of an element, one line per block: each block element ends the line before it and
 * starts a new one after a blank line; a `<br>` starts a new line; whitespace inside a line
 * collapses to one space. Iterative, so deep nesting cannot overflow the stack.
 */
export function blockText(root: DomNode): string {
  let out = '';
  let line = '';
  /** The separator before the next line: a blank line, or one newline after a `<br>`. */
  let sep = '\n\n';
  const flush = (next: string): void => {
    const t = line.replace(/\s+/g, ' ').trim();
    if (t !== '') {
      out += out === '' ? t : sep + t;
      sep = next;
    } else if (next === '\n\n') {
      sep = next;
    }
    line = '';
  };
  const END = null;
  const stack: (DomNode | typeof END)[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === END || node === undefined) {
      flush('\n\n');
      continue;
    }
    if (node.nodeType === 3) {
      line += node.textContent ?? '';
      continue;
    }
    if (node.nodeType !== 1) continue;
    const name = node.nodeName.toUpperCase();
    if (SKIP.has(name)) continue;
    if (name === 'BR') {
      flush('\n');
      continue;
    }
    if (name === 'PRE') {
      flush('\n\n');
      for (const l of (node.textContent ?? '').split('\n')) {
        line = l;
        flush('\n');
      }
      flush('\n\n');
      continue;
    }
    if (BLOCK.has(name)) {
      flush('\n\n');
      stack.push(END);
    } else if (CELL.has(name)) {
      line += ' ';
    }
    const kids = node.childNodes;
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i] as DomNode);
  }
  flush('\n\n');
  return out;
}

/** Deepest element nesting under `root` (iteratively). */
export function nestingDepth(root: DomNode): number {
  let max = 0;
  const stack: [DomNode, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [node, d] = stack.pop() as [DomNode, number];
    if (d > max) max = d;
    const kids = node.childNodes;
    for (let i = 0; i < kids.length; i++) {
      const k = kids[i] as DomNode;
      if (k.nodeType === 1) stack.push([k, d + 1]);
    }
  }
  return max;
}
