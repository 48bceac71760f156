/** Direct Line 3.0, self-hosted: mount `router` under /v3/directline. */
export { createDirectLine, type DirectLine, type DirectLineOptions, type TokenGrant } from './direct-line.js';
export { createConversationStore, activityId, DEFAULT_REPLAY_WINDOW, type ConversationRecord, type ConversationStore, type EntryPage, type PagedEntry } from './conversation-store.js';
export { createCardShelf, type CardShelf } from './card-shelf.js';
export { renderEntries, type Activity, type StoredEntry } from './stored-activity.js';
export { createTokenService, type TokenClaims, type TokenService } from './tokens.js';
