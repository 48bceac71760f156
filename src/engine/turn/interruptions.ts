/**
 * What works at any moment, before any other reading of the message: asking for an advisor,
 * starting over, stopping, help, the easy-to-read switch, frustration, and another
 * administration's account. A password or a code is never read as one of these, and neither is
 * an answer that picks an offered option or corrects an earlier answer.
 */
import { rootProcedure, type Current } from '../procedures/current.js';
import { prompt } from '../procedures/prompts.js';
import { startProcedure } from '../procedures/runner.js';
import { endProcedures } from '../procedures/stack.js';
import { askOfferAdvisor } from '../questions/offer-advisor.js';
import { buttons, capabilities, sayMessage, sayText, suggestions, textOf, type TurnContext } from '../turn-context.js';
import { helplineText, requestAdvisor } from './advisor.js';
import { namesTopic } from './answer.js';
import { previousFreeForm } from './correction.js';
import { controlOf, wordCount } from './intents.js';

/** Commands are short ("recommencer", "on reprend depuis le début"): a long sentence is not one. */
const COMMAND_MAX_WORDS = 9;

export async function interruption(ctx: TurnContext): Promise<boolean> {
  const current = ctx.current;
  // A password or a code holds digits; such an answer is never read as a command.
  if (current?.step.type === 'ask' && current.step.secret && /\d/.test(ctx.text) && !ctx.state.pending) return false;
  // An answer that picks one of the offered options is that answer ("conseiller numérique").
  if (!ctx.state.pending && current?.step.type === 'choice' && current.step.expect === 'options' && ctx.parse.choice) return false;
  // "non attendez, c'est le 19/06/1987" corrects an answer: it is no "stop".
  // So does "non attendez, je me suis trompée, c'est Roux avec un x" just after a name.
  const correcting =
    ctx.act.correction === true && (ctx.parse.entities.some((e) => e.valid !== false && e.type !== 'yes_no') || (current !== undefined && previousFreeForm(ctx, current) !== undefined));
  const control = controlOf(ctx.parse.intent.name);
  if (control === 'handoff.agent' && ctx.act.kind !== 'question') {
    // Accepting an advisor the assistant offered keeps the reason it was offered for.
    const pending = ctx.state.pending;
    const reason = pending?.kind === 'stuck' ? 'repeated_failures' : pending?.kind === 'offer_advisor' ? pending.reason : 'user_asked';
    ctx.secretAnswer = false;
    await requestAdvisor(ctx, reason);
    return true;
  }
  const command = commandSized(ctx.text, ctx.act.kind === 'question') ? ctx.parse.command : undefined;
  if (command === 'restart') {
    ctx.secretAnswer = false;
    await restart(ctx);
    return true;
  }
  if (command === 'easyReadOn' || command === 'easyReadOff') {
    ctx.state.easyRead = command === 'easyReadOn';
    sayMessage(ctx, command);
    if (current) prompt(ctx, current.step, 'resume');
    return true;
  }
  // "Je pourrai changer d'avis plus tard ?" with nothing under way asks something; it stops nothing.
  // ("Je peux annuler ?" with nothing said before asks about nothing: there is nothing to cancel.)
  const nothingToStop = !current && (ctx.state.pending === undefined || ctx.state.pending.kind === 'feedback');
  const asksAbout = ctx.state.lastAnswer !== undefined || namesTopic(ctx);
  if (control === 'cancel' && !correcting && !(ctx.act.kind === 'question' && nothingToStop && asksAbout)) {
    ctx.secretAnswer = false;
    cancel(ctx);
    return true;
  }
  if (ctx.act.complaint && !correcting) {
    complaint(ctx, current);
    return true;
  }
  // "Quels sont les statuts d'une demande dans Espace Partenaires ?" is no call for help: a question
  // that names a topic of the knowledge base asks about it.
  // In a step, "je sais pas" lacks the answer and "comment je sais si elle a une photo ?" asks about
  // the question: the step's own help says more than the general one.
  const aboutTheStep = current !== undefined && (ctx.act.lacking === true || ctx.act.kind === 'question');
  if (control === 'help' && !ctx.act.simpler && !aboutTheStep && !(ctx.act.kind === 'question' && namesTopic(ctx))) {
    help(ctx, current);
    return true;
  }
  // "et pour impots.gouv c pareil ?" right after "mot de passe caf" is about that account too.
  const afterOther = ctx.state.otherAdministrationTurn === ctx.state.turn - 1;
  const other = ctx.act.otherAdministration ?? (afterOther ? ctx.act.administration : undefined);
  if (other && !current) {
    otherAdministration(ctx, other);
    return true;
  }
  return false;
}

