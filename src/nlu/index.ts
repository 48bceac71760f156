/**
 * The NLU module's public face: intents, entities and validators for the engine and the HTTP API.
 * See README.md in this folder for how it works and how it was chosen.
 */
import { loadLexicon } from './data/load.js';
import { createValidators, type ValidatorSet } from './entities/index.js';

export type * from './types.js';
export { createNlu, INFORM, type AssistantNlu, type NluOptions } from './nlu.js';
export { defaultNluCacheDir, loadNlu, modelCacheKey, type LoadedNlu, type LoadNluOptions } from './load-nlu.js';
export { belongsTo, contractIntent, defaultNluDataDir, loadLexicon, loadNluData, NluDataError, parseExamplesJsonl, utteranceKey, type NluData } from './data/load.js';
export type { Example, IntentDefinition, Lexicon, ModelSettings } from './data/types.js';
export { decide, decisionSettingsOf, OUT_OF_SCOPE, type Decision, type DecisionSettings } from './decision.js';
export { trainModel, restoreModel, valueSpans, type IntentModel, type SerializedModel } from './model.js';
export * from './entities/index.js';
export { evaluatePredictions, percentile, type EvaluationReport, type IntentMetrics, type Prediction } from './eval/metrics.js';
export { calibrateThreshold, crossValidate, predictionsAt, stratifiedFolds, type Calibration, type FoldPrediction } from './eval/cross-validate.js';

let defaults: ValidatorSet | undefined;

/**
 * The validators with the default lexicon (knowledge/nlu/lexicon.json, read once on first use).
 * Inside the assistant prefer `nlu.validators`, which also repairs typos with the model's vocabulary.
 */
export function defaultValidators(): ValidatorSet {
  defaults ??= createValidators(loadLexicon());
  return defaults;
}
