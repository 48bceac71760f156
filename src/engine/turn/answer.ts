/**
 * Answers a question from the knowledge base, in one place: the precise FAQ item the message asks
 * ("le lien est valable combien de temps ?"), else the topic's entry. Easy-to-read (FALC) when the
 * person asked for it. Remembers what was answered, for "plus simplement".
 */
import type { RetrievalHit } from '../../knowledge/types.js';
import type { TurnContext } from '../turn-context.js';
import { expectFeedback } from '../questions/feedback.js';
import { controlOf } from './intents.js';
import { asksOtherwise, pickFrom, type Pick } from './pick.js';


export interface AnswerOptions {
  /** The intent the question is about (the classifier's, or the procedure's during one). */
  topic?: string;
  /** Ask "Cette réponse vous a-t-elle aidé ?" afterwards. */
  feedback: boolean;
  /** In the middle of a procedure (logged; no feedback question). */
  during?: string;
  /** Only a strong match on another topic than `topic` (the classifier was likely wrong). */
  otherTopicOnly?: boolean;
}

/** The words of the message that carry the question (the focus sentence of a long message). */
export function questionText(ctx: TurnContext): string {
  const focus = ctx.parse.focus;
  return focus ? ctx.text.slice(focus.start, focus.end) : ctx.text;
}

export function answerQuestion(ctx: TurnContext, options: AnswerOptions): boolean {
  return answerRetrieved(ctx, options) || answerEntry(ctx, options);
}

/**
 * How sure the matches must be (0…1) before their answer is given. An FAQ item is matched by its
 * own words (the same-words score): enough when the classifier agrees on its topic, more when it
 * named another one, near-identical wording when it is sure the message is out of scope.
 * Retrieval (BM25 over FAQ items, entries and source passages) then looks for the precise item in
 * the topics the message is placed in (by the classifier, or by a distinctive name it contains), or
 * anywhere when it is placed nowhere — with a higher bar. Chosen on the studied questions and the
 * out-of-scope training lines, never on the held-out sets.
 */
const FAQ_ON_TOPIC = 0.6;
const FAQ_OTHER_TOPIC = 0.75;
const FAQ_SAME_WORDS = 0.9;
const SURE_OUT_OF_SCOPE = 0.9;
const RETRIEVED_PLACED = 0.55;
const RETRIEVED_UNPLACED = 0.85;
/** In a procedure whose own topic retrieval ranks first. */
const RETRIEVED_OWN_LEADING = 0.3;
/** The classifier placed the message elsewhere: retrieval must be near certain to overrule it. */
const RETRIEVED_ELSEWHERE = 0.9;
const RETRIEVAL_DEPTH = 12;
/** Both readings agree on another topic's item: nothing where the message was placed scores above this share of it. */
const AGREEMENT_DOMINANCE = 0.5;
/** Control intents that say nothing of a topic (and "cancel" when nothing is under way): with a question, the question is what counts. */
const SOCIAL: ReadonlySet<string> = new Set(['greeting', 'thanks', 'goodbye', 'affirm', 'deny', 'inform', 'cancel']);

/** A runner-up topic from this confidence counts as one the message is placed in. */
const RUNNER_UP_PLACED = 0.3;

/** The entries of the classifier's topic (and close call). */
function classifiedIn(ctx: TurnContext, options: AnswerOptions): Set<string> {
  const { knowledge } = ctx.services;
  // A runner-up this likely is a topic the classifier considered too ("à partir de quand un profil
  // est-il activé ?": the children's profiles 0.55, activation 0.38).
  // (Behind "out of scope" or a social word, a runner-up is a guess.)
  const topical = controlOf(ctx.parse.intent.name) === undefined;
  const runnerUp = topical ? ctx.parse.ranking.find((r) => r.name !== ctx.parse.intent.name && r.confidence >= RUNNER_UP_PLACED)?.name : undefined;
  const intents = [options.topic, ctx.parse.intent.name, runnerUp, ...(ctx.parse.closeCall?.map((c) => c.name) ?? [])].filter((t): t is string => t !== undefined);
  return new Set(intents.map((i) => knowledge.entryForIntent(i)?.id).filter((id): id is string => id !== undefined));
}

/** Below this, the classifier's topic says little: a follow-up ("and what can I store in it?") is about the last answer's. */
const UNSURE_TOPIC = 0.6;

const namedOnce = new WeakMap<TurnContext, Set<string>>();

/** The message names a topic of the knowledge base by a distinctive name of it (computed once per turn). */
export function namesTopic(ctx: TurnContext): boolean {
  return namedIn(ctx).size > 0;
}

