/**
 * The backend contract, written once: every operation of the Assurance Maladie's backend with its
 * route, the schemas of what it takes and answers, its own error codes, and whether it changes
 * state. Everything else is derived from this list: the TypeScript types (types.ts), the ajv
 * validators, the HTTP client, the simulator's routes and `GET /sim/api/v1`, the engine's table of
 * operations that a dialog `call` step may name, and the checks of those steps at load time.
 *
 * Adding an operation: add it here, then its behaviour to the simulator (the compiler lists what is
 * missing in src/backend/simulator/core/behaviour.ts).
 */
import {
  array,
  boolean,
  enumOf,
  integer,
  literal,
  object,
  string,
} from './schema.js';
import {
  cardTypeSchema,
  channelSchema,
  dateTimeSchema,
  isoDateSchema,
  maskedSchema,
  nir15Schema,
  nirSchema,
  oneTimeCodeSchema,
  opaqueIdSchema,
  profileSummarySchema,
  secretSchema,
} from './common.js';
import { defineOperation, type Operation, type OperationSpec, type OperationTypes } from './operation.js';

export const API_ROOT = '/api/v1';

const NONE = {};
const response = object;
const profileAndDependants = response({ profile: profileSummarySchema, dependants: array(profileSummarySchema) }, { strict: false });
const linkValidMinutes = integer({ minimum: 1 });

