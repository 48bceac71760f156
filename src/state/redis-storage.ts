/**
 * The Redis implementation of Storage (storage-contract.ts), picked by the store factory when
 * Redis is configured (redis-stores.ts); the memory one is storage.ts.
 */
import { randomBytes } from 'node:crypto';
import type { ConversationLocks } from './conversation-lock.js';
import { packJson, unpackJson } from './packed-json.js';
import { luaScript, type RedisLink } from './redis.js';
import { storeCall } from './unavailable.js';
import { ETagConflictError, type Storage, type StoreItem, type StoreItems } from './storage-contract.js';

const newETag = () => randomBytes(ETAG_BYTES).toString('hex');
const ETAG_BYTES = 8;

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

const ETAG_LENGTH = 16;

function encodeItem(item: StoreItem, eTag: string): Buffer {
  const { eTag: _old, ...rest } = item;
  return Buffer.concat([Buffer.from(eTag, 'ascii'), packJson(rest)]);
}

function decodeItem(raw: Buffer): StoreItem {
  if (raw[0] === 0x7b) return JSON.parse(raw.toString('utf8')) as StoreItem;
  return { ...unpackJson<Record<string, unknown>>(raw.subarray(ETAG_LENGTH)), eTag: raw.subarray(0, ETAG_LENGTH).toString('ascii') };
}

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
  // What the current turn staged or already read of a held conversation's item, or what Redis holds.
  const current = async (key: string): Promise<StoreItem | undefined> => {
    const lease = options.locks?.leaseFor(key);
    const staged = lease?.staged(key);
    if (staged?.op === 'set') return decodeItem(Buffer.isBuffer(staged.value) ? staged.value : Buffer.from(staged.value));
    if (staged?.op === 'delete') return undefined;
    const known = lease?.remembered(key);
    const raw = known ? known.value : await storeCall(() => link.command<Buffer | null>(key, ['GET', key], { binary: true }), deadline);
    if (!known) lease?.remember(key, raw);
    return raw ? decodeItem(raw) : undefined;
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
        const value = encodeItem(item, newETag());
        const lease = options.locks?.leaseFor(full);
        if (lease) {
          // The conversation is held by this turn: nobody else writes it; the check is for the
          // engine's own replay logic, the write waits for the turn's commit.
          const before = await current(full);
          if (before && item.eTag && item.eTag !== '*' && before.eTag !== item.eTag) throw new ETagConflictError(key);
          lease.stage(full, { op: 'set', value, ttlMs });
          continue;
        }
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
