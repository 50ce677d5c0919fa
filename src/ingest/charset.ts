/**
 * Bytes to text. A byte order mark wins; then the charset the input declares (an HTTP header, an
 * HTML `<meta>`); then UTF-8 when the bytes are valid UTF-8; else Windows-1252 (what "Latin-1"
 * text on the web almost always is), with a warning. Decoding is the built-in TextDecoder (full
 * ICU: windows-125x, iso-8859-*, shift_jis, euc-jp, gbk, gb18030, big5, euc-kr, koi8-r, …).
 */
import { isUtf8 } from 'node:buffer';

export interface Decoded {
  text: string;
  /** The encoding used (a WHATWG name such as "utf-8" or "windows-1252"). */
  charset: string;
  /** Set when the charset was a guess, or a declared one could not be used. */
  warning?: string;
}

const FALLBACK = 'windows-1252';
/** Decoders are costly to make; UTF-8 is the common case. It drops a leading BOM. */
const UTF8 = new TextDecoder('utf-8');

const BOMS: [number[], string][] = [
  [[0xef, 0xbb, 0xbf], 'utf-8'],
  [[0xff, 0xfe], 'utf-16le'],
  [[0xfe, 0xff], 'utf-16be'],
];

/** The encoding a byte order mark names, and the mark's length; null without one. */
export function bomOf(buf: Uint8Array): { charset: string; length: number } | null {
  for (const [mark, charset] of BOMS) {
    if (buf.length >= mark.length && mark.every((b, i) => buf[i] === b)) return { charset, length: mark.length };
  }
  return null;
}

/**
 * Windows-1252's bytes 0x80–0x9F (€ ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™ š › œ ž Ÿ). Node 20's
 * TextDecoder('windows-1252') decodes them as ISO-8859-1's C1 controls instead; they are mapped
 * here (a no-op on runtimes that get it right).
 */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

function decodeWith(dec: InstanceType<typeof TextDecoder>, buf: Uint8Array): string {
  const s = dec.decode(buf);
  if (dec.encoding !== 'windows-1252') return s;
  return s.replace(/[\u0080-\u009f]/g, (c) => String.fromCharCode(CP1252_HIGH[c.charCodeAt(0) - 0x80] as number));
}

/** A decoder for a charset label, or null when the label names no encoding TextDecoder knows. */
function decoderFor(label: string): InstanceType<typeof TextDecoder> | null {
  try {
    return new TextDecoder(label.trim());
  } catch {
    return null;
  }
}

/**
 * Decodes `buf`. `declared` is the charset the input itself names (HTTP header, `<meta>`), if any.
 * Never throws; the BOM is not part of the text.
 */
export function decodeBytes(buf: Uint8Array, declared?: string | null): Decoded {
  const bom = bomOf(buf);
  if (bom) return { text: new TextDecoder(bom.charset).decode(buf.subarray(bom.length)), charset: bom.charset };
  let warning: string | undefined;
  if (declared) {
    const dec = decoderFor(declared);
    if (dec === null) {
      warning = `unknown charset ${JSON.stringify(declared)}`;
    } else if (dec.encoding !== 'utf-8') {
      return { text: decodeWith(dec, buf), charset: dec.encoding };
    } else if (!isUtf8(buf)) {
      warning = `declared utf-8 but not valid UTF-8 (first bad byte at offset ${firstBadByte(buf)})`;
    }
  }
  if (warning === undefined && isUtf8(buf)) return { text: UTF8.decode(buf), charset: 'utf-8' };
  warning ??= `not valid UTF-8 (first bad byte at offset ${firstBadByte(buf)}) and no charset declared`;
  return { text: decodeWith(new TextDecoder(FALLBACK), buf), charset: FALLBACK, warning: `${warning}: decoded as ${FALLBACK}` };
}

/** Strict UTF-8 (where a format requires it): the text, or an error naming the first bad byte. A BOM is dropped. */
export function decodeUtf8(buf: Uint8Array): string | { error: string } {
  if (!isUtf8(buf)) return { error: `not valid UTF-8 (first bad byte at offset ${firstBadByte(buf)})` };
  return UTF8.decode(buf);
}

/** Offset of the first byte that breaks UTF-8 (RFC 3629), for messages. */
export function firstBadByte(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i] as number;
    const n = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if (((b[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return i;
}

/** The `charset` parameter of a Content-Type value (`text/html; charset="ISO-8859-1"`). */
export function charsetOfContentType(contentType: string | null | undefined): string | null {
  if (!contentType) return null;
  const m = /;\s*charset\s*=\s*(?:"([^"]*)"|([^\s;]+))/i.exec(contentType);
  const v = (m?.[1] ?? m?.[2] ?? '').trim();
  return v === '' ? null : v;
}

/**
 * The charset an HTML document declares in its first bytes: `<meta charset=…>` or
 * `<meta http-equiv="Content-Type" content="…; charset=…">` (the HTML standard's prescan looks at
 * the first 1024 bytes; pages with long heads put it later, so a few KB are read).
 */
export function htmlDeclaredCharset(buf: Uint8Array): string | null {
  const head = Buffer.from(buf.buffer, buf.byteOffset, Math.min(buf.length, 8192)).toString('latin1');
  for (const m of head.matchAll(/<meta\b[^>]*>/gi)) {
    const tag = m[0];
    const direct = /\bcharset\s*=\s*["']?([^"'\s/>;]+)/i.exec(tag);
    if (direct && !/\bhttp-equiv\b/i.test(tag)) return direct[1] ?? null;
    if (/\bhttp-equiv\s*=\s*["']?content-type/i.test(tag)) {
      const content = /\bcontent\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(tag);
      const cs = charsetOfContentType(content?.[1] ?? content?.[2] ?? content?.[3]);
      if (cs) return cs;
    }
  }
  return null;
}

/** Why bytes are binary rather than text (a NUL byte in the first 8 KB), or null. */
export function binaryReason(buf: Uint8Array): string | null {
  if (bomOf(buf)?.charset.startsWith('utf-16')) return null;
  return buf.subarray(0, 8192).includes(0) ? 'binary file (contains NUL bytes), not text' : null;
}
