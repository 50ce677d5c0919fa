/**
 * The tokenizer and token normalization: offsets into the text as given (UTF-16), Unicode
 * normalization, joiners, and the scanner's ASCII fast path agreeing with the full path.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeToken } from '../src/text/normalize.js';
import { tokenId, tokenize, tokenText, type Tokens } from '../src/text/tokenize.js';
import { rng, type Rng } from './helpers/random.js';

/** Normalized token strings of a text. */
function words(text: string): string[] {
  const t = tokenize(text);
  const out: string[] = [];
  for (let i = 0; i < t.count; i++) out.push(tokenText(text, t, i));
  return out;
}

/** Raw slices of a text's tokens. */
function raws(text: string): string[] {
  const t = tokenize(text);
  const out: string[] = [];
  for (let i = 0; i < t.count; i++) out.push(text.slice(t.start[i], t.end[i]));
  return out;
}

function spans(text: string): [number, number][] {
  const t = tokenize(text);
  const out: [number, number][] = [];
  for (let i = 0; i < t.count; i++) out.push([t.start[i] as number, t.end[i] as number]);
  return out;
}

function ids(text: string): number[] {
  const t = tokenize(text);
  return [...t.id.subarray(0, t.count)];
}

/** The id of a text that must be exactly one token. */
function oneId(text: string): number {
  const t = tokenize(text);
  assert.equal(t.count, 1, `${JSON.stringify(text)} should be one token, got ${JSON.stringify(raws(text))}`);
  return t.id[0] as number;
}

/** Offsets increase, do not overlap, stay inside the text, and each slice hashes to the token's id. */
function checkInvariants(text: string, t: Tokens): void {
  let prevEnd = 0;
  for (let i = 0; i < t.count; i++) {
    const s = t.start[i] as number;
    const e = t.end[i] as number;
    assert.ok(s < e, `token ${i} of ${JSON.stringify(text)} is empty: [${s}, ${e})`);
    assert.ok(s >= prevEnd, `token ${i} of ${JSON.stringify(text)} overlaps the previous one: starts at ${s} < ${prevEnd}`);
    assert.ok(e <= text.length, `token ${i} of ${JSON.stringify(text)} ends past the text: ${e} > ${text.length}`);
    const raw = text.slice(s, e);
    assert.equal(
      t.id[i],
      tokenId(normalizeToken(raw)),
      `id of token ${i} (${JSON.stringify(raw)}) of ${JSON.stringify(text)} differs from tokenId(normalizeToken(raw))`,
    );
    prevEnd = e;
  }
}

describe('tokenize: offsets', () => {
  it('points each token at its own text, and slices normalize to the token', () => {
    const text = '  The U.S. economy grew 5.93% in Q3, adding 155,221 jobs — Syria’s war aside.\n\nNew line! ';
    const t = tokenize(text);
    checkInvariants(text, t);
    assert.deepEqual(raws(text), ['The', 'U.S', 'economy', 'grew', '5.93', 'in', 'Q3', 'adding', '155,221', 'jobs', 'Syria’s', 'war', 'aside', 'New', 'line']);
    assert.deepEqual(spans(text).slice(0, 3), [
      [2, 5],
      [6, 9],
      [11, 18],
    ]);
    for (let i = 0; i < t.count; i++) {
      assert.equal(tokenText(text, t, i), normalizeToken(text.slice(t.start[i], t.end[i])));
    }
  });

  it('has no tokens for empty, blank or punctuation-only text', () => {
    for (const s of ['', ' ', '\n\n\t', '... --- !!! “” ‘’ ()', '😀 👍🏽 🎉']) {
      assert.equal(tokenize(s).count, 0, `${JSON.stringify(s)} gave ${JSON.stringify(raws(s))}`);
    }
  });

  it('counts offsets in UTF-16 code units across emoji (surrogate pairs)', () => {
    const text = 'hi 😀 there 👍🏽👍🏽 end';
    // 'hi' 0-2, ' ' 2, 😀 3-5, ' ' 5, 'there' 6-11, ' ' 11, two thumbs with skin tone 12-20, ' ' 20, 'end' 21-24
    assert.deepEqual(spans(text), [
      [0, 2],
      [6, 11],
      [21, 24],
    ]);
    assert.equal(text.slice(21, 24), 'end');
    checkInvariants(text, tokenize(text));
  });

  it('keeps astral letters whole and NFKC-folds them (mathematical bold ABC == abc)', () => {
    const text = 'x 𝐀𝐁𝐂 y';
    assert.deepEqual(spans(text), [
      [0, 1],
      [2, 8],
      [9, 10],
    ]);
    assert.equal(words(text)[1], 'abc');
    assert.equal(ids(text)[1], oneId('abc'));
  });

  it('keeps combining marks inside their word; decomposed and precomposed forms are equal', () => {
    const decomposed = 'cafe\u0301 bar'; // e + COMBINING ACUTE ACCENT
    assert.deepEqual(spans(decomposed), [
      [0, 5],
      [6, 9],
    ]);
    assert.equal(oneId('cafe\u0301'), oneId('caf\u00e9'));
    assert.equal(oneId('CAFE\u0301'), oneId('café'));
    // Several marks on one base, and a Devanagari word with vowel signs (category Mc/Mn).
    assert.deepEqual(spans('a\u0301\u0327b c'), [
      [0, 4],
      [5, 6],
    ]);
    assert.deepEqual(raws('नमस्ते दुनिया'), ['नमस्ते', 'दुनिया']);
  });

  it('does not make a token of an emoji presentation selector (❤️ and ❤ tokenize alike)', () => {
    assert.deepEqual(words('I ❤️ NY'), ['i', 'ny']);
    assert.deepEqual(ids('I ❤️ NY ⚠️ now'), ids('I ❤ NY ⚠ now'));
  });

  it('does not swallow the character after a lone high surrogate', () => {
    // JSON input can carry unpaired surrogates ("\ud800"); the word after one must stay whole.
    const text = 'x \ud800word';
    assert.deepEqual(raws(text), ['x', 'word']);
  });
});

