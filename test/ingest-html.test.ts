/**
 * HTML pages → articles: the text Readability finds, one block a line; the page's own metadata
 * (JSON-LD, og: and article: meta, canonical link, <time>); charsets; pages with no article; and
 * the furniture that survives extraction learned per site.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { scan } from '../src/engine.js';
import { decodeBytes, htmlDeclaredCharset } from '../src/ingest/charset.js';
import { blockText, extractArticle, NO_ARTICLE, parseDocument } from '../src/ingest/html.js';
import { readInputs } from '../src/ingest/read.js';
import { createMemoryStore } from '../src/store/index.js';
import { readAll, tempRoot } from './helpers/fixtures.js';
import { bbcPage, plainText, wirePage, WIRE_FURNITURE, wordpressPage, type Story } from './helpers/pages.js';
import { randomWords, rng } from './helpers/random.js';

const { folder } = tempRoot('reprint-html-');

const FARES: Story = {
  title: 'Council votes to freeze bus fares until rail line opens',
  url: 'https://www.millbrook-gazette.example/2024/03/12/council-fares/',
  published_at: '2024-03-12T09:00:00+00:00',
  author: 'Jane Doe',
  site: 'The Millbrook Gazette',
  paragraphs: [
    'The regional transit authority voted late on Thursday to freeze every fare increase until the new rail line opens, officials said.',
    'The decision follows months of protests by riders who said they could not afford the increases proposed in the spring budget, which would have raised a monthly pass by a fifth.',
    '"We heard them," said the authority chair, Maria Lopez, after the vote. "Nobody should have to choose between the bus and groceries."',
    'The freeze will cost the authority about 4 million dollars a year, to be covered from reserves and a state grant.',
  ],
};

function lines(text: string): string[] {
  return text.split(/\n+/).filter((l) => l !== '');
}

describe('extractArticle: pages in the styles of real news sites', () => {
  it('a WordPress local paper: the post, not the menu, widgets or comment form; Yoast-style meta', () => {
    const page = extractArticle(wordpressPage(FARES));
    assert.ok(typeof page !== 'string', String(page));
    const got = lines(page.text);
    // Every paragraph is a line of its own, in order.
    const at = FARES.paragraphs.map((p) => got.indexOf(p));
    assert.ok(at.every((i) => i >= 0), JSON.stringify(got));
    assert.deepEqual([...at].sort((a, b) => a - b), at);
    assert.match(page.text, new RegExp(`${FARES.paragraphs[0]?.slice(0, 40)}[^\\n]*\\n\\n${FARES.paragraphs[1]?.slice(0, 20)}`), 'paragraphs are separated by a blank line');
    for (const gone of ['Recent Posts', 'Leave a Reply', 'Proudly powered', 'Obituaries', 'School board meets']) assert.ok(!page.text.includes(gone), `${gone} is page chrome`);
    assert.equal(page.title, FARES.title);
    assert.equal(page.url, FARES.url);
    assert.equal(page.source, FARES.site);
    assert.equal(page.author, FARES.author);
    assert.equal(page.published_at, FARES.published_at);
  });

  it('a BBC-like page: publisher, author and date from JSON-LD (no og:site_name), canonical URL', () => {
    const page = extractArticle(bbcPage({ ...FARES, site: 'Northshire News' }));
    assert.ok(typeof page !== 'string', String(page));
    for (const p of FARES.paragraphs) assert.ok(lines(page.text).includes(p), p);
    for (const gone of ['Top Stories', 'Privacy Policy', 'Markets fall']) assert.ok(!page.text.includes(gone), gone);
    assert.equal(page.source, 'Northshire News');
    assert.equal(page.author, FARES.author);
    assert.equal(page.published_at, FARES.published_at);
    assert.equal(page.url, FARES.url);
    assert.equal(page.title, FARES.title);
  });

  it('an AP-like wire page: og:url and og:site_name; furniture and the photo caption each a line of their own', () => {
    const story = { ...FARES, site: 'The Wire', url: 'https://wire.example/article/fares-freeze-4f2a' };
    const page = extractArticle(wirePage(story, { furniture: true }));
    assert.ok(typeof page !== 'string', String(page));
    const got = lines(page.text);
    for (const p of story.paragraphs) assert.ok(got.includes(p), p);
    for (const f of [WIRE_FURNITURE.advertisement, WIRE_FURNITURE.newsletter, WIRE_FURNITURE.readMore]) assert.ok(got.includes(f), `${f} is a line of its own: ${JSON.stringify(got)}`);
    assert.ok(got.includes(`${story.title}. (Wire Photo/${story.author})`), 'the figcaption is its own line');
    assert.ok(!page.text.includes('All rights reserved'), 'the footer is gone');
    assert.equal(page.url, story.url);
    assert.equal(page.source, 'The Wire');
    assert.equal(page.published_at, story.published_at);
    // Without furniture the wire page gives exactly the story's plain text.
    const clean = extractArticle(wirePage(story));
    assert.ok(typeof clean !== 'string');
    assert.equal(clean.text, plainText(story));
  });

  it('fills in from the crawl (URL, date) only where the page says nothing; the host names the publisher', () => {
    const bare = `<html><head><title>Flood warning</title></head><body><article>${FARES.paragraphs.map((p) => `<p>${p}</p>`).join('')}</article></body></html>`;
    const page = extractArticle(bare, { url: 'https://www.riverside-post.example/a/1', date: '2024-03-15T08:00:00Z' });
    assert.ok(typeof page !== 'string');
    assert.equal(page.url, 'https://www.riverside-post.example/a/1');
    assert.equal(page.source, 'riverside-post.example');
    assert.equal(page.published_at, '2024-03-15T08:00:00Z');
    assert.equal(page.title, 'Flood warning');
    // The page's own values win over the crawl's.
    const own = extractArticle(wordpressPage(FARES), { url: 'https://mirror.example/x', date: '2025-01-01T00:00:00Z' });
    assert.ok(typeof own !== 'string');
    assert.equal(own.url, FARES.url);
    assert.equal(own.published_at, FARES.published_at);
  });

  it('reads <time datetime> and meta name=date when there is no article:published_time; an unusable date is a warning', () => {
    const body = FARES.paragraphs.map((p) => `<p>${p}</p>`).join('');
    const withTime = extractArticle(`<html><body><article><time datetime="2024-03-10T07:30:00Z">Sunday</time>${body}</article></body></html>`);
    assert.ok(typeof withTime !== 'string');
    assert.equal(withTime.published_at, '2024-03-10T07:30:00Z');
    const withMeta = extractArticle(`<html><head><meta name="date" content="2024-03-09"></head><body><article>${body}</article></body></html>`);
    assert.ok(typeof withMeta !== 'string');
    assert.equal(withMeta.published_at, '2024-03-09');
    const bad = extractArticle(`<html><head><meta property="article:published_time" content="last Tuesday"></head><body><article>${body}</article></body></html>`);
    assert.ok(typeof bad !== 'string');
    assert.equal(bad.published_at, undefined);
    assert.match(bad.warnings.join(' '), /page date "last Tuesday" is not ISO 8601/);
  });

  it('no article: a login wall, an index of links, an empty or script-only page → "no article text found in HTML"', () => {
    const pages = [
      '<html><body><form><input name="user"><input type="password"><button>Log in</button></form></body></html>',
      `<html><body><ul>${randomWords(rng(1), 30)
        .map((w) => `<li><a href="/${w}">${w}</a></li>`)
        .join('')}</ul></body></html>`,
      '',
      '<html><head><script>var x = 1;</script></head><body></body></html>',
      '<p>Too short to be an article.</p>',
    ];
    for (const html of pages) assert.equal(extractArticle(html), NO_ARTICLE, html.slice(0, 60));
  });

  it('a pathologically nested page is refused quickly instead of tying up Readability', () => {
    const deep = `<html><body>${'<div>'.repeat(5000)}${FARES.paragraphs.join(' ')}${'</div>'.repeat(5000)}</body></html>`;
    const t0 = performance.now();
    const r = extractArticle(deep);
    assert.match(String(r), /nested more than 256 elements deep/);
    assert.ok(performance.now() - t0 < 5000);
  });

  it('blockText: blocks become lines, <br> a line break, inline markup joins, whitespace collapses', () => {
    const doc = parseDocument(
      '<html><body><div id="x"><h2>Head  line</h2><p>One <b>bold</b>\n word.</p><ul><li>First</li><li>Second</li></ul><p>Line a<br>line b</p><div>Div <i>text</i></div><table><tr><td>c1</td><td>c2</td></tr></table><script>no()</script></div></body></html>',
    );
    const body = doc.body;
    assert.ok(body);
    assert.equal(blockText(body), 'Head line\n\nOne bold word.\n\nFirst\n\nSecond\n\nLine a\nline b\n\nDiv text\n\nc1 c2');
  });
});

describe('charsets', () => {
  const latin = Buffer.from('caf\xe9 cr\xe8me br\xfbl\xe9e', 'latin1');

  it('decodeBytes: BOM, declared charset, UTF-8, else windows-1252 with a warning', () => {
    assert.deepEqual(decodeBytes(Buffer.from('\ufeffhello')), { text: 'hello', charset: 'utf-8' });
    assert.equal(decodeBytes(Buffer.from('\ufeffh\u00e9', 'utf16le')).text, 'hé');
    assert.equal(decodeBytes(Buffer.from([0x93, 0x71, 0x94]), 'windows-1252').text, '\u201cq\u201d');
    assert.equal(decodeBytes(Buffer.from([0x82, 0xa0, 0x82, 0xa2]), 'shift_jis').text, 'あい');
    assert.equal(decodeBytes(Buffer.from([0xc4, 0xe3, 0xba, 0xc3]), 'gbk').text, '你好');
    assert.equal(decodeBytes(Buffer.from([0xc1, 0xe0]), 'windows-1251').text, 'Ба');
    const guessed = decodeBytes(latin);
    assert.equal(guessed.text, 'café crème brûlée');
    assert.equal(guessed.charset, 'windows-1252');
    assert.match(guessed.warning ?? '', /first bad byte at offset 3.*decoded as windows-1252/);
    const unknown = decodeBytes(latin, 'x-klingon');
    assert.match(unknown.warning ?? '', /unknown charset "x-klingon"/);
    assert.equal(unknown.text, 'café crème brûlée');
    assert.match(decodeBytes(latin, 'utf-8').warning ?? '', /declared utf-8 but not valid UTF-8/);
  });

  it('htmlDeclaredCharset: <meta charset> and http-equiv Content-Type', () => {
    assert.equal(htmlDeclaredCharset(Buffer.from('<html><head><meta charset="iso-8859-1">')), 'iso-8859-1');
    assert.equal(htmlDeclaredCharset(Buffer.from("<meta http-equiv='Content-Type' content='text/html; charset=Shift_JIS'>")), 'Shift_JIS');
    assert.equal(htmlDeclaredCharset(Buffer.from('<meta name="viewport" content="width=device-width">')), null);
  });

  it('an HTML file in windows-1251 declared by <meta>, and one in Latin-1 declaring nothing (a warning)', async () => {
    const ru = 'Городской совет проголосовал в четверг за то, чтобы заморозить повышение тарифов до открытия новой железнодорожной линии, сообщили официальные лица. ';
    const dir = folder({
      'ru.html': Buffer.concat([Buffer.from('<html><head><meta charset="windows-1251"><title>t</title></head><body><article><p>'), encode1251(ru.repeat(3)), Buffer.from('</p></article></body></html>')]),
      'fr.html': Buffer.from(`<html><body><article><p>${'Le conseil a vot\xe9 jeudi le gel des tarifs jusqu\x92\xe0 l\x92ouverture de la nouvelle ligne. '.repeat(4)}</p></article></body></html>`, 'latin1'),
    });
    const recs = await readAll([dir]);
    const arts = recs.flatMap((r) => (r.kind === 'article' ? [r.article] : []));
    assert.equal(arts.length, 2, JSON.stringify(recs));
    assert.ok(arts[0]?.text.includes('Le conseil a voté jeudi le gel des tarifs jusqu’à l’ouverture'), arts[0]?.text);
    assert.ok(arts[1]?.text.startsWith(ru.trim()), arts[1]?.text);
    const warnings = recs.flatMap((r) => (r.kind === 'warning' ? [r.warning] : []));
    assert.deepEqual(
      warnings.map((w) => path.basename(w.input)),
      ['fr.html'],
    );
    assert.match(warnings[0]?.message ?? '', /decoded as windows-1252/);
  });
});

/** Windows-1251 for Cyrillic (the test's own encoder: TextEncoder only writes UTF-8). */
function encode1251(s: string): Buffer {
  const out: number[] = [];
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (c < 0x80) out.push(c);
    else if (c >= 0x410 && c <= 0x44f) out.push(c - 0x410 + 0xc0);
    else if (c === 0x401) out.push(0xa8);
    else if (c === 0x451) out.push(0xb8);
    else out.push(0x3f);
  }
  return Buffer.from(out);
}

