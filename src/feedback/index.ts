/** What people say of an answer ("Cette réponse vous a-t-elle aidé ?"): counted per entry, kept in the store and as a metric. */
export type { FeedbackStore } from './types.js';
export { createFeedbackStore, FEEDBACK_METRIC, type FeedbackStoreOptions } from './feedback-store.js';
