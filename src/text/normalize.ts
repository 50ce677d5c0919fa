/**
 * Text normalization. Matching compares normalized tokens; offsets always point into the text as given.
 *
 * A token is normalized with Unicode NFKC (so ligatures, full-width forms and compatibility characters
 * compare equal to their plain forms), then case-folded, with typographic apostrophes folded to `'`.
 */

/** Apostrophe look-alikes that spinners, CMSes and keyboards substitute for U+0027. */
export function isApostrophe(c: number): boolean {
  return c === 0x27 || c === 0x2019 || c === 0x2018 || c === 0x02bc;
}

/**
 * Full case folding for the few characters where lower-casing is not enough (Unicode CaseFolding.txt,
 * status F and the final sigma).
 */
const FOLD: Record<string, string> = { ß: 'ss', ẞ: 'ss', ς: 'σ', ŉ: 'ʼn', ﬅ: 'st', ﬆ: 'st' };
const FOLD_RE = /[ßẞςŉﬅﬆ]/g;
const APOSTROPHES_RE = /[\u2019\u2018\u02bc]/g;

/** The normalized form of one token's raw text. */
export function normalizeToken(raw: string): string {
  let s = raw.normalize('NFKC').toLowerCase();
  s = s.replace(APOSTROPHES_RE, "'");
  return s.replace(FOLD_RE, (c) => FOLD[c] ?? c);
}

/**
 * Punctuation folded for comparing the characters around a passage: curly quotes to straight ones,
 * dashes to `-`, so that `“Kerry”` and `"Kerry"` extend alike.
 */
export function foldPunctuation(c: number): number {
  switch (c) {
    case 0x201c:
    case 0x201d:
    case 0x201e:
    case 0x00ab:
    case 0x00bb:
      return 0x22; // "
    case 0x2018:
    case 0x2019:
    case 0x201a:
    case 0x02bc:
      return 0x27; // '
    case 0x2010:
    case 0x2011:
    case 0x2012:
    case 0x2013:
    case 0x2014:
    case 0x2015:
    case 0x2212:
      return 0x2d; // -
    case 0x2026:
      return 0x2e; // … extends like .
    default:
      return c;
  }
}
