/** Helpers every channel uses: rendering replies as activities and running turns safely. */
export type { Attachment, CardAction, ChannelAccount, OutgoingMessage } from './activity.js';
export { ADAPTIVE_CARD_CONTENT_TYPE, ADAPTIVE_CARD_VERSION, adaptiveCard, renderReplies, renderReply, type RenderContext } from './render.js';
export { createTurnRunner, type TurnMetrics, type TurnResult, type TurnRunner, type TurnRunnerOptions } from './run-turn.js';
export { apologyReply, CONVERSATION_FULL_REPLY, CONVERSATION_LOST_REPLY, MAX_MESSAGE_CHARS, TOO_LONG_REPLY } from './copy.js';
export { clientKey, rateLimit, refuseTooMany, type HttpRateLimit } from './rate-limit.js';
