/**
 * The queue of requests for a human advisor, on the KeyValueStore (memory, or Redis when REDIS_URL
 * is set, shared by every instance). A request waits until an agent takes it, and is kept for a
 * week. Transcripts are masked again here, whatever the caller did: the queue never stores a raw
 * NIR, e-mail address, phone number or code.
 *
 * Keys (under the store's own prefix):
 *   handoff:req:<id>        the request (JSON), expires with the request
 *   handoff:day:<yyyy-mm-dd> ids created that day (a list), expires a day after its last request
 *   handoff:taken:<id>      who took it first (set-if-absent: two agents cannot both take it)
 */
import type { Clock } from '../shared/clock.js';
import { AppError } from '../shared/errors.js';
import type { IdSource } from '../shared/ids.js';
import { redactId, redactText } from '../shared/redact.js';
import type { KeyValueStore } from '../state/kv.js';
import { maskTranscript } from './mask-transcript.js';
import type { HandoffQueue, HandoffRequest, HandoffStatus, NewHandoffRequest, TranscriptLine } from './types.js';

export interface HandoffQueueOptions {
  kv: KeyValueStore;
  clock: Clock;
  ids: IdSource;
  /** How long a request is kept (default 7 days). */
  ttlMs?: number;
  /** Transcript lines kept, the most recent (default 50). */
  maxTranscriptLines?: number;
  prefix?: string;
}

export const DEFAULT_HANDOFF_TTL_MS = 7 * 24 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_LINE_CHARS = 1000;
const MAX_FIELD_CHARS = 120;
const ID = /^[A-Za-z0-9_-]{1,64}$/;

export function createHandoffQueue(options: HandoffQueueOptions): HandoffQueue {
  const { kv, clock, ids } = options;
  const ttlMs = options.ttlMs ?? DEFAULT_HANDOFF_TTL_MS;
  const maxLines = options.maxTranscriptLines ?? 50;
  const prefix = options.prefix ?? 'handoff:';
  const requestKey = (id: string) => `${prefix}req:${id}`;
  const dayKey = (date: Date) => `${prefix}day:${date.toISOString().slice(0, 10)}`;

  const get = async (id: string): Promise<HandoffRequest | undefined> => (ID.test(id) ? kv.get<HandoffRequest>(requestKey(id)) : undefined);

  return {
    async create(request: NewHandoffRequest) {
      const now = clock.now();
      const created: HandoffRequest = {
        id: `h_${ids.random(12)}`,
        // An id is not personal data: the advisor and the operator look the conversation up by it.
        conversationId: field(request.conversationId, 'conversationId', redactId),
        channel: field(request.channel, 'channel'),
        topic: field(request.topic, 'topic'),
        reason: field(request.reason, 'reason'),
        transcript: cleanTranscript(request.transcript, maxLines),
        createdAt: now.toISOString(),
        status: 'waiting',
      };
      await kv.set(requestKey(created.id), created, { ttlMs });
      await kv.append(dayKey(now), created.id, { ttlMs: ttlMs + DAY_MS });
      return created;
    },

    async list(filter: { status?: HandoffStatus } = {}) {
      const now = clock.now().getTime();
      const days = Math.ceil(ttlMs / DAY_MS) + 1;
      const idLists = await Promise.all(Array.from({ length: days }, (_, d) => kv.range<string>(dayKey(new Date(now - d * DAY_MS)))));
      const requests = await Promise.all([...new Set(idLists.flat())].map((id) => get(id)));
      return requests
        .filter((r): r is HandoffRequest => r !== undefined && (!filter.status || r.status === filter.status))
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
    },

    get,

    async take(id: string, agent: string) {
      const request = await get(id);
      if (!request || request.status !== 'waiting') return undefined;
      const who = field(agent, 'agent');
      // The first agent wins, even when two take the same request at the same moment.
      if (!(await kv.setIfAbsent(`${prefix}taken:${id}`, who, { ttlMs }))) return undefined;
      const taken: HandoffRequest = { ...request, status: 'taken', takenBy: who, takenAt: clock.now().toISOString() };
      // Keep the request's own expiry: a taken request does not live longer than a waiting one.
      const remaining = await kv.ttl(requestKey(id));
      await kv.set(requestKey(id), taken, { ttlMs: remaining ?? ttlMs });
      return taken;
    },
  };
}

function field(value: unknown, name: string, mask: (text: string) => string = redactText): string {
  if (typeof value !== 'string' || value.trim() === '') throw new AppError('handoff_invalid', `handoff request: ${name} is required`, { status: 400 });
  return mask(value.trim()).slice(0, MAX_FIELD_CHARS);
}

function cleanTranscript(lines: readonly TranscriptLine[] | undefined, maxLines: number): TranscriptLine[] {
  // The port is typed, but requests may come from any caller: check the shape at run time.
  const list: readonly TranscriptLine[] = Array.isArray(lines) ? (lines as readonly TranscriptLine[]) : [];
  const kept = list.filter((l) => (l.from === 'user' || l.from === 'bot') && typeof l.text === 'string').slice(-maxLines);
  return maskTranscript(kept).map((l) => ({ from: l.from, text: l.text.slice(0, MAX_LINE_CHARS), at: typeof l.at === 'string' ? l.at.slice(0, 40) : '' }));
}
