import express, { Router, type Request } from 'express';
import type { Clock } from '../../shared/clock.js';
import { AppError } from '../../shared/errors.js';
import { cryptoIds, type IdSource } from '../../shared/ids.js';
import type { Logger } from '../../shared/logger.js';
import { createMemoryRateLimiter, type RateLimiter } from '../../shared/rate-limiter.js';
import { createLocalLocks, type ConversationLocks } from '../../state/conversation-lock.js';
import type { KeyValueStore } from '../../state/kv.js';
import { refuseTooMany, type ChannelAccount, type TurnRunner } from '../shared/index.js';
import { authenticate, requireConversation, type AuthFailure } from './auth.js';
import { createCardShelf } from './card-shelf.js';
import { CHANNEL, createConversationLife } from './conversation-life.js';
import { createConversationStore, type ConversationRecord } from './conversation-store.js';
import { dlError } from './errors.js';
import { createActivityHandler } from './post-activity.js';
import { isObject, parseActivity, parseWatermark, requestedUserId } from './requests.js';
import { cors } from '../shared/cors.js';
import { renderEntries } from './stored-activity.js';
import { createStreamHub, type StreamHub } from './stream.js';
import { createSecretCheck, createTokenService, type IssuedToken } from './tokens.js';

export { SECRET_MASK } from './post-activity.js';

export interface DirectLineOptions {
  store: KeyValueStore;
  /**
   * One turn of a conversation at a time, across every instance sharing the store (the store's
   * locks); default: one at a time in this process.
   */
  locks?: ConversationLocks;
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
  /** Activities one conversation may post a minute (0: no limit); then 429 with Retry-After. */
  messagesPerMinute?: number;
  /** Counts them (shared by the instances when the store is); default: in this process. */
  messageLimiter?: RateLimiter;
  /** Activities one conversation may hold. */
  maxActivities?: number;
  /** Activities a client can replay (the most recent); older ones are no longer read. */
  replayWindow?: number;
  /** Told each time a conversation is refused for posting too fast (metrics). */
  onLimited?: (name: string) => void;
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
  /** For the web page's server-side token endpoint: a new conversation (reserved) and a token for a new user. */
  generateToken(userId?: string): Promise<TokenGrant>;
  /** Appends a message from someone other than the assistant (an advisor) and pushes it to the streams. */
  deliver(conversationId: string, message: { text: string; fromName: string }): Promise<void>;
}

/**
 * A self-hosted Direct Line 3.0 service (what botframework-webchat and botframework-directlinejs
 * speak): secret and tokens, conversations, activities with watermarks, polling and WebSocket
 * streams. A POST of a message answers once the turn is over and its replies are stored, so the
 * next GET has them.
 */
