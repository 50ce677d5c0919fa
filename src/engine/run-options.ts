/**
 * The options of a run as callers give them (plain data, so they travel to worker threads), and
 * what they resolve to.
 */
import { emptyLexicon, type Lexicon } from '../lexicon/lexicon.js';
import { defaultLexicon } from '../lexicon/load.js';
import { resolveOptions, type Derived, type Options } from '../options.js';

/**
 * What a run is tuned with: the outcomes of Options, and how spinning is seen through — by default
 * WordNet synonyms and the built-in aliases plus `aliases` (alias table files); `spin: false` for
 * exact matching only; or a `lexicon` of the caller's own (null: exact matching only). Plain data, so
 * it travels to worker threads.
 */
export type RunOptions = Partial<Options> & {
  spin?: boolean | undefined;
  aliases?: readonly string[] | undefined;
  lexicon?: Lexicon | null | undefined;
};

let noSpin: Lexicon | undefined;

export function derive(options: RunOptions): Derived {
  const { lexicon, spin, aliases, ...rest } = options;
  const lex = lexicon !== undefined ? lexicon : spin === false ? null : defaultLexicon(aliases ?? []);
  return resolveOptions(rest, lex ?? (noSpin ??= emptyLexicon()));
}
