/**
 * WARC crawls, .warc and .warc.gz (one gzip member per record), written record by record here:
 * pages become articles with their metadata, the crawl's URI and date filling gaps; other records
 * are passed over; a malformed record in the middle is rejected by number and byte offset and the
 * records on both sides of it are read; a truncated gzip keeps what came before.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { indexRecords } from '../src/engine.js';
import { readInputs } from '../src/ingest/read.js';
import { createMemoryStore } from '../src/store/index.js';
import { articlesOf, readAll, rejectionsOf, tempRoot, warningsOf } from './helpers/fixtures.js';
import { plainText, wirePage, wordpressPage, type Story } from './helpers/pages.js';
import { randomWords, rng } from './helpers/random.js';
import { httpResponse, pageRecord, requestRecord, warcFile, warcinfoRecord, warcRecord } from './helpers/warc.js';

const { file } = tempRoot('reprint-warc-');
const articles = articlesOf;
const rejections = rejectionsOf;
const warnings = warningsOf;

function story(i: number, extra: Partial<Story> = {}): Story {
  return {
    title: `Wire story ${i}`,
    url: `https://wire.example/article/story-${i}`,
    published_at: `2024-03-1${i}T09:00:00Z`,
    author: 'Staff',
    site: 'The Wire',
    paragraphs: [0, 1, 2].map((k) => randomWords(rng(1000 * i + k), 25).join(' ') + '.'),
    ...extra,
  };
}

/** A crawl as crawlers write it: warcinfo, then request + response per page, an image between. */
function crawl(pages: number[]): Buffer[] {
  const recs = [warcinfoRecord()];
  for (const i of pages) {
    const s = story(i);
    recs.push(requestRecord(s.url), pageRecord(s.url, wirePage(s), `2024-03-2${i}T12:00:00Z`));
    if (i === pages[0]) {
      recs.push(
        warcRecord({ type: 'response', uri: 'https://wire.example/logo.png', contentType: 'application/http; msgtype=response', block: httpResponse(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1]), { contentType: 'image/png' }) }),
      );
    }
  }
  return recs;
}

