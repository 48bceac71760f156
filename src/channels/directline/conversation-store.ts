import type { KeyValueStore } from '../../state/kv.js';

export interface ConversationRecord {
  id: string;
  /** The user the conversation belongs to (the token's user). */
  userId: string;
  locale?: string;
  createdAt: string;
  /**
   * Watermark of the first activity (0 when absent). A conversation started again after its
   * history was lost starts far above any watermark its client may hold, so that the client's
   * watermark never goes back and it sees the new activities.
   */
  base?: number;
  /** Its token was issued (POST /tokens/generate, the web page's token), nothing was said yet. */
  reserved?: true;
  /** It reached its size limit and said so. */
  full?: true;
}

/** Which conversation, and where its watermarks start: a record, or an id (base 0). */
export type ConversationRef = string | Pick<ConversationRecord, 'id' | 'base'>;

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
  append(conversation: ConversationRef, activity: StoredActivity): Promise<string>;
  /** Replaces a stored activity (its id and position stay); false when it does not exist. */
  replace(conversation: ConversationRef, activityId: string, activity: StoredActivity): Promise<boolean>;
  /**
   * Activities from `watermark` on, at most `max`, and the watermark to ask from next (never below
   * the one asked for). A watermark from before the conversation started again reads it all.
   */
  page(conversation: ConversationRef, watermark: number, max: number): Promise<ActivityPage>;
  /** How many activities it holds. */
  size(conversation: ConversationRef): Promise<number>;
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
  const ref = (c: ConversationRef) => (typeof c === 'string' ? { id: c, base: 0 } : { id: c.id, base: c.base ?? 0 });

  return {
    create: (record) => kv.setIfAbsent(recordKey(record.id), record, ttl),
    get: (id) => kv.get<ConversationRecord>(recordKey(id)),
    touch: (record) => kv.set(recordKey(record.id), record, ttl),
    async append(conversation, activity) {
      const { id, base } = ref(conversation);
      const length = await kv.append(listKey(id), activity, ttl);
      return activityId(id, base + length - 1);
    },
    async replace(conversation, activityIdToReplace, activity) {
      const { id, base } = ref(conversation);
      const number = positionOf(id, activityIdToReplace);
      return number === undefined || number < base ? false : kv.setAt(listKey(id), number - base, activity);
    },
    async page(conversation, watermark, max) {
      const { id, base } = ref(conversation);
      const position = Math.max(0, watermark - base);
      const items = await kv.range<StoredActivity>(listKey(id), position, position + max - 1);
      const activities = items.map((a, i) => ({ ...a, id: activityId(id, base + position + i) }));
      return { activities, watermark: String(Math.max(watermark, base + position + items.length)) };
    },
    size: (conversation) => kv.length(listKey(ref(conversation).id)),
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
