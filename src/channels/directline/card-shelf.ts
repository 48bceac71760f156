/**
 * Cards are kept once, by their content: a conversation's stored activity holds a reference (a
 * digest of the card) instead of the card. The assistant's cards come from its knowledge base and
 * procedures, so a few hundred of them serve every conversation; a card that holds someone's data
 * (a recap) is stored once too, and expires with the conversations that show it.
 */
import { createHash } from 'node:crypto';
import type { Card } from '../../shared/conversation.js';
import type { Clock } from '../../shared/clock.js';
import type { KeyValueStore } from '../../state/kv.js';

export interface CardShelf {
  /** Keeps the card and gives its reference. */
  put(card: Card): Promise<string>;
  /** The card, while it is kept (a conversation shows its text without it otherwise). */
  get(ref: string): Promise<Card | undefined>;
}

export interface CardShelfOptions {
  kv: KeyValueStore;
  clock: Clock;
  /** How long a card outlives its last showing; longer than a conversation lives. */
  ttlMs: number;
  /** Cards remembered in this process (they never change: a reference names one content). */
  cacheSize?: number;
}

export function createCardShelf(options: CardShelfOptions): CardShelf {
  const { kv, clock, ttlMs } = options;
  const cacheSize = options.cacheSize ?? 1000;
  // Written again when this process last wrote it over a quarter of its TTL ago, so that a card a
  // conversation refers to lives at least three quarters of the TTL after that conversation's turn.
  const refreshMs = ttlMs / 4;
  const cache = new Map<string, { card: Card; writtenAt?: number }>();
  const key = (ref: string) => `dl:card:${ref}`;
  const remember = (ref: string, entry: { card: Card; writtenAt?: number }) => {
    cache.delete(ref);
    cache.set(ref, entry);
    if (cache.size > cacheSize) cache.delete(cache.keys().next().value as string);
  };
  return {
    async put(card) {
      const ref = createHash('sha256').update(JSON.stringify(card)).digest('base64url').slice(0, 22);
      const now = clock.now().getTime();
      const known = cache.get(ref);
      if (known?.writtenAt === undefined || now - known.writtenAt > refreshMs) {
        await kv.set(key(ref), card, { ttlMs });
        remember(ref, { card, writtenAt: now });
      }
      return ref;
    },
    async get(ref) {
      const known = cache.get(ref);
      if (known) return known.card;
      const card = await kv.get<Card>(key(ref));
      if (card) remember(ref, { card });
      return card;
    },
  };
}
