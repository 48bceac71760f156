/** Requests for a human advisor: the queue the dialogs fill, the console works, and the live exchange. */
export type {
  AdvisorPresence,
  CallbackContact,
  HandoffDesk,
  HandoffMode,
  HandoffQueue,
  HandoffRequest,
  HandoffStatus,
  LiveRelay,
  NewHandoffRequest,
  TranscriptLine,
} from './types.js';
export { createHandoffQueue, DEFAULT_HANDOFF_TTL_MS, DEFAULT_LIVE_IDLE_MS, MAX_LIVE_LINES, type HandoffQueueOptions } from './handoff-queue.js';
export { checkContact } from './contact.js';
export { createTopicDescriber, readProcedureTopics, GENERAL_SUBJECT, type ProcedureTopic, type TopicDescriberOptions } from './subjects.js';
export { createOpeningHours, parseOpeningHours, type OpeningHours, type OpeningHoursSpec } from './opening-hours.js';
export { createAdvisorPresence, DEFAULT_PRESENCE_TTL_MS, type AdvisorPresenceService, type PresenceOptions, type PresenceStatus } from './presence.js';
export { advisorSignature, ADVISOR_TITLES, liveCopy, type AdvisorTitle } from './live-copy.js';
export { createLiveExchange, MAX_ADVISOR_MESSAGE_CHARS, type LiveDelivery, type LiveExchange, type LiveExchangeOptions } from './live-exchange.js';
