/**
 * reprint's library API. The engine is pure; reading inputs and storage are separate entry points
 * here so that a caller can bring its own records or its own store.
 */
export { scan, indexRecords, reportOf, reportWith, check, compare } from './engine.js';
export { createWorkers, defaultThreads } from './engine/pool.js';
export type { Workers } from './engine/pool.js';
export type { RunOptions, RunHooks, Stage, IndexResult, CheckResult, CheckSource, CheckPassage, Comparison } from './engine.js';
export { readInputs } from './ingest/read.js';
export { toArticle } from './ingest/to-article.js';
export type { ReadOptions } from './ingest/read.js';
export { openStore, createMemoryStore, openSqliteStore } from './store/index.js';
export type { Store } from './store/store.js';
export { renderHtml } from './report/html.js';
export { REPORT_FORMAT, REPORT_VERSION } from './report/contract.js';
export type * from './report/contract.js';
export type { Article, InputRecord, InputWarning, Rejection, RecordOrigin, IndexedDoc, AlignedPassage, Span } from './model/types.js';
export { DEFAULT_OPTIONS, resolveOptions } from './options.js';
export type { Options } from './options.js';
export { tokenize } from './text/tokenize.js';
export { defaultLexicon } from './lexicon/load.js';
export { aliasTable, DEFAULT_ALIASES, AliasSyntaxError } from './lexicon/aliases.js';
export { canonicalize, emptyLexicon, loadLexicon } from './lexicon/lexicon.js';
export type { Lexicon } from './lexicon/lexicon.js';
export type { Tokens } from './text/tokenize.js';
export { VERSION } from './version.js';
