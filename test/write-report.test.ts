/**
 * writeWhole's pieces: each string is written as ASCII stretches (latin1) and non-ASCII runs (UTF-8),
 * which must give exactly the string's UTF-8 bytes.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { encodings, writeWhole } from '../src/cli/write-report.js';
import type { Report } from '../src/report/contract.js';
import { renderHtml } from '../src/report/html.js';
import { rng, type Rng } from './helpers/random.js';

/** Code units of every kind a report can hold: ASCII, Latin-1, other BMP, pairs, lone surrogates. */
const UNITS = ['a', ' ', '<', '\n', '"', '\\', '\x7f', '\x80', 'ü', '\xff', '\u0100', '€', '\u2028', '\u2029', '😀', '\ud800', '\udc00'];

function randomString(r: Rng, n: number, nonAscii: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += r.chance(nonAscii) ? r.pick(UNITS) : String.fromCharCode(r.int(0, 0x7f));
  return s;
}

function bytesOf(s: string): Buffer {
  return Buffer.concat(encodings(s).map((p) => Buffer.from(p.text, p.encoding)));
}

describe('encodings', () => {
  it('give the UTF-8 bytes of any string, with byte counts that add up', () => {
    const r = rng(2028);
    for (let trial = 0; trial < 2000; trial++) {
      const s = randomString(r, r.int(0, 400), r.pick([0, 0.005, 0.05, 0.3, 1]));
      const pieces = encodings(s);
      for (const p of pieces) assert.equal(p.bytes, Buffer.byteLength(p.text, p.encoding));
      assert.deepEqual(bytesOf(s), Buffer.from(s, 'utf8'), JSON.stringify(s));
      assert.equal(pieces.map((p) => p.text).join(''), s);
    }
  });

  it('split long, mostly ASCII strings around their non-ASCII characters, surrogate pairs whole', () => {
    const r = rng(2029);
    for (let trial = 0; trial < 60; trial++) {
      const units = Array.from({ length: r.int(70_000, 300_000) }, () => 'abc <>\n"'.charAt(r.int(0, 7)));
      for (let k = r.int(1, 6); k > 0; k--) units[r.int(0, units.length - 1)] = r.pick(UNITS.slice(7));
      // A surrogate pair across the first halving point, now and then.
      if (r.chance(0.3)) units.splice((units.length >>> 1) - 1, 2, '\ud83d', '\ude00');
      const s = units.join('');
      const pieces = encodings(s);
      assert.deepEqual(bytesOf(s), Buffer.from(s, 'utf8'));
      assert.equal(pieces.map((p) => p.text).join(''), s);
      for (const p of pieces) assert.equal(p.bytes, Buffer.byteLength(p.text, p.encoding));
    }
  });

  it('write ASCII as latin1 in one piece, and a string with many non-ASCII characters as UTF-8', () => {
    assert.deepEqual(encodings('plain'), [{ text: 'plain', encoding: 'latin1', bytes: 5 }]);
    assert.deepEqual(encodings(''), [{ text: '', encoding: 'latin1', bytes: 0 }]);
    const many = 'é.'.repeat(100_000);
    assert.deepEqual(encodings(many), [{ text: many, encoding: 'utf8', bytes: 300_000 }]);
    const one = 'a'.repeat(100_000) + 'é' + 'b'.repeat(100_000);
    assert.deepEqual(
      encodings(one).map((p) => p.encoding),
      ['latin1', 'utf8', 'latin1'],
    );
  });
});

describe('writeWhole', () => {
  it('writes the bytes of JSON.stringify and renderHtml', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'reprint-write-'));
    try {
      const r = rng(7);
      for (const nonAscii of [0, 0.001, 0.2]) {
        const report = {
          summary: { documents: 2, passages: 1 },
          documents: [{ id: 'a', text: randomString(r, 5000, nonAscii) }, { id: 'b</script>', text: randomString(r, 3000, nonAscii) }],
        } as unknown as Report;
        const json = path.join(dir, 'report.json');
        const html = path.join(dir, 'index.html');
        await writeWhole(report, json, html);
        assert.deepEqual(readFileSync(json), Buffer.from(JSON.stringify(report, null, 2) + '\n', 'utf8'));
        assert.deepEqual(readFileSync(html), Buffer.from(renderHtml(report), 'utf8'));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
