/** Direct Line 3.0, self-hosted: mount `router` under /v3/directline. */
export { createDirectLine, type DirectLine, type DirectLineOptions, type TokenGrant } from './direct-line.js';
export { createConversationStore, activityId, type Activity, type ActivityPage, type ConversationRecord, type ConversationStore } from './conversation-store.js';
export { createTokenService, type TokenClaims, type TokenService } from './tokens.js';
export { createKeyedQueue, type KeyedQueue } from './keyed-queue.js';
