/**
 * Article texts in an anonymous temporary file instead of memory, for the memory store's columns
 * (memory.ts): at a million articles the texts are a gigabyte, most of which is never read again (only
 * documents in candidate pairs are aligned, only documents in passages carry their text into the
 * report). The file is unlinked as soon as it is open, so nothing is left behind whatever happens; the
 * operating system's page cache keeps what is read often.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmdirSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TextSpill } from './memory.js';

const FLUSH_BYTES = 4 << 20;

export function spillFile(): TextSpill {
  const dir = mkdtempSync(path.join(tmpdir(), 'reprint-texts-'));
  const file = path.join(dir, 'texts');
  const fd = openSync(file, 'w+');
  let named = true;
  try {
    unlinkSync(file);
    rmdirSync(dir);
    named = false;
  } catch {
    // A system that cannot unlink an open file: removed on close instead.
  }
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let written = 0;
  const flush = (): void => {
    if (pendingBytes === 0) return;
    const all = pending.length === 1 ? (pending[0] as Buffer) : Buffer.concat(pending, pendingBytes);
    for (let at = 0; at < all.length; ) at += writeSync(fd, all, at, all.length - at, written + at);
    written += all.length;
    pending = [];
    pendingBytes = 0;
  };
  return {
    append(bytes) {
      const at = written + pendingBytes;
      pending.push(bytes);
      pendingBytes += bytes.length;
      if (pendingBytes >= FLUSH_BYTES) flush();
      return at;
    },
    read(at, length) {
      if (at + length > written) flush();
      const out = Buffer.allocUnsafe(length);
      for (let got = 0; got < length; ) {
        const n = readSync(fd, out, got, length - got, at + got);
        if (n === 0) throw new Error('store: texts file ended early');
        got += n;
      }
      return out;
    },
    close() {
      closeSync(fd);
      if (named) {
        try {
          unlinkSync(file);
          rmdirSync(dir);
        } catch {
          // already gone
        }
      }
    },
  };
}
