/**
 * The backend operations a procedure may call, by name, derived from the registry of the backend
 * contract (src/backend/api-schemas): the arguments each takes (its path parameters and body
 * properties), the outcomes a `call` step may name, and how to invoke it with arguments read from
 * slots. The loader checks every `call` step against this table, so a typo in a dialog file fails
 * at start-up, not in a chat; nothing here is written per operation.
 */
import type { ValidateFunction } from 'ajv';
import {
  CALL_ERROR_CODES,
  contractAjv,
  describeErrors,
  isOperationName,
  mapOperations,
  REGISTRY,
  UNCONFIRMED,
  type BackendClient,
  type BackendResult,
  type CallOptions,
  type OperationName,
} from '../backend/api-schemas/index.js';

export type OperationArgs = Record<string, unknown>;

export interface OperationSpec {
  /** The arguments a call step gives: the path parameters, then the body's properties. */
  params: readonly string[];
  /** The operation's own refusals. */
  errors: readonly string[];
  /** Every key a call step's `on` may have: `ok`, `default`, the refusals, the common outcomes. */
  outcomes: readonly string[];
  /** A state-changing call may end `unconfirmed`: its step must say what happens then. */
  stateChanging: boolean;
  /** Why a literal argument (`{ "value": … }` in a dialog) breaks its schema, or undefined when it fits. */
  checkLiteral(name: string, value: unknown): string | undefined;
  invoke(client: BackendClient, args: OperationArgs, options: CallOptions): Promise<BackendResult<unknown, string>>;
}

/** Errors every call may return. */
export const COMMON_ERRORS = CALL_ERROR_CODES;

/** The outcome of a state-changing call that may have taken effect without a confirmation. */
export { UNCONFIRMED };

/** Whether a name read from a dialog file is an operation of the registry. */
export { isOperationName };

/** Choices are stored as option ids: a yes/no choice gives "yes" or "no" to a boolean argument. */
function toBoolean(value: unknown): unknown {
  if (value === 'yes' || value === 'true') return true;
  if (value === 'no' || value === 'false') return false;
  return value;
}

function specOf<K extends OperationName>(name: K): OperationSpec {
  const op = REGISTRY[name];
  const properties = { ...op.paramProperties, ...op.bodyProperties };
  const booleans = new Set(Object.keys(properties).filter((p) => properties[p]?.type === 'boolean'));
  const coerce = (args: OperationArgs) => Object.fromEntries(Object.entries(args).map(([k, v]) => [k, booleans.has(k) ? toBoolean(v) : v]));
  let someArguments: ValidateFunction | undefined;
  return {
    params: Object.keys(properties),
    errors: op.errors,
    outcomes: ['ok', 'default', ...op.errors, ...CALL_ERROR_CODES, ...(op.stateChanging ? [UNCONFIRMED] : [])],
    stateChanging: op.stateChanging,
    checkLiteral(argument, value) {
      someArguments ??= contractAjv().compile({ type: 'object', additionalProperties: false, properties });
      return someArguments(coerce({ [argument]: value })) ? undefined : describeErrors(someArguments.errors);
    },
    async invoke(client, args, options) {
      const input = coerce(args);
      // The same check as the client's: arguments that break the schema are a bug of the dialog.
      const v = op.validators();
      if (!v.input(input)) return { ok: false, error: { code: 'invalid_request', message: `arguments of ${name}: ${describeErrors(v.input.errors)}` } };
      return client.call(name, input, options);
    },
  };
}

/** One entry per operation of the registry, by name: a dialog's `call` step names one of them. */
export const BACKEND_OPERATIONS: Readonly<Record<OperationName, OperationSpec>> = mapOperations(specOf);