const DEFINITIONS = {
  // ---- compte ameli ------------------------------------------------------------------------
  createAccount: defineOperation({
    method: 'POST',
    path: '/ameli/accounts',
    summary: 'Identify (last name, NIR, birth date, postal code) and send the activation e-mail.',
    params: NONE,
    body: {
      lastName: string({ minLength: 1, maxLength: 100 }),
      nir: nirSchema,
      birthDate: isoDateSchema,
      postalCode: string({ pattern: '^[0-9]{5}$' }),
      email: string({ format: 'email', maxLength: 254 }),
    },
    response: response({ emailMasked: maskedSchema, linkValidMinutes }, { strict: false, optional: ['linkValidMinutes'] }),
    errors: ['identity_mismatch', 'already_exists', 'dependant', 'nia', 'ame'],
    stateChanging: true,
  }),
  requestPasswordReset: defineOperation({
    method: 'POST',
    path: '/ameli/password-resets',
    summary: 'NIR and birth date: e-mail a single-use reset link valid 30 minutes.',
    params: NONE,
    body: { nir: nirSchema, birthDate: isoDateSchema },
    response: response({ emailMasked: maskedSchema, linkValidMinutes }, { strict: false }),
    errors: ['identity_mismatch', 'no_account'],
    stateChanging: true,
  }),
  resetLinkStatus: defineOperation({
    method: 'GET',
    path: '/ameli/password-resets/:token',
    summary: 'Whether a reset link is still valid (valid, used, expired or unknown).',
    params: { token: opaqueIdSchema },
    body: NONE,
    response: response({ status: enumOf(['valid', 'used', 'expired', 'unknown']), expiresAt: dateTimeSchema }, { strict: false, optional: ['expiresAt'] }),
    errors: [],
    stateChanging: false,
  }),
  setNewPassword: defineOperation({
    method: 'POST',
    path: '/ameli/password-resets/:token/password',
    summary: 'Choose the new password through a valid reset link (the compte ameli rule applies).',
    params: { token: opaqueIdSchema },
    body: { newPassword: secretSchema },
    response: response({ status: literal('changed') }, { strict: false }),
    errors: ['link_expired', 'link_used', 'link_unknown', 'password_policy'],
    stateChanging: true,
  }),
  login: defineOperation({
    method: 'POST',
    path: '/ameli/logins',
    summary: 'NIR and password: e-mail a one-time security code for this login.',
    params: NONE,
    body: { nir: nirSchema, password: secretSchema },
    response: response({ otpSentTo: maskedSchema, loginId: opaqueIdSchema }, { strict: false }),
    errors: ['bad_credentials', 'no_account'],
    stateChanging: true,
  }),
  verifyLoginOtp: defineOperation({
    method: 'POST',
    path: '/ameli/logins/:loginId/otp',
    summary: 'Check the one-time security code of a login (single use).',
    params: { loginId: opaqueIdSchema },
    body: { code: oneTimeCodeSchema },
    response: response({ status: literal('logged_in') }, { strict: false }),
    errors: ['wrong_code', 'code_expired', 'code_used', 'unknown_login'],
    stateChanging: true,
  }),
  // ---- Mon espace santé --------------------------------------------------------------------
  mesIdentify: defineOperation({
    method: 'POST',
    path: '/mes/enrolments',
    summary: 'Provisional code, NIR, birth date, card type and serial: open an enrolment session.',
    params: NONE,
    body: {
      provisionalCode: string({ pattern: '^[0-9A-Za-z]{12}$' }),
      nir: nir15Schema,
      birthDate: isoDateSchema,
      cardType: cardTypeSchema,
      vitaleSerial: string({ pattern: '^[0-9]{8,22}$' }),
    },
    response: response(
      {
        enrolmentId: opaqueIdSchema,
        profile: profileSummarySchema,
        dependants: array(profileSummarySchema),
        contacts: object({ emailMasked: maskedSchema, phoneMasked: maskedSchema }, { strict: false, optional: ['emailMasked', 'phoneMasked'] }),
      },
      { strict: false },
    ),
    errors: ['identification_failed', 'code_expired', 'already_active', 'no_contact'],
    stateChanging: true,
  }),
  mesNewProvisionalCode: defineOperation({
    method: 'POST',
    path: '/mes/provisional-codes',
    summary: 'Send a new provisional code (valid 1 month) by e-mail or by post.',
    params: NONE,
    body: { nir: nir15Schema, birthDate: isoDateSchema, cardType: cardTypeSchema, delivery: enumOf(['email', 'post']) },
    response: response(
      { delivery: enumOf(['email', 'post']), sentTo: maskedSchema, validDays: integer({ minimum: 1 }), validMonths: integer({ minimum: 1 }) },
      { strict: false, optional: ['sentTo', 'validDays', 'validMonths'] },
    ),
    errors: ['identification_failed', 'already_active', 'no_contact'],
    stateChanging: true,
  }),
  mesSendAccessCode: defineOperation({
    method: 'POST',
    path: '/mes/enrolments/:enrolmentId/access-code',
    summary: 'Send (or send again) the access code, valid 15 minutes, by e-mail or SMS.',
    params: { enrolmentId: opaqueIdSchema },
    body: { channel: channelSchema },
    response: response({ channel: channelSchema, sentTo: maskedSchema, expiresAt: dateTimeSchema }, { strict: false }),
    errors: ['unknown_enrolment', 'no_contact', 'locked'],
    stateChanging: true,
  }),
  mesVerifyAccessCode: defineOperation({
    method: 'POST',
    path: '/mes/enrolments/:enrolmentId/access-code/verification',
    summary: 'Check the access code; wrong codes count per person and lock the step.',
    params: { enrolmentId: opaqueIdSchema },
    body: { code: oneTimeCodeSchema },
    response: response({ status: literal('verified') }, { strict: false }),
    errors: ['unknown_enrolment', 'wrong_code', 'code_expired', 'locked', 'no_code'],
    stateChanging: true,
  }),
  mesActivate: defineOperation({
    method: 'POST',
    path: '/mes/enrolments/:enrolmentId/activation',
    summary: 'Activate the profile with an identifier and a password (each failed rule named).',
    params: { enrolmentId: opaqueIdSchema },
    body: { identifier: secretSchema, password: secretSchema },
    response: profileAndDependants,
    errors: ['unknown_enrolment', 'not_verified', 'identifier_invalid', 'identifier_taken', 'password_policy', 'already_active'],
    stateChanging: true,
  }),
  mesOppose: defineOperation({
    method: 'POST',
    path: '/mes/enrolments/:enrolmentId/opposition',
    summary: 'Oppose the creation of a pending profile.',
    params: { enrolmentId: opaqueIdSchema },
    body: NONE,
    response: profileAndDependants,
    errors: ['unknown_enrolment', 'not_verified', 'not_pending'],
    stateChanging: true,
  }),
  mesDependantDecision: defineOperation({
    method: 'POST',
    path: '/mes/enrolments/:enrolmentId/dependants/:dependantId/decision',
    summary: "Activate or oppose one dependant's profile.",
    params: { enrolmentId: opaqueIdSchema, dependantId: opaqueIdSchema },
    body: { decision: enumOf(['activate', 'oppose']) },
    response: response({ dependant: profileSummarySchema }, { strict: false }),
    errors: ['unknown_enrolment', 'not_verified', 'unknown_dependant', 'not_pending'],
    stateChanging: true,
  }),
  mesClose: defineOperation({
    method: 'POST',
    path: '/mes/closures',
    summary: 'Close an active profile, confirmed by its password; optional export and deletion.',
    params: NONE,
    body: { identifier: secretSchema, password: secretSchema, exportData: boolean(), deleteData: boolean() },
    response: response({ status: literal('closed'), exportSentTo: maskedSchema }, { strict: false, optional: ['exportSentTo'] }),
    errors: ['bad_credentials', 'not_active'],
    stateChanging: true,
  }),
};

