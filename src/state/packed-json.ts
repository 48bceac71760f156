/**
 * JSON packed for storage: one marker byte, then the JSON text as it is ("J"), or compressed
 * ("Z", raw deflate) when that makes it smaller. A conversation's documents are mostly French text
 * that repeats itself (the assistant's copy, the person's words quoted back): compressed whole,
 * they take a third to a fifth of their size in Redis.
 */
import { deflateRawSync, inflateRawSync, constants } from 'node:zlib';

const PLAIN = 0x4a; // "J"
const DEFLATED = 0x5a; // "Z"
/** Below this, compression costs more than it saves. */
const MIN_TO_COMPRESS = 200;

export function packJson(value: unknown): Buffer {
  const json = Buffer.from(JSON.stringify(value), 'utf8');
  if (json.length >= MIN_TO_COMPRESS) {
    // Level 6 (zlib's default) on a few kilobytes takes a fraction of a millisecond.
    const deflated = deflateRawSync(json, { level: constants.Z_DEFAULT_COMPRESSION });
    if (deflated.length + 1 < json.length + 1) return Buffer.concat([Buffer.of(DEFLATED), deflated]);
  }
  return Buffer.concat([Buffer.of(PLAIN), json]);
}

export function unpackJson<T>(packed: Buffer): T {
  const marker = packed[0];
  const body = packed.subarray(1);
  if (marker === DEFLATED) return JSON.parse(inflateRawSync(body).toString('utf8')) as T;
  if (marker === PLAIN) return JSON.parse(body.toString('utf8')) as T;
  throw new RangeError('unpackJson: not a packed JSON value');
}