/** The entries whose distinctive name the message says ("l'AME", "Espace Partenaires"). */
function namedIn(ctx: TurnContext): Set<string> {
  let named = namedOnce.get(ctx);
  if (!named) {
    named = new Set(ctx.services.knowledge.named?.(questionText(ctx)) ?? []);
    namedOnce.set(ctx, named);
  }
  return named;
}

/** The entries the message is about: the classifier's, those it names ("l'AME"), and — when the classifier is unsure — the last answer's. */
function placedIn(ctx: TurnContext, options: AnswerOptions): Set<string> {
  const placed = new Set([...classifiedIn(ctx, options), ...namedIn(ctx)]);
  // A question in the middle of a procedure is most likely about it ("le lien dure combien de temps ?").
  if (options.during) for (const id of proceduresEntries(ctx, options.during)) placed.add(id);
  const last = ctx.state.lastAnswer?.entryId;
  const unsure = controlOf(ctx.parse.intent.name) !== undefined || ctx.parse.intent.confidence < UNSURE_TOPIC;
  // …unless the message names its own topic ("…pour l'examen de prévention en santé ?").
  const namesOther = namedIn(ctx).size > 0 && last !== undefined && !namedIn(ctx).has(last);
  if (last && unsure && !options.during && !namesOther) placed.add(last);
  return placed;
}

function proceduresEntries(ctx: TurnContext, procedureId: string): string[] {
  const procedure = ctx.services.catalog.procedures.get(procedureId);
  return (procedure?.intents ?? []).map((i) => ctx.services.knowledge.entryForIntent(i)?.id).filter((id): id is string => id !== undefined);
}

/**
 * The answer the knowledge base holds for the message: the FAQ item it asks by its words, else the
 * precise item or passage retrieval finds where the message is placed. Undefined when nothing is
 * sure enough (the caller may then give the topic's general answer).
 */
