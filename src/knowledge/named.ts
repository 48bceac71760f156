/**
 * The entries a message names by one of their distinctive names ("AME", "complémentaire santé
 * solidaire", "Aidants Connect", "téléconsultation"): a topic the classifier does not know can
 * still be placed by its name. A keyword names an entry when at most two entries list it and few
 * entries even mention it (an acronym always counts). Keywords and messages are read the same way
 * (the retrieval's reading: typos repaired, stems, no function words), matched as runs of terms in
 * linear time.
 */
import { createPhraseSet } from '../shared/phrases.js';
import type { Entry } from './content.js';
import { words } from './fold.js';

/** Entries a keyword may belong to and still say which topic it is. */
const MAX_ENTRIES_PER_KEYWORD = 2;
/** Entries whose text may mention a keyword and the keyword still name a topic. */
const MAX_ENTRIES_SPEAKING_OF = 3;

export type NameReader = (text: string) => string[];

export function createNamedEntries(entries: readonly Entry[], read: NameReader = words): (text: string) => string[] {
  const owners = new Map<string, Set<string>>();
  const acronyms = new Set<string>();
  for (const entry of entries) {
    for (const language of ['fr', 'en'] as const) {
      const content = entry.content[language];
      for (const keyword of [...(content?.keywords ?? []), ...entry.shortcuts]) {
        const terms = read(keyword);
        const phrase = terms.join(' ');
        if (!phrase) continue;
        // "AME", "C2S": an acronym that stays one term; "MES" reads as "Mon espace santé", a common name.
        if (/^[A-Z0-9]{2,6}$/.test(keyword.trim()) && terms.length === 1) acronyms.add(phrase);
        const set = owners.get(phrase) ?? new Set<string>();
        set.add(entry.id);
        owners.set(phrase, set);
      }
    }
  }
  // A name that many entries speak of ("Mon espace santé", "compte ameli", "site") places nothing.
  const all = createPhraseSet(owners.keys());
  const spokenOf = new Map<string, number>();
  for (const entry of entries) {
    const c = entry.content.fr;
    // Read piece by piece: a reader may bound how much of one text it reads.
    const mentioned = new Set([c.title, ...c.questions, c.answer, ...(c.faq ?? []).flatMap((f) => [...f.questions, f.answer])].flatMap((piece) => all.find(read(piece)).map((m) => m.phrase)));
    for (const phrase of mentioned) spokenOf.set(phrase, (spokenOf.get(phrase) ?? 0) + 1);
  }
  const distinctive = new Map(
    [...owners].filter(([phrase, ids]) => ids.size <= MAX_ENTRIES_PER_KEYWORD && (acronyms.has(phrase) || (spokenOf.get(phrase) ?? 0) <= MAX_ENTRIES_SPEAKING_OF)),
  );
  const phrases = createPhraseSet(distinctive.keys());
  return (text) => {
    const found = new Set<string>();
    for (const match of phrases.find(read(text))) for (const id of distinctive.get(match.phrase) ?? []) found.add(id);
    return [...found];
  };
}
