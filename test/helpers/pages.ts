/**
 * HTML pages in the styles of real news sites, for ingest tests: a WordPress local paper (Yoast
 * meta tags, a canonical link, comments and widgets around the post), a BBC-like page (JSON-LD
 * NewsArticle with the publisher and author, no og:site_name), and an AP-like wire page (og: tags
 * only, an og:url instead of a canonical link, a photo caption, and "Advertisement" / "Share" /
 * "Read more" / newsletter furniture inside the story body).
 */

export interface Story {
  title: string;
  paragraphs: readonly string[];
  url: string;
  published_at: string;
  author: string;
  site: string;
}

export interface PageOptions {
  /** In-body furniture lines (wire pages): off for pages whose text must equal the plain story. */
  furniture?: boolean;
  /** The `<meta charset>` to declare (the page itself is returned as a string). */
  charset?: string;
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The story as the plain text a reader would produce: paragraphs separated by blank lines. */
export function plainText(s: Story): string {
  return s.paragraphs.join('\n\n');
}

/** The Open Graph and article meta tags both the WordPress and the wire page carry. */
function articleMeta(s: Story): string {
  const e = escapeHtml;
  return [
    `<meta property="og:type" content="article">`,
    `<meta property="og:title" content="${e(s.title)}">`,
    `<meta property="og:site_name" content="${e(s.site)}">`,
    `<meta property="article:published_time" content="${e(s.published_at)}">`,
    `<meta name="author" content="${e(s.author)}">`,
  ].join('\n');
}

export function wordpressPage(s: Story, o: PageOptions = {}): string {
  const e = escapeHtml;
  const paras = s.paragraphs.map((p) => `<p>${e(p)}</p>`).join('\n');
  return `<!DOCTYPE html>
<html lang="en-US">
<head>
<meta charset="${o.charset ?? 'UTF-8'}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(s.title)} &#8211; ${e(s.site)}</title>
<meta name="robots" content="index, follow, max-image-preview:large">
<link rel="canonical" href="${e(s.url)}">
<meta property="og:locale" content="en_US">
${articleMeta(s)}
<link rel="stylesheet" id="twentytwenty-style-css" href="/wp-content/themes/twentytwenty/style.css?ver=2.4" media="all">
<script src="/wp-includes/js/jquery/jquery.min.js?ver=3.7.1" id="jquery-core-js"></script>
</head>
<body class="post-template-default single single-post postid-4182 single-format-standard">
<div id="page" class="site">
<a class="skip-link screen-reader-text" href="#content">Skip to content</a>
<header id="masthead" class="site-header">
<div class="site-branding"><p class="site-title"><a href="/" rel="home">${e(s.site)}</a></p>
<p class="site-description">Your community, your news</p></div>
<nav id="site-navigation" class="main-navigation"><ul id="primary-menu" class="menu">
<li><a href="/category/news/">News</a></li><li><a href="/category/sports/">Sports</a></li>
<li><a href="/category/obituaries/">Obituaries</a></li><li><a href="/subscribe/">Subscribe</a></li></ul></nav>
</header>
<div id="content" class="site-content"><div id="primary" class="content-area"><main id="main" class="site-main">
<article id="post-4182" class="post-4182 post type-post status-publish format-standard hentry category-news">
<header class="entry-header"><h1 class="entry-title">${e(s.title)}</h1>
<div class="entry-meta"><span class="posted-on"><time class="entry-date published" datetime="${e(s.published_at)}">${e(s.published_at.slice(0, 10))}</time></span>
<span class="byline"> by <span class="author vcard"><a class="url fn n" href="/author/jdoe/">${e(s.author)}</a></span></span></div>
</header>
<div class="entry-content">
${paras}
</div>
<footer class="entry-footer"><span class="cat-links">Posted in <a href="/category/news/" rel="category tag">News</a></span></footer>
</article>
<nav class="navigation post-navigation" aria-label="Posts"><h2 class="screen-reader-text">Post navigation</h2>
<div class="nav-links"><div class="nav-previous"><a href="/2024/03/11/school-board-meets/" rel="prev">School board meets on budget</a></div></div></nav>
<div id="comments" class="comments-area"><div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-reply-title">Leave a Reply</h3>
<form action="/wp-comments-post.php" method="post" id="commentform" class="comment-form"><p class="comment-notes">Your email address will not be published.</p>
<textarea id="comment" name="comment"></textarea><input name="submit" type="submit" id="submit" class="submit" value="Post Comment"></form></div></div>
</main></div>
<aside id="secondary" class="widget-area"><section id="recent-posts-2" class="widget widget_recent_entries"><h2 class="widget-title">Recent Posts</h2>
<ul><li><a href="/2024/03/11/school-board-meets/">School board meets on budget</a></li><li><a href="/2024/03/10/river-cleanup/">Volunteers clean up the river banks</a></li></ul></section></aside>
</div>
<footer id="colophon" class="site-footer"><div class="site-info">&copy; 2024 ${e(s.site)}. Proudly powered by WordPress.</div></footer>
</div>
</body>
</html>
`;
}

export function bbcPage(s: Story, o: PageOptions = {}): string {
  const e = escapeHtml;
  const ld = JSON.stringify({
    '@context': 'http://schema.org',
    '@type': 'ReportageNewsArticle',
    url: s.url,
    publisher: { '@type': 'NewsMediaOrganization', name: s.site, logo: { '@type': 'ImageObject', url: 'https://static.example/news-logo.png' } },
    datePublished: s.published_at,
    dateModified: s.published_at,
    headline: s.title,
    author: { '@type': 'Person', name: s.author },
    mainEntityOfPage: s.url,
  });
  const blocks = s.paragraphs.map((p) => `<div data-component="text-block" class="ssrcss-11r1m41-RichTextComponentWrapper"><div class="ssrcss-7uxr49-RichTextContainer"><p class="ssrcss-1q0x1qg-Paragraph">${e(p)}</p></div></div>`).join('\n');
  return `<!DOCTYPE html><html lang="en-GB" class="no-js"><head><meta charset="${o.charset ?? 'utf-8'}">
<title>${e(s.title)} - ${e(s.site)}</title>
<meta name="description" content="${e(s.paragraphs[0] ?? '')}">
<link rel="canonical" href="${e(s.url)}">
<meta property="og:title" content="${e(s.title)}"><meta property="og:type" content="article">
<meta name="twitter:card" content="summary_large_image">
<script type="application/ld+json">${ld}</script>
</head><body>
<div id="__next"><header data-testid="header-banner"><nav aria-label="News"><ul role="list">
<li><a href="/news">Home</a></li><li><a href="/news/world">World</a></li><li><a href="/news/business">Business</a></li><li><a href="/news/politics">Politics</a></li></ul></nav></header>
<div class="ssrcss-1ocoo3l-Wrap"><main id="main-content" data-testid="main-content"><article>
<header data-component="headline-block"><h1 id="main-heading" class="ssrcss-15xko80-StyledHeading">${e(s.title)}</h1></header>
<div data-component="byline-block"><div class="ssrcss-68pt20-Text-TextContributorName">By ${e(s.author)}</div><div>${e(s.site)}</div></div>
${blocks}
<div data-component="topic-list"><div><h2>Related topics</h2><ul><li><a href="/news/topics/a">Transport</a></li><li><a href="/news/topics/b">Local government</a></li></ul></div></div>
</article></main>
<aside><section><h2>More on this story</h2><ul><li><a href="/news/x">Fares to rise in spring</a></li></ul></section>
<section><h2>Top Stories</h2><ul><li><a href="/news/y">Markets fall on rate fears</a></li><li><a href="/news/z">Storm warning for the coast</a></li></ul></section></aside></div>
<footer><nav><ul><li><a href="/terms">Terms of Use</a></li><li><a href="/privacy">Privacy Policy</a></li><li><a href="/cookies">Cookies</a></li></ul></nav>
<p>Copyright 2024. We are not responsible for the content of external sites.</p></footer></div>
</body></html>`;
}

/** The in-body furniture of the wire page, in order, as extraction keeps it (one line each). */
export const WIRE_FURNITURE = {
  share: 'Share',
  advertisement: 'Advertisement',
  newsletter: 'Sign up for the morning wire newsletter to get the top stories delivered to your inbox every weekday morning.',
  readMore: 'Read more',
} as const;

export function wirePage(s: Story, o: PageOptions = {}): string {
  const e = escapeHtml;
  const f = o.furniture ?? false;
  const body: string[] = [];
  s.paragraphs.forEach((p, i) => {
    body.push(`<p>${e(p)}</p>`);
    if (f && i === 0) {
      body.push(`<figure class="Figure"><picture><img alt="" src="https://static.example/photo-${i}.jpg" width="800" height="533"></picture><figcaption class="Figure-caption"><p>${e(s.title)}. (Wire Photo/${e(s.author)})</p></figcaption></figure>`);
    }
    if (f && i === 1) body.push(`<div class="Advertisement"><p>${WIRE_FURNITURE.advertisement}</p></div>`);
    if (f && i === 2) body.push(`<div class="NewsletterBox"><p>${WIRE_FURNITURE.newsletter}</p></div>`);
  });
  return `<!DOCTYPE html>
<html lang="en"><head>
<meta charset="${o.charset ?? 'utf-8'}">
<title>${e(s.title)} | ${e(s.site)}</title>
<meta property="og:url" content="${e(s.url)}">
${articleMeta(s)}
</head><body class="Page-body">
<header class="Page-header"><nav class="Navigation"><ul><li><a href="/world-news">World</a></li><li><a href="/us-news">U.S.</a></li><li><a href="/politics">Politics</a></li><li><a href="/sports">Sports</a></li></ul></nav></header>
<main class="Page-main"><div class="Page-content">
<div class="Page-headline"><h1 class="Page-headline">${e(s.title)}</h1></div>
<div class="Page-byline"><div class="Page-authors">By <a href="/author/x">${e(s.author)}</a></div>
<div class="Page-dateModified"><bsp-timestamp data-timestamp="1710234000000"><span>Updated ${e(s.published_at.slice(0, 10))}</span></bsp-timestamp></div></div>
${f ? `<div class="Page-actions"><p>${WIRE_FURNITURE.share}</p></div>` : ''}
<div class="RichTextStoryBody RichTextBody">
${body.join('\n')}
${f ? `<p><a href="/hub/more">${WIRE_FURNITURE.readMore}</a></p>` : ''}
</div></div></main>
<footer class="Page-footer"><p>Copyright 2024 The Wire. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.</p></footer>
</body></html>`;
}
