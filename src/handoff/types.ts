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

export interface HandoffRequest {
  id: string;
  conversationId: string;
  channel: string;
  /** The topic (intent or procedure) the person was on. */
  topic: string;
  /** Why: "user_asked", "repeated_failures", "not_understood"… */
  reason: string;
  transcript: TranscriptLine[];
  createdAt: string;
  status: HandoffStatus;
  takenBy?: string;
  takenAt?: string;
}

export type NewHandoffRequest = Pick<HandoffRequest, 'conversationId' | 'channel' | 'topic' | 'reason' | 'transcript'>;

export interface HandoffQueue {
  create(request: NewHandoffRequest): Promise<HandoffRequest>;
  list(filter?: { status?: HandoffStatus }): Promise<HandoffRequest[]>;
  get(id: string): Promise<HandoffRequest | undefined>;
  /** Marks a waiting request as taken; resolves undefined when it does not exist or is not waiting. */
  take(id: string, agent: string): Promise<HandoffRequest | undefined>;
}
