/**
 * Building blocks of the backend's HTTP API schemas (JSON Schema draft-07, checked with ajv), and
 * every error code of the API with its HTTP status, written once. Requests are strict (unknown
 * fields are a 400: the caller has a bug); responses accept extra fields, so that the backend can
 * add some without breaking clients that validate what they get.
 */
import type { IdentifierRule, PasswordRule } from '../../domain/password-policy.js';
import { array, enumOf, integer, object, string, type Infer, type Schema } from './schema.js';

/** A NIR or NIA with or without its key, compact (no spaces), Corsica 2A/2B upper-case. */
export const nirSchema = string({
  pattern: '^[1-478][0-9]{4}(?:[0-9]{2}|2[AB])[0-9]{6}(?:[0-9]{2})?$',
  description: 'NIR or NIA, 13 characters (without key) or 15 (with key), no separators.',
});

/** A NIR with its key (Mon espace santé asks for the 15 digits). */
export const nir15Schema = string({ pattern: '^[1-478][0-9]{4}(?:[0-9]{2}|2[AB])[0-9]{8}$', description: 'NIR with its key, 15 characters, no separators.' });

export const isoDateSchema = string({ format: 'date', description: 'ISO date, e.g. 1985-03-12.' });
export const dateTimeSchema = string({ format: 'date-time' });
export const cardTypeSchema = enumOf(['photo', 'sans_photo']);
export const channelSchema = enumOf(['email', 'sms']);
export const mesStatusSchema = enumOf(['pending', 'active', 'opposed', 'closed']);
/** Opaque ids and tokens travel in URLs: URL-safe characters only. */
export const opaqueIdSchema = string({ pattern: '^[A-Za-z0-9_-]{1,200}$' });
/** One-time codes: their length is the backend's business; a wrong length is just a wrong code. */
export const oneTimeCodeSchema = string({ pattern: '^[0-9A-Za-z]{1,12}$' });
/** Secrets typed by people: the rules are checked by the backend, which names the failed ones. */
export const secretSchema = string({ minLength: 1, maxLength: 200 });
export const maskedSchema = string({ minLength: 1, maxLength: 100 });

export const passwordRuleSchema = enumOf(['min_length', 'max_length', 'uppercase', 'lowercase', 'digit', 'special', 'digit_or_special', 'not_email']);
// The rules the backend may name are exactly those of src/domain: a rule added there without being
// added here (or the reverse) fails to compile.
type RuleName = Infer<typeof passwordRuleSchema>;
const _rulesMatchTheDomain: [RuleName] extends [PasswordRule | IdentifierRule] ? ([PasswordRule | IdentifierRule] extends [RuleName] ? true : never) : never = true;

export const profileSummarySchema = object(
  { id: opaqueIdSchema, firstName: string({ minLength: 1, maxLength: 100 }), status: mesStatusSchema },
  { strict: false },
);

export type CardType = Infer<typeof cardTypeSchema>;
export type Channel = Infer<typeof channelSchema>;
export type MesStatus = Infer<typeof mesStatusSchema>;
export type MesProfileSummary = Infer<typeof profileSummarySchema>;

/**
 * Every error code of the API, with its HTTP status. The client reads the code in the body, not the
 * status; the statuses make the API readable with curl and keep caches and proxies honest.
 */
const STATUS = {
  // Codes every operation may answer.
  invalid_request: 400,
  rate_limited: 429,
  unavailable: 503,
  /** A request with this Idempotency-Key is still running: its outcome is not known yet. */
  in_progress: 409,
  // Codes of the operations (each operation lists its own in the registry).
  identity_mismatch: 422,
  identification_failed: 422,
  bad_credentials: 401,
  password_policy: 422,
  identifier_invalid: 422,
  wrong_code: 422,
  no_account: 404,
  unknown_login: 404,
  unknown_enrolment: 404,
  unknown_dependant: 404,
  link_unknown: 404,
  already_exists: 409,
  already_active: 409,
  identifier_taken: 409,
  not_pending: 409,
  not_active: 409,
  not_verified: 409,
  no_code: 409,
  dependant: 403,
  nia: 403,
  ame: 403,
  no_contact: 422,
  link_expired: 410,
  link_used: 410,
  code_expired: 410,
  code_used: 410,
  locked: 423,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof STATUS;
/** Indexed by a code of the contract it gives a status; by any other string, maybe undefined. */
export const ERROR_STATUS: Readonly<Record<ErrorCode, number>> & Readonly<Partial<Record<string, number>>> = STATUS;

/** Codes every operation may answer on the wire, whatever its own list. */
export const COMMON_ERROR_CODES = ['unavailable', 'invalid_request', 'rate_limited', 'in_progress'] as const satisfies readonly ErrorCode[];
export type CommonErrorCode = (typeof COMMON_ERROR_CODES)[number];

/** Outcomes every call may have as a client reports them (`in_progress` is retried, then unconfirmed). */
export const CALL_ERROR_CODES = ['unavailable', 'invalid_request', 'rate_limited'] as const satisfies readonly CommonErrorCode[];

/**
 * The outcome a client gives for a state-changing call whose effect is unknown: it timed out, the
 * connection broke or the backend failed after the request may have reached it. Never sent by a
 * backend: the client decides it. Dialogs must say that there was no confirmation, never "failed".
 */
export const UNCONFIRMED = 'unconfirmed';

export interface BackendError<E extends string> {
  code: E;
  /** Developer-facing explanation (never shown to users as is). */
  message: string;
  /** Names of the password / identifier rules that failed. */
  failedRules?: Array<PasswordRule | IdentifierRule>;
  attemptsLeft?: number;
  /** ISO date-time: until when a locked step stays locked. */
  lockedUntil?: string;
}

/** The error body of an operation: `{error: {code, message, failedRules?, attemptsLeft?, lockedUntil?}}`. */
export function errorBodySchema(codes: readonly ErrorCode[]): Schema<unknown> {
  return object(
    {
      error: object(
        {
          code: { type: 'string', enum: [...new Set([...codes, ...COMMON_ERROR_CODES])] },
          message: string({ maxLength: 500 }),
          failedRules: array(passwordRuleSchema, { maxItems: 10 }),
          attemptsLeft: integer({ minimum: 0 }),
          lockedUntil: dateTimeSchema,
        },
        { strict: false, optional: ['failedRules', 'attemptsLeft', 'lockedUntil'] },
      ),
    },
    { strict: false },
  );
}
