/**
 * JSON packed for storage: one marker byte, then the JSON text as it is ("J"), or compressed
 * ("Z", raw deflate) when that makes it smaller. A conversation's documents are mostly French text
 * that repeats itself (the assistant's copy, the person's words quoted back): compressed whole,
 * they take a third to a fifth of their size in Redis.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';

const PLAIN = 0x4a; // "J"
const DEFLATED = 0x5a; // "Z"
/** Below this, compression costs more than it saves. */
const MIN_TO_COMPRESS = 200;

/**
 * Level 3: on a conversation's document (18 KB of JSON) it takes half the time of zlib's default
 * (level 6) for about 10% more bytes; documents are written on every turn.
 */
const LEVEL = 3;

export function packJson(value: unknown): Buffer {
  return packJsonText(JSON.stringify(value));
}

/** The same, given the JSON text already (a document serialised from parts kept serialised). */
export function packJsonText(text: string): Buffer {
  const json = Buffer.from(text, 'utf8');
  if (json.length >= MIN_TO_COMPRESS) {
    const deflated = deflateRawSync(json, { level: LEVEL });
    if (deflated.length + 1 < json.length + 1) return Buffer.concat([Buffer.of(DEFLATED), deflated]);
  }
  return Buffer.concat([Buffer.of(PLAIN), json]);
}

export function unpackJson<T>(packed: Buffer): T {
  return JSON.parse(unpackJsonText(packed)) as T;
}

/** The JSON text of a packed value, not parsed. */
export function unpackJsonText(packed: Buffer): string {
  const marker = packed[0];
  const body = packed.subarray(1);
  if (marker === DEFLATED) return inflateRawSync(body).toString('utf8');
  if (marker === PLAIN) return body.toString('utf8');
  throw new RangeError('unpackJson: not a packed JSON value');
}

/**
 * Packed documents read back as values, remembered by their bytes: reading the same bytes again
 * (the document was not changed since) gives the value already decoded, without inflating and
 * parsing it again. It is keyed by content, so it can never be stale: a document another instance
 * wrote has other bytes and is decoded afresh. Values it gives are shared: never change them.
 * At most `max` documents are remembered, the least recently used go first.
 */
export interface PackedCache<T> {
  /** The value of `packed`, decoded once for as long as `key` keeps these bytes. */
  read(key: string, packed: Buffer): T;
  /** Packs `value` for `key` and remembers it as the decoding of the bytes returned. */
  write(key: string, value: T): Buffer;
  forget(key: string): void;
}

export interface PackedCacheOptions<T> {
  max: number;
  /** JSON.stringify by default. */
  serialize?: (value: T) => string;
  /** Packs a value (default: packJsonText of `serialize`); `unpack` must read what it writes. */
  pack?: (value: T) => Buffer;
  /** Reads packed bytes (default: unpackJson). */
  unpack?: (packed: Buffer) => T;
}

export function createPackedCache<T>(options: PackedCacheOptions<T>): PackedCache<T> {
  const serialize = options.serialize ?? ((value: T) => JSON.stringify(value));
  const pack = options.pack ?? ((value: T) => packJsonText(serialize(value)));
  const unpack = options.unpack ?? ((packed: Buffer) => unpackJson<T>(packed));
  const known = new Map<string, { packed: Buffer; value: T }>();
  const remember = (key: string, packed: Buffer, value: T) => {
    known.delete(key);
    known.set(key, { packed, value });
    if (known.size > options.max) known.delete(known.keys().next().value as string);
  };
  return {
    read(key, packed) {
      const hit = known.get(key);
      if (hit && hit.packed.equals(packed)) {
        remember(key, hit.packed, hit.value);
        return hit.value;
      }
      const value = unpack(packed);
      remember(key, packed, value);
      return value;
    },
    write(key, value) {
      const packed = pack(value);
      remember(key, packed, value);
      return packed;
    },
    forget: (key) => void known.delete(key),
  };
}
