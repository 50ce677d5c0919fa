/**
 * WARC/1.1 records written by hand for tests (ISO 28500: a version line, named fields, a blank
 * line, the block of Content-Length bytes, then CRLF CRLF), and .warc.gz files with one gzip
 * member per record, as crawlers write them.
 */
import { gzipSync } from 'node:zlib';

export interface WarcSpec {
  type: 'warcinfo' | 'request' | 'response' | 'resource' | 'metadata' | 'revisit' | 'conversion';
  uri?: string;
  date?: string;
  contentType?: string;
  block: string | Buffer;
  /** Header fields to add or to override (`Content-Length` too: to write a lying record). */
  fields?: Record<string, string>;
  /** Replace the version line (to write a garbled record). */
  versionLine?: string;
}

let serial = 0;

export function warcRecord(spec: WarcSpec): Buffer {
  const block = typeof spec.block === 'string' ? Buffer.from(spec.block) : spec.block;
  const fields: Record<string, string> = {
    'WARC-Type': spec.type,
    'WARC-Record-ID': `<urn:uuid:00000000-0000-4000-8000-${String(++serial).padStart(12, '0')}>`,
    'WARC-Date': spec.date ?? '2024-03-14T10:00:00Z',
  };
  if (spec.uri !== undefined) fields['WARC-Target-URI'] = spec.uri;
  if (spec.contentType !== undefined) fields['Content-Type'] = spec.contentType;
  fields['Content-Length'] = String(block.length);
  Object.assign(fields, spec.fields ?? {});
  const head = [spec.versionLine ?? 'WARC/1.1', ...Object.entries(fields).map(([k, v]) => `${k}: ${v}`)].join('\r\n');
  return Buffer.concat([Buffer.from(`${head}\r\n\r\n`), block, Buffer.from('\r\n\r\n')]);
}

export interface HttpOptions {
  status?: number;
  contentType?: string;
  headers?: Record<string, string>;
  /** Send the body with Transfer-Encoding: chunked. */
  chunked?: boolean;
}

/** An HTTP/1.1 response message (the block of a `response` record). */
export function httpResponse(body: string | Buffer, o: HttpOptions = {}): Buffer {
  const raw = typeof body === 'string' ? Buffer.from(body) : body;
  const status = o.status ?? 200;
  const headers: Record<string, string> = { 'Content-Type': o.contentType ?? 'text/html; charset=utf-8', Server: 'nginx', ...(o.headers ?? {}) };
  let payload = raw;
  if (o.chunked) {
    headers['Transfer-Encoding'] = 'chunked';
    const parts: Buffer[] = [];
    for (let i = 0; i < raw.length; i += 100) {
      const piece = raw.subarray(i, i + 100);
      parts.push(Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n'));
    }
    parts.push(Buffer.from('0\r\n\r\n'));
    payload = Buffer.concat(parts);
  } else {
    headers['Content-Length'] = String(raw.length);
  }
  const head = [`HTTP/1.1 ${status} ${status === 200 ? 'OK' : 'Status'}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)].join('\r\n');
  return Buffer.concat([Buffer.from(`${head}\r\n\r\n`), payload]);
}

/** A `response` record holding an HTML page fetched from `uri`. */
export function pageRecord(uri: string, html: string | Buffer, date?: string, http: HttpOptions = {}): Buffer {
  const spec: WarcSpec = { type: 'response', uri, contentType: 'application/http; msgtype=response', block: httpResponse(html, http) };
  if (date !== undefined) spec.date = date;
  return warcRecord(spec);
}

/** The `request` record a crawler writes before each response. */
export function requestRecord(uri: string): Buffer {
  const host = new URL(uri).host;
  return warcRecord({ type: 'request', uri, contentType: 'application/http; msgtype=request', block: `GET ${new URL(uri).pathname} HTTP/1.1\r\nHost: ${host}\r\nUser-Agent: test-crawler/1.0\r\n\r\n` });
}

export function warcinfoRecord(): Buffer {
  return warcRecord({ type: 'warcinfo', contentType: 'application/warc-fields', block: 'software: test-crawler/1.0\r\nformat: WARC File Format 1.1\r\n' });
}

/** A WARC file: records as they are, or each gzipped on its own (.warc.gz). */
export function warcFile(records: readonly Buffer[], gzip: boolean): Buffer {
  return Buffer.concat(gzip ? records.map((r) => gzipSync(r)) : records);
}
