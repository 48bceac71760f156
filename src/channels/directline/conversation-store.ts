import type { KeyValueStore } from '../../state/kv.js';

export interface ConversationRecord {
  id: string;
  /** The user the conversation belongs to (the token's user). */
  userId: string;
  locale?: string;
  createdAt: string;
}

/** An activity as stored: its id is derived from its position, so it is not stored. */
export type StoredActivity = Record<string, unknown> & { type: string };
export type Activity = StoredActivity & { id: string };

export interface ActivityPage {
  activities: Activity[];
  watermark: string;
}

export interface ConversationStore {
  /** Creates the conversation; false when it already exists. */
  create(record: ConversationRecord): Promise<boolean>;
  get(id: string): Promise<ConversationRecord | undefined>;
  /** Pushes the expiry back (a conversation lives `ttlMs` after its last use). */
  touch(record: ConversationRecord): Promise<void>;
  /** Appends an activity and returns its id. */
  append(conversationId: string, activity: StoredActivity): Promise<string>;
  /** Replaces a stored activity (its id and position stay); false when it does not exist. */
  replace(conversationId: string, activityId: string, activity: StoredActivity): Promise<boolean>;
  /** Activities from position `watermark` on, at most `max`, and the watermark to ask from next. */
  page(conversationId: string, watermark: number, max: number): Promise<ActivityPage>;
}

/**
 * Direct Line conversations on the KeyValueStore (memory or Redis): one record and one
 * append-only list per conversation, both expiring `ttlMs` after the last activity.
 * The watermark is a position in the list, so it survives restarts and works across instances.
 */
export function createConversationStore(kv: KeyValueStore, options: { ttlMs: number; prefix?: string }): ConversationStore {
  const prefix = options.prefix ?? 'dl:';
  const recordKey = (id: string) => `${prefix}conversation:${id}`;
  const listKey = (id: string) => `${prefix}activities:${id}`;
  const ttl = { ttlMs: options.ttlMs };

  return {
    create: (record) => kv.setIfAbsent(recordKey(record.id), record, ttl),
    get: (id) => kv.get<ConversationRecord>(recordKey(id)),
    touch: (record) => kv.set(recordKey(record.id), record, ttl),
    async append(conversationId, activity) {
      const length = await kv.append(listKey(conversationId), activity, ttl);
      return activityId(conversationId, length - 1);
    },
    async replace(conversationId, id, activity) {
      const position = positionOf(conversationId, id);
      return position === undefined ? false : kv.setAt(listKey(conversationId), position, activity);
    },
    async page(conversationId, watermark, max) {
      const items = await kv.range<StoredActivity>(listKey(conversationId), watermark, watermark + max - 1);
      const activities = items.map((a, i) => ({ ...a, id: activityId(conversationId, watermark + i) }));
      return { activities, watermark: String(watermark + items.length) };
    },
  };
}

/** Direct Line's id shape: "<conversation>|<seven-digit position>". */
export function activityId(conversationId: string, position: number): string {
  return `${conversationId}|${String(position).padStart(7, '0')}`;
}

/** The position an activity id of this conversation stands for, if it is one. */
export function positionOf(conversationId: string, id: string): number | undefined {
  const prefix = `${conversationId}|`;
  if (!id.startsWith(prefix) || !/^\d{7,}$/.test(id.slice(prefix.length))) return undefined;
  return Number(id.slice(prefix.length));
}