describe('tokenize: normalization', () => {
  it('applies NFKC: ligatures, full-width letters and digits equal their plain forms', () => {
    assert.equal(oneId('\ufb01nance'), oneId('finance')); // ﬁ ligature
    assert.equal(oneId('ﬁnance'), oneId('FINANCE'));
    assert.equal(oneId('ＡＢＣ'), oneId('abc')); // full-width
    assert.equal(oneId('ｒｅｐｒｉｎｔ'), oneId('reprint'));
    assert.equal(oneId('１２３'), oneId('123'));
    assert.equal(oneId('Ⅻ'), oneId('xii')); // roman numeral compatibility form
    assert.notEqual(oneId('finance'), oneId('finances'));
  });

  it('case-folds, including ß → ss and final sigma', () => {
    assert.equal(oneId('Straße'), oneId('strasse'));
    assert.equal(oneId('STRASSE'), oneId('straße'));
    assert.equal(oneId('ẞ'), oneId('ss'));
    assert.equal(oneId('ΟΔΟΣ'), oneId('οδος')); // final ς folds to σ
    assert.equal(oneId('οδος'), oneId('οδοσ'));
    assert.equal(oneId('Hello'), oneId('hELLO'));
    assert.equal(words('ÉCOLE Über')[0], 'école');
  });

  it('gives curly and straight apostrophes the same id', () => {
    const straight = oneId("Syria's");
    for (const s of ['Syria’s', 'Syria‘s', 'Syriaʼs', "SYRIA'S"]) assert.equal(oneId(s), straight, s);
    assert.equal(oneId('don’t'), oneId("don't"));
    assert.deepEqual(ids('“Kerry’s” plan'), ids('"Kerry\'s" plan'));
  });
});

