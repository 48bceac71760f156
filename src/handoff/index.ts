/** Requests for a human advisor: the queue the dialogs fill and the agent console works. */
export type { HandoffQueue, HandoffRequest, HandoffStatus, NewHandoffRequest, TranscriptLine } from './types.js';
export { createHandoffQueue, DEFAULT_HANDOFF_TTL_MS, type HandoffQueueOptions } from './handoff-queue.js';
