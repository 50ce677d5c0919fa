/**
 * Which reader an input needs: by its name first (`.warc.gz` is gzip holding WARC), by its first
 * bytes when the name says nothing (standard input, no or an unknown extension): gzip magic →
 * inflate and look again; `PAR1` → Parquet; `WARC/` → WARC; `{` → JSON Lines; `<` → HTML; else
 * plain text (which a NUL byte then turns into a rejection as binary).
 */
import path from 'node:path';

export type Format = 'text' | 'html' | 'warc' | 'jsonl' | 'csv' | 'parquet';

const BY_EXTENSION: Readonly<Record<string, Format>> = {
  '.txt': 'text',
  '.text': 'text',
  '.html': 'html',
  '.htm': 'html',
  '.xhtml': 'html',
  '.warc': 'warc',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.csv': 'csv',
  '.parquet': 'parquet',
};

/** Extensions of files that are never articles to read (documents, archives, media, binaries). */
const UNSUPPORTED = new Set(
  '.pdf .doc .docx .odt .rtf .xls .xlsx .ods .ppt .pptx .odp .epub .zip .tar .tgz .7z .rar .bz2 .xz .zst .lz4 .png .jpg .jpeg .gif .webp .bmp .tif .tiff .ico .svg .mp3 .mp4 .m4a .wav .ogg .flac .mov .avi .mkv .webm .woff .woff2 .ttf .otf .exe .dll .so .dylib .bin .o .class .jar .pyc .wasm .db .sqlite .sqlite3 .arrow .feather .avro .orc'.split(' '),
);

export interface NameFormat {
  /** The format the name gives, if it gives one. */
  format?: Format;
  /** The name ends in `.gz`. */
  gzip: boolean;
  /** The extension of a file type reprint does not read. */
  unsupported?: string;
}

export function formatFromName(name: string): NameFormat {
  let base = path.basename(name).toLowerCase();
  const gzip = base.endsWith('.gz');
  if (gzip) base = base.slice(0, -3);
  const ext = path.extname(base);
  const format = BY_EXTENSION[ext];
  if (format !== undefined) return { format, gzip };
  if (UNSUPPORTED.has(ext)) return { gzip, unsupported: ext };
  return { gzip };
}

function startsWith(b: Uint8Array, at: number, ascii: string): boolean {
  for (let i = 0; i < ascii.length; i++) if (b[at + i] !== ascii.charCodeAt(i)) return false;
  return true;
}

/** The format the first bytes of an (uncompressed) input show. */
export function sniff(head: Uint8Array): Format {
  if (startsWith(head, 0, 'PAR1')) return 'parquet';
  let i = startsWith(head, 0, '\xef\xbb\xbf') ? 3 : 0;
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x09 || head[i] === 0x0a || head[i] === 0x0d)) i++;
  if (startsWith(head, i, 'WARC/')) return 'warc';
  if (head[i] === 0x7b) return 'jsonl';
  if (head[i] === 0x3c) return 'html';
  return 'text';
}
