// One analyzer for documents and questions, so that both meet on the same terms: case and accent
// folding, French elision, per-language stop words, light stemming, codes/versions kept whole, and
// identifiers (npm-ci, reply.send, setErrorHandler, UND_ERR_SOCKET) indexed whole and by parts.
import { stem } from './stem.js';
import { FRENCH_MARKERS, stopWords } from './stop-words.js';
import { SHORTHAND } from './synonyms.js';

const MAX_TOKEN = 40;
// A word, or a compound joined by . _ - (v8.11, err_ssl_protocol, node.js, follow-the-sun).
const TOKEN = /[\p{L}\p{N}]+(?:[._-][\p{L}\p{N}]+)*/gu;
// French elision: l'erreur, d'accès, qu'est-ce, jusqu'à.
const ELISION = /(?<![\p{L}\p{N}])(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu)'(?=\p{L})/giu;
const PART = /[._-]/;
// camelCase and PascalCase boundaries: setErrorHandler → set|Error|Handler, HTTPServer → HTTP|Server.
const CAMEL = /(?<=[\p{Ll}\p{N}])(?=\p{Lu})|(?<=\p{Lu})(?=\p{Lu}\p{Ll})/u;
// Versions (v8.11, 8.11.2) are one term without the "v": their parts ("8", "11") would match noise.
const VERSION = /^v?(\d+(?:\.\d+)+)$/;
// Invisible format characters (zero-width space, joiners, BOM, soft hyphen) pasted inside a word.
const INVISIBLE = /[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]/g;

/** Drops invisible format characters (a zero-width space pasted inside ECONNRESET). */
export function stripInvisible(text: string): string {
  return text.replace(INVISIBLE, '');
}

// English contractions: "doesn't" would otherwise leave "doesn" and "t", "Node's" a stray "s".
const NEGATION = /\b(?:(ca)|(wo)|(\p{L}+))n't\b/giu;
const CLITIC = /(?<=\p{L})'(?:ll|re|ve|d|m|s)\b/giu;

/** doesn't → does not, can't → can not, won't → will not, it'll/I'd/we're/Node's → it/I/we/Node. */
function expandContractions(text: string): string {
  return text
    .replace(NEGATION, (_, can?: string, won?: string, word?: string) =>
      won ? 'will not' : `${can ? 'can' : word} not`,
    )
    .replace(CLITIC, '');
}

const NON_ASCII = /[\u0080-\uffff]/;

/** Accents folded (sévérité → severite), invisible characters and typographic apostrophes cleaned; case kept. */
function foldKeepCase(text: string): string {
  // Plain ASCII has only its backticks to change: eight scans and a normalisation of a 4,000
  // character snippet window for nothing were a twentieth of a search.
  if (!NON_ASCII.test(text)) return text.replace(/`/g, "'");
  return text
    .replace(INVISIBLE, '')
    .replace(/[’ʼ‘`]/g, "'")
    .replace(/œ/g, 'oe')
    .replace(/Œ/g, 'OE')
    .replace(/æ/g, 'ae')
    .replace(/Æ/g, 'AE')
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');
}

/** Lower case, accents folded, invisible characters dropped, typographic apostrophes made plain. */
export function foldText(text: string): string {
  return foldKeepCase(text).toLowerCase();
}

/** One analysed term of a text, with what a question needs to know about it. */
export interface AnalysedTerm {
  /** The index term: folded, stemmed in the analysis language. */
  term: string;
  /** The word as written, folded, not stemmed (typo correction works on it: "lgos" → logs). */
  surface: string;
  /** A soft stop word (filler): a question keeps it only where the corpus uses it rarely. */
  soft: boolean;
  /** The whole of a compound identifier (npm-ci, seterrorhandler), as opposed to a plain word or part. */
  compound: boolean;
  /**
   * The method of a call on a receiver, `.use` for app.use(): receivers are named by whoever
   * wrote the code (app, fastify, server), so the method alone meets the docs' fastify.use().
   */
  method?: true;
}

function simpleTerm(written: string, lang: string, soft: boolean): AnalysedTerm | null {
  const word = SHORTHAND.get(written) ?? written;
  if (word.length > MAX_TOKEN) return null;
  const stops = stopWords(lang);
  if (stops.core.has(word)) return null;
  if (word.length < 2 && !/\d/.test(word)) return null;
  return {
    term: stem(word, lang),
    surface: written,
    soft: soft || stops.soft.has(word),
    compound: false,
  };
}

function compoundTerms(raw: string, folded: string, lang: string, out: AnalysedTerm[]): void {
  const version = VERSION.exec(folded);
  if (version) {
    out.push({ term: version[1] ?? folded, surface: folded, soft: false, compound: true });
    return;
  }
  const stops = stopWords(lang);
  if (stops.core.has(folded)) return;
  // A filler compound (celle-ci) goes whole: its parts are no more meaningful than it is.
  const soft = stops.soft.has(folded);
  if (folded.length <= MAX_TOKEN) out.push({ term: folded, surface: folded, soft, compound: true });
  const parts = raw.split(PART);
  for (const part of parts) {
    const pieces = part.split(CAMEL);
    // reply.setErrorHandler: "seterrorhandler" is a name of its own, then set, error, handler.
    if (pieces.length > 1 && parts.length > 1 && part.length <= MAX_TOKEN)
      out.push({ term: part.toLowerCase(), surface: part.toLowerCase(), soft, compound: true });
    for (const piece of pieces) {
      const term = simpleTerm(piece.toLowerCase(), lang, soft);
      if (term) out.push(term);
    }
  }
}

const METHOD_NAME = /^\p{L}[\p{L}\p{N}_]*$/u;

/** `.name` for a call written on a receiver (app.use(, reply.code(): the method without its receiver. */
function methodTerm(raw: string): AnalysedTerm | null {
  const dot = raw.lastIndexOf('.');
  const name = raw.slice(dot + 1).toLowerCase();
  if (dot <= 0 || name.length > MAX_TOKEN || !METHOD_NAME.test(name)) return null;
  return { term: `.${name}`, surface: `.${name}`, soft: false, compound: true, method: true };
}

/** Splits text into analysed terms. Compounds yield themselves and their parts. */
export function analyzeTerms(text: string, lang: string): AnalysedTerm[] {
  const folded = foldKeepCase(text).replace(ELISION, ' ');
  const cleaned = lang === 'en' ? expandContractions(folded) : folded;
  const out: AnalysedTerm[] = [];
  for (const match of cleaned.matchAll(TOKEN)) {
    const raw = match[0];
    const folded = raw.toLowerCase();
    if (PART.test(raw) || (raw.length > 3 && CAMEL.test(raw) && !/^\p{Lu}+s?$/u.test(raw))) {
      compoundTerms(raw, folded, lang, out);
      const method = cleaned[(match.index ?? 0) + raw.length] === '(' ? methodTerm(raw) : null;
      if (method) out.push(method);
      continue;
    }
    const term = simpleTerm(folded, lang, false);
    if (term) out.push(term);
  }
  return out;
}

/** The index terms of a text (documents): every term but the core stop words of its language. */
export function analyze(text: string, lang: string): string[] {
  return analyzeTerms(text, lang).map((t) => t.term);
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
