/**
 * Function words. Spinners leave them alone (a thesaurus lists content words), so they are immutable
 * even where WordNet happens to list them ("in" as inch, "a" as vitamin A, "will" as testament).
 */
export const STOPWORDS: readonly string[] = (
  'a about above after again against all almost along already also although always am among an and ' +
  'another any anybody anyone anything are around as at be because been before being below between both ' +
  'but by can cannot could did do does doing down during each either else even ever every few for from ' +
  'further had has have having he her here hers herself him himself his how however i if in into is it ' +
  "it's its itself just least less many may me might mine more most much must my myself neither no nor " +
  'not now of off on once one only or other others our ours ourselves out over own per rather same shall ' +
  'she should since so some such than that the their theirs them themselves then there these they this ' +
  'those though through thus to too toward towards under until up upon us very via was we were what when ' +
  'where whether which while who whom whose why will with within without would yet you your yours ' +
  'yourself yourselves'
).split(' ');

/**
 * Words that carry a fact a copy keeps — numbers, months, days — though WordNet lists synonyms for
 * them ("million" and "billion" share the sense "a very large number"). Immutable, and content words.
 */
export const FIXED_WORDS: readonly string[] = (
  'zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen ' +
  'sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred ' +
  'hundreds thousand thousands million millions billion billions trillion trillions dozen dozens half ' +
  'quarter first second third fourth fifth sixth seventh eighth ninth tenth percent ' +
  'january february march april june july august september october november december ' +
  'monday tuesday wednesday thursday friday saturday sunday'
).split(' ');
