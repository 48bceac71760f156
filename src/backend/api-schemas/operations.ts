/**
 * The backend's HTTP API, one entry per operation of BackendClient: method, path (under the base
 * URL, e.g. http://localhost:3979/sim), JSON Schemas of the path parameters, the request body and
 * the response, and the operation's own error codes. The simulator builds its routes from this
 * list and the HTTP client builds its calls from it, so both sides read the same contract.
 */
import type { BackendClient } from '../client/types.js';
import {
  cardTypeSchema,
  channelSchema,
  dateTimeSchema,
  emptyObjectSchema,
  isoDateSchema,
  maskedSchema,
  nir15Schema,
  nirSchema,
  oneTimeCodeSchema,
  opaqueIdSchema,
  profileSummarySchema,
  secretSchema,
} from './common.js';

export type OperationName = keyof BackendClient;

/** A JSON Schema, as a plain object. */
export type JsonSchema = Readonly<Record<string, unknown>>;

export interface OperationSpec {
  name: OperationName;
  method: 'GET' | 'POST';
  /** Express-style path with `:param` segments, relative to the API root `/api/v1`. */
  path: string;
  summary: string;
  /** Schema of the path parameters (an object schema), when the path has some. */
  params?: JsonSchema;
  /** Schema of the JSON body (POST only). */
  request?: JsonSchema;
  /** Schema of the 200 body. */
  response: JsonSchema;
  /** The operation's own error codes (the common ones come on top). */
  errors: readonly string[];
  /** True when a call changes state: it carries an Idempotency-Key and is replayed, not redone. */
  stateChanging: boolean;
}

export const API_ROOT = '/api/v1';

const str = (max = 100) => ({ type: 'string', minLength: 1, maxLength: max }) as const;
const obj = (properties: Record<string, unknown>, required: string[], strict: boolean): JsonSchema => ({
  type: 'object',
  required,
  ...(strict ? { additionalProperties: false } : {}),
  properties,
});
const request = (properties: Record<string, unknown>, required = Object.keys(properties)) => obj(properties, required, true);
const response = (properties: Record<string, unknown>, required = Object.keys(properties)) => obj(properties, required, false);
const params = (...names: string[]) => obj(Object.fromEntries(names.map((n) => [n, opaqueIdSchema])), names, true);

const profileAndDependants = response({ profile: profileSummarySchema, dependants: { type: 'array', items: profileSummarySchema } });

