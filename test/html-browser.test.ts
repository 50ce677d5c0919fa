/**
 * The HTML report in a real browser (Debian's chromium through playwright-core): a spun copy's page
 * shows its passage, and its swapped words marked apart from copied ones. Skipped where there is no
 * chromium.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { scan } from '../src/engine.js';
import { renderHtml } from '../src/report/html.js';
import { createMemoryStore } from '../src/store/memory.js';

const CHROMIUM = '/usr/bin/chromium';
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixture = (name: string): string => readFileSync(path.join(ROOT, 'test', 'fixtures', name), 'utf8');

test('a spun copy: swapped words are marked, the spin lexicon lists them', { skip: existsSync(CHROMIUM) ? false : 'no chromium' }, async () => {
  const report = await scan(
    [
      { kind: 'article', article: { id: 'wire', text: fixture('spin-original.txt'), published_at: '2026-03-05T09:00:00Z' }, origin: { input: 't' } },
      { kind: 'article', article: { id: 'farm', text: fixture('spin-copy.txt'), published_at: '2026-03-05T15:00:00Z' }, origin: { input: 't' } },
    ],
    createMemoryStore(),
  );
  const dir = mkdtempSync(path.join(tmpdir(), 'reprint-html-'));
  const file = path.join(dir, 'index.html');
  writeFileSync(file, renderHtml(report));
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${pathToFileURL(file).href}#doc=farm`);
    await page.waitForSelector('mark.hl');
    const swapped = await page.$$eval('mark.hl.swap', (els) => els.map((e) => e.textContent));
    assert.ok(swapped.includes('stated'), `swapped marks: ${swapped.join(', ')}`);
    assert.ok(swapped.includes('Russian Federation'));
    assert.ok(swapped.includes('said'), 'the source side marks its words too');
    const plain = await page.$$eval('mark.hl:not(.swap)', (els) => els.map((e) => e.textContent ?? '').join(''));
    assert.ok(plain.includes('defence ministers met in Brussels'), 'copied words are plain marks');
    assert.match(await page.textContent('.dochead') ?? '', /spin \d+(\.\d+)?%/);
    await page.goto(`${pathToFileURL(file).href}#`);
    const lexicon = await page.textContent('#spins');
    assert.match(lexicon ?? '', /said\s*→\s*stated\s*2/);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
