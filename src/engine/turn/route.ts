/**
 * Outside procedures: what to do with the message. A question gets its answer (and, about a
 * procedure, the offer to be guided); a request or a bare topic starts its procedure or gets the
 * topic's answer; two topics as likely as each other get "Voulez-vous dire … ou … ?"; the rest is
 * said honestly, with what the assistant can do, and an advisor after repeated misunderstandings.
 */
import type { Procedure } from '../definitions.js';
import { routeOption, startProcedure } from '../procedures/runner.js';
import { askDisambiguation } from '../questions/disambiguation.js';
import { askOfferAdvisor } from '../questions/offer-advisor.js';
import { askOfferGuide } from '../questions/offer-guide.js';
import { capabilities, sayMessage, type TurnContext } from '../turn-context.js';
import { answerAgain, answerFaq, answerQuestion, answerSimpler, namesTopic, questionText, retrieveOnce } from './answer.js';
import { controlOf } from './intents.js';

export async function route(ctx: TurnContext): Promise<void> {
  if (ctx.act.simpler && answerSimpler(ctx)) return;
  if (ctx.act.sayAgainIn && answerAgain(ctx)) return;
  const { closeCall } = ctx.parse;
  if (closeCall && ctx.act.kind !== 'question' && closeCall[0].name !== closeCall[1].name && answerable(ctx, closeCall[0].name) && answerable(ctx, closeCall[1].name)) {
    askDisambiguation(ctx, [closeCall[0].name, closeCall[1].name]);
    return;
  }
  await actOnIntent(ctx, ctx.parse.intent.name);
}

/**
 * A procedure that opens by reading the situation ("le lien ne marche plus", "où trouver le code")
 * answers a question it recognises itself; other questions get the knowledge base's answer.
 */
function answeredBySteps(ctx: TurnContext, procedure: Procedure): boolean {
  const first = procedure.steps[procedure.start];
  return first?.type === 'route' && first.recordsOnly !== true && routeOption(ctx, first.options) !== undefined;
}

/**
 * A question about a procedure gets its answer (the precise FAQ item, else the topic's), and the
 * offer to be guided; only a request (or a yes to the offer) starts it. A statement ("numéro de
 * téléphone ameli") gets a precise item when one fits. A request goes to its procedure, unless a
 * precise item of another topic fits it much better than the classifier's topic.
 * True when the message was answered.
 */
function answerAboutProcedure(ctx: TurnContext, intent: string, procedure: Procedure): boolean {
  const offer = () => {
    ctx.state.topic = intent;
    if (!procedure.startsOnQuestion) askOfferGuide(ctx, procedure.id);
    return true;
  };
  switch (ctx.act.kind) {
    case 'question':
      if (answerFaq(ctx, { topic: intent, feedback: procedure.startsOnQuestion === true })) return offer();
      // The procedure's own first reading of the situation answers it, or it is the answer itself.
      if (answeredBySteps(ctx, procedure)) return false;
      // "Pour joindre quelqu'un c'est quel numéro ?" names no situation: the topic's answer, not a chooser.
      if (procedure.startsOnQuestion) return answerQuestion(ctx, { topic: intent, feedback: true }) ? offer() : false;
      return answerQuestion(ctx, { topic: intent, feedback: false }) ? offer() : false;
    case 'statement':
      return answerFaq(ctx, { topic: intent, feedback: true });
    case 'request':
      // A request the classifier is sure of goes to its procedure; a doubtful one may be a precise
      // question of another topic in disguise.
      return ctx.parse.intent.confidence < SURE_REQUEST && answerFaq(ctx, { topic: intent, feedback: true, otherTopicOnly: true });
  }
}

/** True when an intent leads somewhere (a procedure or an answer). */
function answerable(ctx: TurnContext, intent: string): boolean {
  return ctx.services.catalog.procedureForIntent(intent) !== undefined || ctx.services.knowledge.entryForIntent(intent) !== undefined;
}

