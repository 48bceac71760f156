import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { errorBodySchema } from './common.js';
import { OPERATIONS, type OperationName, type OperationSpec } from './operations.js';

// ajv-formats is CommonJS with a default export.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

export interface OperationValidators {
  spec: OperationSpec;
  params?: ValidateFunction;
  request?: ValidateFunction;
  response: ValidateFunction;
  error: ValidateFunction;
}

let compiled: ReadonlyMap<OperationName, OperationValidators> | undefined;

/**
 * Compiled validators of every operation. Compiling takes a fraction of a second, so it is done
 * once per process and shared by the simulator and the clients (validators keep no state).
 */
export function compileOperationValidators(): ReadonlyMap<OperationName, OperationValidators> {
  compiled ??= compile();
  return compiled;
}

function compile(): ReadonlyMap<OperationName, OperationValidators> {
  const ajv = new Ajv({ allErrors: true, strict: true });
  addFormats(ajv);
  const out = new Map<OperationName, OperationValidators>();
  for (const spec of OPERATIONS) {
    out.set(spec.name, {
      spec,
      ...(spec.params ? { params: ajv.compile(spec.params) } : {}),
      ...(spec.request ? { request: ajv.compile(spec.request) } : {}),
      response: ajv.compile(spec.response),
      error: ajv.compile(errorBodySchema(spec.errors)),
    });
  }
  return out;
}

/**
 * One line per problem, naming the JSON pointer and the rule, never the value (a value may be a
 * NIR or a password): "/birthDate must match format \"date\"".
 */
export function describeErrors(errors: ErrorObject[] | null | undefined): string {
  if (!errors?.length) return 'invalid';
  return errors
    .map((e) => {
      const where = e.instancePath || '/';
      if (e.keyword === 'additionalProperties' && 'additionalProperty' in e.params) return `${where} has unknown property "${String(e.params.additionalProperty)}"`;
      if (e.keyword === 'required' && 'missingProperty' in e.params) return `${where} lacks "${String(e.params.missingProperty)}"`;
      return `${where} ${e.message ?? 'is invalid'}`;
    })
    .join('; ');
}
