import express, { Router, type Request } from 'express';
import type { ChannelName, TurnInput } from '../../shared/conversation.js';
import type { Clock } from '../../shared/clock.js';
import { cryptoIds, type IdSource } from '../../shared/ids.js';
import type { Logger } from '../../shared/logger.js';
import type { KeyValueStore } from '../../state/kv.js';
import { renderReplies, type ChannelAccount, type TurnRunner } from '../shared/index.js';
import { authenticate, requireConversation, type AuthFailure } from './auth.js';
import { createConversationStore, type ConversationRecord, type StoredActivity } from './conversation-store.js';
import { dlError } from './errors.js';
import { easyReadOf, isObject, parseActivity, parseWatermark, requestedUserId } from './requests.js';
import { cors } from '../shared/cors.js';
import { createKeyedQueue } from './keyed-queue.js';
import { createStreamHub, type StreamHub } from './stream.js';
import { createTokenService, type IssuedToken } from './tokens.js';

export interface DirectLineOptions {
  store: KeyValueStore;
  clock: Clock;
  logger: Logger;
  runner: TurnRunner;
  /** The Direct Line secret: only trusted servers hold it. */
  secret: string;
  tokenTtlSeconds?: number;
  /** How long a conversation is kept after its last activity (at least the token lifetime). */
  conversationTtlMs?: number;
  ids?: IdSource;
  bot?: ChannelAccount;
  /** Largest request body; larger ones get 413. */
  bodyLimit?: string;
  /** At most this many activities per GET (the client asks again from the new watermark). */
  pageSize?: number;
  /** Where the router is mounted (stream URLs are built from it). */
  basePath?: string;
  /** How often a WebSocket stream looks for activities written by another instance. */
  streamPollIntervalMs?: number;
  /**
   * Which browser origins may call (CORS): the sites allowed to embed the chat. Default: none
   * besides the assistant's own pages, which need no CORS.
   */
  allowOrigin?: (origin: string, req: Request) => boolean;
  /** A turn still running after this long shows the bot's typing indicator on streams (default 300 ms). */
  typingDelayMs?: number;
}

/** A conversation and a token for it, as `POST /tokens/generate` answers. */
export interface TokenGrant {
  conversationId: string;
  token: string;
  expires_in: number;
  userId: string;
}

export interface DirectLine {
  /** Mount under /v3/directline. */
  router: Router;
  /** Give it the http server's `upgrade` events: WebSocket streams (`streamUrl`). False when not a stream path. */
  handleUpgrade: StreamHub['handleUpgrade'];
  /** Closes the WebSocket streams (shutdown). */
  closeStreams(): void;
  /** For the web page's server-side token endpoint: a new conversation and a token for a new user. */
  generateToken(userId?: string): TokenGrant;
  /** Appends a message from someone other than the assistant (an advisor) and pushes it to the streams. */
  deliver(conversationId: string, message: { text: string; fromName: string }): Promise<void>;
}

const CHANNEL: ChannelName = 'directline';

/**
 * A self-hosted Direct Line 3.0 service (what botframework-webchat and botframework-directlinejs
 * speak): secret and tokens, conversations, activities with watermarks, polling and WebSocket
 * streams. A POST of a message answers once the turn is over and its replies are stored, so the
 * next GET has them.
 */
/** What a secret answer (password, one-time code) shows as in the stored conversation. */
export const SECRET_MASK = '••••••••';

