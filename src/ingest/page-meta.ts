/**
 * What a page says about itself beyond what Readability reads (title, byline, site name and
 * publication time, from JSON-LD and meta tags): the canonical URL, and the other places news
 * sites put a publication time. Read before Readability runs, because it changes the document.
 */

/** The little of the DOM this module and html.ts use (linkedom implements it). */
export interface DomNode {
  nodeType: number;
  nodeName: string;
  childNodes: ArrayLike<DomNode>;
  textContent: string | null;
}

export interface DomElement extends DomNode {
  getAttribute(name: string): string | null;
}

export interface DomDocument {
  documentElement: DomElement | null;
  body: DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
}

export interface PageMeta {
  /** `<link rel=canonical>`, else `og:url`, resolved against the page's own URL when relative. */
  url?: string;
  /** The `<title>` element's text. */
  title?: string;
  /** Publication times in order of trust: `<meta>` names, then `<time datetime>`. */
  dates: string[];
  /** `<meta name=author>` / `article:author` (Readability prefers JSON-LD and a byline it finds). */
  author?: string;
}

const DATE_METAS = [
  'article:published_time',
  'og:published_time',
  'datepublished',
  'date',
  'pubdate',
  'publishdate',
  'publish-date',
  'dc.date',
  'dc.date.issued',
  'dcterms.created',
  'sailthru.date',
];

function attr(el: DomElement | undefined, name: string): string | undefined {
  const v = el?.getAttribute(name)?.trim();
  return v ? v : undefined;
}

function all(doc: DomDocument, selector: string): DomElement[] {
  return Array.from(doc.querySelectorAll(selector));
}

/** An absolute http(s) URL, or undefined. */
export function absoluteUrl(href: string | undefined, base?: string): string | undefined {
  if (!href) return undefined;
  try {
    const u = new URL(href, base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

export function pageMeta(doc: DomDocument, baseUrl?: string): PageMeta {
  const metas = all(doc, 'meta');
  const metaContent = (key: string): string | undefined => {
    for (const m of metas) {
      const k = (m.getAttribute('property') ?? m.getAttribute('name') ?? m.getAttribute('itemprop') ?? '').trim().toLowerCase();
      if (k === key) {
        const c = attr(m, 'content');
        if (c) return c;
      }
    }
    return undefined;
  };
  const canonical = all(doc, 'link').find((l) => (l.getAttribute('rel') ?? '').toLowerCase().split(/\s+/).includes('canonical'));
  const url = absoluteUrl(attr(canonical, 'href'), baseUrl) ?? absoluteUrl(metaContent('og:url'), baseUrl);
  const dates: string[] = [];
  for (const key of DATE_METAS) {
    const d = metaContent(key);
    if (d !== undefined) dates.push(d);
  }
  for (const t of all(doc, 'time')) {
    const d = attr(t, 'datetime');
    if (d !== undefined) dates.push(d);
  }
  const title = all(doc, 'title')[0]?.textContent?.replace(/\s+/g, ' ').trim();
  const author = metaContent('author') ?? metaContent('article:author');
  const meta: PageMeta = { dates };
  if (url !== undefined) meta.url = url;
  if (title) meta.title = title;
  if (author !== undefined && absoluteUrl(author) === undefined) meta.author = author;
  return meta;
}
