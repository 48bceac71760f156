/**
 * Building blocks of the backend's HTTP API schemas (JSON Schema draft-07, checked with ajv).
 * Requests are strict (unknown fields are a 400: the caller has a bug); responses accept extra
 * fields, so that the backend can add some without breaking clients that validate what they get.
 */

/** A NIR or NIA with or without its key, compact (no spaces), Corsica 2A/2B upper-case. */
export const nirSchema = {
  type: 'string',
  pattern: '^[1-478][0-9]{4}(?:[0-9]{2}|2[AB])[0-9]{6}(?:[0-9]{2})?$',
  description: 'NIR or NIA, 13 characters (without key) or 15 (with key), no separators.',
} as const;

/** A NIR with its key (Mon espace santé asks for the 15 digits). */
export const nir15Schema = {
  type: 'string',
  pattern: '^[1-478][0-9]{4}(?:[0-9]{2}|2[AB])[0-9]{8}$',
  description: 'NIR with its key, 15 characters, no separators.',
} as const;

export const isoDateSchema = { type: 'string', format: 'date', description: 'ISO date, e.g. 1985-03-12.' } as const;
export const dateTimeSchema = { type: 'string', format: 'date-time' } as const;
export const cardTypeSchema = { type: 'string', enum: ['photo', 'sans_photo'] } as const;
export const channelSchema = { type: 'string', enum: ['email', 'sms'] } as const;
export const mesStatusSchema = { type: 'string', enum: ['pending', 'active', 'opposed', 'closed'] } as const;
/** Opaque ids and tokens travel in URLs: URL-safe characters only. */
export const opaqueIdSchema = { type: 'string', pattern: '^[A-Za-z0-9_-]{1,200}$' } as const;
/** One-time codes: their length is the backend's business; a wrong length is just a wrong code. */
export const oneTimeCodeSchema = { type: 'string', pattern: '^[0-9A-Za-z]{1,12}$' } as const;
/** Secrets typed by people: the rules are checked by the backend, which names the failed ones. */
export const secretSchema = { type: 'string', minLength: 1, maxLength: 200 } as const;
export const maskedSchema = { type: 'string', minLength: 1, maxLength: 100 } as const;

export const passwordRuleSchema = {
  type: 'string',
  enum: ['min_length', 'max_length', 'uppercase', 'lowercase', 'digit', 'special', 'digit_or_special', 'not_email'],
} as const;

export const profileSummarySchema = {
  type: 'object',
  required: ['id', 'firstName', 'status'],
  properties: {
    id: opaqueIdSchema,
    firstName: { type: 'string', minLength: 1, maxLength: 100 },
    status: mesStatusSchema,
  },
} as const;

export const emptyObjectSchema = { type: 'object', additionalProperties: false, properties: {} } as const;

/** Codes every operation may answer, whatever its own list. */
export const COMMON_ERROR_CODES = ['unavailable', 'invalid_request', 'rate_limited'] as const;

/** The error body of an operation: `{error: {code, message, failedRules?, attemptsLeft?, lockedUntil?}}`. */
export function errorBodySchema(codes: readonly string[]) {
  return {
    type: 'object',
    required: ['error'],
    properties: {
      error: {
        type: 'object',
        required: ['code', 'message'],
        properties: {
          code: { type: 'string', enum: [...new Set([...codes, ...COMMON_ERROR_CODES])] },
          message: { type: 'string', maxLength: 500 },
          failedRules: { type: 'array', items: passwordRuleSchema, maxItems: 10 },
          attemptsLeft: { type: 'integer', minimum: 0 },
          lockedUntil: dateTimeSchema,
        },
      },
    },
  } as const;
}