export function findAnswer(ctx: TurnContext, options: AnswerOptions & { precise?: boolean }): Pick | undefined {
  const { knowledge, terms } = ctx.services;
  const asked = questionText(ctx);
  const intent = ctx.parse.intent.name;
  const control = controlOf(intent);
  // "Super merci, le lien dure combien de temps ?" is read as thanks, but asks: a social word or a
  // yes/no in front of a question does not make it a control message.
  const socialQuestion = ctx.act.kind === 'question' && control !== undefined && SOCIAL.has(control);
  if (control && control !== 'out_of_scope' && control !== 'help' && !options.topic && !socialQuestion) return undefined;
  const bothReadings = agreedItem(ctx, options);
  if (bothReadings) return bothReadings;
  const placed = placedIn(ctx, options);
  const classified = classifiedIn(ctx, options);
  const sureOutOfScope = control === 'out_of_scope' && ctx.parse.intent.confidence >= SURE_OUT_OF_SCOPE;
  // An item of another topic matched by its words yields to a precise item where the message is placed.
  let elsewhere: Pick | undefined;
  // The FAQ item the message asks by its words, when it is one (for the agreement below).
  let worded: Pick | undefined;
  // Sure to be out of scope, a message is only answered by a topic it names, or by retrieval.
  if (terms && knowledge.matchQuestion && !(sureOutOfScope && placed.size === 0)) {
    // "Il faut quoi pour l'activer ?" shares "faut-il… activer" with "Combien de temps faut-il pour
    // activer… ?", but asks no duration: an item asking one is passed over.
    const best = knowledge.matchQuestion(asked, { language: ctx.state.language, terms, limit: 2, minScore: FAQ_ON_TOPIC }).find((m) => !asksOtherwise(m, asked));
    // The message asks for the topic as a whole ("c'est quoi Mon espace santé ?"): its general
    // answer, not one of its items (retrieval would pick one by a stray word).
    if (best && !best.faqId && placed.has(best.entryId)) return options.precise ? undefined : { entryId: best.entryId, score: best.score };
    // Another topic asked as a whole, in its own words ("j'ai un problème pour activer, qui appeler ?").
    if (best && !best.faqId && !options.precise && !options.otherTopicOnly && !sureOutOfScope && best.score >= FAQ_OTHER_TOPIC) elsewhere = { entryId: best.entryId, score: best.score };
    if (best?.faqId) {
      worded = { entryId: best.entryId, faqId: best.faqId, score: best.score };
      const onTopic = (options.otherTopicOnly ? classified : placed).has(best.entryId);
      // "C'est quoi la capitale de l'Australie ?" shares "c'est quoi" with many questions: when
      // the classifier is sure it is out of scope, only near-identical wording counts.
      const offTopic = sureOutOfScope && !onTopic ? FAQ_SAME_WORDS : FAQ_OTHER_TOPIC;
      const sure = options.otherTopicOnly ? !onTopic && best.score >= offTopic : onTopic || best.score >= offTopic;
      if (sure && (onTopic || options.otherTopicOnly || best.score >= FAQ_SAME_WORDS)) return { entryId: best.entryId, faqId: best.faqId, score: best.score };
      if (sure) elsewhere = { entryId: best.entryId, faqId: best.faqId, score: best.score };
    }
  }
  // Precise items for statements and requests come from their own words only: retrieval reads
  // single words ("un autre contact" → "un autre pays"), fine for questions, too loose there.
  if (options.otherTopicOnly || !knowledge.retrieve) return elsewhere;
  const hits = retrieveOnce(ctx);
  const overruling = overrulingHit(ctx, hits, sureOutOfScope, options);
  if (overruling) return overruling;
  if (options.precise) return elsewhere;
  // In a procedure, a precise item of its own topics first ("il faut quoi comme mot de passe ?"
  // while activating Mon espace santé is about its password, whatever the classifier says).
  if (options.during && !elsewhere) {
    const own = new Set(proceduresEntries(ctx, options.during));
    // The procedure's topic leads retrieval: a weaker match there is still the one meant.
    const bar = hits[0] && own.has(hits[0].entryId) ? RETRIEVED_OWN_LEADING : RETRIEVED_PLACED;
    const inOwn = pickFrom(hits.filter((h) => own.has(h.entryId)), bar, asked);
    if (inOwn?.faqId) return inOwn;
  }
  // A topic the message names ("l'AME", "Espace Partenaires") that retrieval also ranks first: a
  // weaker match there is still the one meant.
  const named = namedIn(ctx);
  // (A source passage on top says the entry, not which of its items: its general answer then.)
  if (hits[0] && hits[0].kind !== 'passage' && named.has(hits[0].entryId) && !elsewhere) {
    const inNamed = pickFrom(hits.filter((h) => named.has(h.entryId)), RETRIEVED_OWN_LEADING, asked);
    if (inNamed?.faqId) return inNamed;
  }
  // Where the message is placed first; anywhere else only when retrieval is very sure.
  const inPlace = placed.size > 0 ? pickFrom(hits.filter((h) => placed.has(h.entryId)), RETRIEVED_PLACED, asked) : undefined;
  if (placed.size === 0) return pickFrom(hits, RETRIEVED_UNPLACED, asked) ?? elsewhere;
  // A precise item where the message is placed beats another topic's item; a general answer does not.
  if (elsewhere && !inPlace?.faqId) return elsewhere;
  // Both readings name the same item of another topic: the classifier placed the message wrongly
  // ("et si je fais rien, il se passe quoi ?" read as a password question).
  // Only when nothing where it was placed comes near (half the score).
  const [top] = hits;
  const placedBest = hits.find((h) => placed.has(h.entryId))?.score ?? 0;
  const agreed = worded && top?.kind === 'faq' && top.entryId === worded.entryId && top.faqId === worded.faqId && top.score >= RETRIEVED_PLACED;
  if (!inPlace?.faqId && agreed && !sureOutOfScope && placedBest <= top.score * AGREEMENT_DOMINANCE) return worded;
  return inPlace ?? pickFrom(hits, RETRIEVED_ELSEWHERE, asked);
}

/**
 * A question whose best passage lies in a topic the classifier did not consider: retrieval leads
 * by far (nothing where the message was placed reaches OVERRULED_SHARE of its score), so the
 * classifier's topic was a guess from a few everyday words ("quel jour ont lieu les ateliers
 * numériques…" read as a contact question). Chosen on the studied question sets (1 and 5).
 */
const OVERRULING_MIN = 0.45;
/** An item of the leading entry reaching this share of the entry's score answers a question more precisely. */
const PRECISE_SHARE = 0.75;
const OVERRULED_SHARE = 0.7;

