/**
 * Where an article's text sits in the memory store's shared text buffers (memory.ts TextStore), on the
 * article objects it hands out (a non-enumerable symbol property): a worker thread can read the text
 * from the shared memory itself instead of receiving a copy of the string.
 */
export const TEXT_REF = Symbol.for('reprint.textRef');

export interface TextRef {
  /** The text's bytes: Latin-1, or UTF-16LE when `wide`. */
  bytes: Uint8Array;
  wide: boolean;
}

/** The text behind a reference. */
export function readText(ref: TextRef): string {
  const b = ref.bytes;
  return Buffer.from(b.buffer, b.byteOffset, b.length).toString(ref.wide ? 'utf16le' : 'latin1');
}
