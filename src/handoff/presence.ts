/**
 * Which advisors are online: the agent console sends a heartbeat while it is open and logged in;
 * each heartbeat keeps a key alive for `ttlMs` in the key-value store (Redis when configured, so
 * that every instance sees every advisor). A closed tab stops beating and drops out by itself.
 */
import { AppError } from '../shared/errors.js';
import { withDeadline } from '../shared/deadline.js';
import type { KeyValueStore } from '../state/kv.js';
import type { OpeningHours } from './opening-hours.js';
import type { AdvisorPresence } from './types.js';

export interface PresenceStatus {
  /** Advisors whose console is open now. */
  online: number;
  /** Within the opening hours now. */
  open: boolean;
  /** Both: a request for an advisor is live. */
  live: boolean;
}

export interface AdvisorPresenceService extends AdvisorPresence {
  heartbeat(sessionId: string, agent: string): Promise<void>;
  /** The console was closed or logged out: that session is offline at once. */
  leave(sessionId: string): Promise<void>;
  status(now: Date): Promise<PresenceStatus>;
}

export interface PresenceOptions {
  kv: KeyValueStore;
  hours: OpeningHours;
  /** How long a heartbeat keeps an advisor online (default 90 s: background tabs beat once a minute). */
  ttlMs?: number;
  /** Deadline of a store call (default 1 s); past it, nobody counts as online. */
  timeoutMs?: number;
  prefix?: string;
}

export const DEFAULT_PRESENCE_TTL_MS = 90_000;
const SESSION = /^[A-Za-z0-9_-]{8,64}$/;

export function createAdvisorPresence(options: PresenceOptions): AdvisorPresenceService {
  const { kv, hours } = options;
  const ttlMs = options.ttlMs ?? DEFAULT_PRESENCE_TTL_MS;
  const timeoutMs = options.timeoutMs ?? 1000;
  const prefix = options.prefix ?? 'handoff:presence:';
  const key = (sessionId: string) => {
    if (!SESSION.test(sessionId)) throw new AppError('BadArgument', 'sessionId must be 8 to 64 letters, digits, _ or -', { status: 400 });
    return `${prefix}${sessionId}`;
  };
  // Sessions are few (one per open console): a prefix scan is cheap, and needs no shared list.
  const online = async () => (await withDeadline(kv.keys(prefix), timeoutMs, 'presence lookup')).length;

  return {
    async heartbeat(sessionId, agent) {
      await withDeadline(kv.set(key(sessionId), { agent: agent.slice(0, 60) }, { ttlMs }), timeoutMs, 'presence heartbeat');
    },
    async leave(sessionId) {
      await withDeadline(kv.delete(key(sessionId)), timeoutMs, 'presence leave');
    },
    async status(now) {
      const open = hours.isOpen(now);
      const count = await online();
      return { online: count, open, live: open && count > 0 };
    },
    async liveAvailable(now) {
      if (!hours.isOpen(now)) return false;
      try {
        return (await online()) > 0;
      } catch {
        // The store is slow or down: a callback request still reaches an advisor later.
        return false;
      }
    },
  };
}