function overrulingHit(ctx: TurnContext, hits: readonly RetrievalHit[], sureOutOfScope: boolean, options: AnswerOptions): Pick | undefined {
  const [top] = hits;
  if (!top || top.kind === 'passage' || ctx.act.kind !== 'question' || sureOutOfScope || options.during || followUp(ctx)) return undefined;
  const classified = classifiedIn(ctx, options);
  if (top.score < OVERRULING_MIN || classified.has(top.entryId)) return undefined;
  const placedBest = hits.find((h) => classified.has(h.entryId))?.score ?? 0;
  if (placedBest > top.score * OVERRULED_SHARE) return undefined;
  // A question asks something precise: an item of the leading entry close behind it says it better.
  const precise = top.kind === 'entry' ? hits.find((h) => h.kind === 'faq' && h.entryId === top.entryId && h.score >= top.score * PRECISE_SHARE && !asksOtherwise(h, questionText(ctx))) : undefined;
  return precise ? { entryId: precise.entryId, faqId: precise.faqId, score: precise.score } : pickFrom(hits, top.score, questionText(ctx));
}

/** Words from which a question says enough by itself to be read without the conversation before it. */
const SELF_CONTAINED_WORDS = 9;

/** A short question after an answer leans on it ("et on peut refuser juste pour lui ?"): its few words say little alone. */
function followUp(ctx: TurnContext): boolean {
  return ctx.state.lastAnswer !== undefined && questionText(ctx).split(/\s+/).filter(Boolean).length < SELF_CONTAINED_WORDS;
}

/** Both readings must find at least this much of the message in the item they agree on. */
const AGREED_MIN = 0.3;
/** In a procedure, an item of its own topic scoring at least this share of the agreed item's: the procedure decides. */
const AGREED_OWN_NEAR = 0.95;
/** From this confidence, the classifier's topic holds against the readings' agreement elsewhere. */
const AGREED_CLASSIFIER_SURE = 0.7;

/**
 * The FAQ item that both readings of a question put first: the item whose wordings share most of
 * the message's words (matchQuestion) and the best-ranked document over questions, answers and
 * passages (retrieval). Two independent readings agreeing outweigh the classifier's topic, whose
 * general answer would not say the precise fact asked ("les données sont stockées dans quel pays ?"
 * is a Mon espace santé question, but its answer is the hosting item's).
 */
function agreedItem(ctx: TurnContext, options: AnswerOptions): Pick | undefined {
  const { knowledge, terms } = ctx.services;
  if (ctx.act.kind !== 'question' || options.otherTopicOnly || !terms || !knowledge.matchQuestion || !knowledge.retrieve) return undefined;
  const [top] = retrieveOnce(ctx);
  if (!top || top.kind !== 'faq' || top.score < AGREED_MIN) return undefined;
  const [worded] = knowledge.matchQuestion(questionText(ctx), { language: ctx.state.language, terms, limit: 1, minScore: AGREED_MIN });
  if (!worded || worded.entryId !== top.entryId || worded.faqId !== top.faqId || !top.faqId) return undefined;
  // A classifier sure of another topic, which the message does not name: the readings share words
  // with the message ("l'adresse du site" of a partner), not its subject ("…de Mon espace santé").
  const classified = classifiedIn(ctx, options);
  const sureElsewhere = ctx.parse.intent.confidence >= AGREED_CLASSIFIER_SURE && classified.size > 0 && !classified.has(top.entryId);
  if (sureElsewhere && !namedIn(ctx).has(top.entryId)) return undefined;
  // In a procedure, an item of its own topic comes just as close: the readings cannot tell the two
  // apart, the procedure can ("je le reçois où, le lien ?" while resetting a password is about the
  // reset link, not a teleconsultation's).
  if (options.during) {
    const own = new Set(proceduresEntries(ctx, options.during));
    const ownBest = own.has(top.entryId) ? 0 : (retrieveOnce(ctx).find((h) => h.kind === 'faq' && own.has(h.entryId))?.score ?? 0);
    if (ownBest >= top.score * AGREED_OWN_NEAR) return undefined;
  }
  return { entryId: top.entryId, faqId: top.faqId, score: Math.min(top.score, worded.score) };
}

const retrieved = new WeakMap<TurnContext, RetrievalHit[]>();

/** What retrieval finds for the message's question, asked once per turn whoever asks. */
export function retrieveOnce(ctx: TurnContext): RetrievalHit[] {
  let hits = retrieved.get(ctx);
  if (!hits) {
    // The whole message: retrieval finds its question itself and weighs the story around it; an
    // aside ("ah pardon je parle français en fait, …") is no story, only the clause that asks counts.
    const text = ctx.parse.focus?.aside ? questionText(ctx) : ctx.text;
    hits = ctx.services.knowledge.retrieve?.(text, { language: ctx.state.language, limit: RETRIEVAL_DEPTH }) ?? [];
    retrieved.set(ctx, hits);
  }
  return hits;
}

