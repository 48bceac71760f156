/**
 * Training and restoring the intent model. A model is plain JSON (labels, vocabulary, feature
 * names, IDF, classifier weights in base64) so that it can be cached on disk and loaded in
 * milliseconds; the lexicon and settings it was trained with are part of the cache key.
 */
import { withCourtesyCopies } from './augment.js';
import { restoreNaiveBayes, trainNaiveBayes } from './classifier/naive-bayes.js';
import { restoreSoftmax, trainSoftmax } from './classifier/softmax.js';
import type { Classifier, LabelledVector, SerializedClassifier } from './classifier/types.js';
import type { Example, Lexicon, ModelSettings } from './data/types.js';
import { extractValueEntities } from './entities/extract.js';
import { buildFeatureSpace, createVectorizer, featureBag, restoreFeatureSpace, type FeatureSpace } from './features.js';
import { createPipeline, maskEntities, type Analysis, type Pipeline } from './pipeline.js';
import type { Entity } from './types.js';
import { createMemo } from '../shared/memo.js';

/** Bumped when the meaning of a serialised model changes, so that old caches are not reused. */
export const MODEL_FORMAT = 1;

export interface SerializedModel {
  format: number;
  labels: string[];
  vocabulary: string[];
  features: string[];
  idf: number[];
  classifier: SerializedClassifier;
}

export interface Classification {
  /** One probability per label, in `labels` order. */
  probabilities: Float64Array;
  analysis: Analysis;
}

export interface IntentModel {
  labels: readonly string[];
  pipeline: Pipeline;
  classify(text: string, entities?: readonly Pick<Entity, 'type' | 'start' | 'end'>[]): Classification;
  toJSON(): SerializedModel;
}

/** A letter three times in a row: no French or English word has that. */
const ELONGATED = /(\p{L})\1{2}/u;

/** Entity spans only matter for masking here; validity (which needs today's date) does not. */
const MASKING_CONTEXT = { now: new Date(0) };

export function valueSpans(text: string): Entity[] {
  return extractValueEntities(text, MASKING_CONTEXT);
}

function vocabularyOf(examples: readonly Example[], lexicon: Lexicon, settings: ModelSettings): Set<string> {
  const plain = createPipeline(lexicon, settings);
  const vocabulary = new Set<string>();
  for (const e of examples) {
    for (const t of plain.normalizer.tokens(maskEntities(e.text, valueSpans(e.text)))) {
      // "ouiii" or "bonjouuur" in the data are spellings to repair, not words to keep.
      if (!ELONGATED.test(t)) vocabulary.add(t);
    }
  }
  for (const term of lexicon.keyTerms) vocabulary.add(term);
  for (const list of Object.values(lexicon.answers)) for (const phrase of list) for (const t of plain.normalizer.tokens(phrase)) vocabulary.add(t);
  return vocabulary;
}

export function trainModel(original: readonly Example[], lexicon: Lexicon, settings: ModelSettings): IntentModel {
  const examples = settings.augmentation && lexicon.courtesy ? withCourtesyCopies(original, lexicon.courtesy, settings.augmentation, settings.training.seed) : original;
  const labels = [...new Set(examples.map((e) => e.intent))].sort();
  const labelIndex = new Map(labels.map((l, i) => [l, i]));
  const vocabulary = vocabularyOf(examples, lexicon, settings);
  const pipeline = createPipeline(lexicon, settings, vocabulary);
  const analyses = examples.map((e) => pipeline.analyse(e.text, valueSpans(e.text)));
  const { space, names } = buildFeatureSpace(
    analyses.map((a) => featureBag(a.tokens, a.stems, settings.features)),
    settings.features,
  );
  const vectorize = createVectorizer(space, settings.features);
  const data: LabelledVector[] = analyses.map((a, i) => ({ vector: vectorize(a.tokens, a.stems), label: labelIndex.get((examples[i] as Example).intent) ?? 0 }));
  const common = { classes: labels.length, features: names.length };
  const classifier =
    settings.classifier === 'softmax'
      ? trainSoftmax(data, { ...common, ...settings.training })
      : trainNaiveBayes(data, { ...common, alpha: settings.training.alpha });
  return intentModel(labels, [...vocabulary].sort(), names, space, classifier, pipeline, settings);
}

/** Texts whose classification is remembered. */
const REMEMBERED_CLASSIFICATIONS = 2000;

function intentModel(labels: string[], vocabulary: string[], names: string[], space: FeatureSpace, classifier: Classifier, pipeline: Pipeline, settings: ModelSettings): IntentModel {
  const vectorize = createVectorizer(space, settings.features);
  // A classification depends only on the text with its values masked ("zznir"…): the last ones
  // are remembered ("oui", "merci", "mot de passe oublié" come back), handed out as copies.
  const remembered = createMemo<Classification>(REMEMBERED_CLASSIFICATIONS);
  return {
    labels,
    pipeline,
    classify(text, entities = []) {
      const masked = entities.length > 0 ? maskEntities(text, entities) : text;
      let found = remembered.get(masked);
      if (!found) {
        const analysis = pipeline.analyse(masked);
        found = { probabilities: classifier.predict(vectorize(analysis.tokens, analysis.stems)), analysis };
        remembered.set(masked, found);
      }
      const { probabilities, analysis } = found;
      return { probabilities: probabilities.slice(), analysis: { tokens: [...analysis.tokens], stems: [...analysis.stems], language: analysis.language } };
    },
    toJSON: () => ({ format: MODEL_FORMAT, labels, vocabulary, features: names, idf: [...space.idf], classifier: classifier.toJSON() }),
  };
}

export function restoreModel(serialized: SerializedModel, lexicon: Lexicon, settings: ModelSettings): IntentModel {
  if (serialized.format !== MODEL_FORMAT) throw new RangeError(`model format ${serialized.format} is not ${MODEL_FORMAT}`);
  const pipeline = createPipeline(lexicon, settings, new Set(serialized.vocabulary));
  const space = restoreFeatureSpace(serialized.features, serialized.idf, settings.features);
  const classifier = serialized.classifier.kind === 'softmax' ? restoreSoftmax(serialized.classifier) : restoreNaiveBayes(serialized.classifier);
  return intentModel(serialized.labels, serialized.vocabulary, serialized.features, space, classifier, pipeline, settings);
}
