import type { Lexicon, ModelSettings } from './data/types.js';
import { createAnswerMatcher } from './entities/answers.js';
import { createFuzzyCorrector } from './text/fuzzy.js';
import { createLanguageDetector } from './text/language.js';
import { createNormalizer, type Normalizer } from './text/normalize.js';
import { createStemmer } from './text/stem.js';
import type { Entity, EntityType, Language } from './types.js';

/** Values replaced by a placeholder word before classification: "mon NIR est zznir". */
const PLACEHOLDERS: Partial<Record<EntityType, string>> = {
  nir: 'zznir',
  birth_date: 'zzdate',
  email: 'zzemail',
  phone: 'zzphone',
  provisional_code: 'zzcode',
  vitale_serial: 'zzserial',
  postal_code: 'zzpostal',
};

export interface Analysis {
  tokens: string[];
  stems: string[];
  language: Language;
}

export interface Pipeline {
  normalizer: Normalizer;
  analyse(text: string, entities?: readonly Pick<Entity, 'type' | 'start' | 'end'>[]): Analysis;
}

/** Replaces entity spans by placeholder words (spans must not overlap). */
export function maskEntities(text: string, entities: readonly Pick<Entity, 'type' | 'start' | 'end'>[]): string {
  let out = text;
  for (const e of [...entities].sort((a, b) => b.start - a.start)) {
    const placeholder = PLACEHOLDERS[e.type];
    if (placeholder) out = `${out.slice(0, e.start)} ${placeholder} ${out.slice(e.end)}`;
  }
  return out;
}

/**
 * The text → features pipeline shared by training and parsing: mask values, normalise (with the
 * vocabulary's repairs), detect the language, stem in that language.
 */
export function createPipeline(lexicon: Lexicon, settings: ModelSettings, vocabulary?: ReadonlySet<string>): Pipeline {
  const correct = settings.fuzzy.enabled && vocabulary ? createFuzzyCorrector(lexicon.keyTerms, { threshold: settings.fuzzy.threshold, minLength: settings.fuzzy.minLength }) : undefined;
  const normalizer = createNormalizer({ lexicon, ...(vocabulary ? { vocabulary } : {}), ...(correct ? { correct } : {}) });
  const detect = createLanguageDetector(lexicon);
  const stem = createStemmer();
  const answers = createAnswerMatcher(lexicon, normalizer);
  return {
    normalizer,
    analyse(text, entities = []) {
      const tokens = normalizer.tokens(entities.length > 0 ? maskEntities(text, entities) : text);
      const language = detect(tokens);
      const stems = tokens.map((t) => stem(t, language));
      // A message that is nothing but a yes or a no (by the lexicon's phrases) says so with one
      // more word feature: the lexicon knows more ways of saying yes than the training data.
      const yesNo = tokens.length <= 8 ? answers.wholeYesNo(tokens) : undefined;
      if (yesNo) stems.push(yesNo === 'yes' ? 'zzansweryes' : 'zzanswerno');
      return { tokens, stems, language };
    },
  };
}
