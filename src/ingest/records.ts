/**
 * What readers yield, built one way everywhere: an article, a rejection naming the input and the
 * line or record, or a warning. Also the one wording of why a source could not be read.
 */
import type { Article, InputRecord } from '../model/types.js';

export function articleRecord(article: Article, input: string, line?: number): InputRecord {
  return { kind: 'article', article, origin: line === undefined ? { input } : { input, line } };
}

export function reject(input: string, line: number | undefined, reason: string): InputRecord {
  return { kind: 'rejected', rejection: line === undefined ? { input, reason } : { input, line, reason } };
}

export function warn(input: string, line: number | undefined, message: string): InputRecord {
  return { kind: 'warning', warning: line === undefined ? { input, message } : { input, line, message } };
}

/**
 * An input that failed while being read (a truncated gzip stream, a file deleted mid-read): the
 * message already says what and where.
 */
export class SourceError extends Error {
  override readonly name = 'SourceError';
}

export function ioReason(e: unknown): string {
  if (e instanceof SourceError) return e.message;
  const err = e as NodeJS.ErrnoException;
  switch (err.code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    default:
      return `cannot read: ${err.message ?? String(e)}`;
  }
}

/** "10,485,760 bytes": sizes in messages. */
export function bytes(n: number): string {
  return `${n.toLocaleString('en-US')} byte${n === 1 ? '' : 's'}`;
}

/** The reason a document over the size limit is rejected. `size` is exact, or a lower bound. */
export function tooLarge(size: number, max: number, exact: boolean): string {
  return `document too large: ${exact ? '' : 'more than '}${bytes(size)}, over the --max-doc-bytes limit of ${bytes(max)}`;
}