describe('tokenize: joiners and splits', () => {
  const cases: [string, string[]][] = [
    ['the U.S. said', ['the', 'u.s', 'said']],
    ['rate 5.93 percent', ['rate', '5.93', 'percent']],
    ['155,221 people', ['155,221', 'people']],
    ['1,000,000.50', ['1,000,000.50']],
    ['Syria’s war', ["syria's", 'war']],
    ["rock'n'roll", ["rock'n'roll"]],
    // A comma joins digits only; an apostrophe joins letters only.
    ['a,b', ['a', 'b']],
    ['5, 6', ['5', '6']],
    ['1,a', ['1', 'a']],
    ["1990's", ['1990', 's']],
    // Joiners at the edges of a word are not part of it.
    ["'quoted'", ['quoted']],
    ['end.', ['end']],
    ['...start', ['start']],
    ['x. y', ['x', 'y']],
    ['1, 2.', ['1', '2']],
    // Hyphens and dashes split.
    ['well-known', ['well', 'known']],
    ['Jan–Feb 2016—2017', ['jan', 'feb', '2016', '2017']],
    ['so-called', ['so', 'called']],
    ['a/b c_d', ['a', 'b', 'c', 'd']],
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)} → ${JSON.stringify(expected)}`, () => {
      assert.deepEqual(words(input), expected);
      checkInvariants(input, tokenize(input));
    });
  }
});

describe('tokenize: CJK', () => {
  it('makes each Han and kana character one token', () => {
    assert.deepEqual(raws('中华人民共和国'), ['中', '华', '人', '民', '共', '和', '国']);
    assert.deepEqual(raws('東京タワーへ'), ['東', '京', 'タ', 'ワ', 'ー', 'へ']);
    assert.deepEqual(spans('abc中文def'), [
      [0, 3],
      [3, 4],
      [4, 5],
      [5, 8],
    ]);
    // Hangul is written with spaces between words: a word is one token.
    assert.deepEqual(raws('한국어 문장'), ['한국어', '문장']);
  });

  it('makes each astral Han character (CJK extension B) one token too', () => {
    // U+20000 and U+20001: two Han characters, written without a space.
    assert.deepEqual(raws('\u{20000}\u{20001}'), ['\u{20000}', '\u{20001}']);
  });
});

/** Characters a random test string is drawn from: ASCII, joiners, apostrophes and non-ASCII of every class. */
const ALPHABET = [
  ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
  ...'    ..,,\'\'-_/!?"()\n\t',
  '’',
  '‘',
  'ʼ',
  '“',
  '”',
  '–',
  '—',
  'é',
  'Ü',
  'ß',
  'ẞ',
  'ς',
  'Σ',
  'İ',
  'ﬁ',
  'ﬅ',
  'Ａ',
  '１',
  '\u0301',
  '\u0327',
  '中',
  '文',
  'タ',
  'ー',
  '한',
  'न',
  '\u094d',
  '😀',
  '👍🏽',
  '𝐀',
  '\u{20000}',
  '\ufe0f',
  '\u200d',
  '\u00a0',
  '\u2028',
];

function randomString(r: Rng, maxLen: number): string {
  const n = r.int(0, maxLen);
  let s = '';
  for (let i = 0; i < n; i++) s += r.pick(ALPHABET);
  return s;
}

describe('tokenize: properties on random strings (seeded)', () => {
  it("the scanner's id equals tokenId(normalizeToken(raw)) for every token", () => {
    const r = rng(0x7e57);
    let tokens = 0;
    let ascii = 0;
    for (let k = 0; k < 2000; k++) {
      const text = randomString(r, 80);
      const t = tokenize(text);
      for (let i = 0; i < t.count; i++) {
        const raw = text.slice(t.start[i], t.end[i]);
        assert.equal(t.id[i], tokenId(normalizeToken(raw)), `token ${JSON.stringify(raw)} of ${JSON.stringify(text)}`);
        if (/^[\x00-\x7f’‘ʼ]*$/.test(raw)) ascii++;
        tokens++;
      }
    }
    // Both paths were exercised.
    assert.ok(tokens > 5000, `only ${tokens} tokens`);
    assert.ok(ascii > 1000 && ascii < tokens, `${ascii} fast-path tokens of ${tokens}`);
  });

  it('never throws; offsets increase and do not overlap (1,000 strings, lone surrogates included)', () => {
    const r = rng(1234);
    const extra = ['\ud800', '\udc00', '\udbff', '\udfff'];
    for (let k = 0; k < 1000; k++) {
      let text = randomString(r, 120);
      if (k % 4 === 0) {
        // Splice in unpaired surrogates, as JSON escapes can produce.
        const at = r.int(0, text.length);
        text = text.slice(0, at) + r.pick(extra) + text.slice(at);
      }
      const t = tokenize(text);
      checkInvariants(text, t);
    }
  });

  it('covers every letter, digit and mark that has a base (well-formed strings)', () => {
    const r = rng(99);
    const isWord = /[\p{L}\p{N}]/u;
    for (let k = 0; k < 1000; k++) {
      const text = randomString(r, 80);
      const t = tokenize(text);
      const covered = new Uint8Array(text.length);
      for (let i = 0; i < t.count; i++) covered.fill(1, t.start[i], t.end[i]);
      for (const m of text.matchAll(/[\p{L}\p{N}]/gu)) {
        assert.ok(isWord.test(m[0]));
        assert.equal(covered[m.index], 1, `${JSON.stringify(m[0])} at ${m.index} of ${JSON.stringify(text)} is in no token`);
      }
    }
  });

  it('is stable: the same text gives the same tokens, and a prefix of spaces only shifts offsets', () => {
    const r = rng(4242);
    for (let k = 0; k < 300; k++) {
      const text = randomString(r, 60);
      const a = tokenize(text);
      const b = tokenize('   ' + text);
      assert.equal(b.count, a.count, JSON.stringify(text));
      for (let i = 0; i < a.count; i++) {
        assert.equal(b.start[i], (a.start[i] as number) + 3);
        assert.equal(b.end[i], (a.end[i] as number) + 3);
        assert.equal(b.id[i], a.id[i]);
      }
    }
  });

  it('grows its arrays past the initial capacity (many one-letter tokens)', () => {
    const text = Array.from({ length: 5000 }, (_, i) => String.fromCharCode(97 + (i % 26))).join(' ');
    const t = tokenize(text);
    assert.equal(t.count, 5000);
    assert.equal(t.start[4999], 9998);
    assert.equal(t.end[4999], 9999);
    checkInvariants(text, t);
  });
});