export async function actOnIntent(ctx: TurnContext, intent: string): Promise<void> {
  const procedure = askedBesideValues(ctx) ?? ctx.services.catalog.procedureForIntent(intent) ?? requestedInClause(ctx, intent) ?? requestedRunnerUp(ctx, intent);
  const control = controlOf(intent);
  if (procedure) {
    if (answerAboutProcedure(ctx, intent, procedure)) return;
    ctx.state.misunderstood = 0;
    await startProcedure(ctx, procedure, ctx.parse);
    return;
  }
  // "Je pourrai changer d'avis plus tard ?" read as cancel with nothing under way: a question all the same.
  // So is "Si j'obtiens la Complémentaire santé solidaire, est-ce que ça continuera ?" read as a yes:
  // a question that names a topic of the knowledge base asks about it, whatever social word or
  // yes/no the classifier heard ("ok merci c'est bon ?" names none).
  const askedAnyway =
    ctx.act.kind === 'question' && control !== undefined && (control === 'cancel' || (SOCIAL_QUESTION.has(control) && namesTopic(ctx)));
  if (!control || control === 'out_of_scope' || control === 'help' || askedAnyway) {
    // A knowledge topic; or a question the classifier could not place that a FAQ item asks.
    if (answerQuestion(ctx, { ...(control ? {} : { topic: intent }), feedback: true })) {
      if (!control) ctx.state.topic = intent;
      return;
    }
  }
  switch (control) {
    case 'greeting':
    case 'thanks':
    case 'goodbye':
      ctx.state.misunderstood = 0;
      sayMessage(ctx, control, undefined, control === 'goodbye' ? undefined : capabilities(ctx));
      return;
    case 'help':
      ctx.state.misunderstood = 0;
      sayMessage(ctx, ctx.act.simpler ? 'simplerNothing' : 'help', undefined, capabilities(ctx));
      return;
    case 'handoff.agent':
      // "Je peux parler à un conseiller ?" asks for one, as a question: the offer, answered yes or no.
      ctx.state.misunderstood = 0;
      askOfferAdvisor(ctx, 'user_asked', { message: 'offerAdvisorAsked' });
      return;
    default:
      misunderstood(ctx, control === 'out_of_scope' || control === undefined);
  }
}

/**
 * Control intents that say nothing of a topic: with a question that names one, the question is what
 * counts ("on peut voir un conseiller en agence ? faut prendre rdv ?" is about the appointments).
 */
const SOCIAL_QUESTION: ReadonlySet<string> = new Set(['affirm', 'deny', 'inform', 'thanks', 'greeting', 'goodbye', 'handoff.agent']);

/** Values that identify a person: a message with two of them gives its details all at once. */
const IDENTITY_VALUES: ReadonlySet<string> = new Set(['nir', 'birth_date', 'provisional_code', 'vitale_serial', 'email', 'postal_code']);
const DIGIT = /\d/;

/**
 * A message that gives its details at once ("je m'oppose à mon espace santé. code provisoire …,
 * secu …, né le …"): the words that label the values ("code provisoire", "carte avec photo") pull
 * the classifier towards activation. The clause without any value says what is asked, when one
 * such clause names one procedure for sure.
 */
function askedBesideValues(ctx: TurnContext): Procedure | undefined {
  const values = ctx.parse.entities.filter((e) => e.valid !== false && IDENTITY_VALUES.has(e.type));
  if (values.length < 2 || ctx.act.kind === 'question') return undefined;
  const clauses = ctx.text.split(CLAUSE).filter((c) => c.trim() !== '' && !DIGIT.test(c));
  return oneSureProcedure(ctx, clauses, (kind) => kind !== 'question');
}

/** A procedure's topic this likely behind a request's information topic is what the request asks done. */
const RUNNER_UP_PROCEDURE = 0.2;

/**
 * A request placed in an information topic, with a procedure's topic close behind: the request
 * asks for the procedure ("je voudrais m'opposer à Mon espace santé pour mon fils" is read as the
 * children's profiles, but asks to oppose; "…j'ai dû oublier le mot de passe" as trouble logging in).
 */
function requestedRunnerUp(ctx: TurnContext, intent: string): Procedure | undefined {
  if (ctx.act.kind !== 'request' || controlOf(intent) !== undefined) return undefined;
  const second = ctx.parse.ranking.find((r) => r.name !== intent);
  if (!second || second.confidence < RUNNER_UP_PROCEDURE || controlOf(second.name) === 'handoff.agent') return undefined;
  return ctx.services.catalog.procedureForIntent(second.name);
}