type TypesOf<O> = O extends Operation<infer T> ? T : never;
/** The types of every operation, by name, derived from the schemas above. */
export type RegistryTypes = { [K in keyof typeof DEFINITIONS]: TypesOf<(typeof DEFINITIONS)[K]> };
export type OperationName = keyof RegistryTypes;
/**
 * The registry, typed as a map from each name to its operation: indexed by a generic name K, it
 * gives `Operation<RegistryTypes[K]>`, which lets generic code (client, simulator, engine) call an
 * operation without a cast.
 */
export type Registry = { [K in OperationName]: Operation<RegistryTypes[K]> };
export const REGISTRY: Registry = DEFINITIONS;

export function isOperationName(name: string): name is OperationName {
  return Object.hasOwn(REGISTRY, name);
}

/** The operations' names, in the order of the registry. */
export const OPERATION_NAMES: readonly OperationName[] = Object.keys(REGISTRY).filter(isOperationName);

/**
 * A table with one entry per operation, built from the registry (the engine's table of operations
 * is one): adding an operation to the registry adds its entry, and the table's type says so.
 */
export function mapOperations<T>(entry: (name: OperationName) => T): Readonly<Record<OperationName, T>> {
  const table: Partial<Record<OperationName, T>> = {};
  for (const name of OPERATION_NAMES) table[name] = entry(name);
  if (!isComplete(table)) throw new Error('an operation of the registry has no entry');
  return table;
}

function isComplete<T>(table: Partial<Record<OperationName, T>>): table is Record<OperationName, T> {
  return OPERATION_NAMES.every((name) => Object.hasOwn(table, name));
}

/** One operation of the registry, its types forgotten. */
export function operationOf(name: OperationName): Operation<OperationTypes> {
  return REGISTRY[name];
}

/** What `GET /sim/api/v1` lists (and the README's table shows) of one operation. */
export function operation(name: OperationName): OperationSpec<OperationName> {
  const op = operationOf(name);
  const hasParams = Object.keys(op.paramProperties).length > 0;
  return {
    name,
    method: op.method,
    path: op.path,
    summary: op.summary,
    ...(hasParams ? { params: op.params } : {}),
    ...(op.method === 'POST' ? { request: op.body } : {}),
    response: op.response,
    errors: op.errors,
    stateChanging: op.stateChanging,
  };
}

export const OPERATIONS: ReadonlyArray<OperationSpec<OperationName>> = OPERATION_NAMES.map(operation);

/** Fills the `:params` of an operation's path (values are URL-encoded). */
export function fillPath(path: string, values: Readonly<Record<string, string>>): string {
  return path.replace(/:([A-Za-z]+)/g, (_m, name: string) => {
    const value = values[name];
    if (value === undefined) throw new RangeError(`missing path parameter ${name}`);
    return encodeURIComponent(value);
  });
}
