// Words that carry no meaning in a support question ("how do I …", "comment puis-je …"), one list
// per language: a French function word ("ci", "on", "les") is a word like any other in an English
// article or question. Each language has two tiers:
// - core: grammar words, dropped from documents and questions alike;
// - soft: chat filler and weak verbs ("since yesterday", "explain", "trying"). They stay in the
//   index, and a question drops them only where the corpus uses them commonly: a term that is rare
//   in the knowledge base is never a stop word there.
// Kept short on purpose: words that name a thing ("case", "log", "help", "urgent") stay searchable.
const englishCore = `a about above after again against all am an and any are as at be because been before
being below between both but by can cannot could did do does doing done during each either
else ever every few for from further had has have having he her here hers him his how however i
if in into is it its itself me might more most much must my myself no nor not of off on once only
or other our ours out over own same she should so some such than that the their them then there
these they this those through to too under until up upon us very was we were what whatever when
where whether which while who whom whose why will with within without would yet you your yours`;

const englishSoft = `get gets getting got just let lets like now please somebody someone something thank
thanks trying via want wanted yes hi hello hey anyone anybody keep keeps tried try way ways know
dont doesnt cant isnt wont im ive whats hows since yesterday ago went sure explain explained
explains explanation overview tell lately recently suddenly currently still anymore really
actually basically guys pls plz asap urgently quickly`;

// "ci" alone is not a stop word: French writes it hyphenated (celle-ci), and those go whole.
const frenchCore = `à au aux avec ce ces cet cette ceci cela ça c comme comment d dans de des du elle
elles en est et être eux il ils j je l la le les leur leurs lui m ma mais me mes moi mon même n ne
ni nos notre nous on ont ou où par pas peut peux pouvez pourquoi pour qu quand que quel quelle
quelles quels qui quoi s sa sans se ses si son sont suis sur t ta te tes toi ton tous tout toute
toutes tu un une vos votre vous y été était avoir ai as avez avons dois doit doivent lorsque
lorsqu jusqu puisqu alors donc car celle-ci celui-ci ceux-ci celles-ci ci-dessous ci-dessus ci-joint
la-dessus`;

const frenchSoft = `bonjour merci svp salut puis puis-je puisje est-ce estce quelqu quelque chose
faut faut-il voudrais veux besoin aide-moi aidez-moi encore aussi très trop fait faire`;

function fold(word: string): string {
  return word.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}

function wordSet(...lists: string[]): ReadonlySet<string> {
  return new Set(
    lists
      .flatMap((list) => list.split(/\s+/))
      .filter(Boolean)
      .map(fold),
  );
}

export interface StopWords {
  /** Dropped everywhere. */
  core: ReadonlySet<string>;
  /** Dropped from a question where the corpus uses them commonly (or not at all). */
  soft: ReadonlySet<string>;
}

const BY_LANGUAGE: Record<string, StopWords> = {
  en: { core: wordSet(englishCore), soft: wordSet(englishSoft) },
  fr: { core: wordSet(frenchCore), soft: wordSet(frenchSoft) },
};

const NONE: StopWords = { core: new Set(), soft: new Set() };

/** The stop words of a language (none for a language casebot has no list for). */
export function stopWords(lang: string): StopWords {
  return BY_LANGUAGE[lang] ?? NONE;
}

/** Words only French uses: a question containing them is French. */
export const FRENCH_MARKERS: ReadonlySet<string> = new Set(
  `le la les un une des du est et pour dans avec comment pourquoi quand quel quelle je vous nous
  mon ma mes votre vos sur qui que pas ne ce cette ces sont ou au aux puis faire mais l d n j c qu
  plus aucun aucune il ils elle elles nos notre chez depuis quoi ou où à sans mais très`
    .split(/\s+/)
    .filter(Boolean),
);
