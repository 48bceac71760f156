import type { KeyValueStore } from '../../../state/kv.js';
import { LOG_TTL_MS } from '../rules.js';
import type { OutboxMessage } from './records.js';

/**
 * The simulated mailbox and SMS gateway: what the backend "sent", newest last, readable per
 * recipient. Phone numbers are matched whatever their spelling (06…, +33 6…, 0033 6…).
 */
export interface Outbox {
  send(message: OutboxMessage): Promise<void>;
  list(to?: string): Promise<OutboxMessage[]>;
}

export function normalizeRecipient(to: string): string {
  const trimmed = to.trim();
  if (trimmed.includes('@')) return trimmed.toLowerCase();
  const digits = trimmed.replace(/\D/g, '');
  if (digits.startsWith('0033') && digits.length === 13) return `0${digits.slice(4)}`;
  if (digits.startsWith('33') && digits.length === 11) return `0${digits.slice(2)}`;
  return digits;
}

export function createOutbox(kv: KeyValueStore): Outbox {
  return {
    async send(message) {
      await kv.append('outbox:all', message, { ttlMs: LOG_TTL_MS });
      await kv.append(`outbox:to:${normalizeRecipient(message.to)}`, message, { ttlMs: LOG_TTL_MS });
    },
    list: (to) => kv.range<OutboxMessage>(to === undefined ? 'outbox:all' : `outbox:to:${normalizeRecipient(to)}`),
  };
}
