/**
 * The backend operations a procedure may call, by name, with the arguments each needs and the
 * error codes it may answer. The loader checks every `call` step against this table (arguments
 * complete, outcomes that exist), so a typo in a dialog file fails at start-up, not in a chat.
 */
import type { BackendClient, BackendResult, CallOptions, CardType, Channel } from '../backend/client/types.js';

export type OperationArgs = Record<string, unknown>;

export interface OperationSpec {
  params: readonly string[];
  errors: readonly string[];
  invoke(client: BackendClient, args: OperationArgs, options: CallOptions): Promise<BackendResult<unknown, string>>;
}

/** Errors every call may return (CommonError in the client's types). */
export const COMMON_ERRORS = ['unavailable', 'invalid_request', 'rate_limited'] as const;

function str(args: OperationArgs, name: string): string {
  const v = args[name];
  if (typeof v !== 'string') throw new TypeError(`backend argument "${name}" must be a string`);
  return v;
}
function bool(args: OperationArgs, name: string): boolean {
  const v = args[name];
  if (typeof v === 'boolean') return v;
  if (v === 'yes' || v === 'true') return true;
  if (v === 'no' || v === 'false') return false;
  throw new TypeError(`backend argument "${name}" must be a boolean`);
}
function oneOf<T extends string>(args: OperationArgs, name: string, values: readonly T[]): T {
  const v = str(args, name);
  if (!(values as readonly string[]).includes(v)) throw new TypeError(`backend argument "${name}" must be one of ${values.join(', ')}`);
  return v as T;
}

const CARD_TYPES: readonly CardType[] = ['photo', 'sans_photo'];
const CHANNELS: readonly Channel[] = ['email', 'sms'];

export const BACKEND_OPERATIONS: Readonly<Record<string, OperationSpec>> = {
  createAccount: {
    params: ['lastName', 'nir', 'birthDate', 'postalCode', 'email'],
    errors: ['identity_mismatch', 'already_exists', 'dependant', 'nia', 'ame'],
    invoke: (c, a, o) =>
      c.createAccount(
        { lastName: str(a, 'lastName'), nir: str(a, 'nir'), birthDate: str(a, 'birthDate'), postalCode: str(a, 'postalCode'), email: str(a, 'email') },
        o,
      ),
  },
  requestPasswordReset: {
    params: ['nir', 'birthDate'],
    errors: ['identity_mismatch', 'no_account'],
    invoke: (c, a, o) => c.requestPasswordReset({ nir: str(a, 'nir'), birthDate: str(a, 'birthDate') }, o),
  },
  mesIdentify: {
    params: ['provisionalCode', 'nir', 'birthDate', 'cardType', 'vitaleSerial'],
    errors: ['identification_failed', 'code_expired', 'already_active', 'no_contact'],
    invoke: (c, a, o) =>
      c.mesIdentify(
        {
          provisionalCode: str(a, 'provisionalCode'),
          nir: str(a, 'nir'),
          birthDate: str(a, 'birthDate'),
          cardType: oneOf(a, 'cardType', CARD_TYPES),
          vitaleSerial: str(a, 'vitaleSerial'),
        },
        o,
      ),
  },
  mesNewProvisionalCode: {
    params: ['nir', 'birthDate', 'cardType', 'delivery'],
    errors: ['identification_failed', 'already_active', 'no_contact'],
    invoke: (c, a, o) =>
      c.mesNewProvisionalCode(
        { nir: str(a, 'nir'), birthDate: str(a, 'birthDate'), cardType: oneOf(a, 'cardType', CARD_TYPES), delivery: oneOf(a, 'delivery', ['email', 'post'] as const) },
        o,
      ),
  },
  mesSendAccessCode: {
    params: ['enrolmentId', 'channel'],
    errors: ['unknown_enrolment', 'no_contact', 'locked'],
    invoke: (c, a, o) => c.mesSendAccessCode(str(a, 'enrolmentId'), oneOf(a, 'channel', CHANNELS), o),
  },
  mesVerifyAccessCode: {
    params: ['enrolmentId', 'code'],
    errors: ['unknown_enrolment', 'wrong_code', 'code_expired', 'locked', 'no_code'],
    invoke: (c, a, o) => c.mesVerifyAccessCode(str(a, 'enrolmentId'), str(a, 'code'), o),
  },
  mesActivate: {
    params: ['enrolmentId', 'identifier', 'password'],
    errors: ['unknown_enrolment', 'not_verified', 'identifier_invalid', 'identifier_taken', 'password_policy', 'already_active'],
    invoke: (c, a, o) => c.mesActivate(str(a, 'enrolmentId'), { identifier: str(a, 'identifier'), password: str(a, 'password') }, o),
  },
  mesOppose: {
    params: ['enrolmentId'],
    errors: ['unknown_enrolment', 'not_verified', 'not_pending'],
    invoke: (c, a, o) => c.mesOppose(str(a, 'enrolmentId'), o),
  },
  mesDependantDecision: {
    params: ['enrolmentId', 'dependantId', 'decision'],
    errors: ['unknown_enrolment', 'not_verified', 'unknown_dependant', 'not_pending'],
    invoke: (c, a, o) =>
      c.mesDependantDecision(str(a, 'enrolmentId'), str(a, 'dependantId'), oneOf(a, 'decision', ['activate', 'oppose'] as const), o),
  },
  mesClose: {
    params: ['identifier', 'password', 'exportData', 'deleteData'],
    errors: ['bad_credentials', 'not_active'],
    invoke: (c, a, o) =>
      c.mesClose({ identifier: str(a, 'identifier'), password: str(a, 'password'), exportData: bool(a, 'exportData'), deleteData: bool(a, 'deleteData') }, o),
  },
};
