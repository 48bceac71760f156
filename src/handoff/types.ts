/**
 * Requests for a human advisor, created by the dialogs and worked by advisors in the agent
 * console: live (an advisor online answers in the conversation itself) or callback (the person
 * left a phone number or an e-mail address).
 */

export interface TranscriptLine {
  /** "agent": what an advisor wrote during a live exchange. */
  from: 'user' | 'bot' | 'agent';
  /** Already redacted (NIR, birth date, e-mail, phone masked; passwords and codes never kept). */
  text: string;
  at: string;
}

export type HandoffStatus = 'waiting' | 'taken' | 'closed';

/** live: an advisor answers in the conversation now; callback: the advisor calls or writes back. */
export type HandoffMode = 'live' | 'callback';

/** How the person asked to be reached back, with their consent (shown to advisors only). */
export interface CallbackContact {
  kind: 'phone' | 'email';
  value: string;
  /** When the person would like to be reached, in their words ("demain matin"). */
  when?: string;
  /** When the person agreed to be contacted (ISO 8601). */
  consentAt: string;
}

export interface HandoffRequest {
  id: string;
  conversationId: string;
  channel: string;
  /** The topic (procedure or intent id) the person was on. */
  topic: string;
  /** The topic in words, for the advisor ("Mot de passe du compte ameli oublié"). */
  subject: string;
  mode: HandoffMode;
  /** Why: "user_asked", "repeated_failures", "not_understood"… */
  reason: string;
  /** Callback requests: how to reach the person. Never logged, never in the list view. */
  contact?: CallbackContact;
  transcript: TranscriptLine[];
  createdAt: string;
  status: HandoffStatus;
  /** Who took it (the advisor's name as typed in the console). */
  takenBy?: string;
  /** How the advisor signs in the person's conversation ("Nadia, conseillère"). */
  agentName?: string;
  takenAt?: string;
  closedAt?: string;
}

/** What the engine gives; without `mode` a request is a callback, without `subject` its topic is put in words. */
export type NewHandoffRequest = Pick<HandoffRequest, 'conversationId' | 'channel' | 'topic' | 'reason' | 'transcript'> & {
  mode?: HandoffMode;
  subject?: string;
  contact?: CallbackContact;
};

/** The port the engine uses: create requests, read them. */
export interface HandoffQueue {
  create(request: NewHandoffRequest): Promise<HandoffRequest>;
  list(filter?: { status?: HandoffStatus }): Promise<HandoffRequest[]>;
  get(id: string): Promise<HandoffRequest | undefined>;
  /** Marks a waiting request as taken; resolves undefined when it does not exist or is not waiting. */
  take(id: string, agent: string, agentName?: string): Promise<HandoffRequest | undefined>;
}

/** What the agent console and the live relay need besides the engine's port. */
export interface HandoffDesk extends HandoffQueue {
  /** Closes a waiting or taken request; undefined when it does not exist or is already closed. */
  close(id: string): Promise<HandoffRequest | undefined>;
  /** Adds a line (redacted here) to the request's transcript; undefined when it does not exist. */
  addLine(id: string, line: { from: TranscriptLine['from']; text: string }): Promise<HandoffRequest | undefined>;
  /** Lines of the live exchange from index `start` (the most recent ones at most), and the index to ask from next. */
  lines(id: string, start?: number): Promise<{ lines: TranscriptLine[]; next: number }>;
  /** The live request an advisor is answering in this conversation now, if any. */
  liveFor(conversationId: string): Promise<HandoffRequest | undefined>;
}

export interface AdvisorPresence {
  /** True when an advisor is online in the console now and within the opening hours. */
  liveAvailable(now: Date): Promise<boolean>;
}

/**
 * The live exchange as the shared turn runner sees it: while an advisor answers a conversation,
 * the person's messages go to the advisor instead of the engine.
 */
export interface LiveRelay {
  /** Hands the message to the advisor answering this conversation; false when there is none. */
  relayFromPerson(input: { conversationId: string; channel: string; text: string }): Promise<boolean>;
}
