/**
 * Temporary fixtures for ingest tests: a root folder removed after the test file, fresh folders
 * filled with files (string → UTF-8, bytes as given), and records read back, split by kind.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import { readInputs, type ReadOptions } from '../../src/ingest/read.js';
import type { Article, InputRecord, InputWarning, Rejection } from '../../src/model/types.js';

export function tempRoot(prefix: string): { folder(files: Record<string, string | Uint8Array>): string; file(name: string, content: string | Uint8Array): string } {
  const root = mkdtempSync(path.join(tmpdir(), prefix));
  after(() => rmSync(root, { recursive: true, force: true }));
  let made = 0;
  const folder = (files: Record<string, string | Uint8Array>): string => {
    const dir = path.join(root, `case-${made++}`);
    mkdirSync(dir, { recursive: true });
    for (const [name, content] of Object.entries(files)) {
      const full = path.join(dir, name);
      mkdirSync(path.dirname(full), { recursive: true });
      writeFileSync(full, content);
    }
    return dir;
  };
  return { folder, file: (name, content) => path.join(folder({ [name]: content }), name) };
}

export async function readAll(inputs: string[], options: ReadOptions = {}): Promise<InputRecord[]> {
  const out: InputRecord[] = [];
  for await (const r of readInputs(inputs, options)) out.push(r);
  return out;
}

export interface Read {
  article: Article;
  input: string;
  line: number | undefined;
}

export function articlesOf(records: InputRecord[]): Read[] {
  return records.flatMap((r) => (r.kind === 'article' ? [{ article: r.article, input: r.origin.input, line: r.origin.line }] : []));
}

export function rejectionsOf(records: InputRecord[]): Rejection[] {
  return records.flatMap((r) => (r.kind === 'rejected' ? [r.rejection] : []));
}

export function warningsOf(records: InputRecord[]): InputWarning[] {
  return records.flatMap((r) => (r.kind === 'warning' ? [r.warning] : []));
}
