/**
 * Requests for a human advisor, created by the dialogs and worked by phone-support agents in the
 * agent console.
 */

export interface TranscriptLine {
  from: 'user' | 'bot';
  /** Already redacted (NIR, e-mail, phone masked; passwords and codes never kept). */
  text: string;
  at: string;
}

export type HandoffStatus = 'waiting' | 'taken' | 'closed';

/** How the person asked to be reached back, with their consent, when no advisor was online. */
export interface CallbackContact {
  kind: 'phone' | 'email';
  value: string;
  /** When they prefer to be contacted, in their words ("demain matin"). */
  when?: string;
  consentAt: string;
}

/** "live": an advisor answers in the conversation; "callback": an advisor reaches the person later. */
export type HandoffMode = 'live' | 'callback';

/** Whether an advisor can answer a conversation live now. */
export interface AdvisorPresence {
  /** True when an advisor is online in the console now and within the opening hours. */
  liveAvailable(now: Date): Promise<boolean>;
}

export interface HandoffRequest {
  id: string;
  conversationId: string;
  channel: string;
  /** The topic (intent or procedure) the person was on. */
  topic: string;
  /** Why: "user_asked", "repeated_failures", "not_understood"… */
  reason: string;
  mode: HandoffMode;
  /** The topic in words, as the engine says it ("Activer Mon espace santé"). */
  subject: string;
  contact?: CallbackContact;
  agentName?: string;
  transcript: TranscriptLine[];
  createdAt: string;
  status: HandoffStatus;
  takenBy?: string;
  takenAt?: string;
}

export type NewHandoffRequest = Pick<HandoffRequest, 'conversationId' | 'channel' | 'topic' | 'reason' | 'transcript' | 'mode' | 'subject'> & { contact?: CallbackContact };

export interface HandoffQueue {
  create(request: NewHandoffRequest): Promise<HandoffRequest>;
  list(filter?: { status?: HandoffStatus }): Promise<HandoffRequest[]>;
  get(id: string): Promise<HandoffRequest | undefined>;
  /** Marks a waiting request as taken; resolves undefined when it does not exist or is not waiting. */
  take(id: string, agent: string): Promise<HandoffRequest | undefined>;
}
