/**
 * The queue of requests for a human advisor, on the KeyValueStore (memory, or Redis when REDIS_URL
 * is set, shared by every instance). A request waits until an advisor takes it, and is kept for a
 * week. Transcripts are masked again here, whatever the caller did: the queue never stores a raw
 * NIR, birth date, e-mail address, phone number or code in a transcript. The callback contact is
 * the one thing kept as given: advisors need it to call back, and only the agent API shows it.
 *
 * Keys (under the store's own prefix):
 *   handoff:req:<id>         the request (JSON), expires with the request
 *   handoff:day:<yyyy-mm-dd> ids created that day (a list), expires a day after its last request
 *   handoff:taken:<id>       who took it first (set-if-absent: two advisors cannot both take it)
 *   handoff:lines:<id>       the live exchange (a list of lines), expires with the request
 *   handoff:live:<conv>      the live request an advisor answers in that conversation
 */
import type { Clock } from '../shared/clock.js';
import { AppError } from '../shared/errors.js';
import type { IdSource } from '../shared/ids.js';
import { redactText } from '../shared/redact.js';
import type { KeyValueStore } from '../state/kv.js';
import { checkContact } from './contact.js';
import { maskTranscript } from './mask-transcript.js';
import type { HandoffDesk, HandoffRequest, HandoffStatus, NewHandoffRequest, TranscriptLine } from './types.js';

export interface HandoffQueueOptions {
  kv: KeyValueStore;
  clock: Clock;
  ids: IdSource;
  /** How long a request is kept (default 7 days). */
  ttlMs?: number;
  /** Transcript lines kept, the most recent (default 50). */
  maxTranscriptLines?: number;
  /**
   * How long a live exchange stays open without a message either way (default 2 hours): a
   * conversation does not stay with an advisor who forgot to close it.
   */
  liveIdleMs?: number;
  /** The topic in words, when the engine gave no subject. */
  describeTopic?: (topic: string) => string;
  prefix?: string;
}

export const DEFAULT_HANDOFF_TTL_MS = 7 * 24 * 60 * 60 * 1000;
export const DEFAULT_LIVE_IDLE_MS = 2 * 60 * 60 * 1000;
/** Lines of a live exchange read at most (the most recent). */
export const MAX_LIVE_LINES = 500;
const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_LINE_CHARS = 2000;
const MAX_FIELD_CHARS = 120;
const ID = /^[A-Za-z0-9_-]{1,64}$/;