/** Clauses of a message: "je veux activer mon espace santé, et il y a aussi mes 3 enfants". */
const CLAUSE = /[,;.!?]+|\s(?:et|mais|and|but)\s/u;
const CLAUSES_MAX = 4;

/**
 * A request whose topic is no procedure, with one clause that requests a procedure for sure: the
 * rest is context ("…, et il y a aussi mes 3 enfants" is read as the children's profiles, but the
 * person asked to activate).
 */
function requestedInClause(ctx: TurnContext, intent: string): Procedure | undefined {
  if (ctx.act.kind !== 'request' || controlOf(intent) === 'handoff.agent') return undefined;
  // A long message is read in the sentence that carries its request.
  const clauses = questionText(ctx).split(CLAUSE).map((c) => c.trim()).filter((c) => c !== '');
  if (clauses.length < 2 || clauses.length > CLAUSES_MAX) return undefined;
  return oneSureProcedure(ctx, clauses, (kind) => kind === 'request', SURE_CLAUSE);
}

/** The one procedure that clauses, each read alone, name for sure with an accepted kind of message; none when they name several. */
function oneSureProcedure(ctx: TurnContext, clauses: readonly string[], accepts: (kind: string | undefined) => boolean, sure = SURE_REQUEST): Procedure | undefined {
  const found = new Set<Procedure>();
  for (const clause of clauses) {
    const parse = ctx.services.nlu.parse(clause);
    const procedure = ctx.services.catalog.procedureForIntent(parse.intent.name);
    if (procedure && accepts(parse.act?.kind) && parse.intent.confidence >= sure) found.add(procedure);
  }
  return found.size === 1 ? [...found][0] : undefined;
}

function misunderstood(ctx: TurnContext, outOfScope: boolean): void {
  ctx.state.misunderstood += 1;
  if (ctx.state.misunderstood >= ctx.services.catalog.assistant.limits.maxMisunderstandings) {
    ctx.state.misunderstood = 0;
    askOfferAdvisor(ctx, 'not_understood');
    return;
  }
  // Not sure enough to answer, but something close: offered first, never answered unasked.
  const suggestion = outOfScope && !surelyElsewhere(ctx) ? closeQuestion(ctx) : undefined;
  if (suggestion) {
    sayMessage(ctx, 'outOfScopeNear');
    sayMessage(ctx, 'didYouMean', { title: suggestion }, [{ title: suggestion, value: suggestion }, ...capabilities(ctx)]);
    return;
  }
  sayMessage(ctx, outOfScope ? 'outOfScope' : 'notUnderstood', undefined, capabilities(ctx));
}

/** Classifier confidence from which a request goes straight to its procedure. */
const SURE_REQUEST = 0.9;
/** A clause is a few words: the classifier is a little less sure of what it requests. */
const SURE_CLAUSE = 0.85;
/** Retrieval score from which a question of the knowledge base is worth suggesting. */
const SUGGESTION_MIN_SCORE = 0.6;
/** fuse.js score (0 perfect … 1 unrelated) under which a search hit is worth suggesting (knowledge bases without retrieval). */
const SEARCH_SUGGESTION_MAX_SCORE = 0.25;

/** Classifier confidence from which a message is about something else for sure. */
const SURE_ELSEWHERE = 0.9;

/**
 * The classifier is sure the message is about something else ("quel temps fait-il ?"): a
 * suggestion would only echo shared everyday words ("temps", "fait").
 */
function surelyElsewhere(ctx: TurnContext): boolean {
  return ctx.parse.intent.name === 'out_of_scope' && ctx.parse.intent.confidence >= SURE_ELSEWHERE;
}

/** The wording of the closest question or topic of the knowledge base, if close enough. */
function closeQuestion(ctx: TurnContext): string | undefined {
  const { knowledge } = ctx.services;
  if (knowledge.retrieve) {
    const [hit] = retrieveOnce(ctx);
    if (!hit || hit.score < SUGGESTION_MIN_SCORE) return undefined;
    return (hit.heading ?? hit.question ?? knowledge.get(hit.entryId)?.title)?.replace(/\s*\?\s*$/, '');
  }
  const [hit] = knowledge.search(ctx.text, { limit: 1, language: ctx.state.language });
  return hit && hit.score <= SEARCH_SUGGESTION_MAX_SCORE ? hit.title : undefined;
}
