/**
 * Seals a secret the person gave before its question (a provisional code typed at "Avez-vous votre
 * code provisoire ?") so that the conversation state, which may live in Redis, never holds it in
 * clear. AES-256-GCM with a random IV; instances that share a state store share the key.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

export interface Sealer {
  seal(plain: string): string;
  /** Undefined when the box was sealed with another key or altered. */
  open(box: string): string | undefined;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** `secret`: any string shared by the instances (the server derives it from its own secrets). */
export function createSealer(secret?: string): Sealer {
  const key = secret ? createHash('sha256').update(`ameli-assistant/engine-seal/v1\u0000${secret}`).digest() : randomBytes(32);
  return {
    seal(plain) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
    },
    open(box) {
      try {
        const raw = Buffer.from(box, 'base64url');
        if (raw.length <= IV_BYTES + TAG_BYTES) return undefined;
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
        decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
        return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
      } catch {
        return undefined;
      }
    },
  };
}
