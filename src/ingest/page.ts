/**
 * An HTML page's bytes as an article: decoded from its charset, reduced to its article (html.ts). Apart
 * from document.ts so that reading plain text never loads the HTML parser.
 */
import { binaryReason, decodeBytes, htmlDeclaredCharset } from './charset.js';
import type { DocumentResult } from './document.js';
import { extractArticle, pageToArticle, type PageContext } from './html.js';

/**
 * An HTML page as an article, or why it is not one. `charset` is what the transport declared (an
 * HTTP Content-Type); the page's own `<meta charset>` is read when there is none.
 */
export function pageFromBytes(buf: Uint8Array, charset: string | null, id: string, crawl: PageContext): DocumentResult | string {
  const bin = binaryReason(buf);
  if (bin) return bin;
  const dec = decodeBytes(buf, charset ?? htmlDeclaredCharset(buf));
  if (dec.text.trim() === '') return 'empty file (no text)';
  const page = extractArticle(dec.text, crawl);
  if (typeof page === 'string') return page;
  return { article: pageToArticle(id, page), warnings: dec.warning ? [dec.warning, ...page.warnings] : page.warnings };
}
