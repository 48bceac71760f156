import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  TurnContext,
  type Activity,
  type ConversationReference,
} from 'botbuilder';
import express, { Router } from 'express';
import type { TurnInput } from '../../shared/conversation.js';
import { withDeadline } from '../../shared/deadline.js';
import { AppError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import type { KeyValueStore } from '../../state/kv.js';
import { renderReplies, renderReply, TURN_ERROR_REPLY, type OutgoingMessage, type TurnRunner } from '../shared/index.js';
import type { RedeliveryGuard } from '../shared/redelivery.js';
import { checkActivity, conversationNamespace, isEmulatorMode } from './trust.js';

type AuthenticateRequestResult = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>>;

export interface BotFrameworkOptions {
  runner: TurnRunner;
  logger: Logger;
  /** Set: every request needs a valid channel JWT. Unset: see `emulator`. */
  appId?: string;
  appPassword?: string;
  appType?: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  tenantId?: string;
  /** Without an app id: accept unauthenticated requests (Emulator mode), or refuse them with 403. */
  emulator?: boolean;
  /**
   * Which serviceUrls replies may be sent to (403 otherwise). Anyone can name a serviceUrl in a
   * body, so production restricts it (see the composition root).
   */
  allowServiceUrl?: (serviceUrl: string) => boolean;
  /** Remembers activity ids, so that a redelivered activity is processed once. */
  deliveries?: RedeliveryGuard<never>;
  bodyLimit?: string;
  /**
   * Where each conversation's reference is kept, so that an advisor's message can be sent later
   * (a proactive message); without it, nothing can be delivered outside a turn.
   */
  references?: KeyValueStore;
  /** How long a reference is kept after the conversation's last activity (default 7 days, as handoff requests). */
  referenceTtlMs?: number;
}

export interface BotFrameworkChannel {
  /** Mount at /api/messages. */
  router: Router;
  emulatorMode: boolean;
  /** Sends a message into a conversation the bot has seen (an advisor's words), outside any turn. */
  deliver(conversationId: string, message: { text: string; fromName: string }): Promise<void>;
}

const REFERENCE_TTL_MS = 7 * 24 * 3_600_000;
const STORE_DEADLINE_MS = 1000;

/**
 * The standard Bot Framework endpoint (Teams, Emulator, Azure Bot Service) on botbuilder's
 * CloudAdapter. This is the only module that imports botbuilder (lazy-channel.ts imports it on
 * first use): it turns activities into plain turns for the engine and its plain replies back into
 * activities.
 */
export function createBotFrameworkChannel(options: BotFrameworkOptions): BotFrameworkChannel {
  const { runner } = options;
  const log = options.logger.child({ component: 'botframework' });
  const emulatorMode = isEmulatorMode(options);
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: options.appId ?? '',
    MicrosoftAppPassword: options.appPassword ?? '',
    MicrosoftAppType: options.appType ?? 'MultiTenant',
    MicrosoftAppTenantId: options.tenantId ?? '',
  });
  const adapter = new CloudAdapter(auth);

  // Reached when sending fails (the engine's own failures are answered by the turn runner).
  // Nothing is reset: the conversation state stays as it was, the person can try again.
  adapter.onTurnError = async (context, error) => {
    log.error({ event: 'botframework.turn.failed', err: error, conversationId: context.activity.conversation?.id }, 'turn failed');
    try {
      await context.sendActivity(toActivity(renderReply(TURN_ERROR_REPLY, { channel: context.activity.channelId }), context.activity.from.id));
    } catch (sendError) {
      log.error({ event: 'botframework.turn.error_reply_failed', err: sendError }, 'could not send the error reply');
    }
  };

  const referenceKey = (conversationId: string) => `bf:ref:${conversationId}`;
  /** Kept at every activity (best effort: the turn goes on if the store fails). */
  const remember = async (activity: Activity) => {
    if (!options.references || !activity.conversation?.id) return;
    try {
      const reference = TurnContext.getConversationReference(activity);
      await withDeadline(options.references.set(referenceKey(activity.conversation.id), reference, { ttlMs: options.referenceTtlMs ?? REFERENCE_TTL_MS }), STORE_DEADLINE_MS, 'conversation reference');
    } catch (error) {
      log.warn({ event: 'botframework.reference.not_saved', err: error }, 'conversation reference not saved');
    }
  };
  // The engine's namespace comes from how the request was authenticated, never from the body.
  const namespace = (activity: Activity) => conversationNamespace(!emulatorMode, activity.channelId);

  const logic = async (context: TurnContext): Promise<void> => {
    const activity = context.activity;
    await remember(activity);
    // Rendering follows the channel the activity names (Teams cards, Web Chat…): it decides looks, not whose state it is.
    const renderContext = { channel: activity.channelId, conversationType: activity.conversation.conversationType };
    if (activity.type === 'message') {
      const { replies } = await runner.turn(toTurnInput(activity, namespace(activity)));
      // No reply when the message went to an advisor (botbuilder refuses an empty send).
      if (replies.length > 0) await context.sendActivities(renderReplies(replies, renderContext).map((m) => toActivity(m, activity.from.id)));
    } else if (activity.type === 'conversationUpdate') {
      const person = (activity.membersAdded ?? []).find((m) => m.id !== activity.recipient.id);
      if (!person) return;
      const { text: _text, ...base } = toTurnInput({ ...activity, from: person }, namespace(activity));
      await context.sendActivities(renderReplies(await runner.welcome(base), renderContext).map((m) => toActivity(m, base.userId)));
    }
  };

  const router = Router();
  router.use(express.json({ limit: options.bodyLimit ?? '256kb' }));
  router.post('/', async (req, res) => {
    const checked = checkActivity(req.body);
    const activity = req.body as Activity;
    if (!options.appId && !emulatorMode) {
      log.warn({ event: 'botframework.emulator_off' }, 'unauthenticated request refused: no MicrosoftAppId and the Emulator mode is off');
      throw new AppError('Forbidden', 'This endpoint needs a Bot Framework channel token: set MicrosoftAppId, or BOTFRAMEWORK_EMULATOR=on for a local Emulator', { status: 403 });
    }
    let authResult: AuthenticateRequestResult;
    try {
      authResult = await auth.authenticateRequest(activity, req.get('authorization') ?? '');
    } catch (error) {
      log.warn({ event: 'botframework.auth.rejected', reason: error instanceof Error ? error.message : String(error) }, 'request refused');
      throw new AppError('Unauthorized', 'A valid Bot Framework channel token is required', { status: 401 });
    }
    if (options.allowServiceUrl && !options.allowServiceUrl(checked.serviceUrl)) {
      log.warn({ event: 'botframework.service_url.refused', emulator: emulatorMode }, 'serviceUrl not allowed');
      throw new AppError('Forbidden', 'Replies cannot be sent to this serviceUrl', { status: 403 });
    }
    // The connector retries an activity it got no answer for in time: each id is handled once.
    const activityId = typeof activity.id === 'string' && activity.id.length <= 512 ? activity.id : '';
    const delivery = activityId ? `${namespace(activity)}|${checked.conversationId}|${activityId}` : undefined;
    if (delivery && options.deliveries && (await options.deliveries.claim(delivery))) {
      log.info({ event: 'botframework.redelivered', conversationId: checked.conversationId }, 'activity already handled');
      res.status(200).end();
      return;
    }
    try {
      await adapter.processActivityDirect(authResult, activity, logic);
    } catch (error) {
      if (delivery) await options.deliveries?.release(delivery);
      throw error;
    }
    if (delivery) await options.deliveries?.record(delivery, { status: 'done', id: activityId });
    res.status(200).end();
  });

  async function deliver(conversationId: string, message: { text: string; fromName: string }): Promise<void> {
    const reference = options.references ? await withDeadline(options.references.get<Partial<ConversationReference>>(referenceKey(conversationId)), STORE_DEADLINE_MS, 'conversation reference') : undefined;
    if (!reference) throw new AppError('NotFound', 'this conversation is unknown to the Bot Framework channel (or expired)', { status: 404 });
    await adapter.continueConversationAsync(options.appId ?? '', reference, async (context) => {
      await context.sendActivity({ type: 'message', text: message.text, textFormat: 'markdown', locale: 'fr-FR' });
    });
    log.info({ event: 'botframework.proactive.sent', conversationId }, 'message delivered outside a turn');
  }

  return { router, emulatorMode, deliver };
}

/** Suggested actions are addressed to the person the bot answers. */
function toActivity(message: OutgoingMessage, userId: string): Partial<Activity> {
  const { suggestedActions, ...rest } = message;
  return suggestedActions ? { ...rest, suggestedActions: { ...suggestedActions, to: [userId] } } : rest;
}

function toTurnInput(activity: Activity, channel: string): TurnInput {
  // In Teams group chats the text starts with "<at>Bot</at>": the engine gets what the person wrote.
  const text = activity.type === 'message' ? (TurnContext.removeRecipientMention(activity) ?? activity.text ?? '').trim() : '';
  const value = activity.value as unknown;
  // Web Chat on Azure Bot Service sends the "Facile à lire" switch as the page does over Direct Line.
  const channelData = activity.channelData as { easyRead?: unknown } | undefined;
  const easyRead = channelData?.easyRead;
  return {
    text,
    userId: activity.from.id,
    conversationId: activity.conversation.id,
    channel,
    ...(value && typeof value === 'object' && !Array.isArray(value) ? { value: value as Record<string, unknown> } : {}),
    ...(activity.locale ? { locale: activity.locale } : {}),
    ...(typeof easyRead === 'boolean' ? { easyRead } : {}),
  };
}
