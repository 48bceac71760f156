/**
 * "Je veux activer mon espace santé, j'ai bien reçu le code par courrier": the message that leads to
 * "Avez-vous votre code provisoire ?" already answers it. An option's `statedBy` phrases, said as
 * whole words, pick it before the question is asked, unless another option's words are said too
 * ("j'ai reçu le code mais je l'ai perdu" is no yes).
 */
import type { Language } from '../../shared/conversation.js';
import { foldText } from '../../shared/fold.js';
import type { ChoiceOption } from '../definitions.js';

/** Words only, single spaces, padded: " j ai bien recu le code ". Linear in the text. */
function words(text: string): string {
  return ` ${foldText(text).replace(/[^a-z0-9]+/g, ' ').trim()} `;
}

function says(said: string, phrases: readonly string[] | undefined): boolean {
  return (phrases ?? []).some((p) => said.includes(words(p)));
}

/** The option the message states before its question, if one only. */
export function statedOption(text: string, language: Language, options: readonly ChoiceOption[]): ChoiceOption | undefined {
  const said = words(text);
  const stated = options.filter((o) => says(said, o.statedBy?.[language]));
  if (stated.length !== 1) return undefined;
  const [option] = stated;
  const contradicted = options.some((o) => o !== option && (says(said, o.synonyms?.[language]) || says(said, o.statedBy?.[language])));
  return contradicted ? undefined : option;
}
