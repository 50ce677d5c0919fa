/**
 * Records with named fields (JSON Lines, CSV, Parquet) → articles. Which field holds what is set by
 * the user (`--text-field body`); a record may hold raw HTML instead of text (`--html-field`),
 * whose article is then extracted, the record's own fields winning over the page's metadata.
 */
import type { Article } from '../model/types.js';
import { parseTime } from '../index/analyze.js';
import type { PageFields } from './html.js';

/** What extracting a page's article takes (html.ts: linkedom and Readability, ~130 ms to load). */
export type PageReader = Pick<typeof import('./html.js'), 'extractArticle' | 'pageToArticle'>;

export interface FieldNames {
  text: string;
  /** A field holding a raw HTML page, read when the text field is absent. */
  html: string;
  id: string;
  title: string;
  /** Publication time, ISO 8601. */
  date: string;
  url: string;
  source: string;
}

export const DEFAULT_FIELDS: Readonly<FieldNames> = Object.freeze({
  text: 'text',
  html: 'html',
  id: 'id',
  title: 'title',
  date: 'published_at',
  url: 'url',
  source: 'source',
});

/** The optional article fields and the field name each is read from. */
const OPTIONAL = [
  ['title', 'title'],
  ['source', 'source'],
  ['url', 'url'],
  ['published_at', 'date'],
] as const;

export interface FieldsResult {
  article: Article;
  /** Things worth telling that did not stop the record (a page date that could not be read). */
  warnings: string[];
}

export type FieldsOutcome = FieldsResult | string;

/** The warnings of a record that has none: one frozen array for all of them. */
const NONE = Object.freeze([]) as unknown as string[];

/**
 * An article from a parsed record, or the reason it is not one. `fallbackId` names records of a
 * table that has no id column at all (never a record whose id is merely missing). A record holding a
 * page instead of text is read with `pages`; without it, html.ts is imported for it, and the outcome
 * is a promise: so a corpus of plain-text records never loads the HTML parser.
 */
export function recordToArticle(value: unknown, fields?: FieldNames, fallbackId?: string): FieldsOutcome | Promise<FieldsOutcome>;
export function recordToArticle(value: unknown, fields: FieldNames, fallbackId: string | undefined, pages: PageReader): FieldsOutcome;
export function recordToArticle(
  value: unknown,
  fields: FieldNames = DEFAULT_FIELDS,
  fallbackId?: string,
  pages?: PageReader,
): FieldsOutcome | Promise<FieldsOutcome> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'record is not a JSON object';
  const r = value as Record<string, unknown>;
  const f = fields;
  let id = r[f.id];
  if ((id === undefined || id === null) && fallbackId !== undefined) id = fallbackId;
  if (id === undefined || id === null) return `missing "${f.id}"`;
  if (typeof id !== 'string') return `"${f.id}" must be a string, got ${typeName(id)}`;
  if (id.trim() === '') return `"${f.id}" is empty`;
  const text = r[f.text];
  const html = r[f.html];
  const useHtml = (text === undefined || text === null) && html !== undefined && html !== null;
  if (!useHtml) {
    if (text === undefined || text === null) return `missing "${f.text}"`;
    if (typeof text !== 'string') return `"${f.text}" must be a string, got ${typeName(text)}`;
    if (text.trim() === '') return `"${f.text}" is empty`;
  } else if (typeof html !== 'string') {
    return `"${f.html}" must be a string, got ${typeName(html)}`;
  }
  // The article is built with its fields in one order (id, text, then OPTIONAL's): one object shape.
  const given: PageFields = useHtml ? {} : ({ id, text } as Article);
  let date: string | undefined;
  for (let i = 0; i < OPTIONAL.length; i++) {
    const [key, name] = OPTIONAL[i] as (typeof OPTIONAL)[number];
    const v = r[f[name]];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string') return `"${f[name]}" must be a string, got ${typeName(v)}`;
    given[key] = v;
    if (key === 'published_at') date = v;
  }
  // The date from a local, not read back from the article: articles differ in shape by the fields
  // they have, and a read that meets a new shape throws away this function's optimised code.
  if (date !== undefined && parseTime(date) === null) return `"${f.date}" is not an ISO 8601 date: ${JSON.stringify(date)}`;
  if (!useHtml) return { article: given as Article, warnings: NONE };
  const fromPage = (p: PageReader): FieldsOutcome => {
    const page = p.extractArticle(html as string, { url: given.url, date: given.published_at });
    if (typeof page === 'string') return `"${f.html}": ${page}`;
    return { article: p.pageToArticle(id, page, given), warnings: page.warnings.map((w) => `"${f.html}": ${w}`) };
  };
  return pages ? fromPage(pages) : import('./html.js').then(fromPage);
}

export function typeName(v: unknown): string {
  return Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v;
}
