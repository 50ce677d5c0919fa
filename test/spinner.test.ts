/**
 * The spin benchmark's spinner (bench/spinner.ts) over a tiny hand-made WordNet: seeded, replaces the
 * share asked for, leaves function words, numbers and names alone, keeps capitals and inflections.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aliasEntities, sentences, spin, swapAliases, thesaurus, type Thesaurus } from '../bench/spinner.js';
import type { Pos, WordNet } from '../src/lexicon/wordnet.js';
import { tokenize } from '../src/text/tokenize.js';
import { rng } from './helpers/random.js';

/** A WordNet of a few synsets; "in" and "boston" have synonyms too, so that only the rules keep them. */
function tinyWordNet(): WordNet {
  const synsets: [Pos, string[]][] = [
    ['verb', ['attract', 'pull', 'draw', 'pull_in']],
    ['noun', ['price', 'cost', 'toll']],
    ['verb', ['rise', 'climb', 'go_up']],
    ['noun', ['company', 'firm', 'business']],
    ['adv', ['sharply', 'steeply']],
    ['noun', ['in', 'inch']],
    ['noun', ['boston', 'beantown']],
    ['adj', ['new', 'fresh', 'novel']],
    ['noun', ['buyer', 'purchaser', 'emptor']],
    ['verb', ['say', 'state', 'tell']],
  ];
  const wn: WordNet = { senses: new Map(), lemmas: new Map(), similar: new Map() };
  synsets.forEach(([pos, words], id) => {
    wn.lemmas.set(id, words);
    for (const w of words) {
      const list = wn.senses.get(w) ?? [];
      list.push({ pos, synsets: [id] });
      wn.senses.set(w, list);
    }
  });
  return wn;
}

const FREQ = new Map([['went', 5], ['climbed', 3], ['stated', 2], ['told', 2]]);
const th: Thesaurus = thesaurus(tinyWordNet(), (f) => FREQ.get(f) ?? 0);
const TEXT = 'Prices rose sharply in Boston as 12 new companies said they would attract buyers. The firm said prices in Boston rose.';

function words(text: string): string[] {
  const t = tokenize(text);
  return Array.from({ length: t.count }, (_, i) => text.slice(t.start[i], t.end[i]));
}

describe('spinner', () => {
  it('is deterministic for a seed', () => {
    assert.deepEqual(spin(TEXT, 0.3, th, rng(5)), spin(TEXT, 0.3, th, rng(5)));
  });

  it('replaces the share of all words asked for, or every replaceable word', () => {
    const long = Array(10).fill(TEXT).join(' ');
    const n = words(long).length;
    for (const rate of [0.1, 0.2, 0.3]) {
      const r = spin(long, rate, th, rng(7));
      assert.equal(r.words, n);
      assert.equal(r.swaps.length, Math.round(rate * n));
    }
    const all = spin(long, 1, th, rng(7));
    assert.equal(all.swaps.length, all.replaceable);
    assert.ok(all.replaceable < n);
    assert.equal(spin(long, 0, th, rng(7)).text, long);
  });

  it('never replaces function words, numbers or capitalized words inside a sentence', () => {
    const r = spin(TEXT, 1, th, rng(3));
    const out = words(r.text);
    for (const w of ['in', '12', 'Boston', 'they', 'would', 'as', 'The']) {
      assert.equal(out.filter((x) => x === w).length, words(TEXT).filter((x) => x === w).length, w);
    }
    for (const s of r.swaps) assert.ok(!['in', '12', 'Boston', 'they', 'would'].includes(s.from), s.from);
  });

  it('keeps a capital first letter and the inflection', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const r = spin(TEXT, 1, th, rng(seed));
      assert.match(r.text, /^(Costs|Tolls) /);
      const past = r.swaps.filter((s) => s.from === 'rose').map((s) => s.to);
      for (const p of past) assert.ok(['climbed', 'went up'].includes(p), p);
      for (const s of r.swaps.filter((x) => x.from === 'companies')) assert.ok(['firms', 'businesses'].includes(s.to), s.to);
      for (const s of r.swaps.filter((x) => x.from === 'said')) assert.ok(['stated', 'told'].includes(s.to), s.to);
    }
  });

  it('swaps every alias occurrence for another variant, leaving the pronoun "us" alone', () => {
    const entities = aliasEntities('united states | US | u.s | usa\nmillion | mln');
    const r = swapAliases('The U.S. sold 5 mln tons to us. U.S. exports rose.', entities, rng(1));
    assert.equal(r.swaps, 3);
    assert.doesNotMatch(r.text, /U\.S\.|mln/);
    assert.match(r.text, / to us\./);
    assert.match(r.text, /5 million tons/);
  });

  it('splits sentences, not abbreviations', () => {
    const text = 'The U.S. Agriculture Department said so.\n    Prices rose 5.5 pct. "It is good," he said. Mr. Smith agreed.';
    assert.deepEqual(
      sentences(text).map((s) => text.slice(s.start, s.end)),
      ['The U.S. Agriculture Department said so.', 'Prices rose 5.5 pct.', '"It is good," he said.', 'Mr. Smith agreed.'],
    );
  });
});
