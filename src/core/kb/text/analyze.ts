// One analyzer for documents and questions, so that both meet on the same terms: case and accent
// folding, French elision, stop words, light stemming, and codes/versions kept whole.
import { stem } from './stem.js';
import { FRENCH_MARKERS, STOP_WORDS } from './stop-words.js';
import { SHORTHAND } from './synonyms.js';

const MAX_TOKEN = 40;
// A word, or a compound joined by . _ - (v8.11, err_ssl_protocol, node.js, follow-the-sun).
const TOKEN = /[\p{L}\p{N}]+(?:[._-][\p{L}\p{N}]+)*/gu;
// French elision: l'erreur, d'accès, qu'est-ce, jusqu'à.
const ELISION = /(?<![\p{L}\p{N}])(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu)'(?=\p{L})/gu;
const PART = /[._-]/;
// Versions (v8.11, 8.11.2) are one term without the "v": their parts ("8", "11") would match noise.
const VERSION = /^v?(\d+(?:\.\d+)+)$/;

/** Lower case, accents folded (sévérité → severite), typographic apostrophes made plain. */
export function foldText(text: string): string {
  return text
    .toLowerCase()
    .replace(/[’ʼ‘`]/g, "'")
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');
}

function simpleTerm(written: string, lang: string): string | null {
  const word = SHORTHAND.get(written) ?? written;
  if (word.length > MAX_TOKEN || STOP_WORDS.has(word)) return null;
  if (word.length < 2 && !/\d/.test(word)) return null;
  return stem(word, lang);
}

/**
 * Splits text into index terms. Compounds yield themselves and their parts. When `surfaces` is
 * given, it receives each term's word as written (folded, not stemmed), index for index: typo
 * correction needs it ("lgos" stems to "lgo", too short to correct; "lgos" is one swap from "logs").
 */
export function analyze(text: string, lang: string, surfaces?: string[]): string[] {
  const folded = foldText(text).replace(ELISION, ' ');
  const terms: string[] = [];
  const push = (term: string | null, surface: string): void => {
    if (!term) return;
    terms.push(term);
    surfaces?.push(surface);
  };
  for (const match of folded.matchAll(TOKEN)) {
    const word = match[0];
    if (!PART.test(word)) {
      push(simpleTerm(word, lang), word);
      continue;
    }
    const version = VERSION.exec(word);
    if (version) {
      push(version[1] ?? word, word);
      continue;
    }
    if (word.length <= MAX_TOKEN && !STOP_WORDS.has(word)) push(word, word);
    for (const part of word.split(PART)) push(simpleTerm(part, lang), part);
  }
  return terms;
}

/** Guesses whether a question is French or English from its function words and accents. */
export function detectLang(text: string): 'en' | 'fr' {
  const lower = text.toLowerCase().replace(/[’']/g, ' ');
  let french = /[éèêàùçœ]/.test(lower) ? 1 : 0;
  let english = 0;
  for (const word of lower.split(/[^\p{L}]+/u)) {
    if (FRENCH_MARKERS.has(word)) french += 1;
    else if (
      /^(the|is|are|how|what|why|when|where|do|does|my|i|to|can|with|of|and|it)$/.test(word)
    ) {
      english += 1;
    }
  }
  return french > english ? 'fr' : 'en';
}
