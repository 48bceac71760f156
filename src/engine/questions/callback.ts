/**
 * No advisor online: a callback, with the person's consent. Asked and read here: "voulez-vous
 * laisser un numéro ou une e-mail ?" → which one (checked) → when → the request is queued with
 * that contact, which only advisors see. The helpline is said at the start and at the end.
 */
import { maskEmail, maskPhone } from '../../shared/redact.js';
import type { Pending } from '../state.js';
import { buttons, message, sayMessage, type TurnContext } from '../turn-context.js';
import { createHandoff, helplineFor, helplineText, subjectOf } from '../turn/advisor.js';
import { yesNo } from './yes-no.js';

type CallbackPending = Extract<Pending, { kind: 'callback' }>;

/** Wrong contacts in a row before the assistant stops asking and gives the helpline. */
const MAX_CONTACT_FAILURES = 2;
/** A preferred time is a few words ("demain matin"), not a story. */
const WHEN_MAX_LENGTH = 120;

export function askCallbackConsent(ctx: TurnContext, reason: string, topic: string): void {
  ctx.state.pending = { kind: 'callback', stage: 'consent', reason, topic, failures: 0 };
  sayMessage(ctx, 'callbackConsent', { helpline: helplineText(ctx) }, buttons(ctx, 'yes', 'no'));
}

export function readCallback(ctx: TurnContext, pending: CallbackPending): boolean {
  switch (pending.stage) {
    case 'consent': {
      // "C'est quoi le numéro alors ?": the helpline, and the offer still stands.
      if (ctx.parse.intent.name.startsWith('contact.phone') && !contactOf(ctx)) {
        sayMessage(ctx, 'callbackConsent', { helpline: helplineText(ctx) }, buttons(ctx, 'yes', 'no'));
        ctx.state.pending = pending;
        return true;
      }
      const answer = yesNo(ctx);
      if (answer === 'no') {
        sayMessage(ctx, 'callbackDeclined', { helpline: helplineText(ctx) });
        return true;
      }
      // The contact itself, typed at once, is a yes.
      if (answer === 'yes' || contactOf(ctx)) return readContact(ctx, { ...pending, stage: 'contact' }, answer !== 'yes');
      return false;
    }
    case 'contact':
      return readContact(ctx, pending, true);
    case 'when':
      return readWhen(ctx, pending);
  }
}

function contactOf(ctx: TurnContext): { kind: 'phone' | 'email'; value: string } | undefined {
  // The value the NLU found in the sentence, else the whole message as one or the other.
  const found = ctx.parse.entities.find((e) => (e.type === 'email' || e.type === 'phone') && e.valid !== false);
  const kind: 'phone' | 'email' = found ? (found.type === 'email' ? 'email' : 'phone') : ctx.text.includes('@') ? 'email' : 'phone';
  const checked = ctx.services.validators.get(kind)?.(found ? ctx.text.slice(found.start, found.end) : ctx.text, { now: ctx.now });
  return checked?.ok ? { kind, value: checked.value } : undefined;
}

function readContact(ctx: TurnContext, pending: CallbackPending, mustHoldContact: boolean): boolean {
  const contact = contactOf(ctx);
  if (contact) {
    ctx.state.pending = { ...pending, stage: 'when', contact, failures: 0 };
    sayMessage(ctx, 'callbackAskWhen', undefined, buttons(ctx, 'anyTime'));
    return true;
  }
  if (!mustHoldContact) {
    ctx.state.pending = { ...pending, stage: 'contact' };
    sayMessage(ctx, 'callbackAskContact');
    return true;
  }
  // A question or another topic typed instead of the contact goes on as a new message.
  if (ctx.act.kind === 'question' || ctx.act.kind === 'request') return false;
  const failures = pending.failures + 1;
  if (failures > MAX_CONTACT_FAILURES) {
    sayMessage(ctx, 'callbackDeclined', { helpline: helplineText(ctx) });
    return true;
  }
  ctx.state.pending = { ...pending, stage: 'contact', failures };
  sayMessage(ctx, 'callbackBadContact');
  return true;
}

function readWhen(ctx: TurnContext, pending: CallbackPending): boolean {
  const contact = pending.contact;
  if (!contact) return false;
  const anyTime = ctx.services.copy.text(ctx.services.catalog.assistant.buttons.anyTime?.title ?? { fr: '', en: '' }, { language: ctx.state.language, now: ctx.now, slots: {} });
  const typed = ctx.text.trim().replace(/\s+/g, ' ');
  const when = !typed || typed.toLowerCase() === anyTime.toLowerCase() || ctx.parse.intent.name === 'affirm' ? undefined : typed.slice(0, WHEN_MAX_LENGTH);
  const helpline = helplineFor(ctx);
  createHandoff(ctx, {
    reason: pending.reason,
    topic: pending.topic,
    mode: 'callback',
    helpline,
    contact: { ...contact, ...(when ? { when } : {}), consentAt: ctx.now.toISOString() },
  });
  const shown = contact.kind === 'phone' ? maskPhone(contact.value) : maskEmail(contact.value);
  sayMessage(ctx, contact.kind === 'phone' ? 'callbackDonePhone' : 'callbackDoneEmail', {
    contact: shown,
    when: when ?? message(ctx, 'callbackAnyTime'),
    subject: subjectOf(ctx, pending.topic),
    helpline: helplineText(ctx),
  });
  return true;
}
