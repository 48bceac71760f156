import type { Language } from '../types.js';

/** knowledge/nlu/lexicon.json, as validated by its schema. */
export interface Lexicon {
  caseSensitive: Record<string, string>;
  wholeWords: Record<string, string>;
  elisions: Record<string, string>;
  suffixContractions: Record<string, string>;
  abbreviations: Record<string, string>;
  phrases: Record<string, string>;
  keyTerms: string[];
  answers: {
    yes: string[];
    no: string[];
    email: string[];
    sms: string[];
    photo: string[];
    sans_photo: string[];
    fillers: string[];
  };
  language: { en: string[]; fr: string[]; neutral?: string[] };
  /** Dialogue acts (src/nlu/act.ts): phrases written normalised. */
  acts: {
    question: string[];
    questionStart: string[];
    howOnly: string[];
    want: string[];
    knowVerbs: string[];
    askHelp: string[];
    problem: string[];
    imperative: string[];
    complaint: string[];
    repetitionUnits: string[];
    correction: string[];
    lacking: string[];
    notAtHand: string[];
    later: string[];
    simpler: string[];
    inEnglish: string[];
    inFrench: string[];
    aboutStep: string[];
    valueLabels: string[];
    turningPoints: string[];
    accountWords: string[];
    ameliWords: string[];
    otherAdministrations: Record<string, string[]>;
  };
  /** ordinals[0] picks the first option of a choice, ordinals[1] the second… */
  ordinals: string[][];
  lastOrdinal: string[];
  /** Courtesy formulas per language, for training-time augmentation (augment.ts). */
  courtesy?: Courtesy;
}

/** Openers ("Bonjour,") and closers ("merci d'avance") that wrap a request without changing it. */
export type Courtesy = Record<Language, { openers: string[]; closers: string[] }>;

/** One training (or test) utterance. */
export interface Example {
  text: string;
  intent: string;
  language?: Language;
  /** Where it comes from ("training/account.create.json#/examples/fr/3"), for error messages. */
  source?: string;
}

/** An intent of knowledge/contract/intents.json. */
export interface IntentDefinition {
  name: string;
  kind: 'flow' | 'knowledge' | 'control';
  about: string;
}

/** knowledge/nlu/model.json: the classifier's settings, chosen by cross-validation. */
export interface ModelSettings {
  classifier: 'softmax' | 'naive_bayes';
  features: {
    wordUnigrams: boolean;
    wordBigrams: boolean;
    charNgrams: { min: number; max: number } | null;
    /** Weight of the character n-gram block relative to the word block. */
    charWeight: number;
  };
  training: {
    epochs: number;
    learningRate: number;
    l2: number;
    seed: number;
    /** Naive Bayes smoothing (used when classifier is naive_bayes). */
    alpha: number;
  };
  fuzzy: { enabled: boolean; threshold: number; minLength: number };
  /** Best topic below this confidence: out_of_scope (nothing stands out). */
  outOfScopeThreshold: number;
  /** out_of_scope when p(out_of_scope) ≥ outOfScopeRatio × p(best topic). */
  outOfScopeRatio: number;
  /** Top two within this margin: a close call. */
  closeCallMargin: number;
  /** Training-time copies of the utterances wrapped in the lexicon's courtesy formulas (augment.ts). */
  augmentation?: {
    /** Wrapped copies per utterance (0: none). */
    courtesyCopies: number;
    /** Intents whose utterances are not wrapped (greeting, thanks… are courtesy themselves). */
    exclude: string[];
  };
}
