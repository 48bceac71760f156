import { createHash, randomInt } from 'node:crypto';

/** Where the simulator's one-time codes come from; injectable so tests can predict them. */
export interface CodeSource {
  /** `length` decimal digits ("034567"). */
  digits(length: number): string;
  /** `length` characters among upper-case letters and digits ("123456789ABC"). */
  alphanumeric(length: number): string;
}

// No O/0 nor I/1 in alphanumeric codes: they are read on paper and typed by hand.
const ALPHANUMERIC = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export const cryptoCodes: CodeSource = {
  digits: (length) => Array.from({ length }, () => String(randomInt(10))).join(''),
  alphanumeric: (length) => Array.from({ length }, () => ALPHANUMERIC.charAt(randomInt(ALPHANUMERIC.length))).join(''),
};

/**
 * Tokens and one-time codes are kept as digests: the store (Redis included) never holds a
 * usable secret. The outbox is the one place where they appear, as in a real mailbox.
 */
export function digest(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Constant-time enough for a simulator: compares digests, not the secrets themselves. */
export function sameSecret(candidate: string, storedDigest: string | undefined): boolean {
  return storedDigest !== undefined && digest(candidate) === storedDigest;
}