export function createDirectLine(options: DirectLineOptions): DirectLine {
  const { clock, logger, runner, secret } = options;
  const ids = options.ids ?? cryptoIds;
  const tokenTtlSeconds = options.tokenTtlSeconds ?? 1800;
  const conversationTtlMs = Math.max(options.conversationTtlMs ?? 3_600_000, tokenTtlSeconds * 1000);
  const pageSize = options.pageSize ?? 100;
  const bot: ChannelAccount = options.bot ?? { id: 'ameli-assistant', name: 'Assistant Assurance Maladie', role: 'bot' };
  const tokens = createTokenService({ secret, clock, ids, ttlSeconds: tokenTtlSeconds });
  const conversations = createConversationStore(options.store, { ttlMs: conversationTtlMs, ...(options.replayWindow ? { window: options.replayWindow } : {}) });
  // Cards outlive every conversation that shows them (a day, written again at most every 6 hours).
  const cards = createCardShelf({ kv: options.store, clock, ttlMs: Math.max(24 * 3_600_000, 4 * conversationTtlMs) });
  const locks = options.locks ?? createLocalLocks();
  /** Runs `task` holding the conversation: its turns one at a time, on every instance. */
  const holding = <T>(conversationId: string, task: () => Promise<T>) => locks.run(life.tag(conversationId), task);
  const log = logger.child({ component: 'directline' });
  const streams: StreamHub = createStreamHub({
    conversations,
    tokens,
    clock,
    logger,
    pageSize,
    basePath: options.basePath ?? '/v3/directline',
    ...(options.streamPollIntervalMs ? { pollIntervalMs: options.streamPollIntervalMs } : {}),
    // A stream opened on a conversation whose history was lost starts it again, as a GET would.
    open: (claims, watermark) => holding(claims.conversationId, () => life.open(tokenCaller(claims), claims.conversationId, { watermark, welcome: true })).then((o) => o.record),
    render: (record, entries) => renderEntries(record, entries, bot, cards),
  });
  const life = createConversationLife({ conversations, cards, locks, runner, clock, logger, notify: (id) => streams.notify(id) });
  const handleActivity = createActivityHandler({
    conversations,
    life,
    runner,
    logger,
    clock,
    maxActivities: options.maxActivities ?? 500,
    whileTurn: (conversationId, turn) => withTyping(conversationId, turn),
  });
  const messageLimiter = options.messageLimiter ?? createMemoryRateLimiter({ limit: options.messagesPerMinute ?? 0, windowMs: 60_000, clock });
  /** A page of full activities from `watermark`; undefined when the conversation is gone. */
  const activities = async (conversationId: string, watermark: number) => {
    const page = await conversations.page(conversationId, watermark, pageSize);
    return page ? { activities: await renderEntries(page.record, page.entries, bot, cards), watermark: page.watermark } : undefined;
  };

  const onAuthFailure = (f: AuthFailure) => log.warn({ event: `directline.auth.${f.reason}` }, 'direct line request refused');
  const isSecret = createSecretCheck(secret);
  const auth = (req: Request) => authenticate(req, isSecret, tokens, onAuthFailure);
  const tokenCaller = (claims: IssuedToken['claims']) => ({ kind: 'token' as const, token: '', claims });
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

  /**
   * A token is issued before anything is said: the conversation is reserved at once, so that a
   * token whose conversation later disappears (expiry, an emptied store) can be told from a new one.
   */
  async function issueReserved(userId: string): Promise<IssuedToken> {
    const issued = tokens.issue(newConversationId(), userId);
    await life.start({ id: issued.claims.conversationId, userId, createdAt: timestamp(), reserved: true }, { welcome: false });
    return issued;
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

  router.post('/tokens/generate', async (req, res) => {
    const caller = auth(req);
    if (caller.kind !== 'secret') throw dlError.forbidden('Generating a token requires the secret');
    const issued = await issueReserved(requestedUserId(req.body) ?? newUserId());
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
    const requested = isObject(req.body) && typeof req.body.locale === 'string' ? req.body.locale : undefined;
    const locale = requested && requested.length <= 20 ? requested : undefined;
    if (caller.kind === 'secret') {
      const issued = tokens.issue(newConversationId(), requestedUserId(req.body) ?? newUserId());
      const record: ConversationRecord = { id: issued.claims.conversationId, userId: issued.claims.userId, createdAt: timestamp(), ...(locale ? { locale } : {}) };
      await holding(record.id, () => life.start(record, { welcome: true }));
      res.status(201).json({ ...grant(issued), streamUrl: streamUrl(req, issued, 0) });
      return;
    }
    // A token from /tokens/generate (or the web page) starts its own conversation, and is given back.
    const issued: IssuedToken = { token: caller.token, claims: caller.claims, expiresIn: tokens.secondsLeft(caller.claims) };
    const id = caller.claims.conversationId;
    const { started } = await holding(id, async () => {
      const before = await conversations.get(id);
      await life.open(caller, id, { welcome: true, ...(locale ? { locale } : {}) });
      return { started: !before || before.reserved === true };
    });
    res.status(started ? 201 : 200).json({ ...grant(issued), streamUrl: streamUrl(req, issued, 0) });
  });

  // Reconnection: a fresh token for the same conversation and user; activities are then read from W.
  router.get('/conversations/:id', async (req, res) => {
    const caller = auth(req);
    requireConversation(caller, req.params.id, onAuthFailure);
    const watermark = parseWatermark(req.query.watermark);
    const { record } = await holding(req.params.id, () => life.open(caller, req.params.id, { watermark, welcome: true }));
    await conversations.touch(record.id);
    const issued = tokens.issue(record.id, record.userId);
    res.json({ ...grant(issued), streamUrl: streamUrl(req, issued, watermark) });
  });

  router.get('/conversations/:id/activities', async (req, res) => {
    const caller = auth(req);
    requireConversation(caller, req.params.id, onAuthFailure);
    const watermark = parseWatermark(req.query.watermark);
    const found = await activities(req.params.id, watermark);
    if (found) {
      res.json(found);
      return;
    }
    // Gone (expired, the store emptied): a token's conversation starts again, as on a reconnection.
    await holding(req.params.id, () => life.open(caller, req.params.id, { watermark, welcome: true }));
    res.json((await activities(req.params.id, watermark)) ?? { activities: [], watermark: String(watermark) });
  });

  router.post('/conversations/:id/activities', async (req, res) => {
    const caller = auth(req);
    const conversationId = req.params.id;
    requireConversation(caller, conversationId, onAuthFailure);
    const incoming = parseActivity(req.body, caller);
    // Counted before anything is stored: a client posting in a loop stops costing anything.
    const decision = await messageLimiter.take(conversationId);
    if (!decision.allowed) {
      options.onLimited?.('directline_messages');
      log.warn({ event: 'directline.conversation.rate_limited', conversationId }, 'too many activities in this conversation');
      refuseTooMany(res, decision.retryAfterSeconds, 'Too many messages in this conversation: wait a moment before sending more.');
      return;
    }
    const handled = await holding(conversationId, () => handleActivity(caller, conversationId, incoming));
    if ('full' in handled) throw new AppError('Conflict', 'This conversation is full: start a new one', { status: 409 });
    res.json({ id: handled.id });
  });

  return {
    router,
    handleUpgrade: (req, socket, head) => streams.handleUpgrade(req, socket, head),
    closeStreams: () => streams.closeAll(),
    async deliver(conversationId, message) {
      await holding(conversationId, async () => {
        const record = await conversations.get(conversationId);
        if (!record) throw dlError.notFound('Conversation not found (unknown or expired)');
        await life.storeAdvisor(record, message);
      });
    },
    async generateToken(userId) {
      const issued = await issueReserved(userId ?? newUserId());
      return { conversationId: issued.claims.conversationId, token: issued.token, expires_in: issued.expiresIn, userId: issued.claims.userId };
    },
  };
}
