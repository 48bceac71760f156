/**
 * The entries a message names by one of their distinctive names ("AME", "complémentaire santé
 * solidaire", "Aidants Connect"): a topic the classifier does not know can still be placed by its
 * name: a keyword of at most two entries, which few entries even mention (an acronym always counts). Matched as whole words on folded
 * text, in linear time.
 */
import { createPhraseSet } from '../shared/phrases.js';
import type { Entry } from './content.js';
import { words } from './fold.js';

/** Entries a keyword may belong to and still say which topic it is. */
const MAX_ENTRIES_PER_KEYWORD = 2;
/** Entries whose text may mention a phrase and the phrase still name a topic. */
const MAX_ENTRIES_SPEAKING_OF = 3;

export function createNamedEntries(entries: readonly Entry[]): (text: string) => string[] {
  const owners = new Map<string, Set<string>>();
  const acronyms = new Set<string>();
  for (const entry of entries) {
    for (const language of ['fr', 'en'] as const) {
      const content = entry.content[language];
      for (const keyword of [...(content?.keywords ?? []), ...entry.shortcuts]) {
        const phrase = words(keyword).join(' ');
        // One plain word ("site", "adresse") names nothing; a phrase or an acronym ("AME", "C2S") does.
        const acronym = /^[A-Z0-9]{2,6}$/.test(keyword.trim());
        if (!phrase || (!phrase.includes(' ') && !acronym)) continue;
        if (acronym) acronyms.add(phrase);
        const set = owners.get(phrase) ?? new Set<string>();
        set.add(entry.id);
        owners.set(phrase, set);
      }
    }
  }
  // A name that many entries speak of ("Mon espace santé", "compte ameli") places nothing.
  const texts = entries.map((e) => ` ${words([e.content.fr.title, ...e.content.fr.questions, e.content.fr.answer, ...(e.content.fr.faq ?? []).flatMap((f) => f.questions)].join(' ')).join(' ')} `);
  const spokenOfBy = (phrase: string) => texts.filter((t) => t.includes(` ${phrase} `)).length;
  const distinctive = new Map([...owners].filter(([phrase, ids]) => ids.size <= MAX_ENTRIES_PER_KEYWORD && (acronyms.has(phrase) || spokenOfBy(phrase) <= MAX_ENTRIES_SPEAKING_OF)));
  const phrases = createPhraseSet(distinctive.keys());
  return (text) => {
    const found = new Set<string>();
    for (const match of phrases.find(words(text))) for (const id of distinctive.get(match.phrase) ?? []) found.add(id);
    return [...found];
  };
}
