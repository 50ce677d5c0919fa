/**
 * One parsed JSON record as an article, synchronously (the library API): it loads the HTML reader
 * up front, which the file readers load only when a record holds a page (fields.ts).
 */
import type { Article } from '../model/types.js';
import { DEFAULT_FIELDS, recordToArticle, type FieldNames } from './fields.js';
import * as html from './html.js';

/** An article from a parsed JSON record (default field names), or the reason it is not one. */
export function toArticle(value: unknown, fields: FieldNames = DEFAULT_FIELDS): Article | string {
  const r = recordToArticle(value, fields, undefined, html);
  return typeof r === 'string' ? r : r.article;
}
