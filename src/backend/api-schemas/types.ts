/**
 * The TypeScript side of the backend contract, derived from the registry's schemas: what each
 * operation takes, answers and may refuse, and the client interface the assistant calls.
 */
import type { BackendError, CALL_ERROR_CODES, CommonErrorCode, UNCONFIRMED } from './common.js';
import type { OperationName, RegistryTypes } from './operations.js';

export type { BackendError, CardType, Channel, CommonErrorCode, ErrorCode, MesProfileSummary, MesStatus } from './common.js';
export type { OperationName } from './operations.js';

/** The path parameters of an operation. */
export type OperationParams<K extends OperationName> = RegistryTypes[K]['params'];
/** The JSON body of an operation. */
export type OperationBody<K extends OperationName> = RegistryTypes[K]['body'];
/** What a caller gives: the path parameters and the body's properties, in one object. */
export type OperationInput<K extends OperationName> = OperationParams<K> & OperationBody<K>;
/** The 200 body of an operation. */
export type OperationOutput<K extends OperationName> = RegistryTypes[K]['output'];
/** The operation's own error codes. */
export type OperationErrorCode<K extends OperationName> = RegistryTypes[K]['errors'];

/**
 * Outcomes every call may have besides the operation's own refusals, as the client reports them:
 * - `unavailable`: nothing was done (connection refused, the backend said it is unavailable, or
 *   a safe call failed): "le service ne répond pas";
 * - `unconfirmed`: a state-changing call whose effect is unknown (deadline passed, connection
 *   broken, 5xx after the request may have arrived): "je n'ai pas eu de confirmation";
 * - `invalid_request`: the assistant sent something malformed (a bug, logged);
 * - `rate_limited`: 429.
 */
export type ClientErrorCode = (typeof CALL_ERROR_CODES)[number] | typeof UNCONFIRMED;

/** Expected refusals are values, not exceptions, so that each dialog step can explain them. */
export type BackendResult<T, E extends string> = { ok: true; value: T } | { ok: false; error: BackendError<E> };

/** What a backend answers on the wire (the simulator's view): its codes, and the common ones. */
export type WireResult<K extends OperationName> = BackendResult<OperationOutput<K>, OperationErrorCode<K> | CommonErrorCode>;

/** What a client returns for one call (the dialogs' view). */
export type OperationResult<K extends OperationName> = BackendResult<OperationOutput<K>, OperationErrorCode<K> | ClientErrorCode>;

export interface CallOptions {
  /** Same key → same effect once (a double submit sends one e-mail). Defaults to a fresh key per call. */
  idempotencyKey?: string;
  /** Correlation id for logs (the conversation id). */
  requestId?: string;
}

/**
 * What the assistant can ask of the Assurance Maladie's backend: one generic call, typed by the
 * operation's name. The HTTP client implements it against the real service or the simulator;
 * the simulator implements it in process too. Only programming errors throw.
 */
export interface BackendClient {
  call<K extends OperationName>(operation: K, input: OperationInput<K>, options?: CallOptions): Promise<OperationResult<K>>;
}
