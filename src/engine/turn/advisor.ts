/**
 * Handing over to a human advisor. When an advisor is online (and within the opening hours), the
 * request is live: the advisor answers in this conversation. Otherwise the person is asked, with
 * their consent, how to be reached back (questions/callback.ts); the helpline is always given.
 */
import type { Procedure } from '../definitions.js';
import { rootProcedure } from '../procedures/current.js';
import { endProcedures } from '../procedures/stack.js';
import { askCallbackConsent } from '../questions/callback.js';
import { sayMessage, textOf, type TurnContext } from '../turn-context.js';

export async function requestAdvisor(ctx: TurnContext, reason: string, procedure?: Procedure): Promise<void> {
  const owner = procedure ?? rootProcedure(ctx);
  const topic = owner?.id ?? ctx.state.topic ?? 'general';
  endProcedures(ctx);
  ctx.state.pending = undefined;
  const live = ctx.services.presence ? await ctx.services.presence.liveAvailable(ctx.now) : false;
  if (live) {
    createHandoff(ctx, { reason, topic, mode: 'live', helpline: helplineFor(ctx, owner) });
    sayMessage(ctx, 'handoffLive', { helpline: helplineText(ctx, owner) });
    return;
  }
  askCallbackConsent(ctx, reason, topic);
}

/** Queues the request (after the state is saved) and remembers which reply announces it. */
export function createHandoff(
  ctx: TurnContext,
  request: { reason: string; topic: string; mode: 'live' | 'callback'; helpline: string; contact?: { kind: 'phone' | 'email'; value: string; when?: string; consentAt: string } },
): void {
  ctx.effects.push({ kind: 'handoff', ...request, subject: capitalise(subjectOf(ctx, request.topic, 'fr')), replyIndex: ctx.replies.length });
}

/** The topic in words ("activer Mon espace santé"), never a raw id: French for the advisor, else the person's language. */
export function subjectOf(ctx: TurnContext, topic: string, language = ctx.state.language): string {
  const scoped = { ...ctx, state: { ...ctx.state, language } };
  const procedure = ctx.services.catalog.procedures.get(topic);
  if (procedure) return textOf(scoped, procedure.title);
  const entry = ctx.services.knowledge.entryForIntent(topic) ?? ctx.services.knowledge.get(topic);
  if (entry) return entry.title;
  return ctx.services.copy.message('generalSubject', { language, now: ctx.now, slots: {} });
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The helpline key for what the person is doing: the procedure's, else by topic. */
export function helplineFor(ctx: TurnContext, procedure?: Procedure): string {
  if (procedure) return procedure.helpline;
  const topic = ctx.state.topic ?? '';
  return topic.startsWith('mes') && ctx.services.catalog.assistant.helplines.mes ? 'mes' : 'ameli';
}

export function helplineText(ctx: TurnContext, procedure?: Procedure): string {
  const text = ctx.services.catalog.assistant.helplines[helplineFor(ctx, procedure)];
  return text ? textOf(ctx, text) : '';
}
