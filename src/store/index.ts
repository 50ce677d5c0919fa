/** The storage layer's entry point: pick a backend from the `--db` value. */
import { createMemoryStore } from './memory.js';
import { openSqliteStore } from './sqlite.js';
import { spillFile } from './spill.js';
import type { Store } from './store.js';

export type { Store } from './store.js';
export { createMemoryStore } from './memory.js';
export { openSqliteStore } from './sqlite.js';

/**
 * '' keeps the index in memory only (texts of a large corpus spilled to a temporary file); any other
 * path (or `:memory:`) is a SQLite database.
 */
export function openStore(path: string): Store {
  return path === '' ? createMemoryStore({ spill: spillFile }) : openSqliteStore(path);
}
