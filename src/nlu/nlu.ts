/**
 * The NLU the engine and the HTTP API use: entities, intent, language, and the reading of short
 * answers inside a prompt. Pure and synchronous: everything it needs (model, lexicon, settings,
 * clock) is given to the factory, nothing is read from disk here.
 */
import type { Clock } from '../shared/clock.js';
import { systemClock } from '../shared/clock.js';
import { createStemmer } from './text/stem.js';
import { foldText } from '../shared/fold.js';
import { createActReader } from './act.js';
import { splitSentences, type Sentence } from './focus.js';
import { createPhraseSet, type PhraseSet } from '../shared/phrases.js';
import { createChoiceMatcher, type ChoicePick } from './choice.js';
import type { Lexicon, ModelSettings } from './data/types.js';
import { decide, decisionSettingsOf, OUT_OF_SCOPE, type Decision } from './decision.js';
import { answerEntities, createAnswerMatcher, mayHoldAnswer, type AnswerKind, type AnswerReading } from './entities/answers.js';
import { extractValueEntities, resolveOverlaps } from './entities/extract.js';
import { createValidators, type ValidatorSet } from './entities/index.js';
import type { IntentModel } from './model.js';
import type { DialogueAct, Entity, EntityType, Expectation, IntentScore, Language, Nlu, ParseOptions, ParseResult } from './types.js';

/**
 * The intent of an answer to the dialog's question ("par sms", "1 85 05…", "le deuxième") when it
 * carries no topic of its own. Only `parse` with an expectation returns it.
 */
export const INFORM = 'inform';

/** Intents that do not take over from an answer: "oui merci", "non au revoir", "sms stp". */
const SOFT_INTENTS = new Set(['affirm', 'deny', 'thanks', 'greeting', 'goodbye', OUT_OF_SCOPE]);
/** Intents that say nothing of what a long message is about ("Bonjour.", "Merci d'avance."). */
const NOT_A_TOPIC = new Set([...SOFT_INTENTS, 'help']);
/** The longest text classified at once: a long message without a clear sentence is read from its end. */
const CLASSIFY_MAX = 1000;
/** Longer than this, a message is cut into sentences to find the one that says what is wanted. */
const LONG_MESSAGE = 160;
/** Sentences of a long message looked at, from the last one back. */
const FOCUS_SENTENCES = 12;
/** A short question read as out of scope this surely, with a comma in it, is read clause by clause (an aside before what it asks). */
const ASIDE_SURE = 0.9;
/** A focus sentence that is neither a question nor a request must be this clear about its topic. */
const FOCUS_MIN_CONFIDENCE = 0.6;

export interface AssistantNlu extends Nlu {
  /** The intents the model knows, out_of_scope included. */
  readonly intents: readonly string[];
  /** One validator per entity type, for the dialogs' steps (same lexicon and repairs as parse). */
  readonly validators: ValidatorSet;
  readonly settings: ModelSettings;
  /** The intent decision alone (no entities, no expectation): what nlu:eval measures. */
  classify(text: string): Decision;
  /** The normalised words of a text (case, accents, elisions, abbreviations, typos repaired), stemmed. */
  terms(text: string, language: Language): string[];
}

export interface NluOptions {
  model: IntentModel;
  lexicon: Lexicon;
  settings: ModelSettings;
  clock?: Clock;
  /** Longer texts are cut before parsing (a message, not a document). */
  maxLength?: number;
}