describe('WARC: pages as articles', () => {
  for (const gzip of [false, true]) {
    it(`reads every HTML response of a ${gzip ? '.warc.gz' : '.warc'}: id = target URI, record number as line, page metadata`, async () => {
      const f = file(gzip ? 'crawl.warc.gz' : 'crawl.warc', warcFile(crawl([1, 2, 3]), gzip));
      const recs = await readAll([f]);
      assert.deepEqual(rejections(recs), []);
      assert.deepEqual(warnings(recs), []);
      const arts = articles(recs);
      // warcinfo 1; story 1: request 2, response 3, image 4; story 2: 5, 6; story 3: 7, 8.
      assert.deepEqual(
        arts.map((a) => [a.article.id, a.line]),
        [
          ['https://wire.example/article/story-1', 3],
          ['https://wire.example/article/story-2', 6],
          ['https://wire.example/article/story-3', 8],
        ],
      );
      const a = arts[1]?.article;
      assert.deepEqual(a, {
        id: 'https://wire.example/article/story-2',
        text: plainText(story(2)),
        title: 'Wire story 2',
        source: 'The Wire',
        url: 'https://wire.example/article/story-2',
        published_at: '2024-03-12T09:00:00Z',
        author: 'Staff',
      });
    });
  }

  it('takes WARC-Target-URI and WARC-Date where the page has no URL or date; the host is the publisher', async () => {
    const html = `<html><head><title>Bridge reopens</title></head><body><article>${story(4)
      .paragraphs.map((p) => `<p>${p}</p>`)
      .join('')}</article></body></html>`;
    const f = file('bare.warc', warcFile([pageRecord('https://www.riverside-post.example/bridge', html, '2024-03-15T08:00:00Z')], false));
    const [a] = articles(await readAll([f]));
    assert.equal(a?.article.url, 'https://www.riverside-post.example/bridge');
    assert.equal(a?.article.source, 'riverside-post.example');
    assert.equal(a?.article.published_at, '2024-03-15T08:00:00Z');
    assert.equal(a?.article.title, 'Bridge reopens');
  });

  it('decodes the charset of the HTTP header, undoes chunked transfer encoding, reads resource and WET conversion records', async () => {
    const s = story(5, { paragraphs: ['Le conseil municipal a voté jeudi le gel des tarifs de bus jusqu’à l’ouverture de la nouvelle ligne, ont indiqué les responsables.', 'La décision fait suite à des mois de protestations des usagers.'] });
    const latin = Buffer.from(wirePage(s).replace('<meta charset="utf-8">', '').replace(/’/g, "'"), 'latin1');
    const recs = [
      pageRecord(s.url, latin, undefined, { contentType: 'text/html; charset=ISO-8859-1' }),
      pageRecord('https://wire.example/chunked', wirePage(story(6)), undefined, { chunked: true }),
      warcRecord({ type: 'resource', uri: 'https://wire.example/resource', contentType: 'text/html', block: wirePage(story(7)) }),
      warcRecord({ type: 'conversion', uri: 'https://wire.example/wet', contentType: 'text/plain', block: plainText(story(8)) }),
    ];
    const got = await readAll([file('mixed.warc', warcFile(recs, true))]);
    assert.deepEqual(rejections(got), []);
    assert.deepEqual(warnings(got), [], 'a declared charset is no guess');
    const arts = articles(got).map((a) => a.article);
    assert.equal(arts.length, 4);
    assert.ok(arts[0]?.text.startsWith("Le conseil municipal a voté jeudi le gel des tarifs de bus jusqu'à"), arts[0]?.text);
    assert.equal(arts[1]?.text, plainText(story(6)));
    assert.equal(arts[2]?.text, plainText(story(7)));
    assert.equal(arts[3]?.text, plainText(story(8)));
    assert.equal(arts[3]?.url, 'https://wire.example/wet');
    assert.equal(arts[3]?.source, 'wire.example');
  });

  it('passes over requests, metadata, revisits, error pages and images; a crawl with no page says so in a warning', async () => {
    const recs = [
      warcinfoRecord(),
      requestRecord('https://wire.example/gone'),
      pageRecord('https://wire.example/gone', wirePage(story(1)), undefined, { status: 404 }),
      warcRecord({ type: 'metadata', uri: 'https://wire.example/gone', contentType: 'application/warc-fields', block: 'outlinks: none\r\n' }),
      warcRecord({ type: 'revisit', uri: 'https://wire.example/again', contentType: 'application/http; msgtype=response', block: 'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n' }),
    ];
    const got = await readAll([file('nopages.warc', warcFile(recs, false))]);
    assert.deepEqual(articles(got), []);
    assert.deepEqual(rejections(got), []);
    const [w] = warnings(got);
    assert.match(w?.message ?? '', /no pages in this WARC: 5 records passed over \(1 warcinfo, 1 request, 1 HTTP 404, 1 metadata, 1 revisit\)/);
  });

  it('rejects an empty WARC, a page with no article, and a record over --max-doc-bytes (the next record is still read)', async () => {
    assert.deepEqual(
      rejections(await readAll([file('empty.warc', Buffer.alloc(0))])).map((r) => r.reason),
      ['empty file (no records)'],
    );
    const big = story(2, { paragraphs: [randomWords(rng(7), 3000).join(' ')] });
    const recs = [
      pageRecord('https://wire.example/login', '<html><body><form><input type="password"></form></body></html>'),
      pageRecord(big.url, wirePage(big)),
      pageRecord(story(3).url, wirePage(story(3))),
    ];
    const got = await readAll([file('limits.warc', warcFile(recs, false))], { maxDocBytes: 8000 });
    assert.deepEqual(
      articles(got).map((a) => [a.article.id, a.line]),
      [[story(3).url, 3]],
    );
    const rej = rejections(got);
    assert.deepEqual(
      rej.map((r) => r.line),
      [1, 2],
    );
    assert.match(rej[0]?.reason ?? '', /^WARC record at byte 0 \(https:\/\/wire\.example\/login\): no article text found in HTML$/);
    assert.match(rej[1]?.reason ?? '', /document too large: [\d,]+ bytes, over the --max-doc-bytes limit of 8,000 bytes/);
  });
});