export function createDirectLine(options: DirectLineOptions): DirectLine {
  const { clock, logger, runner, secret } = options;
  const ids = options.ids ?? cryptoIds;
  const tokenTtlSeconds = options.tokenTtlSeconds ?? 1800;
  const conversationTtlMs = Math.max(options.conversationTtlMs ?? 3_600_000, tokenTtlSeconds * 1000);
  const pageSize = options.pageSize ?? 100;
  const bot: ChannelAccount = options.bot ?? { id: 'ameli-assistant', name: 'Assistant Assurance Maladie', role: 'bot' };
  const tokens = createTokenService({ secret, clock, ids, ttlSeconds: tokenTtlSeconds });
  const conversations = createConversationStore(options.store, { ttlMs: conversationTtlMs });
  const queue = createKeyedQueue();
  const log = logger.child({ component: 'directline' });
  const streams = createStreamHub({
    conversations,
    tokens,
    clock,
    logger,
    pageSize,
    basePath: options.basePath ?? '/v3/directline',
    ...(options.streamPollIntervalMs ? { pollIntervalMs: options.streamPollIntervalMs } : {}),
  });

  const onAuthFailure = (f: AuthFailure) => log.warn({ event: `directline.auth.${f.reason}` }, 'direct line request refused');
  const auth = (req: Request) => authenticate(req, secret, tokens, onAuthFailure);
  const newConversationId = () => ids.random(16);
  const newUserId = () => `dl_${ids.random(12)}`;
  const timestamp = () => clock.now().toISOString();

  const grant = (issued: IssuedToken) => ({
    conversationId: issued.claims.conversationId,
    token: issued.token,
    expires_in: issued.expiresIn,
  });

  /** The WebSocket address for this conversation, from the address the client used. */
  const streamUrl = (req: Request, issued: IssuedToken, watermark: number) => {
    const scheme = req.protocol === 'https' ? 'wss' : 'ws';
    const query = new URLSearchParams({ watermark: String(watermark), t: issued.token });
    return `${scheme}://${req.get('host') ?? 'localhost'}${req.baseUrl}/conversations/${encodeURIComponent(issued.claims.conversationId)}/stream?${query.toString()}`;
  };

  async function loadConversation(id: string): Promise<ConversationRecord> {
    const record = await conversations.get(id);
    if (!record) throw dlError.notFound('Conversation not found (unknown or expired)');
    return record;
  }

  /** Creates the conversation once and appends the engine's welcome (in the conversation's queue). */
  async function start(record: ConversationRecord): Promise<boolean> {
    return queue.run(record.id, async () => {
      if (!(await conversations.create(record))) return false;
      log.info({ event: 'directline.conversation.started', conversationId: record.id }, 'conversation started');
      const replies = await runner.welcome({ userId: record.userId, conversationId: record.id, channel: CHANNEL, ...(record.locale ? { locale: record.locale } : {}) });
      await appendReplies(record, replies, undefined);
      streams.notify(record.id);
      return true;
    });
  }

  async function appendReplies(record: ConversationRecord, replies: Parameters<typeof renderReplies>[0], replyToId: string | undefined) {
    for (const message of renderReplies(replies, { channel: CHANNEL })) {
      await conversations.append(record.id, {
        ...message,
        timestamp: timestamp(),
        channelId: CHANNEL,
        conversation: { id: record.id },
        from: bot,
        recipient: { id: record.userId, role: 'user' },
        ...(replyToId ? { replyToId } : {}),
      });
    }
  }

  /** Runs a turn; past `typingDelayMs` the streams show the bot typing until the replies come. */
  async function withTyping<T>(conversationId: string, turn: () => Promise<T>): Promise<T> {
    const timer = setTimeout(() => streams.sendEphemeral(conversationId, { type: 'typing', id: `${conversationId}|typing`, timestamp: timestamp(), channelId: CHANNEL, conversation: { id: conversationId }, from: bot }), options.typingDelayMs ?? 300);
    try {
      return await turn();
    } finally {
      clearTimeout(timer);
    }
  }

  const router = Router();
  router.use((_req, res, next) => {
    // Tokens and transcripts must never be cached by a browser or a proxy.
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  // Web Chat embedded on an allowed site (WEBCHAT_ALLOWED_ORIGINS) calls from that site's origin.
  router.use(cors({ allowOrigin: options.allowOrigin ?? (() => false), methods: 'GET, POST', headers: 'authorization, content-type, x-ms-bot-agent, x-requested-with' }));
  router.use(express.json({ limit: options.bodyLimit ?? '64kb' }));

  router.post('/tokens/generate', (req, res) => {
    const caller = auth(req);
    if (caller.kind !== 'secret') throw dlError.forbidden('Generating a token requires the secret');
    const userId = requestedUserId(req.body) ?? newUserId();
    const issued = tokens.issue(newConversationId(), userId);
    res.json(grant(issued));
  });

  router.post('/tokens/refresh', (req, res) => {
    const caller = auth(req);
    if (caller.kind !== 'token') throw dlError.forbidden('Only a token can be refreshed');
    // Refresh happens only before expiry: an expired token was already refused by auth().
    const issued = tokens.issue(caller.claims.conversationId, caller.claims.userId);
    log.debug({ event: 'directline.token.refreshed', conversationId: caller.claims.conversationId }, 'token refreshed');
    res.json(grant(issued));
  });

  router.post('/conversations', async (req, res) => {
    const caller = auth(req);
    const locale = isObject(req.body) && typeof req.body.locale === 'string' ? req.body.locale : undefined;
    // With the secret, a new conversation; a token from /tokens/generate starts its own, and is given back.
    const issued: IssuedToken =
      caller.kind === 'secret'
        ? tokens.issue(newConversationId(), requestedUserId(req.body) ?? newUserId())
        : { token: caller.token, claims: caller.claims, expiresIn: tokens.secondsLeft(caller.claims) };
    const record: ConversationRecord = {
      id: issued.claims.conversationId,
      userId: issued.claims.userId,
      createdAt: timestamp(),
      ...(locale && locale.length <= 20 ? { locale } : {}),
    };
    const created = await start(record);
    res.status(created ? 201 : 200).json({ ...grant(issued), streamUrl: streamUrl(req, issued, 0) });
  });

  // Reconnection: a fresh token for the same conversation and user; activities are then read from W.
  router.get('/conversations/:id', async (req, res) => {
    const caller = auth(req);
    requireConversation(caller, req.params.id, onAuthFailure);
    const watermark = parseWatermark(req.query.watermark);
    const record = await loadConversation(req.params.id);
    await conversations.touch(record);
    const issued = tokens.issue(record.id, record.userId);
    res.json({ ...grant(issued), streamUrl: streamUrl(req, issued, watermark) });
  });

  router.get('/conversations/:id/activities', async (req, res) => {
    const caller = auth(req);
    requireConversation(caller, req.params.id, onAuthFailure);
    const watermark = parseWatermark(req.query.watermark);
    await loadConversation(req.params.id);
    res.json(await conversations.page(req.params.id, watermark, pageSize));
  });

  router.post('/conversations/:id/activities', async (req, res) => {
    const caller = auth(req);
    const conversationId = req.params.id;
    requireConversation(caller, conversationId, onAuthFailure);
    const incoming = parseActivity(req.body, caller);
    const id = await queue.run(conversationId, async () => {
      const record = await loadConversation(conversationId);
      if (incoming.type === 'typing') return `${conversationId}|typing`;
      const stored: StoredActivity = {
        ...incoming,
        timestamp: timestamp(),
        channelId: CHANNEL,
        conversation: { id: conversationId },
        recipient: bot,
      };
      const activityId = await conversations.append(conversationId, stored);
      await conversations.touch(record);
      if (incoming.type !== 'message') streams.notify(conversationId);
      else {
        const input: TurnInput = {
          text: incoming.text ?? '',
          userId: incoming.from.id,
          conversationId,
          channel: CHANNEL,
          ...(incoming.value ? { value: incoming.value } : {}),
          ...(incoming.locale ?? record.locale ? { locale: incoming.locale ?? record.locale } : {}),
          ...(easyReadOf(incoming) !== undefined ? { easyRead: easyReadOf(incoming) } : {}),
        };
        const { replies, inputWasSecret } = await withTyping(conversationId, () => runner.turn(input));
        // A password or a one-time code is not kept: the stored message shows dots, as a password
        // field does (streams are told only now, so they never carry the text either).
        if (inputWasSecret) await conversations.replace(conversationId, activityId, { ...stored, text: SECRET_MASK });
        await appendReplies(record, replies, activityId);
        streams.notify(conversationId);
      }
      return activityId;
    });
    res.json({ id });
  });

  return {
    router,
    handleUpgrade: (req, socket, head) => streams.handleUpgrade(req, socket, head),
    closeStreams: () => streams.closeAll(),
    async deliver(conversationId, message) {
      await queue.run(conversationId, async () => {
        const record = await loadConversation(conversationId);
        await conversations.append(conversationId, {
          type: 'message',
          text: message.text,
          textFormat: 'markdown',
          locale: 'fr-FR',
          timestamp: timestamp(),
          channelId: CHANNEL,
          conversation: { id: conversationId },
          from: { id: `${bot.id}-advisor`, name: message.fromName, role: 'bot' },
          recipient: { id: record.userId, role: 'user' },
        });
        await conversations.touch(record);
        streams.notify(conversationId);
      });
    },
    generateToken(userId) {
      const issued = tokens.issue(newConversationId(), userId ?? newUserId());
      return { conversationId: issued.claims.conversationId, token: issued.token, expires_in: issued.expiresIn, userId: issued.claims.userId };
    },
  };
}