describe('HTML files: records, metadata, furniture per site', () => {
  it('an .html file becomes one article named by its path, with the page metadata', async () => {
    const dir = folder({ 'fares.html': wordpressPage(FARES), 'empty.htm': '', 'login.html': '<html><body><form><input></form></body></html>' });
    const recs = await readAll([dir]);
    const arts = recs.flatMap((r) => (r.kind === 'article' ? [r] : []));
    assert.equal(arts.length, 1);
    const a = arts[0]?.article;
    assert.equal(a?.id, 'fares.html');
    assert.equal(a?.title, FARES.title);
    assert.equal(a?.source, FARES.site);
    assert.equal(a?.url, FARES.url);
    assert.equal(a?.published_at, FARES.published_at);
    assert.equal(a?.author, FARES.author);
    const rej = recs.flatMap((r) => (r.kind === 'rejected' ? [r.rejection] : []));
    assert.deepEqual(
      rej.map((r) => [path.basename(r.input), r.line, r.reason]),
      [
        ['empty.htm', undefined, 'empty file (no text)'],
        ['login.html', undefined, NO_ARTICLE],
      ],
    );
  });

  it('furniture that survives extraction is learned per site: a newsletter box shared by four wire pages is no passage; the same box across four sites is', async () => {
    const stories: Story[] = [0, 1, 2, 3].map((i) => ({
      title: `Story ${i}`,
      url: `https://wire.example/article/${i}`,
      published_at: `2024-03-1${i}T09:00:00Z`,
      author: 'Staff',
      site: 'The Wire',
      paragraphs: [0, 1, 2, 3].map((k) => randomWords(rng(100 * i + k), 30).join(' ') + '.'),
    }));
    const sameSite = folder(Object.fromEntries(stories.map((s, i) => [`p${i}.html`, wirePage(s, { furniture: true })])));
    const report = await scan(readInputs([sameSite]), createMemoryStore());
    assert.equal(report.summary.documents, 4);
    assert.deepEqual(report.passages, [], 'the newsletter box is furniture of The Wire');
    const sites = folder(Object.fromEntries(stories.map((s, i) => [`p${i}.html`, wirePage({ ...s, site: `Site ${i}` }, { furniture: true })])));
    const mixed = await scan(readInputs([sites]), createMemoryStore());
    assert.ok(mixed.passages.length > 0, 'one box on four sites is not any one site’s furniture');
    const p = mixed.passages[0];
    assert.ok(p);
    const text = mixed.documents.find((d) => d.id === p.target.id)?.text ?? '';
    assert.equal(text.slice(p.target.start, p.target.end), WIRE_FURNITURE.newsletter);
  });
});
