/**
 * How one backend operation is written in the registry (operations.ts): method and route, the
 * schemas of its path parameters, body and answer, its own error codes, and whether it changes
 * state. `defineOperation` derives the object schemas and the ajv validators, keeping the types.
 */
import type { ValidateFunction } from 'ajv';
import { errorBodySchema, type BackendError, type CommonErrorCode, type ErrorCode } from './common.js';
import { object, type JsonSchema, type ObjectOf, type Properties, type Schema } from './schema.js';
import { contractAjv } from './validators.js';

/** The types of one operation, derived from its schemas. */
export interface OperationTypes {
  params: object;
  body: object;
  output: unknown;
  errors: ErrorCode;
  stateChanging: boolean;
}

/**
 * The compiled schemas of one operation. Each is a type guard: a value that passes has the type
 * derived from the same schema.
 */
export interface OperationValidators<T extends OperationTypes> {
  params: ValidateFunction<T['params']>;
  body: ValidateFunction<T['body']>;
  /** The path parameters and the body in one object: what a caller gives. */
  input: ValidateFunction<T['params'] & T['body']>;
  response: ValidateFunction<T['output']>;
  error: ValidateFunction<{ error: BackendError<T['errors'] | CommonErrorCode> }>;
}

export interface Operation<T extends OperationTypes> {
  method: 'GET' | 'POST';
  /** Express-style path with `:param` segments, relative to the API root `/api/v1`. */
  path: string;
  summary: string;
  /** The path parameters, then the body's properties, by name: what a caller gives. */
  paramProperties: Properties;
  bodyProperties: Properties;
  params: Schema<T['params']>;
  body: Schema<T['body']>;
  /** Schema of the 200 body. */
  response: Schema<T['output']>;
  /** The operation's own error codes (the common ones come on top). */
  errors: readonly T['errors'][];
  /** True when a call changes state: it carries an Idempotency-Key and is replayed, not redone. */
  stateChanging: T['stateChanging'];
  /** Compiled on first use, once per process. */
  validators(): OperationValidators<T>;
}

export interface OperationDefinition<P extends Properties, B extends Properties, O, E extends ErrorCode, C extends boolean> {
  method: 'GET' | 'POST';
  path: string;
  summary: string;
  /** The path parameters, one per `:param` of the path (`{}` when there is none). */
  params: P;
  /** The properties of the JSON body, all required, no other allowed (`{}` for none, and for a GET). */
  body: B;
  response: Schema<O>;
  errors: readonly E[];
  stateChanging: C;
}

export function defineOperation<const P extends Properties, const B extends Properties, O, const E extends ErrorCode, const C extends boolean>(
  definition: OperationDefinition<P, B, O, E, C>,
): Operation<{ params: ObjectOf<P>; body: ObjectOf<B>; output: O; errors: E; stateChanging: C }> {
  type T = { params: ObjectOf<P>; body: ObjectOf<B>; output: O; errors: E; stateChanging: C };
  const { params: paramProperties, body: bodyProperties } = definition;
  const names = definition.path.match(/:[A-Za-z]+/g)?.map((m) => m.slice(1)) ?? [];
  const declared = Object.keys(paramProperties);
  if (names.length !== declared.length || names.some((n) => !declared.includes(n))) {
    throw new Error(`${definition.method} ${definition.path}: the path parameters (${names.join(', ')}) must be declared in "params" (${declared.join(', ')})`);
  }
  const overlap = declared.filter((n) => n in bodyProperties);
  if (overlap.length > 0) throw new Error(`${definition.path}: "${overlap.join('", "')}" is both a path parameter and a body property`);
  const params = object(paramProperties, { strict: true });
  const body = object(bodyProperties, { strict: true });
  let compiled: OperationValidators<T> | undefined;
  return {
    method: definition.method,
    path: definition.path,
    summary: definition.summary,
    paramProperties,
    bodyProperties,
    params,
    body,
    response: definition.response,
    errors: definition.errors,
    stateChanging: definition.stateChanging,
    validators() {
      const ajv = contractAjv();
      compiled ??= {
        params: ajv.compile<T['params']>(params),
        body: ajv.compile<T['body']>(body),
        input: ajv.compile<T['params'] & T['body']>(object({ ...paramProperties, ...bodyProperties }, { strict: true })),
        response: ajv.compile<T['output']>(definition.response),
        error: ajv.compile<{ error: BackendError<E | CommonErrorCode> }>(errorBodySchema(definition.errors)),
      };
      return compiled;
    },
  };
}

/** What `GET /sim/api/v1` and the README show of an operation. */
export interface OperationSpec<N extends string = string> {
  name: N;
  method: 'GET' | 'POST';
  path: string;
  summary: string;
  params?: JsonSchema;
  request?: JsonSchema;
  response: JsonSchema;
  errors: readonly ErrorCode[];
  stateChanging: boolean;
}
