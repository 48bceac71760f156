import type { ModelSettings } from './data/types.js';
import type { IntentScore } from './types.js';

export const OUT_OF_SCOPE = 'out_of_scope';

export interface DecisionSettings {
  /** Best topic below this probability: out_of_scope (nothing stands out). */
  threshold: number;
  /** out_of_scope when p(out_of_scope) ≥ ratio × p(best topic). */
  ratio: number;
  /** Top two topics closer than this: a close call. */
  margin: number;
}

export function decisionSettingsOf(settings: ModelSettings): DecisionSettings {
  return { threshold: settings.outOfScopeThreshold, ratio: settings.outOfScopeRatio, margin: settings.closeCallMargin };
}

export interface Decision {
  intent: IntentScore;
  /** Best first; ranking[0] is always `intent`. */
  ranking: IntentScore[];
  closeCall?: [IntentScore, IntentScore];
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

/**
 * Turns the classifier's probabilities into the answer. out_of_scope is a class trained like the
 * others (weather, taxes, diagnosis…), and two calibrated rules guard the topics:
 * - the out-of-scope class is nearly as likely as the best topic (p(oos) ≥ ratio × p(best)): the
 *   message looks more like what we do not cover than the best topic suggests;
 * - the best topic is below the threshold: nothing stands out.
 * A message spread over related topics ("mon espace santé" → activate 0.25, close 0.28, info 0.19)
 * with little out-of-scope mass stays a topic, with a close call, rather than becoming
 * out_of_scope: that is what the ratio rule brings over a plain top-1 threshold (cross-validation
 * figures in README.md). When out_of_scope wins, its confidence is max(p(oos), 1 − p(best topic))
 * and it comes first in the ranking, so that ranking[0] always agrees with `intent`.
 */
export function decide(labels: readonly string[], probabilities: ArrayLike<number>, settings: DecisionSettings): Decision {
  const scores = labels.map((name, i) => ({ name, confidence: probabilities[i] ?? 0 })).sort((a, b) => b.confidence - a.confidence);
  const topics = scores.filter((s) => s.name !== OUT_OF_SCOPE);
  const best = topics[0];
  const oos = scores.find((s) => s.name === OUT_OF_SCOPE)?.confidence ?? 0;
  const ranked = (list: typeof scores) => list.map((s) => ({ name: s.name, confidence: round(s.confidence) }));
  if (!best || best.confidence < settings.threshold || oos >= settings.ratio * best.confidence) {
    const intent = { name: OUT_OF_SCOPE, confidence: round(Math.max(oos, 1 - (best?.confidence ?? 0))) };
    return { intent, ranking: [intent, ...ranked(topics)] };
  }
  const all = ranked(scores);
  const intent = all.find((s) => s.name === best.name) as IntentScore;
  const decision: Decision = { intent, ranking: [intent, ...all.filter((s) => s !== intent)] };
  const second = topics[1];
  if (second && best.confidence - second.confidence < settings.margin) {
    decision.closeCall = [intent, all.find((s) => s.name === second.name) as IntentScore];
  }
  return decision;
}
