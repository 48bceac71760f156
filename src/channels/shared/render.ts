import type { Card, ChannelName, Reply } from '../../shared/conversation.js';
import type { Attachment, CardAction, OutgoingMessage } from './activity.js';

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
/** Teams renders Adaptive Cards up to 1.5; Web Chat renders 1.5 as well, so both get the same card. */
export const ADAPTIVE_CARD_VERSION = '1.5';

export interface RenderContext {
  channel: ChannelName;
  /** Teams' conversationType: "personal", "groupChat" or "channel". */
  conversationType?: string;
}

const LOCALES = { fr: 'fr-FR', en: 'en-US' } as const;

/**
 * Turns one engine reply into a Bot Framework message, the same content on every channel, shaped
 * for what each renders: Teams shows suggested actions only in personal chats, so elsewhere they
 * become card buttons; a card button that sends text uses Teams' imBack form in Teams and a plain
 * string (Web Chat's imBack) elsewhere.
 */
export function renderReply(reply: Reply, context: RenderContext): OutgoingMessage {
  const teams = context.channel === 'msteams';
  const suggestionsAsButtons = teams && context.conversationType !== undefined && context.conversationType !== 'personal';
  const suggestions = reply.suggestedActions ?? [];

  const message: OutgoingMessage = {
    type: 'message',
    text: reply.text,
    textFormat: 'markdown',
    inputHint: suggestions.length > 0 ? 'expectingInput' : 'acceptingInput',
  };
  if (reply.language) message.locale = LOCALES[reply.language];

  const attachments: Attachment[] = [];
  if (reply.card) attachments.push(adaptiveCard(reply.card, { teams, language: reply.language }));
  if (suggestions.length > 0) {
    if (suggestionsAsButtons) {
      attachments.push(adaptiveCard({ actions: suggestions.map((s) => ({ title: s.title, value: s.value })) }, { teams, language: reply.language }));
    } else {
      message.suggestedActions = { actions: suggestions.map((s): CardAction => ({ type: 'imBack', title: s.title, value: s.value })) };
    }
  }
  if (attachments.length > 0) message.attachments = attachments;
  return message;
}

export function renderReplies(replies: readonly Reply[], context: RenderContext): OutgoingMessage[] {
  return replies.map((r) => renderReply(r, context));
}

type Element = Record<string, unknown>;

/** A channel-neutral card as an Adaptive Card 1.5. */
export function adaptiveCard(card: Card, options: { teams: boolean; language?: Reply['language'] | undefined }): Attachment {
  const body: Element[] = [];
  if (card.title) body.push({ type: 'TextBlock', text: card.title, weight: 'Bolder', size: 'Medium', wrap: true, style: 'heading' });
  if (card.text) body.push({ type: 'TextBlock', text: card.text, wrap: true });
  if (card.facts && card.facts.length > 0) {
    body.push({ type: 'FactSet', facts: card.facts.map((f) => ({ title: f.title, value: f.value })) });
  }
  const steps = card.steps ?? [];
  if (steps.length > 0) {
    // One markdown list in one TextBlock: a real numbered list (1, 2, 3), read as such by screen
    // readers. A TextBlock per step would make each its own list, every one of them numbered "1.".
    body.push({ type: 'TextBlock', text: numberedList(steps), wrap: true, spacing: 'Medium' });
  }

  const actions: Element[] = [];
  for (const action of card.actions ?? []) {
    if (action.url) actions.push({ type: 'Action.OpenUrl', title: action.title, url: action.url });
    else if (action.value !== undefined) actions.push(submitAction(action.title, action.value, options.teams));
  }

  const content: Record<string, unknown> = {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: ADAPTIVE_CARD_VERSION,
    body,
  };
  if (options.language) content.lang = options.language;
  if (actions.length > 0) content.actions = actions;
  // A card is read aloud and summarised from its text fallback (screen readers, notifications).
  const summary = [card.title, card.text].filter(Boolean).join('. ');
  if (summary) content.speak = summary;
  return { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content };
}

/** "1. …\r2. …": Adaptive Cards' markdown list (\r is the line break Teams and Web Chat both read). */
export function numberedList(steps: readonly string[]): string {
  // A line break inside a step would end the list item: steps are one line each.
  return steps.map((step, i) => `${i + 1}. ${step.replace(/\s*[\r\n]+\s*/g, ' ')}`).join('\r');
}

/** A button that sends `value` back as what the person says. */
function submitAction(title: string, value: string, teams: boolean): Element {
  // Teams needs an object with msteams.imBack; Web Chat sends a string `data` as an imBack.
  return { type: 'Action.Submit', title, data: teams ? { msteams: { type: 'imBack', value } } : value };
}