export function createNlu(options: NluOptions): AssistantNlu {
  const { model, lexicon, settings } = options;
  const clock = options.clock ?? systemClock;
  const maxLength = options.maxLength ?? 5000;
  const { normalizer } = model.pipeline;
  const stemTerm = createStemmer();
  const answers = createAnswerMatcher(lexicon, normalizer);
  const choices = createChoiceMatcher(lexicon, normalizer);
  const validators = createValidators(lexicon, normalizer);
  const fillers = new Set(lexicon.answers.fillers.flatMap((f) => normalizer.tokens(f)));
  const decisionSettings = decisionSettingsOf(settings);
  const readAct = createActReader(lexicon.acts);
  const turningPoints = new Set(lexicon.acts.turningPoints);
  const labels = createPhraseSet(lexicon.acts.valueLabels);

  const classifyEntities = (text: string, values: readonly Entity[]) => {
    const { probabilities, analysis } = model.classify(text, values);
    const decision: Decision =
      analysis.tokens.length === 0
        ? { intent: { name: OUT_OF_SCOPE, confidence: 1 }, ranking: [{ name: OUT_OF_SCOPE, confidence: 1 }] }
        : decide(model.labels, probabilities, decisionSettings);
    return { decision, tokens: analysis.tokens, language: analysis.language };
  };

  /** Classifies text[start, end) with the entities inside it. */
  const classifySpan = (text: string, values: readonly Entity[], start: number, end: number) => {
    const inside = values.filter((e) => e.start >= start && e.end <= end).map((e) => ({ ...e, start: e.start - start, end: e.end - start }));
    return classifyEntities(text.slice(start, end), inside);
  };

  /**
   * The sentence of a long message that says what is wanted: from the last sentence back, the
   * first question or request with a clear topic; else the clearest topic of those sentences.
   */
  const focusOf = (text: string, values: readonly Entity[], clauses = false) => {
    const sentences: Sentence[] = splitSentences(text, turningPoints, foldText, undefined, clauses);
    if (sentences.length < 2) return undefined;
    let fallback: { sentence: Sentence; classified: ReturnType<typeof classifySpan>; act: DialogueAct } | undefined;
    // "… Combien de temps ce lien reste-t-il utilisable ?" names no topic alone: the story before it
    // does, but the message still asks. The question closing a story decides what kind of message it is.
    let closingQuestion = false;
    // A sentence that says outright what is wanted ("je voudrais m'opposer… je peux le faire avec vous ?") stays a request.
    const asked = (act: DialogueAct): DialogueAct => (closingQuestion && act.kind !== 'question' && !act.wish ? { ...act, kind: 'question' } : act);
    for (const [i, sentence] of sentences.slice(-FOCUS_SENTENCES).reverse().entries()) {
      const classified = classifySpan(text, values, sentence.start, sentence.end);
      const { intent } = classified.decision;
      const act = readAct(classified.tokens, sentence.text);
      if (i === 0 && act.kind === 'question') closingQuestion = true;
      if (NOT_A_TOPIC.has(intent.name)) continue;
      if (act.kind !== 'statement' && intent.confidence >= settings.outOfScopeThreshold) return { sentence, classified, act: asked(act) };
      if (!fallback || intent.confidence > fallback.classified.decision.intent.confidence) fallback = { sentence, classified, act: asked(act) };
    }
    return fallback && fallback.classified.decision.intent.confidence >= FOCUS_MIN_CONFIDENCE ? fallback : undefined;
  };

  /**
   * The last clause of a question, when it asks and is less surely out of scope than the whole
   * message: the aside before it made the whole look out of scope, the clause goes on to the
   * knowledge base's own reading ("le lien dure combien de temps ?").
   */
  const askingClause = (text: string, values: readonly Entity[], wholeConfidence: number) => {
    const sentences = splitSentences(text, turningPoints, foldText, undefined, true);
    const sentence = sentences[sentences.length - 1];
    if (sentences.length < 2 || !sentence) return undefined;
    const classified = classifySpan(text, values, sentence.start, sentence.end);
    const act = readAct(classified.tokens, sentence.text);
    // "…, est-ce que ça continuera ?" names no topic: the clause alone says less than the whole.
    // (Less surely out of scope, it goes on to the knowledge base's reading.)
    const clauseIntent = classified.decision.intent.name;
    if (NOT_A_TOPIC.has(clauseIntent) && clauseIntent !== OUT_OF_SCOPE) return undefined;
    return act.kind === 'question' && classified.decision.intent.confidence < wholeConfidence ? { sentence, classified, act } : undefined;
  };

  /**
   * "J'habite à Roanne et je voudrais faire le bilan de santé. Quel numéro dois-je appeler ?": a
   * short story closed by a question asks it (a long one is read the same way in focusOf).
   */
  const closingQuestion = (act: DialogueAct, text: string, values: readonly Entity[]): DialogueAct => {
    const trimmed = text.trim();
    if (act.kind === 'question' || !trimmed.endsWith('?') || !/[.!;\n]\s*\S/.test(trimmed)) return act;
    const sentences = splitSentences(text, turningPoints, foldText);
    const last = sentences[sentences.length - 1];
    if (sentences.length < 2 || !last) return act;
    const lastAct = readAct(classifySpan(text, values, last.start, last.end).tokens, last.text);
    return lastAct.kind === 'question' ? { ...act, kind: 'question' } : act;
  };

  const parse = (rawText: string, parseOptions: ParseOptions = {}): ParseResult => {
    const text = rawText.length > maxLength ? rawText.slice(0, maxLength) : rawText;
    const now = clock.now();
    const values = resolveOverlaps(extractValueEntities(text, { now }));
    let focus = text.length > LONG_MESSAGE ? focusOf(text, values) : undefined;
    let whole = focus ? undefined : classifySpan(text, values, Math.max(0, text.length - CLASSIFY_MAX), text.length);
    // "Can you explain it in English please? What can I store in it?": a courtesy sentence
    // around a real question says nothing of its own; the question does.
    if (whole && NOT_A_TOPIC.has(whole.decision.intent.name) && /[.!?;\n]\s*\S/.test(text.trim())) {
      focus = focusOf(text, values);
      if (focus) whole = undefined;
    }
    // "Ah pardon je parle français en fait, le lien dure combien de temps ?": an aside read as out of
    // scope before the clause that asks. The clauses of a question are read on their own.
    let aside: ReturnType<typeof classifySpan> | undefined;
    if (whole && text.length <= LONG_MESSAGE && whole.decision.intent.name === 'out_of_scope' && whole.decision.intent.confidence >= ASIDE_SURE && text.trim().endsWith('?') && /,\s/.test(text)) {
      const read = whole;
      focus = focusOf(text, values, true) ?? askingClause(text, values, whole.decision.intent.confidence);
      if (focus) [whole, aside] = [undefined, read];
    }
    const { decision, tokens } = focus ? focus.classified : (whole as NonNullable<typeof whole>);
    // The language of the whole message; the sentence in focus may be a few words.
    const language = focus ? model.pipeline.analyse(text.slice(0, CLASSIFY_MAX)).language : (whole as NonNullable<typeof whole>).language;
    const act = focus ? focus.act : closingQuestion(readAct(tokens, text), text, values);
    // Whom the message is about is read in all of it ("et ma mutuelle, je peux changer le mot de passe ?").
    if (aside) {
      const all = readAct(aside.tokens, text);
      if (all.administration) act.administration = all.administration;
      if (all.otherAdministration) act.otherAdministration = all.otherAdministration;
    }
    const expect = parseOptions.expect;

    // Short answers are looked for inside a prompt, and in free text only when they may be there
    // (positions cost a second, word-by-word normalisation).
    // A long message is read in focus, but its answers may be anywhere ("…, j'ai ma carte vitale avec photo").
    const wantsAnswers = (expect !== undefined && expect.kind !== 'free_text') || mayHoldAnswer(answers, focus ? normalizer.tokens(text) : tokens);
    const reading = wantsAnswers ? answers.read(text) : undefined;
    const answerKind = expect ? expectedAnswerKind(expect) : undefined;
    const found = reading ? answerEntities(answers, reading, { anywhere: answerKind !== undefined }) : [];
    const entities = resolveOverlaps([...values, ...found.filter((e) => !answerKind || e.type === answerKind || e.type === 'card_type')]);

    const result: ParseResult = { text: rawText, language, intent: decision.intent, ranking: decision.ranking, entities, act };
    if (decision.closeCall) result.closeCall = decision.closeCall;
    if (focus) result.focus = { start: focus.sentence.start, end: focus.sentence.end, ...(aside ? { aside: true as const } : {}) };
    if (parseOptions.commands) {
      const pick = choices(tokens, parseOptions.commands, { writtenOnly: true });
      if (pick) result.command = pick.id;
    }
    if (expect && (expect.kind === 'entity' || expect.kind === 'free_text') && expect.alternatives) {
      const pick = choices(tokens, expect.alternatives, { writtenOnly: true });
      if (pick) result.alternative = pick.id;
    }
    if (expect?.kind === 'free_text' && entities.some((e) => e.valid !== false)) {
      const residue = residueOf(text, entities, labels);
      if (residue) result.residue = residue;
    }
    if (!expect || expect.kind === 'free_text') return result;

    const placeholderFree = tokens.filter((t) => !t.startsWith('zz'));
    switch (expect.kind) {
      case 'yes_no':
      case 'email_or_sms': {
        // "oui… enfin non, pas tout de suite": the last answer said is the one meant.
        const match = entities.filter((e) => e.type === expect.kind).sort((a, b) => a.start - b.start).at(-1);
        if (!match || !reading) return result;
        const residual = answers.residual(reading, expect.kind);
        const answerIntent = expect.kind === 'yes_no' ? (match.value === 'yes' ? 'affirm' : 'deny') : INFORM;
        return answered(result, decision, residual.length === 0, answerIntent);
      }
      case 'entity': {
        const match = entities.find((e) => e.type === expect.entity) ?? wholeTextEntity(expect.entity, text, reading);
        // "C'est gratuit le 3646 ?" at the NIR question asks something; it is no wrong NIR. And a
        // message that holds another value ("c'est 80250000909" at the code question) is that value.
        if (!match || (match.valid === false && (act.kind === 'question' || result.entities.some((e) => e.valid !== false && e !== match && overlaps(e, match))))) return result;
        if (!result.entities.includes(match)) result.entities = resolveOverlaps([...result.entities.filter((e) => !overlaps(e, match)), match]);
        const residual = placeholderFree.filter((t) => !fillers.has(t) && !entityWords(match, reading).has(t));
        return answered(result, decision, residual.length === 0, INFORM);
      }
      case 'choice': {
        const pick: ChoicePick | undefined = choices(tokens, expect.options);
        if (!pick) return result;
        result.choice = pick.id;
        result.choiceBy = pick.how;
        const residual = tokens.filter((t, i) => !pick.tokens.has(i) && !fillers.has(t) && !t.startsWith('zz'));
        return answered(result, decision, residual.length === 0, INFORM);
      }
    }
  };

  /** Yes/no or a value the validators judge: the whole message, when the extractors found nothing. */
  const wholeTextEntity = (type: EntityType, text: string, reading: AnswerReading | undefined): Entity | undefined => {
    const trimmed = text.trim();
    if (trimmed === '') return undefined;
    const start = text.indexOf(trimmed);
    const kind = answerKindOf(type);
    if (kind) {
      const match = reading?.matches.find((m) => m.kind === kind);
      return match ? { type, value: match.value, start: match.start, end: match.end, valid: true } : undefined;
    }
    const result = validators[type](trimmed, { now: clock.now() });
    if (result.ok) return { type, value: result.value, start, end: start + trimmed.length, valid: true };
    // A value of the right kind but wrong ("14 chiffres", "31/02") is still the answer to the
    // question; words alone ("je l'ai perdu") are not a wrong code but something else.
    if (/^(not_|empty$)/.test(result.reason) || !/[0-9@]/.test(trimmed)) return undefined;
    return { type, value: trimmed, start, end: start + trimmed.length, valid: false, reason: result.reason };
  };

  const entityWords = (entity: Entity, reading: AnswerReading | undefined): Set<string> =>
    new Set((reading ?? answers.read('')).spans.filter((s) => s.start >= entity.start && s.end <= entity.end).map((s) => s.token));

  return {
    intents: model.labels,
    validators,
    settings,
    parse,
    pick: (text, options) => choices(normalizer.tokens(text.slice(0, maxLength)), options, { writtenOnly: true })?.id,
    classify: (text) => classifyEntities(text, resolveOverlaps(extractValueEntities(text, { now: clock.now() }))).decision,
    terms: (text, language) => normalizer.tokens(text.slice(0, maxLength)).map((t) => stemTerm(t, language)),
  };
}

const WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;

/** The words of `text` outside the values' spans and outside the labels of the values, as typed. */
function residueOf(text: string, entities: readonly Entity[], labels: PhraseSet): string {
  const inValue = (i: number) => entities.some((e) => e.valid !== false && i >= e.start && i < e.end);
  const kept = [...text.matchAll(WORD)].filter((m) => !inValue(m.index));
  const folded = kept.map((m) => foldText(m[0]).replace(/['’-]/g, ' '));
  const tokens = folded.flatMap((f) => f.split(' '));
  // Labels are matched on folded words; a word made of several tokens ("jean-pierre") stays whole.
  const dropped = new Set<number>();
  for (const match of labels.find(tokens)) for (let i = match.start; i < match.end; i++) dropped.add(i);
  const out: string[] = [];
  let t = 0;
  for (const [k, m] of kept.entries()) {
    const width = (folded[k] ?? '').split(' ').length;
    const all = Array.from({ length: width }, (_, j) => dropped.has(t + j)).every(Boolean);
    if (!all) out.push(m[0]);
    t += width;
  }
  return out.join(' ');
}

function answerKindOf(type: EntityType): AnswerKind | undefined {
  return type === 'yes_no' || type === 'email_or_sms' || type === 'card_type' ? type : undefined;
}

function expectedAnswerKind(expect: Expectation): AnswerKind | undefined {
  if (expect.kind === 'yes_no' || expect.kind === 'email_or_sms') return expect.kind;
  if (expect.kind === 'entity') return answerKindOf(expect.entity);
  return undefined;
}

function overlaps(a: Entity, b: Entity): boolean {
  return a.start < b.end && b.start < a.end;
}

/**
 * The message answers the question. When nothing else is in it, or when what else is in it is no
 * topic of its own, the answer's intent wins (affirm/deny for yes/no, inform otherwise); a real
 * topic or request ("non, je veux parler à un conseiller") keeps its intent for the engine.
 */
function answered(result: ParseResult, decision: Decision, onlyTheAnswer: boolean, answerIntent: string): ParseResult {
  result.answered = true;
  result.answerOnly = onlyTheAnswer;
  if (!onlyTheAnswer && !SOFT_INTENTS.has(decision.intent.name)) return result;
  const intent: IntentScore = { name: answerIntent, confidence: 1 };
  result.intent = intent;
  result.ranking = [intent, ...decision.ranking.filter((s) => s.name !== answerIntent)];
  delete result.closeCall;
  return result;
}