/**
 * A command is short, or said in a short message that asks nothing ("on recommence depuis le début
 * svp je me suis emmêlé les pinceaux"), or in a short clause of it ("attendez, j'ai tout mélangé,
 * on recommence depuis le début svp ?").
 */
function commandSized(text: string, question: boolean): boolean {
  const words = wordCount(text);
  if (words <= COMMAND_MAX_WORDS) return true;
  if (words > 2 * COMMAND_MAX_WORDS) return false;
  if (!question) return true;
  return text.split(/[,.;:!?]+/).some((clause) => {
    const n = wordCount(clause);
    return n > 0 && n <= COMMAND_MAX_WORDS / 1.5;
  });
}

function cancel(ctx: TurnContext): void {
  const root = rootProcedure(ctx);
  const hadPending = ctx.state.pending !== undefined && ctx.state.pending.kind !== 'feedback';
  ctx.state.pending = undefined;
  if (!root && !hadPending) {
    sayMessage(ctx, 'nothingToCancel', undefined, capabilities(ctx));
    return;
  }
  ctx.log.info({ event: 'engine.procedure.cancel', procedure: root?.id }, 'procedure cancelled');
  const title = root ? textOf(ctx, root.title) : '';
  endProcedures(ctx);
  sayMessage(ctx, 'cancelled', { procedure: title }, capabilities(ctx));
}

async function restart(ctx: TurnContext): Promise<void> {
  const root = rootProcedure(ctx);
  ctx.state.pending = undefined;
  if (!root) {
    const { welcome } = ctx.services.catalog.assistant;
    welcome.say.forEach((t, i) => sayText(ctx, t, undefined, i === welcome.say.length - 1 ? suggestions(ctx, welcome.suggestions) : undefined));
    return;
  }
  ctx.log.info({ event: 'engine.procedure.restart', procedure: root.id }, 'procedure restarted');
  endProcedures(ctx);
  sayMessage(ctx, 'restarted', { procedure: textOf(ctx, root.title) });
  await startProcedure(ctx, root, ctx.services.nlu.parse(''));
}

function help(ctx: TurnContext, current: Current | undefined): void {
  if (!current) {
    sayMessage(ctx, 'help', undefined, capabilities(ctx));
    return;
  }
  if (current.step.help) sayText(ctx, current.step.help);
  const root = rootProcedure(ctx) ?? current.procedure;
  sayMessage(ctx, 'helpInProcedure', { procedure: textOf(ctx, root.title) });
  prompt(ctx, current.step, 'reprompt');
}

/** "Tu sers à rien", "ça fait 3 fois": a short acknowledgement, the advisor and the helpline in words. */
function complaint(ctx: TurnContext, current: Current | undefined): void {
  ctx.log.info({ event: 'engine.complaint', procedure: current?.procedure.id }, 'frustration acknowledged');
  ctx.secretAnswer = false;
  const helpline = helplineText(ctx, rootProcedure(ctx));
  // "Impossible de vous joindre au 3646": that number is not offered again.
  const number = helpline.replace(/\D/g, '');
  const unreachable = number.length > 0 && ctx.text.replace(/\D/g, '').includes(number);
  sayMessage(ctx, unreachable ? 'complaintUnreachable' : 'complaint', { helpline }, buttons(ctx, 'yes', 'no'));
  askOfferAdvisor(ctx, 'frustration', { silent: true });
}

/** "Mot de passe caf": their accounts are theirs; what the assistant can do instead. */
function otherAdministration(ctx: TurnContext, name: string): void {
  const label = ctx.services.catalog.assistant.administrations[name];
  ctx.log.info({ event: 'engine.other_administration', administration: name }, 'another administration');
  ctx.state.otherAdministrationTurn = ctx.state.turn;
  sayMessage(ctx, 'otherAdministration', { name: label ? textOf(ctx, label) : name }, capabilities(ctx));
}