describe('WARC: bad records', () => {
  const good = [1, 2, 3, 4].map((i) => story(i));
  const page = (i: number): Buffer => pageRecord((good[i] as Story).url, wirePage(good[i] as Story));
  const bodyOf = (i: number): Buffer => httpResponse(wirePage(good[i] as Story));

  const cases: { name: string; bad: Buffer; why: RegExp }[] = [
    { name: 'a garbled version line', bad: warcRecord({ type: 'response', uri: 'https://x.example/a', block: bodyOf(1), versionLine: 'WARX/9.9 garbage' }), why: /expected a "WARC\/1\.0" or "WARC\/1\.1" line, found "WARX\/9\.9 garbage"/ },
    { name: 'a Content-Length that is not a number', bad: warcRecord({ type: 'response', uri: 'https://x.example/b', block: bodyOf(1), fields: { 'Content-Length': 'twelve' } }), why: /missing or invalid Content-Length "twelve"/ },
    { name: 'a Content-Length too small', bad: warcRecord({ type: 'response', uri: 'https://x.example/c', block: bodyOf(1), fields: { 'Content-Length': '300' } }), why: /Content-Length \(300 bytes\) does not end where the next record starts/ },
    { name: 'a Content-Length too large', bad: warcRecord({ type: 'response', uri: 'https://x.example/d', block: bodyOf(1), fields: { 'Content-Length': String(bodyOf(1).length + 60) } }), why: /does not end where the next record starts/ },
    { name: 'header bytes that are binary noise', bad: Buffer.concat([Buffer.from('WARC/1.1\r\n'), Buffer.from(randomWords(rng(3), 40).join('\u0000\u00ff')), Buffer.from('\r\n\r\n')]), why: /malformed WARC record/ },
  ];
  for (const c of cases) {
    for (const gzip of [false, true]) {
      it(`${c.name} (${gzip ? '.warc.gz' : '.warc'}): rejected by record number and offset; the records before and after are read`, async () => {
        const recs = [page(0), c.bad, page(2), page(3)];
        const f = file(gzip ? 'bad.warc.gz' : 'bad.warc', warcFile(recs, gzip));
        const got = await readAll([f]);
        assert.deepEqual(
          articles(got).map((a) => a.article.id),
          [good[0]?.url, good[2]?.url, good[3]?.url],
          JSON.stringify(rejections(got)),
        );
        const rej = rejections(got);
        assert.equal(rej.length, 1, JSON.stringify(rej));
        assert.equal(rej[0]?.input, f);
        assert.equal(rej[0]?.line, 2);
        assert.match(rej[0]?.reason ?? '', new RegExp(`record at byte ${(page(0).length).toLocaleString('en-US')}:`));
        assert.match(rej[0]?.reason ?? '', c.why);
        // Count identity through the engine.
        const res = await indexRecords(readInputs([f]), createMemoryStore());
        assert.deepEqual(res, { read: 4, indexed: 3, rejected: 1 });
      });
    }
  }

  it('a truncated .warc.gz keeps the records before the cut and names the compressed offset', async () => {
    const whole = warcFile([page(0), page(1), page(2)], true);
    const cut = whole.subarray(0, whole.length - 200);
    const f = file('cut.warc.gz', cut);
    const got = await readAll([f]);
    assert.deepEqual(
      articles(got).map((a) => a.article.id),
      [good[0]?.url, good[1]?.url],
    );
    const rej = rejections(got);
    assert.equal(rej.length, 1);
    assert.equal(rej[0]?.line, 3);
    assert.equal(rej[0]?.reason, `truncated gzip data (unexpected end of file) at byte ${cut.length.toLocaleString('en-US')} of the compressed input`);
  });

  it('a .warc cut inside its last record: the record is rejected as truncated', async () => {
    const bytes = warcFile([page(0), page(1)], false);
    const f = file('cut.warc', bytes.subarray(0, bytes.length - 500));
    const got = await readAll([f]);
    assert.deepEqual(
      articles(got).map((a) => a.article.id),
      [good[0]?.url],
    );
    const [r] = rejections(got);
    assert.equal(r?.line, 2);
    assert.match(r?.reason ?? '', /^truncated WARC record at byte [\d,]+: Content-Length is [\d,]+ bytes but the input ends [\d,]+ bytes into it$/);
  });

  it('garbage that is no WARC at all is one rejection, and a resync past it finds nothing more', async () => {
    const got = await readAll([file('junk.warc', Buffer.from(randomWords(rng(9), 200).join(' ')))]);
    assert.deepEqual(articles(got), []);
    const rej = rejections(got);
    assert.equal(rej.length, 1);
    assert.equal(rej[0]?.line, 1);
    assert.match(rej[0]?.reason ?? '', /^malformed WARC record at byte 0: /);
  });

  it('a header that never ends is cut off at 1 MiB, then reading resynchronises', async () => {
    const endless = Buffer.concat([Buffer.from('WARC/1.1\r\nWARC-Type: response\r\n'), Buffer.alloc(3 * 1024 * 1024, 'x'), Buffer.from('\r\n')]);
    const got = await readAll([file('endless.warc', Buffer.concat([page(0), endless, page(1)]))]);
    assert.deepEqual(
      articles(got).map((a) => a.article.id),
      [good[0]?.url, good[1]?.url],
    );
    assert.match(rejections(got)[0]?.reason ?? '', /headers longer than 1,048,576 bytes/);
  });

  it('a WordPress page inside a WARC keeps its own canonical URL and date; the id stays the crawled URI', async () => {
    const s = story(6, { site: 'The Millbrook Gazette', url: 'https://millbrook.example/2024/03/16/story/' });
    const f = file('wp.warc', warcFile([pageRecord('https://millbrook.example/?p=4182', wordpressPage(s), '2024-04-01T00:00:00Z')], false));
    const [a] = articles(await readAll([f]));
    assert.equal(a?.article.id, 'https://millbrook.example/?p=4182');
    assert.equal(a?.article.url, s.url);
    assert.equal(a?.article.published_at, s.published_at);
    assert.equal(a?.article.source, 'The Millbrook Gazette');
  });
});
