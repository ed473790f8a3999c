// Words that carry no meaning in a support question ("how do I …", "comment puis-je …").
// Dropped from documents and questions alike. Kept short on purpose: words that name a thing
// ("case", "log", "help", "urgent") stay searchable; chat filler around a pasted error ("since
// yesterday", "urgently") does not, or it outweighs the error itself.
const english = `a about above after again against all am an and any are as at be because been before
being below between both but by can cannot could did do does doing done during each either
else ever every few for from further get gets getting got had has have having he her here hers him
his how however i if in into is it its itself just let lets like me might more most much must my
myself no nor not now of off on once only or other our ours out over own please same she should so
some somebody someone something such than thank thanks that the their them then there these they
this those through to too trying under until up upon us very via want wanted was we were what
whatever when where whether which while who whom whose why will with within without would yes yet
you your yours hi hello hey anyone anybody keep keeps tried try way ways know dont doesnt cant
isnt wont im ive its whats hows
since yesterday ago went sure explain explained explains explanation overview tell lately recently suddenly currently still anymore really
actually basically guys pls plz asap urgently quickly`;

const french = `à au aux avec ce ces cet cette ceci cela ça c ci comme comment d dans de des du elle elles
en est et être eux fait faire faut il ils j je l la le les leur leurs lui m ma mais me mes moi
mon même n ne ni nos notre nous on ont ou où par pas peut peux pouvez pourquoi pour qu quand que
quel quelle quelles quels qui quoi s sa sans se ses si son sont suis sur t ta te tes toi ton tous
tout toute toutes tu un une vos votre vous y été était avoir ai as avez avons dois doit doivent
bonjour merci svp salut puis puis-je puisje est-ce estce qu'est-ce quelqu quelque chose faut-il
voudrais veux besoin aide-moi aidez-moi lorsque lorsqu jusqu puisqu alors donc car encore aussi
très trop`;

function fold(word: string): string {
  return word.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}

export const STOP_WORDS: ReadonlySet<string> = new Set(
  [...english.split(/\s+/), ...french.split(/\s+/)].filter(Boolean).map(fold),
);

/** Words only French uses: a question containing them is French. */
export const FRENCH_MARKERS: ReadonlySet<string> = new Set(
  `le la les un une des du est et pour dans avec comment pourquoi quand quel quelle je vous nous
  mon ma mes votre vos sur qui que pas ne ce cette ces sont ou au aux puis faire mais l d n j c qu
  plus aucun aucune il ils elle elles nos notre chez depuis quoi ou où à sans mais très`
    .split(/\s+/)
    .filter(Boolean),
);