/** The precise item the message asks (an FAQ item), if any — not the topic's general answer. */
export function answerFaq(ctx: TurnContext, options: AnswerOptions): boolean {
  return say(ctx, findAnswer(ctx, { ...options, precise: true }), options);
}

/** What the knowledge base holds for the message, precise item or entry, if sure enough. */
export function answerRetrieved(ctx: TurnContext, options: AnswerOptions): boolean {
  return say(ctx, findAnswer(ctx, options), options);
}

function say(ctx: TurnContext, pick: Pick | undefined, options: AnswerOptions): boolean {
  if (!pick) return false;
  const where = options.during ? { procedure: options.during } : {};
  if (pick.faqId && ctx.services.answers.faq) ctx.log.info({ event: 'engine.knowledge.faq', entry: pick.entryId, faq: pick.faqId, score: Number(pick.score.toFixed(2)), ...where }, 'FAQ answer');
  else ctx.log.info({ event: 'engine.knowledge.retrieved', entry: pick.entryId, score: Number(pick.score.toFixed(2)), ...where }, 'knowledge answer');
  pushAnswer(ctx, pick.entryId, pick.faqId, options.feedback);
  answered(ctx, pick.entryId, options, pick.faqId);
  return true;
}

function answerEntry(ctx: TurnContext, options: AnswerOptions): boolean {
  const entry = options.topic && !controlOf(options.topic) ? ctx.services.knowledge.entryForIntent(options.topic) : namedEntry(ctx);
  if (!entry) return false;
  ctx.log.info({ event: options.during ? 'engine.knowledge.aside' : 'engine.knowledge.answer', entry: entry.id, ...(options.during ? { procedure: options.during } : {}) }, 'knowledge answer');
  ctx.replies.push(...ctx.services.answers.entry(entry.id, { language: ctx.state.language, askFeedback: options.feedback, variant: ctx.state.easyRead ? 'falc' : 'standard' }));
  answered(ctx, entry.id, options);
  return true;
}

/**
 * No topic from the classifier, but the message names one ("est-ce que je peux demander l'AME ?"):
 * that topic's general answer — the one retrieval ranks highest when it names several.
 */
function namedEntry(ctx: TurnContext): { id: string } | undefined {
  const named = namedIn(ctx);
  if (named.size === 0) return undefined;
  const ranked = retrieveOnce(ctx).find((h) => named.has(h.entryId))?.entryId;
  const id = ranked ?? (named.size === 1 ? [...named][0] : undefined);
  return id ? { id } : undefined;
}

function answered(ctx: TurnContext, entryId: string, options: AnswerOptions, faqId?: string): void {
  ctx.state.misunderstood = 0;
  ctx.state.lastAnswer = { entryId, ...(faqId ? { faqId } : {}) };
  if (options.feedback) expectFeedback(ctx, entryId);
}

/** "Vous pouvez expliquer plus simplement ?": the easy-to-read version of the last answer. */
/** "Can you explain it in English please?": the last answer again, in the language now used. */
export function answerAgain(ctx: TurnContext): boolean {
  const last = ctx.state.lastAnswer;
  if (!last || !ctx.services.knowledge.get(last.entryId)) return false;
  ctx.log.info({ event: 'engine.knowledge.again', entry: last.entryId, language: ctx.state.language }, 'last answer again');
  pushAnswer(ctx, last.entryId, last.faqId, false);
  return true;
}

/** The replies of an FAQ item (when the answers can say one) or of an entry, in the conversation's language and variant. */
function pushAnswer(ctx: TurnContext, entryId: string, faqId: string | undefined, askFeedback: boolean): void {
  const { answers } = ctx.services;
  const options = { language: ctx.state.language, askFeedback, variant: ctx.state.easyRead ? ('falc' as const) : ('standard' as const) };
  if (faqId && answers.faq) ctx.replies.push(...answers.faq(entryId, faqId, options));
  else ctx.replies.push(...answers.entry(entryId, options));
}

export function answerSimpler(ctx: TurnContext): boolean {
  const last = ctx.state.lastAnswer;
  if (!last || !ctx.services.knowledge.get(last.entryId)) return false;
  ctx.log.info({ event: 'engine.knowledge.simpler', entry: last.entryId }, 'easy-to-read answer');
  ctx.replies.push(...ctx.services.answers.entry(last.entryId, { language: ctx.state.language, askFeedback: false, variant: 'falc' }));
  return true;
}
