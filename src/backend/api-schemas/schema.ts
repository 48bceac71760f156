/**
 * A small typed builder of JSON Schemas (draft-07). Each builder returns the plain schema object
 * that ajv compiles and `GET /sim/api/v1` shows, typed with the values it accepts, so that the
 * TypeScript types of the backend contract are derived from its schemas instead of written beside
 * them (`Infer<typeof schema>`).
 *
 * Why a builder rather than `FromSchema` (json-schema-to-ts) over `as const` schemas: the contract
 * uses a small subset of JSON Schema (strings with a pattern or a format, enums, consts, integers,
 * booleans, arrays, objects with required and optional properties); thirty lines of types cover it,
 * compile fast, need no dependency, and an unsupported keyword is a compile error instead of a type
 * that silently widens to `unknown`.
 */

/** A JSON Schema, as a plain object. */
export type JsonSchema = Readonly<Record<string, unknown>>;

/**
 * A JSON Schema that accepts values of type T. The `~type` member exists for the compiler only:
 * it is never set, so the object stays a plain schema (ajv strict mode sees no unknown keyword).
 */
export type Schema<T> = JsonSchema & { readonly '~type'?: T };

/** The type of the values a schema accepts. */
export type Infer<S> = S extends { readonly '~type'?: infer T } ? T : never;

type Simplify<T> = { [K in keyof T]: T[K] } & {};

interface StringOptions {
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: 'date' | 'date-time' | 'email';
  description?: string;
}

export function string(options: StringOptions = {}): Schema<string> {
  return { type: 'string', ...options };
}

export function enumOf<const V extends readonly [string, ...string[]]>(values: V, description?: string): Schema<V[number]> {
  return { type: 'string', enum: [...values], ...(description ? { description } : {}) };
}

export function literal<const V extends string>(value: V): Schema<V> {
  return { const: value };
}

export function integer(options: { minimum?: number; maximum?: number } = {}): Schema<number> {
  return { type: 'integer', ...options };
}

export function boolean(): Schema<boolean> {
  return { type: 'boolean' };
}

export function array<S extends Schema<unknown>>(items: S, options: { maxItems?: number } = {}): Schema<Array<Infer<S>>> {
  return { type: 'array', items, ...options };
}

/** The properties of an object schema, by name. */
export type Properties = Record<string, Schema<unknown>>;
export type ObjectOf<P extends Properties, O extends keyof P = never> = Simplify<{ [K in Exclude<keyof P, O>]: Infer<P[K]> } & { [K in O]?: Infer<P[K]> }>;

export interface ObjectOptions<O> {
  /** Properties that may be absent (all others are required). */
  optional?: readonly O[];
  /** Refuse unknown properties (requests: an unknown field is a bug of the caller). */
  strict: boolean;
}

export function object<P extends Properties, O extends keyof P & string = never>(properties: P, options: ObjectOptions<O>): Schema<ObjectOf<P, O>> {
  const optional = new Set<string>(options.optional ?? []);
  return {
    type: 'object',
    required: Object.keys(properties).filter((k) => !optional.has(k)),
    ...(options.strict ? { additionalProperties: false } : {}),
    properties,
  };
}
