/**
 * The Redis implementation of Storage (storage-contract.ts), picked by the store factory when
 * Redis is configured (redis-stores.ts); the memory one is storage.ts.
 */
import type { ConversationLocks } from './conversation-lock.js';
import { createPackedCache, unpackJsonText } from './packed-json.js';
import { luaScript, type RedisLink } from './redis.js';
import { storeCall } from './unavailable.js';
import { createUniqueTokens } from './unique-tokens.js';
import { ETagConflictError, type Storage, type StoreItem, type StoreItems } from './storage-contract.js';

const ETAG_LENGTH = 16;
// Unique per write across instances; an eTag only has to differ from the one it replaces.
const newETag = createUniqueTokens(ETAG_LENGTH);

// Compare-and-set in one round trip: the eTag check and the write cannot interleave with another
// instance's write. A value is its eTag (16 characters) then packed JSON; one written by an older
// version (plain JSON with an eTag field) is still read and compared.
const WRITE_IF_ETAG = luaScript(`
local cur = redis.call('GET', KEYS[1])
if cur and ARGV[1] ~= '' and ARGV[1] ~= '*' then
  local tag = string.sub(cur, 1, 16)
  if string.sub(cur, 1, 1) == '{' then
    local ok, old = pcall(cjson.decode, cur)
    tag = ok and old['eTag'] or ''
  end
  if tag ~= ARGV[1] then return redis.error_reply('ETAG_CONFLICT') end
end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1
`);

/** A value written by an older version: plain JSON with its eTag inside. */
const isLegacy = (raw: Buffer) => raw[0] === 0x7b;

/** The eTag of a stored value, without decoding the item. */
function eTagOf(raw: Buffer): string | undefined {
  if (isLegacy(raw)) return (JSON.parse(raw.toString('utf8')) as StoreItem).eTag;
  return raw.subarray(0, ETAG_LENGTH).toString('ascii');
}

/** Items' JSON texts remembered by their packed bytes (see createPackedCache): at most this many. */
const TEXT_CACHE_SIZE = 1000;

export interface RedisStorageOptions {
  prefix?: string;
  /** Items disappear after this long without a write (default 24 h). */
  ttlMs?: number;
  commandTimeoutMs?: number;
  /** Conversation locks: an item of a held conversation is written when its turn commits. */
  locks?: ConversationLocks;
}

/**
 * The Storage on Redis (a server or a cluster): one key per item, compressed when that pays. Items
 * are read one command each (a conversation's state and its user's live in different slots).
 */
export function createRedisStorage(link: RedisLink, options: RedisStorageOptions = {}): Storage {
  const prefix = options.prefix ?? 'ameli:state:';
  const deadline = options.commandTimeoutMs;
  const ttlMs = options.ttlMs ?? 24 * 3_600_000;
  // A turn reads its conversation's state more than once (is the message a secret, then the turn)
  // and the next turn on this instance reads what this one wrote: each packed value is inflated
  // once. Texts, not parsed items, are remembered: every read still hands out a fresh copy that
  // the turn may change.
  const texts = createPackedCache<string>({ max: TEXT_CACHE_SIZE, serialize: (text) => text, unpack: unpackJsonText });
  const decode = (key: string, raw: Buffer): StoreItem => {
    if (isLegacy(raw)) return JSON.parse(raw.toString('utf8')) as StoreItem;
    return { ...(JSON.parse(texts.read(key, raw.subarray(ETAG_LENGTH))) as StoreItem), eTag: raw.subarray(0, ETAG_LENGTH).toString('ascii') };
  };
  const encode = (key: string, item: StoreItem, eTag: string): Buffer => {
    const { eTag: _old, ...rest } = item;
    return Buffer.concat([Buffer.from(eTag, 'ascii'), texts.write(key, JSON.stringify(rest))]);
  };
  // What the current turn staged or already read of a held conversation's item, or what Redis holds.
  const currentRaw = async (key: string): Promise<Buffer | undefined> => {
    const lease = options.locks?.leaseFor(key);
    const staged = lease?.staged(key);
    if (staged?.op === 'set') return Buffer.isBuffer(staged.value) ? staged.value : Buffer.from(staged.value);
    if (staged?.op === 'delete') return undefined;
    const known = lease?.remembered(key);
    const raw = known ? known.value : await storeCall(() => link.command<Buffer | null>(key, ['GET', key], { binary: true }), deadline);
    if (!known) lease?.remember(key, raw);
    return raw ?? undefined;
  };
  const current = async (key: string): Promise<StoreItem | undefined> => {
    const raw = await currentRaw(key);
    return raw ? decode(key, raw) : undefined;
  };
  return {
    async read(keys) {
      const out: StoreItems = {};
      const items = await Promise.all(keys.map((key) => current(prefix + key)));
      keys.forEach((key, i) => {
        const item = items[i];
        if (item) out[key] = item;
      });
      return out;
    },
    async write(changes) {
      for (const [key, item] of Object.entries(changes)) {
        if (!item) continue;
        const full = prefix + key;
        const lease = options.locks?.leaseFor(full);
        if (lease) {
          // The conversation is held by this turn: nobody else writes it; the check is for the
          // engine's own replay logic, the write waits for the turn's commit.
          const before = await currentRaw(full);
          if (before && item.eTag && item.eTag !== '*' && eTagOf(before) !== item.eTag) throw new ETagConflictError(key);
          const value = encode(full, item, newETag());
          lease.stage(full, { op: 'set', value, ttlMs });
          continue;
        }
        const value = encode(full, item, newETag());
        try {
          await storeCall(() => link.script(WRITE_IF_ETAG, [full], [item.eTag ?? '', value, String(ttlMs)]), deadline);
        } catch (error) {
          // A reply from the script (a conflict) comes through as it is; an outage as a 503 error.
          if (error instanceof Error && error.message.includes('ETAG_CONFLICT')) throw new ETagConflictError(key);
          throw error;
        }
      }
    },
    async delete(keys) {
      for (const key of keys) {
        const full = prefix + key;
        const lease = options.locks?.leaseFor(full);
        if (lease) lease.stage(full, { op: 'delete' });
        else await storeCall(() => link.command(full, ['DEL', full]), deadline);
      }
    },
  };
}