export const OPERATIONS: readonly OperationSpec[] = [
  // ---- compte ameli ------------------------------------------------------------------------
  {
    name: 'createAccount',
    method: 'POST',
    path: '/ameli/accounts',
    summary: 'Identify (last name, NIR, birth date, postal code) and send the activation e-mail.',
    request: request({
      lastName: str(100),
      nir: nirSchema,
      birthDate: isoDateSchema,
      postalCode: { type: 'string', pattern: '^[0-9]{5}$' },
      email: { type: 'string', format: 'email', maxLength: 254 },
    }),
    response: response({ emailMasked: maskedSchema, linkValidMinutes: { type: 'integer', minimum: 1 } }, ['emailMasked']),
    errors: ['identity_mismatch', 'already_exists', 'dependant', 'nia', 'ame'],
    stateChanging: true,
  },
  {
    name: 'requestPasswordReset',
    method: 'POST',
    path: '/ameli/password-resets',
    summary: 'NIR and birth date: e-mail a single-use reset link valid 30 minutes.',
    request: request({ nir: nirSchema, birthDate: isoDateSchema }),
    response: response({ emailMasked: maskedSchema, linkValidMinutes: { type: 'integer', minimum: 1 } }),
    errors: ['identity_mismatch', 'no_account'],
    stateChanging: true,
  },
  {
    name: 'resetLinkStatus',
    method: 'GET',
    path: '/ameli/password-resets/:token',
    summary: 'Whether a reset link is still valid (valid, used, expired or unknown).',
    params: params('token'),
    response: response({ status: { type: 'string', enum: ['valid', 'used', 'expired', 'unknown'] }, expiresAt: dateTimeSchema }, ['status']),
    errors: [],
    stateChanging: false,
  },
  {
    name: 'setNewPassword',
    method: 'POST',
    path: '/ameli/password-resets/:token/password',
    summary: 'Choose the new password through a valid reset link (the compte ameli rule applies).',
    params: params('token'),
    request: request({ newPassword: secretSchema }),
    response: response({ status: { const: 'changed' } }),
    errors: ['link_expired', 'link_used', 'link_unknown', 'password_policy'],
    stateChanging: true,
  },
  {
    name: 'login',
    method: 'POST',
    path: '/ameli/logins',
    summary: 'NIR and password: e-mail a one-time security code for this login.',
    request: request({ nir: nirSchema, password: secretSchema }),
    response: response({ otpSentTo: maskedSchema, loginId: opaqueIdSchema }),
    errors: ['bad_credentials', 'no_account'],
    stateChanging: true,
  },
  {
    name: 'verifyLoginOtp',
    method: 'POST',
    path: '/ameli/logins/:loginId/otp',
    summary: 'Check the one-time security code of a login (single use).',
    params: params('loginId'),
    request: request({ code: oneTimeCodeSchema }),
    response: response({ status: { const: 'logged_in' } }),
    errors: ['wrong_code', 'code_expired', 'code_used', 'unknown_login'],
    stateChanging: true,
  },
  // ---- Mon espace santé --------------------------------------------------------------------
  {
    name: 'mesIdentify',
    method: 'POST',
    path: '/mes/enrolments',
    summary: 'Provisional code, NIR, birth date, card type and serial: open an enrolment session.',
    request: request({
      provisionalCode: { type: 'string', pattern: '^[0-9A-Za-z]{12}$' },
      nir: nir15Schema,
      birthDate: isoDateSchema,
      cardType: cardTypeSchema,
      vitaleSerial: { type: 'string', pattern: '^[0-9]{8,22}$' },
    }),
    response: response({
      enrolmentId: opaqueIdSchema,
      profile: profileSummarySchema,
      dependants: { type: 'array', items: profileSummarySchema },
      contacts: { type: 'object', properties: { emailMasked: maskedSchema, phoneMasked: maskedSchema } },
    }),
    errors: ['identification_failed', 'code_expired', 'already_active', 'no_contact'],
    stateChanging: true,
  },
  {
    name: 'mesNewProvisionalCode',
    method: 'POST',
    path: '/mes/provisional-codes',
    summary: 'Send a new provisional code (valid 1 month) by e-mail or by post.',
    request: request({ nir: nir15Schema, birthDate: isoDateSchema, cardType: cardTypeSchema, delivery: { type: 'string', enum: ['email', 'post'] } }),
    response: response(
      {
        delivery: { type: 'string', enum: ['email', 'post'] },
        sentTo: maskedSchema,
        validDays: { type: 'integer', minimum: 1 },
        validMonths: { type: 'integer', minimum: 1 },
      },
      ['delivery'],
    ),
    errors: ['identification_failed', 'already_active', 'no_contact'],
    stateChanging: true,
  },
  {
    name: 'mesSendAccessCode',
    method: 'POST',
    path: '/mes/enrolments/:enrolmentId/access-code',
    summary: 'Send (or send again) the access code, valid 15 minutes, by e-mail or SMS.',
    params: params('enrolmentId'),
    request: request({ channel: channelSchema }),
    response: response({ channel: channelSchema, sentTo: maskedSchema, expiresAt: dateTimeSchema }),
    errors: ['unknown_enrolment', 'no_contact', 'locked'],
    stateChanging: true,
  },
  {
    name: 'mesVerifyAccessCode',
    method: 'POST',
    path: '/mes/enrolments/:enrolmentId/access-code/verification',
    summary: 'Check the access code; wrong codes count per person and lock the step.',
    params: params('enrolmentId'),
    request: request({ code: oneTimeCodeSchema }),
    response: response({ status: { const: 'verified' } }),
    errors: ['unknown_enrolment', 'wrong_code', 'code_expired', 'locked', 'no_code'],
    stateChanging: true,
  },
  {
    name: 'mesActivate',
    method: 'POST',
    path: '/mes/enrolments/:enrolmentId/activation',
    summary: 'Activate the profile with an identifier and a password (each failed rule named).',
    params: params('enrolmentId'),
    request: request({ identifier: secretSchema, password: secretSchema }),
    response: profileAndDependants,
    errors: ['unknown_enrolment', 'not_verified', 'identifier_invalid', 'identifier_taken', 'password_policy', 'already_active'],
    stateChanging: true,
  },
  {
    name: 'mesOppose',
    method: 'POST',
    path: '/mes/enrolments/:enrolmentId/opposition',
    summary: 'Oppose the creation of a pending profile.',
    params: params('enrolmentId'),
    request: emptyObjectSchema,
    response: profileAndDependants,
    errors: ['unknown_enrolment', 'not_verified', 'not_pending'],
    stateChanging: true,
  },
  {
    name: 'mesDependantDecision',
    method: 'POST',
    path: '/mes/enrolments/:enrolmentId/dependants/:dependantId/decision',
    summary: "Activate or oppose one dependant's profile.",
    params: params('enrolmentId', 'dependantId'),
    request: request({ decision: { type: 'string', enum: ['activate', 'oppose'] } }),
    response: response({ dependant: profileSummarySchema }),
    errors: ['unknown_enrolment', 'not_verified', 'unknown_dependant', 'not_pending'],
    stateChanging: true,
  },
  {
    name: 'mesClose',
    method: 'POST',
    path: '/mes/closures',
    summary: 'Close an active profile, confirmed by its password; optional export and deletion.',
    request: request({ identifier: secretSchema, password: secretSchema, exportData: { type: 'boolean' }, deleteData: { type: 'boolean' } }),
    response: response({ status: { const: 'closed' }, exportSentTo: maskedSchema }, ['status']),
    errors: ['bad_credentials', 'not_active'],
    stateChanging: true,
  },
];

export function operation(name: OperationName): OperationSpec {
  const spec = OPERATIONS.find((o) => o.name === name);
  if (!spec) throw new RangeError(`unknown backend operation ${name}`);
  return spec;
}

/**
 * HTTP status of each error code. The client reads the code in the body, not the status; the
 * statuses make the API readable with curl and keep caches and proxies honest.
 */
export const ERROR_STATUS: Readonly<Record<string, number>> = {
  invalid_request: 400,
  rate_limited: 429,
  unavailable: 503,
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
};

/** Fills the `:params` of an operation's path (values are URL-encoded). */
export function fillPath(path: string, values: Readonly<Record<string, string>>): string {
  return path.replace(/:([A-Za-z]+)/g, (_m, name: string) => {
    const value = values[name];
    if (value === undefined) throw new RangeError(`missing path parameter ${name}`);
    return encodeURIComponent(value);
  });
}