export function createHandoffQueue(options: HandoffQueueOptions): HandoffDesk {
  const { kv, clock, ids } = options;
  const ttlMs = options.ttlMs ?? DEFAULT_HANDOFF_TTL_MS;
  const liveIdleMs = options.liveIdleMs ?? DEFAULT_LIVE_IDLE_MS;
  const maxLines = options.maxTranscriptLines ?? 50;
  const describe = options.describeTopic ?? ((topic: string) => topic);
  const prefix = options.prefix ?? 'handoff:';
  const requestKey = (id: string) => `${prefix}req:${id}`;
  const linesKey = (id: string) => `${prefix}lines:${id}`;
  const liveKey = (conversationId: string) => `${prefix}live:${conversationId}`;
  const dayKey = (date: Date) => `${prefix}day:${date.toISOString().slice(0, 10)}`;
  const now = () => clock.now().toISOString();

  /** Requests stored before mode and subject existed read as callbacks named in words. */
  const normalise = (r: HandoffRequest | undefined): HandoffRequest | undefined =>
    r && (r.mode === undefined || r.subject === undefined) ? { ...r, mode: r.mode ?? 'callback', subject: r.subject ?? describe(r.topic) } : r;
  const get = async (id: string): Promise<HandoffRequest | undefined> => (ID.test(id) ? normalise(await kv.get<HandoffRequest>(requestKey(id))) : undefined);

  /** Rewrites a request, keeping its own expiry: working on it does not make it live longer. */
  const save = async (request: HandoffRequest) => {
    const remaining = await kv.ttl(requestKey(request.id));
    await kv.set(requestKey(request.id), request, { ttlMs: remaining ?? ttlMs });
  };

  return {
    async create(request: NewHandoffRequest) {
      const created: HandoffRequest = {
        id: `h_${ids.random(12)}`,
        // An id is not personal data, and kept exactly: the live exchange and operators find the conversation by it.
        conversationId: idField(request.conversationId, 'conversationId'),
        channel: idField(request.channel, 'channel'),
        topic: field(request.topic, 'topic'),
        subject: request.subject !== undefined ? field(request.subject, 'subject') : describe(field(request.topic, 'topic')),
        mode: request.mode === 'live' ? 'live' : 'callback',
        reason: field(request.reason, 'reason'),
        ...(request.contact !== undefined ? { contact: checkContact(request.contact) } : {}),
        transcript: cleanTranscript(request.transcript, maxLines),
        createdAt: now(),
        status: 'waiting',
      };
      await kv.set(requestKey(created.id), created, { ttlMs });
      await kv.append(dayKey(clock.now()), created.id, { ttlMs: ttlMs + DAY_MS });
      return created;
    },

    async list(filter: { status?: HandoffStatus } = {}) {
      const nowMs = clock.now().getTime();
      const days = Math.ceil(ttlMs / DAY_MS) + 1;
      const idLists = await Promise.all(Array.from({ length: days }, (_, d) => kv.range<string>(dayKey(new Date(nowMs - d * DAY_MS)))));
      const requests = await Promise.all([...new Set(idLists.flat())].map((id) => get(id)));
      return requests
        .filter((r): r is HandoffRequest => r !== undefined && (!filter.status || r.status === filter.status))
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
    },

    get,

    async take(id: string, agent: string, agentName?: string) {
      const request = await get(id);
      if (!request || request.status !== 'waiting') return undefined;
      const who = field(agent, 'agent');
      // The first advisor wins, even when two take the same request at the same moment.
      if (!(await kv.setIfAbsent(`${prefix}taken:${id}`, who, { ttlMs }))) return undefined;
      const taken: HandoffRequest = { ...request, status: 'taken', takenBy: who, agentName: field(agentName ?? who, 'agentName'), takenAt: now() };
      await save(taken);
      // From now on the person's messages in that conversation go to this advisor.
      if (taken.mode === 'live') await kv.set(liveKey(taken.conversationId), taken.id, { ttlMs: liveIdleMs });
      return taken;
    },

    async close(id: string) {
      const request = await get(id);
      if (!request || request.status === 'closed') return undefined;
      const closed: HandoffRequest = { ...request, status: 'closed', closedAt: now() };
      await save(closed);
      if ((await kv.get<string>(liveKey(request.conversationId))) === id) await kv.delete(liveKey(request.conversationId));
      return closed;
    },

    async addLine(id: string, line: { from: TranscriptLine['from']; text: string }) {
      const request = await get(id);
      if (!request) return undefined;
      const stored: TranscriptLine = { from: line.from, text: redactText(line.text).slice(0, MAX_LINE_CHARS), at: now() };
      await kv.append(linesKey(id), stored, { ttlMs: (await kv.ttl(requestKey(id))) ?? ttlMs });
      // Each message either way keeps the exchange open a while longer.
      if (request.status === 'taken' && request.mode === 'live') await kv.set(liveKey(request.conversationId), id, { ttlMs: liveIdleMs });
      return request;
    },

    async lines(id: string, start = 0) {
      if (!ID.test(id)) return { lines: [], next: 0 };
      const length = await kv.length(linesKey(id));
      const from = Math.max(start, length - MAX_LIVE_LINES, 0);
      return { lines: from < length ? await kv.range<TranscriptLine>(linesKey(id), from, length - 1) : [], next: Math.max(length, start) };
    },

    async liveFor(conversationId: string) {
      if (!conversationId || conversationId.length > MAX_ID_CHARS) return undefined;
      const id = await kv.get<string>(liveKey(conversationId));
      const request = id ? await get(id) : undefined;
      return request && request.status === 'taken' && request.mode === 'live' && request.conversationId === conversationId ? request : undefined;
    },
  };
}

const MAX_ID_CHARS = 256;

/** Ids are kept exactly (the live exchange finds the conversation by it), only bounded and checked. */
function idField(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > MAX_ID_CHARS || /\p{Cc}/u.test(value)) {
    throw new AppError('handoff_invalid', `handoff request: ${name} is required (1 to ${MAX_ID_CHARS} printable characters)`, { status: 400 });
  }
  return value;
}

function field(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new AppError('handoff_invalid', `handoff request: ${name} is required`, { status: 400 });
  return redactText(value.trim()).slice(0, MAX_FIELD_CHARS);
}

function cleanTranscript(lines: readonly TranscriptLine[] | undefined, maxLines: number): TranscriptLine[] {
  // The port is typed, but requests may come from any caller: check the shape at run time.
  const list: readonly TranscriptLine[] = Array.isArray(lines) ? (lines as readonly TranscriptLine[]) : [];
  const kept = list.filter((l) => (l.from === 'user' || l.from === 'bot' || l.from === 'agent') && typeof l.text === 'string').slice(-maxLines);
  return maskTranscript(kept).map((l) => ({ from: l.from, text: l.text.slice(0, MAX_LINE_CHARS), at: typeof l.at === 'string' ? l.at.slice(0, 40) : '' }));
}
