// Light suffix stripping, one rule set per language. Not a full Snowball stemmer: the aim is that
// singular/plural and the common verb and noun forms of a word meet ("configure", "configured",
// "configuration" → "configur"; "sévérités" → "sever"), measured on the relevance questions.

const MIN_STEM = 3;

function strip(word: string, suffix: string, min = MIN_STEM): string | null {
  return word.endsWith(suffix) && word.length - suffix.length >= min
    ? word.slice(0, -suffix.length)
    : null;
}

function englishPlural(word: string): string {
  if (word.length <= 3) return word;
  return (
    strip(word, 'ies', 2)?.concat('y') ??
    (word.endsWith('ss') || word.endsWith('us') || word.endsWith('is')
      ? word
      : (strip(word, 'sses')?.concat('ss') ?? strip(word, 's') ?? word))
  );
}

function undouble(stem: string): string {
  const n = stem.length;
  if (n >= 4 && stem[n - 1] === stem[n - 2] && !'lsz'.includes(stem[n - 1] ?? '')) {
    return stem.slice(0, -1);
  }
  return stem;
}

const ENGLISH_SUFFIXES = ['ational', 'ation', 'ingly', 'edly', 'ing', 'ied', 'ed', 'ly', 'ment'];

export function stemEnglish(token: string): string {
  let word = englishPlural(token);
  if (word.endsWith('ied') && word.length > 4) return word.slice(0, -3) + 'y';
  for (const suffix of ENGLISH_SUFFIXES) {
    const stem = strip(word, suffix);
    if (stem) {
      word = suffix === 'ing' || suffix === 'ed' ? undouble(stem) : stem;
      break;
    }
  }
  // "connection" → "connect", "permission" → "permiss": Porter's -ion after s/t.
  const ion = strip(word, 'ion', 4);
  if (ion && (ion.endsWith('s') || ion.endsWith('t'))) word = ion;
  const ate = strip(word, 'ate', 5);
  if (ate) word = ate;
  if (word.endsWith('e') && word.length > 4) word = word.slice(0, -1);
  return word;
}

const FRENCH_SUFFIXES = [
  'issements',
  'issement',
  'atrices',
  'atrice',
  'ateurs',
  'ateur',
  'ations',
  'ation',
  'ements',
  'ement',
  'ments',
  'ment',
  'euses',
  'euse',
  'ites',
  'ite',
  'ives',
  'ive',
  'ifs',
  'if',
  'ees',
  'ee',
  'es',
  'er',
  'ez',
  'e',
];

export function stemFrench(token: string): string {
  let word = token;
  if (word.length > 4 && (word.endsWith('aux') || word.endsWith('eux'))) word = word.slice(0, -1);
  else if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) word = word.slice(0, -1);
  for (const suffix of FRENCH_SUFFIXES) {
    const stem = strip(word, suffix);
    if (stem) return stem;
  }
  return word;
}

export function stem(token: string, lang: string): string {
  // Codes, versions and anything with a digit stay as written (E404, v8.11, x509).
  if (/\d/.test(token)) return token;
  return lang === 'fr' ? stemFrench(token) : stemEnglish(token);
}
