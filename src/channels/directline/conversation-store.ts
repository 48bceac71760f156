/**
 * Direct Line conversations on the KeyValueStore (memory or Redis): one document per conversation
 * holding its record and the activities a client may still replay, compact (stored-activity.ts:
 * what was said, not the rendered activity; a card by reference) and compressed as a whole. The
 * document expires `ttlMs` after the conversation's last activity.
 *
 * The replay window is capped: the oldest activities go once it holds `window` of them, and a
 * client asking from before the window reads from its start. Watermarks are positions counted
 * from the conversation's start, so they survive restarts and mean the same on every instance.
 *
 * The document is read, changed and written whole: every change is made holding the conversation
 * (ConversationLocks), and with Redis it is written with the engine's state when the turn commits.
 * It is packed in blocks of activities (document-blocks.ts), each compressed once and reused while
 * unchanged: a turn compresses the activities of its last block only. A turn reads it several
 * times (is it started, is this a retry, is it full, append): the decoded document is remembered by
 * its bytes (createPackedCache), so that it is inflated and parsed once and only again when another
 * instance changed it. Documents are therefore never changed in place.
 */
import { conversationTag } from '../../state/keys.js';
import type { KeyValueStore } from '../../state/kv.js';
import { createPackedCache, packJson } from '../../state/packed-json.js';
import { createDocumentBlocks } from './document-blocks.js';
import type { StoredEntry } from './stored-activity.js';

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

/** One stored activity with its Direct Line id. */
export interface PagedEntry {
  id: string;
  position: number;
  entry: StoredEntry;
}

export interface EntryPage {
  record: ConversationRecord;
  entries: PagedEntry[];
  watermark: string;
}

interface Doc {
  r: ConversationRecord;
  /** Activities dropped from the front of the window. */
  n: number;
  e: StoredEntry[];
}

export interface ConversationStore {
  /** Creates the conversation; false when it already exists. */
  create(record: ConversationRecord): Promise<boolean>;
  get(id: string): Promise<ConversationRecord | undefined>;
  /** Changes the record (started, full, locale); its activities stay. */
  update(record: ConversationRecord): Promise<void>;
  /** Pushes the expiry back (a conversation lives `ttlMs` after its last use). */
  touch(id: string): Promise<void>;
  /**
   * Appends activities in order and returns their ids; given a function, it is called with the
   * position the first will take (replies name the message they answer by its position).
   */
  append(id: string, entries: readonly StoredEntry[] | ((first: number) => readonly StoredEntry[])): Promise<string[]>;
  /** The id of the activity a client sent with this id (its retry), while it is in the window. */
  findSent(id: string, clientKey: string): Promise<string | undefined>;
  /**
   * Activities from `watermark` on, at most `max`, and the watermark to ask from next (never below
   * the one asked for). A watermark from before the window (or before the conversation started
   * again) reads from the window's start.
   */
  page(id: string, watermark: number, max: number): Promise<EntryPage | undefined>;
  /** How many activities it has held since it started (the window included). */
  size(id: string): Promise<number>;
}

export interface ConversationStoreOptions {
  ttlMs: number;
  /** Activities kept for replay (the most recent). */
  window?: number;
  prefix?: string;
  /** Decoded documents remembered in this process (the conversations being talked in). */
  cacheSize?: number;
}

export const DEFAULT_REPLAY_WINDOW = 100;
const DEFAULT_CACHE_SIZE = 1000;
/** Activities per compressed block of a document (a turn adds two to four). */
const BLOCK_SIZE = 16;

export function createConversationStore(kv: KeyValueStore, options: ConversationStoreOptions): ConversationStore {
  const prefix = options.prefix ?? 'dl:';
  const window = Math.max(1, options.window ?? DEFAULT_REPLAY_WINDOW);
  // The conversation's hash tag: its document, its lock and the engine's state share one slot.
  const key = (id: string) => `${prefix}${conversationTag('directline', id)}`;
  const ttl = { ttlMs: options.ttlMs };

  // Each activity is serialised once: a document is written on every turn, and only its new
  // activities have not been serialised before (the JSON is the same as JSON.stringify's).
  const serialised = new WeakMap<StoredEntry, string>();
  const entryJson = (entry: StoredEntry) => {
    let json = serialised.get(entry);
    if (json === undefined) {
      json = JSON.stringify(entry);
      serialised.set(entry, json);
    }
    return json;
  };
  // Packed in blocks (document-blocks.ts): a turn compresses its last block, not the whole window.
  const blocks = createDocumentBlocks<ConversationRecord, StoredEntry>(BLOCK_SIZE, entryJson);
  const decoded = createPackedCache<Doc>({ max: options.cacheSize ?? DEFAULT_CACHE_SIZE, pack: blocks.pack, unpack: blocks.unpack });

  const read = async (id: string): Promise<Doc | undefined> => {
    const raw = await kv.getBlob(key(id));
    if (raw) return decoded.read(id, raw);
    decoded.forget(id);
    return undefined;
  };
  const write = (doc: Doc) => kv.setBlob(key(doc.r.id), decoded.write(doc.r.id, doc), ttl);
  const base = (doc: Doc) => doc.r.base ?? 0;

  return {
    create: (record) => kv.setBlobIfAbsent(key(record.id), packJson({ r: record, n: 0, e: [] } satisfies Doc), ttl),
    get: async (id) => (await read(id))?.r,
    async update(record) {
      const doc = await read(record.id);
      await write({ n: 0, e: [], ...doc, r: record });
    },
    async touch(id) {
      await kv.expire(key(id), options.ttlMs);
    },
    async append(id, given) {
      const doc = await read(id);
      if (!doc) throw new RangeError(`no Direct Line conversation ${id}`);
      const first = base(doc) + doc.n + doc.e.length;
      const entries = typeof given === 'function' ? given(first) : given;
      const all = [...doc.e, ...entries];
      const dropped = Math.max(0, all.length - window);
      await write({ r: doc.r, n: doc.n + dropped, e: dropped > 0 ? all.slice(dropped) : all });
      return entries.map((_, i) => activityId(id, first + i));
    },
    async findSent(id, clientKey) {
      const doc = await read(id);
      const index = doc?.e.findIndex((e) => e.k === 'u' && e.c === clientKey) ?? -1;
      return doc && index >= 0 ? activityId(id, base(doc) + doc.n + index) : undefined;
    },
    async page(id, watermark, max) {
      const doc = await read(id);
      if (!doc) return undefined;
      const start = base(doc) + doc.n;
      const from = Math.max(0, watermark - start);
      const slice = doc.e.slice(from, from + max);
      const entries = slice.map((entry, i) => ({ id: activityId(id, start + from + i), position: start + from + i, entry }));
      return { record: doc.r, entries, watermark: String(Math.max(watermark, start + from + slice.length)) };
    },
    size: async (id) => {
      const doc = await read(id);
      return doc ? doc.n + doc.e.length : 0;
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
